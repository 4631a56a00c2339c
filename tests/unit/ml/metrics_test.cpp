// aiops: ml metrics on hand-computed cases (values cross-checked with scikit-learn 1.2)
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

#include "aiops/ml/metrics.hpp"

namespace ml = aiops::ml;

namespace {
Eigen::VectorXd vec(std::vector<double> v) { return ml::as_vector(v); }
Eigen::VectorXi ints(std::vector<int> v) { return ml::as_labels(v); }
}  // namespace

TEST_CASE("regression metrics on a hand-computed case", "[ml][metrics]") {
  const Eigen::VectorXd y = vec({3, -0.5, 2, 7}), p = vec({2.5, 0.0, 2, 8});
  // |e| = .5 .5 0 1 -> MAE 0.5; e^2 = .25 .25 0 1 -> MSE 0.375; MAPE (.5/3 + 1 + 0 + 1/7) / 4.
  CHECK(ml::mean_absolute_error(y, p) == Approx(0.5));
  CHECK(ml::mean_squared_error(y, p) == Approx(0.375));
  CHECK(ml::root_mean_squared_error(y, p) == Approx(std::sqrt(0.375)));
  CHECK(ml::mean_absolute_percentage_error(y, p) == Approx((0.5 / 3 + 1 + 0 + 1.0 / 7) / 4));
  CHECK(ml::r2_score(y, p) == Approx(0.9486081370449679));
  CHECK(ml::r2_score(y, y) == 1.0);
  // A zero true value divides by machine epsilon, as scikit-learn does, instead of failing.
  CHECK(ml::mean_absolute_percentage_error(vec({0, 1}), vec({1e-16, 1})) == Approx(0.2251799813685248));
  // Constant truth: 1 when predicted exactly, 0 otherwise (never NaN).
  CHECK(ml::r2_score(vec({2, 2, 2}), vec({2, 2, 2})) == 1.0);
  CHECK(ml::r2_score(vec({2, 2, 2}), vec({1, 2, 3})) == 0.0);
  // Works on any double expression (a column of a matrix) and on std::vector through as_vector.
  Eigen::MatrixXd m(2, 2);
  m << 1, 2, 3, 4;
  std::vector<double> v{1, 3};
  CHECK(ml::mean_absolute_error(m.col(0), ml::as_vector(v)) == 0.0);
}

TEST_CASE("regression metrics refuse mismatched, empty and NaN input", "[ml][metrics]") {
  CHECK_THROWS_AS(ml::mean_absolute_error(vec({1, 2}), vec({1})), std::invalid_argument);
  CHECK_THROWS_AS(ml::r2_score(vec({}), vec({})), std::invalid_argument);
  CHECK_THROWS_AS(ml::mean_squared_error(vec({1, std::numeric_limits<double>::quiet_NaN()}), vec({1, 2})),
                  std::invalid_argument);
}

TEST_CASE("binary precision, recall, F1 and the confusion matrix", "[ml][metrics]") {
  const Eigen::VectorXi y = ints({1, 1, 0, 1, 0, 0, 1, 0}), p = ints({1, 0, 0, 1, 1, 0, 1, 1});
  // tp 3, fp 2, fn 1, tn 2.
  const ml::confusion c = ml::confusion_matrix(y, p);
  CHECK(c.labels == std::vector<int>{0, 1});
  CHECK(c.counts(0, 0) == 2);
  CHECK(c.counts(0, 1) == 2);
  CHECK(c.counts(1, 0) == 1);
  CHECK(c.counts(1, 1) == 3);
  CHECK(ml::precision_score(y, p) == Approx(0.6));
  CHECK(ml::recall_score(y, p) == Approx(0.75));
  CHECK(ml::f1_score(y, p) == Approx(2 * 0.6 * 0.75 / 1.35));
  CHECK(ml::accuracy_score(y, p) == Approx(5.0 / 8));
  // pos_label picks the other class.
  CHECK(ml::precision_score(y, p, ml::average::binary, 0) == Approx(2.0 / 3));
  // Nothing predicted positive: precision 0 rather than 0/0.
  CHECK(ml::precision_score(ints({1, 0}), ints({0, 0})) == 0.0);
  CHECK_THROWS_AS(ml::f1_score(ints({0, 1, 2}), ints({0, 1, 2})), std::invalid_argument);
  CHECK_THROWS_AS(ml::f1_score(ints({0, 2}), ints({0, 2})), std::invalid_argument);  // no label 1
}

TEST_CASE("multiclass F1: macro, micro and weighted averages", "[ml][metrics]") {
  const Eigen::VectorXi y = ints({0, 1, 2, 0, 1, 2}), p = ints({0, 2, 1, 0, 0, 1});
  // Class 0: P 2/3 R 1 F .8; classes 1 and 2: all 0. Micro P = R = accuracy = 1/3.
  CHECK(ml::f1_score(y, p, ml::average::macro) == Approx(0.8 / 3));
  CHECK(ml::precision_score(y, p, ml::average::macro) == Approx(2.0 / 9));
  CHECK(ml::recall_score(y, p, ml::average::macro) == Approx(1.0 / 3));
  CHECK(ml::f1_score(y, p, ml::average::micro) == Approx(1.0 / 3));
  CHECK(ml::precision_score(y, p, ml::average::micro) == Approx(1.0 / 3));
  CHECK(ml::f1_score(y, p, ml::average::weighted) == Approx(0.26666666666666666));
  const ml::confusion c = ml::confusion_matrix(y, p);
  CHECK(c.counts.sum() == 6);
  CHECK(c.counts(1, 2) == 1);
  CHECK(c.counts(2, 1) == 2);
}

