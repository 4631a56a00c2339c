// aiops: the seasonal baseline compares like with like: weekdays with weekdays, and an anomalous
// week does not come back as an "echo" alert a week later
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::max
#include <cmath>      // std::sin
#include <cstddef>    // std::size_t
#include <vector>     // std::vector

#include "aiops/anomaly.hpp"
#include "aiops/ml/random.hpp"
#include "support.hpp"

namespace an = aiops::anomaly;

namespace {

constexpr std::size_t day = 24, week = 7 * day;  // hourly points: the same shapes, 60 times shorter

// Five busy weekdays and a quiet weekend, a daily cycle, a weekly saw-tooth (a leak reset every
// Monday, as datasets/metrics' memory), and noise of sd 0.2.
std::vector<double> weekly_series(std::size_t weeks) {
  aiops::ml::rng r(7);
  std::vector<double> y(weeks * week);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const std::size_t in_week = i % week;
    const bool weekend = in_week >= 5 * day;
    const double daily = 10 + 4 * std::sin(double(i % day) / double(day) * 6.283185307179586);
    y[i] = (weekend ? 0.6 : 1.0) * daily + 0.3 * double(in_week) / double(day) + r.normal(0, 0.2);
  }
  return y;
}

double max_score(const std::vector<double>& s, std::size_t from, std::size_t to) {
  double m = 0;
  for (std::size_t i = from; i < to; ++i) m = std::max(m, s[i]);
  return m;
}

}  // namespace

TEST_CASE("seasonal: the season is the longest period with two cycles among the periods") {
  CHECK(an::seasonal_detector({day, week, 2 * week, 3 * week}).season() == week);
  CHECK(an::seasonal_detector({day, week}).season() == day);  // a week is seven days: both are cycles of a day
  CHECK(an::seasonal_detector({10, 20}).season() == 10);
  CHECK(an::seasonal_detector({day}).season() == 0);
  CHECK(an::seasonal_detector({day, 5 * day / 2}).season() == 0);
}

TEST_CASE("seasonal: an anomaly last week and one yesterday do not make an echo alert today") {
  std::vector<double> y = weekly_series(5);
  // Week 1, Monday 02:00-10:00: a level shift; week 2, Sunday 04:00: a spike. Week 3, Monday
  // 04:00 has both as references: two weeks ago (shifted) and yesterday (the spike).
  const std::size_t shift_from = 2 * week + 2, shift_to = 2 * week + 10, spike = 3 * week - day + 4, echo = 3 * week + 4;
  for (std::size_t i = shift_from; i < shift_to; ++i) y[i] += 4;
  y[spike] += 8;

  an::seasonal_detector like_with_like({day, week, 2 * week, 3 * week}, day);
  const std::vector<double> s = an::causal_scores(like_with_like, y);
  CHECK(max_score(s, shift_from, shift_to) > 8);
  CHECK(s[spike] > 8);
  CHECK(s[echo] < 4);
  // And nothing else in the scored weeks: Saturdays and Mondays are compared with their own kind.
  for (std::size_t i = 2 * week; i < y.size(); ++i)
    if ((i < shift_from || i >= shift_to) && i != spike) {
      INFO("point " << i);
      CHECK(s[i] < 6);
    }

  // The median of yesterday, last week and two weeks ago: two of three references are anomalous.
  an::seasonal_detector three({day, week, 2 * week}, day);
  const std::vector<double> old = an::causal_scores(three, y);
  CHECK(old[echo] > 6);
}

TEST_CASE("seasonal: yesterday fills in until two cycles of the season are known") {
  const std::vector<double> y = weekly_series(3);
  an::seasonal_detector d({day, week, 2 * week, 3 * week}, day);
  const std::vector<double> s = an::causal_scores(d, y);
  // Week 1 has only last week and yesterday, whose mean serves from Wednesday to Friday.
  CHECK(max_score(s, week + 2 * day, week + 5 * day) < 6);
  // Batch agrees: fit on the clean series, score it; nothing stands out.
  an::seasonal_detector b({day, week, 2 * week, 3 * week}, day);
  b.fit(y);
  CHECK(max_score(b.score(y), 2 * week, y.size()) < 6);
}

TEST_CASE("seasonal: no echo of db-01/memory's level shift and spike on the Monday after (datasets/metrics)") {
  const anomaly_test::labelled_series d = anomaly_test::load("db-01/memory");
  auto det = an::make_detector("seasonal", aiops::ns_per_minute);
  const std::vector<double> s = an::causal_scores(*det, d.s.value);
  // 2026-01-26 04:05, three weeks after the first minute: the spike was the day before (Sunday
  // 04:05-04:09), the level shift a week before (Monday 03:39-11:01).
  const std::size_t monday = 21 * 1440 + 4 * 60 + 5;
  REQUIRE(d.labels[monday] == 0);
  CHECK(max_score(s, monday - 30, monday + 30) < 6);
  CHECK(max_score(s, monday - 1440, monday - 1440 + 5) > 8);  // the spike itself is found
}
