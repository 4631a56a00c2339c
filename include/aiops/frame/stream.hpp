// aiops: streaming aggregation: accumulators that see records one at a time and keep only
// per-group state (counts, time buckets, running statistics, a mergeable quantile sketch)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>      // std::min, std::max, std::partial_sort, std::sort
#include <cmath>          // std::log, std::ceil, std::pow, std::sqrt, std::isfinite
#include <cstddef>        // std::size_t
#include <cstdint>        // std::int32_t, std::int64_t, std::uint64_t
#include <limits>         // std::numeric_limits
#include <stdexcept>      // std::invalid_argument
#include <string>         // std::string
#include <string_view>    // std::string_view
#include <type_traits>    // std::conditional_t, std::is_same_v
#include <unordered_map>  // std::unordered_map
#include <utility>        // std::pair, std::move
#include <vector>         // std::vector

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/time.hpp"
#include "aiops/frame/column.hpp"
#include "aiops/frame/detail/string_map.hpp"
#include "aiops/frame/table.hpp"
#include "aiops/frame/window.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame {

namespace detail {

// The unordered_map behind the counters of non-string keys, with string_map's interface.
template <class Key, class T>
class hash_map {
 public:
  T* find(const Key& key) noexcept {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }
  const T* find(const Key& key) const noexcept { return const_cast<hash_map*>(this)->find(key); }
  T& get_or_insert(const Key& key, const T& initial) { return map_.try_emplace(key, initial).first->second; }
  template <class F>
  void merge(const hash_map& other, const T& initial, F&& combine) {
    for (const auto& [k, v] : other.map_) combine(get_or_insert(k, initial), v);
  }
  std::size_t size() const noexcept { return map_.size(); }
  template <class F>
  void for_each(F&& f) const {
    for (const auto& [k, v] : map_) f(k, v);
  }

 private:
  std::unordered_map<Key, T> map_;
};

// String keys get the flat string_map, looked up by string_view; other keys an unordered_map.
template <class Key, class T>
using key_map = std::conditional_t<std::is_same_v<Key, std::string>, string_map<T>, hash_map<Key, T>>;

template <class Key>
using key_arg = std::conditional_t<std::is_same_v<Key, std::string>, std::string_view, const Key&>;

// A key as the map holds it, not copied: a string_view for strings, a pointer otherwise.
template <class Key>
using key_ref = std::conditional_t<std::is_same_v<Key, std::string>, std::string_view, const Key*>;

template <class Key>
key_ref<Key> ref_to(key_arg<Key> key) noexcept {
  if constexpr (std::is_same_v<Key, std::string>) return key;
  else return &key;
}

template <class Key>
key_arg<Key> deref(key_ref<Key> ref) noexcept {
  if constexpr (std::is_same_v<Key, std::string>) return ref;
  else return *ref;
}

// A column of keys, for to_table.
template <class Key>
column key_column(std::vector<Key> keys) {
  if constexpr (std::is_integral_v<Key> && !std::is_same_v<Key, bool>)
    return column(std::vector<std::int64_t>(keys.begin(), keys.end()));
  else
    return column(std::move(keys));
}

}  // namespace detail

/// Count, sum, mean, sample std, min and max of a stream of numbers in constant memory; NaN and
/// infinities are ignored. Mergeable, so threads can each keep one and combine them.
class running_stats {
 public:
  void add(double x) {
    if (!std::isfinite(x)) return;
    ++n_;
    const double delta = x - mean_;  // Welford: stable where sum-of-squares cancels
    mean_ += delta / double(n_);
    m2_ += delta * (x - mean_);
    sum_ += x;
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }

  /// Adds everything `other` saw (Chan et al.'s parallel update).
  void merge(const running_stats& other) {
    if (other.n_ == 0) return;
    if (n_ == 0) { *this = other; return; }
    const double n = double(n_ + other.n_);
    const double delta = other.mean_ - mean_;
    mean_ += delta * double(other.n_) / n;
    m2_ += other.m2_ + delta * delta * double(n_) * double(other.n_) / n;
    n_ += other.n_;
    sum_ += other.sum_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }

