// aiops: tests of nice numeric ticks, UTC time ticks and their labels, and number formatting
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/plot.hpp>

#include <cmath>    // NAN, INFINITY
#include <string>   // std::string
#include <vector>   // std::vector

using namespace aiops;
using strings = std::vector<std::string>;

TEST_CASE("nice ticks use 1-2-5 steps and extend to the data", "[ticks]") {
  auto t = plot::nice_ticks(0, 100, 6);
  CHECK(t.step == 20);
  CHECK(t.labels == strings{"0", "20", "40", "60", "80", "100"});

  t = plot::nice_ticks(3, 97, 6);  // extended to the enclosing ticks
  CHECK(t.lo == 0);
  CHECK(t.hi == 100);

  t = plot::nice_ticks(-7, 13, 6);
  CHECK(t.step == 5);
  CHECK(t.labels == strings{"-10", "-5", "0", "5", "10", "15"});

  t = plot::nice_ticks(0, 1, 6);
  CHECK(t.labels == strings{"0", "0.2", "0.4", "0.6", "0.8", "1.0"});

  t = plot::nice_ticks(0.1, 0.7, 7);  // decimal steps come out exact, not 0.30000000000000004
  CHECK(t.labels == strings{"0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"});
  CHECK(t.values[2] == 0.3);

  t = plot::nice_ticks(0.0012, 0.0093, 5);
  CHECK(t.step == Approx(0.005));
  CHECK(t.labels == strings{"0", "0.005", "0.010"});
}

TEST_CASE("nice tick labels use SI suffixes for large values", "[ticks]") {
  auto t = plot::nice_ticks(0, 2'400'000, 6);
  CHECK(t.labels == strings{"0", "0.5M", "1.0M", "1.5M", "2.0M", "2.5M"});
  t = plot::nice_ticks(0, 24'000'000, 6);
  CHECK(t.labels == strings{"0", "5M", "10M", "15M", "20M", "25M"});
  t = plot::nice_ticks(0, 1.5e7, 4);
  CHECK(t.labels == strings{"0", "5M", "10M", "15M"});
  t = plot::nice_ticks(10'000, 12'500, 6);
  CHECK(t.labels == strings{"10.0k", "10.5k", "11.0k", "11.5k", "12.0k", "12.5k"});
  t = plot::nice_ticks(-3e15, 3e15, 4);  // beyond T: scientific
  CHECK(t.labels.back() == "5e+15");
}

TEST_CASE("nice ticks without extending stay inside the range", "[ticks]") {
  auto t = plot::nice_ticks(3, 97, 6, false);
  CHECK(t.lo == 3);
  CHECK(t.hi == 97);
  CHECK(t.labels == strings{"20", "40", "60", "80"});
}

TEST_CASE("nice ticks widen an empty range and reject nonsense", "[ticks]") {
  auto t = plot::nice_ticks(5, 5, 6);
  CHECK(t.lo < 5);
  CHECK(t.hi > 5);
  t = plot::nice_ticks(0, 0, 6);
  CHECK(t.lo == -1);
  CHECK(t.hi == 1);
  t = plot::nice_ticks(1e9, 1e9 + 1e-7, 6);  // below double precision at this magnitude
  CHECK(t.values.size() >= 2);
  t = plot::nice_ticks(10, 0, 6);  // reversed bounds are swapped
  CHECK(t.lo == 0);
  CHECK_THROWS_AS(plot::nice_ticks(NAN, 1), std::invalid_argument);
  CHECK_THROWS_AS(plot::nice_ticks(0, INFINITY), std::invalid_argument);
  CHECK_THROWS_AS(plot::nice_ticks(0, 1, 1), std::invalid_argument);
  for (int n = 2; n <= 12; ++n)
    for (double hi : {1e-6, 0.37, 1.0, 99.0, 12345.0, 7e11}) CHECK(plot::nice_ticks(0, hi, n).values.size() <= std::size_t(n));
}

namespace {
timestamp_ns at(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) { return to_timestamp({y, mo, d, h, mi, s, 0}); }
}  // namespace

TEST_CASE("time ticks over minutes show the clock, the first one with the date", "[ticks][time]") {
  auto t = plot::time_axis_ticks(at(2026, 11, 29, 2, 0), at(2026, 11, 29, 2, 10), 6);
  CHECK(t.step == 2 * ns_per_minute);
  CHECK(t.labels == strings{"Nov 29 02:00", "02:02", "02:04", "02:06", "02:08", "02:10"});

  t = plot::time_axis_ticks(at(2026, 11, 29, 2, 0, 3), at(2026, 11, 29, 2, 0, 58), 6);
  CHECK(t.step == 10 * ns_per_second);
  CHECK(t.labels == strings{"Nov 29 02:00:10", "02:00:20", "02:00:30", "02:00:40", "02:00:50"});

  t = plot::time_axis_ticks(at(2026, 11, 29, 2, 0), at(2026, 11, 29, 2, 0) + 900'000'000, 4);
  CHECK(t.labels == strings{"Nov 29 02:00:00.000", "02:00:00.500"});
}

