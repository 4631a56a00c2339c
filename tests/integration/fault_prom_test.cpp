// aiops: fault injection between aiops::prom and the real Prometheus (HTTP API) and Pushgateway:
// 429 with and without Retry-After, 503, resets, truncated answers and a stalled server
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>  // durations
#include <string>  // std::string

#include <aiops/http.hpp>
#include <aiops/prom.hpp>

#include "fault_proxy.hpp"
#include "servers.hpp"

namespace prom = aiops::prom;
using aiops::testing::fault;
using aiops::testing::fault_proxy;
using namespace std::chrono_literals;

namespace {

// `up` as the real Prometheus answers it, through `proxy`.
std::size_t up_series(const fault_proxy& proxy, const aiops::http::client_options& o) {
  prom::api_client api(proxy.url(), o);
  return api.query("up").vector.size();
}

// The Pushgateway's current exposition, read directly.
std::string pushgateway_metrics() {
  aiops::http::client direct(aiops::testing::pushgateway_url());
  return direct.get("/metrics").body;
}

}  // namespace

TEST_CASE("fault/prom api: 503 and 429 answered, then the query succeeds, Retry-After obeyed, otherwise backoff",
          "[integration][fault][prom]") {
  INFO(aiops::testing::server_hint("prometheus", aiops::testing::prometheus_url()));
  fault_proxy proxy(aiops::testing::prometheus_url());
  proxy.inject_in_turn({fault::answer(503), fault::answer(429, 1)});
  aiops::testing::sleep_log waits;

  CHECK(up_series(proxy, aiops::testing::recorded_options(waits)) > 0);
  CHECK(proxy.requests("/api/v1/query").size() == 3);
  const auto w = waits.waits();
  REQUIRE(w.size() == 2);
  CHECK(w[0] <= 50ms);    // first backoff: full jitter under the base
  CHECK(w[1] == 1000ms);  // what Retry-After asked
}

TEST_CASE("fault/prom api: a reset connection and a truncated answer are retried (queries are idempotent)",
          "[integration][fault][prom]") {
  fault_proxy proxy(aiops::testing::prometheus_url());
  proxy.inject_in_turn({fault::reset_connection(), fault::truncated(100)});  // 100 bytes: inside the headers
  aiops::testing::sleep_log waits;

  CHECK(up_series(proxy, aiops::testing::recorded_options(waits)) > 0);
  CHECK(proxy.requests("/api/v1/query").size() == 3);
}

TEST_CASE("fault/prom api: an unavailable server gives a clear error after max_attempts, not an endless retry",
          "[integration][fault][prom]") {
  fault_proxy proxy(aiops::testing::prometheus_url());
  proxy.inject(100, fault::answer(503));
  aiops::testing::sleep_log waits;
  auto o = aiops::testing::recorded_options(waits);
  o.retry.max_attempts = 4;

  prom::api_client api(proxy.url(), o);
  try {
    api.query("up");
    FAIL("the query succeeded through a server that answers 503");
  } catch (const aiops::http::http_error& e) {
    INFO(e.what());
    CHECK(e.status() == 503);
    CHECK(e.attempts() == 4);
    CHECK(std::string(e.what()).find("injected by fault_proxy") != std::string::npos);
  }
  CHECK(proxy.requests().size() == 4);
}

TEST_CASE("fault/prom api: a stalled server: a timeout error once the deadline passes",
          "[integration][fault][prom]") {
  fault_proxy proxy(aiops::testing::prometheus_url());
  proxy.inject(100, fault::delayed(2s));
  aiops::testing::sleep_log waits;
  auto o = aiops::testing::recorded_options(waits);
  o.read_timeout = 300ms;
  o.deadline = 1s;
  o.retry.max_attempts = 100;  // the deadline, not the attempts, ends it

  prom::api_client api(proxy.url(), o);
  try {
    api.query("up");
    FAIL("the query succeeded through a stalled proxy");
  } catch (const aiops::http::http_error& e) {
    INFO(e.what());
    CHECK(e.code() == aiops::errc::timeout);
    CHECK(std::string(e.what()).find("deadline") != std::string::npos);
  }
}

TEST_CASE("fault/pushgateway: PUT through 503, a reset and a 429 with Retry-After: the group lands once",
          "[integration][fault][prom]") {
  INFO(aiops::testing::server_hint("pushgateway", aiops::testing::pushgateway_url()));
  fault_proxy proxy(aiops::testing::pushgateway_url());
  proxy.inject_in_turn({fault::answer(503), fault::reset_connection(), fault::answer(429, 1)});
  aiops::testing::sleep_log waits;
  auto o = aiops::testing::recorded_options(waits);
  o.retry.max_attempts = 4;

  prom::registry reg;
  reg.add_gauge("aiops_fault_push_value", "Pushed through injected faults.").with().set(42);
  prom::pushgateway gw(proxy.url(), "aiops-fault", {{"instance", "put"}}, o);
  gw.push(reg);
  CHECK(proxy.requests().size() == 4);
  const auto w = waits.waits();
  REQUIRE(w.size() == 3);
  CHECK(w[2] == 1000ms);
  CHECK(pushgateway_metrics().find(R"(aiops_fault_push_value{instance="put",job="aiops-fault"} 42)") !=
        std::string::npos);
  prom::pushgateway(aiops::testing::pushgateway_url(), "aiops-fault", {{"instance", "put"}}).remove();
}

TEST_CASE("fault/pushgateway: POST (push_add) answered 503 is not repeated blindly: a clear error, then the next push lands",
          "[integration][fault][prom]") {
  fault_proxy proxy(aiops::testing::pushgateway_url());
  proxy.inject(1, fault::answer(503));
  aiops::testing::sleep_log waits;

  prom::registry reg;
  reg.add_gauge("aiops_fault_push_add_value", "Pushed after a refusal.").with().set(7);
  prom::pushgateway gw(proxy.url(), "aiops-fault", {{"instance", "post"}}, aiops::testing::recorded_options(waits));
  CHECK_THROWS_AS(gw.push_add(reg), aiops::http::http_error);
  CHECK(proxy.requests().size() == 1);
  gw.push_add(reg);
  CHECK(pushgateway_metrics().find(R"(aiops_fault_push_add_value{instance="post",job="aiops-fault"} 7)") !=
        std::string::npos);
  prom::pushgateway(aiops::testing::pushgateway_url(), "aiops-fault", {{"instance", "post"}}).remove();
}