  std::uint64_t count() const noexcept { return n_; }
  double sum() const noexcept { return sum_; }
  /// NaN when empty.
  double mean() const noexcept { return n_ ? mean_ : std::numeric_limits<double>::quiet_NaN(); }
  /// Sample variance (ddof = 1); NaN with fewer than two values.
  double variance() const noexcept { return n_ > 1 ? m2_ / double(n_ - 1) : std::numeric_limits<double>::quiet_NaN(); }
  double stddev() const noexcept { return std::sqrt(variance()); }
  /// NaN when empty.
  double min() const noexcept { return n_ ? min_ : std::numeric_limits<double>::quiet_NaN(); }
  double max() const noexcept { return n_ ? max_ : std::numeric_limits<double>::quiet_NaN(); }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0, m2_ = 0, sum_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

/// Quantiles of a stream in bounded memory: a DDSketch (Masson, Rim and Lee, VLDB 2019).
///
/// Error bound: for data of one sign, `quantile(q)` is within `relative_accuracy` (default 1%)
/// of the exact value pandas gives (`Series.quantile(q)`, linear interpolation): each of the two
/// order statistics interpolated is estimated within that relative error, and min/max are exact.
/// Values with |x| < 1e-9 are counted as 0 (absolute error below 1e-9).
/// Memory: one counter per logarithmic bucket actually used, about ln(max/min) / (2 * accuracy):
/// 1 µs to 1 h at 1% is about 1100 buckets (9 KB), however many values are added.
/// Mergeable: sketches with the same accuracy add up exactly.
class quantile_sketch {
 public:
  /// @throws std::invalid_argument unless 0 < relative_accuracy < 1.
  explicit quantile_sketch(double relative_accuracy = 0.01) : alpha_(relative_accuracy) {
    if (!(relative_accuracy > 0 && relative_accuracy < 1))
      throw std::invalid_argument("frame: a sketch's relative accuracy must be in (0, 1)");
    gamma_ = (1 + alpha_) / (1 - alpha_);
    log_gamma_ = std::log(gamma_);
  }

  /// Adds `n` copies of `x`; NaN and infinities are ignored.
  void add(double x, std::uint64_t n = 1) {
    if (!std::isfinite(x) || n == 0) return;
    if (count_ == 0 || x < min_) min_ = x;
    if (count_ == 0 || x > max_) max_ = x;
    count_ += n;
    if (x > min_indexable) positive_.add(index(x), n);
    else if (x < -min_indexable) negative_.add(index(-x), n);
    else zeros_ += n;
  }

  /// Adds everything `other` saw. @throws std::invalid_argument when the accuracies differ.
  void merge(const quantile_sketch& other) {
    if (other.alpha_ != alpha_) throw std::invalid_argument("frame: cannot merge sketches of different accuracy");
    if (other.count_ == 0) return;
    if (count_ == 0 || other.min_ < min_) min_ = other.min_;
    if (count_ == 0 || other.max_ > max_) max_ = other.max_;
    count_ += other.count_;
    zeros_ += other.zeros_;
    positive_.merge(other.positive_);
    negative_.merge(other.negative_);
  }

  /// The `q` quantile (0 <= q <= 1), interpolated like pandas; NaN when empty.
  /// @throws std::invalid_argument when q is outside [0, 1].
  double quantile(double q) const {
    if (!(q >= 0 && q <= 1)) throw std::invalid_argument("frame: a quantile must be in [0, 1]");
    if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
    const double pos = q * double(count_ - 1);
    const std::uint64_t lo = std::uint64_t(pos);
    const double lo_value = at_rank(lo);
    const double frac = pos - double(lo);
    return frac == 0 ? lo_value : lo_value + (at_rank(lo + 1) - lo_value) * frac;
  }

