// aiops: the _bulk NDJSON builder, the per-item answer, and the retry of exactly the refused items
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>     // std::chrono::milliseconds
#include <deque>      // std::deque
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <vector>     // std::vector

#include <nlohmann/json.hpp>

#include <aiops/es.hpp>

#include "answers.hpp"

namespace es = aiops::es;
namespace http = aiops::http;
using std::chrono::milliseconds;

namespace {

es::bulk_action doc(std::string id, std::string source = R"({"n":1})") {
  return {es::bulk_op::index, "web", std::move(id), std::move(source)};
}

// The answer OpenSearch 2.19.6 gave (with the client's filter_path) to: index 1 {"n":1}, index 2
// {"n":"abc"} into a long, create 1 again, index 3 with a field a strict mapping lacks, delete 9.
const char* const mixed_answer =
    R"json({"took":9,"errors":true,"items":[{"index":{"_index":"try-strict","_id":"1","result":"created","status":201}},)json"
    R"json({"index":{"_index":"try-strict","_id":"2","status":400,"error":{"type":"mapper_parsing_exception","reason":"failed to parse field [n] of type [long] in document with id '2'. Preview of field's value: 'abc'","caused_by":{"type":"illegal_argument_exception","reason":"For input string: \"abc\""}}}},)json"
    R"json({"create":{"_index":"try-strict","_id":"1","status":409,"error":{"type":"version_conflict_engine_exception","reason":"[1]: version conflict, document already exists (current version [1])","index":"try-strict","shard":"0","index_uuid":"o6wb6n99RnCuqDxY3quDXA"}}},)json"
    R"json({"index":{"_index":"try-strict","_id":"3","status":400,"error":{"type":"strict_dynamic_mapping_exception","reason":"mapping set to strict, dynamic introduction of [x] within [_doc] is not allowed"}}},)json"
    R"json({"delete":{"_index":"try-strict","_id":"9","result":"not_found","status":404}}]})json";

// An item refused by an index with the flood-stage block (what a full disk does), from the same server.
std::string blocked_item(const std::string& id) {
  return R"({"index":{"_index":"web","_id":")" + id +
         R"(","status":429,"error":{"type":"cluster_block_exception","reason":"index [web] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block];"}}})";
}
std::string created_item(const std::string& id) {
  return R"({"index":{"_index":"web","_id":")" + id + R"(","result":"created","status":201}})";
}
std::string answer_of(const std::vector<std::string>& items) {
  std::string s = R"({"took":3,"errors":true,"items":[)";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? "," : "") + items[i];
  return s + "]}";
}
http::response ok(std::string body) { return aiops::testing::bulk_answer(std::move(body)); }

// A transport that records every body it is given and answers from a script.
struct scripted {
  std::deque<http::response> answers;
  std::vector<std::string> bodies;
  std::vector<bool> idempotent;
  es::bulk_transport transport() {
    return [this](const std::string& body, bool repeatable) {
      bodies.push_back(body);
      idempotent.push_back(repeatable);
      REQUIRE_FALSE(answers.empty());
      http::response r = answers.front();
      answers.pop_front();
      return r;
    };
  }
};

}  // namespace

TEST_CASE("bulk_batch writes NDJSON: action line, source line, every line ends in a newline", "[es][bulk]") {
  es::bulk_batch b;
  b.add(doc("a1", "{\"msg\":\"x\",\n  \"n\": 2}\r\n"), 7);
  b.add({es::bulk_op::create, "web-2", "", R"({"n":3})"});
  b.add({es::bulk_op::delete_, "web", "a\"q", ""});
  b.add({es::bulk_op::update, "web", "u1", R"({"doc":{"n":4}})"});
  CHECK(b.body() ==
        "{\"index\":{\"_index\":\"web\",\"_id\":\"a1\"}}\n{\"msg\":\"x\",   \"n\": 2}  \n"
        "{\"create\":{\"_index\":\"web-2\"}}\n{\"n\":3}\n"
        "{\"delete\":{\"_index\":\"web\",\"_id\":\"a\\\"q\"}}\n"
        "{\"update\":{\"_index\":\"web\",\"_id\":\"u1\"}}\n{\"doc\":{\"n\":4}}\n");
  CHECK(b.size() == 4);
  CHECK(b.tag(0) == 7);
  CHECK(b.op(2) == es::bulk_op::delete_);
  CHECK(b.action_line(1) == R"({"create":{"_index":"web-2"}})");
  CHECK(b.source(1) == R"({"n":3})");
  CHECK(b.source(2).empty());
  // Every line of the body is one JSON value.
  for (auto line : aiops::split(std::string_view(b.body()).substr(0, b.body().size() - 1), '\n')) {
    CHECK_FALSE(nlohmann::json::parse(line, nullptr, false).is_discarded());
  }

  const es::bulk_batch retry = b.select({3, 0});
  CHECK(retry.body() ==
        "{\"update\":{\"_index\":\"web\",\"_id\":\"u1\"}}\n{\"doc\":{\"n\":4}}\n"
        "{\"index\":{\"_index\":\"web\",\"_id\":\"a1\"}}\n{\"msg\":\"x\",   \"n\": 2}  \n");
  CHECK(retry.tag(1) == 7);
  CHECK(retry.source(0) == R"({"doc":{"n":4}})");
}

