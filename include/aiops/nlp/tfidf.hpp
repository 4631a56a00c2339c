// aiops: sparse TF-IDF vectors of tokenized documents (scikit-learn's TfidfVectorizer definitions) and cosine similarity
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>      // std::sort, std::stable_sort, std::min
#include <cmath>          // std::log, std::sqrt
#include <cstddef>        // std::size_t
#include <cstdint>        // std::uint32_t
#include <optional>       // std::optional
#include <span>           // std::span
#include <stdexcept>      // std::invalid_argument
#include <string>         // std::string, std::to_string
#include <string_view>    // std::string_view
#include <vector>         // std::vector

#include "aiops/config.hpp"
#include "aiops/nlp/detail/term_map.hpp"
#include "aiops/nlp/tokenize.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

/// One non-zero coordinate of a sparse vector.
struct sparse_entry {
  std::uint32_t index = 0;
  double value = 0;
  friend bool operator==(const sparse_entry&, const sparse_entry&) = default;
};

/// A sparse vector: its non-zero coordinates in increasing index order.
using sparse_vector = std::vector<sparse_entry>;

/// The dot product of two sparse vectors (entries in increasing index order).
inline double dot(const sparse_vector& a, const sparse_vector& b) noexcept {
  double sum = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i].index < b[j].index) ++i;
    else if (b[j].index < a[i].index) ++j;
    else sum += a[i++].value * b[j++].value;
  }
  return sum;
}

/// The Euclidean norm of a sparse vector.
inline double norm(const sparse_vector& a) noexcept {
  double sum = 0;
  for (const sparse_entry& e : a) sum += e.value * e.value;
  return std::sqrt(sum);
}

/// Cosine similarity of two sparse vectors; 0 when either is all zeros (an empty message is like nothing).
inline double cosine_similarity(const sparse_vector& a, const sparse_vector& b) noexcept {
  const double n = norm(a) * norm(b);
  return n > 0 ? dot(a, b) / n : 0.0;
}

/// The words of each text with split_words (the tokenizer TF-IDF, Word2Vec and log clustering share).
inline std::vector<std::vector<std::string>> split_documents(std::span<const std::string> texts, const word_options& options = {}) {
  std::vector<std::vector<std::string>> out(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) split_words(texts[i], out[i], options);
  return out;
}

/// Options of tfidf, named and defined as in scikit-learn's TfidfVectorizer.
struct tfidf_options {
  bool sublinear_tf = false;      ///< tf = 1 + ln(count) instead of the count
  bool use_idf = true;            ///< multiply by the inverse document frequency
  bool smooth_idf = true;         ///< idf = ln((1 + n) / (1 + df)) + 1, else ln(n / df) + 1
  bool l2_normalize = true;       ///< scale each vector to unit Euclidean length (norm="l2")
  std::size_t min_df = 1;         ///< drop terms in fewer documents than this (a count, as an int min_df)
  double max_df = 1.0;            ///< drop terms in more than this share of documents (as a float max_df)
  std::size_t max_features = 0;   ///< keep the terms most frequent in the corpus (0: all)
};

/// TF-IDF vectors with scikit-learn's definitions, so values can be compared with TfidfVectorizer
/// (given the same tokens: pass `analyzer=str.split` there):
/// value(t, d) = tf(t, d) * idf(t), then each vector scaled to unit length; the vocabulary is the
/// sorted terms that survive min_df, max_df and then max_features (most frequent in the corpus,
/// ties to the alphabetically first), and a term's index is its rank in that order.
///
///     auto docs = aiops::nlp::split_documents(messages);
///     aiops::nlp::tfidf vectorizer({.sublinear_tf = true});
///     std::vector<aiops::nlp::sparse_vector> x = vectorizer.fit_transform(docs);
///     double s = aiops::nlp::cosine_similarity(x[0], x[1]);
///
/// Terms not seen by fit are ignored by transform. A fitted tfidf is immutable, so threads can share it.
class tfidf {
 public:
  /// @throws std::invalid_argument unless 0 <= max_df <= 1.
  explicit tfidf(tfidf_options options = {}) : options_(options) {
    if (!(options.max_df >= 0 && options.max_df <= 1)) throw std::invalid_argument("nlp::tfidf: max_df must be in [0, 1]");
  }

