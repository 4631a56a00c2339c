// aiops: clustering log messages end to end: words, TF-IDF or Word2Vec vectors, k-means or agglomerative clusters, summaries
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>      // std::sort, std::min
#include <cstddef>        // std::size_t
#include <cstdint>        // std::uint64_t
#include <optional>       // std::optional
#include <span>           // std::span
#include <stdexcept>      // std::invalid_argument
#include <string>         // std::string, std::to_string
#include <string_view>    // std::string_view
#include <unordered_map>  // std::unordered_map
#include <utility>        // std::pair
#include <vector>         // std::vector

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/kmeans.hpp"
#include "aiops/nlp/cluster.hpp"
#include "aiops/nlp/tfidf.hpp"
#include "aiops/nlp/word2vec.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

/// How messages become vectors.
enum class message_vectors {
  tfidf,     ///< sparse TF-IDF of the words
  word2vec,  ///< TF-IDF-weighted mean of Word2Vec vectors trained on the messages themselves
};

/// How vectors become clusters.
enum class cluster_method {
  kmeans,    ///< k-means with k clusters (sparse_kmeans on TF-IDF, ml::kmeans on dense vectors)
  average,   ///< agglomerative, average linkage, cosine distance
  complete,  ///< agglomerative, complete linkage, cosine distance
};

/// Options of cluster_messages.
struct log_cluster_options {
  message_vectors vectors = message_vectors::tfidf;
  cluster_method method = cluster_method::kmeans;
  std::size_t k = 8;                     ///< clusters; 0 (agglomerative only): cut at distance_threshold instead
  /// Cosine distance below which agglomerative clusters merge when k is 0. Unset: 0.5 for TF-IDF,
  /// 0.02 for Word2Vec, whose sentence vectors of one system's messages lie in a narrow cone (both
  /// measured on datasets/logs: closest to the true number of templates, NMI 0.8-1.0).
  std::optional<double> distance_threshold;
  word_options words{};                  ///< how messages become words
  tfidf_options tfidf{.sublinear_tf = true};
  word2vec_options word2vec{.dimensions = 50, .min_count = 2};
  int n_init = 3;                        ///< k-means restarts (the one of lowest inertia wins)
  std::uint64_t seed = 0;                ///< k-means seeding (Word2Vec has its own in `word2vec`)
  std::size_t top_terms = 5;             ///< terms listed per cluster
  std::size_t max_distinct = 10000;      ///< agglomerative needs 2 m^2 bytes for m distinct messages: refuse more
};

/// One cluster of messages.
struct message_cluster {
  std::size_t size = 0;                ///< messages in it
  std::size_t representative = 0;      ///< the index of the message nearest (cosine) to the cluster's mean vector
  std::vector<std::string> top_terms;  ///< the words of largest mean TF-IDF weight, placeholders left out
};

/// Clusters, largest first; labels[i] is message i's cluster (an index into clusters).
struct clustered_messages {
  std::vector<int> labels;
  std::vector<message_cluster> clusters;
};

namespace detail {

/// Clusters numbered by decreasing size (ties: the one seen first), so label 0 is the largest.
inline std::vector<int> by_size(const std::vector<int>& labels) {
  std::vector<std::pair<std::size_t, int>> order;  // (size, label)
  for (int l : labels) {
    if (static_cast<std::size_t>(l) >= order.size()) order.resize(static_cast<std::size_t>(l) + 1);
    ++order[static_cast<std::size_t>(l)].first;
  }
  std::vector<int> first_seen(order.size(), -1), rank(order.size());
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (first_seen[static_cast<std::size_t>(labels[i])] < 0) first_seen[static_cast<std::size_t>(labels[i])] = static_cast<int>(i);
  for (std::size_t l = 0; l < order.size(); ++l) order[l].second = static_cast<int>(l);
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : first_seen[static_cast<std::size_t>(a.second)] < first_seen[static_cast<std::size_t>(b.second)];
  });
  for (std::size_t r = 0; r < order.size(); ++r) rank[static_cast<std::size_t>(order[r].second)] = static_cast<int>(r);
  std::vector<int> out(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) out[i] = rank[static_cast<std::size_t>(labels[i])];
  return out;
}

/// Agglomerative clustering of the distinct rows (identical messages have identical vectors),
/// each weighted by its count, spread back to every message.
template <class Cluster>
std::vector<int> agglomerate_distinct(std::span<const std::string> messages, const log_cluster_options& options, Cluster&& cluster) {
  std::unordered_map<std::string_view, std::size_t> slot;
  std::vector<std::size_t> first, slot_of(messages.size());
  std::vector<double> weights;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const auto [it, added] = slot.try_emplace(messages[i], first.size());
    if (added) first.push_back(i), weights.push_back(0);
    weights[it->second] += 1;
    slot_of[i] = it->second;
  }
  if (first.size() > options.max_distinct)
    throw std::invalid_argument("nlp::cluster_messages: " + std::to_string(first.size()) +
                                " distinct messages are too many for agglomerative clustering (at most " +
                                std::to_string(options.max_distinct) + "); use k-means");
  agglomerative_options a;
  a.linkage = options.method == cluster_method::complete ? linkage::complete : linkage::average;
  if (options.k == 0)
    a.distance_threshold = options.distance_threshold.value_or(options.vectors == message_vectors::tfidf ? 0.5 : 0.02);
  else a.n_clusters = std::min(options.k, first.size());
  const std::vector<int> distinct = cluster(first, weights, a);
  std::vector<int> labels(messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) labels[i] = distinct[slot_of[i]];
  return labels;
}

}  // namespace detail

