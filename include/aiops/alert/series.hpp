// aiops: label sets, samples and an in-memory series store that alert rules evaluate on (standard library only)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::upper_bound, std::lower_bound
#include <chrono>       // std::chrono::milliseconds
#include <cstdint>      // std::int64_t, std::uint64_t, INT64_MAX
#include <iterator>     // std::next
#include <map>          // std::map
#include <optional>     // std::optional
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace alert {

/// Label names to values, ordered by name; a series' metric name is the label `__name__`.
using label_set = std::map<std::string, std::string>;

/// One point of a series.
struct sample {
  timestamp_ns time = 0;
  double value = 0;
};

/// A 64-bit FNV-1a hash of a label set: stable across runs, used as the alert's fingerprint.
inline std::uint64_t fingerprint(const label_set& set) noexcept {
  std::uint64_t h = 1469598103934665603ULL;
  const auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xFF) * 1099511628211ULL;  // separator, so {a="bc"} and {ab="c"} differ
  };
  for (const auto& [name, value] : set) mix(name), mix(value);
  return h;
}

/// The fingerprint as 16 lowercase hex digits, as Alertmanager shows fingerprints.
inline std::string fingerprint_hex(const label_set& set) {
  static constexpr char digits[] = "0123456789abcdef";
  std::uint64_t h = fingerprint(set);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[std::size_t(i)] = digits[h & 0xF];
  return out;
}

/// Prometheus duration text ("90s", "5m", "1h30m", "250ms", "2d", "1w", "1y") as milliseconds.
inline result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  static constexpr std::pair<std::string_view, std::int64_t> units[] = {
      {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}, {"w", 604'800'000},
      {"y", 31'536'000'000}};
  if (text.empty()) return fail(errc::syntax, "empty duration");
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == start) return fail(errc::syntax, "duration \"" + std::string(text) + "\" needs a number before each unit", i + 1);
    const auto number = parse_int(text.substr(start, i - start));
    std::size_t unit_end = i;
    while (unit_end < text.size() && !is_digit(text[unit_end])) ++unit_end;
    const std::string_view unit = text.substr(i, unit_end - i);
    std::int64_t scale = 0;
    for (const auto& [name, ms] : units)
      if (unit == name) scale = ms;
    if (scale == 0) return fail(errc::syntax, "duration \"" + std::string(text) + "\" has unknown unit \"" + std::string(unit) + "\" (ms s m h d w y)", i + 1);
    if (!number || *number > (INT64_MAX / ns_per_millisecond - total) / scale) return fail(errc::too_long, "duration \"" + std::string(text) + "\" is too long");
    total += *number * scale;
    i = unit_end;
  }
  return std::chrono::milliseconds(total);
}

/// Milliseconds as Prometheus duration text: 5400000 -> "1h30m", 0 -> "0s".
inline std::string format_duration(std::chrono::milliseconds d) {
  static constexpr std::pair<const char*, std::int64_t> units[] = {
      {"w", 604'800'000}, {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1000}, {"ms", 1}};
  std::int64_t left = d.count();
  if (left < 0) throw std::invalid_argument("aiops::alert::format_duration: negative duration");
  if (left == 0) return "0s";
  std::string out;
  for (const auto& [name, ms] : units) {
    if (left >= ms) {
      out += std::to_string(left / ms) + name;
      left %= ms;
    }
  }
  return out;
}

/// Time series by full label set, with samples kept in time order: what rules evaluate on.
///
///     aiops::alert::series_store store;
///     store.add("node_load1", {{"instance", "web-1"}}, now, 3.2);
///
/// Not thread-safe; share it behind your own lock.
class series_store {
 public:
  /// Adds a sample to series `metric{series_labels}`; a sample at an existing time replaces it.
  /// @throws std::invalid_argument when `metric` is empty.
  void add(std::string_view metric, label_set series_labels, timestamp_ns time, double value) {
    if (metric.empty()) throw std::invalid_argument("aiops::alert::series_store::add: empty metric name");
    series_labels["__name__"] = std::string(metric);
    auto& points = series_[std::move(series_labels)];
    if (points.empty() || points.back().time < time) {
      points.push_back({time, value});
      return;
    }
    const auto at = std::lower_bound(points.begin(), points.end(), time,
                                     [](const sample& s, timestamp_ns t) { return s.time < t; });
    if (at != points.end() && at->time == time) at->value = value;
    else points.insert(at, {time, value});
  }

  /// Forgets samples older than `time`, and series left empty.
  void drop_before(timestamp_ns time) {
    for (auto it = series_.begin(); it != series_.end();) {
      auto& points = it->second;
      points.erase(points.begin(), std::lower_bound(points.begin(), points.end(), time,
                                                    [](const sample& s, timestamp_ns t) { return s.time < t; }));
      it = points.empty() ? series_.erase(it) : std::next(it);
    }
  }

  /// Every series (labels include `__name__`) with its samples.
  const std::map<label_set, std::vector<sample>>& series() const noexcept { return series_; }

  /// The samples of one series with `from < time <= to`, as Prometheus' range selectors take them.
  static std::vector<sample> window(const std::vector<sample>& points, timestamp_ns from, timestamp_ns to) {
    const auto by_time = [](timestamp_ns t, const sample& s) { return t < s.time; };
    return {std::upper_bound(points.begin(), points.end(), from, by_time),
            std::upper_bound(points.begin(), points.end(), to, by_time)};
  }

 private:
  std::map<label_set, std::vector<sample>> series_;
};

}  // namespace alert
AIOPS_END_NAMESPACE
