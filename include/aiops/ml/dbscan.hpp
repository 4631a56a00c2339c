// aiops: DBSCAN density clustering with noise, on a k-d tree in low dimensions
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::sort
#include <cstddef>    // std::size_t
#include <string>     // std::to_string
#include <vector>     // std::vector

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"
#include "aiops/ml/kd_tree.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

/// How dbscan finds the neighbours of a point.
enum class neighbor_search {
  automatic,  ///< kd_tree up to 15 dimensions, brute beyond (where a tree visits nearly every leaf)
  kd_tree,    ///< a k-d tree with leaves of leaf_size points
  brute,      ///< compare with every point: O(n^2), for high dimensions
};

/// Options of dbscan.
struct dbscan_options {
  double eps = 0.5;         ///< neighbourhood radius (Euclidean, inclusive)
  int min_samples = 5;      ///< points within eps, the point itself included, that make a core point
  neighbor_search search = neighbor_search::automatic;  ///< see neighbor_search
  Eigen::Index leaf_size = 30;  ///< k-d tree leaf size
};

/// DBSCAN (Ester et al. 1996) like scikit-learn's: a core point has at least min_samples points
/// (itself included) within eps; clusters are the core points connected through such
/// neighbourhoods plus the non-core points within eps of them (border points, which join the
/// first cluster that reaches them); everything else is noise, labelled -1. Each point's
/// neighbourhood is searched exactly once.
///
///     ml::dbscan db({.eps = 0.3, .min_samples = 10});
///     Eigen::VectorXi labels = db.fit_predict(x);     // 0, 1, ... per cluster; -1 for noise
///     int clusters = db.n_clusters();
class dbscan {
 public:
  /// The label of noise points.
  static constexpr int noise = -1;

  /// @throws std::invalid_argument unless eps > 0, min_samples >= 1 and leaf_size >= 1.
  explicit dbscan(dbscan_options options = {}) : options_(options) {
    if (!(options.eps > 0)) detail::misuse("dbscan", "eps must be positive, got " + std::to_string(options.eps));
    if (options.min_samples < 1) detail::misuse("dbscan", "min_samples must be at least 1");
    if (options.leaf_size < 1) detail::misuse("dbscan", "leaf_size must be at least 1");
  }

  /// Clusters the rows of X. @throws std::invalid_argument on empty or non-finite X.
  dbscan& fit(const matrix_ref& x) {
    detail::check_samples(x, "dbscan::fit");
    const bool tree = options_.search == neighbor_search::kd_tree ||
                      (options_.search == neighbor_search::automatic && x.cols() <= 15);
    const kd_tree index(x, tree ? options_.leaf_size : x.rows());  // a single leaf is brute force
    constexpr int unvisited = -2;
    labels_ = Eigen::VectorXi::Constant(x.rows(), unvisited);
    core_.clear();
    n_clusters_ = 0;
    std::vector<Eigen::Index> neighbours, frontier;
    Eigen::RowVectorXd point(x.cols());
    // Searches the neighbourhood of i; when i is core, queues its neighbours for the cluster.
    const auto expand = [&](Eigen::Index i) {
      point = x.row(i);
      neighbours.clear();
      index.radius(point.data(), options_.eps, neighbours);
      if (static_cast<Eigen::Index>(neighbours.size()) < options_.min_samples) return false;
      core_.push_back(i);
      for (Eigen::Index j : neighbours)
        if (labels_[j] == unvisited || labels_[j] == noise) frontier.push_back(j);
      return true;
    };
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      if (labels_[i] != unvisited) continue;
      if (!expand(i)) {
        labels_[i] = noise;  // for now: a later cluster may still reach it as a border point
        continue;
      }
      const int cluster = n_clusters_++;
      labels_[i] = cluster;
      while (!frontier.empty()) {
        const Eigen::Index j = frontier.back();
        frontier.pop_back();
        if (labels_[j] == noise) labels_[j] = cluster;  // searched before and not core: a border point
        if (labels_[j] != unvisited) continue;
        labels_[j] = cluster;
        expand(j);
      }
    }
    std::sort(core_.begin(), core_.end());
    return *this;
  }

  /// fit(x), then the labels.
  Eigen::VectorXi fit_predict(const matrix_ref& x) { return fit(x).labels_; }

  /// The cluster of each row of the fitted X, -1 for noise.
  const Eigen::VectorXi& labels() const noexcept { return labels_; }
  /// The rows that are core points, in increasing order.
  const std::vector<Eigen::Index>& core_sample_indices() const noexcept { return core_; }
  /// Number of clusters found (noise not counted).
  int n_clusters() const noexcept { return n_clusters_; }

 private:
  dbscan_options options_;
  Eigen::VectorXi labels_;
  std::vector<Eigen::Index> core_;
  int n_clusters_ = 0;
};

}  // namespace ml
AIOPS_END_NAMESPACE