TEST_CASE("time ticks across midnight name the new day", "[ticks][time]") {
  auto t = plot::time_axis_ticks(at(2026, 11, 28, 20, 0), at(2026, 11, 29, 8, 0), 7);
  CHECK(t.step == 2 * ns_per_hour);
  CHECK(t.labels == strings{"Nov 28 20:00", "22:00", "Nov 29", "02:00", "04:00", "06:00", "08:00"});

  t = plot::time_axis_ticks(at(2026, 11, 27, 5, 0), at(2026, 11, 30, 5, 0), 7);
  CHECK(t.step == 12 * ns_per_hour);
  CHECK(t.labels == strings{"Nov 27 12:00", "Nov 28", "12:00", "Nov 29", "12:00", "Nov 30"});
}

TEST_CASE("time ticks over days and weeks are dates, weeks start on Monday", "[ticks][time]") {
  auto t = plot::time_axis_ticks(at(2026, 11, 23, 7, 0), at(2026, 11, 29, 23, 0), 8);
  CHECK(t.step == ns_per_day);
  CHECK(t.labels == strings{"Nov 24", "Nov 25", "Nov 26", "Nov 27", "Nov 28", "Nov 29"});

  t = plot::time_axis_ticks(at(2026, 11, 1), at(2026, 12, 31), 10);
  CHECK(t.step == 7 * ns_per_day);
  REQUIRE(!t.values.empty());
  for (timestamp_ns v : t.values) CHECK(day_of_week(v) == 1);
  CHECK(t.labels.front() == "Nov 2");
  CHECK(t.labels.back() == "Dec 28");

  t = plot::time_axis_ticks(at(2026, 12, 20), at(2027, 1, 20), 6);  // a new year shows its number
  CHECK(t.labels == strings{"Dec 21 2026", "Dec 28", "Jan 4 2027", "Jan 11", "Jan 18"});
}

TEST_CASE("time ticks over months and years", "[ticks][time]") {
  auto t = plot::time_axis_ticks(at(2026, 9, 15), at(2027, 3, 10), 7);
  CHECK(t.labels == strings{"Oct 2026", "Nov", "Dec", "2027", "Feb", "Mar"});
  t = plot::time_axis_ticks(at(2019, 5, 1), at(2026, 5, 1), 6);
  CHECK(t.labels == strings{"2020", "2022", "2024", "2026"});
  t = plot::time_axis_ticks(at(1969, 12, 31, 22, 0), at(1970, 1, 1, 2, 0), 5);  // before the epoch
  CHECK(t.labels == strings{"Dec 31 22:00", "23:00", "Jan 1", "01:00", "02:00"});
}

TEST_CASE("time ticks never exceed the asked count", "[ticks][time]") {
  const timestamp_ns start = at(2026, 11, 29, 1, 23, 45);
  for (timestamp_ns span : {ns_per_second * 7, ns_per_minute * 13, ns_per_hour * 5, ns_per_day * 3, ns_per_day * 40,
                            ns_per_day * 400, ns_per_day * 9000})
    for (int n = 2; n <= 10; ++n) {
      auto t = plot::time_axis_ticks(start, start + span, n);
      CHECK(t.values.size() <= std::size_t(n));
      CHECK(t.values.size() == t.labels.size());
      for (timestamp_ns v : t.values) CHECK((v >= start && v <= start + span));
    }
  CHECK_THROWS_AS(plot::time_axis_ticks(0, 1, 1), std::invalid_argument);
  CHECK(plot::time_axis_ticks(INT64_MIN, INT64_MAX, 6).values.size() <= 6);
}

TEST_CASE("numbers are formatted without locale and without noise", "[format]") {
  CHECK(plot::format_fixed(1.005, 2) == "1.00");  // the double below 1.005
  CHECK(plot::format_fixed(-0.001, 2) == "0.00");
  CHECK(plot::format_fixed(1234567.5, 1) == "1234567.5");
  CHECK(plot::format_fixed(NAN, 2) == "nan");
  CHECK(plot::format_value(1523) == "1523");
  CHECK(plot::format_value(12.5) == "12.5");
  CHECK(plot::format_value(0.1 + 0.2) == "0.3");
  CHECK(plot::format_value(0.00123456) == "0.00123");
  CHECK(plot::format_value(-2.25) == "-2.25");
  CHECK(plot::format_value(3e20) == "3e+20");
}
