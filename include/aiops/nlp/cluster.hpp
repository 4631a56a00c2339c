// aiops: clustering message vectors: k-means on sparse TF-IDF rows, agglomerative clustering (cosine), nearest-template search, purity
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::sort, std::stable_sort, std::partial_sort, std::min, std::max, std::lower_bound
#include <cmath>        // std::floor, std::log
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t
#include <limits>       // std::numeric_limits
#include <numeric>      // std::iota, std::partial_sum
#include <optional>     // std::optional
#include <span>         // std::span
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string, std::to_string
#include <string_view>  // std::string_view
#include <tuple>        // std::tie
#include <utility>      // std::move, std::swap
#include <vector>       // std::vector

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/kmeans.hpp"
#include "aiops/ml/random.hpp"
#include "aiops/ml/types.hpp"
#include "aiops/nlp/detail/kernels.hpp"
#include "aiops/nlp/tfidf.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

/// k-means on sparse rows (TF-IDF vectors), the algorithm of aiops::ml::kmeans (scikit-learn's
/// KMeans: greedy k-means++ seeding, Lloyd iterations, empty clusters re-seeded with the farthest
/// points, best of n_init restarts by inertia), with the same options. ml::kmeans takes a dense
/// matrix: TF-IDF rows of log messages have a vocabulary of thousands of words and a few non-zero
/// entries each, so a dense copy would cost rows x vocabulary doubles (10 000 lines x 5 000 words:
/// 400 MB) where this costs the non-zeros plus k dense centres. Distances are Euclidean; on
/// l2-normalised rows they order like cosine distances (|a - b|^2 = 2 - 2 cos).
///
///     auto x = aiops::nlp::tfidf().fit_transform(aiops::nlp::split_documents(messages));
///     aiops::nlp::sparse_kmeans km({.n_clusters = 20, .seed = 1});
///     std::vector<int> labels = km.fit_predict(x);
class sparse_kmeans {
 public:
  /// @throws std::invalid_argument unless n_clusters, n_init and max_iter are >= 1 and tol >= 0.
  explicit sparse_kmeans(ml::kmeans_options options = {}) : options_(options) {
    ml::kmeans check(options);  // the same option checks, the same messages
  }

