// aiops: aiops::es searches against the real OpenSearch node: aggregations equal to what the nginx
// dataset's truth.json and aiops::frame compute offline, paging with PIT and scroll, count,
// delete-by-query, templates, and the server's errors
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::sort, std::is_sorted
#include <cmath>      // std::ceil
#include <map>        // std::map
#include <set>        // std::set
#include <string>     // std::string
#include <vector>     // std::vector

#include <nlohmann/json.hpp>

#include <aiops/es.hpp>
#include <aiops/frame.hpp>

#include "es_support.hpp"

namespace es = aiops::es;
using namespace aiops::testing;

namespace {

const aiops::timestamp_ns week_start = aiops::parse_rfc3339("2025-06-02T00:00:00Z").value();
const aiops::timestamp_ns week_end = aiops::parse_rfc3339("2025-06-09T00:00:00Z").value();

es::aggregation per_hour() {
  return es::aggregation::date_histogram("@timestamp")
      .fixed_interval("1h")
      .min_doc_count(0)
      .extended_bounds(week_start, week_end - aiops::ns_per_hour);
}

std::vector<std::int64_t> counts_of(const std::vector<es::bucket>& buckets) {
  std::vector<std::int64_t> out;
  for (const auto& b : buckets) out.push_back(b.doc_count);
  return out;
}

// The nginx dataset as a frame: one row per valid line.
aiops::frame::table nginx_frame() {
  std::vector<std::string> path;
  std::vector<std::int64_t> status, duration, bytes;
  std::vector<aiops::timestamp_ns> day;
  for_each_valid_nginx_line([&](std::size_t, const aiops::logs::access_record& r, std::string_view) {
    path.emplace_back(r.path());
    status.push_back(r.status());
    duration.push_back(std::llround(r.request_time() * 1e9));
    bytes.push_back(r.bytes());
    day.push_back(r.time() - r.time() % aiops::ns_per_day);
  });
  aiops::frame::table t;
  t.add("path", path).add("status", status).add("duration", duration).add("bytes", bytes);
  t.add("day", aiops::frame::column::timestamps(day));
  return t;
}

}  // namespace

TEST_CASE("es: terms, date_histogram, sum and cardinality equal truth.json", "[integration][es]") {
  INFO(server_hint("opensearch", opensearch_url()));
  es::client os = opensearch();
  ensure_nginx_index(os);
  const nlohmann::json& truth = nginx_truth();

  es::search_request r;
  r.size = 0;
  r.aggs.emplace_back("status", es::aggregation::terms("http.response.status_code", 100));
  r.aggs.emplace_back("per_hour", per_hour());
  r.aggs.emplace_back("errors", es::aggregation::filter(es::range("http.response.status_code").gte(500))
                                    .sub("per_hour", per_hour()));
  r.aggs.emplace_back("paths", es::aggregation::terms("url.path", 10));
  r.aggs.emplace_back("bytes", es::aggregation::sum("http.response.body.bytes"));
  r.aggs.emplace_back("ips", es::aggregation::cardinality("source.ip").precision_threshold(40000));
  const es::search_response answer = os.search(nginx_index, r);

  CHECK(answer.total == truth["valid_lines"].get<std::int64_t>());
  std::map<std::string, std::int64_t> status;
  for (const auto& b : answer.aggs.buckets("status")) status[b.key_string()] = b.doc_count;
  CHECK(status == truth["status_counts"].get<std::map<std::string, std::int64_t>>());

  const auto hours = answer.aggs.buckets("per_hour");
  REQUIRE(hours.size() == 168);
  CHECK(hours.front().key_time() == week_start);
  CHECK(counts_of(hours) == truth["requests_per_hour"].get<std::vector<std::int64_t>>());
  CHECK(counts_of(answer.aggs.sub("errors").buckets("per_hour")) ==
        truth["status_5xx_per_hour"].get<std::vector<std::int64_t>>());

  const auto paths = answer.aggs.buckets("paths");
  REQUIRE(paths.size() == 10);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    CHECK(paths[i].key_string() == truth["top_paths"][i]["path"]);
    CHECK(paths[i].doc_count == truth["top_paths"][i]["count"]);
  }
  CHECK(answer.aggs.value("bytes") == truth["total_bytes"].get<double>());
  CHECK(answer.aggs.value("ips") == truth["unique_ips"].get<double>());
}

