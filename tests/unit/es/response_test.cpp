// aiops: reading answers: search hits, typed aggregations, server errors, GET /, cluster health
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>      // std::isnan
#include <stdexcept>  // std::out_of_range, std::invalid_argument

#include <nlohmann/json.hpp>

#include <aiops/es.hpp>

namespace es = aiops::es;
using nlohmann::json;

namespace {

// OpenSearch 2.19.6's answer to a search of the week-4 nginx index for status >= 500: two hits
// sorted by time with _source filtering; terms on url.path with percentiles and avg inside;
// date_histogram per calendar day; cardinality; stats; a filter with a sub-aggregation; and an
// avg over a field no document has.
const char* const nginx_answer =
    R"json({"took":469,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"va)json"
    R"json(lue":256,"relation":"eq"},"max_score":null,"hits":[{"_index":"try-nginx","_id":"l401","_score":null,"_source":)json"
    R"json({"http":{"response":{"status_code":500}},"url":{"path":"/api/v1/events"}},"sort":[1748825580000]},{"_index":"t)json"
    R"json(ry-nginx","_id":"l6075","_score":null,"_source":{"http":{"response":{"status_code":502}},"url":{"path":"/api/v)json"
    R"json(1/events"}},"sort":[1748861787000]}]},"aggregations":{"bytes":{"count":256,"min":47.0,"max":5402.0,"avg":510.1)json"
    R"json(4453125,"sum":130597.0},"paths":{"doc_count_error_upper_bound":0,"sum_other_doc_count":173,"buckets":[{"key":")json"
    R"json(/api/v1/events","doc_count":45,"avg":{"value":1.3955755555555555E10},"p95":{"values":{"50.0":7.97E8,"95.0":6.0)json"
    R"json(00325E10}}},{"key":"/api/v1/recommendations","doc_count":38,"avg":{"value":1.950507894736842E10},"p95":{"value)json"
    R"json(s":{"50.0":7.36E8,"95.0":6.0002E10}}}]},"none":{"value":null},"api":{"doc_count":227,"n":{"value":227}},"per_d)json"
    R"json(ay":{"buckets":[{"key_as_string":"2025-06-02T00:00:00.000Z","key":1748822400000,"doc_count":8},{"key_as_string)json"
    R"json(":"2025-06-03T00:00:00.000Z","key":1748908800000,"doc_count":6},{"key_as_string":"2025-06-04T00:00:00.000Z","k)json"
    R"json(ey":1748995200000,"doc_count":9},{"key_as_string":"2025-06-05T00:00:00.000Z","key":1749081600000,"doc_count":2)json"
    R"json(09},{"key_as_string":"2025-06-06T00:00:00.000Z","key":1749168000000,"doc_count":12},{"key_as_string":"2025-06-)json"
    R"json(07T00:00:00.000Z","key":1749254400000,"doc_count":9},{"key_as_string":"2025-06-08T00:00:00.000Z","key":1749340)json"
    R"json(800000,"doc_count":3}]},"ips":{"value":92}}})json";

