// aiops: ordinary least squares by column-pivoting Householder QR
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::min

#include <Eigen/Dense>

#include "aiops/config.hpp"
#include "aiops/ml/detail/eigen_instances.hpp"
#include "aiops/ml/detail/linear.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

/// Options of linear_regression.
struct linear_regression_options {
  bool fit_intercept = true;  ///< fit a constant term (X and y are centred; the intercept is not a column)
};

/// Least squares y ~ X coef + intercept, like scikit-learn's LinearRegression, by Householder QR,
/// which is stable on ill-conditioned X (the normal equations would square its condition number).
/// The rows stream through in cache-sized blocks, each folded into the triangular factor R of
/// [X | y] (a tall-skinny QR), and the small system R coef = Q'y is then solved by QR with column
/// pivoting, which reveals the rank. With collinear features the solution is a basic one (zeros
/// on the dependent columns; see rank()), not scikit-learn's minimum-norm one; predictions agree.
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
    const means m = prepare(x, y, options_.fit_intercept, "linear_regression::fit");
    const Eigen::Index d = x.cols();
    Eigen::MatrixXd r(0, d + 1);  // [X | y] = Q r over the rows seen so far
    for_each_block(x, y, m, [&](const Eigen::MatrixXd& block) {
      Eigen::MatrixXd stacked(r.rows() + block.rows(), d + 1);
      stacked << r, block;
      const Eigen::HouseholderQR<Eigen::MatrixXd> qr(stacked);
      r = qr.matrixQR().topRows(std::min(stacked.rows(), d + 1)).triangularView<Eigen::Upper>();
    });
    // ||X coef - y||^2 = ||R_x coef - r_y||^2 + a constant: solve the small triangular system.
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(r.leftCols(d));
    rank_ = qr.rank();
    set(qr.solve(r.col(d)), m);
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
