// aiops: Isolation Forest on cases with a known score: complete trees, early leaves, one row or a whole block
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <array>      // std::array: a streaming row
#include <cmath>      // std::pow
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument

#include "aiops/anomaly/isolation_forest.hpp"
#include "aiops/ml/random.hpp"

namespace an = aiops::anomaly;

TEST_CASE("isolation_forest: two rows split once and each ends at depth 1 with score 2^-1") {
  Eigen::MatrixXd x(2, 2);
  x << 0, 1, 3, 5;
  const Eigen::VectorXd s = an::isolation_forest({.trees = 20, .subsample = 2}).fit(x).score(x);
  CHECK(s[0] == Approx(0.5));
  CHECK(s[1] == Approx(0.5));
}

TEST_CASE("isolation_forest: identical rows make the root a leaf with h = c(n) and score 2^-1") {
  // Nothing to split: the root is a leaf before the height limit, so all of its bottom slots hold c(psi).
  const Eigen::MatrixXd x = Eigen::MatrixXd::Constant(300, 3, 7.5);
  const Eigen::VectorXd s = an::isolation_forest({.trees = 10, .subsample = 100}).fit(x).score(x);
  for (Eigen::Index i = 0; i < x.rows(); ++i) CHECK(s[i] == Approx(0.5));
  // A point elsewhere reaches the same leaf: its score is the same.
  Eigen::MatrixXd other(1, 3);
  other << -100, 0, 100;
  CHECK(an::isolation_forest({.trees = 10, .subsample = 100}).fit(x).score(other)[0] == Approx(0.5));
}

TEST_CASE("isolation_forest: one outlier among two clusters is isolated first and the block and row paths agree") {
  // 700 rows (more than one block of 256, not a multiple of it), psi 100 (not a power of two: height 7).
  aiops::ml::rng r(5);
  Eigen::MatrixXd x(700, 2);
  for (Eigen::Index i = 0; i < 699; ++i) {
    x(i, 0) = r.normal(i % 2 ? -3 : 3, 0.3);
    x(i, 1) = r.normal(0, 0.3);
  }
  x.row(699) << 0, 40;
  an::isolation_forest f({.trees = 200, .subsample = 100, .seed = 3});
  const Eigen::VectorXd s = f.fit(x).score(x);
  Eigen::Index top = 0;
  s.maxCoeff(&top);
  CHECK(top == 699);
  // The outlier is alone after a few splits (h ~4 against c(100) ~8.4): s well above 0.5; the rest below.
  CHECK(s[699] > 0.65);
  CHECK(s.head(699).mean() < 0.5);
  // The single-row path gives the same scores as the block path, for Eigen rows and plain arrays.
  for (Eigen::Index i : {Eigen::Index{0}, Eigen::Index{255}, Eigen::Index{256}, Eigen::Index{699}})
    CHECK(f.score_row(x.row(i)) == Approx(s[i]).epsilon(1e-12));
  const std::array<double, 2> outlier{0, 40};
  CHECK(f.score_row(outlier) == Approx(s[699]).epsilon(1e-12));
  // The same seed grows the same forest.
  CHECK(an::isolation_forest({.trees = 200, .subsample = 100, .seed = 3}).fit(x).score(x) == s);
}

TEST_CASE("isolation_forest: misuse throws and a NaN row to score does not crash") {
  Eigen::MatrixXd x(50, 2);
  for (Eigen::Index i = 0; i < 50; ++i) x.row(i) << static_cast<double>(i), static_cast<double>(i % 7);
  CHECK_THROWS_AS(an::isolation_forest({.trees = 0}), std::invalid_argument);
  CHECK_THROWS_AS(an::isolation_forest().score(x), std::invalid_argument);
  CHECK_THROWS_AS(an::isolation_forest().fit(x.topRows(1)), std::invalid_argument);
  Eigen::MatrixXd bad = x;
  bad(3, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(an::isolation_forest().fit(bad), std::invalid_argument);
  an::isolation_forest f;
  f.fit(x);
  CHECK_THROWS_AS(f.score(Eigen::MatrixXd::Zero(3, 3)), std::invalid_argument);
  CHECK_THROWS_AS(f.score_row(std::array<double, 1>{1}), std::invalid_argument);
  const double s = f.score(bad)[3];
  CHECK((s > 0 && s <= 1));
}
