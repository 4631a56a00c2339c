// aiops: L2-regularised logistic regression, binary and one-vs-rest, by Newton's method or L-BFGS
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::abs, std::exp, std::log1p, std::sqrt
#include <cstddef>    // std::size_t
#include <string>     // std::to_string
#include <vector>     // std::vector

#include <Eigen/Dense>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"
#include "aiops/ml/detail/eigen_instances.hpp"
#include "aiops/ml/metrics.hpp"
#include "aiops/ml/optimize.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

/// How logistic_regression minimises its loss.
enum class logistic_solver {
  automatic,  ///< newton up to 200 features, lbfgs above (Newton's d^3 Hessian solve gets costly)
  newton,     ///< Newton's method (IRLS) with a backtracking line search: few, precise iterations
  lbfgs,      ///< L-BFGS: cheap iterations, for many features
};

/// Options of logistic_regression.
struct logistic_regression_options {
  double c = 1.0;              ///< inverse penalty strength, scikit-learn's C: minimises C * sum(log-loss) + ||coef||^2 / 2
  bool fit_intercept = true;   ///< fit an unpenalised constant term per model
  int max_iter = 100;          ///< iterations per binary model
  double tol = 1e-4;           ///< stop when max |gradient| of sum(log-loss) + ||coef||^2 / (2 C) <= tol (scikit-learn 1.2's scale)
  logistic_solver solver = logistic_solver::automatic;  ///< see logistic_solver
};

