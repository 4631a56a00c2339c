// aiops: Word2Vec word vectors (skip-gram with negative sampling) and sentence vectors (mean, TF-IDF-weighted)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>      // std::sort, std::partial_sort, std::min, std::max
#include <array>          // std::array
#include <atomic>         // std::atomic
#include <cmath>          // std::exp, std::pow, std::sqrt
#include <cstddef>        // std::size_t
#include <cstdint>        // std::uint32_t, std::uint64_t
#include <optional>       // std::optional
#include <span>           // std::span
#include <stdexcept>      // std::invalid_argument, std::out_of_range
#include <string>         // std::string
#include <string_view>    // std::string_view
#include <thread>         // std::thread
#include <utility>        // std::pair
#include <vector>         // std::vector

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/nlp/detail/kernels.hpp"
#include "aiops/nlp/detail/term_map.hpp"
#include "aiops/ml/random.hpp"
#include "aiops/nlp/tfidf.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

/// Options of word2vec, named and with the defaults of gensim's Word2Vec (sg=1, hs=0).
struct word2vec_options {
  std::size_t dimensions = 100;  ///< length of a word vector (vector_size)
  std::size_t window = 5;        ///< most words on each side of the centre word; each centre draws 1..window
  std::size_t negative = 5;      ///< negative samples per (word, context) pair, drawn from unigram counts ^ 0.75
  std::size_t min_count = 5;     ///< words seen fewer times are dropped before training
  std::size_t epochs = 5;        ///< passes over the sentences
  double sample = 1e-3;          ///< frequent-word subsampling threshold (0: off)
  double alpha = 0.025;          ///< initial learning rate, decayed linearly...
  double min_alpha = 0.0001;     ///< ...to this at the end of the last epoch
  std::size_t threads = 1;       ///< 1: deterministic; more: Hogwild (lock-free updates, results vary run to run)
  std::uint64_t seed = 1;        ///< initial vectors, subsampling, windows and negative samples
};

/// A word and its cosine similarity to a query.
struct word_similarity {
  std::string word;
  double similarity = 0;
};

/// Word2Vec (Mikolov et al., 2013) as word2vec.c and gensim train it: skip-gram with negative
/// sampling (each context word's input vector learns to predict the centre word against
/// `negative` words drawn from the unigram distribution raised to 0.75, here an exact alias
/// table), subsampling of frequent words (a word of count c is kept with probability
/// (sqrt(c / t) + 1) t / c, t = sample x corpus words), a window shrunk at random for each centre
/// word, and a learning rate decayed linearly over all epochs. The sigmoid is read from a
/// 1000-entry table on [-6, 6] as in word2vec.c.
///
///     aiops::nlp::word2vec w2v({.dimensions = 50, .min_count = 2, .epochs = 10});
///     w2v.fit(aiops::nlp::split_documents(messages));
///     for (const auto& [word, s] : w2v.most_similar("timeout", 5)) std::cout << word << " " << s << "\n";
///
/// With one thread the result depends only on the options and the sentences. With several, each
/// thread trains a slice of the sentences and all write the shared vectors without locks
/// (Hogwild, Recht et al. 2011): fast, but the unsynchronised writes make runs differ.
/// A fitted model is read-only, so threads can share it.
class word2vec {
 public:
  /// @throws std::invalid_argument unless dimensions, window, epochs and threads are >= 1,
  /// sample >= 0 and 0 < min_alpha <= alpha.
  explicit word2vec(word2vec_options options = {}) : options_(options) {
    const auto misuse = [](const char* why) { throw std::invalid_argument(std::string("nlp::word2vec: ") + why); };
    if (options.dimensions == 0) misuse("dimensions must be at least 1");
    if (options.window == 0) misuse("window must be at least 1");
    if (options.epochs == 0) misuse("epochs must be at least 1");
    if (options.threads == 0) misuse("threads must be at least 1");
    if (!(options.sample >= 0)) misuse("sample must be >= 0");
    if (!(options.min_alpha > 0 && options.min_alpha <= options.alpha)) misuse("need 0 < min_alpha <= alpha");
  }