  /// Clusters the rows. @throws std::invalid_argument when there are fewer rows than clusters.
  sparse_kmeans& fit(std::span<const sparse_vector> rows) {
    const std::size_t n = rows.size(), k = static_cast<std::size_t>(options_.n_clusters);
    if (n < k)
      throw std::invalid_argument("nlp::sparse_kmeans::fit: n_clusters (" + std::to_string(k) + ") exceeds the " +
                                  std::to_string(n) + " rows");
    dims_ = 0;
    for (const sparse_vector& r : rows)
      if (!r.empty()) dims_ = std::max<std::size_t>(dims_, r.back().index + 1u);
    std::vector<double> x_sq(n), mean(dims_, 0.0), mean_sq(dims_, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (const sparse_entry& e : rows[i]) {
        x_sq[i] += e.value * e.value;
        mean[e.index] += e.value / static_cast<double>(n);
        mean_sq[e.index] += e.value * e.value / static_cast<double>(n);
      }
    double variance = 0;  // mean over features of the feature's variance, as scikit-learn scales tol
    for (std::size_t j = 0; j < dims_; ++j) variance += mean_sq[j] - mean[j] * mean[j];
    const double tol = dims_ > 0 ? options_.tol * variance / static_cast<double>(dims_) : 0.0;
    const columns cols(rows, dims_);
    ml::rng gen(options_.seed);
    state best = ml::detail::best_of_restarts(options_.n_init, gen, [&](ml::rng& g) {
      return lloyd(rows, x_sq, seed_centres(rows, cols, x_sq, g), tol);
    });
    inertia_ = best.inertia;
    centres_ = std::move(best.centres);
    table_ = centre_table(centres_, dims_);
    labels_ = std::move(best.labels);
    n_iter_ = best.iterations;
    return *this;
  }

  /// fit(rows), then the label of each row.
  std::vector<int> fit_predict(std::span<const sparse_vector> rows) { return fit(rows).labels_; }

  /// The nearest centre of a row (entries beyond the training dimensions count as zero in the centres).
  /// @throws std::invalid_argument before fit.
  int predict(const sparse_vector& row) const {
    if (centres_.empty()) throw std::invalid_argument("nlp::sparse_kmeans::predict: not fitted yet (call fit first)");
    std::vector<double> dots;
    return table_.nearest(row, 0, dots).first;
  }

  /// The centres, dense, one per cluster (length: 1 + the largest index seen by fit).
  const std::vector<std::vector<double>>& cluster_centers() const noexcept { return centres_; }
  const std::vector<int>& labels() const noexcept { return labels_; }
  /// Sum of squared distances of the training rows to their centres.
  double inertia() const noexcept { return inertia_; }
  /// Lloyd iterations of the winning restart.
  int n_iter() const noexcept { return n_iter_; }

 private:
  using centres_t = std::vector<std::vector<double>>;
  struct state {
    centres_t centres;
    std::vector<int> labels;
    double inertia = 0;
    int iterations = 0;
  };

  // The rows feature by feature: for each feature, the rows that have it and their values.
  struct columns {
    std::vector<std::size_t> start;  // feature j's entries are [start[j], start[j + 1])
    std::vector<std::size_t> row;
    std::vector<double> value;

    columns(std::span<const sparse_vector> rows, std::size_t dims) : start(dims + 1, 0) {
      for (const sparse_vector& r : rows)
        for (const sparse_entry& e : r) ++start[e.index + 1];
      std::partial_sum(start.begin(), start.end(), start.begin());
      row.resize(start.back());
      value.resize(start.back());
      std::vector<std::size_t> next(start.begin(), start.end() - 1);
      for (std::size_t i = 0; i < rows.size(); ++i)
        for (const sparse_entry& e : rows[i]) {
          row[next[e.index]] = i;
          value[next[e.index]++] = e.value;
        }
    }
  };

  // The centres feature by feature (the k coordinates of feature j side by side), with their
  // squared norms: a row's dot products with all k centres take one pass over its entries, each
  // adding a contiguous run of k products, where k sparse-dense products would each walk the row.
  // The sums are the same, in the same order, as those of k products.
  struct centre_table {
    std::size_t k = 0, dims = 0;
    std::vector<double> by_feature;  // [j * k + c]: coordinate j of centre c
    std::vector<double> norms;       // squared

    centre_table() = default;
    centre_table(const centres_t& centres, std::size_t dimensions)
        : k(centres.size()), dims(dimensions), by_feature(k * dims), norms(k, 0.0) {
      for (std::size_t c = 0; c < k; ++c)
        for (std::size_t j = 0; j < dims; ++j) {
          by_feature[j * k + c] = centres[c][j];
          norms[c] += centres[c][j] * centres[c][j];
        }
    }

    /// The nearest centre and the squared distance to it; `dots` is scratch space.
    std::pair<int, double> nearest(const sparse_vector& row, double row_sq, std::vector<double>& dots) const {
      dots.assign(k, 0.0);
      for (const sparse_entry& e : row)
        if (e.index < dims) detail::axpy(e.value, by_feature.data() + std::size_t{e.index} * k, dots.data(), k);
      int best = 0;
      double best_d = std::numeric_limits<double>::infinity();
      for (std::size_t c = 0; c < k; ++c) {
        const double d = norms[c] - 2 * dots[c];
        if (d < best_d) best_d = d, best = static_cast<int>(c);
      }
      return {best, std::max(0.0, best_d + row_sq)};
    }
  };

  std::vector<double> densify(const sparse_vector& row) const {
    std::vector<double> out(dims_, 0.0);
    for (const sparse_entry& e : row) out[e.index] = e.value;
    return out;
  }

  /// Greedy k-means++, as in ml::kmeans: each new centre is the best of 2 + ln k candidates drawn
  /// with probability proportional to the squared distance to the nearest centre so far.
  centres_t seed_centres(std::span<const sparse_vector> rows, const columns& cols, const std::vector<double>& x_sq,
                         ml::rng& gen) const {
    const std::size_t n = rows.size(), k = static_cast<std::size_t>(options_.n_clusters);
    const auto trials = static_cast<std::size_t>(2 + std::floor(std::log(static_cast<double>(k))));
    // Squared distances of every row to row j. The dot products go through the columns: a row's
    // product with row j costs only the features they share (the sums in the order of dot()).
    std::vector<double> dots;
    const auto distances_to = [&](std::size_t j, auto&& take) {
      dots.assign(n, 0.0);
      for (const sparse_entry& e : rows[j])
        for (std::size_t p = cols.start[e.index]; p < cols.start[e.index + 1]; ++p) dots[cols.row[p]] += cols.value[p] * e.value;
      for (std::size_t i = 0; i < n; ++i) take(i, std::max(0.0, x_sq[i] + x_sq[j] - 2 * dots[i]));
    };
    const std::size_t first = gen.below(n);
    centres_t centres{densify(rows[first])};
    std::vector<double> closest(n), cumulative(n), candidate(n), best_candidate(n);
    distances_to(first, [&](std::size_t i, double d) { closest[i] = d; });
    while (centres.size() < k) {
      std::partial_sum(closest.begin(), closest.end(), cumulative.begin());
      double best_potential = std::numeric_limits<double>::infinity();
      std::size_t best = 0;
      for (std::size_t t = 0; t < trials; ++t) {
        const double target = gen.uniform() * cumulative.back();
        const std::size_t pick = std::min<std::size_t>(
            static_cast<std::size_t>(std::lower_bound(cumulative.begin(), cumulative.end(), target) - cumulative.begin()), n - 1);
        double potential = 0;
        distances_to(pick, [&](std::size_t i, double d) { potential += candidate[i] = std::min(closest[i], d); });
        if (potential < best_potential) best_potential = potential, best = pick, best_candidate.swap(candidate);
      }
      centres.push_back(densify(rows[best]));
      closest.swap(best_candidate);
    }
    return centres;
  }

  state lloyd(std::span<const sparse_vector> rows, const std::vector<double>& x_sq, centres_t centres, double tol) const {
    const std::size_t n = rows.size(), k = centres.size();
    state s;
    s.labels.assign(n, -1);
    std::vector<int> previous(n, -2);
    std::vector<double> distances(n), counts(k);
    centres_t sums(k, std::vector<double>(dims_));
    std::vector<double> dots;
    const auto assign = [&] {
      const centre_table table(centres, dims_);
      for (std::size_t i = 0; i < n; ++i) std::tie(s.labels[i], distances[i]) = table.nearest(rows[i], x_sq[i], dots);
    };
    bool stable = false;
    for (s.iterations = 0; s.iterations < options_.max_iter;) {
      assign();
      if (s.labels == previous) {
        stable = true;
        break;
      }
      ++s.iterations;
      for (auto& row : sums) std::fill(row.begin(), row.end(), 0.0);
      std::fill(counts.begin(), counts.end(), 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<std::size_t>(s.labels[i]);
        counts[c] += 1;
        for (const sparse_entry& e : rows[i]) sums[c][e.index] += e.value;
      }
      relocate_empty(rows, s.labels, distances, sums, counts);
      double shift = 0;
      for (std::size_t c = 0; c < k; ++c) {
        if (counts[c] == 0) continue;
        for (std::size_t j = 0; j < dims_; ++j) {
          const double updated = sums[c][j] / counts[c];
          shift += (updated - centres[c][j]) * (updated - centres[c][j]);
          centres[c][j] = updated;
        }
      }
      previous = s.labels;
      if (shift <= tol) break;
    }
    if (!stable) assign();
    s.centres = std::move(centres);
    for (double d : distances) s.inertia += d;
    return s;
  }

  /// An empty cluster takes over the row farthest from its centre (scikit-learn's rule).
  void relocate_empty(std::span<const sparse_vector> rows, const std::vector<int>& labels, const std::vector<double>& distances,
                      centres_t& sums, std::vector<double>& counts) const {
    std::vector<std::size_t> empty;
    for (std::size_t c = 0; c < counts.size(); ++c)
      if (counts[c] == 0) empty.push_back(c);
    if (empty.empty()) return;
    std::vector<std::size_t> far(rows.size());
    std::iota(far.begin(), far.end(), std::size_t{0});
    const std::size_t take = std::min(empty.size(), far.size());
    std::partial_sort(far.begin(), far.begin() + static_cast<std::ptrdiff_t>(take), far.end(),
                      [&](std::size_t a, std::size_t b) { return distances[a] != distances[b] ? distances[a] > distances[b] : a < b; });
    for (std::size_t e = 0; e < take; ++e) {
      const std::size_t i = far[e], to = empty[e], from = static_cast<std::size_t>(labels[i]);
      for (const sparse_entry& x : rows[i]) sums[from][x.index] -= x.value;
      counts[from] -= 1;
      std::fill(sums[to].begin(), sums[to].end(), 0.0);
      for (const sparse_entry& x : rows[i]) sums[to][x.index] = x.value;
      counts[to] = 1;
    }
  }

  ml::kmeans_options options_;
  std::size_t dims_ = 0;
  centres_t centres_;
  centre_table table_;  // of centres_, for predict
  std::vector<int> labels_;
  double inertia_ = 0;
  int n_iter_ = 0;
};

/// How agglomerative clustering measures the distance between two clusters.
enum class linkage {
  average,   ///< mean distance over all pairs of their members (UPGMA)
  complete,  ///< largest distance between a member of one and a member of the other
};

/// Options of agglomerative_clustering.
struct agglomerative_options {
  std::size_t n_clusters = 2;                 ///< stop at this many clusters (unless distance_threshold is set)
  std::optional<double> distance_threshold;   ///< instead: merge while the closest clusters are nearer than this
  nlp::linkage linkage = linkage::average;
};

namespace detail {

/// The hierarchy over n points from a condensed distance matrix (row-major upper triangle), by
/// the nearest-neighbour chain (Murtagh 1983: O(n^2) time for average and complete linkage, which
/// are reducible), then cut as the options say. Labels are numbered by first appearance.
inline std::vector<int> agglomerate(std::size_t n, std::vector<float> d, std::span<const double> weights,
                                    const agglomerative_options& options) {
  const auto at = [n](std::size_t i, std::size_t j) {
    if (i > j) std::swap(i, j);
    return i * n - i * (i + 1) / 2 + (j - i - 1);
  };
  std::vector<double> size(n, 1.0);
  for (std::size_t i = 0; i < weights.size(); ++i) size[i] = weights[i];
  std::vector<bool> active(n, true);
  struct merge {
    std::size_t a, b;
    float distance;
  };
  std::vector<merge> merges;
  std::vector<std::size_t> chain;
  for (std::size_t remaining = n; remaining > 1; --remaining) {
    if (chain.empty())
      for (std::size_t i = 0; i < n; ++i)
        if (active[i]) {
          chain.push_back(i);
          break;
        }
    while (true) {
      const std::size_t a = chain.back();
      // The nearest active cluster; the previous link of the chain wins ties, so the chain ends.
      std::size_t b = chain.size() >= 2 ? chain[chain.size() - 2] : n;
      float best = b < n ? d[at(a, b)] : std::numeric_limits<float>::infinity();
      for (std::size_t i = 0; i < n; ++i)
        if (active[i] && i != a && d[at(a, i)] < best) best = d[at(a, i)], b = i;
      if (chain.size() >= 2 && b == chain[chain.size() - 2]) {
        chain.pop_back();
        chain.pop_back();
        merges.push_back({a, b, best});
        // The union lives in slot b (Lance-Williams update), slot a retires.
        for (std::size_t i = 0; i < n; ++i) {
          if (!active[i] || i == a || i == b) continue;
          float& dib = d[at(i, b)];
          const float dia = d[at(i, a)];
          dib = options.linkage == linkage::complete
                    ? std::max(dia, dib)
                    : static_cast<float>((size[a] * dia + size[b] * dib) / (size[a] + size[b]));
        }
        size[b] += size[a];
        active[a] = false;
        break;
      }
      chain.push_back(b);
    }
  }
  // Merges in increasing distance make the dendrogram; cut it at k clusters or at the threshold.
  std::stable_sort(merges.begin(), merges.end(), [](const merge& x, const merge& y) { return x.distance < y.distance; });
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  const auto root = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const std::size_t keep = options.distance_threshold ? 1 : std::max<std::size_t>(options.n_clusters, 1);
  for (std::size_t m = 0, clusters = n; m < merges.size() && clusters > keep; ++m, --clusters) {
    if (options.distance_threshold && !(merges[m].distance < *options.distance_threshold)) break;
    parent[root(merges[m].a)] = root(merges[m].b);
  }
  std::vector<int> label_of(n, -1), labels(n);
  int next = 0;
  for (std::size_t i = 0; i < n; ++i) {
    int& l = label_of[root(i)];
    if (l < 0) l = next++;
    labels[i] = l;
  }
  return labels;
}

inline void check_agglomerative(std::size_t rows, std::span<const double> weights, const agglomerative_options& options) {
  if (!weights.empty() && weights.size() != rows)
    throw std::invalid_argument("nlp::agglomerative_clustering: " + std::to_string(rows) + " rows but " +
                                std::to_string(weights.size()) + " weights");
  for (double w : weights)
    if (!(w > 0)) throw std::invalid_argument("nlp::agglomerative_clustering: weights must be positive");
  if (!options.distance_threshold && (options.n_clusters == 0 || options.n_clusters > std::max<std::size_t>(rows, 1)))
    throw std::invalid_argument("nlp::agglomerative_clustering: n_clusters (" + std::to_string(options.n_clusters) +
                                ") must be in 1.." + std::to_string(rows));
}

}  // namespace detail

/// Agglomerative clustering of sparse rows (TF-IDF vectors) by cosine distance (1 - cosine):
/// every row starts alone and the two nearest clusters merge until n_clusters remain, or, with
/// distance_threshold, while the nearest two are closer than it (scikit-learn's
/// AgglomerativeClustering with metric="cosine"). `weights` (optional, one per row) count a row as
/// that many identical rows, so repeated messages are clustered once: the result is the same as
/// with the repeats, for average and complete linkage alike. Returns a label per row, numbered by
/// first appearance.
///
/// Time O(m^2) and memory 2 m^2 bytes for m rows (m = 5 000: 50 MB): deduplicate first.
/// @throws std::invalid_argument on bad weights or n_clusters outside 1..m.
inline std::vector<int> agglomerative_clustering(std::span<const sparse_vector> rows, const agglomerative_options& options = {},
                                                 std::span<const double> weights = {}) {
  detail::check_agglomerative(rows.size(), weights, options);
  const std::size_t n = rows.size();
  std::vector<double> norms(n);
  for (std::size_t i = 0; i < n; ++i) norms[i] = norm(rows[i]);
  std::vector<float> d;
  d.reserve(n * (n - (n > 0)) / 2);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const double nn = norms[i] * norms[j];
      d.push_back(static_cast<float>(1 - (nn > 0 ? dot(rows[i], rows[j]) / nn : 0.0)));
    }
  return detail::agglomerate(n, std::move(d), weights, options);
}

