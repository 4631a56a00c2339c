// aiops: fault injection between aiops::es (bulk ingester) and the real OpenSearch node: 429 with and
// without Retry-After, 503, resets, lost answers and a stalled server
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::max
#include <chrono>   // durations
#include <cstddef>  // std::size_t
#include <string>   // std::string, std::to_string

#include <aiops/es.hpp>

#include "fault_proxy.hpp"
#include "servers.hpp"

namespace es = aiops::es;
using aiops::testing::fault;
using aiops::testing::fault_proxy;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t documents = 300;

es::client_options behind_proxy(aiops::testing::sleep_log& log) { return {.http = aiops::testing::recorded_options(log)}; }

// A fresh index on the real node (reached directly, not through the proxy).
es::client fresh_index(const std::string& index) {
  INFO(aiops::testing::server_hint("opensearch", aiops::testing::opensearch_url()));
  es::client direct(aiops::testing::opensearch_url());
  direct.delete_index(index);
  direct.create_index(index, {{"settings", {{"number_of_shards", 1}, {"number_of_replicas", 0}}}});
  return direct;
}

// Pushes `documents` documents with ids 0..n-1 (ids make a repeated bulk request harmless) and closes.
es::bulk_report ingest(const std::string& url, const es::client_options& client_opts, const std::string& index,
                       es::ingester_options options = {}) {
  options.bulk.refresh = "true";
  options.bulk.backoff_base = 50ms;
  options.bulk.limits.max_docs = 100;
  es::bulk_ingester in(url, client_opts, options);
  for (std::size_t i = 0; i < documents; ++i) {
    in.push({es::bulk_op::index, index, std::to_string(i), R"({"n":)" + std::to_string(i) + "}"});
  }
  return in.close();
}

}  // namespace

TEST_CASE("fault/es: bulk refused with 429 and Retry-After: the wait is what the server asked, nothing lost",
          "[integration][fault][es]") {
  const std::string index = "aiops-fault-429";
  es::client direct = fresh_index(index);
  fault_proxy proxy(aiops::testing::opensearch_url());
  proxy.inject(2, fault::answer(429, 1), "/_bulk");
  aiops::testing::sleep_log waits;

  const es::bulk_report r = ingest(proxy.url(), behind_proxy(waits), index, {.workers = 1});
  CHECK(r.succeeded == documents);
  CHECK(r.failed == 0);
  CHECK(direct.count(index) == static_cast<std::int64_t>(documents));
  // Two refusals, then the three batches: the retries waited the full second Retry-After asked.
  CHECK(proxy.requests("/_bulk").size() == 2 + documents / 100);
  const auto w = waits.waits();
  REQUIRE(w.size() == 2);
  CHECK(w[0] == 1000ms);
  CHECK(w[1] == 1000ms);
  direct.delete_index(index);
}

TEST_CASE("fault/es: 429 and 503 without Retry-After beyond the HTTP retries: retried with growing backoff, nothing lost",
          "[integration][fault][es]") {
  const std::string index = "aiops-fault-503";
  es::client direct = fresh_index(index);
  fault_proxy proxy(aiops::testing::opensearch_url());
  // More refusals than the HTTP client's 3 attempts: the bulk layer's own rounds take over.
  proxy.inject(4, fault::answer(503), "/_bulk");
  proxy.inject(2, fault::answer(429), "/_bulk");
  aiops::testing::sleep_log waits;
  const es::client_options o = behind_proxy(waits);

  const es::bulk_report r = ingest(proxy.url(), o, index, {.workers = 1});
  CHECK(r.succeeded == documents);
  CHECK(r.failed == 0);
  CHECK(direct.count(index) == static_cast<std::int64_t>(documents));
  CHECK(proxy.requests("/_bulk").size() == 6 + documents / 100);
  // One wait before every repeated request, each within its full-jitter ceiling (never a busy loop
  // of immediate retries: the ceilings double from 50 ms).
  const auto w = waits.waits();
  CHECK(w.size() == 6);
  for (auto d : w) CHECK(d <= 400ms);
  direct.delete_index(index);
}

TEST_CASE("fault/es: connections reset and answers lost after the node indexed: retried, no document lost or doubled",
          "[integration][fault][es]") {
  const std::string index = "aiops-fault-reset";
  es::client direct = fresh_index(index);
  fault_proxy proxy(aiops::testing::opensearch_url());
  // Then: indexed but the answer lost; indexed but the answer cut inside its headers.
  proxy.inject_in_turn({fault::reset_connection(), fault::truncated(0), fault::truncated(40)}, "/_bulk");
  aiops::testing::sleep_log waits;
  es::client_options o = behind_proxy(waits);
  o.http.retry.max_attempts = 4;  // three broken exchanges, then the answer

  const es::bulk_report r = ingest(proxy.url(), o, index, {.workers = 1});
  CHECK(r.succeeded == documents);
  CHECK(r.failed == 0);
  // Fixed ids make the repeated requests replace, not add.
  CHECK(direct.count(index) == static_cast<std::int64_t>(documents));
  CHECK(proxy.requests("/_bulk").size() == 3 + documents / 100);
  direct.delete_index(index);
}

TEST_CASE("fault/es: a stalled node: a clear timeout error at the deadline, no action acknowledged, the queue stays bounded",
          "[integration][fault][es]") {
  const std::string index = "aiops-fault-stall";
  es::client direct = fresh_index(index);
  es::ingester_options options;
  options.workers = 1;
  options.queue_capacity = 50;
  options.bulk.limits.max_docs = 20;
  aiops::testing::sleep_log waits;
  es::client_options o = behind_proxy(waits);
  o.http.read_timeout = 500ms;
  o.http.deadline = 2s;
  o.http.retry.max_attempts = 100;  // the deadline, not the attempts, ends it
  {
    // The proxy forwards the stalled requests late; it is gone (joined) before the index is removed.
    fault_proxy proxy(aiops::testing::opensearch_url());
    proxy.inject(100, fault::delayed(3s), "/_bulk");
    es::bulk_ingester in(proxy.url(), o, options);
      std::string error;
    std::size_t most_waiting = 0;
    try {
      for (std::size_t i = 0; i < 1000; ++i) {
        in.push({es::bulk_op::index, index, std::to_string(i), "{}"});
        most_waiting = std::max<std::size_t>(most_waiting, in.pushed() - in.acknowledged());
      }
      in.close();
    } catch (const aiops::error& e) {
      error = e.what();
    }
    INFO(error);
    // The producer was held back (push blocks) instead of queueing all 1000 actions in memory.
    CHECK(most_waiting <= options.queue_capacity + options.bulk.limits.max_docs);
    CHECK(in.acknowledged() == 0);
    CHECK(error.find("deadline") != std::string::npos);
  }
  direct.delete_index(index);
}
