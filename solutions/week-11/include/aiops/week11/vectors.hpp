// aiops: week 11, tasks 5-7 (reference solution): TF-IDF by hand, clustering lines with k-means, nearest lines by word vectors
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>      // std::log, std::sqrt
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint32_t
#include <map>        // std::map
#include <string>     // std::string
#include <vector>     // std::vector

#include <Eigen/Core>

#include <aiops/core.hpp>
#include <aiops/nlp/cluster.hpp>
#include <aiops/nlp/mask.hpp>
#include <aiops/nlp/tokenize.hpp>
#include <aiops/nlp/word2vec.hpp>

namespace aiops::week11 {

/// task-5: the TF-IDF vector of each tokenized document, as scikit-learn's TfidfVectorizer
/// computes it by default: tf = the count of the term in the document, idf = ln((1 + n) / (1 + df)) + 1
/// (n documents, df of them contain the term), each vector scaled to Euclidean length 1.
inline std::vector<std::map<std::string, double>> tfidf_vectors(const std::vector<std::vector<std::string>>& documents) {
  std::map<std::string, double> df;
  for (const auto& doc : documents) {
    std::map<std::string, bool> seen;
    for (const std::string& w : doc)
      if (!seen[w]) seen[w] = true, df[w] += 1;
  }
  const double n = static_cast<double>(documents.size());
  std::vector<std::map<std::string, double>> out;
  for (const auto& doc : documents) {
    std::map<std::string, double> v;
    for (const std::string& w : doc) v[w] += 1;
    double length = 0;
    for (auto& [w, x] : v) {
      x *= std::log((1 + n) / (1 + df[w])) + 1;
      length += x * x;
    }
    for (auto& [w, x] : v) x /= std::sqrt(length);
    out.push_back(std::move(v));
  }
  return out;
}

/// The words of each message after the library's masks (numbers, addresses, ids become <*>).
inline std::vector<std::vector<std::string>> masked_words(const std::vector<std::string>& messages) {
  const auto mask = aiops::nlp::masker::standard();
  std::vector<std::vector<std::string>> out(messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) aiops::nlp::split_words(mask(messages[i]), out[i]);
  return out;
}

/// task-6: a cluster label (0..k-1) for each message: masked words, TF-IDF vectors (task 5),
/// then k-means on the vectors, kept sparse (a line has a few words of a vocabulary of thousands).
inline std::vector<int> cluster_lines(const std::vector<std::string>& messages, std::size_t k) {
  const auto vectors = tfidf_vectors(masked_words(messages));
  std::map<std::string, std::uint32_t> column;  // one column per word, numbered in word order
  for (const auto& v : vectors)
    for (const auto& [w, x] : v) column.try_emplace(w, 0);
  std::uint32_t next = 0;
  for (auto& [w, c] : column) c = next++;
  std::vector<aiops::nlp::sparse_vector> rows(vectors.size());
  for (std::size_t i = 0; i < vectors.size(); ++i)  // a map iterates in word order, so the columns increase
    for (const auto& [w, value] : vectors[i]) rows[i].push_back({column[w], value});
  return aiops::nlp::sparse_kmeans({.n_clusters = static_cast<int>(k), .seed = 1}).fit_predict(rows);
}

/// task-7: for each query (an index into messages), the indices of the n other messages nearest
/// to it: Word2Vec trained on the masked words of all messages, a message's vector the mean of
/// its words' vectors, nearness the cosine similarity (highest first).
inline std::vector<std::vector<std::size_t>> nearest_lines(const std::vector<std::string>& messages,
                                                           const std::vector<std::size_t>& queries, std::size_t n) {
  const auto words = masked_words(messages);
  aiops::nlp::word2vec w2v({.dimensions = 50, .min_count = 2});
  w2v.fit(words);
  const Eigen::MatrixXd v = aiops::nlp::sentence_vectors(w2v, words);
  std::vector<std::vector<std::size_t>> out;
  for (std::size_t q : queries) {
    out.emplace_back();
    // One more than asked: the query itself is among the nearest (unless n + 1 copies of it come first).
    for (const aiops::nlp::neighbour& hit : aiops::nlp::nearest(v, v.row(static_cast<Eigen::Index>(q)).transpose(), n + 1))
      if (hit.index != q && out.back().size() < n) out.back().push_back(hit.index);
  }
  return out;
}

}  // namespace aiops::week11
