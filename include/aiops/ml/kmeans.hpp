// aiops: k-means clustering: greedy k-means++ seeding, Lloyd iterations, several restarts
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::lower_bound, std::partial_sort, std::min
#include <cmath>      // std::floor, std::log, std::sqrt
#include <cstdint>    // std::uint64_t
#include <limits>     // std::numeric_limits
#include <numeric>    // std::iota, std::partial_sum
#include <string>     // std::to_string
#include <utility>    // std::move
#include <vector>     // std::vector

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"
#include "aiops/ml/random.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

namespace detail {

// The run of least inertia among `n_init` runs of `run(gen)` (restarts from different seeds drawn
// from one generator); shared by ml::kmeans and nlp::sparse_kmeans. A run returns a state with a
// member `inertia`; the first of equal runs wins.
template <class Run>
auto best_of_restarts(int n_init, rng& gen, Run&& run) {
  auto best = run(gen);
  for (int i = 1; i < n_init; ++i) {
    auto s = run(gen);
    if (s.inertia < best.inertia) best = std::move(s);
  }
  return best;
}

}  // namespace detail

/// Options of kmeans.
struct kmeans_options {
  int n_clusters = 8;      ///< k, the number of clusters (at most the number of samples)
  int n_init = 10;         ///< restarts from different seeds; the one with the lowest inertia wins
  int max_iter = 300;      ///< Lloyd iterations per restart
  double tol = 1e-4;       ///< stop when the centres move less than tol * mean feature variance (squared)
  std::uint64_t seed = 0;  ///< the same seed gives the same clustering on every platform
};

/// k-means like scikit-learn's KMeans (algorithm "lloyd", init "k-means++"): greedy k-means++
/// seeding (2 + ln k candidates per centre, the one that lowers the potential most kept), Lloyd
/// iterations until the labels stop changing or the centres move less than tol, empty clusters
/// re-seeded with the points farthest from their centres, best of n_init restarts by inertia.
///
///     ml::kmeans km({.n_clusters = 3, .seed = 42});
///     Eigen::VectorXi labels = km.fit_predict(x);       // x: rows = samples
///     double sse = km.inertia();                        // sum of squared distances to the centres
///     Eigen::VectorXi other = km.predict(x_new);        // nearest centre
///
/// Scale features first when their units differ: distances are Euclidean.
class kmeans {
 public:
  /// @throws std::invalid_argument unless n_clusters, n_init and max_iter are >= 1 and tol >= 0.
  explicit kmeans(kmeans_options options = {}) : options_(options) {
    if (options.n_clusters < 1) detail::misuse("kmeans", "n_clusters must be at least 1");
    if (options.n_init < 1) detail::misuse("kmeans", "n_init must be at least 1");
    if (options.max_iter < 1) detail::misuse("kmeans", "max_iter must be at least 1");
    if (!(options.tol >= 0)) detail::misuse("kmeans", "tol must be >= 0");
  }

  /// Clusters the rows of X. @throws std::invalid_argument on empty or non-finite X or fewer samples than clusters.
  kmeans& fit(const matrix_ref& x) {
    detail::check_samples(x, "kmeans::fit");
    if (x.rows() < options_.n_clusters)
      detail::misuse("kmeans::fit", "n_clusters (" + std::to_string(options_.n_clusters) + ") exceeds the " +
                                        std::to_string(x.rows()) + " samples");
    const Eigen::VectorXd x_sq = x.rowwise().squaredNorm();
    const Eigen::RowVectorXd mean = x.colwise().mean();
    const double variance = (x.rowwise() - mean).colwise().squaredNorm().mean() / static_cast<double>(x.rows());
    const double tol = options_.tol * variance;
    rng gen(options_.seed);
    state best = detail::best_of_restarts(options_.n_init, gen,
                                          [&](rng& g) { return lloyd(x, x_sq, seed_centres(x, x_sq, g), tol); });
    inertia_ = best.inertia;
    centres_ = std::move(best.centres);
    labels_ = std::move(best.labels);
    n_iter_ = best.iterations;
    return *this;
  }

  /// fit(x), then the label of each row.
  Eigen::VectorXi fit_predict(const matrix_ref& x) { return fit(x).labels_; }

