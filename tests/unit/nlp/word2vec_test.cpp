// aiops: tests of nlp Word2Vec: words of one synthetic context end up close, determinism, Hogwild, sentence vectors
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <set>        // std::set
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <vector>     // std::vector

#include <aiops/ml/random.hpp>
#include <aiops/nlp/word2vec.hpp>

namespace nlp = aiops::nlp;

namespace {

const std::vector<std::string> disk_words = {"disk", "full", "volume", "write", "quota", "inode"};
const std::vector<std::string> login_words = {"user", "login", "password", "session", "accepted", "ssh"};

// Sentences of 6 words drawn from one topic, plus a word every sentence has (like "for" in logs).
std::vector<std::vector<std::string>> topics(std::size_t count, std::uint64_t seed) {
  aiops::ml::rng gen(seed);
  std::vector<std::vector<std::string>> out;
  for (std::size_t s = 0; s < count; ++s) {
    const auto& words = s % 2 ? disk_words : login_words;
    out.emplace_back();
    for (int w = 0; w < 6; ++w) out.back().push_back(words[gen.below(words.size())]);
    out.back().insert(out.back().begin() + static_cast<std::ptrdiff_t>(gen.below(7)), "the");
  }
  return out;
}

// The share of a word's 5 nearest words that come from its own topic.
double own_topic_share(const nlp::word2vec& w2v, const std::string& word, const std::vector<std::string>& topic) {
  const std::set<std::string> own(topic.begin(), topic.end());
  std::size_t hits = 0;
  for (const auto& [w, s] : w2v.most_similar(word, 5)) hits += own.count(w);
  return static_cast<double>(hits) / 5;
}

}  // namespace

TEST_CASE("word2vec puts words of the same context close together", "[nlp][word2vec]") {
  const auto sentences = topics(2000, 3);
  // No subsampling: in a 13-word vocabulary every word is "frequent" and most would be dropped.
  nlp::word2vec w2v({.dimensions = 20, .window = 3, .min_count = 2, .epochs = 5, .sample = 0});
  w2v.fit(sentences);
  REQUIRE(w2v.words().size() == 13);
  CHECK(w2v.words()[0] == "the");  // the most frequent first
  CHECK(w2v.counts()[0] == 2000);
  for (const std::string& w : disk_words) CHECK(own_topic_share(w2v, w, disk_words) == 1.0);
  for (const std::string& w : login_words) CHECK(own_topic_share(w2v, w, login_words) == 1.0);
  CHECK(w2v.similarity("disk", "quota") > w2v.similarity("disk", "password") + 0.5);
  CHECK(w2v.vector("disk").size() == 20);
  CHECK(w2v.vector("unknown").empty());
  CHECK(w2v.most_similar("unknown").empty());
  CHECK(w2v.similarity("unknown", "disk") == 0);
  CHECK(w2v.most_similar("disk", 100).size() == 12);  // every other word, the query excluded
}

TEST_CASE("word2vec with one thread is deterministic, with Hogwild threads it learns the same structure", "[nlp][word2vec]") {
  const auto sentences = topics(1000, 5);
  const nlp::word2vec_options options{.dimensions = 16, .window = 3, .min_count = 1, .epochs = 5, .sample = 0, .seed = 9};
  nlp::word2vec a(options), b(options);
  a.fit(sentences);
  b.fit(sentences);
  for (std::size_t i = 0; i < a.words().size(); ++i) {
    const auto va = a.vector(i), vb = b.vector(i);
    CHECK(std::vector<float>(va.begin(), va.end()) == std::vector<float>(vb.begin(), vb.end()));
  }
  nlp::word2vec_options other_seed = options;
  other_seed.seed = 10;
  nlp::word2vec c(other_seed);
  c.fit(sentences);
  CHECK(c.vector("disk")[0] != a.vector("disk")[0]);

  nlp::word2vec_options threaded = options;
  threaded.threads = 3;
  nlp::word2vec h(threaded);
  h.fit(sentences);
  CHECK(own_topic_share(h, "disk", disk_words) == 1.0);
  CHECK(own_topic_share(h, "login", login_words) == 1.0);
}

TEST_CASE("word2vec vocabulary limits and misuse", "[nlp][word2vec]") {
  nlp::word2vec w2v({.min_count = 3});
  const std::vector<std::vector<std::string>> few{{"a", "b", "a"}, {"a", "c"}, {}};
  w2v.fit(few);
  CHECK(w2v.words() == std::vector<std::string>{"a"});  // b and c are below min_count
  CHECK(w2v.most_similar("a").empty());
  nlp::word2vec empty;
  empty.fit({});
  CHECK(empty.words().empty());
  CHECK_THROWS_AS(w2v.vector(std::size_t{1}), std::out_of_range);
  CHECK_THROWS_AS(nlp::word2vec({.dimensions = 0}), std::invalid_argument);
  CHECK_THROWS_AS(nlp::word2vec({.window = 0}), std::invalid_argument);
  CHECK_THROWS_AS(nlp::word2vec({.alpha = 0.01, .min_alpha = 0.1}), std::invalid_argument);
  CHECK_THROWS_AS(nlp::word2vec({.sample = -1}), std::invalid_argument);
}

TEST_CASE("sentence vectors: mean and TF-IDF-weighted", "[nlp][word2vec]") {
  const auto sentences = topics(1000, 7);
  nlp::word2vec w2v({.dimensions = 16, .window = 3, .min_count = 1, .epochs = 5});
  w2v.fit(sentences);
  const std::vector<std::vector<std::string>> probe{{"disk", "full"}, {"disk", "unknown", "full", "disk"}, {"nothing", "known"}};
  const Eigen::MatrixXd mean = nlp::sentence_vectors(w2v, probe);
  REQUIRE(mean.rows() == 3);
  REQUIRE(mean.cols() == 16);
  for (Eigen::Index k = 0; k < 16; ++k) {
    const auto kk = static_cast<std::size_t>(k);
    CHECK(mean(0, k) == Approx((w2v.vector("disk")[kk] + w2v.vector("full")[kk]) / 2.0).margin(1e-7));
    CHECK(mean(1, k) == Approx((2.0 * w2v.vector("disk")[kk] + w2v.vector("full")[kk]) / 3.0).margin(1e-7));
  }
  CHECK(mean.row(2).isZero());

  // Weighted by TF-IDF: "the" is in every sentence, so it weighs least.
  nlp::tfidf weights;
  weights.fit(sentences);
  const std::vector<std::vector<std::string>> with_the{{"the", "disk"}};
  const Eigen::MatrixXd weighted = nlp::sentence_vectors(w2v, weights, with_the);
  const auto x = weights.transform(with_the[0]);
  REQUIRE(x.size() == 2);
  const double w_disk = x[0].value, w_the = x[1].value;  // "disk" < "the" in the sorted vocabulary
  CHECK(w_the < w_disk);
  for (Eigen::Index k = 0; k < 16; ++k) {
    const auto kk = static_cast<std::size_t>(k);
    CHECK(weighted(0, k) == Approx((w_disk * w2v.vector("disk")[kk] + w_the * w2v.vector("the")[kk]) / (w_disk + w_the)).margin(1e-7));
  }
  CHECK(nlp::sentence_vectors(w2v, weights, probe).row(2).isZero());
}
