// aiops: PCA, scalers, quantiles, splits, the random generator and L-BFGS on known answers
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::sort, std::count
#include <cmath>      // std::log, std::sqrt
#include <limits>     // std::numeric_limits
#include <set>        // std::set
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

#include "aiops/ml/optimize.hpp"
#include "aiops/ml/pca.hpp"
#include "aiops/ml/random.hpp"
#include "aiops/ml/scalers.hpp"
#include "aiops/ml/split.hpp"
#include "aiops/ml/statistics.hpp"

namespace ml = aiops::ml;

namespace {
std::vector<Eigen::Index> sorted(std::vector<Eigen::Index> v) {
  std::sort(v.begin(), v.end());
  return v;
}
std::vector<Eigen::Index> iota(Eigen::Index from, Eigen::Index to) {
  std::vector<Eigen::Index> v;
  for (Eigen::Index i = from; i < to; ++i) v.push_back(i);
  return v;
}
}  // namespace

TEST_CASE("pca recovers a known principal direction", "[ml][pca]") {
  // Points spread along u = (1, 2, 2) / 3 (sd 5) with small noise (sd 0.1) in every direction.
  const Eigen::Vector3d u = Eigen::Vector3d(1, 2, 2) / 3;
  ml::rng gen(51);
  Eigen::MatrixXd x(1000, 3);
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    x.row(i) = (gen.normal(0, 5) * u + Eigen::Vector3d(gen.normal(0, 0.1), gen.normal(0, 0.1), gen.normal(0, 0.1)) +
                Eigen::Vector3d(10, -4, 7))
                   .transpose();
  ml::pca p;
  const Eigen::MatrixXd z = p.fit_transform(x);
  CHECK(p.components().rows() == 3);
  CHECK((p.components().row(0).transpose() - u).norm() < 0.01);  // sign fixed: largest entry positive
  CHECK(p.explained_variance_ratio()[0] > 0.999);
  CHECK(p.explained_variance_ratio().sum() == Approx(1.0));
  CHECK(p.explained_variance()[0] == Approx(25).epsilon(0.1));
  // Total variance (n - 1 denominator) is preserved, and components are orthonormal.
  const Eigen::MatrixXd centred = x.rowwise() - x.colwise().mean();
  CHECK(p.explained_variance().sum() == Approx(centred.squaredNorm() / 999));
  CHECK((p.components() * p.components().transpose() - Eigen::Matrix3d::Identity()).norm() < 1e-12);
  CHECK((p.inverse_transform(z) - x).norm() < 1e-9);
  CHECK(p.mean()[0] == Approx(10).margin(0.5));

  ml::pca one({.n_components = 1});
  const Eigen::MatrixXd z1 = one.fit_transform(x);
  CHECK(z1.cols() == 1);
  CHECK((z1.col(0) - z.col(0)).norm() < 1e-9);
  CHECK((one.inverse_transform(z1) - x).rowwise().norm().maxCoeff() < 0.6);  // only the noise is lost

  ml::pca white({.n_components = 2, .whiten = true});
  const Eigen::MatrixXd w = white.fit_transform(x);
  const Eigen::RowVectorXd var = (w.rowwise() - w.colwise().mean()).colwise().squaredNorm() / 999;
  CHECK(var[0] == Approx(1.0));
  CHECK(var[1] == Approx(1.0));
  CHECK((white.inverse_transform(w) - one.inverse_transform(z1)).norm() > 0);  // 2 components keep more
  CHECK_THROWS_AS(ml::pca({.n_components = 4}).fit(x), std::invalid_argument);
  CHECK_THROWS_AS(p.transform(Eigen::MatrixXd::Zero(2, 2)), std::invalid_argument);
}

