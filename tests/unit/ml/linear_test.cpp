// aiops: linear, ridge and logistic regression recover known answers
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>      // std::log, std::exp
#include <stdexcept>  // std::invalid_argument

#include "aiops/ml/linear_regression.hpp"
#include "aiops/ml/logistic_regression.hpp"
#include "aiops/ml/random.hpp"
#include "aiops/ml/ridge.hpp"

namespace ml = aiops::ml;

namespace {

Eigen::MatrixXd gaussian(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  ml::rng gen(seed);
  Eigen::MatrixXd x(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) x(i, j) = gen.normal();
  return x;
}

Eigen::VectorXd noise(Eigen::Index rows, double sd, std::uint64_t seed) {
  ml::rng gen(seed);
  Eigen::VectorXd e(rows);
  for (auto& v : e) v = gen.normal(0, sd);
  return e;
}

const Eigen::Vector3d true_coef(1.5, -3.0, 0.5);

}  // namespace

TEST_CASE("linear_regression recovers exact coefficients from noiseless data", "[ml][linear]") {
  const Eigen::MatrixXd x = gaussian(200, 3, 1);
  const Eigen::VectorXd y = (x * true_coef).array() + 2.0;
  ml::linear_regression m;
  m.fit(x, y);
  CHECK((m.coef() - true_coef).norm() < 1e-10);
  CHECK(m.intercept() == Approx(2.0).margin(1e-10));
  CHECK(m.rank() == 3);
  CHECK(m.score(x, y) == Approx(1.0));
  CHECK((m.predict(x) - y).cwiseAbs().maxCoeff() < 1e-9);

  ml::linear_regression through_origin({.fit_intercept = false});
  through_origin.fit(x, x * true_coef);
  CHECK((through_origin.coef() - true_coef).norm() < 1e-10);
  CHECK(through_origin.intercept() == 0.0);
}

TEST_CASE("linear_regression on noisy data: close coefficients, R^2 below 1", "[ml][linear]") {
  const Eigen::MatrixXd x = gaussian(5000, 3, 2);
  const Eigen::VectorXd y = (x * true_coef).array() + 2.0 + noise(5000, 0.5, 3).array();
  ml::linear_regression m;
  m.fit(x, y);
  // The standard error of each coefficient is about 0.5 / sqrt(5000) = 0.007.
  CHECK((m.coef() - true_coef).cwiseAbs().maxCoeff() < 0.03);
  CHECK(m.intercept() == Approx(2.0).margin(0.03));
  const double r2 = m.score(x, y);
  CHECK(r2 > 0.95);
  CHECK(r2 < 1.0);
}

TEST_CASE("linear_regression with a duplicated feature: rank deficient, predictions still exact", "[ml][linear]") {
  Eigen::MatrixXd x(100, 3);
  x.leftCols(2) = gaussian(100, 2, 4);
  x.col(2) = 2 * x.col(0);  // collinear
  const Eigen::VectorXd y = (x.col(0) * 3 + x.col(1)).array() + 1;
  ml::linear_regression m;
  m.fit(x, y);
  CHECK(m.rank() == 2);
  CHECK((m.predict(x) - y).cwiseAbs().maxCoeff() < 1e-9);
  CHECK(m.coef()[0] + 2 * m.coef()[2] == Approx(3.0));  // the split between the twins is arbitrary

  // Fewer samples than features: rank n - 1 after centring, the training targets still met exactly.
  const Eigen::MatrixXd wide = gaussian(5, 10, 13);
  const Eigen::VectorXd yw = wide.col(3) * 2;
  ml::linear_regression under;
  under.fit(wide, yw);
  CHECK(under.rank() == 4);
  CHECK((under.predict(wide) - yw).cwiseAbs().maxCoeff() < 1e-9);
}

