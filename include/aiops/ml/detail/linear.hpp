// aiops: what linear_regression and ridge share: centring for the intercept, predict and score
// SPDX-License-Identifier: MIT
#pragma once

#include <utility>  // std::move

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
  /// The problem a solver sees: X and y centred when an intercept is fitted, as given otherwise.
  struct centred {
    Eigen::MatrixXd x;
    Eigen::VectorXd y;
    Eigen::RowVectorXd x_mean;
    double y_mean = 0;
  };

  static centred centre(const matrix_ref& x, const vector_ref& y, bool fit_intercept, const char* who) {
    check_samples(x, who);
    check_same_rows(x.rows(), y.size(), who);
    check_finite(y, who, "y");
    centred c;
    if (fit_intercept) {
      c.x_mean = x.colwise().mean();
      c.y_mean = y.mean();
      c.x = x.rowwise() - c.x_mean;
      c.y = y.array() - c.y_mean;
    } else {
      c.x_mean = Eigen::RowVectorXd::Zero(x.cols());
      c.x = x;
      c.y = y;
    }
    return c;
  }

  void set(Eigen::VectorXd coef, const centred& c) {
    intercept_ = c.y_mean - c.x_mean.dot(coef);
    coef_ = std::move(coef);
  }

 private:
  Eigen::VectorXd coef_;
  double intercept_ = 0;
};

}  // namespace ml::detail
AIOPS_END_NAMESPACE
