// aiops: tests of resample and rolling windows against pandas 1.5 results
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>

#include <aiops/frame.hpp>

using namespace aiops;
using namespace aiops::frame;
using i64 = std::int64_t;

namespace {
timestamp_ns at(int h, int m, int s) { return to_timestamp({2024, 1, 1, h, m, s}); }

// Nulls as NaN so a whole column compares with one CHECK against pandas' list.
std::vector<double> with_nan(const column& c) {
  std::vector<double> out;
  for (std::size_t i = 0; i < c.size(); ++i) out.push_back(c.is_null(i) ? std::nan("") : c.doubles()[i]);
  return out;
}
bool same(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(std::isnan(a[i]) ? std::isnan(b[i]) : std::abs(a[i] - b[i]) <= 1e-12 * std::max(1.0, std::abs(b[i]))))
      return false;
  return true;
}
const double NaN = std::nan("");
}  // namespace

TEST_CASE("parse_interval reads pandas-style intervals", "[window]") {
  CHECK(parse_interval("1min").value() == ns_per_minute);
  CHECK(parse_interval("5min").value() == 5 * ns_per_minute);
  CHECK(parse_interval("5m").value() == 5 * ns_per_minute);
  CHECK(parse_interval("1h").value() == ns_per_hour);
  CHECK(parse_interval("1d").value() == ns_per_day);
  CHECK(parse_interval("30s").value() == 30 * ns_per_second);
  CHECK(parse_interval("250ms").value() == 250'000'000);
  CHECK(parse_interval("H").value() == ns_per_hour);
  CHECK(parse_interval("15T").value() == 15 * ns_per_minute);
  CHECK_FALSE(parse_interval("1M"));  // months are not fixed
  CHECK_FALSE(parse_interval("0min"));
  CHECK_FALSE(parse_interval(""));
  CHECK_FALSE(parse_interval("99999999999999d"));
  CHECK(parse_interval("1y").error().column == 2);
}

TEST_CASE("resample includes empty buckets like pandas", "[window]") {
  // pandas: s.resample("1min").agg(["size","count","sum","mean","max"]) with v = 1, 2, 3, NaN, 5 at
  // 00:00:10, 00:00:50, 00:03:05, 00:03:59, 00:01:00.
  table t;
  t.add("t", column::timestamps({at(0, 0, 10), at(0, 0, 50), at(0, 3, 5), at(0, 3, 59), at(0, 1, 0)}));
  t.add("v", std::vector<double>{1, 2, 3, NaN, 5});
  table r = resample(t, "t", parse_interval("1min").value(),
                     {agg::size(), agg::count("v"), agg::sum("v"), agg::mean("v"), agg::max("v")});
  CHECK(r["t"].int64s() == std::vector<i64>{at(0, 0, 0), at(0, 1, 0), at(0, 2, 0), at(0, 3, 0)});
  CHECK(r["size"].int64s() == std::vector<i64>{2, 1, 0, 2});
  CHECK(r["v_count"].int64s() == std::vector<i64>{2, 1, 0, 1});
  CHECK(same(with_nan(r["v_sum"]), {3, 5, 0, 3}));
  CHECK(same(with_nan(r["v_mean"]), {1.5, 5, NaN, 3}));
  CHECK(same(with_nan(r["v_max"]), {2, 5, NaN, 3}));
}

TEST_CASE("resample aligns buckets to midnight of the first day", "[window]") {
  table t;
  t.add("t", column::timestamps({at(10, 7, 0), at(10, 20, 0), at(12, 0, 0)}));
  table r = resample(t, "t", 7 * ns_per_minute, {agg::size()});
  // 10:07 is 607 minutes after midnight: bucket 86 of 7 minutes, 10:02.
  CHECK(r["t"].int64s().front() == at(10, 2, 0));
  CHECK(r["size"].int64s()[0] == 1);
  CHECK(r.rows() == 17);  // 10:02 .. 11:54
  table hourly = resample(t, "t", ns_per_hour, {agg::size()});
  CHECK(hourly["size"].int64s() == std::vector<i64>{2, 0, 1});
  CHECK(resample(table::from_rows({"t"}, {}).assign("t", column::timestamps({})), "t", ns_per_minute, {}).rows() == 0);
  CHECK_THROWS_AS(resample(t, "t", 0, {}), std::invalid_argument);
  table far = t;
  far.add("t", column::timestamps({0, at(0, 0, 0), 1}));
  CHECK_THROWS_AS(resample(far, "t", ns_per_second, {}), aiops::error);
}