TEST_CASE("bulk_batch refuses incomplete items", "[es][bulk]") {
  es::bulk_batch b;
  CHECK_THROWS_AS(b.add({es::bulk_op::index, "", "1", "{}"}), std::invalid_argument);
  CHECK_THROWS_AS(b.add({es::bulk_op::delete_, "web", "", ""}), std::invalid_argument);
  CHECK_THROWS_AS(b.add({es::bulk_op::update, "web", "", "{}"}), std::invalid_argument);
  CHECK_THROWS_AS(b.add({es::bulk_op::index, "web", "1", ""}), std::invalid_argument);
  CHECK(b.empty());
  CHECK_THROWS_AS(es::bulk_batch({.max_docs = 0}), std::invalid_argument);
}

TEST_CASE("bulk_batch fills up by documents and by bytes, one oversized item goes alone", "[es][bulk]") {
  es::bulk_batch by_docs({.max_docs = 3, .max_bytes = 1 << 20});
  for (int i = 0; i < 3; ++i) {
    REQUIRE(by_docs.fits(doc(std::to_string(i))));
    by_docs.add(doc(std::to_string(i)));
  }
  CHECK(by_docs.full());
  CHECK_FALSE(by_docs.fits(doc("3")));

  es::bulk_batch by_bytes({.max_docs = 1000, .max_bytes = 200});
  const std::string forty(40, 'x');
  int added = 0;
  while (by_bytes.fits(doc("id", R"({"m":")" + forty + R"("})"))) {
    by_bytes.add(doc("id", R"({"m":")" + forty + R"("})"));
    ++added;
  }
  CHECK(added == 2);  // 2 x 87 bytes fit in 200; a third would not
  CHECK(by_bytes.bytes() <= 200);

  es::bulk_batch alone({.max_docs = 10, .max_bytes = 100});
  const es::bulk_action huge = doc("big", R"({"m":")" + std::string(500, 'y') + R"("})");
  CHECK(alone.fits(huge));  // an empty batch takes anything
  alone.add(huge);
  CHECK(alone.full());
  CHECK_FALSE(alone.fits(doc("small")));
}

TEST_CASE("parse_bulk_items reads every item of a real OpenSearch answer", "[es][bulk]") {
  const auto items = es::parse_bulk_items(nlohmann::json::parse(mixed_answer));
  REQUIRE(items.size() == 5);
  CHECK(items[0].ok());
  CHECK(items[0].result == "created");
  CHECK(items[0].id == "1");
  CHECK_FALSE(items[1].ok());
  CHECK(items[1].status == 400);
  CHECK(items[1].error_type == "mapper_parsing_exception");
  CHECK(items[1].error_reason.find("failed to parse field [n] of type [long]") == 0);
  CHECK(items[1].error_reason.find("(caused by illegal_argument_exception: For input string: \"abc\")") !=
        std::string::npos);
  CHECK(items[2].status == 409);
  CHECK(items[3].error_type == "strict_dynamic_mapping_exception");
  CHECK(items[4].ok());  // deleting a missing document leaves it missing: done
  CHECK_THROWS_AS(es::parse_bulk_items(nlohmann::json::parse(R"({"took":1})")), aiops::error);
  CHECK_THROWS_AS(es::parse_bulk_items(nlohmann::json::parse(R"({"items":[5]})")), aiops::error);
}