  std::uint64_t count() const noexcept { return count_; }
  double relative_accuracy() const noexcept { return alpha_; }
  /// Buckets held (the memory used is about 8 bytes each).
  std::size_t buckets() const noexcept { return positive_.counts.size() + negative_.counts.size(); }
  /// Exact extremes; NaN when empty.
  double min() const noexcept { return count_ ? min_ : std::numeric_limits<double>::quiet_NaN(); }
  double max() const noexcept { return count_ ? max_ : std::numeric_limits<double>::quiet_NaN(); }

 private:
  static constexpr double min_indexable = 1e-9;

  // Counts of consecutive bucket indexes starting at `offset`, grown at either end on demand.
  struct store {
    std::int32_t offset = 0;
    std::vector<std::uint64_t> counts;
    void add(std::int32_t i, std::uint64_t n) {
      if (counts.empty()) offset = i;
      if (i < offset) {
        counts.insert(counts.begin(), std::size_t(offset - i), 0);
        offset = i;
      }
      if (std::size_t(i - offset) >= counts.size()) counts.resize(std::size_t(i - offset) + 1, 0);
      counts[std::size_t(i - offset)] += n;
    }
    void merge(const store& o) {
      for (std::size_t k = 0; k < o.counts.size(); ++k)
        if (o.counts[k]) add(o.offset + std::int32_t(k), o.counts[k]);
    }
  };

  // Bucket i holds (gamma^(i-1), gamma^i]; its representative is within alpha of all of them.
  std::int32_t index(double x) const { return std::int32_t(std::ceil(std::log(x) / log_gamma_)); }
  double representative(std::int32_t i) const { return 2 * std::pow(gamma_, i) / (gamma_ + 1); }

  // The estimate of the value with 0-based rank r in sorted order; the extremes are exact.
  double at_rank(std::uint64_t r) const {
    if (r == 0) return min_;
    if (r + 1 >= count_) return max_;
    double v = max_;
    std::uint64_t seen = 0;
    bool found = false;
    for (std::size_t k = negative_.counts.size(); k-- > 0 && !found;)
      if ((seen += negative_.counts[k]) > r) v = -representative(negative_.offset + std::int32_t(k)), found = true;
    if (!found && (seen += zeros_) > r) v = 0, found = true;
    for (std::size_t k = 0; k < positive_.counts.size() && !found; ++k)
      if ((seen += positive_.counts[k]) > r) v = representative(positive_.offset + std::int32_t(k)), found = true;
    return std::clamp(v, min_, max_);
  }

  double alpha_, gamma_ = 0, log_gamma_ = 0;
  store positive_, negative_;
  std::uint64_t zeros_ = 0, count_ = 0;
  double min_ = 0, max_ = 0;
};

/// Exact counts per key, with the top k. Memory grows with the distinct keys, never with the
/// number of `add` calls. `Key` is std::string (looked up by string_view, copied only when new)
/// or an integer or other hashable type.
///
///     counter<> paths;
///     for (auto& rec : records) paths.add(rec.path);
///     for (auto& [path, n] : paths.top(10)) ...
template <class Key = std::string>
class counter {
 public:
  void add(detail::key_arg<Key> key, std::uint64_t n = 1) {
    counts_.get_or_insert(key, 0) += n;
    total_ += n;
  }
  void merge(const counter& other) {
    counts_.merge(other.counts_, 0, [](std::uint64_t& mine, std::uint64_t theirs) { mine += theirs; });
    total_ += other.total_;
  }
  std::uint64_t count(detail::key_arg<Key> key) const {
    const std::uint64_t* n = counts_.find(key);
    return n ? *n : 0;
  }
  /// The sum of all counts.
  std::uint64_t total() const noexcept { return total_; }
  /// The number of distinct keys.
  std::size_t size() const noexcept { return counts_.size(); }