// The same server's answer to a query_string that does not parse.
const char* const query_error =
    R"json({"error":{"root_cause":[{"type":"query_shard_exception","reason":"Failed to parse query [n:(1 AND]","index":"t)json"
    R"json(ry-strict","index_uuid":"o6wb6n99RnCuqDxY3quDXA"}],"type":"search_phase_execution_exception","reason":"all sha)json"
    R"json(rds failed","phase":"query","grouped":true,"failed_shards":[{"shard":0,"index":"try-strict","node":"r0p-b39USG)json"
    R"json(qUTth00mJ4Jg","reason":{"type":"query_shard_exception","reason":"Failed to parse query [n:(1 AND]","index":"tr)json"
    R"json(y-strict","index_uuid":"o6wb6n99RnCuqDxY3quDXA","caused_by":{"type":"parse_exception","reason":"Cannot parse ')json"
    R"json(n:(1 AND': Encountered \"<EOF>\" at line 1, column 8.\nWas expecting one of:\n    <NOT> ...\n    \"+\" ...\n  )json"
    R"json(  \"-\" ...\n    <BAREOPER> ...\n    \"(\" ...\n    \"*\" ...\n    <QUOTED> ...\n    <TERM> ...\n    <PREFIXTE)json"
    R"json(RM> ...\n    <WILDTERM> ...\n    <REGEXPTERM> ...\n    \"[\" ...\n    \"{\" ...\n    <NUMBER> ...\n    <TERM> )json"
    R"json(...\n    \"*\" ...\n    ","caused_by":{"type":"parse_exception","reason":"Encountered \"<EOF>\" at line 1, col)json"
    R"json(umn 8.\nWas expecting one of:\n    <NOT> ...\n    \"+\" ...\n    \"-\" ...\n    <BAREOPER> ...\n    \"(\" ...\)json"
    R"json(n    \"*\" ...\n    <QUOTED> ...\n    <TERM> ...\n    <PREFIXTERM> ...\n    <WILDTERM> ...\n    <REGEXPTERM> .)json"
    R"json(..\n    \"[\" ...\n    \"{\" ...\n    <NUMBER> ...\n    <TERM> ...\n    \"*\" ...\n    "}}}}],"caused_by":{"ty)json"
    R"json(pe":"query_shard_exception","reason":"Failed to parse query [n:(1 AND]","index":"try-strict","index_uuid":"o6w)json"
    R"json(b6n99RnCuqDxY3quDXA","caused_by":{"type":"parse_exception","reason":"Cannot parse 'n:(1 AND': Encountered \"<E)json"
    R"json(OF>\" at line 1, column 8.\nWas expecting one of:\n    <NOT> ...\n    \"+\" ...\n    \"-\" ...\n    <BAREOPER>)json"
    R"json( ...\n    \"(\" ...\n    \"*\" ...\n    <QUOTED> ...\n    <TERM> ...\n    <PREFIXTERM> ...\n    <WILDTERM> ...)json"
    R"json(\n    <REGEXPTERM> ...\n    \"[\" ...\n    \"{\" ...\n    <NUMBER> ...\n    <TERM> ...\n    \"*\" ...\n    ",")json"
    R"json(caused_by":{"type":"parse_exception","reason":"Encountered \"<EOF>\" at line 1, column 8.\nWas expecting one o)json"
    R"json(f:\n    <NOT> ...\n    \"+\" ...\n    \"-\" ...\n    <BAREOPER> ...\n    \"(\" ...\n    \"*\" ...\n    <QUOTED)json"
    R"json(> ...\n    <TERM> ...\n    <PREFIXTERM> ...\n    <WILDTERM> ...\n    <REGEXPTERM> ...\n    \"[\" ...\n    \"{\)json"
    R"json(" ...\n    <NUMBER> ...\n    <TERM> ...\n    \"*\" ...\n    "}}}},"status":400})json";

}  // namespace

TEST_CASE("search_response: totals, hits, sort values and source", "[es][search]") {
  const auto r = es::search_response::from_json(json::parse(nginx_answer));
  CHECK(r.took_ms == 469);
  CHECK_FALSE(r.timed_out);
  CHECK(r.total == 256);
  CHECK(r.total_exact);
  REQUIRE(r.hits.size() == 2);
  CHECK(r.hits[0].index == "try-nginx");
  CHECK(r.hits[0].id == "l401");
  CHECK(std::isnan(r.hits[0].score));
  CHECK(r.hits[0].source["url"]["path"] == "/api/v1/events");
  CHECK(r.hits[1].sort == json::array({1748861787000}));
  CHECK(r.pit_id.empty());

  const auto old = es::search_response::from_json(
      json::parse(R"({"_scroll_id":"abc","hits":{"total":12,"hits":[{"_id":"1","_score":1.5}]}})"));
  CHECK(old.total == 12);
  CHECK(old.scroll_id == "abc");
  CHECK(old.hits[0].score == 1.5);
  const auto lower_bound = es::search_response::from_json(json::parse(R"({"hits":{"total":{"value":10000,"relation":"gte"}}})"));
  CHECK_FALSE(lower_bound.total_exact);
}