  /// Learns the vocabulary and the idf of each term from tokenized documents.
  /// @throws std::invalid_argument when max_df leaves fewer documents than min_df (scikit-learn's check).
  tfidf& fit(std::span<const std::vector<std::string>> documents) {
    const auto n = static_cast<double>(documents.size());
    const double max_count = options_.max_df * n;
    if (!documents.empty() && max_count < static_cast<double>(options_.min_df))
      throw std::invalid_argument("nlp::tfidf::fit: max_df corresponds to " + std::to_string(max_count) +
                                  " documents, fewer than min_df (" + std::to_string(options_.min_df) + ")");
    struct stats {
      std::size_t df = 0, total = 0, last_doc = static_cast<std::size_t>(-1);
    };
    detail::term_map<stats> seen;
    for (std::size_t d = 0; d < documents.size(); ++d)
      for (const std::string& term : documents[d]) {
        stats& s = seen[term];
        ++s.total;
        if (s.last_doc != d) ++s.df, s.last_doc = d;
      }
    struct kept {
      std::string_view term;
      stats s;
    };
    std::vector<kept> terms;
    for (const auto& [term, s] : seen)
      if (s.df >= options_.min_df && static_cast<double>(s.df) <= max_count) terms.push_back({term, s});
    std::sort(terms.begin(), terms.end(), [](const kept& a, const kept& b) { return a.term < b.term; });
    if (options_.max_features > 0 && terms.size() > options_.max_features) {
      std::stable_sort(terms.begin(), terms.end(), [](const kept& a, const kept& b) { return a.s.total > b.s.total; });
      terms.resize(options_.max_features);
      std::sort(terms.begin(), terms.end(), [](const kept& a, const kept& b) { return a.term < b.term; });
    }
    vocabulary_.clear();
    index_.clear();
    idf_.clear();
    for (const kept& k : terms) {
      index_.emplace(std::string(k.term), static_cast<std::uint32_t>(vocabulary_.size()));
      vocabulary_.emplace_back(k.term);
      const double df = static_cast<double>(k.s.df);
      idf_.push_back(!options_.use_idf ? 1.0
                     : options_.smooth_idf ? std::log((1 + n) / (1 + df)) + 1
                                           : std::log(n / df) + 1);
    }
    fitted_ = true;
    return *this;
  }

  /// The TF-IDF vector of one tokenized document. @throws std::invalid_argument before fit.
  sparse_vector transform(std::span<const std::string> document) const {
    if (!fitted_) throw std::invalid_argument("nlp::tfidf::transform: not fitted yet (call fit first)");
    sparse_vector v;
    for (const std::string& term : document) {
      const auto it = index_.find(std::string_view(term));
      if (it != index_.end()) v.push_back({it->second, 1.0});
    }
    std::sort(v.begin(), v.end(), [](const sparse_entry& a, const sparse_entry& b) { return a.index < b.index; });
    std::size_t out = 0;  // fold repeated terms into their counts
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (out > 0 && v[out - 1].index == v[i].index) v[out - 1].value += 1;
      else v[out++] = v[i];
    }
    v.resize(out);
    double sum = 0;
    for (sparse_entry& e : v) {
      e.value = (options_.sublinear_tf ? 1 + std::log(e.value) : e.value) * idf_[e.index];
      sum += e.value * e.value;
    }
    if (options_.l2_normalize && sum > 0)
      for (sparse_entry& e : v) e.value /= std::sqrt(sum);
    return v;
  }

  /// The TF-IDF vectors of tokenized documents. @throws std::invalid_argument before fit.
  std::vector<sparse_vector> transform(std::span<const std::vector<std::string>> documents) const {
    std::vector<sparse_vector> out;
    out.reserve(documents.size());
    for (const auto& d : documents) out.push_back(transform(d));
    return out;
  }

  /// fit(documents), then transform(documents).
  std::vector<sparse_vector> fit_transform(std::span<const std::vector<std::string>> documents) {
    return fit(documents).transform(documents);
  }

  /// The terms in index order (sorted).
  const std::vector<std::string>& vocabulary() const noexcept { return vocabulary_; }
  /// The inverse document frequency of each term, in index order.
  const std::vector<double>& idf() const noexcept { return idf_; }
  /// The index of a term, if it is in the vocabulary.
  std::optional<std::uint32_t> index_of(std::string_view term) const {
    const auto it = index_.find(term);
    return it == index_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
  }
  const tfidf_options& options() const noexcept { return options_; }

 private:
  tfidf_options options_;
  std::vector<std::string> vocabulary_;
  std::vector<double> idf_;
  detail::term_map<std::uint32_t> index_;
  bool fitted_ = false;
};

}  // namespace nlp
AIOPS_END_NAMESPACE
