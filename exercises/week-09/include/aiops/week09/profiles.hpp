// aiops: week 09, tasks 3-5 (your code): daily metric profiles of hosts, classified and clustered
// SPDX-License-Identifier: MIT
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

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

/// One row per whole day of `h` (1440 minutes from `start`), with the features you choose.
inline Eigen::MatrixXd day_profiles(const host_metrics& h) {
  // TODO(week-09): see README, task 3.
  (void)h;
  throw aiops::not_implemented("week09::day_profiles");
}

/// Trains on labelled days and predicts the labels of other days.
inline Eigen::VectorXi classify_days(const Eigen::MatrixXd& train_x, const Eigen::VectorXi& train_y, const Eigen::MatrixXd& test_x) {
  // TODO(week-09): see README, task 4.
  (void)train_x, (void)train_y, (void)test_x;
  throw aiops::not_implemented("week09::classify_days");
}

/// Groups days into k clusters (labels 0..k-1).
inline Eigen::VectorXi cluster_days(const Eigen::MatrixXd& x, int k) {
  // TODO(week-09): see README, task 5.
  (void)x, (void)k;
  throw aiops::not_implemented("week09::cluster_days");
}

}  // namespace aiops::week09