  /// The index of the nearest centre of each row.
  Eigen::VectorXi predict(const matrix_ref& x) const {
    check(x, "kmeans::predict");
    Eigen::VectorXi labels(x.rows());
    Eigen::VectorXd distances(x.rows());
    assign(x, x.rowwise().squaredNorm(), centres_, labels, distances);
    return labels;
  }

  /// Euclidean distances from each row (rows) to each centre (columns).
  Eigen::MatrixXd transform(const matrix_ref& x) const {
    check(x, "kmeans::transform");
    const Eigen::VectorXd c_sq = centres_.rowwise().squaredNorm();
    Eigen::MatrixXd d = ((-2.0 * x * centres_.transpose()).colwise() + x.rowwise().squaredNorm()).rowwise() +
                        c_sq.transpose();
    return d.cwiseMax(0.0).cwiseSqrt();
  }

  /// Minus the sum of squared distances of X's rows to their nearest centres (higher is better).
  double score(const matrix_ref& x) const {
    check(x, "kmeans::score");
    Eigen::VectorXi labels(x.rows());
    Eigen::VectorXd distances(x.rows());
    assign(x, x.rowwise().squaredNorm(), centres_, labels, distances);
    return -distances.sum();
  }

  /// The centres, one row per cluster.
  const Eigen::MatrixXd& cluster_centers() const noexcept { return centres_; }
  /// The cluster of each training row.
  const Eigen::VectorXi& labels() const noexcept { return labels_; }
  /// Sum of squared distances of the training rows to their centres.
  double inertia() const noexcept { return inertia_; }
  /// Lloyd iterations of the winning restart.
  int n_iter() const noexcept { return n_iter_; }

 private:
  struct state {
    Eigen::MatrixXd centres;
    Eigen::VectorXi labels;
    double inertia = 0;
    int iterations = 0;
  };

  void check(const matrix_ref& x, const char* who) const {
    detail::check_fitted(centres_.size() > 0, who);
    detail::check_features(x.cols(), centres_.cols(), who);
    detail::check_finite(x, who, "X");
  }

  /// Nearest centre and squared distance of every row, through ||x||^2 - 2 x.c + ||c||^2 so the
  /// bulk is one matrix product; rows go in blocks to keep the n x k products small.
  static void assign(const matrix_ref& x, const Eigen::VectorXd& x_sq, const Eigen::MatrixXd& centres,
                     Eigen::VectorXi& labels, Eigen::VectorXd& distances) {
    constexpr Eigen::Index block = 4096;
    const Eigen::RowVectorXd c_sq = centres.rowwise().squaredNorm().transpose();
    Eigen::MatrixXd d;
    for (Eigen::Index start = 0; start < x.rows(); start += block) {
      const Eigen::Index rows = std::min(block, x.rows() - start);
      d.noalias() = x.middleRows(start, rows) * centres.transpose();
      for (Eigen::Index i = 0; i < rows; ++i) {
        Eigen::Index best = 0;
        double best_d = std::numeric_limits<double>::infinity();
        for (Eigen::Index c = 0; c < d.cols(); ++c) {
          const double dc = c_sq[c] - 2 * d(i, c);
          if (dc < best_d) best_d = dc, best = c;
        }
        labels[start + i] = static_cast<int>(best);
        distances[start + i] = std::max(0.0, best_d + x_sq[start + i]);
      }
    }
  }

