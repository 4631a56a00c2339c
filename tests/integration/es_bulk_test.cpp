// aiops: aiops::es bulk indexing against the real OpenSearch node: the whole nginx dataset counted
// exactly, mapping errors reported item by item, and 429 items retried until they land
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>  // durations
#include <set>     // std::set
#include <string>  // std::string
#include <vector>  // std::vector

#include <nlohmann/json.hpp>

#include <aiops/es.hpp>

#include "es_support.hpp"

namespace es = aiops::es;
using namespace aiops::testing;

TEST_CASE("es: the nginx dataset, bulk-indexed through the ingester, is all there", "[integration][es]") {
  INFO(server_hint("opensearch", opensearch_url()));
  es::client os = opensearch();
  CHECK(os.info().distribution == es::distribution::opensearch);
  const es::bulk_report r = build_nginx_index(os);
  const std::int64_t valid = nginx_truth()["valid_lines"].get<std::int64_t>();
  CAPTURE(r.describe());
  CHECK(nginx_valid_lines() == valid);
  CHECK(r.items == static_cast<std::size_t>(valid));
  CHECK(r.created == static_cast<std::size_t>(valid));
  CHECK(r.failed == 0);
  CHECK(r.requests >= static_cast<std::size_t>(valid) / 1000);
  CHECK(os.count(nginx_index) == valid);
  CHECK(os.count(nginx_index, es::term("http.response.status_code", 504)) ==
        nginx_truth()["status_counts"]["504"].get<std::int64_t>());
  CHECK(os.field_type(nginx_index, "http.response.status_code") == "long");
  CHECK(os.field_type(nginx_index, "source.ip") == "ip");
  CHECK(os.field_type(nginx_index, "http.response") == "object");
  CHECK(os.field_type(nginx_index, "no.such.field").empty());
}

TEST_CASE("es: documents the mapping refuses are reported one by one, the others land", "[integration][es]") {
  INFO(server_hint("opensearch", opensearch_url()));
  es::client os = opensearch();
  const std::string index = "aiops-it-strict";
  os.delete_index(index);
  os.create_index(index, nlohmann::json::parse(R"({"settings":{"number_of_shards":1,"number_of_replicas":0},
      "mappings":{"dynamic":"strict","properties":{"n":{"type":"long"},"path":{"type":"keyword"}}}})"));

  std::vector<es::bulk_action> actions;
  std::set<std::string> bad_number, unknown_field;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = "doc-" + std::to_string(i);
    std::string source = R"({"n":)" + std::to_string(i) + R"(,"path":"/p/)" + std::to_string(i % 7) + R"("})";
    if (i % 97 == 13) {
      source = R"({"n":"not a number","path":"/x"})";
      bad_number.insert(id);
    } else if (i % 211 == 5) {
      source = R"({"n":1,"extra":true})";
      unknown_field.insert(id);
    }
    actions.push_back({es::bulk_op::index, index, id, source});
  }
  std::vector<es::bulk_failure> seen;
  es::bulk_options o;
  o.limits.max_docs = 300;
  o.refresh = "wait_for";
  o.on_failure = [&seen](const es::bulk_failure& f) { seen.push_back(f); };
  const es::bulk_report r = os.bulk(actions, o);

  const std::size_t bad = bad_number.size() + unknown_field.size();
  CAPTURE(r.describe());
  CHECK(r.requests == 4);
  CHECK(r.failed == bad);
  CHECK(r.succeeded == 1000 - bad);
  CHECK(seen.size() == bad);
  for (const auto& f : seen) {
    CAPTURE(f.id, f.type, f.reason);
    CHECK(f.status == 400);
    CHECK(f.index == index);
    if (bad_number.count(f.id)) {
      CHECK(f.type == "mapper_parsing_exception");
      CHECK(f.reason.find("failed to parse field [n] of type [long]") != std::string::npos);
      CHECK(f.source == R"({"n":"not a number","path":"/x"})");
    } else {
      CHECK(unknown_field.count(f.id) == 1);
      CHECK(f.type == "strict_dynamic_mapping_exception");
    }
  }
  CHECK(os.count(index) == static_cast<std::int64_t>(1000 - bad));
  CHECK(os.count(index, es::term("path", "/x")) == 0);
  os.delete_index(index);
}

TEST_CASE("es: items refused with 429 are retried, exactly those, until they land", "[integration][es]") {
  INFO(server_hint("opensearch", opensearch_url()));
  es::client admin = opensearch();
  const std::string open_index = "aiops-it-open", blocked_index = "aiops-it-blocked";
  const auto block = [&admin, &blocked_index](bool on) {
    admin.call("PUT", "/" + blocked_index + "/_settings", {{"index.blocks.read_only_allow_delete", on}});
  };
  for (const auto& name : {open_index, blocked_index}) {
    admin.delete_index(name);
    admin.create_index(name, es::ecs::index_body());
  }
  // The flood-stage block of a full disk: the server refuses its items with 429, the others land.
  block(true);
  std::vector<es::bulk_action> actions;
  for (int i = 0; i < 10; ++i) {
    actions.push_back({es::bulk_op::index, i % 2 ? blocked_index : open_index, "d" + std::to_string(i), R"({"message":"x"})"});
  }

  // The first backoff is when the disk gets freed: the retry then succeeds.
  es::client_options options;
  int sleeps = 0;
  options.http.clock.sleep = [&](std::chrono::milliseconds) {
    if (++sleeps == 1) block(false);
  };
  es::client os(opensearch_url(), options);
  es::bulk_options o;
  o.refresh = "true";
  const es::bulk_report r = os.bulk(actions, o);
  CAPTURE(r.describe());
  CHECK(sleeps == 1);
  CHECK(r.requests == 2);
  CHECK(r.retried == 5);
  CHECK(r.succeeded == 10);
  CHECK(r.failed == 0);
  CHECK(os.count(open_index) == 5);
  CHECK(os.count(blocked_index) == 5);

  // Still blocked after every retry: reported as failures with the server's reason, none dropped.
  block(true);
  es::client_options waiting;
  std::vector<std::chrono::milliseconds> waits;
  waiting.http.clock.sleep = [&waits](std::chrono::milliseconds d) { waits.push_back(d); };
  es::client stuck(opensearch_url(), waiting);
  o.max_retries = 2;
  for (auto& a : actions) a.id += "-again";
  const es::bulk_report r2 = stuck.bulk(actions, o);
  CAPTURE(r2.describe());
  CHECK(waits.size() == 2);
  CHECK(r2.succeeded == 5);
  CHECK(r2.failed == 5);
  for (const auto& f : r2.failures) {
    CHECK(f.index == blocked_index);
    CHECK(f.status == 429);
    CHECK(f.type == "retries_exhausted");
    CHECK(f.reason.find("cluster_block_exception") != std::string::npos);
    CHECK(f.attempts == 3);
  }
  block(false);
  for (const auto& name : {open_index, blocked_index}) admin.delete_index(name);
}
