// aiops: week 10, tasks 1-4 (reference solution): a robust z-score, point-adjusted F1, Isolation Forest and a Prophet band on CPU
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::nth_element, std::max_element
#include <cmath>      // std::abs, std::isnan
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <utility>    // std::move
#include <vector>     // std::vector

#include <Eigen/Core>

#include <aiops/anomaly.hpp>
#include <aiops/core.hpp>
#include <aiops/ts.hpp>

namespace aiops::week10 {

namespace detail {

// The median of v (reordered), the mean of the two middle values when the size is even.
inline double median(std::vector<double>& v) {
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (v.size() % 2) return *mid;
  return (*mid + *std::max_element(v.begin(), mid)) / 2;
}

// The median of v, and 1.4826 MAD: the standard deviation of normal data, which outliers barely move.
struct centre_spread {
  double median, sigma;
};
inline centre_spread robust_centre(std::vector<double> v) {
  const double centre = median(v);
  for (double& x : v) x = std::abs(x - centre);
  return {centre, 1.482602218505602 * median(v)};
}

}  // namespace detail

/// The causal robust z-score of each point: |y[t] - median| / (1.4826 MAD) of the finite values among
/// the `window` points before t. 0 for a gap and while fewer than 3 finite values are known; a MAD of 0
/// makes any value other than the median score +infinity. @throws std::invalid_argument if window < 3.
inline std::vector<double> robust_zscore(const std::vector<double>& values, std::size_t window) {
  if (window < 3) throw std::invalid_argument("week10::robust_zscore: window must be at least 3");
  std::vector<double> out(values.size(), 0.0), past;
  for (std::size_t t = 0; t < values.size(); ++t) {
    if (std::isnan(values[t])) continue;
    past.clear();
    for (std::size_t i = t > window ? t - window : 0; i < t; ++i)
      if (!std::isnan(values[i])) past.push_back(values[i]);
    if (past.size() < 3) continue;
    const detail::centre_spread c = detail::robust_centre(past);
    const double deviation = std::abs(values[t] - c.median);
    out[t] = deviation == 0 ? 0 : c.sigma > 0 ? deviation / c.sigma : std::numeric_limits<double>::infinity();
  }
  return out;
}

/// Flags the CPU minutes whose robust z-score over the last hour exceeds 5.
inline std::vector<int> detect_robust(const std::vector<double>& cpu) {
  return anomaly::apply_threshold(robust_zscore(cpu, 60), 5);
}

/// Point-adjusted precision, recall and F1: a true segment (a run of 1) in which any point is
/// flagged counts as wholly flagged; then point-wise scores of label 1, 0 where undefined.
/// @throws std::invalid_argument when the sizes differ.
inline anomaly::prf point_adjusted_f1(const std::vector<int>& truth, const std::vector<int>& predicted) {
  if (truth.size() != predicted.size()) throw std::invalid_argument("week10::point_adjusted_f1: sizes differ");
  std::vector<int> adjusted = predicted;
  for (std::size_t begin = 0; begin < truth.size();) {
    if (!truth[begin]) { ++begin; continue; }
    std::size_t end = begin;
    bool hit = false;
    for (; end < truth.size() && truth[end]; ++end) hit = hit || predicted[end];
    for (std::size_t i = begin; hit && i < end; ++i) adjusted[i] = 1;
    begin = end;
  }
  double tp = 0, fp = 0, fn = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    tp += truth[i] && adjusted[i];
    fp += !truth[i] && adjusted[i];
    fn += truth[i] && !adjusted[i];
  }
  anomaly::prf r;
  if (tp == 0) return r;
  r.precision = tp / (tp + fp);
  r.recall = tp / (tp + fn);
  r.f1 = 2 * r.precision * r.recall / (r.precision + r.recall);
  return r;
}