/// Clusters log messages (mask them first, see masker): words (split_words), then TF-IDF vectors
/// or TF-IDF-weighted Word2Vec sentence vectors, then k-means with k clusters or agglomerative
/// clustering (cut at k clusters, or at a cosine distance when k is 0). Each cluster comes with
/// its size, a representative message and its top TF-IDF terms.
///
///     auto mask = aiops::nlp::masker::standard();
///     std::vector<std::string> masked;
///     for (const auto& m : messages) masked.push_back(mask(m));
///     auto out = aiops::nlp::cluster_messages(masked, {.k = 20});
///     for (const auto& c : out.clusters) std::cout << c.size << "  " << messages[c.representative] << "\n";
///
/// @throws std::invalid_argument when k is 0 with k-means, when k-means has fewer messages than k,
/// or when agglomerative clustering has more than max_distinct distinct messages.
inline clustered_messages cluster_messages(std::span<const std::string> messages, const log_cluster_options& options = {}) {
  if (options.k == 0 && options.method == cluster_method::kmeans)
    throw std::invalid_argument("nlp::cluster_messages: k-means needs k >= 1 (k = 0 means a distance cut, for agglomerative clustering)");
  clustered_messages out;
  if (messages.empty()) return out;
  const auto docs = split_documents(messages, options.words);
  tfidf weights(options.tfidf);
  const std::vector<sparse_vector> x = weights.fit_transform(docs);
  const bool agglomerative = options.method != cluster_method::kmeans;
  ml::kmeans_options km{.n_clusters = static_cast<int>(options.k), .n_init = options.n_init, .seed = options.seed};

  std::vector<int> labels;
  Eigen::MatrixXd dense;  // sentence vectors, for word2vec
  if (options.vectors == message_vectors::word2vec) {
    word2vec model(options.word2vec);
    model.fit(docs);
    dense = sentence_vectors(model, weights, docs);
    if (agglomerative)
      labels = detail::agglomerate_distinct(messages, options, [&](const std::vector<std::size_t>& rows, const std::vector<double>& w, const agglomerative_options& a) {
        Eigen::MatrixXd distinct(static_cast<Eigen::Index>(rows.size()), dense.cols());
        for (std::size_t r = 0; r < rows.size(); ++r) distinct.row(static_cast<Eigen::Index>(r)) = dense.row(static_cast<Eigen::Index>(rows[r]));
        return agglomerative_clustering(distinct, a, w);
      });
    else {
      const Eigen::VectorXi l = ml::kmeans(km).fit_predict(dense);
      labels.assign(l.begin(), l.end());
    }
  } else if (agglomerative) {
    labels = detail::agglomerate_distinct(messages, options, [&](const std::vector<std::size_t>& rows, const std::vector<double>& w, const agglomerative_options& a) {
      std::vector<sparse_vector> distinct;
      for (std::size_t r : rows) distinct.push_back(x[r]);
      return agglomerative_clustering(distinct, a, w);
    });
  } else {
    labels = sparse_kmeans(km).fit_predict(x);
  }
  out.labels = detail::by_size(labels);

  // Summaries from the TF-IDF rows: the mean row of each cluster gives its top terms and, by
  // cosine, its representative message.
  std::size_t k = 0;
  for (int l : out.labels) k = std::max(k, static_cast<std::size_t>(l) + 1);
  const std::size_t terms = weights.vocabulary().size();
  std::vector<std::vector<double>> mean(k, std::vector<double>(terms, 0.0));
  out.clusters.resize(k);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const auto c = static_cast<std::size_t>(out.labels[i]);
    ++out.clusters[c].size;
    for (const sparse_entry& e : x[i]) mean[c][e.index] += e.value;
  }
  std::vector<double> best(k, -2.0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const auto c = static_cast<std::size_t>(out.labels[i]);
    double d = 0;
    for (const sparse_entry& e : x[i]) d += e.value * mean[c][e.index];  // ranks like cosine: rows are unit length
    if (d > best[c]) best[c] = d, out.clusters[c].representative = i;
  }
  for (std::size_t c = 0; c < k; ++c) {
    std::vector<std::uint32_t> order;
    for (std::uint32_t t = 0; t < terms; ++t)
      if (mean[c][t] > 0 && weights.vocabulary()[t].front() != '<') order.push_back(t);
    const std::size_t n = std::min(options.top_terms, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
                      [&](std::uint32_t a, std::uint32_t b) { return mean[c][a] != mean[c][b] ? mean[c][a] > mean[c][b] : a < b; });
    for (std::size_t t = 0; t < n; ++t) out.clusters[c].top_terms.push_back(weights.vocabulary()[order[t]]);
  }
  return out;
}

}  // namespace nlp
AIOPS_END_NAMESPACE