TEST_CASE("aggregations: buckets with nested metrics and percentiles", "[es][aggs]") {
  const auto r = es::search_response::from_json(json::parse(nginx_answer));
  const auto paths = r.aggs.buckets("paths");
  REQUIRE(paths.size() == 2);
  CHECK(paths[0].key_string() == "/api/v1/events");
  CHECK(paths[0].doc_count == 45);
  CHECK(paths[0].aggs.value("avg") == Approx(1.3955755555555555e10));
  CHECK(paths[0].aggs.percentile("p95", 95) == 6.000325e10);
  CHECK(paths[0].aggs.percentiles("p95") == std::vector<std::pair<double, double>>{{50.0, 7.97e8}, {95.0, 6.000325e10}});
  CHECK(r.aggs.sum_other_doc_count("paths") == 173);

  const auto days = r.aggs.buckets("per_day");
  REQUIRE(days.size() == 7);
  CHECK(days[3].key_time() == aiops::parse_rfc3339("2025-06-05T00:00:00Z").value());
  CHECK(days[3].key_as_string == "2025-06-05T00:00:00.000Z");
  CHECK(days[3].key_string() == "2025-06-05T00:00:00.000Z");
  CHECK(days[3].doc_count == 209);
  std::int64_t sum = 0;
  for (const auto& d : days) sum += d.doc_count;
  CHECK(sum == 256);

  CHECK(r.aggs.value("ips") == 92);
  const auto bytes = r.aggs.stats("bytes");
  CHECK(bytes.count == 256);
  CHECK(bytes.min == 47);
  CHECK(bytes.sum == 130597);
  CHECK(r.aggs.doc_count("api") == 227);
  CHECK(r.aggs.sub("api").value("n") == 227);
  CHECK(std::isnan(r.aggs.value("none")));  // avg of nothing is null
  CHECK(r.aggs.contains("paths"));
  CHECK_FALSE(r.aggs.contains("nope"));
}

TEST_CASE("aggregations: wrong names and kinds say what is there", "[es][aggs]") {
  const auto r = es::search_response::from_json(json::parse(nginx_answer));
  CHECK_THROWS_WITH(r.aggs.value("nope"), Catch::Contains("no aggregation 'nope'") && Catch::Contains("per_day"));
  CHECK_THROWS_AS(r.aggs.buckets("ips"), std::out_of_range);
  CHECK_THROWS_AS(r.aggs.percentile("paths", 95), std::out_of_range);
  const auto paths = r.aggs.buckets("paths");
  CHECK_THROWS_AS(paths[0].aggs.percentile("p95", 99), std::out_of_range);
  CHECK_THROWS_AS(paths[0].key_time(), std::invalid_argument);
  CHECK_THROWS_AS(es::aggregations().value("x"), std::out_of_range);
}

TEST_CASE("aggregations: keyed buckets, numeric keys, unkeyed percentiles", "[es][aggs]") {
  const es::aggregations a(json::parse(R"({
      "slow":{"buckets":{"fast":{"to":1e8,"doc_count":5},"slow":{"from":1e8,"doc_count":2}}},
      "codes":{"buckets":[{"key":404,"doc_count":9},{"key":500,"doc_count":1}]},
      "p":{"values":[{"key":99.0,"value":null},{"key":50.0,"value":1.5}]}})"));
  const auto slow = a.buckets("slow");
  REQUIRE(slow.size() == 2);
  CHECK(slow[0].key_string() == "fast");
  CHECK(slow[1].doc_count == 2);
  const auto codes = a.buckets("codes");
  CHECK(codes[0].key_number() == 404);
  CHECK(codes[0].key_string() == "404");
  const auto p = a.percentiles("p");
  CHECK(p[0] == std::pair<double, double>{50.0, 1.5});
  CHECK(std::isnan(a.percentile("p", 99)));
}

TEST_CASE("server errors carry the server's type, reason and root cause", "[es][error]") {
  aiops::http::response answer;
  answer.status = 400;
  answer.method = "POST";
  answer.url = "http://127.0.0.1:19200/try-strict/_search";
  answer.body = query_error;
  const es::server_error e = es::detail::make_server_error(answer);
  CHECK(e.status() == 400);
  CHECK(e.type() == "search_phase_execution_exception");
  CHECK(e.reason() == "all shards failed");
  CHECK(e.caused_by() == "query_shard_exception: Failed to parse query [n:(1 AND]");
  CHECK(std::string(e.what()) ==
        "POST http://127.0.0.1:19200/try-strict/_search: HTTP 400: search_phase_execution_exception: all shards failed "
        "(caused by query_shard_exception: Failed to parse query [n:(1 AND])");
  CHECK(e.code() == aiops::errc::http);

  answer.status = 404;
  answer.body = R"({"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index [nope]"}],)"
                R"("type":"index_not_found_exception","reason":"no such index [nope]","index":"nope"},"status":404})";
  const es::server_error missing = es::detail::make_server_error(answer);
  CHECK(missing.type() == "index_not_found_exception");
  CHECK(missing.caused_by().empty());  // the root cause says nothing more

  answer.status = 502;
  answer.reason = "Bad Gateway";
  answer.body = "<html>bad gateway</html>";
  const es::server_error proxy = es::detail::make_server_error(answer);
  CHECK(proxy.type().empty());
  CHECK(proxy.reason() == "<html>bad gateway</html>");
  answer.body.clear();
  CHECK(es::detail::make_server_error(answer).reason() == "Bad Gateway");
}