TEST_CASE("es: nested sub-aggregations equal aiops::frame's group_by on the same file", "[integration][es]") {
  INFO(server_hint("opensearch", opensearch_url()));
  es::client os = opensearch();
  ensure_nginx_index(os);
  const aiops::frame::table t = nginx_frame();
  namespace agg = aiops::frame::agg;

  // Failing paths: count, mean and max duration of the requests with status >= 500, per path.
  const aiops::frame::table failing = t.filter([](const aiops::frame::row_view& row) { return *row.int64("status") >= 500; });
  const aiops::frame::table offline =
      aiops::frame::group_by(failing, {"path"}).agg({agg::size().as("n"), agg::mean("duration"), agg::max("duration")});
  es::search_request r;
  r.size = 0;
  r.query = es::range("http.response.status_code").gte(500);
  r.aggs.emplace_back("paths", es::aggregation::terms("url.path", 1000)
                                   .sub("mean", es::aggregation::avg("event.duration"))
                                   .sub("max", es::aggregation::max("event.duration")));
  const auto buckets = os.search(nginx_index, r).aggs.buckets("paths");
  REQUIRE(buckets.size() == offline.rows());
  std::map<std::string, const es::bucket*> by_path;
  for (const auto& b : buckets) by_path[b.key_string()] = &b;
  for (std::size_t i = 0; i < offline.rows(); ++i) {
    const aiops::frame::row_view row(offline, i);
    const std::string path(*row.str("path"));
    CAPTURE(path);
    REQUIRE(by_path.count(path) == 1);
    const es::bucket& b = *by_path[path];
    CHECK(b.doc_count == *row.int64("n"));
    CHECK(b.aggs.value("mean") == Approx(*row.number("duration_mean")).epsilon(1e-12));
    CHECK(b.aggs.value("max") == *row.number("duration_max"));
  }

  // Two levels: bytes per status and calendar day.
  const aiops::frame::table daily = aiops::frame::group_by(t, {"status", "day"}).agg({agg::size().as("n"), agg::sum("bytes")});
  es::search_request r2;
  r2.size = 0;
  r2.aggs.emplace_back("status", es::aggregation::terms("http.response.status_code", 100).sub(
                                     "day", es::aggregation::date_histogram("@timestamp").calendar_interval("1d").sub(
                                                "bytes", es::aggregation::sum("http.response.body.bytes"))));
  std::map<std::pair<std::int64_t, aiops::timestamp_ns>, std::pair<std::int64_t, double>> online;
  for (const auto& s : os.search(nginx_index, r2).aggs.buckets("status")) {
    for (const auto& d : s.aggs.buckets("day")) {
      if (d.doc_count > 0) online[{std::int64_t(s.key_number()), d.key_time()}] = {d.doc_count, d.aggs.value("bytes")};
    }
  }
  REQUIRE(online.size() == daily.rows());
  for (std::size_t i = 0; i < daily.rows(); ++i) {
    const aiops::frame::row_view row(daily, i);
    const auto key = std::make_pair(*row.int64("status"), *row.time("day"));
    CAPTURE(key.first, aiops::format_rfc3339(key.second));
    REQUIRE(online.count(key) == 1);
    CHECK(online[key].first == *row.int64("n"));
    CHECK(online[key].second == *row.number("bytes_sum"));
  }
}