  /// The `k` most frequent keys, by count descending then key ascending (all when k = 0).
  std::vector<std::pair<Key, std::uint64_t>> top(std::size_t k = 0) const {
    std::vector<std::pair<detail::key_ref<Key>, std::uint64_t>> all;  // copies of the k keys only
    all.reserve(counts_.size());
    counts_.for_each([&](detail::key_arg<Key> key, std::uint64_t n) { all.emplace_back(detail::ref_to<Key>(key), n); });
    const std::size_t keep = k == 0 ? all.size() : std::min(k, all.size());
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(keep), all.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : detail::deref<Key>(a.first) < detail::deref<Key>(b.first);
    });
    std::vector<std::pair<Key, std::uint64_t>> out;
    out.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i) out.emplace_back(Key(detail::deref<Key>(all[i].first)), all[i].second);
    return out;
  }

  /// `top(k)` as a table with columns `key_name` and `count_name`.
  table to_table(std::string key_name, std::string count_name = "count", std::size_t k = 0) const {
    std::vector<Key> keys;
    std::vector<std::int64_t> counts;
    for (auto& [key, n] : top(k)) {
      keys.push_back(key);
      counts.push_back(std::int64_t(n));
    }
    table t;
    t.add(std::move(key_name), detail::key_column(std::move(keys)));
    t.add(std::move(count_name), column(std::move(counts)));
    return t;
  }

 private:
  detail::key_map<Key, std::uint64_t> counts_;
  std::uint64_t total_ = 0;
};

/// Counts per fixed time bucket (aligned to multiples of the interval since the epoch, which is
/// midnight-aligned for every interval dividing a day). Memory grows with the buckets that saw
/// events, never with the events.
class time_counter {
 public:
  /// @throws std::invalid_argument when `interval` <= 0.
  explicit time_counter(timestamp_ns interval) : interval_(interval) {
    if (interval <= 0) throw std::invalid_argument("frame: a time bucket needs a positive interval");
  }

  void add(timestamp_ns t, std::uint64_t n = 1) {
    // Log lines come roughly in time order: most land in the bucket of the line before.
    if (!last_.count || t < last_.start || t - last_.start >= interval_) {
      last_.start = floor_to(t, interval_);
      last_.count = &counts_[last_.start];
    }
    *last_.count += n;
    if (total_ == 0 || t < first_time_) first_time_ = t;
    if (total_ == 0 || t > last_time_) last_time_ = t;
    total_ += n;
  }
  /// @throws std::invalid_argument when the intervals differ.
  void merge(const time_counter& other) {
    if (other.interval_ != interval_) throw std::invalid_argument("frame: cannot merge buckets of different intervals");
    if (other.total_ == 0) return;
    for (const auto& [t, n] : other.counts_) counts_[t] += n;
    first_time_ = total_ == 0 ? other.first_time_ : std::min(first_time_, other.first_time_);
    last_time_ = total_ == 0 ? other.last_time_ : std::max(last_time_, other.last_time_);
    total_ += other.total_;
  }

  timestamp_ns interval() const noexcept { return interval_; }
  std::uint64_t total() const noexcept { return total_; }
  /// The earliest and the latest time added, exactly (not their buckets); 0 when empty.
  timestamp_ns first_time() const noexcept { return first_time_; }
  timestamp_ns last_time() const noexcept { return last_time_; }
  /// Buckets that saw at least one event.
  std::size_t size() const noexcept { return counts_.size(); }
  /// Buckets from the first to the last, empty ones included; 0 when empty.
  std::uint64_t span() const {
    if (counts_.empty()) return 0;
    auto [lo, hi] = std::minmax_element(counts_.begin(), counts_.end(),
                                        [](const auto& a, const auto& b) { return a.first < b.first; });
    return std::uint64_t((hi->first - lo->first) / interval_) + 1;
  }

