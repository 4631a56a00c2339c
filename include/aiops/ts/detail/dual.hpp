// aiops: forward-mode dual numbers (a value and its partial derivatives) for exact gradients of filters
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>  // std::size_t

#include <Eigen/Core>

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ts::detail {

/// A value with its partial derivatives with respect to N inputs; arithmetic applies the chain
/// rule, so a computation written for double run on duals yields its exact gradient. The
/// derivatives are a fixed-size Eigen array, so each operation on them is one or two SIMD steps.
template <int N>
struct dual {
  using partials = Eigen::Array<double, N, 1>;
  double v = 0;
  partials d = partials::Zero();

  dual() = default;
  dual(double value) : v(value) {}  // a constant: implicit, so `1 - a` and `a * y` read as for doubles
  dual(double value, const partials& derivatives) : v(value), d(derivatives) {}
  /// The input number `k` of N, with the value `value`.
  static dual input(double value, int k) {
    dual x(value);
    x.d[k] = 1;
    return x;
  }

  friend dual operator+(const dual& a, const dual& b) { return {a.v + b.v, a.d + b.d}; }
  friend dual operator-(const dual& a, const dual& b) { return {a.v - b.v, a.d - b.d}; }
  friend dual operator*(const dual& a, const dual& b) { return {a.v * b.v, a.d * b.v + a.v * b.d}; }
  friend dual operator/(const dual& a, const dual& b) {
    const double q = a.v / b.v;
    return {q, (a.d - q * b.d) / b.v};
  }
  // With a constant: the same rules without the constant's zero derivatives.
  friend dual operator+(const dual& a, double b) { return {a.v + b, a.d}; }
  friend dual operator+(double a, const dual& b) { return {a + b.v, b.d}; }
  friend dual operator-(const dual& a, double b) { return {a.v - b, a.d}; }
  friend dual operator-(double a, const dual& b) { return {a - b.v, -b.d}; }
  friend dual operator*(const dual& a, double b) { return {a.v * b, a.d * b}; }
  friend dual operator*(double a, const dual& b) { return {a * b.v, a * b.d}; }
  friend dual operator/(const dual& a, double b) { return {a.v / b, a.d / b}; }
  friend dual operator/(double a, const dual& b) {
    const double q = a / b.v;
    return {q, -q * b.d / b.v};
  }
};

/// The value of a double or a dual.
inline double value_of(double x) noexcept { return x; }
template <int N>
double value_of(const dual<N>& x) noexcept { return x.v; }

}  // namespace ts::detail
AIOPS_END_NAMESPACE
