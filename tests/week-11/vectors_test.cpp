// aiops: week 11 grader, tasks 5-7: TF-IDF by hand, clustering lines with TF-IDF and k-means, nearest lines by word vectors
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::min
#include <cctype>     // std::tolower
#include <cmath>      // std::log, std::sqrt
#include <map>        // std::map
#include <string>     // std::string
#include <vector>     // std::vector

#include <aiops/ml/metrics.hpp>
#include <aiops/nlp/cluster.hpp>
#include <aiops/nlp/loghub.hpp>
#include <aiops/nlp/parse_metrics.hpp>
#include <aiops/nlp/tfidf.hpp>
#include <aiops/week11/vectors.hpp>

#include "datasets.hpp"

using namespace aiops::week11;
namespace nlp = aiops::nlp;

namespace {

nlp::labelled_log load(const char* path) { return nlp::read_structured_csv(aiops::testing::dataset(path)); }

// How well cluster_lines finds the true events of a dataset (k = the number of true events).
void check_clustering(const char* path, double min_nmi, double min_purity) {
  const nlp::labelled_log log = load(path);
  const std::vector<int> truth = nlp::to_labels(log.event_ids);
  const std::size_t k = static_cast<std::size_t>(*std::max_element(truth.begin(), truth.end()) + 1);
  const std::vector<int> labels = cluster_lines(log.contents, k);
  REQUIRE(labels.size() == log.contents.size());
  for (int l : labels) REQUIRE((l >= 0 && l < static_cast<int>(k)));
  const double nmi = aiops::ml::normalized_mutual_info_score(aiops::ml::as_labels(truth), aiops::ml::as_labels(labels));
  INFO(path << ": NMI " << nmi << ", purity " << nlp::purity(truth, labels));
  CHECK(nmi >= min_nmi);
  CHECK(nlp::purity(truth, labels) >= min_purity);
}

bool is_error_template(std::string t) {
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t.find("exception") != std::string::npos || t.find("error") != std::string::npos || t.find("fail") != std::string::npos;
}

// For the first message of every error event, the share of its nearest lines from the same event
// (out of at most 10, fewer for an event with fewer other messages); returns the mean share.
double nearest_same_event(const char* path) {
  const nlp::labelled_log log = load(path);
  std::map<std::string, std::size_t> size, first;
  for (std::size_t i = 0; i < log.event_ids.size(); ++i) {
    ++size[log.event_ids[i]];
    first.try_emplace(log.event_ids[i], i);
  }
  std::vector<std::size_t> queries;
  for (const auto& [event, i] : first)
    if (is_error_template(log.templates[i]) && size[event] > 1) queries.push_back(i);
  REQUIRE(queries.size() >= 5);
  const auto hits = nearest_lines(log.contents, queries, 10);
  REQUIRE(hits.size() == queries.size());
  double total = 0;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    const std::string& event = log.event_ids[queries[q]];
    const std::size_t expect = std::min<std::size_t>(10, size[event] - 1);
    REQUIRE(hits[q].size() == 10);
    std::size_t same = 0;
    for (std::size_t h : hits[q]) {
      REQUIRE(h != queries[q]);
      same += log.event_ids.at(h) == event;
    }
    const double share = static_cast<double>(std::min(same, expect)) / static_cast<double>(expect);
    UNSCOPED_INFO(path << " " << event << ": " << same << " of " << expect << " nearest lines from the same event");
    total += share;
  }
  return total / static_cast<double>(queries.size());
}

}  // namespace

TEST_CASE("task-5: TF-IDF values as scikit-learn defines them", "[week-11][task-5]") {
  INFO("Hint: exercises/week-11/README.md, task 5");
  // By hand: n = 2; idf(a) = ln(3/3) + 1 = 1, idf(b) = ln(3/2) + 1; then length 1.
  const auto small = tfidf_vectors({{"a", "b", "b"}, {"a"}});
  REQUIRE(small.size() == 2);
  const double b = 2 * (std::log(1.5) + 1), length = std::sqrt(1 + b * b);
  CHECK(small[0].at("a") == Approx(1 / length));
  CHECK(small[0].at("b") == Approx(b / length));
  CHECK(small[1].size() == 1);
  CHECK(small[1].at("a") == Approx(1.0));
  // Against the library (scikit-learn's values) on real messages.
  const nlp::labelled_log log = load("logs/openssh/OpenSSH.log_structured.csv");
  const std::vector<std::string> some(log.contents.begin(), log.contents.begin() + 500);
  const auto docs = nlp::split_documents(some);
  const auto mine = tfidf_vectors(docs);
  nlp::tfidf library;
  const auto reference = library.fit_transform(docs);
  REQUIRE(mine.size() == reference.size());
  for (std::size_t d = 0; d < docs.size(); ++d) {
    REQUIRE(mine[d].size() == reference[d].size());
    for (const nlp::sparse_entry& e : reference[d]) CHECK(mine[d].at(library.vocabulary()[e.index]) == Approx(e.value).epsilon(1e-9));
  }
}

TEST_CASE("task-6: TF-IDF and k-means group lines by their template", "[week-11][task-6]") {
  INFO("Hint: exercises/week-11/README.md, task 6");
  check_clustering("logs/hdfs/HDFS.log_structured.csv", 0.9, 0.9);
  check_clustering("logs/apache/Apache.log_structured.csv", 0.85, 0.85);
}

TEST_CASE("task-7: word vectors find the lines nearest to an error message", "[week-11][task-7]") {
  INFO("Hint: exercises/week-11/README.md, task 7");
  CHECK(nearest_same_event("logs/hdfs/HDFS.log_structured.csv") >= 0.8);
  CHECK(nearest_same_event("logs/apache/Apache.log_structured.csv") >= 0.8);
}