TEST_CASE("es: percentiles of event.duration are close to truth.json's nearest-rank values", "[integration][es]") {
  INFO(server_hint("opensearch", opensearch_url()));
  es::client os = opensearch();
  ensure_nginx_index(os);
  const nlohmann::json& q = nginx_truth()["request_time_seconds"];
  es::search_request r;
  r.size = 0;
  r.aggs.emplace_back("latency", es::aggregation::percentiles("event.duration", {50, 95, 99}));
  r.aggs.emplace_back("max", es::aggregation::max("event.duration"));
  const es::search_response answer = os.search(nginx_index, r);
  // t-digest is approximate: within 2% of the exact values (ms resolution) on 136k requests.
  CHECK(answer.aggs.percentile("latency", 50) / 1e9 == Approx(q["p50"].get<double>()).epsilon(0.02));
  CHECK(answer.aggs.percentile("latency", 95) / 1e9 == Approx(q["p95"].get<double>()).epsilon(0.02));
  CHECK(answer.aggs.percentile("latency", 99) / 1e9 == Approx(q["p99"].get<double>()).epsilon(0.02));
  CHECK(answer.aggs.value("max") / 1e9 == Approx(q["max"].get<double>()).epsilon(1e-12));
}

TEST_CASE("es: for_each_hit pages through every match once, with PIT + search_after and with scroll", "[integration][es]") {
  INFO(server_hint("opensearch", opensearch_url()));
  es::client os = opensearch();
  ensure_nginx_index(os);
  es::search_request r;
  r.query = es::bool_query().filter(es::term("http.response.status_code", 404));
  r.sort = {{"@timestamp"}};
  r.source_includes = {"@timestamp", "url.path"};
  const std::int64_t expected = nginx_truth()["status_counts"]["404"].get<std::int64_t>();
  CHECK(os.count(nginx_index, r.query) == expected);

  for (const auto how : {es::scan_options::method::point_in_time, es::scan_options::method::scroll,
                         es::scan_options::method::automatic}) {
    CAPTURE(static_cast<int>(how));
    std::set<std::string> ids;
    std::vector<std::string> times;
    const std::int64_t seen = os.for_each_hit(
        nginx_index, r,
        [&](const es::hit& h) {
          ids.insert(h.id);
          times.push_back(h.source["@timestamp"].get<std::string>());
        },
        {.page_size = 150, .tiebreaker = how == es::scan_options::method::automatic ? "" : "event.id", .how = how});
    CHECK(seen == expected);
    CHECK(static_cast<std::int64_t>(ids.size()) == expected);
    CHECK(std::is_sorted(times.begin(), times.end()));
  }
  // Nothing matches: no page, no error.
  CHECK(os.for_each_hit(nginx_index, es::search_request{es::term("url.path", "/nope")}, [](const es::hit&) {},
                        {.tiebreaker = "event.id"}) == 0);
}