TEST_CASE("standard_scaler and robust_scaler", "[ml][scalers]") {
  Eigen::MatrixXd x(5, 3);
  x << 1, 10, 7,  //
      2, 20, 7,   //
      3, 30, 7,   //
      4, 40, 7,   //
      100, 50, 7;
  ml::standard_scaler s;
  const Eigen::MatrixXd z = s.fit_transform(x);
  CHECK(z.colwise().mean().norm() < 1e-12);
  CHECK((z.topLeftCorner(5, 2).colwise().squaredNorm() / 5).isApprox(Eigen::RowVector2d(1, 1)));
  CHECK(s.scale()[1] == Approx(std::sqrt(200.0)));  // population sd of 10..50
  CHECK(s.scale()[2] == 1.0);                       // constant column: centred, not divided by 0
  CHECK(z.col(2).isZero());
  CHECK((s.inverse_transform(z) - x).norm() < 1e-12);
  ml::standard_scaler no_mean({.with_mean = false});
  CHECK(no_mean.fit(x).center().isZero());

  // Median 3 and IQR 4 - 2 = 2 on column 0: the outlier 100 maps to 48.5 and does not squash the rest.
  ml::robust_scaler r;
  const Eigen::MatrixXd rz = r.fit_transform(x);
  CHECK(r.center()[0] == 3);
  CHECK(r.scale()[0] == 2);
  CHECK(rz(4, 0) == Approx(48.5));
  CHECK(rz(0, 0) == Approx(-1));
  CHECK(r.scale()[2] == 1.0);
  CHECK((r.inverse_transform(rz) - x).norm() < 1e-12);
  ml::robust_scaler wide({.quantile_low = 0.0, .quantile_high = 1.0});
  CHECK(wide.fit(x).scale()[0] == 99);
  CHECK_THROWS_AS(ml::robust_scaler({.quantile_low = 0.8, .quantile_high = 0.2}), std::invalid_argument);
  CHECK_THROWS_AS(r.transform(Eigen::MatrixXd::Zero(1, 2)), std::invalid_argument);
  CHECK_THROWS_AS(ml::standard_scaler().transform(x), std::invalid_argument);  // not fitted
}

TEST_CASE("quantile and median interpolate like numpy", "[ml][statistics]") {
  const Eigen::Vector4d v(4, 1, 3, 2);
  CHECK(ml::quantile(v, 0.25) == 1.75);
  CHECK(ml::median(v) == 2.5);
  CHECK(ml::quantile(v, 0) == 1);
  CHECK(ml::quantile(v, 1) == 4);
  CHECK(ml::median(Eigen::VectorXd::Constant(1, 7)) == 7);
  CHECK_THROWS_AS(ml::quantile(v, 1.5), std::invalid_argument);
  CHECK_THROWS_AS(ml::median(Eigen::VectorXd(0)), std::invalid_argument);
}

TEST_CASE("train_test_split: sizes, disjoint, reproducible, stratified keeps the class shares", "[ml][split]") {
  const auto s = ml::train_test_split(10, {.test_size = 0.25, .seed = 3});
  CHECK(s.test.size() == 3);  // ceil(2.5)
  CHECK(s.train.size() == 7);
  std::vector<Eigen::Index> all = s.train;
  all.insert(all.end(), s.test.begin(), s.test.end());
  CHECK(sorted(all) == iota(0, 10));
  CHECK(ml::train_test_split(10, {.test_size = 0.25, .seed = 3}).test == s.test);
  CHECK(ml::train_test_split(10, {.test_size = 0.25, .seed = 4}).test != s.test);
  const auto ordered = ml::train_test_split(10, {.test_size = 0.3, .shuffle = false});
  CHECK(ordered.train == iota(0, 7));
  CHECK(ordered.test == iota(7, 10));
  CHECK_THROWS_AS(ml::train_test_split(3, {.test_size = 0.9}), std::invalid_argument);
  CHECK_THROWS_AS(ml::train_test_split(10, {.test_size = 0}), std::invalid_argument);

  // 90 normal rows, 10 incidents: a 20 % test set holds 18 and 2.
  Eigen::VectorXi y = Eigen::VectorXi::Zero(100);
  y.tail(10).setOnes();
  const auto st = ml::stratified_train_test_split(y, {.test_size = 0.2, .seed = 1});
  CHECK(st.test.size() == 20);
  CHECK(y(st.test).sum() == 2);
  CHECK(y(st.train).sum() == 8);
  all = st.train;
  all.insert(all.end(), st.test.begin(), st.test.end());
  CHECK(sorted(all) == iota(0, 100));
  // Three classes of 5 and a 30 % test set (5 rows): 1.67 each, remainders decide the last one.
  Eigen::VectorXi three(15);
  three << 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2;
  const auto st3 = ml::stratified_train_test_split(three, {.test_size = 0.3});
  CHECK(st3.test.size() == 5);
  for (int c = 0; c < 3; ++c) CHECK((three(st3.test).array() == c).count() >= 1);
}

