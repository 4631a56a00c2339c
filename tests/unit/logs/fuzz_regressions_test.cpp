// aiops: inputs the fuzzers found (tests/fuzz/corpus/*/regression-*), kept as unit tests
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include <aiops/logs.hpp>

using namespace aiops;
using namespace aiops::logs;

TEST_CASE("years that timestamp_ns cannot hold are bad timestamps, not overflows", "[fuzz][access][syslog]") {
  const auto format = access_format::nginx("combined").value();
  auto r = format.parse(R"(180.71.3.1 - - [17/May/0215:08:05:32 +0000] "GET / HTTP/1.1" 200 1 "-" "-")");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::bad_timestamp);
  CHECK(r.error().column == 24);
  CHECK(r.error().message.find("year 215") != std::string::npos);
  CHECK(format.parse(R"(180.71.3.1 - - [17/May/2261:08:05:32 +0000] "GET / HTTP/1.1" 200 1 "-" "-")"));
  CHECK(format.parse(R"(180.71.3.1 - - [17/May/1678:08:05:32 +0000] "GET / HTTP/1.1" 200 1 "-" "-")"));
  CHECK_FALSE(format.parse(R"(180.71.3.1 - - [17/May/2262:08:05:32 +0000] "GET / HTTP/1.1" 200 1 "-" "-")"));
  const auto iso = access_format::nginx("$time_iso8601 $status").value();
  CHECK_FALSE(iso.parse("9999-12-31T23:59:59Z 200"));

  auto five = parse_syslog_5424("<14>1 4557-11-29T02:38:36+08:00 host app 42 - - x");
  REQUIRE_FALSE(five);
  CHECK(five.error().code == errc::bad_timestamp);
  CHECK(five.error().column == 7);
  CHECK_FALSE(parse_syslog_3164("0000-01-01T00:00:00Z host app: x", 2024));
  CHECK_THROWS_AS(parse_syslog_3164("Oct 11 22:14:15 host app: x", 99999), std::invalid_argument);
  CHECK_THROWS_AS(syslog_parser{1}("Oct 11 22:14:15 host app: x"), std::invalid_argument);
  CHECK(syslog_parser{0}("Oct 11 22:14:15 host app: x"));  // 0: the most recent year not in the future
}

TEST_CASE("a time error without a column points at the start of the time", "[fuzz][syslog]") {
  auto r = parse_syslog_3164("2024-03-01T10:80:00.123456+01:00 web-01 sshd[9]: x", 2024);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::bad_timestamp);
  CHECK(r.error().column == 1);
}