  /// Builds the vocabulary and trains the vectors on tokenized sentences (see split_documents).
  /// A vocabulary left empty by min_count gives a model with no words.
  word2vec& fit(std::span<const std::vector<std::string>> sentences) {
    build_vocabulary(sentences);
    const std::size_t dims = options_.dimensions, v = words_.size();
    ml::rng init(options_.seed);
    input_.resize(v * dims);
    for (float& x : input_) x = static_cast<float>((init.uniform() - 0.5) / static_cast<double>(dims));
    output_.assign(v * dims, 0.0f);
    if (v > 0) {
      // The sentences as word ids, once: training then never hashes a string.
      std::vector<std::vector<std::uint32_t>> ids(sentences.size());
      for (std::size_t s = 0; s < sentences.size(); ++s)
        for (const std::string& w : sentences[s])
          if (const auto i = index_of(w)) ids[s].push_back(*i);
      train(ids);
    }
    norms_.resize(v);
    for (std::size_t i = 0; i < v; ++i) {
      double sum = 0;
      for (float x : vector(i)) sum += static_cast<double>(x) * x;
      norms_[i] = std::sqrt(sum);
    }
    return *this;
  }

  /// The vocabulary, most frequent first (ties in byte order).
  const std::vector<std::string>& words() const noexcept { return words_; }
  /// How often each vocabulary word occurs in the training sentences.
  const std::vector<std::uint64_t>& counts() const noexcept { return counts_; }
  std::size_t dimensions() const noexcept { return options_.dimensions; }
  const word2vec_options& options() const noexcept { return options_; }

  /// The index of a word in words(), if it is in the vocabulary.
  std::optional<std::uint32_t> index_of(std::string_view word) const {
    const auto it = index_.find(word);
    return it == index_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
  }

  /// The vector of the word with this index. @throws std::out_of_range for a bad index.
  std::span<const float> vector(std::size_t index) const {
    if (index >= words_.size()) throw std::out_of_range("nlp::word2vec::vector: no word " + std::to_string(index));
    return {input_.data() + index * options_.dimensions, options_.dimensions};
  }

  /// The vector of a word; empty when the word is not in the vocabulary.
  std::span<const float> vector(std::string_view word) const {
    const auto i = index_of(word);
    return i ? vector(*i) : std::span<const float>();
  }

  /// Cosine similarity of two words' vectors; 0 when either is unknown.
  double similarity(std::string_view a, std::string_view b) const {
    const auto i = index_of(a), j = index_of(b);
    return i && j ? cosine(*i, *j) : 0.0;
  }

