// aiops: evaluation of detections against labels: point F1, point-adjusted F1, NAB-style windowed score
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::exp
#include <cstddef>    // std::size_t
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

#include "aiops/config.hpp"
#include "aiops/ml/metrics.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace anomaly {

/// Precision, recall and F1 of the positive class (1).
struct prf {
  double precision = 0, recall = 0, f1 = 0;
};

/// An anomaly segment [begin, end) of point indices.
struct segment {
  std::size_t begin = 0, end = 0;
};

/// The runs of 1 in a 0/1 label vector.
inline std::vector<segment> segments_of(const std::vector<int>& labels) {
  std::vector<segment> out;
  for (std::size_t i = 0; i < labels.size();) {
    if (!labels[i]) { ++i; continue; }
    std::size_t j = i;
    while (j < labels.size() && labels[j]) ++j;
    out.push_back({i, j});
    i = j;
  }
  return out;
}

/// Point-wise precision, recall and F1 (0 when undefined, like scikit-learn's zero_division=0).
/// @throws std::invalid_argument when the sizes differ or are 0.
inline prf point_scores(const std::vector<int>& truth, const std::vector<int>& predicted) {
  if (truth.size() != predicted.size() || truth.empty()) throw std::invalid_argument("anomaly::point_scores: sizes differ or are 0");
  const auto t = ml::as_labels(truth), p = ml::as_labels(predicted);
  return {ml::precision_score(t, p), ml::recall_score(t, p), ml::f1_score(t, p)};
}

/// Point adjustment (Xu et al. 2018, used by most deep-learning papers): when any point of a
/// true segment is detected, the whole segment counts as detected. It rewards one lucky hit in
/// a long segment, so report it next to the plain point F1, not instead of it.
inline std::vector<int> point_adjust(const std::vector<int>& truth, const std::vector<int>& predicted) {
  if (truth.size() != predicted.size()) throw std::invalid_argument("anomaly::point_adjust: sizes differ");
  std::vector<int> out = predicted;
  for (const segment& s : segments_of(truth)) {
    bool hit = false;
    for (std::size_t i = s.begin; i < s.end; ++i) hit = hit || predicted[i];
    if (hit)
      for (std::size_t i = s.begin; i < s.end; ++i) out[i] = 1;
  }
  return out;
}

/// Point-adjusted precision, recall and F1.
inline prf point_adjusted_scores(const std::vector<int>& truth, const std::vector<int>& predicted) {
  return point_scores(truth, point_adjust(truth, predicted));
}

/// The costs of a NAB application profile.
struct nab_profile {
  double true_positive = 1, false_positive = -0.11, false_negative = -1;
  static nab_profile standard() { return {1, -0.11, -1}; }
  static nab_profile reward_low_fp() { return {1, -0.22, -1}; }
  static nab_profile reward_low_fn() { return {1, -0.11, -2}; }
};

/// The Numenta Anomaly Benchmark score (Lavin and Ahmad 2015), normalised to 100 for a
/// perfect detector and 0 for one that never fires:
/// - each true segment gets a window of at least 10% of the series divided by the number of
///   segments, centred on it; overlapping windows merge;
/// - the first detection in a window earns A_tp * sigma(y), y the position relative to the
///   window end (-1 at its start, 0 at its end), sigma(y) = 2 / (1 + e^(5y)) - 1: earlier is
///   better; later detections in the same window count nothing;
/// - a window without detection costs A_fn;
/// - a detection outside every window costs A_fp * |sigma(y)| weighted by how far past the
///   previous window end it is (y = distance / window length; full cost with no previous window).
inline double nab_score(const std::vector<int>& truth, const std::vector<int>& predicted, nab_profile p = nab_profile::standard()) {
  if (truth.size() != predicted.size() || truth.empty()) throw std::invalid_argument("anomaly::nab_score: sizes differ or are 0");
  const std::vector<segment> segs = segments_of(truth);
  if (segs.empty()) throw std::invalid_argument("anomaly::nab_score: no labelled anomaly");
  const std::size_t n = truth.size();
  const std::size_t w = std::max<std::size_t>(1, n / 10 / segs.size());
  std::vector<segment> windows;
  for (const segment& s : segs) {
    const std::size_t len = s.end - s.begin, extra = len < w ? (w - len) / 2 : 0;
    segment win{s.begin >= extra ? s.begin - extra : 0, std::min(n, s.end + extra)};
    if (!windows.empty() && win.begin <= windows.back().end) windows.back().end = std::max(windows.back().end, win.end);
    else windows.push_back(win);
  }
  const auto sigma = [](double y) { return 2 / (1 + std::exp(5 * y)) - 1; };
  double raw = 0;
  std::size_t k = 0;  // the next window
  bool detected = false;
  for (std::size_t i = 0; i < n; ++i) {
    while (k < windows.size() && i >= windows[k].end) {
      if (!detected) raw += p.false_negative;
      ++k;
      detected = false;
    }
    if (!predicted[i]) continue;
    if (k < windows.size() && i >= windows[k].begin) {
      if (!detected) {
        const double len = static_cast<double>(windows[k].end - windows[k].begin);
        raw += p.true_positive * sigma(-static_cast<double>(windows[k].end - 1 - i) / len);
        detected = true;
      }
    } else if (k == 0) {
      raw += p.false_positive;
    } else {
      const segment& prev = windows[k - 1];
      const double y = static_cast<double>(i - prev.end + 1) / static_cast<double>(prev.end - prev.begin);
      raw += -p.false_positive * sigma(y);  // sigma(y) < 0 past the window: a cost approaching |A_fp|
    }
  }
  for (; k < windows.size(); ++k, detected = false)
    if (!detected) raw += p.false_negative;
  const double null_score = p.false_negative * static_cast<double>(windows.size());
  double perfect = 0;
  for (const segment& win : windows) perfect += p.true_positive * sigma(-static_cast<double>(win.end - 1 - win.begin) / static_cast<double>(win.end - win.begin));
  return 100 * (raw - null_score) / (perfect - null_score);
}

}  // namespace anomaly
AIOPS_END_NAMESPACE
