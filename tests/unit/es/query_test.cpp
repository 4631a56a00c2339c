// aiops: the query and aggregation builders, and the search request they go into
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>      // NAN
#include <stdexcept>  // std::invalid_argument

#include <nlohmann/json.hpp>

#include <aiops/es.hpp>

namespace es = aiops::es;
using nlohmann::json;

TEST_CASE("leaf queries are the DSL's JSON", "[es][query]") {
  CHECK(es::match_all().json() == json::parse(R"({"match_all":{}})"));
  CHECK(es::query().json() == es::match_all().json());
  CHECK(es::term("http.response.status_code", 503).json() == json::parse(R"({"term":{"http.response.status_code":503}})"));
  CHECK(es::term("log.level", "error").json() == json::parse(R"({"term":{"log.level":"error"}})"));
  CHECK(es::terms("http.request.method", {"PUT", "DELETE"}).json() ==
        json::parse(R"({"terms":{"http.request.method":["PUT","DELETE"]}})"));
  CHECK(es::match("message", "connection refused").json() == json::parse(R"({"match":{"message":{"query":"connection refused"}}})"));
  CHECK(es::match("message", "connection refused", true).json() ==
        json::parse(R"({"match":{"message":{"query":"connection refused","operator":"and"}}})"));
  CHECK(es::match_phrase("message", "timed out").json() == json::parse(R"({"match_phrase":{"message":"timed out"}})"));
  CHECK(es::exists("user.name").json() == json::parse(R"({"exists":{"field":"user.name"}})"));
  CHECK(es::prefix("url.path", "/api/").json() == json::parse(R"({"prefix":{"url.path":"/api/"}})"));
  CHECK(es::query_string("status:>=500 AND path:\"/a b\"").json() ==
        json::parse(R"({"query_string":{"query":"status:>=500 AND path:\"/a b\""}})"));
  CHECK(es::query_string("timeout", {"message", "error.message"}).json() ==
        json::parse(R"({"query_string":{"query":"timeout","fields":["message","error.message"]}})"));
  CHECK(es::query(json::parse(R"({"wildcard":{"url.path":"/api/*"}})")).json()["wildcard"]["url.path"] == "/api/*");
}

TEST_CASE("range queries: numbers, date math, and time ranges from epoch nanoseconds", "[es][query]") {
  es::query q = es::range("http.response.status_code").gte(500).lt(600);
  CHECK(q.json() == json::parse(R"({"range":{"http.response.status_code":{"gte":500,"lt":600}}})"));
  q = es::range("@timestamp").gte("now-15m").time_zone("+08:00");
  CHECK(q.json() == json::parse(R"({"range":{"@timestamp":{"gte":"now-15m","time_zone":"+08:00"}}})"));
  const aiops::timestamp_ns from = aiops::parse_rfc3339("2025-06-05T14:12:00Z").value();
  const aiops::timestamp_ns to = aiops::parse_rfc3339("2025-06-05T14:52:00.5Z").value();
  CHECK(es::time_range("@timestamp", from, to).json() ==
        json::parse(R"({"range":{"@timestamp":{"gte":"2025-06-05T14:12:00.000Z","lt":"2025-06-05T14:52:00.500Z",)"
                    R"("format":"strict_date_optional_time"}}})"));
  CHECK(es::date_value(0) == "1970-01-01T00:00:00.000Z");
}

TEST_CASE("bool queries nest and collect clauses per occurrence", "[es][query]") {
  es::query q = es::bool_query()
                    .filter(es::range("http.response.status_code").gte(500))
                    .filter(es::prefix("url.path", "/api/"))
                    .must_not(es::term("url.path", "/healthz"))
                    .should(es::term("http.request.method", "POST"))
                    .should(es::bool_query().must(es::match("message", "timeout")))
                    .minimum_should_match(1);
  CHECK(q.json() == json::parse(R"({"bool":{
      "filter":[{"range":{"http.response.status_code":{"gte":500}}},{"prefix":{"url.path":"/api/"}}],
      "must_not":[{"term":{"url.path":"/healthz"}}],
      "should":[{"term":{"http.request.method":"POST"}},{"bool":{"must":[{"match":{"message":{"query":"timeout"}}}]}}],
      "minimum_should_match":1}})"));
  CHECK(es::query(es::bool_query()).json() == json::parse(R"({"bool":{}})"));
}

TEST_CASE("aggregations: kinds, options, nesting, and options that do not apply", "[es][aggs]") {
  const auto a = es::aggregation::terms("url.path", 5)
                     .order("_count", false)
                     .min_doc_count(2)
                     .sub("p95", es::aggregation::percentiles("event.duration", {95}))
                     .sub("per_hour", es::aggregation::date_histogram("@timestamp").fixed_interval("1h").sub(
                                          "bytes", es::aggregation::sum("http.response.body.bytes")));
  CHECK(a.to_json() == json::parse(R"({
      "terms":{"field":"url.path","size":5,"order":{"_count":"desc"},"min_doc_count":2},
      "aggs":{"p95":{"percentiles":{"field":"event.duration","percents":[95.0]}},
              "per_hour":{"date_histogram":{"field":"@timestamp","fixed_interval":"1h"},
                          "aggs":{"bytes":{"sum":{"field":"http.response.body.bytes"}}}}}})"));

  const aiops::timestamp_ns start = aiops::parse_rfc3339("2025-06-02T00:00:00Z").value();
  const auto h = es::aggregation::date_histogram("@timestamp")
                     .calendar_interval("1d")
                     .min_doc_count(0)
                     .extended_bounds(start, start + 6 * aiops::ns_per_day)
                     .time_zone("Asia/Shanghai");
  CHECK(h.to_json()["date_histogram"] == json::parse(R"({"field":"@timestamp","calendar_interval":"1d","min_doc_count":0,
      "extended_bounds":{"min":1748822400000,"max":1749340800000},"time_zone":"Asia/Shanghai"})"));
  CHECK(es::aggregation::cardinality("source.ip").precision_threshold(40000).to_json() ==
        json::parse(R"({"cardinality":{"field":"source.ip","precision_threshold":40000}})"));
  CHECK(es::aggregation::filter(es::term("log.level", "error")).to_json() ==
        json::parse(R"({"filter":{"term":{"log.level":"error"}}})"));
  CHECK(es::aggregation::range("event.duration", {{NAN, 1e8}, {1e8, 1e9}, {1e9, NAN}}).to_json() ==
        json::parse(R"({"range":{"field":"event.duration","ranges":[{"to":1e8},{"from":1e8,"to":1e9},{"from":1e9}]}})"));
  CHECK(es::aggregation::stats("x").kind() == "stats");
  CHECK(es::aggregation::value_count("x").to_json() == json::parse(R"({"value_count":{"field":"x"}})"));
  CHECK(es::aggregation::histogram("x", 100).missing(0).to_json() ==
        json::parse(R"({"histogram":{"field":"x","interval":100.0,"missing":0}})"));

  CHECK_THROWS_AS(es::aggregation::terms("x").fixed_interval("1h"), std::invalid_argument);
  CHECK_THROWS_AS(es::aggregation::avg("x").size(3), std::invalid_argument);
  CHECK_THROWS_AS(es::aggregation::date_histogram("t").precision_threshold(3), std::invalid_argument);
  CHECK_THROWS_WITH(es::aggregation::sum("x").order("_key", true), Catch::Contains("order does not apply to sum"));
}

TEST_CASE("search_request: what is sent", "[es][search]") {
  es::search_request r;
  CHECK(r.to_json() == json::parse(R"({"query":{"match_all":{}},"size":10,"track_total_hits":true})"));
  r.query = es::term("http.response.status_code", 404);
  r.size = 0;
  r.from = 20;
  r.sort = {{"@timestamp", true}, {"event.id"}};
  r.source_includes = {"url.path"};
  r.aggs.emplace_back("paths", es::aggregation::terms("url.path"));
  r.search_after = json::array({1748825580000, "x"});
  CHECK(r.to_json() == json::parse(R"({"query":{"term":{"http.response.status_code":404}},"size":0,"from":20,
      "track_total_hits":true,"sort":[{"@timestamp":{"order":"desc"}},{"event.id":{"order":"asc"}}],
      "_source":{"includes":["url.path"]},"aggs":{"paths":{"terms":{"field":"url.path","size":10}}},
      "search_after":[1748825580000,"x"]})"));
  r.source = false;
  CHECK(r.to_json()["_source"] == false);
}
