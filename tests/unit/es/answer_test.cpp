// aiops: answers of the wrong shape from Elasticsearch/OpenSearch (a field of the wrong type, JSON
// nested too deep) become errors naming the field and the server, never a crash
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>   // std::chrono::milliseconds
#include <memory>   // std::make_unique
#include <stdexcept>  // std::out_of_range
#include <string>   // std::string
#include <utility>  // std::move

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <aiops/es.hpp>

#include "../http/test_server.hpp"
#include "answers.hpp"

namespace es = aiops::es;
namespace http = aiops::http;
using aiops::testing::test_server;
using nlohmann::json;

namespace {

// The message of what send_bulk throws for a one-item batch answered with `body`: an http_error
// about the bad answer.
std::string bulk_error(const std::string& body) {
  es::bulk_batch batch;
  batch.add({es::bulk_op::index, "web", "1", R"({"n":1})"});
  try {
    es::send_bulk(batch, {}, [&body](const std::string&, bool) { return aiops::testing::bulk_answer(body); }, [](std::chrono::milliseconds) {});
  } catch (const http::http_error& e) {
    CHECK(e.code() == aiops::errc::syntax);
    CHECK(e.url() == "http://127.0.0.1:19200/_bulk");
    return e.what();
  }
  return "(accepted)";
}

// A server that answers every call with `body`.
test_server answering(std::string body) {
  auto s = std::make_unique<httplib::Server>();
  const auto reply = [body](const httplib::Request&, httplib::Response& res) { res.set_content(body, "application/json"); };
  s->Get(".*", reply);
  s->Post(".*", reply);
  return test_server(std::move(s));
}

const char* const created = R"({"index":{"_index":"web","_id":"1","result":"created","status":201}})";

}  // namespace

