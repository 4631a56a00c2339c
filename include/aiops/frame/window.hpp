// aiops: time bucketing (resample) and rolling windows by row count or by time
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>        // std::sqrt, std::nan
#include <cstddef>      // std::size_t
#include <cstdint>      // std::int64_t, std::uint64_t
#include <deque>        // std::deque
#include <limits>       // std::numeric_limits
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"
#include "aiops/frame/column.hpp"
#include "aiops/frame/group.hpp"
#include "aiops/frame/table.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame {

/// Parses a fixed interval: an optional positive count and a unit, "1min", "5min", "1h", "1d",
/// "30s", "250ms", "h". Units: ns, us, ms, s, min (or m), h, d, and pandas' T (minute), S, H, D.
/// Months and years are not fixed intervals and are refused.
inline result<timestamp_ns> parse_interval(std::string_view s) {
  std::size_t digits = 0;
  while (digits < s.size() && is_digit(s[digits])) ++digits;
  std::int64_t count = 1;
  if (digits > 0) {
    auto n = parse_int(s.substr(0, digits));
    if (!n || *n <= 0) return fail(errc::bad_number, "an interval needs a positive count", 1);
    count = *n;
  }
  const std::string_view unit = s.substr(digits);
  timestamp_ns per = 0;
  if (unit == "ns") per = 1;
  else if (unit == "us") per = 1'000;
  else if (unit == "ms") per = ns_per_millisecond;
  else if (unit == "s" || unit == "S") per = ns_per_second;
  else if (unit == "min" || unit == "m" || unit == "T") per = ns_per_minute;
  else if (unit == "h" || unit == "H") per = ns_per_hour;
  else if (unit == "d" || unit == "D") per = ns_per_day;
  else return fail(errc::syntax, "unknown interval unit '" + std::string(unit) + "' (use ns, us, ms, s, min, h or d)",
                   digits + 1);
  if (count > std::numeric_limits<timestamp_ns>::max() / per) return fail(errc::too_long, "interval too long");
  return count * per;
}

/// At most this many buckets in one resample: a stray timestamp years away must not exhaust memory.
inline constexpr std::uint64_t max_resample_buckets = 50'000'000;

/// Floors `t` to a multiple of `interval` counted from `origin` (correct for times before it too).
constexpr timestamp_ns floor_to(timestamp_ns t, timestamp_ns interval, timestamp_ns origin = 0) noexcept {
  timestamp_ns d = t - origin;
  timestamp_ns q = d / interval;
  if (d % interval < 0) --q;
  return origin + q * interval;
}

/// pandas `resample(interval).agg(...)` on timestamp column `time`: one row per bucket from the
/// first to the last, empty buckets included (size/count 0, sum 0, others null), buckets aligned to
/// midnight UTC of the first timestamp's day (pandas' default origin). Rows with a null time are
/// left out. Columns: `time` (bucket starts), then one per aggregation.
/// @throws std::invalid_argument when `time` is not a timestamp column or `interval` <= 0;
///         aiops::error when the span needs more than max_resample_buckets buckets.
inline table resample(const table& t, const std::string& time, timestamp_ns interval,
                      const std::vector<aggregation>& aggs) {
  const column& tc = t[time];
  if (tc.type() != dtype::timestamp) throw std::invalid_argument("frame: resample needs a timestamp column: " + time);
  if (interval <= 0) throw std::invalid_argument("frame: resample needs a positive interval");
  const auto& ts = tc.int64s();
  timestamp_ns lo = 0, hi = 0;
  bool any = false;
  for (std::size_t i = 0; i < ts.size(); ++i) {
    if (tc.is_null(i)) continue;
    if (!any || ts[i] < lo) lo = ts[i];
    if (!any || ts[i] > hi) hi = ts[i];
    any = true;
  }
  const timestamp_ns start = any ? floor_to(lo, interval, floor_to(lo, ns_per_day)) : 0;
  const std::uint64_t buckets = any ? std::uint64_t((hi - start) / interval) + 1 : 0;
  if (buckets > max_resample_buckets)
    throw error("frame: resample by " + std::to_string(interval) + " ns over this span needs " +
                std::to_string(buckets) + " buckets (limit " + std::to_string(max_resample_buckets) + ")");
  std::vector<std::uint64_t> bucket(ts.size(), no_row);
  for (std::size_t i = 0; i < ts.size(); ++i)
    if (!tc.is_null(i)) bucket[i] = std::uint64_t((ts[i] - start) / interval);
  const detail::group_members m = detail::collect(bucket, buckets);
  std::vector<timestamp_ns> starts(buckets);
  for (std::uint64_t b = 0; b < buckets; ++b) starts[b] = start + timestamp_ns(b) * interval;
  table out;
  out.add(time, column::timestamps(std::move(starts)));
  for (const auto& a : aggs) out.add(a.output_name(), detail::aggregate(t, m, a));
  return out;
}

