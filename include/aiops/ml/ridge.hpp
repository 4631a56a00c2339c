// aiops: ridge regression (L2-penalised least squares) in closed form
// SPDX-License-Identifier: MIT
#pragma once

#include <limits>   // std::numeric_limits
#include <string>   // std::to_string
#include <utility>  // std::move

#include <Eigen/Dense>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"
#include "aiops/ml/detail/linear.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

/// Options of ridge.
struct ridge_options {
  double alpha = 1.0;         ///< penalty on the squared coefficients (> 0; larger shrinks more)
  bool fit_intercept = true;  ///< fit an unpenalised constant term
};

/// Minimises ||y - X coef - intercept||^2 + alpha ||coef||^2, like scikit-learn's Ridge with the
/// Cholesky solver: (X'X + alpha I) coef = X'y when samples >= features, and the dual
/// coef = X'(XX' + alpha I)^-1 y when features outnumber samples (e.g. many lag features).
///
///     ml::ridge m({.alpha = 10});
///     m.fit(x, y).predict(x_new);
class ridge : public detail::linear_predictor {
 public:
  /// @throws std::invalid_argument unless alpha > 0 (use linear_regression for alpha 0).
  explicit ridge(ridge_options options = {}) : options_(options) {
    if (!(options.alpha > 0 && options.alpha < std::numeric_limits<double>::infinity()))
      detail::misuse("ridge", "alpha must be positive and finite, got " + std::to_string(options.alpha));
  }

  /// Fits the coefficients. @throws std::invalid_argument on empty X, NaN/infinity, or a row count mismatch.
  ridge& fit(const matrix_ref& x, const vector_ref& y) {
    const centred c = centre(x, y, options_.fit_intercept, "ridge::fit");
    Eigen::VectorXd coef;
    if (c.x.rows() >= c.x.cols()) {
      Eigen::MatrixXd gram = Eigen::MatrixXd::Identity(c.x.cols(), c.x.cols()) * options_.alpha;
      gram.selfadjointView<Eigen::Lower>().rankUpdate(c.x.transpose());
      coef = gram.selfadjointView<Eigen::Lower>().llt().solve(c.x.transpose() * c.y);
    } else {
      Eigen::MatrixXd kernel = Eigen::MatrixXd::Identity(c.x.rows(), c.x.rows()) * options_.alpha;
      kernel.selfadjointView<Eigen::Lower>().rankUpdate(c.x);
      coef = c.x.transpose() * kernel.selfadjointView<Eigen::Lower>().llt().solve(c.y);
    }
    set(std::move(coef), c);
    return *this;
  }

 private:
  ridge_options options_;
};

}  // namespace ml
AIOPS_END_NAMESPACE
