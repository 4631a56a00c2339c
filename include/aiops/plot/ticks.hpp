// aiops: axis ticks: "nice" 1-2-5 numeric steps and calendar-aligned UTC time steps with labels
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::clamp, std::swap
#include <cmath>        // std::floor, std::ceil, std::log10, std::fabs, std::isfinite
#include <cstdint>      // std::int64_t
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"
#include "aiops/plot/format.hpp"

AIOPS_BEGIN_NAMESPACE
namespace plot {

/// Tick positions and labels of a numeric axis.
struct numeric_ticks {
  double lo = 0;    ///< axis start: the data minimum, or the tick below it when extended
  double hi = 1;    ///< axis end
  double step = 1;  ///< distance between ticks, 1, 2 or 5 times a power of ten
  std::vector<double> values;
  std::vector<std::string> labels;  ///< "0", "2.5", "150k", "1.2M": one format for the whole axis
};

/// Tick positions and labels of a UTC time axis.
struct time_ticks {
  timestamp_ns step = 0;  ///< nominal distance between ticks (a month counts 30 days, a year 365)
  std::vector<timestamp_ns> values;
  std::vector<std::string> labels;  ///< "02:00", "Nov 29", "Nov 29 02:00", "Nov 2026", "2027"
};

namespace detail {

inline double pow10i(int e) {
  double p = 1;
  for (int i = 0; i < (e < 0 ? -e : e); ++i) p *= 10;
  return e < 0 ? 1 / p : p;
}

// k * m * 10^e computed so that decimal steps come out exact (0.3, not 0.30000000000000004).
inline double tick_value(std::int64_t k, int m, int e) {
  return e >= 0 ? double(k * m) * pow10i(e) : double(k * m) / pow10i(-e);
}

// Labels with one precision and one SI suffix (k, M, G, T) for the whole axis.
inline std::vector<std::string> numeric_labels(const std::vector<double>& values, int step_exp) {
  double max_abs = 0;
  for (double v : values) max_abs = std::fmax(max_abs, std::fabs(v));
  std::vector<std::string> labels;
  if (max_abs >= 1e15 || step_exp < -9) {
    for (double v : values) labels.push_back(format_value(v));
    return labels;
  }
  int scale_exp = 0;
  const char* suffix = "";
  constexpr const char* suffixes[] = {"k", "M", "G", "T"};
  // "k" from 10000 on (so 0..2000 keeps plain numbers), "M", "G", "T" from 1e6, 1e9, 1e12 on.
  for (int s = 0; s < 4; ++s)
    if (max_abs >= (s == 0 ? 1e4 : pow10i(3 * (s + 1)))) { scale_exp = 3 * (s + 1); suffix = suffixes[s]; }
  const int decimals = step_exp - scale_exp < 0 ? scale_exp - step_exp : 0;
  for (double v : values)
    labels.push_back(v == 0 ? "0" : format_fixed(v / pow10i(scale_exp), decimals) + suffix);
  return labels;
}

}  // namespace detail

/// Ticks for [lo, hi] at most `max_ticks` of them, with a 1-2-5 step. With `extend` the axis
/// grows to the ticks just outside the data (value axes); without, it keeps [lo, hi] and the
/// ticks fall inside (position axes). An empty range is widened around its value.
/// @throws std::invalid_argument when lo or hi is not finite (or beyond ±1e300) or max_ticks < 2.
inline numeric_ticks nice_ticks(double lo, double hi, int max_ticks = 6, bool extend = true) {
  if (!(std::fabs(lo) <= 1e300 && std::fabs(hi) <= 1e300))
    throw std::invalid_argument("nice_ticks: bounds must be finite and within ±1e300");
  if (max_ticks < 2) throw std::invalid_argument("nice_ticks: max_ticks must be at least 2");
  if (lo > hi) std::swap(lo, hi);
  const double mag = std::fmax(std::fabs(lo), std::fabs(hi));
  if (hi - lo <= mag * 1e-12) {  // one value, or a range below double precision
    const double pad = mag == 0 ? 1 : mag * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double span = hi - lo;
  int e = int(std::floor(std::log10(span / max_ticks)));
  constexpr int steps[] = {1, 2, 5};
  for (int m_index = 0;; m_index = (m_index + 1) % 3, e += m_index == 0) {
    const int m = steps[m_index];
    const double step = detail::tick_value(1, m, e);
    const double k0 = extend ? std::floor(lo / step + 1e-9) : std::ceil(lo / step - 1e-9);
    const double k1 = extend ? std::ceil(hi / step - 1e-9) : std::floor(hi / step + 1e-9);
    if (k1 - k0 + 1 > max_ticks) continue;
    numeric_ticks t;
    t.step = step;
    for (auto k = std::int64_t(k0); k <= std::int64_t(k1); ++k) t.values.push_back(detail::tick_value(k, m, e));
    t.lo = extend ? t.values.front() : lo;
    t.hi = extend ? t.values.back() : hi;
    t.labels = detail::numeric_labels(t.values, e);
    return t;
  }
}

namespace detail {

inline constexpr const char* month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

inline std::string two_digits(int v) { return {char('0' + v / 10), char('0' + v % 10)}; }

inline std::string month_day(const civil_time& c) { return std::string(month_names[c.month - 1]) + " " + std::to_string(c.day); }

inline std::string clock(const civil_time& c, timestamp_ns step) {
  std::string s = two_digits(c.hour) + ":" + two_digits(c.minute);
  if (step < ns_per_minute) s += ":" + two_digits(c.second);
  if (step < ns_per_second) {
    const auto ms = int(c.nanosecond / ns_per_millisecond);
    s += "." + std::to_string(ms / 100) + std::to_string(ms / 10 % 10) + std::to_string(ms % 10);
  }
  return s;
}

// Floor division, for timestamps before 1970 too.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

enum class time_unit { fixed, month, year };

struct time_step {
  time_unit unit;
  std::int64_t n;  // nanoseconds (fixed), months or years
};

// Ticks of one candidate step inside [lo, hi], or nothing once more than `limit` would come out.
inline std::vector<timestamp_ns> time_candidates(timestamp_ns lo, timestamp_ns hi, time_step s, std::size_t limit) {
  std::vector<timestamp_ns> out;
  if (s.unit == time_unit::fixed) {
    // Weeks start on Monday (1970-01-05 00:00 UTC); every other step is aligned on the epoch.
    const timestamp_ns origin = s.n == 7 * ns_per_day ? 4 * ns_per_day : 0;
    const std::int64_t k_lo = -floor_div(-(lo - origin), s.n), k_hi = floor_div(hi - origin, s.n);
    if (k_hi - k_lo + 1 > std::int64_t(limit)) return {};
    for (std::int64_t k = k_lo; k <= k_hi; ++k) out.push_back(origin + k * s.n);
    return out;
  }
  const civil_time c = to_civil(lo);
  std::int64_t index = s.unit == time_unit::month ? std::int64_t(c.year) * 12 + (c.month - 1) : c.year;
  const std::int64_t per = s.n;
  index = floor_div(index, per) * per;
  for (;; index += per) {
    civil_time t;
    t.year = int(s.unit == time_unit::month ? floor_div(index, 12) : index);
    t.month = s.unit == time_unit::month ? int(index - floor_div(index, 12) * 12) + 1 : 1;
    const timestamp_ns v = to_timestamp(t);
    if (v > hi) return out;
    if (v < lo) continue;
    if (out.size() == limit) return {};
    out.push_back(v);
  }
}

inline std::vector<std::string> time_labels(const std::vector<timestamp_ns>& values, time_step s) {
  std::vector<std::string> labels;
  if (values.empty()) return labels;
  const bool years_differ = to_civil(values.front()).year != to_civil(values.back()).year;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const civil_time c = to_civil(values[i]);
    const bool new_year = i == 0 || to_civil(values[i - 1]).year != c.year;
    const std::string year = std::to_string(c.year);
    if (s.unit == time_unit::year) {
      labels.push_back(year);
    } else if (s.unit == time_unit::month) {
      labels.push_back(c.month == 1 ? year : new_year ? std::string(month_names[c.month - 1]) + " " + year
                                                      : month_names[c.month - 1]);
    } else if (s.n >= ns_per_day) {
      labels.push_back(years_differ && new_year ? month_day(c) + " " + year : month_day(c));
    } else {
      // Within a day only the clock changes; the date is given at midnight and on the first tick.
      const bool midnight = values[i] % ns_per_day == 0;
      labels.push_back(midnight && s.n >= ns_per_minute ? month_day(c)
                       : i == 0                         ? month_day(c) + " " + clock(c, s.n)
                                                        : clock(c, s.n));
    }
  }
  return labels;
}

}  // namespace detail

/// Ticks for the UTC time range [lo, hi], at most `max_ticks`, on calendar boundaries: 1-500 ms,
/// 1-30 s, 1-30 min, 1-12 h, 1-2 days, weeks (Mondays), 1-6 months, years. The label format follows
/// the step; the first tick of a sub-day axis carries the date, as do ticks at midnight.
/// @throws std::invalid_argument when max_ticks < 2.
inline time_ticks time_axis_ticks(timestamp_ns lo, timestamp_ns hi, int max_ticks = 6) {
  if (max_ticks < 2) throw std::invalid_argument("time_axis_ticks: max_ticks must be at least 2");
  if (lo > hi) std::swap(lo, hi);
  // Keeps hi - lo and the calendar arithmetic inside int64 (years 1824 to 2116 stay exact).
  constexpr timestamp_ns limit_ns = (std::int64_t(1) << 62) - 1;
  lo = std::clamp(lo, -limit_ns, limit_ns);
  hi = std::clamp(hi, -limit_ns, limit_ns);
  using detail::time_step;
  using detail::time_unit;
  constexpr timestamp_ns ms = ns_per_millisecond, s = ns_per_second, m = ns_per_minute, h = ns_per_hour, d = ns_per_day;
  constexpr time_step fixed_steps[] = {
      {time_unit::fixed, ms},      {time_unit::fixed, 2 * ms},   {time_unit::fixed, 5 * ms},
      {time_unit::fixed, 10 * ms}, {time_unit::fixed, 20 * ms},  {time_unit::fixed, 50 * ms},
      {time_unit::fixed, 100 * ms}, {time_unit::fixed, 200 * ms}, {time_unit::fixed, 500 * ms},
      {time_unit::fixed, s},       {time_unit::fixed, 2 * s},    {time_unit::fixed, 5 * s},
      {time_unit::fixed, 10 * s},  {time_unit::fixed, 15 * s},   {time_unit::fixed, 30 * s},
      {time_unit::fixed, m},       {time_unit::fixed, 2 * m},    {time_unit::fixed, 5 * m},
      {time_unit::fixed, 10 * m},  {time_unit::fixed, 15 * m},   {time_unit::fixed, 30 * m},
      {time_unit::fixed, h},       {time_unit::fixed, 2 * h},    {time_unit::fixed, 3 * h},
      {time_unit::fixed, 6 * h},   {time_unit::fixed, 12 * h},   {time_unit::fixed, d},
      {time_unit::fixed, 2 * d},   {time_unit::fixed, 7 * d},    {time_unit::month, 1},
      {time_unit::month, 2},       {time_unit::month, 3},        {time_unit::month, 6}};
  auto finish = [&](time_step step, std::vector<timestamp_ns> values) {
    time_ticks t;
    t.step = step.unit == time_unit::fixed ? step.n : step.unit == time_unit::month ? step.n * 30 * d : step.n * 365 * d;
    t.labels = detail::time_labels(values, step);
    t.values = std::move(values);
    return t;
  };
  const auto limit = std::size_t(max_ticks);
  for (time_step step : fixed_steps) {
    // A step far below span / max_ticks cannot fit; skipping it avoids enumerating its ticks.
    const timestamp_ns nominal = step.unit == time_unit::fixed ? step.n : step.n * 28 * d;
    if ((hi - lo) / nominal > max_ticks) continue;
    auto values = detail::time_candidates(lo, hi, step, limit);
    if (!values.empty() || hi - lo < nominal) return finish(step, std::move(values));
  }
  for (std::int64_t years = 1;; years *= 10)
    for (std::int64_t m_years : {years, 2 * years, 5 * years}) {
      const time_step step{time_unit::year, m_years};
      if ((hi - lo) / (m_years * 365 * d) > max_ticks) continue;
      auto values = detail::time_candidates(lo, hi, step, limit);
      if (!values.empty() || hi - lo < m_years * 365 * d) return finish(step, std::move(values));
    }
}

}  // namespace plot
AIOPS_END_NAMESPACE