namespace detail {

inline double sigmoid(double z) noexcept {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

/// The binary problem: mean log-loss of targets t (0/1) over the design A (X with a column of ones
/// when an intercept is fitted) plus penalty ||w||^2 / (2 C n), the intercept left out.
class logistic_loss {
 public:
  logistic_loss(const Eigen::MatrixXd& a, const Eigen::VectorXd& t, double c, bool intercept)
      : a_(a), t_(t), n_(static_cast<double>(a.rows())), penalty_(Eigen::VectorXd::Constant(a.cols(), 1.0 / (c * n_))) {
    if (intercept) penalty_[a.cols() - 1] = 0;
  }

  /// f(theta) and its gradient (the signature minimize_lbfgs expects).
  double operator()(const Eigen::VectorXd& theta, Eigen::VectorXd& grad) const { return evaluate(theta, grad, nullptr); }

  /// f(theta), its gradient and, unless `hessian` is null, its Hessian A' diag(p(1-p)) A / n +
  /// penalty, in one pass over blocks of rows of A that stay in cache: reading A from memory, not
  /// the arithmetic, is what a fit spends its time on.
  double evaluate(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, Eigen::MatrixXd* hessian) const {
    constexpr Eigen::Index block_rows = 1024;
    Eigen::VectorXd z;
    Eigen::ArrayXd e, inv;
    Eigen::MatrixXd weighted;
    grad.setZero(theta.size());
    if (hessian) hessian->setZero(theta.size(), theta.size());
    double loss = 0;
    for (Eigen::Index start = 0; start < a_.rows(); start += block_rows) {
      const Eigen::Index rows = std::min(block_rows, a_.rows() - start);
      const auto a = a_.middleRows(start, rows);
      const auto t = t_.segment(start, rows).array();
      z.noalias() = a * theta;
      // One exponential per sample gives the sigmoid, log(1 + e^z) and p(1-p) without overflow for
      // any z; as array expressions they run as SIMD code, where std::exp and std::log1p do not.
      e = (-z.array().abs()).exp();
      inv = (1 + e).inverse();
      loss += (z.array().max(0.0) - inv.log() - t * z.array()).sum();  // log(1 + e) = -log(1 / (1 + e))
      grad.noalias() += a.transpose() * ((z.array() >= 0).select(inv, e * inv) - t).matrix();
      if (hessian) {
        weighted = a.array().colwise() * (e.sqrt() * inv);  // sqrt(p(1-p)) = sqrt(e) / (1 + e)
        hessian->selfadjointView<Eigen::Lower>().rankUpdate(weighted.transpose());
      }
    }
    grad = grad / n_ + penalty_.cwiseProduct(theta);
    if (hessian) {
      *hessian /= n_;
      hessian->diagonal() += penalty_;
      *hessian = hessian->selfadjointView<Eigen::Lower>();
    }
    return loss / n_ + 0.5 * theta.dot(penalty_.cwiseProduct(theta));
  }

 private:
  const Eigen::MatrixXd& a_;
  const Eigen::VectorXd& t_;
  double n_;
  Eigen::VectorXd penalty_;
};

struct binary_fit {
  Eigen::VectorXd theta;
  int iterations = 0;
  bool converged = false;
};

/// Newton's method with Armijo backtracking: the Hessian is positive definite thanks to the
/// penalty, and a separable problem still converges because the penalty bounds the optimum.
/// The Hessian (n d^2 / 2 flops, most of a fit) is computed with the trial point's gradient unless
/// the gradient is expected to meet tol there: near the optimum Newton's gradient norm falls
/// quadratically, g' ~ g^2 (g / g_before^2), so the last iteration's Hessian would go unused.
inline binary_fit newton(const logistic_loss& loss, Eigen::Index params, int max_iter, double tol) {
  binary_fit out;
  out.theta = Eigen::VectorXd::Zero(params);
  Eigen::VectorXd grad, trial_grad, theta;
  Eigen::MatrixXd hessian, trial_hessian;
  double value = loss.evaluate(out.theta, grad, &hessian);
  double norm = grad.lpNorm<Eigen::Infinity>(), expected = norm;
  while (out.iterations < max_iter) {
    if (norm <= tol) {
      out.converged = true;
      break;
    }
    const Eigen::VectorXd step = hessian.ldlt().solve(-grad);
    const double slope = grad.dot(step);
    if (!(slope < 0)) break;  // the Hessian is numerically singular: no further progress possible
    const bool want_hessian = !(expected <= tol);
    double t = 1, trial = 0;
    for (int halvings = 0; halvings < 50; ++halvings, t /= 2) {
      theta = out.theta + t * step;
      trial = loss.evaluate(theta, trial_grad, want_hessian ? &trial_hessian : nullptr);
      if (trial <= value + 1e-4 * t * slope) break;
    }
    ++out.iterations;
    if (!(trial < value)) {  // at the floor of double precision: converged as far as it can be
      out.converged = true;
      break;
    }
    const double trial_norm = trial_grad.lpNorm<Eigen::Infinity>();
    if (!want_hessian && trial_norm > tol) loss.evaluate(theta, trial_grad, &trial_hessian);  // the guess was wrong
    expected = trial_norm * (trial_norm / (norm * norm)) * trial_norm;
    out.theta.swap(theta);
    grad.swap(trial_grad);
    hessian.swap(trial_hessian);
    value = trial;
    norm = trial_norm;
  }
  return out;
}

}  // namespace detail

/// Logistic regression with an L2 penalty, like scikit-learn's LogisticRegression (lbfgs solver,
/// unpenalised intercept). Two classes give one model; more give one model per class against the
/// rest (one-vs-rest), whose probabilities are normalised to sum to 1. Labels are any ints.
///
///     ml::logistic_regression clf({.c = 1.0});
///     clf.fit(x_train, y_train);                        // y: Eigen::VectorXi
///     Eigen::VectorXi y_hat = clf.predict(x_test);
///     Eigen::MatrixXd p = clf.predict_proba(x_test);    // column j: probability of classes()[j]
///
/// Scale the features first (standard_scaler): the penalty treats every coefficient alike.
class logistic_regression {
 public:
  /// @throws std::invalid_argument unless c > 0, max_iter >= 1 and tol >= 0.
  explicit logistic_regression(logistic_regression_options options = {}) : options_(options) {
    if (!(options.c > 0)) detail::misuse("logistic_regression", "c must be positive, got " + std::to_string(options.c));
    if (options.max_iter < 1) detail::misuse("logistic_regression", "max_iter must be at least 1");
    if (!(options.tol >= 0)) detail::misuse("logistic_regression", "tol must be >= 0");
  }