/// Isolation Forest on features of each minute that make each kind of anomaly stand out:
/// the residual from the same minute a week ago (level shifts, drifts, a shifted day), its mean
/// over the last hour (the slow ones, without the noise), the distance from the median of the last
/// 15 minutes (spikes and dips), and the spread of the minute-to-minute changes over the last
/// hour (variance changes). The top 1% of scores are flagged.
inline std::vector<int> detect_iforest(const std::vector<double>& cpu) {
  const std::size_t week = 10080, n = cpu.size();
  std::vector<double> y = cpu;
  ts::fill_linear(y, 10);
  ts::fill_seasonal(y, 1440);
  std::vector<double> weekly(n, 0.0), change(n, 0.0);
  for (std::size_t t = 0; t < n; ++t) {
    if (t >= week && !std::isnan(y[t]) && !std::isnan(y[t - week])) weekly[t] = y[t] - y[t - week];
    if (t > 0 && !std::isnan(y[t]) && !std::isnan(y[t - 1])) change[t] = y[t] - y[t - 1];
  }
  const std::vector<double> level = ts::rolling(weekly, 60, ts::statistic::mean);
  const std::vector<double> spread = ts::rolling(change, 60, ts::statistic::stddev);
  const std::vector<double> centre = ts::rolling(y, 15, ts::statistic::median);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(n), 4);
  for (std::size_t t = 0; t < n; ++t) {
    const auto r = static_cast<Eigen::Index>(t);
    const auto finite_or_0 = [](double v) { return std::isnan(v) ? 0.0 : v; };
    x(r, 0) = weekly[t];
    x(r, 1) = finite_or_0(level[t]);
    x(r, 2) = finite_or_0(y[t] - centre[t]);
    x(r, 3) = finite_or_0(spread[t]);
  }
  // 50 trees: the mean path lengths settle well before the paper's 100, at half the cost.
  anomaly::isolation_forest forest({.trees = 50, .subsample = 256, .seed = 1});
  forest.fit(x);
  const Eigen::VectorXd s = forest.score(x);
  std::vector<double> scores(s.data(), s.data() + s.size());
  for (std::size_t t = 0; t < n; ++t)
    if (std::isnan(cpu[t])) scores[t] = 0;
  return anomaly::apply_threshold(scores, anomaly::percentile_threshold(scores, 99));
}

/// A Prophet-style model of the series: trend, 10 daily and 6 weekly Fourier pairs (a quiet weekend
/// is a step that few pairs round off), and batch-01's nightly job as a recurring event (a
/// one-hour block is no smooth season; on the other hosts its effect fits to ~0). A minute is
/// flagged when it lies more than 4 sigmas from the fit. The anomalies themselves inflate the
/// model's residual sigma (a level shift is hours of large residuals), so sigma comes from the
/// MAD of the residuals instead.
inline std::vector<int> detect_prophet(const std::vector<double>& cpu) {
  ts::series minutes;
  for (std::size_t t = 0; t < cpu.size(); ++t) {
    minutes.time.push_back(static_cast<timestamp_ns>(t) * ns_per_minute);
    minutes.value.push_back(cpu[t]);
  }
  // The model fitted on 5-minute means costs a fifth and keeps the shape: trend and seasons are
  // slow. Each mean is placed at its bucket's middle minute.
  ts::series coarse = ts::resample(minutes, 5 * ns_per_minute);
  for (timestamp_ns& t : coarse.time) t += 2 * ns_per_minute;
  ts::holiday nightly_job{.name = "nightly job", .dates = {}, .before = 0, .after = ns_per_hour};
  for (timestamp_ns day = 0; day <= minutes.time.back(); day += ns_per_day) nightly_job.dates.push_back(day + 2 * ns_per_hour);
  ts::prophet model({.daily_order = 10, .weekly_order = 6, .holidays = {nightly_job}});
  model.fit(coarse.time, coarse.value);
  const std::vector<double> fit = model.predict(minutes.time).mean;
  std::vector<double> residual(cpu.size()), finite;
  for (std::size_t t = 0; t < cpu.size(); ++t) {
    residual[t] = cpu[t] - fit[t];
    if (!std::isnan(residual[t])) finite.push_back(residual[t]);
  }
  const detail::centre_spread c = detail::robust_centre(std::move(finite));
  std::vector<int> out(cpu.size(), 0);
  for (std::size_t t = 0; t < cpu.size(); ++t) out[t] = std::abs(residual[t] - c.median) > 4 * c.sigma;
  return out;
}

}  // namespace aiops::week10