  /// Greedy k-means++ (Arthur and Vassilvitskii; scikit-learn's variant): each new centre is the best
  /// of 2 + ln k candidates drawn with probability proportional to the squared distance to the
  /// nearest centre so far.
  Eigen::MatrixXd seed_centres(const matrix_ref& x, const Eigen::VectorXd& x_sq, rng& gen) const {
    const Eigen::Index n = x.rows(), k = options_.n_clusters;
    const auto trials = static_cast<Eigen::Index>(2 + std::floor(std::log(static_cast<double>(k))));
    Eigen::MatrixXd centres(k, x.cols());
    centres.row(0) = x.row(static_cast<Eigen::Index>(gen.below(static_cast<std::uint64_t>(n))));
    Eigen::VectorXd closest = ((-2.0 * x * centres.row(0).transpose()) + x_sq).array() + centres.row(0).squaredNorm();
    closest = closest.cwiseMax(0.0);
    std::vector<double> cumulative(static_cast<std::size_t>(n));
    std::vector<Eigen::Index> candidates(static_cast<std::size_t>(trials));
    Eigen::MatrixXd picked(trials, x.cols()), d;
    for (Eigen::Index c = 1; c < k; ++c) {
      std::partial_sum(closest.begin(), closest.end(), cumulative.begin());
      const double potential = cumulative.back();
      for (Eigen::Index t = 0; t < trials; ++t) {
        const double target = gen.uniform() * potential;
        const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), target);
        candidates[static_cast<std::size_t>(t)] = std::min<Eigen::Index>(it - cumulative.begin(), n - 1);
        picked.row(t) = x.row(candidates[static_cast<std::size_t>(t)]);
      }
      d = ((-2.0 * x * picked.transpose()).colwise() + x_sq).rowwise() +
          picked.rowwise().squaredNorm().transpose();
      for (Eigen::Index t = 0; t < trials; ++t) d.col(t) = d.col(t).cwiseMax(0.0).cwiseMin(closest);
      Eigen::Index best = 0;
      d.colwise().sum().minCoeff(&best);
      centres.row(c) = picked.row(best);
      closest = d.col(best);
    }
    return centres;
  }

  /// Lloyd's iterations from the given centres.
  state lloyd(const matrix_ref& x, const Eigen::VectorXd& x_sq, Eigen::MatrixXd centres, double tol) const {
    const Eigen::Index n = x.rows(), k = centres.rows();
    Eigen::VectorXi labels(n), previous = Eigen::VectorXi::Constant(n, -1);
    Eigen::VectorXd distances(n), counts(k);
    Eigen::MatrixXd sums(k, x.cols());
    state s;
    bool stable = false;
    for (s.iterations = 0; s.iterations < options_.max_iter;) {
      assign(x, x_sq, centres, labels, distances);
      if (labels == previous) {  // a fixed point: the centres are already the means of these labels
        stable = true;
        break;
      }
      ++s.iterations;
      sums.setZero();
      counts.setZero();
      for (Eigen::Index i = 0; i < n; ++i) counts[labels[i]] += 1;
      for (Eigen::Index j = 0; j < x.cols(); ++j)
        for (Eigen::Index i = 0; i < n; ++i) sums(labels[i], j) += x(i, j);
      relocate_empty(x, labels, distances, sums, counts);
      double shift = 0;
      for (Eigen::Index c = 0; c < k; ++c) {
        if (counts[c] == 0) continue;  // emptied by a relocation: keep the old centre
        const Eigen::RowVectorXd updated = sums.row(c) / counts[c];
        shift += (updated - centres.row(c)).squaredNorm();
        centres.row(c) = updated;
      }
      previous = labels;
      if (shift <= tol) break;
    }
    if (!stable) assign(x, x_sq, centres, labels, distances);
    s.centres = std::move(centres);
    s.labels = std::move(labels);
    s.inertia = distances.sum();
    return s;
  }

  /// An empty cluster takes over the point farthest from its current centre (scikit-learn's rule),
  /// so k clusters survive even when seeding put two centres on the same spot.
  static void relocate_empty(const matrix_ref& x, const Eigen::VectorXi& labels, const Eigen::VectorXd& distances,
                             Eigen::MatrixXd& sums, Eigen::VectorXd& counts) {
    std::vector<Eigen::Index> empty;
    for (Eigen::Index c = 0; c < counts.size(); ++c)
      if (counts[c] == 0) empty.push_back(c);
    if (empty.empty()) return;
    std::vector<Eigen::Index> far(static_cast<std::size_t>(x.rows()));
    std::iota(far.begin(), far.end(), Eigen::Index{0});
    const auto take = static_cast<std::ptrdiff_t>(std::min(empty.size(), far.size()));
    std::partial_sort(far.begin(), far.begin() + take, far.end(), [&](Eigen::Index a, Eigen::Index b) {
      return distances[a] != distances[b] ? distances[a] > distances[b] : a < b;
    });
    for (std::ptrdiff_t e = 0; e < take; ++e) {
      const Eigen::Index i = far[static_cast<std::size_t>(e)], to = empty[static_cast<std::size_t>(e)];
      sums.row(labels[i]) -= x.row(i);
      counts[labels[i]] -= 1;
      sums.row(to) = x.row(i);
      counts[to] = 1;
    }
  }

  kmeans_options options_;
  Eigen::MatrixXd centres_;
  Eigen::VectorXi labels_;
  double inertia_ = 0;
  int n_iter_ = 0;
};

}  // namespace ml
AIOPS_END_NAMESPACE