  /// The n words most similar to `word` (cosine, highest first, the word itself excluded); empty
  /// when the word is not in the vocabulary.
  std::vector<word_similarity> most_similar(std::string_view word, std::size_t n = 10) const {
    const auto q = index_of(word);
    if (!q) return {};
    std::vector<std::pair<double, std::uint32_t>> scored;
    for (std::uint32_t i = 0; i < words_.size(); ++i)
      if (i != *q) scored.emplace_back(cosine(*q, i), i);
    n = std::min(n, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(n), scored.end(),
                      [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    std::vector<word_similarity> out;
    for (std::size_t k = 0; k < n; ++k) out.push_back({words_[scored[k].second], scored[k].first});
    return out;
  }

 private:
  static constexpr int sigmoid_table_size = 1000;
  static constexpr float max_exp = 6;

  double cosine(std::size_t i, std::size_t j) const {
    if (norms_[i] == 0 || norms_[j] == 0) return 0;
    double d = 0;
    const auto a = vector(i), b = vector(j);
    for (std::size_t k = 0; k < a.size(); ++k) d += static_cast<double>(a[k]) * b[k];
    return d / (norms_[i] * norms_[j]);
  }

  void build_vocabulary(std::span<const std::vector<std::string>> sentences) {
    detail::term_map<std::uint64_t> counted;
    for (const auto& s : sentences)
      for (const std::string& w : s) ++counted[w];
    std::vector<std::pair<std::string_view, std::uint64_t>> kept;
    for (const auto& [w, c] : counted)
      if (c >= options_.min_count) kept.emplace_back(w, c);
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    words_.clear();
    counts_.clear();
    index_.clear();
    for (const auto& [w, c] : kept) {
      index_.emplace(std::string(w), static_cast<std::uint32_t>(words_.size()));
      words_.emplace_back(w);
      counts_.push_back(c);
    }
  }

  /// Vose's alias table for the unigram distribution ^ 0.75: one uniform index and one coin give
  /// an exact draw in O(1), where word2vec.c's 1e8-entry table approximates rare words.
  struct alias_table {
    std::vector<float> keep;             // probability of keeping the drawn slot
    std::vector<std::uint32_t> alias;    // the word drawn otherwise

    explicit alias_table(const std::vector<std::uint64_t>& counts) : keep(counts.size()), alias(counts.size()) {
      const std::size_t n = counts.size();
      std::vector<double> p(n);
      double total = 0;
      for (std::size_t i = 0; i < n; ++i) total += p[i] = std::pow(static_cast<double>(counts[i]), 0.75);
      std::vector<std::uint32_t> small, large;
      for (std::size_t i = 0; i < n; ++i) {
        p[i] *= static_cast<double>(n) / total;
        (p[i] < 1 ? small : large).push_back(static_cast<std::uint32_t>(i));
      }
      while (!small.empty() && !large.empty()) {
        const std::uint32_t s = small.back(), l = large.back();
        small.pop_back();
        keep[s] = static_cast<float>(p[s]);
        alias[s] = l;
        p[l] -= 1 - p[s];
        if (p[l] < 1) large.pop_back(), small.push_back(l);
      }
      for (std::uint32_t i : large) keep[i] = 1, alias[i] = i;
      for (std::uint32_t i : small) keep[i] = 1, alias[i] = i;  // rounding leftovers
    }

    std::uint32_t draw(ml::rng& gen) const {
      const std::uint64_t r = gen();
      const auto slot = static_cast<std::uint32_t>((r >> 32) * keep.size() >> 32);
      const float coin = static_cast<float>(r & 0xffffffu) * 0x1.0p-24f;
      return coin < keep[slot] ? slot : alias[slot];
    }
  };

  /// What every training thread shares: the corpus, the tables and the progress that drives the learning rate.
  struct shared {
    const std::vector<std::vector<std::uint32_t>>& sentences;
    alias_table negatives;
    std::vector<float> keep_probability;  // subsampling, per word
    std::array<float, sigmoid_table_size> sigmoid{};
    std::uint64_t total_words = 0;        // in-vocabulary words x epochs
    std::atomic<std::uint64_t> done{0};
  };

  void train(const std::vector<std::vector<std::uint32_t>>& sentences) {
    shared sh{sentences, alias_table(counts_), {}, {}, 0, {}};
    std::uint64_t corpus = 0;
    for (const auto& s : sentences) corpus += s.size();
    sh.total_words = corpus * options_.epochs;
    sh.keep_probability.assign(words_.size(), 1.0f);
    if (options_.sample > 0) {
      const double threshold = options_.sample * static_cast<double>(corpus);
      for (std::size_t i = 0; i < words_.size(); ++i) {
        const double c = static_cast<double>(counts_[i]);
        sh.keep_probability[i] = static_cast<float>(std::min(1.0, (std::sqrt(c / threshold) + 1) * threshold / c));
      }
    }
    for (int i = 0; i < sigmoid_table_size; ++i) {
      const double x = (2.0 * i / sigmoid_table_size - 1) * max_exp;
      sh.sigmoid[static_cast<std::size_t>(i)] = static_cast<float>(1 / (1 + std::exp(-x)));
    }
    const std::size_t threads = std::min(options_.threads, std::max<std::size_t>(1, sentences.size()));
    if (threads == 1) {
      train_slice(sh, 0, sentences.size(), options_.seed + 1);
      return;
    }
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        train_slice(sh, sentences.size() * t / threads, sentences.size() * (t + 1) / threads, options_.seed + 1 + t);
      });
    for (std::thread& t : pool) t.join();
  }

