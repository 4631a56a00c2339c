// aiops: argument checks shared by the ml models (sizes, finiteness, fitted state)
// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string, std::to_string

#include <Eigen/Core>

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml::detail {

[[noreturn]] inline void misuse(const char* who, const std::string& why) {
  throw std::invalid_argument(std::string("ml::") + who + ": " + why);
}

/// NaN or infinity would silently poison every sum downstream, so models refuse them up front.
template <class Derived>
void check_finite(const Eigen::DenseBase<Derived>& x, const char* who, const char* what) {
  if (!x.derived().allFinite()) misuse(who, std::string(what) + " contains NaN or infinity");
}

template <class Derived>
void check_samples(const Eigen::DenseBase<Derived>& x, const char* who) {
  if (x.rows() == 0 || x.cols() == 0) misuse(who, "X is empty (" + std::to_string(x.rows()) + "x" +
                                                      std::to_string(x.cols()) + ")");
  check_finite(x, who, "X");
}

inline void check_same_rows(Eigen::Index x_rows, Eigen::Index y_size, const char* who) {
  if (x_rows != y_size)
    misuse(who, "X has " + std::to_string(x_rows) + " rows but y has " + std::to_string(y_size) + " values");
}

inline void check_fitted(bool fitted, const char* who) {
  if (!fitted) misuse(who, "the model is not fitted yet (call fit first)");
}

inline void check_features(Eigen::Index got, Eigen::Index fitted_with, const char* who) {
  if (got != fitted_with)
    misuse(who, "X has " + std::to_string(got) + " features but the model was fitted with " +
                    std::to_string(fitted_with));
}

}  // namespace ml::detail
AIOPS_END_NAMESPACE