TEST_CASE("linear models refuse misuse", "[ml][linear]") {
  const Eigen::MatrixXd x = gaussian(10, 2, 5);
  ml::linear_regression m;
  CHECK_THROWS_AS(m.predict(x), std::invalid_argument);  // not fitted
  CHECK_THROWS_AS(m.fit(x, Eigen::VectorXd::Zero(9)), std::invalid_argument);
  Eigen::MatrixXd bad = x;
  bad(3, 1) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(m.fit(bad, Eigen::VectorXd::Zero(10)), std::invalid_argument);
  CHECK_THROWS_AS(m.fit(Eigen::MatrixXd(0, 2), Eigen::VectorXd(0)), std::invalid_argument);
  m.fit(x, Eigen::VectorXd::Ones(10));
  CHECK_THROWS_AS(m.predict(gaussian(3, 3, 6)), std::invalid_argument);
  CHECK_THROWS_AS(ml::ridge({.alpha = 0}), std::invalid_argument);
  CHECK_THROWS_AS(ml::logistic_regression({.c = -1}), std::invalid_argument);
}

TEST_CASE("ridge: closed form, shrinkage, unpenalised intercept, dual form", "[ml][ridge]") {
  const Eigen::MatrixXd x = gaussian(50, 3, 7);
  const Eigen::VectorXd y = (x * true_coef).array() + 100.0 + noise(50, 0.3, 8).array();

  // The normal equations of the centred problem, written out.
  const Eigen::MatrixXd xc = x.rowwise() - x.colwise().mean();
  const Eigen::VectorXd yc = y.array() - y.mean();
  const double alpha = 5;
  const Eigen::VectorXd expected =
      (xc.transpose() * xc + alpha * Eigen::MatrixXd::Identity(3, 3)).ldlt().solve(xc.transpose() * yc);
  ml::ridge m({.alpha = alpha});
  m.fit(x, y);
  CHECK((m.coef() - expected).norm() < 1e-10);
  CHECK(m.intercept() == Approx(y.mean() - x.colwise().mean().dot(expected)));

  // More penalty, smaller coefficients; the intercept stays near 100 however large alpha gets.
  double previous = ml::linear_regression().fit(x, y).coef().norm();
  for (double a : {0.1, 1.0, 10.0, 100.0, 1e4}) {
    const double norm = ml::ridge({.alpha = a}).fit(x, y).coef().norm();
    CHECK(norm < previous);
    previous = norm;
  }
  ml::ridge heavy({.alpha = 1e9});
  heavy.fit(x, y);
  CHECK(heavy.coef().norm() < 1e-5);
  CHECK(heavy.intercept() == Approx(y.mean()));
  // A tiny penalty is least squares.
  CHECK((ml::ridge({.alpha = 1e-9}).fit(x, y).coef() - ml::linear_regression().fit(x, y).coef()).norm() < 1e-7);

  // More features than samples: the dual form gives the same solution as the primal.
  const Eigen::MatrixXd wide = gaussian(20, 60, 9);
  const Eigen::VectorXd yw = wide.col(0) * 2 + noise(20, 0.1, 10);
  const Eigen::MatrixXd wc = wide.rowwise() - wide.colwise().mean();
  const Eigen::VectorXd primal = (wc.transpose() * wc + 0.5 * Eigen::MatrixXd::Identity(60, 60))
                                     .ldlt()
                                     .solve(wc.transpose() * (yw.array() - yw.mean()).matrix());
  CHECK((ml::ridge({.alpha = 0.5}).fit(wide, yw).coef() - primal).norm() < 1e-9);
}

