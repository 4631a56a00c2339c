// aiops: tests of nlp clustering: sparse k-means and agglomerative clustering recover separated groups, nearest-template search, purity
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::max_element
#include <cmath>      // std::cos, std::sin
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <vector>     // std::vector

#include <aiops/ml/metrics.hpp>
#include <aiops/ml/random.hpp>
#include <aiops/nlp/cluster.hpp>

#include "support.hpp"

namespace nlp = aiops::nlp;

using aiops::testing::nmi;

namespace {

// Messages of four templates with a parameter that is a different word in every message (an
// id nobody masked), as TF-IDF rows; truth = template.
struct corpus {
  std::vector<std::string> texts;
  std::vector<int> truth;
};

corpus four_templates(std::size_t per_template) {
  const char* templates[] = {"Failed password for %s from host port", "Accepted publickey for %s from host",
                             "disk %s is full on volume", "connection to %s timed out after retries"};
  corpus c;
  for (std::size_t i = 0; i < per_template * 4; ++i) {
    std::string t = templates[i % 4];
    t.replace(t.find("%s"), 2, "id" + std::to_string(i));
    c.texts.push_back(t);
    c.truth.push_back(static_cast<int>(i % 4));
  }
  return c;
}

}  // namespace

TEST_CASE("sparse k-means recovers separated templates from TF-IDF rows", "[nlp][cluster]") {
  const corpus c = four_templates(50);
  const auto x = nlp::tfidf().fit_transform(nlp::split_documents(c.texts));
  nlp::sparse_kmeans km({.n_clusters = 4, .seed = 1});
  const std::vector<int> labels = km.fit_predict(x);
  CHECK(nmi(c.truth, labels) == Approx(1.0));
  CHECK(nlp::purity(c.truth, labels) == 1.0);
  CHECK(km.cluster_centers().size() == 4);
  CHECK(km.inertia() > 0);
  CHECK(km.predict(x[2]) == labels[2]);
  // The same seed, the same clustering.
  CHECK(nlp::sparse_kmeans({.n_clusters = 4, .seed = 1}).fit_predict(x) == labels);
}

TEST_CASE("sparse k-means agrees with dense ml::kmeans on the same points", "[nlp][cluster]") {
  // Three well-separated blobs in 3 dimensions, given once sparse and once dense.
  aiops::ml::rng gen(2);
  std::vector<nlp::sparse_vector> sparse;
  Eigen::MatrixXd dense(90, 3);
  for (int i = 0; i < 90; ++i) {
    const int blob = i % 3;
    for (int j = 0; j < 3; ++j) dense(i, j) = (j == blob ? 5.0 : 0.0) + gen.normal(0, 0.3);
    sparse.emplace_back();
    for (std::uint32_t j = 0; j < 3; ++j) sparse.back().push_back({j, dense(i, j)});
  }
  nlp::sparse_kmeans s({.n_clusters = 3, .seed = 3});
  aiops::ml::kmeans d({.n_clusters = 3, .seed = 3});
  const std::vector<int> ls = s.fit_predict(sparse);
  const Eigen::VectorXi ld = d.fit_predict(dense);
  CHECK(aiops::ml::adjusted_rand_score(aiops::ml::as_labels(ls), ld) == Approx(1.0));
  CHECK(s.inertia() == Approx(d.inertia()).epsilon(1e-9));
}

TEST_CASE("sparse k-means edge cases", "[nlp][cluster]") {
  std::vector<nlp::sparse_vector> same(5, nlp::sparse_vector{{0, 1.0}});
  same.push_back({});  // an empty message
  nlp::sparse_kmeans km({.n_clusters = 2, .seed = 1});
  const auto labels = km.fit_predict(same);
  CHECK(labels[5] != labels[0]);  // the zero row is its own cluster
  CHECK_THROWS_AS(nlp::sparse_kmeans({.n_clusters = 7}).fit(same), std::invalid_argument);
  CHECK_THROWS_AS(nlp::sparse_kmeans({.n_clusters = 0}), std::invalid_argument);
  CHECK_THROWS_AS(nlp::sparse_kmeans().predict(same[0]), std::invalid_argument);
}

TEST_CASE("agglomerative clustering, average and complete linkage, by count or by threshold", "[nlp][cluster]") {
  const corpus c = four_templates(20);
  const auto x = nlp::tfidf().fit_transform(nlp::split_documents(c.texts));
  for (nlp::linkage link : {nlp::linkage::average, nlp::linkage::complete}) {
    const auto labels = nlp::agglomerative_clustering(x, {.n_clusters = 4, .linkage = link});
    CHECK(nmi(c.truth, labels) == Approx(1.0));
    CHECK(labels[0] == 0);  // numbered by first appearance
    CHECK(labels[1] == 1);
    // Cut by distance: within a template the rows differ by one word, across templates by most words.
    const auto by_threshold = nlp::agglomerative_clustering(x, {.distance_threshold = 0.7, .linkage = link});
    CHECK(nmi(c.truth, by_threshold) == Approx(1.0));
  }
  CHECK(nlp::agglomerative_clustering(x, {.n_clusters = 1}) == std::vector<int>(x.size(), 0));
  const auto singletons = nlp::agglomerative_clustering(x, {.distance_threshold = 0.0});  // nothing is nearer than 0
  CHECK(*std::max_element(singletons.begin(), singletons.end()) + 1 == static_cast<int>(x.size()));
}

