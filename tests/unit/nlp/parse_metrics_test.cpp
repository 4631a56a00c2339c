// aiops: tests of the parsing metrics: GA, FGA (PGA, RGA), PA with its normalisation, NMI and ARI
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>  // std::string
#include <vector>  // std::vector

#include <aiops/nlp/parse_metrics.hpp>

using namespace aiops::nlp;

TEST_CASE("grouping accuracy counts messages whose group is exactly their true group", "[nlp][metrics]") {
  // Group 1 is exactly event A; group 2 mixes B and C.
  const std::vector<int> truth = {0, 0, 1, 1, 2}, predicted = {7, 7, 3, 3, 3};
  const parse_scores s = grouping_scores(truth, predicted);
  CHECK(s.grouping_accuracy == Approx(0.4));
  CHECK(s.correct_groups == 1);
  CHECK(s.predicted_groups == 2);
  CHECK(s.true_groups == 3);
  CHECK(s.group_precision == Approx(0.5));
  CHECK(s.group_recall == Approx(1.0 / 3));
  CHECK(s.f1_group_accuracy == Approx(0.4));
  // A true group split in two: no message is correct, even the bigger part.
  CHECK(grouping_accuracy(std::vector<int>{0, 0, 0}, std::vector<int>{1, 1, 2}) == 0.0);
  CHECK(grouping_accuracy(std::vector<int>{5, 5, 9}, std::vector<int>{0, 0, 1}) == 1.0);
  CHECK_THROWS_AS(grouping_accuracy(std::vector<int>{0}, std::vector<int>{0, 1}), std::invalid_argument);
  CHECK_THROWS_AS(grouping_accuracy(std::vector<int>{-1}, std::vector<int>{0}), std::invalid_argument);
  CHECK(grouping_scores(std::vector<int>{}, std::vector<int>{}).grouping_accuracy == 0.0);
}

TEST_CASE("parsing accuracy compares templates after DS and CV normalisation", "[nlp][metrics]") {
  CHECK(normalize_template("  a  b\t<*><*><*> c ") == "a b <*> c");
  CHECK(normalize_template("x <*> <*>") == "x <*> <*>");  // parameters apart stay apart
  const std::vector<std::string> truth = {"a <*>", "a <*>", "b  <*>", "c"};
  const std::vector<std::string> predicted = {"a <*>", "a x", "b <*><*>", "c d"};
  CHECK(parsing_accuracy(truth, predicted) == Approx(0.5));
}

TEST_CASE("score_parse gives every measure, NMI and ARI from aiops::ml", "[nlp][metrics]") {
  const std::vector<std::string> ids = {"E1", "E1", "E2", "E3"};
  const std::vector<int> truth = to_labels(ids);
  CHECK(truth == std::vector<int>{0, 0, 1, 2});
  const std::vector<std::string> templates = {"a <*>", "a <*>", "b", "c"};
  const parse_scores same = score_parse(truth, templates, std::vector<int>{4, 4, 2, 9}, templates);
  CHECK(same.grouping_accuracy == 1.0);
  CHECK(same.parsing_accuracy == 1.0);
  CHECK(same.f1_group_accuracy == 1.0);
  CHECK(same.nmi == Approx(1.0));
  CHECK(same.ari == Approx(1.0));
  const parse_scores one = score_parse(truth, templates, std::vector<int>{0, 0, 0, 0}, std::vector<std::string>(4, "<*>"));
  CHECK(one.grouping_accuracy == 0.0);
  CHECK(one.nmi == Approx(0.0));
  CHECK(one.ari == Approx(0.0));
}