/// Agglomerative clustering of dense rows (sentence vectors) by cosine distance; see the sparse overload.
inline std::vector<int> agglomerative_clustering(const ml::matrix_ref& rows, const agglomerative_options& options = {},
                                                 std::span<const double> weights = {}) {
  const auto n = static_cast<std::size_t>(rows.rows());
  detail::check_agglomerative(n, weights, options);
  Eigen::MatrixXd unit = rows;  // rows of zeros stay zeros: cosine 0, distance 1
  for (Eigen::Index i = 0; i < unit.rows(); ++i)
    if (const double l = unit.row(i).norm(); l > 0) unit.row(i) /= l;
  std::vector<float> d;
  d.reserve(n * (n - (n > 0)) / 2);
  Eigen::VectorXd similarities;
  for (Eigen::Index i = 0; i < unit.rows(); ++i) {
    similarities.noalias() = unit.bottomRows(unit.rows() - i - 1) * unit.row(i).transpose();
    for (double s : similarities) d.push_back(static_cast<float>(1 - s));
  }
  return detail::agglomerate(n, std::move(d), weights, options);
}

/// A row found by nearest(): its index and its cosine similarity to the query.
struct neighbour {
  std::size_t index = 0;
  double similarity = 0;
};

namespace detail {

inline std::vector<neighbour> top(std::vector<neighbour> all, std::size_t n) {
  n = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), [](const neighbour& a, const neighbour& b) {
    return a.similarity != b.similarity ? a.similarity > b.similarity : a.index < b.index;
  });
  all.resize(n);
  return all;
}

}  // namespace detail

