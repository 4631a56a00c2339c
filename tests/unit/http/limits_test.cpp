// aiops: the HTTP client's bound on answer size (client_options::max_response_bytes): a server, or a
// wrong URL, sending an endless body fails the call instead of exhausting memory
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>  // std::chrono::milliseconds
#include <memory>  // std::make_unique
#include <string>  // std::string
#include <vector>  // std::vector

#include <aiops/http.hpp>

#include "test_server.hpp"

namespace {

// A server whose /fixed answers `size` bytes with Content-Length and /chunked streams them chunked.
std::unique_ptr<httplib::Server> sized_server(std::size_t size) {
  auto server = std::make_unique<httplib::Server>();
  server->Get("/fixed", [size](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(size, 'x'), "text/plain");
  });
  server->Get("/chunked", [size](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [size, sent = std::size_t(0)](std::size_t, httplib::DataSink& sink) mutable {
      const std::string chunk(256, 'x');
      if (sent >= size) {
        sink.done();
        return true;
      }
      sent += chunk.size();
      return sink.write(chunk.data(), chunk.size());
    });
  });
  return server;
}

}  // namespace

TEST_CASE("client refuses an answer larger than max_response_bytes, with or without Content-Length", "[http][client][limits]") {
  aiops::testing::test_server s(sized_server(4096));
  std::vector<std::chrono::milliseconds> waits;
  auto options = aiops::testing::recording_options(waits);
  options.max_response_bytes = 1024;
  aiops::http::client c(s.url(), options);
  for (const char* path : {"/fixed", "/chunked"}) {
    INFO(path);
    try {
      c.get(path);
      FAIL("an answer over the limit was accepted");
    } catch (const aiops::http::http_error& e) {
      CHECK(e.code() == aiops::errc::too_long);
      CHECK(e.attempts() == 1);  // the same request would get the same answer: no retry
      CHECK(std::string(e.what()).find("max_response_bytes (1024)") != std::string::npos);
    }
  }
  CHECK(waits.empty());
}

TEST_CASE("client accepts an answer of exactly max_response_bytes and keeps the connection usable", "[http][client][limits]") {
  aiops::testing::test_server s(sized_server(1024));
  aiops::http::client_options options;
  options.max_response_bytes = 1024;
  aiops::http::client c(s.url(), options);
  CHECK(c.get("/fixed").body.size() == 1024);
  CHECK(c.get("/chunked").body.size() == 1024);
  CHECK(c.get("/fixed").body == std::string(1024, 'x'));
}

TEST_CASE("parse_json_answer refuses nesting deeper than max_json_depth, brackets inside strings do not count",
          "[http][limits]") {
  using aiops::http::max_json_depth;
  using aiops::http::parse_json_answer;
  const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  CHECK_FALSE(parse_json_answer(nested(max_json_depth)).is_discarded());
  CHECK(parse_json_answer(nested(max_json_depth + 1)).is_discarded());
  CHECK(parse_json_answer(nested(1'000'000)).is_discarded());  // would crash dump(), never parsed
  const std::string brackets_in_text = R"({"a":")" + std::string(2000, '[') + R"(\"{"})";
  REQUIRE_FALSE(parse_json_answer(brackets_in_text).is_discarded());
  CHECK(parse_json_answer(brackets_in_text)["a"].get<std::string>().size() == 2002);
  CHECK(parse_json_answer("not json").is_discarded());
}

TEST_CASE("client reports a deeply nested JSON answer as a syntax error, and its error bodies are shown, not parsed",
          "[http][client][limits]") {
  auto server = std::make_unique<httplib::Server>();
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  server->Get("/deep", [&deep](const httplib::Request&, httplib::Response& res) { res.set_content(deep, "application/json"); });
  server->Get("/deep-error", [&deep](const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content(deep, "application/json");
  });
  aiops::testing::test_server s(std::move(server));
  aiops::http::client c(s.url());
  try {
    c.get_json("/deep");
    FAIL("a 100000-level answer was parsed");
  } catch (const aiops::http::http_error& e) {
    CHECK(e.code() == aiops::errc::syntax);
    CHECK(std::string(e.what()).find("deeper than 512") != std::string::npos);
  }
  try {
    c.get_json("/deep-error");
    FAIL("a 400 answer was taken for a result");
  } catch (const aiops::http::http_error& e) {
    CHECK(e.status() == 400);
  }
}