TEST_CASE("time_series_split: expanding windows like scikit-learn's TimeSeriesSplit", "[ml][split]") {
  const auto folds = ml::time_series_split(10, {.n_splits = 3});
  REQUIRE(folds.size() == 3);
  CHECK(folds[0].train == iota(0, 4));
  CHECK(folds[0].test == iota(4, 6));
  CHECK(folds[1].train == iota(0, 6));
  CHECK(folds[2].train == iota(0, 8));
  CHECK(folds[2].test == iota(8, 10));
  const auto limited = ml::time_series_split(10, {.n_splits = 3, .gap = 1, .max_train_size = 3});
  CHECK(limited[0].train == iota(0, 3));
  CHECK(limited[1].train == iota(2, 5));
  CHECK(limited[2].train == iota(4, 7));
  CHECK(limited[2].test == iota(8, 10));
  const auto fixed = ml::time_series_split(10, {.n_splits = 2, .test_size = 1});
  CHECK(fixed[0].train == iota(0, 8));
  CHECK(fixed[1].test == iota(9, 10));
  CHECK_THROWS_AS(ml::time_series_split(3, {.n_splits = 3}), std::invalid_argument);
  CHECK_THROWS_AS(ml::time_series_split(10, {.n_splits = 3, .test_size = 3, .gap = 1}), std::invalid_argument);
}

TEST_CASE("rng: the reference xoshiro256** sequence and sane distributions", "[ml][random]") {
  // splitmix64 seeding then xoshiro256** (Blackman and Vigna), as in their reference code.
  ml::rng zero(0);
  CHECK(zero() == 0x99ec5f36cb75f2b4ULL);
  CHECK(zero() == 0xbf6e1f784956452aULL);
  CHECK(zero() == 0x1a5f849d4933e6e0ULL);
  ml::rng gen(42);
  CHECK(gen() == 0x15780b2e0c2ec716ULL);

  constexpr int n = 200000;
  double sum = 0, sq = 0;
  std::vector<int> counts(7, 0);
  bool in_range = true;
  for (int i = 0; i < n; ++i) {
    const double z = gen.normal();
    sum += z, sq += z * z;
    const double u = gen.uniform();
    in_range = in_range && u >= 0 && u < 1;
    ++counts[gen.below(7)];
  }
  CHECK(in_range);
  CHECK(sum / n == Approx(0).margin(0.01));
  CHECK(sq / n == Approx(1).margin(0.01));
  for (int c : counts) CHECK(c == Approx(n / 7.0).epsilon(0.02));
  const std::vector<int> perm = gen.permutation<int>(50);
  CHECK(std::set<int>(perm.begin(), perm.end()).size() == 50);
  CHECK_THROWS_AS(gen.below(0), std::invalid_argument);
}

TEST_CASE("minimize_lbfgs: Rosenbrock, and a function that refuses part of its domain", "[ml][optimize]") {
  const auto rosenbrock = [](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    const double a = 1 - x[0], b = x[1] - x[0] * x[0];
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  };
  const ml::lbfgs_result r = ml::minimize_lbfgs(rosenbrock, Eigen::Vector2d(-1.2, 1), {.grad_tol = 1e-9});
  CHECK(r.converged);
  CHECK((r.x - Eigen::Vector2d(1, 1)).norm() < 1e-6);
  CHECK(r.value < 1e-12);
  CHECK(r.iterations < 100);

  // x - ln x: minimum at 1, +infinity for x <= 0 where the first long steps land.
  const auto barrier = [](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    if (x[0] <= 0) return std::numeric_limits<double>::infinity();
    g[0] = 1 - 1 / x[0];
    return x[0] - std::log(x[0]);
  };
  const ml::lbfgs_result b = ml::minimize_lbfgs(barrier, Eigen::VectorXd::Constant(1, 20.0), {.grad_tol = 1e-10});
  CHECK(b.converged);
  CHECK(b.x[0] == Approx(1.0).margin(1e-8));
  CHECK_THROWS_AS(ml::minimize_lbfgs(barrier, Eigen::VectorXd::Constant(1, -1.0)), std::invalid_argument);
}