TEST_CASE("rolling by count matches pandas", "[window]") {
  column x(std::vector<double>{1, 2, NaN, 4, 10, 3});
  // x.rolling(3).op() and x.rolling(3, min_periods=1).op()
  CHECK(same(with_nan(rolling(x, 3, window_op::sum)), {NaN, NaN, NaN, NaN, NaN, 17}));
  CHECK(same(with_nan(rolling(x, 3, window_op::sum, 1)), {1, 3, 3, 6, 14, 17}));
  CHECK(same(with_nan(rolling(x, 3, window_op::mean, 1)), {1, 1.5, 1.5, 3, 7, 5.666666666666667}));
  CHECK(same(with_nan(rolling(x, 3, window_op::min, 1)), {1, 1, 1, 2, 4, 3}));
  CHECK(same(with_nan(rolling(x, 3, window_op::max, 1)), {1, 2, 2, 4, 10, 10}));
  CHECK(same(with_nan(rolling(x, 3, window_op::std, 1)),
             {NaN, 0.7071067811865476, 0.7071067811865476, 1.4142135623730951, 4.242640687119285,
              3.7859388972001824}));
  CHECK(same(with_nan(rolling(x, 3, window_op::count, 1)), {1, 2, 2, 2, 2, 3}));
  CHECK(same(with_nan(rolling(column(std::vector<i64>{5, 1, 4, 2}), 2, window_op::max)), {NaN, 5, 4, 4}));
  CHECK_THROWS_AS(rolling(x, 0, window_op::sum), std::invalid_argument);
  CHECK_THROWS_AS(rolling(column(std::vector<std::string>{"a"}), 1, window_op::sum), std::invalid_argument);
}

TEST_CASE("rolling by time uses the window from t - w exclusive to t inclusive like pandas", "[window]") {
  column t = column::timestamps({at(0, 0, 0), at(0, 0, 30), at(0, 1, 0), at(0, 1, 10), at(0, 3, 0)});
  column v(std::vector<double>{1, 2, 3, 4, 5});
  // d.rolling("1min", on="t").v.op()
  CHECK(same(with_nan(rolling(v, t, ns_per_minute, window_op::sum)), {1, 3, 5, 9, 5}));
  CHECK(same(with_nan(rolling(v, t, ns_per_minute, window_op::mean)), {1, 1.5, 2.5, 3, 5}));
  CHECK(same(with_nan(rolling(v, t, ns_per_minute, window_op::min)), {1, 1, 2, 2, 5}));
  CHECK(same(with_nan(rolling(v, t, ns_per_minute, window_op::max)), {1, 2, 3, 4, 5}));
  CHECK(same(with_nan(rolling(v, t, ns_per_minute, window_op::std)), {NaN, 0.7071067811865476, 0.7071067811865476, 1, NaN}));
  CHECK(same(with_nan(rolling(v, t, ns_per_minute, window_op::count)), {1, 2, 2, 3, 1}));
  column back = column::timestamps({at(0, 1, 0), at(0, 0, 0)});
  CHECK_THROWS_AS(rolling(column(std::vector<double>{1, 2}), back, ns_per_minute, window_op::sum),
                  std::invalid_argument);
}

TEST_CASE("sliding min/max/std stay exact over a long window", "[window]") {
  // Compare the incremental windows with a direct computation at every row.
  std::vector<double> x;
  for (int i = 0; i < 500; ++i) x.push_back(std::fmod(i * 37.0, 101.0) + (i % 7 == 0 ? 1e6 : 0));
  const column c(x);
  const column mx = rolling(c, 25, window_op::max), mn = rolling(c, 25, window_op::min),
               sd = rolling(c, 25, window_op::std);
  for (std::size_t i = 24; i < x.size(); ++i) {
    double hi = x[i], lo = x[i], sum = 0, sq = 0;
    for (std::size_t k = i - 24; k <= i; ++k) {
      hi = std::max(hi, x[k]);
      lo = std::min(lo, x[k]);
      sum += x[k];
    }
    for (std::size_t k = i - 24; k <= i; ++k) sq += (x[k] - sum / 25) * (x[k] - sum / 25);
    REQUIRE(mx.doubles()[i] == hi);
    REQUIRE(mn.doubles()[i] == lo);
    REQUIRE(sd.doubles()[i] == Approx(std::sqrt(sq / 24)).epsilon(1e-9));
  }
}