TEST_CASE("ROC-AUC: ranking, ties counted one half", "[ml][metrics]") {
  CHECK(ml::roc_auc_score(ints({0, 0, 1, 1}), vec({0.1, 0.4, 0.35, 0.8})) == Approx(0.75));
  // Positives {.5, .9}, negatives {.5, .2}: 3 pairs won, one tie: (3 + 0.5) / 4.
  CHECK(ml::roc_auc_score(ints({0, 1, 0, 1}), vec({0.5, 0.5, 0.2, 0.9})) == Approx(0.875));
  // All tied: a coin.
  CHECK(ml::roc_auc_score(ints({0, 1, 0, 1}), vec({1, 1, 1, 1})) == Approx(0.5));
  CHECK(ml::roc_auc_score(ints({0, 1}), vec({1, 0})) == 0.0);
  const ml::roc r = ml::roc_curve(ints({0, 1, 0, 1}), vec({0.5, 0.5, 0.2, 0.9}));
  CHECK(r.fpr == std::vector<double>{0, 0, 0.5, 1});
  CHECK(r.tpr == std::vector<double>{0, 0.5, 1, 1});
  CHECK(r.thresholds[1] == 0.9);
  CHECK(r.thresholds[3] == 0.2);
  CHECK_THROWS_AS(ml::roc_auc_score(ints({1, 1}), vec({0.1, 0.2})), std::invalid_argument);
  CHECK_THROWS_AS(ml::roc_auc_score(ints({0, 0}), vec({0.1, 0.2})), std::invalid_argument);
}

TEST_CASE("average precision as scikit-learn defines it", "[ml][metrics]") {
  // Ranked .8(+) .4(-) .35(+) .1(-): (1/2) * 1 + (1/2) * (2/3).
  CHECK(ml::average_precision_score(ints({0, 0, 1, 1}), vec({0.1, 0.4, 0.35, 0.8})) == Approx(0.8333333333333333));
  // Tied scores form one step: P = .5 at R 1/3, .5 at R 2/3, .6 at R 1.
  const Eigen::VectorXi y = ints({1, 0, 1, 0, 1});
  const Eigen::VectorXd s = vec({0.9, 0.9, 0.5, 0.5, 0.1});
  CHECK(ml::average_precision_score(y, s) == Approx(1.6 / 3));
  const ml::pr_curve c = ml::precision_recall_curve(y, s);
  CHECK(c.thresholds == std::vector<double>{0.1, 0.5, 0.9});
  REQUIRE(c.precision.size() == 4);
  CHECK(c.precision[0] == Approx(0.6));
  CHECK(c.precision[3] == 1.0);
  CHECK(c.recall[1] == Approx(2.0 / 3));
  CHECK(c.recall[3] == 0.0);
  CHECK(ml::average_precision_score(ints({1, 0}), vec({2, 1})) == 1.0);
  CHECK_THROWS_AS(ml::average_precision_score(ints({0, 0}), vec({1, 2})), std::invalid_argument);
}

TEST_CASE("clustering scores: ARI, NMI, mutual information, purity", "[ml][metrics]") {
  // Label values do not matter, only the partition.
  CHECK(ml::adjusted_rand_score(ints({0, 0, 1, 1}), ints({7, 7, 3, 3})) == 1.0);
  CHECK(ml::normalized_mutual_info_score(ints({0, 0, 1, 1}), ints({1, 1, 0, 0})) == Approx(1.0));
  CHECK(ml::adjusted_rand_score(ints({0, 0, 1, 2}), ints({0, 0, 1, 1})) == Approx(0.5714285714285714));
  CHECK(ml::adjusted_rand_score(ints({0, 0, 1, 1}), ints({0, 1, 0, 1})) == Approx(-0.5));
  CHECK(ml::adjusted_rand_score(ints({0, 0, 0, 1, 1, 1}), ints({0, 0, 1, 1, 2, 2})) == Approx(0.24242424242424243));
  CHECK(ml::normalized_mutual_info_score(ints({0, 0, 1, 2}), ints({0, 0, 1, 1})) == Approx(0.8));
  CHECK(ml::normalized_mutual_info_score(ints({0, 0, 0, 1, 1, 1}), ints({0, 0, 1, 1, 2, 2})) ==
        Approx(0.5158037429793889));
  // MI = 2 * (1/3) ln 2 for this split: each outer cluster is pure, the middle one a coin.
  CHECK(ml::mutual_info_score(ints({0, 0, 0, 1, 1, 1}), ints({0, 0, 1, 1, 2, 2})) == Approx(2.0 / 3 * std::log(2.0)));
  // Degenerate cases follow scikit-learn.
  CHECK(ml::normalized_mutual_info_score(ints({0, 0, 0, 0}), ints({0, 1, 2, 3})) == 0.0);
  CHECK(ml::normalized_mutual_info_score(ints({5, 5, 5}), ints({1, 1, 1})) == 1.0);
  CHECK(ml::adjusted_rand_score(ints({5, 5, 5}), ints({1, 1, 1})) == 1.0);
  // Purity: cluster 0 holds {0,0,1} (2 right), cluster 1 {1,1}, noise (-1) {0}: 5/6.
  CHECK(ml::purity_score(ints({0, 0, 1, 1, 1, 0}), ints({0, 0, 0, 1, 1, -1})) == Approx(5.0 / 6));
  CHECK(ml::purity_score(ints({0, 1, 2}), ints({0, 1, 2})) == 1.0);
  CHECK_THROWS_AS(ml::adjusted_rand_score(ints({0, 1}), ints({0})), std::invalid_argument);
}