  /// (bucket start, count) in time order; with `fill_empty`, every bucket from the first to the
  /// last, as pandas resample gives.
  /// @throws aiops::error when filling would need more than max_resample_buckets buckets.
  std::vector<std::pair<timestamp_ns, std::uint64_t>> series(bool fill_empty = true) const {
    std::vector<std::pair<timestamp_ns, std::uint64_t>> out(counts_.begin(), counts_.end());
    std::sort(out.begin(), out.end());
    if (!fill_empty || out.empty()) return out;
    if (span() > max_resample_buckets)
      throw error("frame: filling the time buckets would need " + std::to_string(span()) + " buckets");
    std::vector<std::pair<timestamp_ns, std::uint64_t>> filled;
    filled.reserve(span());
    for (const auto& [t, n] : out) {
      while (!filled.empty() && filled.back().first + interval_ < t) filled.emplace_back(filled.back().first + interval_, 0);
      filled.emplace_back(t, n);
    }
    return filled;
  }

  /// The bucket with the most events (the earliest on ties); {0, 0} when empty.
  std::pair<timestamp_ns, std::uint64_t> peak() const {
    std::pair<timestamp_ns, std::uint64_t> best{0, 0};
    for (const auto& [t, n] : counts_)
      if (n > best.second || (n == best.second && n > 0 && t < best.first)) best = {t, n};
    return best;
  }

  /// `series(fill_empty)` as a table with a timestamp column and an int64 column.
  table to_table(std::string time_name = "time", std::string count_name = "count", bool fill_empty = true) const {
    std::vector<timestamp_ns> times;
    std::vector<std::int64_t> counts;
    for (const auto& [t, n] : series(fill_empty)) {
      times.push_back(t);
      counts.push_back(std::int64_t(n));
    }
    table out;
    out.add(std::move(time_name), column::timestamps(std::move(times)));
    out.add(std::move(count_name), column(std::move(counts)));
    return out;
  }

 private:
  // The bucket add() used last; a copy starts without one, as it must not point into another map.
  struct last_bucket {
    timestamp_ns start = 0;
    std::uint64_t* count = nullptr;
    last_bucket() = default;
    last_bucket(const last_bucket&) noexcept {}
    last_bucket& operator=(const last_bucket&) noexcept {
      count = nullptr;
      return *this;
    }
  };

  timestamp_ns interval_;
  std::unordered_map<timestamp_ns, std::uint64_t> counts_;  // nodes never move, so last_ stays valid
  std::uint64_t total_ = 0;
  timestamp_ns first_time_ = 0, last_time_ = 0;
  last_bucket last_;
};

/// One accumulator per key, created on first sight: `per_key<quantile_sketch> by_path;
/// by_path[path].add(ms);`. Memory grows with the distinct keys. Mergeable when `Acc` has
/// `merge(const Acc&)`.
template <class Acc, class Key = std::string>
class per_key {
 public:
  explicit per_key(Acc prototype = Acc{}) : prototype_(std::move(prototype)) {}

  /// The accumulator of `key` (a copy of the prototype when new); valid until the next new key.
  Acc& operator[](detail::key_arg<Key> key) { return groups_.get_or_insert(key, prototype_); }
  /// The accumulator of `key`, or nullptr when it was never seen.
  const Acc* find(detail::key_arg<Key> key) const { return groups_.find(key); }
  void merge(const per_key& other) {
    groups_.merge(other.groups_, prototype_, [](Acc& mine, const Acc& theirs) { mine.merge(theirs); });
  }
  std::size_t size() const noexcept { return groups_.size(); }
  /// (key, accumulator) pairs in ascending key order; valid until the next new key.
  std::vector<std::pair<Key, const Acc*>> sorted() const {
    std::vector<std::pair<Key, const Acc*>> out;
    groups_.for_each([&](detail::key_arg<Key> k, const Acc& acc) { out.emplace_back(Key(k), &acc); });
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
  }

 private:
  Acc prototype_;
  detail::key_map<Key, Acc> groups_;
};

}  // namespace frame
AIOPS_END_NAMESPACE
