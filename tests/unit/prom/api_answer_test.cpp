// aiops: prom::api_client against 200 answers of the wrong shape (fields of the wrong type): an
// http_error naming the call and the field, never a json::type_error
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <memory>  // std::make_unique
#include <string>  // std::string

#include <aiops/prom.hpp>

#include "../http/test_server.hpp"

namespace {

// A server answering every API call with `body`.
std::unique_ptr<httplib::Server> answering(std::string body) {
  auto s = std::make_unique<httplib::Server>();
  const auto reply = [body](const httplib::Request&, httplib::Response& res) { res.set_content(body, "application/json"); };
  s->Get(".*", reply);
  s->Post(".*", reply);
  return s;
}

// The message of the http_error (errc::syntax) that reading `body` with `read` throws.
template <class Read>
std::string refusal(const std::string& body, Read read) {
  aiops::testing::test_server s(answering(body));
  aiops::prom::api_client api(s.url());
  try {
    read(api);
  } catch (const aiops::http::http_error& e) {
    CHECK(e.code() == aiops::errc::syntax);
    CHECK(e.url().rfind(s.url(), 0) == 0);
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("prom api: fields of the wrong type in a 200 answer are named in an http_error", "[prom][api]") {
  const auto query = [](aiops::prom::api_client& api) { api.query("up"); };
  const auto targets = [](aiops::prom::api_client& api) { api.targets(); };
  const auto rules = [](aiops::prom::api_client& api) { api.rules(); };
  const auto alerts = [](aiops::prom::api_client& api) { api.alerts(); };
  CHECK_THAT(refusal(R"({"status":"success","data":{"resultType":"matrix","result":[5]}})", query),
             Catch::Contains("/api/v1/query: HTTP 200: unexpected answer: aiops::prom: data.result[] is number, expected an object"));
  CHECK_THAT(refusal(R"({"status":"success","data":{"resultType":"vector","result":{}}})", query),
             Catch::Contains("data.result is object, expected an array"));
  CHECK_THAT(refusal(R"({"status":"success","data":{"resultType":"matrix","result":[{"values":"x"}]}})", query),
             Catch::Contains("data.result[].values is string, expected an array"));
  CHECK_THAT(refusal(R"({"status":"success","data":[]})", query), Catch::Contains("data is array, expected an object"));
  CHECK_THAT(refusal(R"({"status":"success","data":{"activeTargets":[{"lastScrapeDuration":"12ms"}]}})", targets),
             Catch::Contains("/api/v1/targets") && Catch::Contains("lastScrapeDuration is string, expected a number"));
  CHECK_THAT(refusal(R"({"status":"success","data":{"groups":[{"rules":7}]}})", rules),
             Catch::Contains("data.groups[].rules is number, expected an array"));
  CHECK_THAT(refusal(R"({"status":"success","data":{"alerts":["firing"]}})", alerts),
             Catch::Contains("data.alerts[] is string, expected an object"));
  // Warnings of the wrong type are not warnings; the result is still read.
  CHECK(refusal(R"({"status":"success","warnings":5,"data":{"resultType":"vector","result":[]}})", query) == "(accepted)");
}

TEST_CASE("prom api: an answer nested deeper than the HTTP module's limit is refused", "[prom][api]") {
  const std::string deep = R"({"status":"success","data":)" + std::string(1000, '[') + std::string(1000, ']') + "}";
  CHECK_THAT(refusal(deep, [](aiops::prom::api_client& api) { api.labels(); }), Catch::Contains("not a Prometheus API answer"));
}
