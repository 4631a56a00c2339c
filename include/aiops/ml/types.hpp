// aiops: the matrix and vector types every ml model takes, and views of std::vector as them
// SPDX-License-Identifier: MIT
#pragma once

#include <span>  // std::span

#include <Eigen/Core>

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

/// Read-only samples: one row per sample, one column per feature. Any dense double expression
/// binds to it (a `MatrixXd`, a block such as `X.leftCols(3)`, rows picked with `X(rows, Eigen::all)`);
/// expressions that are not plain column-major storage are copied once.
using matrix_ref = Eigen::Ref<const Eigen::MatrixXd>;

/// A read-only vector of doubles (targets, scores, predictions).
using vector_ref = Eigen::Ref<const Eigen::VectorXd>;

/// A read-only vector of integer labels (classes, clusters; -1 is DBSCAN's noise).
using labels_ref = Eigen::Ref<const Eigen::VectorXi>;

/// Views a contiguous sequence of doubles (e.g. a `std::vector<double>`) as a vector, without copying.
inline Eigen::Map<const Eigen::VectorXd> as_vector(std::span<const double> values) noexcept {
  return {values.data(), static_cast<Eigen::Index>(values.size())};
}

/// Views a contiguous sequence of ints (e.g. a `std::vector<int>`) as labels, without copying.
inline Eigen::Map<const Eigen::VectorXi> as_labels(std::span<const int> values) noexcept {
  return {values.data(), static_cast<Eigen::Index>(values.size())};
}

}  // namespace ml
AIOPS_END_NAMESPACE