TEST_CASE("send_bulk: a _bulk answer with a field of the wrong type names the field and the server", "[es][answer]") {
  struct bad {
    std::string body;
    std::string field;
  };
  const bad cases[] = {
      {R"({"took":1,"errors":1,"items":[)" + std::string(created) + "]}", R"(field "errors" is number 1, expected true or false)"},
      {R"({"took":1,"errors":false,"items":{}})", R"(field "items" is object {}, expected an array)"},
      {R"({"took":1,"errors":false})", R"(field "items" is missing)"},
      {R"({"errors":false,"items":[{"index":{"status":"201"}}]})", R"(field "items[0].index.status" is string "201", expected an integer)"},
      {R"({"errors":false,"items":[{"index":{"status":2.5e300}}]})", R"(field "items[0].index.status" is number)"},
      {R"({"errors":false,"items":[{"index":{"status":201,"_id":7}}]})", R"(field "items[0].index._id" is number 7, expected a string)"},
      {R"({"errors":false,"items":[{"index":[]}]})", R"(field "items[0].index" is array [], expected an object)"},
      {R"({"errors":false,"items":[{"index":{},"create":{}}]})", R"(field "items[0]" has 2 operations, expected one)"},
      {R"({"errors":false,"items":[{"index":{"status":400,"error":{"type":"x"}}}]})", R"(field "errors" is false, but items[0].index failed)"},
      {R"([1,2])", R"x(field "(the answer)" is array [1,2], expected an object)x"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    CHECK_THAT(bulk_error(c.body), Catch::StartsWith("POST http://127.0.0.1:19200/_bulk: HTTP 200: unexpected answer: ") &&
                                       Catch::Contains(c.field));
  }
}

TEST_CASE("send_bulk: an answer nested deeper than the HTTP module's limit is refused, not parsed", "[es][answer]") {
  const std::string deep = R"({"errors":false,"items":)" + std::string(100'000, '[') + std::string(100'000, ']') + "}";
  CHECK_THAT(bulk_error(deep), Catch::Contains("deeper than 512 levels"));
  CHECK_THAT(bulk_error("<html>proxy error</html>"), Catch::Contains("the answer is not JSON: <html>proxy error"));
}

TEST_CASE("search_response and server_info: a field of the wrong type throws answer_error naming it", "[es][answer]") {
  const auto field_of = [](const char* body) {
    try {
      es::search_response::from_json(json::parse(body));
    } catch (const es::answer_error& e) {
      return e.field();
    }
    return std::string("(accepted)");
  };
  CHECK(field_of(R"({"took":"x"})") == "took");
  CHECK(field_of(R"({"timed_out":"no"})") == "timed_out");
  CHECK(field_of(R"({"hits":[]})") == "hits");
  CHECK(field_of(R"({"hits":{"total":"5"}})") == "hits.total");
  CHECK(field_of(R"({"hits":{"total":{"value":1.5}}})") == "hits.total.value");
  CHECK(field_of(R"({"hits":{"hits":{}}})") == "hits.hits");
  CHECK(field_of(R"({"hits":{"hits":[{"_id":"a"},7]}})") == "hits.hits[1]");
  CHECK(field_of(R"({"hits":{"hits":[{"_score":"high"}]}})") == "hits.hits[0]._score");
  CHECK(field_of(R"({"aggregations":[]})") == "aggregations");
  CHECK(field_of(R"("hello")") == "(the answer)");
  // null is "not there", as the servers write it (a max_score or _score when sorted).
  CHECK(field_of(R"({"took":null,"hits":{"max_score":null,"hits":[{"_score":null}]}})") == "(accepted)");

  CHECK_THROWS_AS(es::server_info::from_json(json::parse(R"({"version":"2.19"})")), es::answer_error);
  CHECK_THROWS_WITH(es::server_info::from_json(json::parse(R"({"version":{"number":2}})")),
                    R"(field "version.number" is number 2, expected a string)");
  CHECK_THROWS_WITH(es::cluster_health::from_json(json::parse(R"({"number_of_nodes":"1"})")),
                    R"(field "number_of_nodes" is string "1", expected an integer)");
}

TEST_CASE("aggregations: members of the wrong type throw answer_error naming them", "[es][answer]") {
  const es::aggregations aggs(json::parse(R"({
    "n": {"count": "3", "min": 1, "doc_count": true, "sum_other_doc_count": 1.5},
    "p": {"values": {"ninety": 1}},
    "q": {"values": [{"value": 2}]},
    "r": {"values": 5},
    "b": {"buckets": [{"key": "a", "doc_count": "2"}]},
    "c": {"buckets": 3},
    "v": {"value": "fast"},
    "s": 4
  })"));
  CHECK_THROWS_WITH(aggs.stats("n"), R"(field "aggregations.n.count" is string "3", expected an integer)");
  CHECK_THROWS_WITH(aggs.doc_count("n"), R"(field "aggregations.n.doc_count" is boolean true, expected an integer)");
  CHECK_THROWS_AS(aggs.sum_other_doc_count("n"), es::answer_error);
  CHECK_THROWS_WITH(aggs.percentiles("p"), R"(field "aggregations.p.values" has the key "ninety", which is not a percent)");
  CHECK_THROWS_WITH(aggs.percentiles("q"), R"(field "aggregations.q.values[0].key" is missing)");
  CHECK_THROWS_WITH(aggs.percentiles("r"), R"(field "aggregations.r.values" is number 5, expected an object or an array)");
  CHECK_THROWS_WITH(aggs.buckets("b"), R"(field "aggregations.b.buckets[0].doc_count" is string "2", expected an integer)");
  CHECK_THROWS_WITH(aggs.buckets("c"), R"(field "aggregations.c.buckets" is number 3, expected an object)");
  CHECK_THROWS_WITH(aggs.value("v"), R"(field "aggregations.v.value" is string "fast", expected a number)");
  CHECK_THROWS_WITH(aggs.value("s"), R"(field "aggregations.s" is number 4, expected an object)");
  CHECK_THROWS_AS(aggs.sub("s"), es::answer_error);
  CHECK_THROWS_AS(aggs.value("missing"), std::out_of_range);
}

TEST_CASE("client: a 200 answer of the wrong shape is an http_error naming the server, the call and the field", "[es][answer]") {
  const test_server server = answering(R"({"took":"x","count":"many","hits":{"hits":[]}})");
  es::client es(server.url());
  try {
    es.search("web", {});
    FAIL("a string took must throw");
  } catch (const http::http_error& e) {
    CHECK(e.code() == aiops::errc::syntax);
    CHECK(e.status() == 200);
    CHECK_THAT(e.what(), Catch::StartsWith("POST " + server.url() + "/web/_search: HTTP 200: unexpected answer: "
                                           R"(field "took" is string "x", expected an integer)"));
  }
  CHECK_THROWS_WITH(es.count("web"), Catch::Contains(server.url() + "/web/_count") &&
                                         Catch::Contains(R"(field "count" is string "many", expected an integer)"));

  const test_server deep = answering(std::string(600, '[') + std::string(600, ']'));
  CHECK_THROWS_WITH(es::client(deep.url()).info(), Catch::Contains("GET " + deep.url() + "/") &&
                                                       Catch::Contains("nests JSON deeper than 512 levels"));
}
