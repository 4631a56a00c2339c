// aiops: tests of the retry policy, HTTP dates and Retry-After
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>  // durations, system_clock

#include <aiops/core/time.hpp>
#include <aiops/http/retry.hpp>

namespace http = aiops::http;
using std::chrono::milliseconds;

namespace {
std::chrono::system_clock::time_point at(const char* rfc3339) {
  return std::chrono::system_clock::time_point(std::chrono::nanoseconds(aiops::parse_rfc3339(rfc3339).value()));
}
}  // namespace

TEST_CASE("parse_http_date reads the three forms of RFC 9110", "[http][retry]") {
  const auto expected = aiops::parse_rfc3339("1994-11-06T08:49:37Z").value();
  CHECK(http::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").value() == expected);
  CHECK(http::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT").value() == expected);
  CHECK(http::parse_http_date("Sun Nov  6 08:49:37 1994").value() == expected);
  CHECK(http::parse_http_date("  Thu, 01 Jan 1970 00:00:00 GMT ").value() == 0);
  CHECK(http::parse_http_date("Sat, 29-Feb-20 23:59:59 GMT").value() ==
        aiops::parse_rfc3339("2020-02-29T23:59:59Z").value());
  CHECK(http::parse_http_date("Sun Nov 29 10:00:03 2026").value() ==
        aiops::parse_rfc3339("2026-11-29T10:00:03Z").value());
}

TEST_CASE("parse_http_date rejects malformed dates with a column", "[http][retry]") {
  for (const char* bad : {"", "Sun", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC",
                          "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
                          "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 8:49:37 GMT",
                          "Sun Nov 6 08:49:37 1994", "Sun Nov  6 08:49:37 1994 extra", "Fri, 31 Dec 9999 23:59:59 GMT",
                          "120"}) {
    INFO(bad);
    const auto r = http::parse_http_date(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == aiops::errc::bad_timestamp);
    CHECK(r.error().column >= 1);
  }
}

TEST_CASE("parse_retry_after reads seconds and HTTP dates", "[http][retry]") {
  const auto now = at("2026-11-29T10:00:00Z");
  CHECK(http::parse_retry_after("120", now) == milliseconds(120'000));
  CHECK(http::parse_retry_after(" 0 ", now) == milliseconds(0));
  CHECK(http::parse_retry_after("Sun, 29 Nov 2026 10:00:03 GMT", now) == milliseconds(3'000));
  CHECK(http::parse_retry_after("Sun, 29 Nov 2026 09:00:00 GMT", now) == milliseconds(0));  // in the past
  CHECK(http::parse_retry_after("99999999999999999999999", now) == std::chrono::seconds(1'000'000'000));
  CHECK(http::parse_retry_after("Mon, 01 Jan 1700 00:00:00 GMT", now) == milliseconds(0));  // no overflow
  CHECK(http::parse_retry_after("Thu, 31 Dec 2261 23:59:59 GMT", now) > milliseconds(0));
  CHECK_FALSE(http::parse_retry_after("", now));
  CHECK_FALSE(http::parse_retry_after("-5", now));
  CHECK_FALSE(http::parse_retry_after("1.5", now));
  CHECK_FALSE(http::parse_retry_after("soon", now));
}

TEST_CASE("retry_policy: backoff ceilings double up to the cap", "[http][retry]") {
  http::retry_policy p;
  p.base = milliseconds(100);
  p.cap = milliseconds(1'000);
  CHECK(p.backoff_ceiling(1) == milliseconds(100));
  CHECK(p.backoff_ceiling(2) == milliseconds(200));
  CHECK(p.backoff_ceiling(4) == milliseconds(800));
  CHECK(p.backoff_ceiling(5) == milliseconds(1'000));
  CHECK(p.backoff_ceiling(1'000) == milliseconds(1'000));
}

TEST_CASE("retry_policy: which methods and statuses are retried", "[http][retry]") {
  const http::retry_policy p;
  CHECK(p.is_idempotent("GET"));
  CHECK(p.is_idempotent("PUT"));
  CHECK(p.is_idempotent("DELETE"));
  CHECK_FALSE(p.is_idempotent("POST"));
  CHECK_FALSE(p.is_idempotent("PATCH"));
  CHECK_FALSE(p.is_idempotent("get"));  // methods are case-sensitive
  for (int status : {429, 500, 502, 503, 504, 599}) CHECK(http::retry_policy::is_retryable_status(status));
  for (int status : {200, 301, 400, 404, 409, 501, 505}) CHECK_FALSE(http::retry_policy::is_retryable_status(status));
  CHECK(http::retry_policy::none().max_attempts == 1);
}
