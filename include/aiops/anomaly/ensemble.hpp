// aiops: scores mapped to 0..1 and an ensemble that averages the normalised scores of several detectors
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max
#include <cmath>      // std::isnan, std::sqrt
#include <cstddef>    // std::size_t
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
/// normalises with the past scores only (exponentially weighted, half-life ~ 1000 points).
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
    const double out = count_ > 10 ? s / (s + std::max(mean_ + 3 * std::sqrt(var_), 1e-12)) : 0;
    if (!std::isnan(s)) {
      const double a = count_ < 1000 ? 1.0 / static_cast<double>(count_ + 1) : 1.0 / 1440;
      const double d = s - mean_;
      mean_ += a * d;
      var_ = (1 - a) * (var_ + a * d * d);
      ++count_;
    }
    return std::isnan(s) || s <= 0 ? 0 : out;
  }
  void reset() { reference_ = 1; mean_ = var_ = 0; count_ = 0; }

 private:
  double reference_ = 1;
  double mean_ = 0, var_ = 0;
  std::size_t count_ = 0;
};

/// The mean of the normalised scores of its members: detectors that fail differently (a robust
/// z-score for spikes, a seasonal baseline for broken patterns, a forest for odd shapes) make
/// a steadier detector on unknown data than any one of them. Scores are in [0, 1).
class ensemble_detector final : public detector {
 public:
  /// @throws std::invalid_argument without members.
  explicit ensemble_detector(std::vector<std::unique_ptr<detector>> members) : members_(std::move(members)) {
    if (members_.empty()) throw std::invalid_argument("anomaly::ensemble_detector: needs at least one detector");
    norms_.resize(members_.size());
  }
  std::string name() const override { return "ensemble"; }
  void fit(const std::vector<double>& y) override {
    for (std::size_t k = 0; k < members_.size(); ++k) {
      members_[k]->fit(y);
      norms_[k].fit(members_[k]->score(y));
    }
    fitted_ = true;
  }
  std::vector<double> score(const std::vector<double>& y) const override {
    detail::require_fitted(fitted_, "ensemble_detector::score");
    std::vector<double> out(y.size(), 0.0);
    for (std::size_t k = 0; k < members_.size(); ++k) {
      const std::vector<double> s = members_[k]->score(y);
      for (std::size_t i = 0; i < y.size(); ++i) out[i] += norms_[k].normalise(s[i]) / static_cast<double>(members_.size());
    }
    return out;
  }
  double update(double y) override {
    double out = 0;
    for (std::size_t k = 0; k < members_.size(); ++k)
      out += norms_[k].update(members_[k]->update(y)) / static_cast<double>(members_.size());
    return out;
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
  bool fitted_ = false;
};

}  // namespace anomaly
AIOPS_END_NAMESPACE
