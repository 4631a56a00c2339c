// aiops: tests of UTC timestamp parsing and formatting
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <ctime>  // std::time: an independent clock to compare with

#include <aiops/core.hpp>

using namespace aiops;

TEST_CASE("civil dates round-trip through epoch days", "[time]") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  for (std::int64_t d = -800000; d <= 800000; d += 997) {
    civil_time t = civil_from_days(d);
    REQUIRE(days_from_civil(t.year, t.month, t.day) == d);
  }
}

TEST_CASE("nginx $time_local with offsets", "[time]") {
  // 10/Oct/2000:13:55:36 -0700 is 20:55:36 UTC.
  CHECK(parse_nginx_time("10/Oct/2000:13:55:36 -0700").value() == to_timestamp({2000, 10, 10, 20, 55, 36}));
  CHECK(parse_nginx_time("[10/Oct/2000:13:55:36 +0000]").value() == to_timestamp({2000, 10, 10, 13, 55, 36}));
  // An offset east of UTC crosses back over midnight and the year.
  CHECK(parse_nginx_time("01/Jan/2024:05:00:00 +0800").value() == to_timestamp({2023, 12, 31, 21, 0, 0}));
  CHECK(parse_nginx_time("01/jan/2024:05:00:00 +0530").value() == to_timestamp({2023, 12, 31, 23, 30, 0}));
  // HAProxy's accept date: milliseconds and no offset, read as UTC.
  CHECK(parse_nginx_time("10/Oct/2000:13:55:36.123").value() == to_timestamp({2000, 10, 10, 13, 55, 36, 123000000}));
  CHECK(parse_nginx_time("10/Oct/2000:13:55:36").value() == to_timestamp({2000, 10, 10, 13, 55, 36}));
  CHECK(parse_nginx_time("10/Oct/2000:13:55:36.5 +0100").value() == to_timestamp({2000, 10, 10, 12, 55, 36, 500000000}));
}

TEST_CASE("RFC 3339 with fractions and zones", "[time]") {
  CHECK(parse_rfc3339("2026-11-29T02:38:36Z").value() == to_timestamp({2026, 11, 29, 2, 38, 36}));
  CHECK(parse_rfc3339("2026-11-29T02:38:36.123456789Z").value() ==
        to_timestamp({2026, 11, 29, 2, 38, 36, 123456789}));
  CHECK(parse_rfc3339("2026-11-29T10:38:36.5+08:00").value() == to_timestamp({2026, 11, 29, 2, 38, 36, 500000000}));
  CHECK(parse_rfc3339("2026-11-29 02:38:36").value() == to_timestamp({2026, 11, 29, 2, 38, 36}));
  CHECK(parse_rfc3339("2026-11-28T21:38:36-0500").value() == to_timestamp({2026, 11, 29, 2, 38, 36}));
}

TEST_CASE("leap days exist only in leap years", "[time]") {
  CHECK(parse_rfc3339("2024-02-29T00:00:00Z"));
  CHECK(parse_rfc3339("2000-02-29T00:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2023-02-29T00:00:00Z"));
  CHECK_FALSE(parse_rfc3339("1900-02-29T00:00:00Z"));
  CHECK(parse_nginx_time("29/Feb/2024:12:00:00 +0000"));
  CHECK_FALSE(parse_nginx_time("29/Feb/2023:12:00:00 +0000"));
  CHECK(format_rfc3339(parse_rfc3339("2024-02-29T23:59:59Z").value() + ns_per_second, 0) == "2024-03-01T00:00:00Z");
  // The shorter ISO 8601 forms of exports: a date alone, no seconds, an offset in hours.
  CHECK(parse_rfc3339("2024-06-01").value() == parse_rfc3339("2024-06-01T00:00:00Z").value());
  CHECK(parse_rfc3339("2024-06-01T10:20").value() == parse_rfc3339("2024-06-01T10:20:00Z").value());
  CHECK(parse_rfc3339("2024-06-01 10:20:30+05").value() == parse_rfc3339("2024-06-01T05:20:30Z").value());
  CHECK_FALSE(parse_rfc3339("2024-02-30"));
}

