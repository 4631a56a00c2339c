// aiops: `aiops ship` against the real OpenSearch node: killed with SIGKILL mid-file and started
// again, it ends with exactly one document per line; follow mode through rename+create and copytruncate
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>      // durations
#include <csignal>     // SIGKILL, SIGTERM
#include <filesystem>  // std::filesystem
#include <fstream>     // std::ofstream
#include <string>      // std::string
#include <vector>      // std::vector

#include <sys/stat.h>  // stat

#include <nlohmann/json.hpp>

#include <aiops/es.hpp>

#include "es_support.hpp"
#include "fault_proxy.hpp"
#include "scratch.hpp"

namespace es = aiops::es;
namespace fs = std::filesystem;
using namespace aiops::testing;

namespace {

// The offset the state file holds for `file` (found by inode, as the shipper does), or -1.
std::int64_t saved_offset(const fs::path& state, const fs::path& file) {
  std::ifstream in(state);
  if (!in) return -1;
  const auto j = nlohmann::json::parse(in, nullptr, false);
  struct stat st {};
  if (j.is_discarded() || ::stat(file.c_str(), &st) != 0) return -1;
  for (const auto& f : j["files"]) {
    if (f.value("inode", std::uint64_t{0}) == static_cast<std::uint64_t>(st.st_ino)) return f.value("offset", std::int64_t{0});
  }
  return -1;
}

std::int64_t refreshed_count(es::client& os, const std::string& index, const es::query& q = es::match_all()) {
  os.refresh(index);
  return os.count(index, q);
}

std::string log_tail(const fs::path& log) {
  std::ifstream in(log);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

void append(const fs::path& file, int from, int to) {
  std::ofstream out(file, std::ios::app);
  for (int i = from; i < to; ++i) {
    out << R"({"ts":"2025-06-02T00:00:00Z","level":"info","msg":"line )" << i << R"("})" << "\n";
  }
}

}  // namespace

TEST_CASE("aiops ship killed with SIGKILL mid-file and restarted ships every line exactly once", "[integration][es][ship]") {
  INFO(server_hint("opensearch", opensearch_url()));
  const std::string program = aiops_program();
  INFO("aiops program: " << program << " (build the aiops target first)");
  REQUIRE(fs::exists(program));
  es::client os = opensearch();
  const std::string index = "aiops-it-ship";
  os.delete_index(index);

  const scratch_dir dir("ship");
  const fs::path log = dir / "access.log";
  fs::copy_file(dataset("nginx/access.log"), log);
  const fs::path state = dir / "state.json";
  const std::int64_t size = static_cast<std::int64_t>(fs::file_size(log));
  const std::vector<std::string> argv = {program, "ship", log.string(), "--es", opensearch_url(), "--index", index,
                                         "--format", nginx_log_format, "--state", state.string(),
                                         "--batch-docs", "500", "--state-interval", "0.2"};
  {
    background first(argv, (dir / "first.log").string());
    REQUIRE(first.started());
    // Kill it once a fifth of the file is acknowledged, far from the end.
    const bool progressed = eventually([&] { return saved_offset(state, log) > size / 5 || !first.running(); });
    REQUIRE(progressed);
    INFO(log_tail(dir / "first.log"));
    REQUIRE(first.running());
    first.signal(SIGKILL);
    CHECK(first.wait() == 128 + SIGKILL);
  }
  const std::int64_t offset_at_kill = saved_offset(state, log);
  const std::int64_t count_at_kill = refreshed_count(os, index);
  CHECK(offset_at_kill > size / 5);
  CHECK(offset_at_kill < size);
  CHECK(count_at_kill > 0);

  background second(argv, (dir / "second.log").string());
  REQUIRE(second.started());
  const int code = second.wait();
  INFO(log_tail(dir / "second.log"));
  CHECK(code == 0);
  CHECK(saved_offset(state, log) == size);
  const std::int64_t lines = nginx_truth()["total_lines"].get<std::int64_t>();
  CHECK(refreshed_count(os, index) == lines);  // one document per line: none lost, none twice
  // The lines that do not parse (truncated, missing field) are there too, tagged.
  CHECK(refreshed_count(os, index, es::term("tags", "_parse_failure")) == 8);
  CHECK(refreshed_count(os, index, es::term("http.response.status_code", 504)) ==
        nginx_truth()["status_counts"]["504"].get<std::int64_t>());
  // The second run started at the saved offset, not at the beginning.
  CHECK(log_tail(dir / "second.log").find("aiops ship: 136685 lines") == std::string::npos);
  os.delete_index(index);
}

TEST_CASE("aiops ship: 503 through every retry is no rejection: exit 1, nothing marked shipped, the next run sends it all",
          "[integration][es][ship][fault]") {
  INFO(server_hint("opensearch", opensearch_url()));
  const std::string program = aiops_program();
  REQUIRE(fs::exists(program));
  es::client os = opensearch();
  const std::string index = "aiops-it-ship-503";
  os.delete_index(index);
  const scratch_dir dir("ship-503");
  const fs::path log = dir / "app.log", state = dir / "state.json";
  append(log, 0, 300);
  fault_proxy proxy(opensearch_url());
  proxy.inject(1000, fault::answer(503), "/_bulk");  // every _bulk request, whatever the retries
  const std::vector<std::string> through_proxy = {program, "ship", log.string(), "--es", proxy.url(), "--index", index,
                                                  "--format", "json", "--state", state.string(), "--batch-docs", "100",
                                                  "--retries", "1"};
  background refused(through_proxy, (dir / "refused.log").string());
  REQUIRE(refused.started());
  const int code = refused.wait();
  INFO(log_tail(dir / "refused.log"));
  CHECK(code == 1);
  CHECK(log_tail(dir / "refused.log").find("not marked shipped") != std::string::npos);
  CHECK(saved_offset(state, log) <= 0);  // before: the offset of the end of the file, and the lines were lost
  CHECK(refreshed_count(os, index) == 0);

  background healthy({program, "ship", log.string(), "--es", opensearch_url(), "--index", index, "--format", "json", "--state",
                      state.string()},
                     (dir / "healthy.log").string());
  REQUIRE(healthy.started());
  CHECK(healthy.wait() == 0);
  INFO(log_tail(dir / "healthy.log"));
  CHECK(refreshed_count(os, index) == 300);
  CHECK(saved_offset(state, log) == static_cast<std::int64_t>(fs::file_size(log)));
  os.delete_index(index);
}

TEST_CASE("aiops ship: JSON fields named like ECS objects keep their values (Docker's log, event, source, error)",
          "[integration][es][ship]") {
  INFO(server_hint("opensearch", opensearch_url()));
  const std::string program = aiops_program();
  REQUIRE(fs::exists(program));
  es::client os = opensearch();
  const std::string index = "aiops-it-ship-ecs-names";
  os.delete_index(index);
  const scratch_dir dir("ship-ecs-names");
  const fs::path log = dir / "app.jsonl";
  std::ofstream(log) << R"({"log":"GET /health 200\n","stream":"stdout","time":"2025-06-02T00:00:00Z"})" << "\n"
                     << R"({"ts":"2025-06-02T00:00:01Z","msg":"signed in","event":"login","source":"web","error":"none yet"})" << "\n";
  background ship({program, "ship", log.string(), "--es", opensearch_url(), "--index", index, "--format", "json"},
                  (dir / "ship.log").string());
  REQUIRE(ship.started());
  CHECK(ship.wait() == 0);  // "source": "web" was rejected by the index (source is an object there)
  INFO(log_tail(dir / "ship.log"));
  CHECK(refreshed_count(os, index) == 2);
  CHECK(refreshed_count(os, index, es::match_phrase("message", "GET /health 200")) == 1);  // Docker's log is the message
  CHECK(refreshed_count(os, index, es::term("event.action", "login")) == 1);  // was dropped
  CHECK(refreshed_count(os, index, es::term("source.address", "web")) == 1);
  CHECK(refreshed_count(os, index, es::match_phrase("error.message", "none yet")) == 1);
  os.delete_index(index);
}

TEST_CASE("aiops ship: HAProxy through syslog keeps both readings, a LogHub log format gives its fields, IIS's later #Fields: is followed and its directives are not shipped", "[integration][es][ship]") {
  INFO(server_hint("opensearch", opensearch_url()));
  const std::string program = aiops_program();
  REQUIRE(fs::exists(program));
  es::client os = opensearch();
  const std::string index = "aiops-it-ship-haproxy";
  os.delete_index(index);
  const scratch_dir dir("ship-haproxy");
  const fs::path log = dir / "haproxy.log";
  {
    std::ofstream out(log);
    for (int i = 1; i <= 3; ++i)
      out << "Oct 10 13:55:3" << i << " lb1 haproxy[2345]: 10.0.0.1" << i << ":5432" << i << " [10/Oct/2024:13:55:3" << i
          << ".123] www~ be_app/app1 0/0/1/2/4" << i << " " << (i == 3 ? 503 : 200) << " 1534 - - ---- 1/1/0/0/0 0/0 \"GET /api/" << i
          << " HTTP/1.1\"\n";
    out << "Oct 10 13:55:39 lb1 haproxy[2345]: Server be_app/app2 is DOWN, reason: Layer4 connection problem.\n";
  }
  background ship({program, "ship", log.string(), "--es", opensearch_url(), "--index", index}, (dir / "ship.log").string());
  REQUIRE(ship.started());
  CHECK(ship.wait() == 0);
  INFO(log_tail(dir / "ship.log"));
  CHECK(refreshed_count(os, index) == 4);  // the server event too, tagged as a parse failure
  CHECK(refreshed_count(os, index, es::term("host.hostname", "lb1")) == 4);
  CHECK(refreshed_count(os, index, es::term("http.response.status_code", 503)) == 1);
  CHECK(refreshed_count(os, index, es::term("url.path", "/api/2")) == 1);
  CHECK(refreshed_count(os, index, es::term("tags", "_parse_failure")) == 1);
  os.delete_index(index);

  const std::string bgl_index = "aiops-it-ship-loghub-format";
  os.delete_index(bgl_index);
  const fs::path bgl = dir / "bgl.log";
  std::ofstream(bgl) << "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO "
                        "instruction cache parity error corrected\n";
  background ship2({program, "ship", bgl.string(), "--es", opensearch_url(), "--index", bgl_index, "--format",
                    "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>"},
                   (dir / "ship2.log").string());
  REQUIRE(ship2.started());
  CHECK(ship2.wait() == 0);
  INFO(log_tail(dir / "ship2.log"));
  CHECK(refreshed_count(os, bgl_index) == 1);
  CHECK(refreshed_count(os, bgl_index, es::term("log.level", "info")) == 1);
  CHECK(refreshed_count(os, bgl_index, es::match_phrase("message", "instruction cache parity error corrected")) == 1);
  os.delete_index(bgl_index);

  // IIS writes a new #Fields: directive when its fields change: the lines after it follow it.
  const std::string iis_index = "aiops-it-ship-iis";
  os.delete_index(iis_index);
  const fs::path iis = dir / "u_ex241010.log";
  std::ofstream(iis) << "#Software: Microsoft Internet Information Services 10.0\n"
                        "#Fields: date time c-ip cs-method cs-uri-stem sc-status time-taken\n"
                        "2024-10-10 13:55:36 192.168.1.1 GET /old 200 15\n"
                        "#Software: Microsoft Internet Information Services 10.0\n"
                        "#Fields: date time cs-method cs-uri-stem c-ip time-taken sc-status\n"
                        "2024-10-10 13:56:36 GET /new 192.168.1.2 20 503\n";
  background ship3({program, "ship", iis.string(), "--es", opensearch_url(), "--index", iis_index}, (dir / "ship3.log").string());
  REQUIRE(ship3.started());
  CHECK(ship3.wait() == 0);
  INFO(log_tail(dir / "ship3.log"));
  CHECK(refreshed_count(os, iis_index, es::term("http.response.status_code", 503)) == 1);
  CHECK(refreshed_count(os, iis_index, es::term("url.path", "/new")) == 1);
  CHECK(refreshed_count(os, iis_index, es::term("source.ip", "192.168.1.2")) == 1);
  // The four directives are read, not shipped: two records, no parse failure.
  CHECK(refreshed_count(os, iis_index) == 2);
  CHECK(refreshed_count(os, iis_index, es::term("tags", "_parse_failure")) == 0);
  CHECK(log_tail(dir / "ship3.log").find("0 did not parse (tagged _parse_failure), 0 blank and 4 W3C directive(s) skipped") != std::string::npos);
  os.delete_index(iis_index);
}

TEST_CASE("aiops ship --follow reads through rename+create and copytruncate rotations", "[integration][es][ship]") {
  INFO(server_hint("opensearch", opensearch_url()));
  const std::string program = aiops_program();
  REQUIRE(fs::exists(program));
  es::client os = opensearch();
  const std::string index = "aiops-it-follow";
  os.delete_index(index);

  const scratch_dir dir("ship");
  const fs::path log = dir / "app.log";
  const fs::path state = dir / "state.json";
  append(log, 0, 100);
  const std::vector<std::string> argv = {program, "ship", log.string(), "--es", opensearch_url(), "--index", index,
                                         "--format", "json", "--follow", "--state", state.string(), "--poll", "0.05",
                                         "--close-inactive", "1", "--state-interval", "0"};
  background shipper(argv, (dir / "ship.log").string());
  REQUIRE(shipper.started());
  INFO(log_tail(dir / "ship.log"));
  // The shipper creates the index when it starts: until then, counting fails.
  const auto count_is = [&](std::int64_t n) {
    const auto at_least = [&] {
      try {
        return refreshed_count(os, index) >= n;
      } catch (const es::server_error&) {
        return false;
      }
    };
    return eventually(at_least, std::chrono::seconds(60)) && refreshed_count(os, index) == n;
  };
  CHECK(count_is(100));

  // logrotate's default: rename, then a new file; the writer still adds a few lines to the old one.
  fs::rename(log, dir / "app.log.1");
  append(dir / "app.log.1", 100, 110);
  append(log, 110, 160);
  CHECK(count_is(160));

  // copytruncate: copy, then truncate in place; new lines start again at offset 0.
  fs::copy_file(log, dir / "app.log.2");
  fs::resize_file(log, 0);
  append(log, 160, 190);
  CHECK(count_is(190));
  CHECK(refreshed_count(os, index, es::term("msg", "line 175")) == 1);
  CHECK(refreshed_count(os, index, es::match_phrase("message", "line 105")) == 1);

  shipper.signal(SIGTERM);
  CHECK(shipper.wait() == 0);
  CHECK(saved_offset(state, log) == static_cast<std::int64_t>(fs::file_size(log)));
  CHECK(saved_offset(state, dir / "app.log.1") == -1);  // finished and closed: forgotten

  // Started again without --follow: nothing new, nothing twice.
  background again({program, "ship", log.string(), "--es", opensearch_url(), "--index", index, "--format", "json",
                    "--state", state.string()},
                   (dir / "again.log").string());
  CHECK(again.wait() == 0);
  CHECK(refreshed_count(os, index) == 190);
  os.delete_index(index);
}

TEST_CASE("aiops search prints the hits and the aggregation tables", "[integration][es][ship]") {
  INFO(server_hint("opensearch", opensearch_url()));
  const std::string program = aiops_program();
  REQUIRE(fs::exists(program));
  es::client os = opensearch();
  ensure_nginx_index(os);
  const scratch_dir dir("ship");
  const fs::path out = dir / "search.out";
  background search({program, "search", "--es", opensearch_url(), "--index", nginx_index, "-n", "2",
                     "http.response.status_code:504", "--fields", "url.path,http.response.status_code", "--sort",
                     "@timestamp:asc", "--agg", "terms:http.response.status_code:3>max:event.duration"},
                    out.string());
  CHECK(search.wait() == 0);
  const std::string text = log_tail(out);
  INFO(text);
  const std::string n504 = std::to_string(nginx_truth()["status_counts"]["504"].get<int>());
  CHECK(text.find(n504 + " hits in ") == 0);
  CHECK(text.find("url.path\thttp.response.status_code\n") != std::string::npos);
  CHECK(text.find("\t504\n") != std::string::npos);
  CHECK(text.find("terms(http.response.status_code): 1 buckets, 0 documents in others") != std::string::npos);
  CHECK(text.find(" " + n504 + "  max(event.duration)=") != std::string::npos);

  background bad({program, "search", "--es", opensearch_url(), "--index", nginx_index, "status:(500 AND"},
                 (dir / "bad.out").string());
  CHECK(bad.wait() == 1);
  CHECK(log_tail(dir / "bad.out").find("aiops: error: POST ") == 0);
}

TEST_CASE("aiops es-report: the dataset's figures from aggregations, as JSON and HTML", "[integration][es][ship]") {
  INFO(server_hint("opensearch", opensearch_url()));
  const std::string program = aiops_program();
  REQUIRE(fs::exists(program));
  es::client os = opensearch();
  ensure_nginx_index(os);
  const scratch_dir dir("ship");
  const fs::path html = dir / "report.html";
  background report({program, "es-report", "--es", opensearch_url(), "--index", nginx_index, "--json", "--top", "3",
                     "--interval", "1h", "--html", html.string()},
                    (dir / "report.json").string(), (dir / "report.err").string());
  CHECK(report.wait() == 0);
  std::ifstream in(dir / "report.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  INFO(text.substr(0, 2000));
  const auto j = nlohmann::json::parse(text);
  const nlohmann::json& truth = nginx_truth();
  CHECK(j["documents"] == truth["valid_lines"]);
  CHECK(j["bytes_sent"].get<double>() == truth["total_bytes"].get<double>());
  CHECK(j["clients"].get<double>() == truth["unique_ips"].get<double>());
  REQUIRE(j["requests_over_time"].size() == 168);
  for (std::size_t h = 0; h < 168; ++h) CHECK(j["requests_over_time"][h]["requests"] == truth["requests_per_hour"][h]);
  REQUIRE(j["top_paths"].size() == 3);
  CHECK(j["top_paths"][0]["path"] == truth["top_paths"][0]["path"]);
  CHECK(j["top_paths"][0]["requests"] == truth["top_paths"][0]["count"]);
  std::ifstream page(html);
  std::string svg((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("Requests over time") != std::string::npos);
}

TEST_CASE("aiops ship --grok: typed fields, a parse failure kept, a rejected document reported", "[integration][es][ship]") {
  INFO(server_hint("opensearch", opensearch_url()));
  const std::string program = aiops_program();
  REQUIRE(fs::exists(program));
  es::client os = opensearch();
  const std::string index = "aiops-it-grok";
  os.delete_index(index);
  const scratch_dir dir("ship");
  const fs::path log = dir / "app.log";
  {
    std::ofstream out(log);
    out << "2025-06-05T14:31:07.250Z 203.0.113.9 GET /a 200 12\n"
        << "2025-06-05T14:31:08.000Z 203.0.113.9 GET /b oops 13\n"  // a status the long field refuses
        << "not this format at all\n";
  }
  const fs::path dead = dir / "dead.jsonl";
  background ship({program, "ship", log.string(), "--es", opensearch_url(), "--index", index, "--grok",
                   "%{TIMESTAMP_ISO8601:timestamp} %{IP:source.ip} %{WORD:http.request.method} %{NOTSPACE:url.path} "
                   "%{NOTSPACE:http.response.status_code} %{INT:duration_ms:int}",
                   "--dead-letter", dead.string()},
                  (dir / "ship.log").string());
  CHECK(ship.wait() == 3);  // some documents were rejected
  const std::string said = log_tail(dir / "ship.log");
  INFO(said);
  CHECK(said.find("rejected") != std::string::npos);
  CHECK(said.find("mapper_parsing_exception") != std::string::npos);

  CHECK(refreshed_count(os, index) == 2);
  CHECK(refreshed_count(os, index, es::term("tags", "_parse_failure")) == 1);
  es::search_request r;
  r.query = es::term("url.path", "/a");
  const auto hits = os.search(index, r).hits;
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].source["@timestamp"] == "2025-06-05T14:31:07.250Z");
  CHECK(hits[0].source["http"]["response"]["status_code"] == "200");  // captured as text, mapped as long
  CHECK(hits[0].source["duration_ms"] == 12);                          // :int
  CHECK(os.field_type(index, "duration_ms") == "long");
  CHECK(os.count(index, es::range("http.response.status_code").gte(200).lt(300)) == 1);

  std::ifstream in(dead);
  std::string line;
  REQUIRE(std::getline(in, line));
  const auto rejected = nlohmann::json::parse(line);
  CHECK(rejected["type"] == "mapper_parsing_exception");
  CHECK(rejected["status"] == 400);
  CHECK(rejected["index"] == index);
  CHECK(nlohmann::json::parse(rejected["source"].get<std::string>())["url"]["path"] == "/b");
  CHECK_FALSE(std::getline(in, line));
  os.delete_index(index);
}