  /// Fits one binary model (two classes) or one per class.
  /// @throws std::invalid_argument on empty or non-finite X, a row count mismatch, or fewer than two classes.
  logistic_regression& fit(const matrix_ref& x, const labels_ref& y) {
    detail::check_samples(x, "logistic_regression::fit");
    detail::check_same_rows(x.rows(), y.size(), "logistic_regression::fit");
    classes_ = detail::distinct_labels(y);
    if (classes_.size() < 2) detail::misuse("logistic_regression::fit", "y needs at least two classes");
    const Eigen::Index d = x.cols(), params = d + (options_.fit_intercept ? 1 : 0);
    Eigen::MatrixXd a(x.rows(), params);
    a.leftCols(d) = x;
    if (options_.fit_intercept) a.col(d).setOnes();

    const std::size_t models = classes_.size() == 2 ? 1 : classes_.size();
    coef_.resize(static_cast<Eigen::Index>(models), d);
    intercept_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(models));
    n_iter_.assign(models, 0);
    converged_ = true;
    const bool newton = options_.solver == logistic_solver::newton ||
                        (options_.solver == logistic_solver::automatic && params <= 200);
    for (std::size_t k = 0; k < models; ++k) {
      const int positive = classes_[models == 1 ? 1 : k];
      const Eigen::VectorXd t = (y.array() == positive).cast<double>();
      detail::logistic_loss loss(a, t, options_.c, options_.fit_intercept);
      // The loss is a mean (its scale does not grow with n); tol is on the sum's scale.
      const double tol = options_.tol / static_cast<double>(x.rows());
      detail::binary_fit fit;
      if (newton) {
        fit = detail::newton(loss, params, options_.max_iter, tol);
      } else {
        const lbfgs_result r =
            minimize_lbfgs(loss, Eigen::VectorXd::Zero(params), {.max_iter = options_.max_iter, .grad_tol = tol});
        fit = {r.x, r.iterations, r.converged};
      }
      const auto row = static_cast<Eigen::Index>(k);
      coef_.row(row) = fit.theta.head(d).transpose();
      if (options_.fit_intercept) intercept_[row] = fit.theta[d];
      n_iter_[k] = fit.iterations;
      converged_ = converged_ && fit.converged;
    }
    return *this;
  }

  /// X coef' + intercept: one column per model (one column for two classes: the log-odds of classes()[1]).
  Eigen::MatrixXd decision_function(const matrix_ref& x) const {
    detail::check_fitted(!classes_.empty(), "logistic_regression::decision_function");
    detail::check_features(x.cols(), coef_.cols(), "logistic_regression::decision_function");
    detail::check_finite(x, "logistic_regression::decision_function", "X");
    return (x * coef_.transpose()).rowwise() + intercept_.transpose();
  }

  /// Class probabilities: one row per sample, column j for classes()[j]; rows sum to 1.
  Eigen::MatrixXd predict_proba(const matrix_ref& x) const {
    Eigen::MatrixXd p = decision_function(x).unaryExpr(&detail::sigmoid);
    if (classes_.size() == 2) {
      Eigen::MatrixXd two(p.rows(), 2);
      two.col(0) = 1 - p.col(0).array();
      two.col(1) = p.col(0);
      return two;
    }
    return p.array().colwise() / p.rowwise().sum().array();
  }

  /// The most probable class of each sample.
  Eigen::VectorXi predict(const matrix_ref& x) const {
    const Eigen::MatrixXd scores = decision_function(x);
    Eigen::VectorXi out(scores.rows());
    for (Eigen::Index i = 0; i < scores.rows(); ++i) {
      Eigen::Index best = 0;
      if (classes_.size() == 2) best = scores(i, 0) > 0 ? 1 : 0;
      else scores.row(i).maxCoeff(&best);
      out[i] = classes_[static_cast<std::size_t>(best)];
    }
    return out;
  }

  /// Accuracy of predict(X) against y.
  double score(const matrix_ref& x, const labels_ref& y) const { return accuracy_score(y, predict(x)); }

  /// The sorted class labels seen by fit.
  const std::vector<int>& classes() const noexcept { return classes_; }
  /// One row of coefficients per model (a single row for two classes).
  const Eigen::MatrixXd& coef() const noexcept { return coef_; }
  /// One intercept per model.
  const Eigen::VectorXd& intercept() const noexcept { return intercept_; }
  /// Iterations each model took.
  const std::vector<int>& n_iter() const noexcept { return n_iter_; }
  /// Whether every model met tol before max_iter.
  bool converged() const noexcept { return converged_; }

 private:
  logistic_regression_options options_;
  std::vector<int> classes_;
  Eigen::MatrixXd coef_;
  Eigen::VectorXd intercept_;
  std::vector<int> n_iter_;
  bool converged_ = false;
};

}  // namespace ml
AIOPS_END_NAMESPACE
