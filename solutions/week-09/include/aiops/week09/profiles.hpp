// aiops: week 09, tasks 3-5 (reference solution): daily metric profiles of hosts, classified and clustered
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>    // std::isnan, std::log1p
#include <cstddef>  // std::size_t
#include <string>   // std::string
#include <utility>  // std::pair
#include <vector>   // std::vector

#include <Eigen/Core>

#include <aiops/core.hpp>
#include <aiops/ml.hpp>

namespace aiops::week09 {

/// The four metrics of one host, one value a minute from `start` (a UTC midnight), NaN in gaps.
struct host_metrics {
  std::string host;
  timestamp_ns start = 0;
  std::vector<double> cpu, memory, disk_io, requests;
};

namespace detail {

// Mean of the finite values of v[from, to).
inline double mean_of(const std::vector<double>& v, std::size_t from, std::size_t to) {
  double sum = 0, n = 0;
  for (std::size_t i = from; i < to; ++i)
    if (!std::isnan(v[i])) { sum += v[i]; ++n; }
  return n > 0 ? sum / n : 0;
}

// Least-squares line y ~ a + b x over the minutes [from, to) where both are known: {a, b}.
inline std::pair<double, double> line_fit(const std::vector<double>& x, const std::vector<double>& y, std::size_t from, std::size_t to) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = from; i < to; ++i) {
    if (std::isnan(x[i]) || std::isnan(y[i])) continue;
    ++n; sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; sxy += x[i] * y[i];
  }
  const double var = n * sxx - sx * sx;
  const double b = var > 0 ? (n * sxy - sx * sy) / var : 0;
  return {n > 0 ? (sy - b * sx) / n : 0, b};
}

}  // namespace detail

/// One row per whole day of `h`: how busy the host is (mean CPU, memory, disk, log requests), what
/// it costs to serve (CPU at zero requests and per 1000 requests, disk per CPU) and when it works
/// (the 02:00-03:00 share of the day's CPU). Levels grow week after week; costs stay.
inline Eigen::MatrixXd day_profiles(const host_metrics& h) {
  const std::size_t days = h.cpu.size() / 1440;
  Eigen::MatrixXd x(static_cast<Eigen::Index>(days), 8);
  for (std::size_t d = 0; d < days; ++d) {
    const std::size_t from = d * 1440, to = from + 1440;
    const double cpu = detail::mean_of(h.cpu, from, to), disk = detail::mean_of(h.disk_io, from, to);
    const auto [idle, per_request] = detail::line_fit(h.requests, h.cpu, from, to);
    x.row(static_cast<Eigen::Index>(d)) << cpu, detail::mean_of(h.memory, from, to), disk,
        std::log1p(detail::mean_of(h.requests, from, to)), idle, 1000 * per_request, disk / (cpu + 1),
        detail::mean_of(h.cpu, from + 120, from + 180) / (cpu + 1);
  }
  return x;
}

/// Trains on labelled days and predicts the labels of other days: scaled features, logistic regression.
inline Eigen::VectorXi classify_days(const Eigen::MatrixXd& train_x, const Eigen::VectorXi& train_y, const Eigen::MatrixXd& test_x) {
  ml::standard_scaler scaler;
  const Eigen::MatrixXd z = scaler.fit_transform(train_x);
  ml::logistic_regression clf({.c = 10});
  clf.fit(z, train_y);
  return clf.predict(scaler.transform(test_x));
}

/// Groups days into k clusters: scaled features, k-means.
inline Eigen::VectorXi cluster_days(const Eigen::MatrixXd& x, int k) {
  ml::kmeans km({.n_clusters = k, .seed = 1});
  return km.fit_predict(ml::standard_scaler().fit_transform(x));
}

}  // namespace aiops::week09