TEST_CASE("logistic_regression: the probabilities of a known case", "[ml][logistic]") {
  // x = 0: one positive in four; x = 1: three in four. Unpenalised, the maximum-likelihood fit
  // gives exactly those rates: intercept logit(1/4) = -ln 3, slope 2 ln 3.
  Eigen::MatrixXd x(8, 1);
  x << 0, 0, 0, 0, 1, 1, 1, 1;
  Eigen::VectorXi y(8);
  y << 0, 0, 0, 1, 0, 1, 1, 1;
  for (auto solver : {ml::logistic_solver::newton, ml::logistic_solver::lbfgs}) {
    ml::logistic_regression free({.c = 1e10, .tol = 1e-10, .solver = solver});
    free.fit(x, y);
    CHECK(free.converged());
    CHECK(free.intercept()[0] == Approx(-std::log(3.0)).margin(1e-6));
    CHECK(free.coef()(0, 0) == Approx(2 * std::log(3.0)).margin(1e-6));
    const Eigen::MatrixXd p = free.predict_proba(Eigen::Vector2d(0, 1));
    CHECK(p(0, 1) == Approx(0.25).margin(1e-6));
    CHECK(p(1, 1) == Approx(0.75).margin(1e-6));
    CHECK(p(0, 0) + p(0, 1) == Approx(1.0));

    // With C = 1 the penalty shrinks the slope: scikit-learn 1.2 gives 0.6687204 and -0.3343602.
    ml::logistic_regression penalised({.c = 1.0, .tol = 1e-10, .solver = solver});
    penalised.fit(x, y);
    CHECK(penalised.coef()(0, 0) == Approx(0.6687204).margin(1e-6));
    CHECK(penalised.intercept()[0] == Approx(-0.3343602).margin(1e-6));
  }
}

TEST_CASE("logistic_regression separates two blobs, Newton and L-BFGS agree", "[ml][logistic]") {
  const Eigen::Index n = 400;
  Eigen::MatrixXd x = gaussian(n, 2, 11);
  Eigen::VectorXi y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    y[i] = i < n / 2 ? 3 : 8;  // any labels
    x.row(i).array() += i < n / 2 ? -3.0 : 3.0;
  }
  ml::logistic_regression newton({.tol = 1e-8, .solver = ml::logistic_solver::newton});
  ml::logistic_regression lbfgs({.max_iter = 500, .tol = 1e-8, .solver = ml::logistic_solver::lbfgs});
  newton.fit(x, y);
  lbfgs.fit(x, y);
  CHECK(newton.classes() == std::vector<int>{3, 8});
  CHECK(newton.score(x, y) == 1.0);
  CHECK((newton.predict(x) - y).cwiseAbs().maxCoeff() == 0);
  CHECK((newton.coef() - lbfgs.coef()).norm() < 1e-5);
  CHECK(newton.intercept()[0] == Approx(lbfgs.intercept()[0]).margin(1e-5));
  CHECK(newton.n_iter()[0] < 20);
  // Far from the boundary the model is sure.
  const Eigen::MatrixXd p = newton.predict_proba(Eigen::RowVector2d(6, 6));
  CHECK(p(0, 1) > 0.999);
}

TEST_CASE("logistic_regression one-vs-rest on three classes", "[ml][logistic]") {
  const Eigen::Index per = 150;
  Eigen::MatrixXd x = gaussian(3 * per, 2, 12) * 0.7;
  Eigen::VectorXi y(3 * per);
  const Eigen::Vector2d centres[3] = {{0, 4}, {4, -2}, {-4, -2}};
  for (Eigen::Index i = 0; i < 3 * per; ++i) {
    y[i] = static_cast<int>(10 * (i / per));
    x.row(i) += centres[i / per].transpose();
  }
  ml::logistic_regression clf;
  clf.fit(x, y);
  CHECK(clf.classes() == std::vector<int>{0, 10, 20});
  CHECK(clf.coef().rows() == 3);
  CHECK(clf.score(x, y) > 0.97);
  const Eigen::MatrixXd p = clf.predict_proba(x);
  CHECK((p.rowwise().sum().array() - 1).abs().maxCoeff() < 1e-12);
  Eigen::Index best = 0;
  p.row(0).maxCoeff(&best);
  CHECK(clf.classes()[static_cast<std::size_t>(best)] == 0);
  CHECK_THROWS_AS(ml::logistic_regression().fit(x, Eigen::VectorXi::Zero(3 * per)), std::invalid_argument);
}