TEST_CASE("agglomerative clustering with weights equals clustering the repeated rows", "[nlp][cluster]") {
  // Points on a line in 2-D cosine space: angles 0, 0.1, 0.2 (x3 repeats) and 1.0, 1.1.
  const auto at = [](double angle) { return nlp::sparse_vector{{0, std::cos(angle)}, {1, std::sin(angle)}}; };
  const std::vector<nlp::sparse_vector> unique{at(0), at(0.1), at(0.2), at(1.0), at(1.1)};
  const std::vector<double> weights{1, 1, 3, 1, 1};
  const std::vector<nlp::sparse_vector> repeated{at(0), at(0.1), at(0.2), at(0.2), at(0.2), at(1.0), at(1.1)};
  for (nlp::linkage link : {nlp::linkage::average, nlp::linkage::complete})
    for (std::size_t k = 1; k <= 5; ++k) {  // the repeats merge first (distance 0), then both runs are the same
      const auto w = nlp::agglomerative_clustering(unique, {.n_clusters = k, .linkage = link}, weights);
      const auto r = nlp::agglomerative_clustering(repeated, {.n_clusters = k, .linkage = link});
      CHECK(w == std::vector<int>{r[0], r[1], r[2], r[5], r[6]});
    }
  CHECK(nlp::agglomerative_clustering(unique, {.n_clusters = 2}, weights) == std::vector<int>{0, 0, 0, 1, 1});
  CHECK_THROWS_AS(nlp::agglomerative_clustering(unique, {.n_clusters = 2}, std::vector<double>{1, 2}), std::invalid_argument);
  CHECK_THROWS_AS(nlp::agglomerative_clustering(unique, {.n_clusters = 6}), std::invalid_argument);
  CHECK(nlp::agglomerative_clustering(std::vector<nlp::sparse_vector>{}, {.distance_threshold = 0.5}).empty());
}

TEST_CASE("agglomerative clustering of dense rows and nearest rows by cosine", "[nlp][cluster]") {
  Eigen::MatrixXd x(4, 2);
  x << 1, 0, 2, 0.1, 0, 1, 0.1, 3;
  CHECK(nlp::agglomerative_clustering(x, {.n_clusters = 2}) == std::vector<int>{0, 0, 1, 1});
  const Eigen::VectorXd q = Eigen::Vector2d(0, 2);
  const auto n = nlp::nearest(x, q, 2);
  REQUIRE(n.size() == 2);
  CHECK(n[0].index == 2);
  CHECK(n[0].similarity == Approx(1.0));
  CHECK(n[1].index == 3);
  CHECK_THROWS_AS(nlp::nearest(x, Eigen::Vector3d(1, 2, 3), 1), std::invalid_argument);
  CHECK(nlp::nearest(x, q, 10).size() == 4);
}

TEST_CASE("template_index finds the template of a new message", "[nlp][cluster]") {
  const nlp::template_index index({"Failed password for <*> from <*> port <*> ssh2", "Accepted password for <*> from <*> port <*> ssh2",
                                   "Received disconnect from <*>: <*>: Bye Bye [preauth]", "pam_unix(sshd:session): session opened for user <*>"});
  const auto hit = index.nearest("Failed password for invalid user bob from <*> port <*> ssh2", 2);
  REQUIRE(hit.size() == 2);
  CHECK(hit[0].index == 0);
  CHECK(hit[1].index == 1);
  CHECK(index.template_text(hit[0].index).starts_with("Failed"));
  CHECK(index.nearest("session opened for user root")[0].index == 3);
  CHECK(index.nearest("completely unrelated words")[0].similarity == 0);
  CHECK(index.size() == 4);
}

TEST_CASE("purity counts each cluster's majority label", "[nlp][cluster]") {
  CHECK(nlp::purity(std::vector<int>{0, 0, 1, 1}, std::vector<int>{0, 0, 1, 1}) == 1.0);
  CHECK(nlp::purity(std::vector<int>{0, 0, 1, 1, 1}, std::vector<int>{0, 0, 0, 0, 0}) == Approx(0.6));
  CHECK(nlp::purity(std::vector<int>{0, 1, 2}, std::vector<int>{5, 6, 7}) == 1.0);  // singletons are pure
  CHECK(nlp::purity(std::vector<int>{0, 0, 1, 2}, std::vector<int>{3, 3, 3, 4}) == Approx(0.75));
  CHECK(nlp::purity(std::vector<int>{}, std::vector<int>{}) == 0);
  CHECK_THROWS_AS(nlp::purity(std::vector<int>{0}, std::vector<int>{}), std::invalid_argument);
  CHECK_THROWS_AS(nlp::purity(std::vector<int>{-1}, std::vector<int>{0}), std::invalid_argument);
}