/// The n rows most similar (cosine) to the query, most similar first (ties: lower index first).
inline std::vector<neighbour> nearest(std::span<const sparse_vector> rows, const sparse_vector& query, std::size_t n) {
  std::vector<neighbour> all;
  all.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) all.push_back({i, cosine_similarity(rows[i], query)});
  return detail::top(std::move(all), n);
}

/// The n rows of a dense matrix most similar (cosine) to the query; rows or query of zeros score 0.
/// @throws std::invalid_argument when the query's length is not the number of columns.
inline std::vector<neighbour> nearest(const ml::matrix_ref& rows, const ml::vector_ref& query, std::size_t n) {
  if (query.size() != rows.cols())
    throw std::invalid_argument("nlp::nearest: the query has " + std::to_string(query.size()) + " values, the rows " +
                                std::to_string(rows.cols()));
  const Eigen::VectorXd dots = rows * query;
  const double qn = query.norm();
  std::vector<neighbour> all;
  all.reserve(static_cast<std::size_t>(rows.rows()));
  for (Eigen::Index i = 0; i < rows.rows(); ++i) {
    const double nn = rows.row(i).norm() * qn;
    all.push_back({static_cast<std::size_t>(i), nn > 0 ? dots[i] / nn : 0.0});
  }
  return detail::top(std::move(all), n);
}