/// What a rolling window computes; `std` is the sample standard deviation (ddof = 1).
enum class window_op { count, sum, mean, min, max, std };

namespace detail {

// The state of one sliding window: values enter at the right and leave at the left, in order.
class sliding {
 public:
  sliding(const std::vector<double>& x, window_op op) : x_(x), op_(op) {}

  void add(std::size_t i) {
    const double v = x_[i];
    ++n_;
    sum_.add(v);
    const double delta = v - mean_;  // Welford's update, reversible by remove()
    mean_ += delta / double(n_);
    m2_ += delta * (v - mean_);
    if (op_ == window_op::min || op_ == window_op::max) {
      // A monotonic queue: the front is the window's extreme; later better values evict worse ones.
      while (!extreme_.empty() && !better(x_[extreme_.back()], v)) extreme_.pop_back();
      extreme_.push_back(i);
    }
  }

  void remove(std::size_t i) {
    const double v = x_[i];
    --n_;
    sum_.add(-v);
    if (n_ == 0) {
      mean_ = m2_ = 0;
      sum_ = {};
    } else {
      const double delta = v - mean_;
      mean_ -= delta / double(n_);
      m2_ -= delta * (v - mean_);
    }
    if (!extreme_.empty() && extreme_.front() == i) extreme_.pop_front();
  }

  std::size_t observations() const noexcept { return n_; }

  // An empty window (min_periods 0) counts and sums to 0 and has no other statistic, as in pandas.
  double result() const {
    if (n_ == 0) return op_ == window_op::count || op_ == window_op::sum ? 0.0 : std::nan("");
    switch (op_) {
      case window_op::count: return double(n_);
      case window_op::sum: return sum_.sum;
      case window_op::mean: return sum_.sum / double(n_);
      case window_op::min:
      case window_op::max: return x_[extreme_.front()];
      case window_op::std: return n_ < 2 ? std::nan("") : std::sqrt(m2_ > 0 ? m2_ / double(n_ - 1) : 0.0);
    }
    return std::nan("");
  }

 private:
  bool better(double kept, double incoming) const { return op_ == window_op::min ? kept < incoming : kept > incoming; }

  const std::vector<double>& x_;
  window_op op_;
  std::size_t n_ = 0;
  kahan sum_;
  double mean_ = 0, m2_ = 0;
  std::deque<std::size_t> extreme_;
};

// Row i's window is [left(i), i]; left never decreases.
template <class Left>
column roll(const column& values, window_op op, std::size_t min_periods, Left left) {
  const std::vector<double> x = as_doubles(values, "rolling");
  sliding w(x, op);
  std::vector<double> out(x.size());
  std::size_t lo = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!values.is_null(i)) w.add(i);
    for (const std::size_t l = left(i); lo < l; ++lo)
      if (!values.is_null(lo)) w.remove(lo);
    out[i] = w.observations() >= min_periods ? w.result() : std::nan("");
  }
  return out;
}

}  // namespace detail

/// pandas `rolling(window, min_periods).op()` over the last `window` rows (this one included):
/// float64, null where the window holds fewer than `min_periods` non-null values
/// (`min_periods` 0 means `window`, pandas' default).
/// @throws std::invalid_argument when `window` is 0 or `values` is not numeric.
inline column rolling(const column& values, std::size_t window, window_op op, std::size_t min_periods = 0) {
  if (window == 0) throw std::invalid_argument("frame: a rolling window needs at least one row");
  if (min_periods == 0) min_periods = window;
  return detail::roll(values, op, min_periods, [&](std::size_t i) { return i + 1 >= window ? i + 1 - window : 0; });
}

/// pandas `rolling("5min", on=time)`: the window of row i holds the rows with time in
/// (time[i] - window, time[i]]. `min_periods` defaults to 1 as in pandas.
/// @throws std::invalid_argument when `times` is not a timestamp column of the same length, has
///         nulls or decreases, or `window` <= 0.
inline column rolling(const column& values, const column& times, timestamp_ns window, window_op op,
                      std::size_t min_periods = 1) {
  if (times.type() != dtype::timestamp || times.size() != values.size())
    throw std::invalid_argument("frame: a time-based rolling window needs a timestamp column of the same length");
  if (window <= 0) throw std::invalid_argument("frame: a rolling window needs a positive duration");
  const auto& t = times.int64s();
  for (std::size_t i = 0; i < t.size(); ++i)
    if (times.is_null(i) || (i > 0 && t[i] < t[i - 1]))
      throw std::invalid_argument("frame: a time-based rolling window needs non-null, non-decreasing times (row " +
                                  std::to_string(i) + ")");
  std::size_t lo = 0;
  return detail::roll(values, op, min_periods, [&](std::size_t i) {
    while (t[lo] <= t[i] - window) ++lo;
    return lo;
  });
}

}  // namespace frame
AIOPS_END_NAMESPACE
