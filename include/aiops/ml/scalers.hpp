// aiops: feature scaling: standard (mean/standard deviation) and robust (median/interquartile range)
// SPDX-License-Identifier: MIT
#pragma once

#include <string>   // std::to_string
#include <utility>  // std::move

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"
#include "aiops/ml/statistics.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

namespace detail {

/// x' = (x - center) / scale per column; what every scaler does once its fit chose the two vectors.
class affine_scaler {
 public:
  /// Scales samples with the statistics of `fit`. @throws std::invalid_argument before fit or on a width mismatch.
  Eigen::MatrixXd transform(const matrix_ref& x) const {
    check(x, "transform");
    return (x.rowwise() - center_.transpose()).array().rowwise() / scale_.transpose().array();
  }

  /// Undoes `transform`.
  Eigen::MatrixXd inverse_transform(const matrix_ref& x) const {
    check(x, "inverse_transform");
    return (x.array().rowwise() * scale_.transpose().array()).matrix().rowwise() + center_.transpose();
  }

  /// What is subtracted from each feature (zeros when centring is off).
  const Eigen::VectorXd& center() const noexcept { return center_; }
  /// What each centred feature is divided by (ones when scaling is off; 1 for constant features).
  const Eigen::VectorXd& scale() const noexcept { return scale_; }
  bool fitted() const noexcept { return center_.size() > 0; }

 protected:
  /// A constant feature would divide by zero; like scikit-learn it is left unscaled instead.
  void set(Eigen::VectorXd center, Eigen::VectorXd scale) {
    center_ = std::move(center);
    scale_ = scale.unaryExpr([](double s) { return s == 0.0 ? 1.0 : s; });
  }

 private:
  void check(const matrix_ref& x, const char* who) const {
    check_fitted(fitted(), who);
    check_features(x.cols(), center_.size(), who);
  }
  Eigen::VectorXd center_, scale_;
};

}  // namespace detail

/// Options of standard_scaler.
struct standard_scaler_options {
  bool with_mean = true;  ///< subtract each feature's mean
  bool with_std = true;   ///< divide by each feature's population standard deviation (ddof 0)
};

/// Scales each feature to zero mean and unit variance, like scikit-learn's StandardScaler.
///
///     ml::standard_scaler s;
///     Eigen::MatrixXd z = s.fit_transform(x_train);
///     Eigen::MatrixXd z_test = s.transform(x_test);   // train's mean and sd
class standard_scaler : public detail::affine_scaler {
 public:
  explicit standard_scaler(standard_scaler_options options = {}) : options_(options) {}

  /// Learns each column's mean and standard deviation. @throws std::invalid_argument on empty or non-finite X.
  standard_scaler& fit(const matrix_ref& x) {
    detail::check_samples(x, "standard_scaler::fit");
    const Eigen::VectorXd mean = x.colwise().mean();
    Eigen::VectorXd center = options_.with_mean ? mean : Eigen::VectorXd::Zero(x.cols());
    Eigen::VectorXd scale = Eigen::VectorXd::Ones(x.cols());
    if (options_.with_std)
      scale = ((x.rowwise() - mean.transpose()).colwise().squaredNorm() / static_cast<double>(x.rows()))
                  .cwiseSqrt()
                  .transpose();
    set(std::move(center), std::move(scale));
    return *this;
  }

  /// fit(x) then transform(x).
  Eigen::MatrixXd fit_transform(const matrix_ref& x) { return fit(x).transform(x); }

 private:
  standard_scaler_options options_;
};

/// Options of robust_scaler.
struct robust_scaler_options {
  bool with_centering = true;   ///< subtract each feature's median
  bool with_scaling = true;     ///< divide by the spread between the two quantiles below
  double quantile_low = 0.25;   ///< lower quantile of the range (scikit-learn's 25.0, as a fraction)
  double quantile_high = 0.75;  ///< upper quantile of the range
};

/// Scales each feature by its median and interquartile range, so a few huge outliers (a CPU
/// spike, a latency storm) do not squash the normal points: scikit-learn's RobustScaler.
class robust_scaler : public detail::affine_scaler {
 public:
  /// @throws std::invalid_argument unless 0 <= quantile_low < quantile_high <= 1.
  explicit robust_scaler(robust_scaler_options options = {}) : options_(options) {
    if (!(options.quantile_low >= 0 && options.quantile_low < options.quantile_high && options.quantile_high <= 1))
      detail::misuse("robust_scaler", "the quantile range must satisfy 0 <= low < high <= 1, got " +
                                          std::to_string(options.quantile_low) + ".." +
                                          std::to_string(options.quantile_high));
  }

  /// Learns each column's median and quantile range. @throws std::invalid_argument on empty or non-finite X.
  robust_scaler& fit(const matrix_ref& x) {
    detail::check_samples(x, "robust_scaler::fit");
    Eigen::VectorXd center = Eigen::VectorXd::Zero(x.cols()), scale = Eigen::VectorXd::Ones(x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      if (options_.with_centering) center[j] = median(x.col(j));
      if (options_.with_scaling)
        scale[j] = quantile(x.col(j), options_.quantile_high) - quantile(x.col(j), options_.quantile_low);
    }
    set(std::move(center), std::move(scale));
    return *this;
  }

  /// fit(x) then transform(x).
  Eigen::MatrixXd fit_transform(const matrix_ref& x) { return fit(x).transform(x); }

 private:
  robust_scaler_options options_;
};

}  // namespace ml
AIOPS_END_NAMESPACE
