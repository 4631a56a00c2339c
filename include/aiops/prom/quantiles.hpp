// aiops: streaming quantiles with bounded error and memory (Cormode-Korn-Muthukrishnan-Srivastava targeted quantiles)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::sort, std::min
#include <cmath>      // std::ceil, std::floor
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace prom {

/// A quantile to track and its allowed error in rank: {0.99, 0.001} answers between the 98.9th and 99.1st percentile.
struct quantile_target {
  double quantile = 0.5;
  double error = 0.05;
};

/// Streaming estimates of chosen quantiles (CKMS, "Effective Computation of Biased Quantiles over
/// Data Streams", ICDE 2005): each answer is within the target's rank error, and memory grows with
/// the log of the count, not the count (a few hundred entries for a million values).
///
///     prom::quantile_stream q({{0.5, 0.05}, {0.99, 0.001}});
///     for (double v : latencies) q.insert(v);
///     double p99 = q.query(0.99);
///
/// Thread safety: none; `summary` guards one with a mutex.
class quantile_stream {
 public:
  /// @throws std::invalid_argument unless every quantile is in [0, 1] and every error in (0, 1).
  explicit quantile_stream(std::vector<quantile_target> targets) : targets_(std::move(targets)) {
    for (const auto& t : targets_) {
      if (!(t.quantile >= 0 && t.quantile <= 1) || !(t.error > 0 && t.error < 1)) {
        throw std::invalid_argument("aiops::prom: a quantile target needs 0 <= quantile <= 1 and 0 < error < 1");
      }
    }
    buffer_.reserve(buffer_size);
  }

  /// Adds one value (NaN is ignored: it has no rank).
  void insert(double v) {
    if (v != v) return;
    buffer_.push_back(v);
    if (buffer_.size() == buffer_size) flush();
  }

  /// The estimate of quantile `q`, NaN when nothing was inserted.
  double query(double q) {
    flush();
    if (entries_.empty()) return std::numeric_limits<double>::quiet_NaN();
    const double n = static_cast<double>(count_);
    double t = std::ceil(q * n);
    t += std::ceil(allowed(t) / 2);
    double rank = 0;
    const entry* previous = &entries_.front();
    for (std::size_t i = 1; i < entries_.size(); ++i) {
      const entry& e = entries_[i];
      rank += previous->width;
      if (rank + e.width + e.delta > t) return previous->value;
      previous = &e;
    }
    return previous->value;
  }

  /// Values inserted.
  std::size_t count() const noexcept { return count_ + buffer_.size(); }
  /// Entries kept (the memory bound in practice).
  std::size_t size() const noexcept { return entries_.size() + buffer_.size(); }
  /// Forgets every value.
  void reset() {
    entries_.clear();
    buffer_.clear();
    count_ = 0;
  }

 private:
  struct entry {
    double value;
    double width;  // values this entry stands for
    double delta;  // uncertainty of its rank
  };
  static constexpr std::size_t buffer_size = 500;

  // The largest rank error allowed at rank r: the tightest over the targets.
  double allowed(double r) const {
    const double n = static_cast<double>(count_);
    double m = std::numeric_limits<double>::max();
    for (const auto& t : targets_) {
      const double f = t.quantile * n <= r ? 2 * t.error * r / t.quantile : 2 * t.error * (n - r) / (1 - t.quantile);
      m = std::min(m, f);
    }
    return m;
  }

  void flush() {
    if (buffer_.empty()) return;
    std::sort(buffer_.begin(), buffer_.end());
    std::vector<entry> merged;
    merged.reserve(entries_.size() + buffer_.size());
    double rank = 0;
    std::size_t i = 0;
    for (double v : buffer_) {
      while (i < entries_.size() && entries_[i].value <= v) {
        rank += entries_[i].width;
        merged.push_back(entries_[i++]);
      }
      const bool inner = i < entries_.size() && !merged.empty();
      merged.push_back({v, 1, inner ? std::max(0.0, std::floor(allowed(rank)) - 1) : 0});
      ++count_;
      rank += 1;
    }
    merged.insert(merged.end(), entries_.begin() + static_cast<std::ptrdiff_t>(i), entries_.end());
    entries_ = std::move(merged);
    buffer_.clear();
    compress();
  }

  void compress() {
    if (entries_.size() < 3) return;
    std::vector<entry> kept;
    kept.reserve(entries_.size());
    entry x = entries_.back();
    double rank = static_cast<double>(count_) - 1 - x.width;
    for (std::size_t k = entries_.size() - 1; k-- > 0;) {
      const entry& c = entries_[k];
      if (k > 0 && c.width + x.width + x.delta <= allowed(rank)) {
        x.width += c.width;  // c folds into its right neighbour; the minimum is always kept
      } else {
        kept.push_back(x);
        x = c;
      }
      rank -= c.width;
    }
    kept.push_back(x);
    entries_.assign(kept.rbegin(), kept.rend());
  }

  std::vector<quantile_target> targets_;
  std::vector<entry> entries_;
  std::vector<double> buffer_;
  std::size_t count_ = 0;
};

}  // namespace prom
AIOPS_END_NAMESPACE