/// Nearest-template search: TF-IDF over the words of known templates, so a new message (masked
/// like the templates were mined) finds the templates that share its rarer words.
///
///     aiops::nlp::template_index index(templates);                  // e.g. from aiops logparse
///     for (auto [t, s] : index.nearest(mask("Failed password for bob from 10.0.0.1 port 22"), 3))
///       std::cout << s << "  " << index.template_text(t) << "\n";
class template_index {
 public:
  explicit template_index(std::vector<std::string> templates, tfidf_options options = {}, word_options words = {})
      : templates_(std::move(templates)), words_(words), tfidf_(options) {
    const auto docs = split_documents(templates_, words_);
    vectors_ = tfidf_.fit_transform(docs);
  }

  /// The n templates most similar to the message, most similar first.
  std::vector<neighbour> nearest(std::string_view message, std::size_t n = 1) const {
    std::vector<std::string> words;
    split_words(message, words, words_);
    return nlp::nearest(vectors_, tfidf_.transform(words), n);
  }

  const std::string& template_text(std::size_t index) const { return templates_.at(index); }
  std::size_t size() const noexcept { return templates_.size(); }

 private:
  std::vector<std::string> templates_;
  word_options words_;
  tfidf tfidf_;
  std::vector<sparse_vector> vectors_;
};

