// aiops: ridge regression (L2-penalised least squares) in closed form
// SPDX-License-Identifier: MIT
#pragma once

#include <limits>   // std::numeric_limits
#include <string>   // std::to_string
#include <utility>  // std::move

#include <Eigen/Dense>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"
#include "aiops/ml/detail/eigen_instances.hpp"
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
    const means m = prepare(x, y, options_.fit_intercept, "ridge::fit");
    const Eigen::Index d = x.cols();
    if (x.rows() >= d) {
      // [X | y]'[X | y] accumulated block by block: X'X on the top left, y'X on the bottom row.
      Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(d + 1, d + 1);
      for_each_block(x, y, m, [&](const Eigen::MatrixXd& block) {
        gram.selfadjointView<Eigen::Lower>().rankUpdate(block.transpose());
      });
      gram.diagonal().head(d).array() += options_.alpha;
      set(gram.topLeftCorner(d, d).selfadjointView<Eigen::Lower>().llt().solve(gram.bottomLeftCorner(1, d).transpose()),
          m);
    } else {
      const Eigen::MatrixXd xc = x.rowwise() - m.x;
      Eigen::MatrixXd kernel = Eigen::MatrixXd::Identity(x.rows(), x.rows()) * options_.alpha;
      kernel.selfadjointView<Eigen::Lower>().rankUpdate(xc);
      set(xc.transpose() * kernel.selfadjointView<Eigen::Lower>().llt().solve((y.array() - m.y).matrix()), m);
    }
    return *this;
  }

 private:
  ridge_options options_;
};

}  // namespace ml
AIOPS_END_NAMESPACE
