// aiops: principal component analysis by singular value decomposition
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::min
#include <cmath>      // std::sqrt
#include <string>     // std::to_string

#include <Eigen/Dense>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"
#include "aiops/ml/detail/eigen_instances.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

/// Options of pca.
struct pca_options {
  Eigen::Index n_components = 0;  ///< components kept; 0 keeps min(samples, features)
  bool whiten = false;            ///< divide the projections by the components' standard deviations (unit variance)
};

/// PCA like scikit-learn's (full SVD): centres X, takes the SVD X = U S V', and keeps the first
/// rows of V' as components. Each component's sign is fixed so that its largest-magnitude entry is
/// positive, so results do not flip between runs or platforms.
///
///     ml::pca p({.n_components = 2});
///     Eigen::MatrixXd z = p.fit_transform(x);                  // n x 2
///     Eigen::VectorXd kept = p.explained_variance_ratio();      // fractions of the total variance
///     Eigen::MatrixXd back = p.inverse_transform(z);            // rank-2 reconstruction
class pca {
 public:
  /// @throws std::invalid_argument when n_components < 0.
  explicit pca(pca_options options = {}) : options_(options) {
    if (options.n_components < 0) detail::misuse("pca", "n_components must be >= 0");
  }

  /// Fits the components. @throws std::invalid_argument on empty or non-finite X, fewer than two
  /// samples, or n_components > min(samples, features).
  pca& fit(const matrix_ref& x) {
    detail::check_samples(x, "pca::fit");
    if (x.rows() < 2) detail::misuse("pca::fit", "needs at least two samples");
    const Eigen::Index most = std::min(x.rows(), x.cols());
    const Eigen::Index k = options_.n_components == 0 ? most : options_.n_components;
    if (k > most)
      detail::misuse("pca::fit", "n_components " + std::to_string(k) + " exceeds min(samples, features) = " +
                                     std::to_string(most));
    mean_ = x.colwise().mean();
    const Eigen::MatrixXd centred = x.rowwise() - mean_;
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(centred, Eigen::ComputeThinV);
    const Eigen::VectorXd variance = svd.singularValues().array().square() / static_cast<double>(x.rows() - 1);
    const double total = variance.sum();
    components_ = svd.matrixV().leftCols(k).transpose();
    for (Eigen::Index c = 0; c < k; ++c) {
      Eigen::Index at = 0;
      components_.row(c).cwiseAbs().maxCoeff(&at);
      if (components_(c, at) < 0) components_.row(c) *= -1;
    }
    explained_variance_ = variance.head(k);
    explained_variance_ratio_ = total > 0 ? Eigen::VectorXd(explained_variance_ / total) : Eigen::VectorXd::Zero(k);
    singular_values_ = svd.singularValues().head(k);
    return *this;
  }

  /// Coordinates of X's rows on the components (divided by their standard deviations when whitening).
  Eigen::MatrixXd transform(const matrix_ref& x) const {
    check(x.cols(), mean_.size(), "pca::transform");
    detail::check_finite(x, "pca::transform", "X");
    Eigen::MatrixXd z = (x.rowwise() - mean_) * components_.transpose();
    if (options_.whiten) z.array().rowwise() /= whitening().array();
    return z;
  }

  /// fit(x) then transform(x).
  Eigen::MatrixXd fit_transform(const matrix_ref& x) { return fit(x).transform(x); }

  /// Maps coordinates back to the feature space (exact when every component was kept).
  Eigen::MatrixXd inverse_transform(const matrix_ref& z) const {
    check(z.cols(), components_.rows(), "pca::inverse_transform");
    if (!options_.whiten) return (z * components_).rowwise() + mean_;
    return ((z.array().rowwise() * whitening().array()).matrix() * components_).rowwise() + mean_;
  }

  /// The principal axes, one unit-length row per component, by decreasing variance.
  const Eigen::MatrixXd& components() const noexcept { return components_; }
  /// Variance along each component (denominator n - 1).
  const Eigen::VectorXd& explained_variance() const noexcept { return explained_variance_; }
  /// Each component's share of the total variance (of all components, kept or not).
  const Eigen::VectorXd& explained_variance_ratio() const noexcept { return explained_variance_ratio_; }
  /// The singular values of the centred X for the kept components.
  const Eigen::VectorXd& singular_values() const noexcept { return singular_values_; }
  /// The per-feature mean removed before projecting.
  const Eigen::RowVectorXd& mean() const noexcept { return mean_; }

 private:
  void check(Eigen::Index got, Eigen::Index want, const char* who) const {
    detail::check_fitted(components_.size() > 0, who);
    detail::check_features(got, want, who);
  }

  /// Standard deviation per component; a zero-variance component is left unscaled.
  Eigen::RowVectorXd whitening() const {
    return explained_variance_.transpose().unaryExpr([](double v) { return v > 0 ? std::sqrt(v) : 1.0; });
  }

  pca_options options_;
  Eigen::RowVectorXd mean_;
  Eigen::MatrixXd components_;
  Eigen::VectorXd explained_variance_, explained_variance_ratio_, singular_values_;
};

}  // namespace ml
AIOPS_END_NAMESPACE
