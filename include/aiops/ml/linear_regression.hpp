// aiops: ordinary least squares by column-pivoting Householder QR
// SPDX-License-Identifier: MIT
#pragma once

#include <Eigen/Dense>

#include "aiops/config.hpp"
#include "aiops/ml/detail/linear.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

/// Options of linear_regression.
struct linear_regression_options {
  bool fit_intercept = true;  ///< fit a constant term (X and y are centred; the intercept is not a column)
};

/// Least squares y ~ X coef + intercept, like scikit-learn's LinearRegression. Solved by QR with
/// column pivoting, which is stable on ill-conditioned X (no normal equations, whose condition
/// number is squared). With collinear features the solution is a basic one (zeros on the
/// dependent columns; see rank()), not scikit-learn's minimum-norm one; the predictions agree.
///
///     ml::linear_regression m;
///     m.fit(x, y);                      // Eigen::MatrixXd rows = samples, Eigen::VectorXd
///     Eigen::VectorXd y_hat = m.predict(x_new);
///     double r2 = m.score(x_test, y_test);
class linear_regression : public detail::linear_predictor {
 public:
  explicit linear_regression(linear_regression_options options = {}) : options_(options) {}

  /// Fits the coefficients. @throws std::invalid_argument on empty X, NaN/infinity, or a row count mismatch.
  linear_regression& fit(const matrix_ref& x, const vector_ref& y) {
    const centred c = centre(x, y, options_.fit_intercept, "linear_regression::fit");
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(c.x);
    rank_ = qr.rank();
    set(qr.solve(c.y), c);
    return *this;
  }

  /// The numerical rank of the (centred) X found by the QR; less than the feature count means collinear features.
  Eigen::Index rank() const noexcept { return rank_; }

 private:
  linear_regression_options options_;
  Eigen::Index rank_ = 0;
};

}  // namespace ml
AIOPS_END_NAMESPACE