  void train_slice(shared& sh, std::size_t begin, std::size_t end, std::uint64_t seed) {
    ml::rng gen(seed);
    const std::size_t dims = options_.dimensions, window = options_.window;
    std::vector<float> gradient(dims);
    std::vector<std::uint32_t> kept;
    for (std::size_t epoch = 0; epoch < options_.epochs; ++epoch)
      for (std::size_t s = begin; s < end; ++s) {
        const std::vector<std::uint32_t>& sentence = sh.sentences[s];
        const std::uint64_t done = sh.done.fetch_add(sentence.size(), std::memory_order_relaxed);
        const auto alpha = static_cast<float>(std::max(
            options_.min_alpha,
            options_.alpha - (options_.alpha - options_.min_alpha) * static_cast<double>(done) / static_cast<double>(sh.total_words)));
        kept.clear();
        for (std::uint32_t w : sentence)
          if (sh.keep_probability[w] >= 1 || static_cast<float>(gen.uniform()) < sh.keep_probability[w]) kept.push_back(w);
        for (std::size_t i = 0; i < kept.size(); ++i) {
          const std::size_t reach = window - gen.below(window);  // 1..window, the nearer words weigh more
          const std::size_t first = i >= reach ? i - reach : 0, last = std::min(kept.size() - 1, i + reach);
          for (std::size_t j = first; j <= last; ++j)
            if (j != i) train_pair(sh, gen, kept[i], kept[j], alpha, gradient, dims);
        }
      }
  }

  /// One skip-gram step: the context word's input vector against the centre word (label 1) and
  /// `negative` sampled words (label 0); output vectors move at once, the input vector at the end.
  void train_pair(const shared& sh, ml::rng& gen, std::uint32_t centre, std::uint32_t context, float alpha,
                  std::vector<float>& gradient, std::size_t dims) {
    float* in = input_.data() + std::size_t{context} * dims;
    std::fill(gradient.begin(), gradient.end(), 0.0f);
    for (std::size_t d = 0; d <= options_.negative; ++d) {
      std::uint32_t target = centre;
      if (d > 0) {
        target = sh.negatives.draw(gen);
        if (target == centre) continue;
      }
      float* out = output_.data() + std::size_t{target} * dims;
      const float f = detail::dot(in, out, dims);
      const float label = d == 0 ? 1.0f : 0.0f;
      float g;
      if (f >= max_exp) g = (label - 1) * alpha;
      else if (f <= -max_exp) g = label * alpha;
      else g = (label - sh.sigmoid[static_cast<std::size_t>((f + max_exp) * (sigmoid_table_size / max_exp / 2))]) * alpha;
      detail::axpy(g, out, gradient.data(), dims);
      detail::axpy(g, in, out, dims);
    }
    detail::axpy(1.0f, gradient.data(), in, dims);
  }

  word2vec_options options_;
  std::vector<std::string> words_;
  std::vector<std::uint64_t> counts_;
  detail::term_map<std::uint32_t> index_;
  std::vector<float> input_;   // syn0: the word vectors, row per word
  std::vector<float> output_;  // syn1neg: the context vectors negative sampling trains
  std::vector<double> norms_;
};

/// The mean of the vectors of each sentence's known words (with repeats), one row per sentence;
/// a sentence with no known word gets zeros.
inline Eigen::MatrixXd sentence_vectors(const word2vec& model, std::span<const std::vector<std::string>> sentences) {
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(sentences.size()), static_cast<Eigen::Index>(model.dimensions()));
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    std::size_t known = 0;
    for (const std::string& w : sentences[s]) {
      const auto v = model.vector(std::string_view(w));
      if (v.empty()) continue;
      ++known;
      for (std::size_t k = 0; k < v.size(); ++k) out(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(k)) += v[k];
    }
    if (known > 0) out.row(static_cast<Eigen::Index>(s)) /= static_cast<double>(known);
  }
  return out;
}

/// The TF-IDF-weighted mean of the vectors of each sentence's words: a word weighs its TF-IDF value
/// in the sentence (`weights` fitted beforehand), so words common to every line count less. Words
/// missing from either model are skipped; a sentence with none gets zeros.
inline Eigen::MatrixXd sentence_vectors(const word2vec& model, const tfidf& weights, std::span<const std::vector<std::string>> sentences) {
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(sentences.size()), static_cast<Eigen::Index>(model.dimensions()));
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    double total = 0;
    for (const sparse_entry& e : weights.transform(sentences[s])) {
      const auto v = model.vector(std::string_view(weights.vocabulary()[e.index]));
      if (v.empty()) continue;
      total += e.value;
      for (std::size_t k = 0; k < v.size(); ++k) out(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(k)) += e.value * v[k];
    }
    if (total > 0) out.row(static_cast<Eigen::Index>(s)) /= total;
  }
  return out;
}

}  // namespace nlp
AIOPS_END_NAMESPACE
