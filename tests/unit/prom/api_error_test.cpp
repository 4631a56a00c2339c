// aiops: prom::api_client against error bodies that are not the Prometheus API's (a proxy's or a
// gateway's JSON), found by the fault-injection tests
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <memory>  // std::make_unique
#include <string>  // std::string

#include <aiops/prom.hpp>

#include "../http/test_server.hpp"

TEST_CASE("prom api: a gateway's JSON error with a numeric \"status\" is an http_error with its status", "[prom][api]") {
  auto server = std::make_unique<httplib::Server>();
  server->Post("/api/v1/query", [](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_content(R"({"error":"upstream overloaded","status":503})", "application/json");
  });
  aiops::testing::test_server s(std::move(server));
  std::vector<std::chrono::milliseconds> waits;
  auto options = aiops::testing::recording_options(waits);
  options.retry.max_attempts = 2;
  aiops::prom::api_client api(s.url(), options);
  try {
    api.query("up");
    FAIL("a 503 answer was taken for a result");
  } catch (const aiops::http::http_error& e) {
    CHECK(e.status() == 503);
    CHECK(e.attempts() == 2);
    CHECK(std::string(e.what()).find("upstream overloaded") != std::string::npos);
  }
}

TEST_CASE("prom api: a 200 answer whose \"status\" is not a string is refused as not the API's", "[prom][api]") {
  auto server = std::make_unique<httplib::Server>();
  server->Post("/api/v1/query", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":1,"data":{}})", "application/json");
  });
  aiops::testing::test_server s(std::move(server));
  aiops::prom::api_client api(s.url());
  try {
    api.query("up");
    FAIL("an answer without a string status was taken for a result");
  } catch (const aiops::http::http_error& e) {
    CHECK(e.code() == aiops::errc::syntax);
  }
}