TEST_CASE("send_bulk reports rejected items with their reasons and lets the rest land", "[es][bulk]") {
  es::bulk_batch b;
  b.add({es::bulk_op::index, "try-strict", "1", R"({"n":1})"}, 100);
  b.add({es::bulk_op::index, "try-strict", "2", R"({"n":"abc"})"}, 101);
  b.add({es::bulk_op::create, "try-strict", "1", R"({"n":2})"}, 102);
  b.add({es::bulk_op::index, "try-strict", "3", R"({"x":1})"}, 103);
  b.add({es::bulk_op::delete_, "try-strict", "9", ""}, 104);
  scripted s;
  s.answers.push_back(ok(mixed_answer));
  std::vector<es::bulk_failure> seen;
  es::bulk_options o;
  o.on_failure = [&seen](const es::bulk_failure& f) { seen.push_back(f); };
  std::vector<milliseconds> waits;
  const es::bulk_report r = es::send_bulk(b, o, s.transport(), [&waits](milliseconds d) { waits.push_back(d); });

  CHECK(s.bodies.size() == 1);  // nothing to retry: 400 and 409 are final
  CHECK(s.idempotent == std::vector<bool>{true});
  CHECK(waits.empty());
  CHECK(r.items == 5);
  CHECK(r.succeeded == 2);
  CHECK(r.created == 1);
  CHECK(r.failed == 3);
  CHECK(r.succeeded + r.failed == r.items);
  REQUIRE(r.failures.size() == 3);
  CHECK(seen.size() == 3);
  CHECK(r.failures[0].tag == 101);
  CHECK(r.failures[0].id == "2");
  CHECK(r.failures[0].index == "try-strict");
  CHECK(r.failures[0].status == 400);
  CHECK(r.failures[0].type == "mapper_parsing_exception");
  CHECK(r.failures[0].source == R"({"n":"abc"})");
  CHECK(r.failures[1].op == es::bulk_op::create);
  CHECK(r.failures[1].status == 409);
  CHECK(r.failures[2].type == "strict_dynamic_mapping_exception");
  CHECK(r.describe().find("5 items: 1 created, 0 updated, 1 other successes, 3 failed") == 0);
  CHECK(r.describe().find("index try-strict/3: HTTP 400 strict_dynamic_mapping_exception") != std::string::npos);
}

TEST_CASE("send_bulk retries exactly the items refused with 429, after a backoff", "[es][bulk]") {
  es::bulk_batch b;
  for (int i = 0; i < 4; ++i) b.add(doc("d" + std::to_string(i)), 10 + i);
  scripted s;
  s.answers.push_back(ok(answer_of({created_item("d0"), blocked_item("d1"), created_item("d2"), blocked_item("d3")})));
  s.answers.push_back(ok(answer_of({blocked_item("d1"), created_item("d3")})));
  s.answers.push_back(ok(answer_of({created_item("d1")})));
  std::vector<milliseconds> waits;
  es::bulk_options o;
  o.backoff_base = milliseconds(100);
  const es::bulk_report r = es::send_bulk(b, o, s.transport(), [&waits](milliseconds d) { waits.push_back(d); });

  REQUIRE(s.bodies.size() == 3);
  CHECK(s.bodies[1] == b.select({1, 3}).body());
  CHECK(s.bodies[2] == b.select({1}).body());
  CHECK(r.items == 4);
  CHECK(r.succeeded == 4);
  CHECK(r.created == 4);
  CHECK(r.failed == 0);
  CHECK(r.retried == 3);
  CHECK(r.requests == 3);
  REQUIRE(waits.size() == 2);
  CHECK(waits[0] <= milliseconds(100));  // full jitter under the ceiling, which doubles
  CHECK(waits[1] <= milliseconds(200));
}

TEST_CASE("send_bulk: items still refused after the last retry are failures, never dropped", "[es][bulk]") {
  es::bulk_batch b;
  b.add(doc("a"), 1);
  b.add(doc("b"), 2);
  scripted s;
  s.answers.push_back(ok(answer_of({created_item("a"), blocked_item("b")})));
  for (int i = 0; i < 3; ++i) s.answers.push_back(ok(answer_of({blocked_item("b")})));
  es::bulk_options o;
  o.max_retries = 3;
  std::vector<milliseconds> waits;
  const es::bulk_report r = es::send_bulk(b, o, s.transport(), [&waits](milliseconds d) { waits.push_back(d); });
  CHECK(s.bodies.size() == 4);
  CHECK(waits.size() == 3);
  CHECK(r.succeeded == 1);
  CHECK(r.failed == 1);
  REQUIRE(r.failures.size() == 1);
  CHECK(r.failures[0].tag == 2);
  CHECK(r.failures[0].status == 429);
  CHECK(r.failures[0].type == "retries_exhausted");
  CHECK(r.failures[0].reason.find("still refused after 4 attempts: cluster_block_exception") == 0);
  CHECK(r.failures[0].attempts == 4);
}

