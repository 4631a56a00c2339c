// aiops: real OpenTelemetry SDKs (JavaScript: OTLP/JSON, Python: OTLP/protobuf + gzip) as clients of
// `aiops collect`; every span, point and log record is counted and checked; read back from Zipkin and OpenSearch
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fcntl.h>     // O_WRONLY (the collector's stdout file)
#include <signal.h>    // kill, SIGTERM
#include <spawn.h>     // posix_spawn (the collector runs beside the test)
#include <sys/wait.h>  // waitpid

#include <filesystem>  // std::filesystem::path
#include <fstream>     // std::ifstream
#include <map>         // std::map
#include <set>         // std::set
#include <sstream>     // std::stringstream
#include <string>      // std::string
#include <thread>      // std::this_thread::sleep_for
#include <vector>      // std::vector

#include <nlohmann/json.hpp>

#include <aiops/es.hpp>
#include <aiops/http.hpp>
#include <aiops/otel.hpp>
#include <aiops/sys/process.hpp>

#include "datasets.hpp"
#include "scratch.hpp"
#include "servers.hpp"

extern char** environ;

namespace otel = aiops::otel;
namespace fs = std::filesystem;

using aiops::testing::scratch_dir;

namespace {
fs::path peers_dir() { return aiops::testing::source_path("tests/integration/peers"); }

fs::path aiops_binary() { return fs::canonical("/proc/self/exe").parent_path().parent_path() / "apps/aiops/aiops"; }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// `aiops collect` running beside the test; stop() sends SIGTERM and returns its summary line.
class collector_process {
 public:
  collector_process(std::vector<std::string> args, const fs::path& dir) : out_(dir / "collect.out") {
    args.insert(args.begin(), {aiops_binary().string(), "collect", "--listen", "127.0.0.1:24318", "--prometheus", "127.0.0.1:24319",
                               "--jsonl", (dir / "collect.jsonl").string()});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
    aiops::http::client_options quick;
    quick.retry = aiops::http::retry_policy::none();
    aiops::http::client metrics("http://127.0.0.1:24319", quick);
    for (int i = 0; i < 100; ++i) {
      try {
        if (metrics.get("/metrics").ok()) return;
      } catch (const aiops::error&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    stop();
    throw std::runtime_error("aiops collect did not start listening");
  }
  ~collector_process() { stop(); }
  nlohmann::json stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    return nlohmann::json::parse(read_file(out_), nullptr, false);
  }

 private:
  fs::path out_;
  pid_t pid_ = -1;
};

/// Everything the collector wrote to its JSONL file, by service.name.
struct collected {
  std::map<std::string, std::vector<otel::span>> spans;
  std::map<std::string, std::vector<otel::metric>> metrics;
  std::map<std::string, std::vector<otel::log_record>> logs;
};

collected read_jsonl(const fs::path& file) {
  collected c;
  std::ifstream in(file);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    INFO("collect.jsonl line " << n);
    if (line.rfind("{\"resourceSpans\"", 0) == 0) {
      auto d = otel::decode_json<otel::traces_data>(line);
      REQUIRE(d);
      for (auto& rs : d->resource_spans)
        for (auto& ss : rs.scope_spans)
          for (auto& s : ss.spans) c.spans[otel::service_name(rs.resource)].push_back(s);
    } else if (line.rfind("{\"resourceMetrics\"", 0) == 0) {
      auto d = otel::decode_json<otel::metrics_data>(line);
      REQUIRE(d);
      for (auto& rm : d->resource_metrics)
        for (auto& sm : rm.scope_metrics)
          for (auto& m : sm.metrics) c.metrics[otel::service_name(rm.resource)].push_back(m);
    } else {
      auto d = otel::decode_json<otel::logs_data>(line);
      REQUIRE(d);
      for (auto& rl : d->resource_logs)
        for (auto& sl : rl.scope_logs)
          for (auto& l : sl.log_records) c.logs[otel::service_name(rl.resource)].push_back(l);
    }
  }
  return c;
}

/// Runs a peer client; returns what it says it sent.
nlohmann::json run_peer(const std::string& lang, int count, const fs::path& dir) {
  const fs::path out = dir / (lang + "_sent.json");
  const std::vector<std::string> argv =
      lang == "js" ? std::vector<std::string>{"node", (peers_dir() / "js_client.js").string()}
                   : std::vector<std::string>{(peers_dir() / ".venv/bin/python").string(), (peers_dir() / "py_client.py").string()};
  std::vector<std::string> args = argv;
  args.insert(args.end(), {"http://127.0.0.1:24318", std::to_string(count), out.string()});
  aiops::sys::run_options o;
  o.timeout = std::chrono::seconds(120);
  const auto r = aiops::sys::run(args, o).value();
  INFO(lang << " client stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(read_file(out));
}

void setup_peers() {
  aiops::sys::run_options o;
  o.timeout = std::chrono::minutes(10);
  const auto r = aiops::sys::run({"bash", (peers_dir() / "setup.sh").string()}, o).value();
  INFO("setup.sh: " << r.err);
  REQUIRE(r.exit_code == 0);
}

/// Every span the peer sent arrived once, with its ids, parent, kind, attributes, event and status.
void check_spans(const std::vector<otel::span>& got, const nlohmann::json& sent, const std::string& lang) {
  REQUIRE(got.size() == sent["spans"].size());
  std::map<std::string, const otel::span*> by_id;
  for (const auto& s : got) by_id[s.span_id.hex()] = &s;
  REQUIRE(by_id.size() == got.size());
  for (const auto& want : sent["spans"]) {
    const auto it = by_id.find(want["spanId"].get<std::string>());
    REQUIRE(it != by_id.end());
    const otel::span& s = *it->second;
    const std::int64_t i = want["i"];
    INFO(lang << " span " << i);
    CHECK(s.trace_id.hex() == want["traceId"].get<std::string>());
    CHECK((s.parent_span_id.empty() ? "" : s.parent_span_id.hex()) == want["parentSpanId"].get<std::string>());
    CHECK(s.name == want["name"].get<std::string>());
    CHECK(s.kind == (i % 2 ? otel::span_kind::client : otel::span_kind::server));
    CHECK(otel::find_attribute(s.attributes, "i")->int64() != nullptr);
    CHECK(*otel::find_attribute(s.attributes, "i")->int64() == i);
    CHECK(otel::attribute_string(s.attributes, "peer.lang") == (lang == "js" ? "js" : "python"));
    CHECK(*otel::find_attribute(s.attributes, "odd") == otel::any_value(i % 2 == 1));
    // JavaScript numbers are doubles, but integral ones go out as intValue.
    const otel::any_value& ratio = *otel::find_attribute(s.attributes, "ratio");
    CHECK((ratio.float64() ? *ratio.float64() : static_cast<double>(*ratio.int64())) == static_cast<double>(i) / 4);
    CHECK(*otel::find_attribute(s.attributes, "tags") == otel::any_value(otel::any_value::array{"a", "b"}));
    REQUIRE(s.events.size() == 1);
    CHECK(s.events[0].name == "step");
    CHECK(s.status.code == (i % 10 == 0 ? otel::status_code::error : otel::status_code::unset));
    if (i % 10 == 0) CHECK(s.status.message == "failed " + std::to_string(i));
  }
}

/// Each export is a cumulative snapshot (the SDKs export at forceFlush and again at shutdown):
/// in every one the counter's points add up to one per recording and the histogram counted them all.
void check_metrics(const std::vector<otel::metric>& got, int recordings) {
  int counters = 0;
  int histograms = 0;
  for (const auto& m : got) {
    if (const auto* s = std::get_if<otel::sum>(&m.data); s && m.name == "peer.requests") {
      ++counters;
      CHECK(s->is_monotonic);
      CHECK(s->temporality == otel::aggregation_temporality::cumulative);
      CHECK(s->data_points.size() == 2);  // route /a and /b
      double counted = 0;
      for (const auto& p : s->data_points) counted += p.as_double();
      CHECK(counted == recordings);
    }
    if (const auto* h = std::get_if<otel::histogram>(&m.data); h && m.name == "peer.latency") {
      ++histograms;
      REQUIRE(h->data_points.size() == 1);
      const auto& p = h->data_points[0];
      CHECK(p.count == static_cast<std::uint64_t>(recordings));
      CHECK(p.bucket_counts.size() == p.explicit_bounds.size() + 1);
      std::uint64_t total = 0;
      for (auto c : p.bucket_counts) total += c;
      CHECK(total == p.count);
      CHECK(p.sum.value_or(0) == Approx(recordings / 100 * 4950));
    }
  }
  CHECK(counters >= 1);
  CHECK(histograms == counters);
}

void check_logs(const std::vector<otel::log_record>& got, int count) {
  REQUIRE(got.size() == static_cast<std::size_t>(count));
  std::set<std::string> bodies;
  for (const auto& l : got) {
    REQUIRE(l.body.string() != nullptr);
    bodies.insert(*l.body.string());
    const std::int64_t i = *otel::find_attribute(l.attributes, "i")->int64();
    CHECK(*l.body.string() == "log " + std::to_string(i));
    CHECK(l.severity_number == (i % 2 ? 17 : 9));
    CHECK(l.severity_text == (i % 2 ? "ERROR" : "INFO"));
  }
  CHECK(bodies.size() == got.size());
}

}  // namespace

TEST_CASE("otel: the JavaScript and Python SDKs export to aiops collect, every item arrives, decoded right",
          "[integration][otel]") {
  setup_peers();
  const scratch_dir dir("peers");
  constexpr int count = 300;
  collector_process collector({"--batch-size", "128"}, dir);
  const nlohmann::json js = run_peer("js", count, dir);
  const nlohmann::json py = run_peer("py", count, dir);

  // The collector's own /metrics counts what it received before it stops.
  aiops::http::client metrics("http://127.0.0.1:24319");
  const std::string page = metrics.get("/metrics").body;
  CHECK(page.find("aiops_collect_received_items_total{signal=\"traces\"} 600\n") != std::string::npos);
  CHECK(page.find("peer_requests_total{job=\"js-peer\",route=\"/a\"} 150\n") != std::string::npos);
  CHECK(page.find("peer_latency_milliseconds_count{job=\"js-peer\"} 300\n") != std::string::npos);

  const nlohmann::json summary = collector.stop();
  INFO("summary: " << summary.dump());
  CHECK(summary["received"]["traces"] == 2 * count);
  CHECK(summary["received"]["logs"] == 2 * count);
  CHECK(summary["exported"]["jsonl.traces"] == 2 * count);
  CHECK(summary["exported"]["jsonl.logs"] == 2 * count);
  CHECK(summary["failed"].empty());

  const collected c = read_jsonl(dir / "collect.jsonl");
  CHECK(c.spans.size() == 2);
  check_spans(c.spans.at("js-peer"), js, "js");
  check_spans(c.spans.at("py-peer"), py, "python");
  check_metrics(c.metrics.at("js-peer"), count);
  check_metrics(c.metrics.at("py-peer"), count);
  check_logs(c.logs.at("js-peer"), count);
  check_logs(c.logs.at("py-peer"), count);
}

TEST_CASE("otel: collect's processors filter by service and severity and edit attributes, counted exactly",
          "[integration][otel]") {
  setup_peers();
  const scratch_dir dir("processors");
  constexpr int count = 100;
  collector_process collector({"--service", "py-peer", "--min-severity", "WARN", "--set-attribute", "env=ci",
                               "--remove-attribute", "peer.lang"},
                              dir);
  run_peer("js", count, dir);
  run_peer("py", count, dir);
  const nlohmann::json summary = collector.stop();
  INFO("summary: " << summary.dump());
  CHECK(summary["filtered"]["traces"] == count);                // all of js-peer
  CHECK(summary["filtered"]["logs"] == count + count / 2);      // js-peer's, and py-peer's INFO records
  CHECK(summary["exported"]["jsonl.logs"] == count / 2);

  const collected c = read_jsonl(dir / "collect.jsonl");
  CHECK(c.spans.count("js-peer") == 0);
  REQUIRE(c.spans.at("py-peer").size() == static_cast<std::size_t>(count));
  for (const auto& s : c.spans.at("py-peer")) {
    CHECK(otel::attribute_string(s.attributes, "env") == "ci");
    CHECK(otel::find_attribute(s.attributes, "peer.lang") == nullptr);
  }
  for (const auto& l : c.logs.at("py-peer")) CHECK(l.severity_number == 17);
}

TEST_CASE("otel: spans collected from the Python SDK land in the real Zipkin and read back by trace id",
          "[integration][otel][zipkin]") {
  const std::string zipkin_url = aiops::testing::env_or("AIOPS_ZIPKIN_URL", "http://127.0.0.1:19411");
  INFO(aiops::testing::server_hint("zipkin", zipkin_url));
  aiops::http::client zipkin(zipkin_url);
  REQUIRE(zipkin.get("/health").ok());
  setup_peers();
  const scratch_dir dir("zipkin");
  constexpr int count = 60;
  collector_process collector({"--zipkin", zipkin_url, "--service", "py-peer"}, dir);
  const nlohmann::json py = run_peer("py", count, dir);
  const nlohmann::json summary = collector.stop();
  INFO("summary: " << summary.dump());
  CHECK(summary["exported"]["zipkin.traces"] == count);

  std::map<std::string, std::vector<nlohmann::json>> by_trace;
  for (const auto& s : py["spans"]) by_trace[s["traceId"].get<std::string>()].push_back(s);
  REQUIRE(by_trace.size() == count / 2);
  for (const auto& [trace_id, sent] : by_trace) {
    // Zipkin indexes asynchronously in memory: a fresh trace may take a moment to appear.
    nlohmann::json spans;
    for (int attempt = 0; attempt < 20; ++attempt) {
      const auto r = zipkin.send({.path = "/api/v2/trace/" + trace_id});
      if (r.ok()) {
        spans = nlohmann::json::parse(r.body);
        if (spans.size() == sent.size()) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    INFO("trace " << trace_id);
    REQUIRE(spans.size() == sent.size());
    for (const auto& want : sent) {
      bool found = false;
      for (const auto& z : spans) {
        if (z["id"] != want["spanId"]) continue;
        found = true;
        CHECK(z["name"] == want["name"]);
        CHECK(z["localEndpoint"]["serviceName"] == "py-peer");
        CHECK(z["tags"]["i"] == std::to_string(want["i"].get<int>()));
        if (!want["parentSpanId"].get<std::string>().empty()) CHECK(z["parentId"] == want["parentSpanId"]);
        if (want["i"].get<int>() % 10 == 0) CHECK(z["tags"]["error"] == "failed " + std::to_string(want["i"].get<int>()));
      }
      CHECK(found);
    }
  }
}

TEST_CASE("otel: spans and log records from the JavaScript SDK land in the real OpenSearch, counted exactly",
          "[integration][otel][opensearch]") {
  const std::string url = aiops::testing::opensearch_url();
  INFO(aiops::testing::server_hint("opensearch", url));
  aiops::es::client es(url);
  const std::string prefix = "aiops-otel-test-" + std::to_string(getpid());
  es.delete_index(prefix + "-spans");
  es.delete_index(prefix + "-logs");
  setup_peers();
  const scratch_dir dir("opensearch");
  constexpr int count = 80;
  collector_process collector({"--opensearch", url, "--index-prefix", prefix}, dir);
  const nlohmann::json js = run_peer("js", count, dir);
  // One more log record, with neither a time nor an observed time (OTLP allows both to be 0):
  // observed by the collector now, not in 1970.
  aiops::http::client otlp("http://127.0.0.1:24318");
  aiops::http::request q;
  q.method = "POST";
  q.path = "/v1/logs";
  q.content_type = "application/json";
  q.body = R"({"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"no times"}}]}]}]})";
  CHECK(otlp.send(q).status == 200);
  const nlohmann::json summary = collector.stop();
  INFO("summary: " << summary.dump());
  CHECK(summary["exported"]["opensearch.traces"] == count);
  CHECK(summary["exported"]["opensearch.logs"] == count + 1);

  es.refresh(prefix + "-spans");
  es.refresh(prefix + "-logs");
  CHECK(es.count(prefix + "-spans") == count);
  CHECK(es.count(prefix + "-logs") == count + 1);
  const aiops::timestamp_ns year_2000 = aiops::parse_rfc3339("2000-01-01T00:00:00Z").value();
  CHECK(es.count(prefix + "-logs", aiops::es::time_range("observedTime", 0, year_2000)) == 0);
  CHECK(es.count(prefix + "-logs", aiops::es::time_range("time", 0, year_2000)) == 0);
  const auto& first = js["spans"][1];  // a child span
  CHECK(es.count(prefix + "-spans", aiops::es::term("spanId.keyword", first["spanId"])) == 1);
  CHECK(es.count(prefix + "-spans", aiops::es::term("parentSpanId.keyword", first["parentSpanId"])) == 1);
  CHECK(es.count(prefix + "-spans", aiops::es::term("span.attributes.i", 1)) == 1);
  CHECK(es.count(prefix + "-spans", aiops::es::term("kind.keyword", "SPAN_KIND_SERVER")) == count / 2);
  CHECK(es.count(prefix + "-logs", aiops::es::term("severityNumber", 17)) == count / 2);
  es.delete_index(prefix + "-spans");
  es.delete_index(prefix + "-logs");
}
