// aiops: week 11, tasks 5-7 (your code): TF-IDF by hand, clustering lines with k-means, nearest lines by word vectors
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>  // std::size_t
#include <map>      // std::map
#include <string>   // std::string
#include <vector>   // std::vector

#include <aiops/core.hpp>

namespace aiops::week11 {

/// task-5: the TF-IDF vector of each tokenized document, as scikit-learn's TfidfVectorizer
/// computes it by default: tf = the count of the term in the document, idf = ln((1 + n) / (1 + df)) + 1
/// (n documents, df of them contain the term), each vector scaled to Euclidean length 1.
inline std::vector<std::map<std::string, double>> tfidf_vectors(const std::vector<std::vector<std::string>>& documents) {
  // TODO(week-11): see README, task 5.
  (void)documents;
  throw aiops::not_implemented("week11::tfidf_vectors");
}

/// task-6: a cluster label (0..k-1) for each message: masked words, TF-IDF vectors (task 5),
/// then k-means on the vectors.
inline std::vector<int> cluster_lines(const std::vector<std::string>& messages, std::size_t k) {
  // TODO(week-11): see README, task 6.
  (void)messages;
  (void)k;
  throw aiops::not_implemented("week11::cluster_lines");
}

/// task-7: for each query (an index into messages), the indices of the n other messages nearest
/// to it: Word2Vec trained on the masked words of all messages, a message's vector the mean of
/// its words' vectors, nearness the cosine similarity (highest first).
inline std::vector<std::vector<std::size_t>> nearest_lines(const std::vector<std::string>& messages,
                                                           const std::vector<std::size_t>& queries, std::size_t n) {
  // TODO(week-11): see README, task 7.
  (void)messages;
  (void)queries;
  (void)n;
  throw aiops::not_implemented("week11::nearest_lines");
}

}  // namespace aiops::week11
