// aiops: tests of cron expressions and schedules: next fire times, day-of-month/day-of-week rules, errors
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/pipeline/schedule.hpp>

namespace pl = aiops::pipeline;
using aiops::format_rfc3339;
using aiops::parse_rfc3339;

namespace {

std::string next(std::string_view cron, std::string_view after) {
  const auto c = pl::cron_expression::parse(cron);
  REQUIRE(c);
  const auto n = c->next_after(parse_rfc3339(after).value());
  return n ? format_rfc3339(*n, 0) : "never";
}

}  // namespace

TEST_CASE("cron: steps, ranges and lists give the next minute to fire", "[pipeline][cron]") {
  CHECK(next("*/5 * * * *", "2026-01-05T10:03:27Z") == "2026-01-05T10:05:00Z");
  CHECK(next("*/5 * * * *", "2026-01-05T10:05:00Z") == "2026-01-05T10:10:00Z");  // strictly after
  CHECK(next("*/5 * * * *", "2026-01-05T23:58:00Z") == "2026-01-06T00:00:00Z");
  CHECK(next("* * * * *", "2026-01-05T10:03:27Z") == "2026-01-05T10:04:00Z");
  CHECK(next("0 9-17/4 * * *", "2026-01-05T09:00:00Z") == "2026-01-05T13:00:00Z");
  CHECK(next("15,45 2 * * *", "2026-01-05T02:30:00Z") == "2026-01-05T02:45:00Z");
  CHECK(next("15,45 2 * * *", "2026-01-05T02:45:00Z") == "2026-01-06T02:15:00Z");
  CHECK(next("10/20 * * * *", "2026-01-05T10:31:00Z") == "2026-01-05T10:50:00Z");
  CHECK(next("@hourly", "2026-01-05T10:31:00Z") == "2026-01-05T11:00:00Z");
  CHECK(next("@daily", "2026-12-31T10:31:00Z") == "2027-01-01T00:00:00Z");
}

TEST_CASE("cron: months and days of week, by number and by name", "[pipeline][cron]") {
  CHECK(next("0 0 1 * *", "2026-01-31T12:00:00Z") == "2026-02-01T00:00:00Z");
  CHECK(next("0 0 * feb *", "2026-03-01T00:00:00Z") == "2027-02-01T00:00:00Z");
  CHECK(next("30 8 * * mon-fri", "2026-01-09T09:00:00Z") == "2026-01-12T08:30:00Z");  // Friday -> Monday
  CHECK(next("0 0 * * 0", "2026-01-05T00:00:00Z") == "2026-01-11T00:00:00Z");       // Sunday is 0
  CHECK(next("0 0 * * 7", "2026-01-05T00:00:00Z") == "2026-01-11T00:00:00Z");       // and 7
  CHECK(next("0 0 29 2 *", "2026-03-01T00:00:00Z") == "2028-02-29T00:00:00Z");      // leap day
  CHECK(next("0 0 31 * *", "2026-04-01T00:00:00Z") == "2026-05-31T00:00:00Z");      // April has 30 days
  CHECK(next("0 0 30 2 *", "2026-01-01T00:00:00Z") == "never");
}

TEST_CASE("cron: both day fields restricted fire on either (Vixie cron), one starred needs the other", "[pipeline][cron]") {
  // The 13th of the month or any Friday: 2026-02-06 is a Friday, before the 13th.
  CHECK(next("0 0 13 * 5", "2026-02-01T00:00:00Z") == "2026-02-06T00:00:00Z");
  CHECK(next("0 0 * * 5", "2026-02-01T00:00:00Z") == "2026-02-06T00:00:00Z");
  CHECK(next("0 0 13 * *", "2026-02-01T00:00:00Z") == "2026-02-13T00:00:00Z");
  // A field that starts with '*' counts as unrestricted even with a step (Vixie cron), so both
  // must hold: the 1st that is a Sunday.
  CHECK(next("0 0 1 * */7", "2026-02-02T00:00:00Z") == "2026-03-01T00:00:00Z");
}

TEST_CASE("cron: mistakes name the field and the column", "[pipeline][cron]") {
  const auto bad = [](std::string_view text) {
    const auto c = pl::cron_expression::parse(text);
    REQUIRE_FALSE(c);
    return c.error();
  };
  CHECK(bad("*/5 * * *").message.find("5 fields") != std::string::npos);
  CHECK(bad("* * * * * *").column == 11);
  const auto minute = bad("61 * * * *");
  CHECK(minute.message.find("minute") != std::string::npos);
  CHECK(minute.column == 1);
  const auto month = bad("0 0 1 13 *");
  CHECK(month.message.find("month") != std::string::npos);
  CHECK(month.column == 7);
  CHECK(bad("0 0 * * funday").message.find("day of week") != std::string::npos);
  CHECK(bad("5-1 * * * *").message.find("backwards") != std::string::npos);
  CHECK(bad("*/0 * * * *").message.find("step") != std::string::npos);
  CHECK(bad("1,,2 * * * *").message.find("empty") != std::string::npos);
  CHECK(bad("@sometimes").message.find("macro") != std::string::npos);
  CHECK(bad("").message.find("5 fields") != std::string::npos);
}

TEST_CASE("schedule: an interval or a cron expression", "[pipeline][cron]") {
  const aiops::timestamp_ns t = parse_rfc3339("2026-01-05T10:03:27Z").value();
  pl::schedule every{std::chrono::seconds(10), std::nullopt};
  CHECK(every.next_after(t) == t + 10 * aiops::ns_per_second);
  pl::schedule cron{{}, pl::cron_expression::parse("*/15 * * * *").value()};
  CHECK(format_rfc3339(cron.next_after(t), 0) == "2026-01-05T10:15:00Z");
}