/// Purity of a clustering: each predicted cluster counts its most common true label, divided by
/// the number of items (1 when every cluster is pure; it rewards many small clusters, so read it
/// with NMI). Labels are non-negative ints. @throws std::invalid_argument on different sizes or a negative label.
inline double purity(std::span<const int> truth, std::span<const int> predicted) {
  if (truth.size() != predicted.size())
    throw std::invalid_argument("nlp::purity: " + std::to_string(truth.size()) + " true labels but " +
                                std::to_string(predicted.size()) + " predicted ones");
  if (truth.empty()) return 0;
  std::vector<std::pair<int, int>> pairs;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] < 0 || predicted[i] < 0) throw std::invalid_argument("nlp::purity: labels must not be negative");
    pairs.emplace_back(predicted[i], truth[i]);
  }
  std::sort(pairs.begin(), pairs.end());
  std::size_t majority = 0;
  for (std::size_t i = 0; i < pairs.size();) {  // runs of one cluster, then runs of one true label inside it
    std::size_t best = 0;
    const std::size_t cluster_end =
        static_cast<std::size_t>(std::upper_bound(pairs.begin() + static_cast<std::ptrdiff_t>(i), pairs.end(),
                                                  std::pair<int, int>(pairs[i].first, std::numeric_limits<int>::max())) -
                                 pairs.begin());
    for (std::size_t j = i; j < cluster_end;) {
      std::size_t run = j;
      while (run < cluster_end && pairs[run].second == pairs[j].second) ++run;
      best = std::max(best, run - j);
      j = run;
    }
    majority += best;
    i = cluster_end;
  }
  return static_cast<double>(majority) / static_cast<double>(truth.size());
}

}  // namespace nlp
AIOPS_END_NAMESPACE
