// aiops: week 01 grader, task 1: parse nginx combined lines (fixed lines, then the bundled dataset)
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fstream>  // std::ifstream
#include <map>      // std::map
#include <set>      // std::set

#include <nlohmann/json.hpp>

#include <aiops/week01/access_line.hpp>

#include "datasets.hpp"

using aiops::week01::parse_combined;

TEST_CASE("task-1: a combined line gives every field", "[week-01][task-1]") {
  INFO("Hint: exercises/week-01/README.md, task 1");
  auto r = parse_combined(R"L(203.0.113.7 - alice [10/Oct/2026:13:55:36 +0800] "GET /api/orders?id=7 HTTP/1.1" 200 2326 "https://shop.example/cart" "Mozilla/5.0 (X11; Linux x86_64)")L");
  REQUIRE(r);
  CHECK(r->remote_addr == "203.0.113.7");
  CHECK(r->remote_user == "alice");
  CHECK(r->time == aiops::to_timestamp({2026, 10, 10, 5, 55, 36}));  // +0800 is 8 hours ahead of UTC
  CHECK(r->method == "GET");
  CHECK(r->path == "/api/orders?id=7");
  CHECK(r->protocol == "HTTP/1.1");
  CHECK(r->status == 200);
  CHECK(r->bytes == 2326);
  CHECK(r->referer == "https://shop.example/cart");
  CHECK(r->user_agent == "Mozilla/5.0 (X11; Linux x86_64)");
}

TEST_CASE("task-1: dashes, IPv6, escaped quotes and trailing fields", "[week-01][task-1]") {
  auto r = parse_combined(R"L(2001:db8::1 - - [01/Mar/2024:00:00:00 +0000] "POST /login HTTP/2.0" 302 - "-" "say \"hi\" bot" 0.012)L");
  REQUIRE(r);
  CHECK(r->remote_addr == "2001:db8::1");
  CHECK(r->remote_user == "-");
  CHECK(r->time == aiops::to_timestamp({2024, 3, 1, 0, 0, 0}));
  CHECK(r->status == 302);
  CHECK(r->bytes == 0);
  CHECK(r->referer == "-");
  CHECK(r->user_agent == R"L(say "hi" bot)L");
}

TEST_CASE("task-1: malformed lines are rejected, not guessed", "[week-01][task-1]") {
  const char* bad[] = {
      "",
      R"L(203.0.113.7 - - [10/Oct/2026:13:55:36 +0800] "GET /a HTTP/1.1" 200 2326 "-" "Mozil)L",  // truncated
      R"L(203.0.113.7 - - [10/Oct/2026:13:55:36 +0800] "\x16\x03\x01\x00" 400 150 "-" "-")L",      // TLS bytes
      R"L(203.0.113.7 - - [10/Oct/2026:13:55:36 +0800] "GET /a HTTP/1.1" OK 2326 "-" "curl/8.0")L",
      R"L(203.0.113.7 - - [31/Feb/2026:13:55:36 +0800] "GET /a HTTP/1.1" 200 2326 "-" "curl/8.0")L",
      R"L(203.0.113.7 - - [10/Oct/2026:13:55:36 +0800] "GET /a HTTP/1.1" 200)L",
  };
  for (const char* line : bad) {
    CAPTURE(line);
    CHECK_FALSE(parse_combined(line));
  }
}

TEST_CASE("task-1: the bundled week of nginx traffic", "[week-01][task-1]") {
  INFO("Hint: exercises/week-01/README.md, task 1; datasets/nginx/README.md describes the file");
  nlohmann::json truth = nlohmann::json::parse(std::ifstream(aiops::testing::dataset("nginx/truth.json")));
  // The truth describes the file's own format (combined + $request_time). Lines that lack only the
  // trailing $request_time are still valid combined lines: they must parse, and are left out of the sums.
  std::set<std::int64_t> expected_malformed, combined_only;
  for (const auto& m : truth["malformed_lines"])
    (m["kind"] == "missing_field" ? combined_only : expected_malformed).insert(m["line"].get<std::int64_t>());
  std::ifstream log(aiops::testing::dataset("nginx/access.log"));
  std::string line;
  std::int64_t valid = 0, bytes = 0;
  std::map<std::string, std::int64_t> status;
  std::set<std::int64_t> malformed;
  for (std::int64_t number = 1; std::getline(log, line); ++number) {
    auto r = parse_combined(line);
    if (!r) {
      malformed.insert(number);
    } else if (!combined_only.count(number)) {
      ++valid;
      bytes += r->bytes;
      ++status[std::to_string(r->status)];
    }
  }
  CHECK(malformed == expected_malformed);
  CHECK(valid == truth["valid_lines"].get<std::int64_t>());
  CHECK(bytes == truth["total_bytes"].get<std::int64_t>());
  for (const auto& [code, n] : truth["status_counts"].items()) {
    CAPTURE(code);
    CHECK(status[code] == n.get<std::int64_t>());
  }
}