TEST_CASE("send_bulk: a whole request refused with 429/503 is sent again, other errors throw", "[es][bulk]") {
  es::bulk_batch b;
  b.add(doc("a"));
  b.add({es::bulk_op::index, "web", "", R"({"n":2})"});  // no id: repeating it could make a copy
  scripted s;
  http::response busy = ok(R"({"error":{"type":"rejected_execution_exception","reason":"rejected execution of coordinating operation"},"status":429})");
  busy.status = 429;
  http::response unavailable = ok(R"({"error":{"type":"cluster_block_exception","reason":"blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized];"},"status":503})");
  unavailable.status = 503;
  s.answers.push_back(busy);
  s.answers.push_back(unavailable);
  s.answers.push_back(ok(answer_of({created_item("a"), created_item("x")})));
  std::vector<milliseconds> waits;
  const es::bulk_report r = es::send_bulk(b, {}, s.transport(), [&waits](milliseconds d) { waits.push_back(d); });
  CHECK(s.bodies.size() == 3);
  CHECK(s.bodies[0] == s.bodies[2]);
  CHECK(s.idempotent[0] == false);
  CHECK(r.succeeded == 2);
  CHECK(r.retried == 4);

  scripted bad;
  http::response refused = ok(R"({"error":{"type":"illegal_argument_exception","reason":"The bulk request must be terminated by a newline [\\n]"},"status":400})");
  refused.status = 400;
  bad.answers.push_back(refused);
  try {
    es::send_bulk(b, {}, bad.transport(), [](milliseconds) {});
    FAIL("a 400 answer must throw");
  } catch (const es::server_error& e) {
    CHECK(e.status() == 400);
    CHECK(e.type() == "illegal_argument_exception");
    CHECK(e.reason() == "The bulk request must be terminated by a newline [\\n]");
  }

  scripted short_answer;
  short_answer.answers.push_back(ok(answer_of({created_item("a")})));
  CHECK_THROWS_WITH(es::send_bulk(b, {}, short_answer.transport(), [](milliseconds) {}),
                    Catch::Contains("has 1 items for 2 sent"));
}

TEST_CASE("bulk_report merges counts and keeps at most the asked number of failures", "[es][bulk]") {
  es::bulk_report a;
  a.items = 3;
  a.succeeded = 2;
  a.created = 2;
  a.failed = 1;
  a.failures.push_back({.id = "x", .status = 400});
  es::bulk_report total;
  total.merge(a, 2);
  total.merge(a, 2);
  total.merge(a, 2);
  CHECK(total.items == 9);
  CHECK(total.failed == 3);
  CHECK(total.failures.size() == 2);
  CHECK(total.describe().find("... and 1 more") != std::string::npos);
}

TEST_CASE("send_bulk: a whole request refused with Retry-After waits at least that long, cut to backoff_cap", "[es][bulk]") {
  es::bulk_batch b;
  b.add(doc("a"));
  scripted s;
  http::response busy = ok(R"({"error":{"type":"rejected_execution_exception","reason":"too many requests"},"status":429})");
  busy.status = 429;
  busy.headers.emplace("Retry-After", "3");
  http::response long_wait = busy;
  long_wait.headers.erase("Retry-After");
  long_wait.headers.emplace("Retry-After", "3600");
  s.answers.push_back(busy);
  s.answers.push_back(long_wait);
  s.answers.push_back(ok(answer_of({created_item("a")})));
  es::bulk_options o;
  o.backoff_base = milliseconds(10);
  o.backoff_cap = milliseconds(60'000);
  std::vector<milliseconds> waits;
  const es::bulk_report r = es::send_bulk(b, o, s.transport(), [&waits](milliseconds d) { waits.push_back(d); });
  CHECK(r.succeeded == 1);
  CHECK(waits == std::vector<milliseconds>{milliseconds(3'000), milliseconds(60'000)});
}
