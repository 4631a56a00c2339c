// aiops: what linear_regression and ridge share: centring for the intercept, predict and score
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::min
#include <utility>    // std::move

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"
#include "aiops/ml/metrics.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml::detail {

/// A fitted y = X coef + intercept. Fitting an intercept is solving the centred problem: the
/// intercept then falls out as mean(y) - mean(X) coef and is never penalised.
class linear_predictor {
 public:
  /// X coef + intercept. @throws std::invalid_argument before fit, on a width mismatch or non-finite X.
  Eigen::VectorXd predict(const matrix_ref& x) const {
    check_fitted(coef_.size() > 0, "predict");
    check_features(x.cols(), coef_.size(), "predict");
    check_finite(x, "predict", "X");
    return (x * coef_).array() + intercept_;
  }

  /// R^2 of the predictions for X against y.
  double score(const matrix_ref& x, const vector_ref& y) const { return r2_score(y, predict(x)); }

  /// One coefficient per feature.
  const Eigen::VectorXd& coef() const noexcept { return coef_; }
  /// The constant term (0 when fit_intercept is off).
  double intercept() const noexcept { return intercept_; }

 protected:
  /// Column means of X and the mean of y: what centring subtracts (zeros without an intercept).
  struct means {
    Eigen::RowVectorXd x;
    double y = 0;
  };

  /// Checks the training data and computes the means to centre it with.
  static means prepare(const matrix_ref& x, const vector_ref& y, bool fit_intercept, const char* who) {
    check_samples(x, who);
    check_same_rows(x.rows(), y.size(), who);
    check_finite(y, who, "y");
    if (!fit_intercept) return {Eigen::RowVectorXd::Zero(x.cols()), 0.0};
    return {x.colwise().mean(), y.mean()};
  }

  /// Calls fn([X - mean(X) | y - mean(y)]) on consecutive blocks of rows. The centred data never
  /// exists whole (no n x d copy), and each block stays in cache while a solver works on it.
  template <class Fn>
  static void for_each_block(const matrix_ref& x, const vector_ref& y, const means& m, Fn&& fn) {
    constexpr Eigen::Index block_rows = 1024;
    const Eigen::Index d = x.cols();
    Eigen::MatrixXd block;
    for (Eigen::Index start = 0; start < x.rows(); start += block_rows) {
      const Eigen::Index rows = std::min(block_rows, x.rows() - start);
      block.resize(rows, d + 1);
      block.leftCols(d) = x.middleRows(start, rows).rowwise() - m.x;
      block.col(d) = y.segment(start, rows).array() - m.y;
      fn(static_cast<const Eigen::MatrixXd&>(block));
    }
  }

  void set(Eigen::VectorXd coef, const means& m) {
    intercept_ = m.y - m.x.dot(coef);
    coef_ = std::move(coef);
  }

 private:
  Eigen::VectorXd coef_;
  double intercept_ = 0;
};

}  // namespace ml::detail
AIOPS_END_NAMESPACE