TEST_CASE("GET / tells OpenSearch from Elasticsearch by version.distribution", "[es][client]") {
  const auto os = es::server_info::from_json(json::parse(R"({"name":"aiops-node-1","cluster_name":"aiops-test",
      "version":{"distribution":"opensearch","number":"2.19.6","lucene_version":"9.12.3"},
      "tagline":"The OpenSearch Project: https://opensearch.org/"})"));
  CHECK(os.distribution == es::distribution::opensearch);
  CHECK(os.version == "2.19.6");
  CHECK(os.major == 2);
  CHECK(os.minor == 19);
  CHECK(os.cluster_name == "aiops-test");
  CHECK(os.has_point_in_time());
  // OpenSearch can pretend to be 7.10.2 for old clients; the distribution still says what it is.
  const auto compat = es::server_info::from_json(
      json::parse(R"({"version":{"distribution":"opensearch","number":"7.10.2"}})"));
  CHECK(compat.distribution == es::distribution::opensearch);
  const auto elastic = es::server_info::from_json(json::parse(R"({"name":"es01","cluster_name":"docker-cluster",
      "version":{"number":"8.15.0","build_flavor":"default","build_type":"docker","lucene_version":"9.11.1"},
      "tagline":"You Know, for Search"})"));
  CHECK(elastic.distribution == es::distribution::elasticsearch);
  CHECK(elastic.major == 8);
  CHECK(elastic.has_point_in_time());
  CHECK_FALSE(es::server_info::from_json(json::parse(R"({"version":{"distribution":"opensearch","number":"2.3.0"}})"))
                  .has_point_in_time());
  CHECK_FALSE(es::server_info::from_json(json::parse(R"({"version":{"number":"7.9.3"}})")).has_point_in_time());
}

TEST_CASE("point in time: the two APIs", "[es][client]") {
  const auto os = es::detail::point_in_time_api(es::distribution::opensearch, "web", "ID");
  CHECK(os.open_path == "/web/_search/point_in_time");
  CHECK(os.id_field == "pit_id");
  CHECK(os.close_path == "/_search/point_in_time");
  CHECK(os.close_body == json::parse(R"({"pit_id":["ID"]})"));
  const auto elastic = es::detail::point_in_time_api(es::distribution::elasticsearch, "web", "ID");
  CHECK(elastic.open_path == "/web/_pit");
  CHECK(elastic.id_field == "id");
  CHECK(elastic.close_path == "/_pit");
  CHECK(elastic.close_body == json::parse(R"({"id":"ID"})"));
}

TEST_CASE("API keys go out as Authorization: ApiKey base64(id:key)", "[es][client]") {
  CHECK(es::detail::base64("") == "");
  CHECK(es::detail::base64("f") == "Zg==");
  CHECK(es::detail::base64("fo") == "Zm8=");
  CHECK(es::detail::base64("foo") == "Zm9v");
  CHECK(es::detail::base64("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw") ==
        "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
  es::client_options o;
  o.api_key = "VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw";
  const auto h = es::detail::with_api_key(o);
  CHECK(h.default_headers.find("Authorization")->second == "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
  o.api_key = "already-encoded==";
  CHECK(es::detail::with_api_key(o).default_headers.find("Authorization")->second == "ApiKey already-encoded==");
  o.api_key.clear();
  CHECK(es::detail::with_api_key(o).default_headers.count("Authorization") == 0);
}

TEST_CASE("cluster health reads every count and ignores unknown keys", "[es][client]") {
  const auto h = es::cluster_health::from_json(json::parse(R"({"cluster_name":"aiops-test","status":"yellow",
      "timed_out":false,"number_of_nodes":1,"number_of_data_nodes":1,"discovered_master":true,
      "discovered_cluster_manager":true,"active_primary_shards":4,"active_shards":4,"relocating_shards":0,
      "initializing_shards":0,"unassigned_shards":2,"delayed_unassigned_shards":0,"number_of_pending_tasks":0,
      "number_of_in_flight_fetch":0,"task_max_waiting_in_queue_millis":0,"active_shards_percent_as_number":66.6})"));
  CHECK(h.status == "yellow");
  CHECK(h.number_of_nodes == 1);
  CHECK(h.active_primary_shards == 4);
  CHECK(h.unassigned_shards == 2);
  CHECK_FALSE(h.timed_out);
}
