// aiops: tests of nlp::cluster_messages on the bundled logs: clusters match the true templates, summaries, misuse
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <vector>     // std::vector

#include <aiops/ml/metrics.hpp>
#include <aiops/nlp/log_cluster.hpp>
#include <aiops/nlp/loghub.hpp>
#include <aiops/nlp/mask.hpp>
#include <aiops/nlp/parse_metrics.hpp>

#include "support.hpp"

#include "datasets.hpp"

namespace nlp = aiops::nlp;

using aiops::testing::nmi;

namespace {

struct masked_log {
  std::vector<std::string> masked;
  std::vector<int> truth;
};

masked_log load(const char* path) {
  const nlp::labelled_log log = nlp::read_structured_csv(aiops::testing::dataset(path));
  const nlp::masker mask = nlp::masker::standard();
  masked_log out;
  for (const std::string& m : log.contents) out.masked.push_back(mask(m));
  out.truth = nlp::to_labels(log.event_ids);
  return out;
}

}  // namespace

TEST_CASE("cluster_messages: TF-IDF and k-means find HDFS's templates, with summaries", "[nlp][log_cluster]") {
  const masked_log log = load("logs/hdfs/HDFS.log_structured.csv");
  const nlp::clustered_messages out = nlp::cluster_messages(log.masked, {.k = 29, .seed = 1});
  REQUIRE(out.labels.size() == log.masked.size());
  REQUIRE(out.clusters.size() == 29);
  CHECK(nmi(log.truth, out.labels) > 0.97);
  CHECK(nlp::purity(log.truth, out.labels) > 0.97);
  std::size_t total = 0;
  for (std::size_t c = 0; c < out.clusters.size(); ++c) {
    const nlp::message_cluster& cl = out.clusters[c];
    total += cl.size;
    if (c > 0) CHECK(cl.size <= out.clusters[c - 1].size);  // largest first
    CHECK(out.labels[cl.representative] == static_cast<int>(c));
    CHECK_FALSE(cl.top_terms.empty());
    for (const std::string& t : cl.top_terms) CHECK(t.front() != '<');  // placeholders are not terms
  }
  CHECK(total == log.masked.size());
  // The largest true event of HDFS (1558 lines) is "BLOCK* NameSystem.addStoredBlock: blockMap updated: ...".
  CHECK(log.masked[out.clusters[0].representative].starts_with("BLOCK* NameSystem.addStoredBlock"));
}

TEST_CASE("cluster_messages: agglomerative cut at a distance, and Word2Vec vectors", "[nlp][log_cluster]") {
  const masked_log log = load("logs/apache/Apache.log_structured.csv");
  const auto cut = nlp::cluster_messages(log.masked, {.method = nlp::cluster_method::average, .k = 0});
  CHECK(cut.clusters.size() >= 20);
  CHECK(cut.clusters.size() <= 50);  // 28 true templates
  CHECK(nmi(log.truth, cut.labels) > 0.9);
  const auto complete = nlp::cluster_messages(log.masked, {.method = nlp::cluster_method::complete, .k = 28});
  CHECK(complete.clusters.size() == 28);
  CHECK(nmi(log.truth, complete.labels) > 0.85);
  const auto w2v = nlp::cluster_messages(log.masked, {.vectors = nlp::message_vectors::word2vec, .k = 28, .seed = 2});
  CHECK(nmi(log.truth, w2v.labels) > 0.85);
}

TEST_CASE("cluster_messages: empty input and misuse", "[nlp][log_cluster]") {
  CHECK(nlp::cluster_messages(std::vector<std::string>{}, {.k = 3}).clusters.empty());
  const std::vector<std::string> few{"disk full", "disk full", "login ok", "login failed"};
  CHECK_THROWS_AS(nlp::cluster_messages(few, {.k = 0}), std::invalid_argument);     // k-means needs k
  CHECK_THROWS_AS(nlp::cluster_messages(few, {.k = 5}), std::invalid_argument);     // more clusters than messages
  CHECK_THROWS_AS(nlp::cluster_messages(few, {.method = nlp::cluster_method::average, .k = 2, .max_distinct = 2}),
                  std::invalid_argument);                                            // 3 distinct messages
  const auto two = nlp::cluster_messages(few, {.method = nlp::cluster_method::average, .k = 2});
  CHECK(two.labels == std::vector<int>{0, 0, 1, 1});
}