TEST_CASE("bad timestamps are failures with a reason, never exceptions", "[time]") {
  for (const char* bad : {"", "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-29T24:00:00Z",
                          "2026-11-29T02", "2026-11-29T02:38:36+25:00", "2026-11-29T02:38:36Zjunk",
                          "2026-11-29T02:38:36.Z", "yesterday"}) {
    CAPTURE(bad);
    auto r = parse_rfc3339(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::bad_timestamp);
    CHECK_FALSE(r.error().message.empty());
  }
  for (const char* bad : {"10/Foo/2000:13:55:36 -0700", "10/Oct/2000:13:55:36.", "10/Oct/2000:13:55:36 ", "10/Oct/2000:13:55:36.1x",
                          "10/Oct/2000 13:55:36 -0700",
                          "32/Oct/2000:13:55:36 -0700", "[10/Oct/2000:13:61:36 -0700]"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_nginx_time(bad));
  }
  CHECK_THROWS_AS(parse_rfc3339("nope").value(), parse_error);
}

TEST_CASE("syslog times take the year from the caller", "[time]") {
  CHECK(parse_syslog_time("Oct 11 22:14:15", 2003).value() == to_timestamp({2003, 10, 11, 22, 14, 15}));
  CHECK(parse_syslog_time("Feb  1 02:03:04", 2026).value() == to_timestamp({2026, 2, 1, 2, 3, 4}));
  CHECK(parse_syslog_time("Feb 29 00:00:00", 2024));
  CHECK_FALSE(parse_syslog_time("Feb 29 00:00:00", 2025));
  CHECK_FALSE(parse_syslog_time("Feb 1 02:03:04", 2026));  // RFC 3164 pads the day with a space
}

TEST_CASE("epoch digits of any unit", "[time]") {
  const timestamp_ns t = to_timestamp({2026, 11, 29, 2, 38, 36});
  CHECK(parse_epoch("1795919916").value() == t);
  CHECK(parse_epoch("1795919916000").value() == t);
  CHECK(parse_epoch("1795919916.25").value() == t + ns_per_second / 4);
  CHECK(parse_any_time("1795919916").value() == t);
  CHECK(parse_any_time("2026-11-29T02:38:36Z").value() == t);
  CHECK_FALSE(parse_any_time("12:00"));
}

TEST_CASE("formatting and weekdays", "[time]") {
  CHECK(format_rfc3339(0) == "1970-01-01T00:00:00.000Z");
  CHECK(format_rfc3339(-1, 9) == "1969-12-31T23:59:59.999999999Z");
  CHECK(format_rfc3339(to_timestamp({2026, 11, 29, 2, 38, 36, 120000000}), 2) == "2026-11-29T02:38:36.12Z");
  CHECK(exact_fraction_digits(60 * ns_per_second) == 0);
  CHECK(exact_fraction_digits(250 * ns_per_millisecond) == 3);
  CHECK(exact_fraction_digits(-ns_per_millisecond) == 3);  // 23:59:59.999 before the epoch
  CHECK(exact_fraction_digits(1'500'000) == 6);  // 1.5 ms
  CHECK(exact_fraction_digits(1'500) == 9);
  CHECK(exact_fraction_digits(-1) == 9);
  CHECK(day_of_week(0) == 4);                                            // Thursday
  CHECK(day_of_week(to_timestamp({2026, 11, 29, 12, 0, 0})) == 0);       // Sunday
  CHECK(day_of_week(-1) == 3);                                           // Wednesday
}

TEST_CASE("years and epochs beyond timestamp_ns are failures, not overflow", "[time]") {
  CHECK_FALSE(parse_rfc3339("0000-01-01T00:00:00Z"));
  CHECK_FALSE(parse_rfc3339("9999-12-31T23:59:59Z"));
  CHECK_FALSE(parse_nginx_time("17/May/0215:08:05:32 +0000"));
  CHECK_FALSE(parse_syslog_time("Jan  1 00:00:00", 1000));
  CHECK(parse_rfc3339("2261-12-31T23:59:59Z"));
  CHECK(parse_rfc3339("1678-01-01T00:00:00Z"));
  CHECK_FALSE(parse_epoch("99999999999"));            // 11 digits of seconds: year 5138
  CHECK_FALSE(parse_epoch("9999999999999999999"));    // 19 digits, above INT64_MAX
  CHECK(parse_epoch("9223372036854775000"));           // nanoseconds near the top still fit
}

TEST_CASE("wall_now is the C library's time in nanoseconds", "[time]") {
  const std::time_t before = std::time(nullptr);
  const timestamp_ns now = wall_now();
  const std::time_t after = std::time(nullptr);
  CHECK(now >= before * ns_per_second);  // time() truncates to the second
  CHECK(now < (after + 1) * ns_per_second);
}