TEST_CASE("es: search, count with query_string, and delete_by_query", "[integration][es]") {
  INFO(server_hint("opensearch", opensearch_url()));
  es::client os = opensearch();
  ensure_nginx_index(os);
  es::search_request r;
  r.query = es::query_string("http.response.status_code:504 AND url.path:\\/api\\/v1\\/cart");
  r.size = 3;
  r.sort = {{"@timestamp", true}};
  const es::search_response answer = os.search(nginx_index, r);
  CHECK(answer.total == os.count(nginx_index, r.query));
  CHECK(answer.total > 0);
  REQUIRE(answer.hits.size() == std::min<std::size_t>(3, static_cast<std::size_t>(answer.total)));
  for (const auto& h : answer.hits) {
    CHECK(h.source["http"]["response"]["status_code"] == 504);
    CHECK(h.source["url"]["path"] == "/api/v1/cart");
    CHECK(h.source["event"]["duration"].get<std::int64_t>() >= 60'000'000'000);  // the 60 s proxy timeout
  }

  // delete_by_query on a copy of the healthchecks.
  const std::string scratch = "aiops-it-scratch";
  os.delete_index(scratch);
  os.create_index(scratch, aiops::es::ecs::index_body());
  std::vector<es::bulk_action> actions;
  for (int i = 0; i < 300; ++i) {
    actions.push_back({es::bulk_op::index, scratch, std::to_string(i),
                       R"({"http":{"response":{"status_code":)" + std::to_string(i % 3 ? 200 : 503) + "}}}"});
  }
  CHECK(os.bulk(actions, {.refresh = "true"}).succeeded == 300);
  CHECK(os.delete_by_query(scratch, es::term("http.response.status_code", 503)) == 100);
  CHECK(os.count(scratch) == 200);
  CHECK(os.count(scratch, es::term("http.response.status_code", 503)) == 0);
  CHECK(os.delete_index(scratch));
  CHECK_FALSE(os.delete_index(scratch));
}

TEST_CASE("es: cluster health, templates and mappings", "[integration][es]") {
  INFO(server_hint("opensearch", opensearch_url()));
  es::client os = opensearch();
  const es::server_info& info = os.info();
  CHECK(info.distribution == es::distribution::opensearch);
  CHECK(info.major == 2);
  CHECK(info.has_point_in_time());
  const es::cluster_health h = os.health("yellow", std::chrono::seconds(10));
  CHECK_FALSE(h.timed_out);
  CHECK((h.status == "green" || h.status == "yellow"));
  CHECK(h.number_of_nodes == 1);
  // A replica that cannot be placed on a single node keeps the cluster yellow: waiting for green
  // times out (HTTP 408), and the health comes back with timed_out set instead of an exception.
  os.delete_index("aiops-it-yellow");
  os.create_index("aiops-it-yellow", nlohmann::json::parse(R"({"settings":{"number_of_replicas":1}})"));
  const es::cluster_health waited = os.health("green", std::chrono::seconds(1));
  CHECK(waited.timed_out);
  CHECK(waited.status == "yellow");
  CHECK(waited.unassigned_shards >= 1);
  os.delete_index("aiops-it-yellow");

  const std::string index = "aiops-it-tpl-1";
  os.delete_index(index);
  os.put_index_template("aiops-it-tpl", es::ecs::log_template({"aiops-it-tpl-*"}));
  os.create_index(index);
  CHECK(os.field_type(index, "http.response.status_code") == "long");
  CHECK(os.field_type(index, "@timestamp") == "date");
  os.put_mapping(index, nlohmann::json::parse(R"({"properties":{"labels":{"properties":{"team":{"type":"keyword"}}}}})"));
  CHECK(os.field_type(index, "labels.team") == "keyword");
  CHECK(os.get_mapping(index)["properties"].contains("labels"));
  CHECK(os.delete_index(index));
  CHECK(os.delete_index_template("aiops-it-tpl"));
  CHECK_FALSE(os.delete_index_template("aiops-it-tpl"));
}

TEST_CASE("es: the server's errors come back with its type and reason", "[integration][es]") {
  INFO(server_hint("opensearch", opensearch_url()));
  es::client os = opensearch();
  try {
    os.count("aiops-it-no-such-index");
    FAIL("counting a missing index must throw");
  } catch (const es::server_error& e) {
    CHECK(e.status() == 404);
    CHECK(e.type() == "index_not_found_exception");
    CHECK(e.reason() == "no such index [aiops-it-no-such-index]");
  }
  ensure_nginx_index(os);
  try {
    os.search(nginx_index, es::search_request{es::query_string("status:(500 AND")});
    FAIL("a broken query_string must throw");
  } catch (const es::server_error& e) {
    CHECK(e.status() == 400);
    CHECK(e.type() == "search_phase_execution_exception");
    CHECK(e.caused_by().find("query_shard_exception: Failed to parse query [status:(500 AND]") == 0);
  }
  CHECK_THROWS_AS(os.create_index(nginx_index), es::server_error);
  try {
    os.create_index(nginx_index);
  } catch (const es::server_error& e) {
    CHECK(e.type() == "resource_already_exists_exception");
  }
  try {
    os.search(nginx_index, es::search_request{.size = 0, .aggs = {{"bad", es::aggregation::avg("url.path")}}});
    FAIL("avg of a keyword must throw");
  } catch (const es::server_error& e) {
    CHECK(e.status() == 400);
    CHECK(std::string(e.what()).find("url.path") != std::string::npos);
  }
  // Nothing listens there: a connection error, not a server error.
  es::client_options quick;
  quick.http.deadline = std::chrono::seconds(2);
  es::client nobody("http://127.0.0.1:1", quick);
  CHECK_THROWS_AS(nobody.info(), aiops::http::http_error);
}
