// aiops: scores mapped to 0..1 and an ensemble that averages the normalised scores of several detectors
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max, std::count, std::find
#include <cmath>      // std::isnan, std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <memory>     // std::unique_ptr
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <utility>    // std::move
#include <vector>     // std::vector

#include "aiops/anomaly/detector.hpp"
#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace anomaly {

/// Maps raw scores of any scale to [0, 1) as s / (s + r), where the reference r is the mean
/// plus 3 standard deviations of the scores seen so far: a typical score maps well below 0.5,
/// one beyond the usual range above it. Batch: `fit` on training scores; streaming: `update`
/// normalises with the past scores only (exponentially weighted, half-life ~ 1000 points), and
/// gives NaN for NaN (a detector warming up) and for its own first 10 scores.
class score_normaliser {
 public:
  void fit(const std::vector<double>& scores) {
    double n = 0, mean = 0, m2 = 0;
    for (double s : scores) {
      if (std::isnan(s)) continue;
      ++n;
      const double d = s - mean;
      mean += d / n;
      m2 += d * (s - mean);
    }
    reference_ = n > 1 ? mean + 3 * std::sqrt(m2 / (n - 1)) : 1;
  }
  double normalise(double s) const {
    if (std::isnan(s) || s <= 0) return 0;
    const double r = std::max(reference_, 1e-12);
    return s / (s + r);
  }
  double update(double s) {
    if (std::isnan(s)) return s;
    const double out = count_ < 10 ? std::numeric_limits<double>::quiet_NaN()
                       : s <= 0    ? 0
                                   : s / (s + std::max(mean_ + 3 * std::sqrt(var_), 1e-12));
    const double a = count_ < 1000 ? 1.0 / static_cast<double>(count_ + 1) : 1.0 / 1440;
    const double d = s - mean_;
    mean_ += a * d;
    var_ = (1 - a) * (var_ + a * d * d);
    ++count_;
    return out;
  }
  void reset() { reference_ = 1; mean_ = var_ = 0; count_ = 0; }

 private:
  double reference_ = 1;
  double mean_ = 0, var_ = 0;
  std::size_t count_ = 0;
};

/// The mean of the normalised scores of its members: detectors that fail differently (a robust
/// z-score for spikes, a seasonal baseline for broken patterns, a forest for odd shapes) make
/// a steadier detector on unknown data than any one of them. Scores are in [0, 1). A member
/// whose `fit` finds the series too short for it is left out of the batch scores (`used`).
class ensemble_detector final : public detector {
 public:
  /// @throws std::invalid_argument without members.
  explicit ensemble_detector(std::vector<std::unique_ptr<detector>> members) : members_(std::move(members)) {
    if (members_.empty()) throw std::invalid_argument("anomaly::ensemble_detector: needs at least one detector");
    norms_.resize(members_.size());
  }
  std::string name() const override { return "ensemble"; }
  /// @throws std::invalid_argument when no member can fit the series (with the first one's reason).
  void fit(const std::vector<double>& y) override {
    used_.assign(members_.size(), false);
    std::string first_reason;
    for (std::size_t k = 0; k < members_.size(); ++k) {
      try {
        members_[k]->fit(y);
      } catch (const std::invalid_argument& e) {
        if (first_reason.empty()) first_reason = e.what();
        continue;
      }
      norms_[k].fit(members_[k]->score(y));
      used_[k] = true;
    }
    if (std::find(used_.begin(), used_.end(), true) == used_.end()) throw std::invalid_argument(first_reason);
    fitted_ = true;
  }
  std::vector<double> score(const std::vector<double>& y) const override {
    detail::require_fitted(fitted_, "ensemble_detector::score");
    const auto n = static_cast<double>(std::count(used_.begin(), used_.end(), true));
    std::vector<double> out(y.size(), 0.0);
    for (std::size_t k = 0; k < members_.size(); ++k) {
      if (!used_[k]) continue;
      const std::vector<double> s = members_[k]->score(y);
      for (std::size_t i = 0; i < y.size(); ++i) out[i] += norms_[k].normalise(s[i]) / n;
    }
    return out;
  }
  /// Which members the last `fit` used.
  const std::vector<bool>& used() const noexcept { return used_; }
  // The mean over the members that have a score (NaN while none has).
  double update(double y) override {
    double sum = 0;
    std::size_t scored = 0;
    for (std::size_t k = 0; k < members_.size(); ++k) {
      const double s = norms_[k].update(members_[k]->update(y));
      if (std::isnan(s)) continue;
      sum += s;
      ++scored;
    }
    return scored ? sum / static_cast<double>(scored) : std::numeric_limits<double>::quiet_NaN();
  }
  void reset() override {
    for (auto& m : members_) m->reset();
    for (auto& n : norms_) n.reset();
    fitted_ = false;
  }
  const std::vector<std::unique_ptr<detector>>& members() const noexcept { return members_; }

 private:
  std::vector<std::unique_ptr<detector>> members_;
  std::vector<score_normaliser> norms_;
  std::vector<bool> used_;
  bool fitted_ = false;
};

}  // namespace anomaly
AIOPS_END_NAMESPACE
