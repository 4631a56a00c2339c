// aiops: unconstrained minimisation of smooth functions with L-BFGS and a strong Wolfe line search
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::min, std::max
#include <cmath>      // std::abs, std::sqrt, std::isfinite
#include <deque>      // std::deque
#include <limits>     // std::numeric_limits
#include <utility>    // std::move

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

/// Options of minimize_lbfgs.
struct lbfgs_options {
  int max_iter = 200;        ///< iterations (each needs at least one evaluation of f)
  int history = 10;          ///< correction pairs kept to approximate the inverse Hessian (1 to 64)
  double grad_tol = 1e-5;    ///< stop when max |gradient| <= grad_tol
  double f_rel_tol = 1e-12;  ///< stop when an iteration lowers f by less than this fraction of |f|
};

/// Where minimize_lbfgs stopped.
struct lbfgs_result {
  Eigen::VectorXd x;         ///< the minimiser found
  double value = 0;          ///< f(x)
  int iterations = 0;        ///< iterations done
  int evaluations = 0;       ///< calls of f
  bool converged = false;    ///< stopped by a tolerance rather than by max_iter or a failed line search
};

namespace detail {

/// A trial point of the line search along direction d: step, f, and the slope f' along d.
struct line_point {
  double step, value, slope;
};

/// The minimiser of the cubic through two points and slopes, kept inside the bracket with a margin
/// of a tenth of its width; bisection when the cubic has no usable minimum (or a value is infinite).
inline double interpolate_step(const line_point& a, const line_point& b) {
  const double lo = std::min(a.step, b.step), hi = std::max(a.step, b.step), width = hi - lo;
  const double d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.step - b.step);
  const double disc = d1 * d1 - a.slope * b.slope;
  if (std::isfinite(disc) && disc >= 0) {
    const double d2 = (b.step > a.step ? 1.0 : -1.0) * std::sqrt(disc);
    const double t = b.step - (b.step - a.step) * (b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2);
    if (std::isfinite(t) && t > lo + 0.1 * width && t < hi - 0.1 * width) return t;
  }
  return (lo + hi) / 2;
}

/// The correction pairs of L-BFGS, oldest first, and the search direction they give.
struct lbfgs_memory {
  std::deque<Eigen::VectorXd> s, y;  // steps and gradient changes
  std::deque<double> rho;            // 1 / s'y

  bool empty() const noexcept { return s.empty(); }
  void clear() { s.clear(), y.clear(), rho.clear(); }
  /// Adds a pair, forgetting the oldest beyond `capacity`.
  void push(Eigen::VectorXd step, Eigen::VectorXd change, double sy, int capacity) {
    s.push_back(std::move(step)), y.push_back(std::move(change)), rho.push_back(1 / sy);
    if (static_cast<int>(s.size()) > capacity) s.pop_front(), y.pop_front(), rho.pop_front();
  }
  /// d = -H g by the two-loop recursion (Nocedal and Wright, algorithm 7.4), H0 scaled by the newest s'y / y'y.
  void direction(const Eigen::VectorXd& g, Eigen::VectorXd& d) const {
    double alpha[64];  // at most 64 pairs are kept (lbfgs_options::history is checked)
    d = -g;
    for (std::size_t i = s.size(); i-- > 0;) {
      alpha[i] = rho[i] * s[i].dot(d);
      d -= alpha[i] * y[i];
    }
    if (!s.empty()) d *= s.back().dot(y.back()) / y.back().squaredNorm();
    for (std::size_t i = 0; i < s.size(); ++i) d += (alpha[i] - rho[i] * y[i].dot(d)) * s[i];
  }
};

}  // namespace detail

/// Minimises a smooth function with L-BFGS (Nocedal and Wright, algorithms 7.4 and 3.5-3.6: a line
/// search satisfying the strong Wolfe conditions, c1 = 1e-4, c2 = 0.9). `f(x, grad)` returns f(x)
/// and writes the gradient into `grad` (already sized like x). Deterministic; f may return
/// +infinity for points it refuses (the line search then steps back).
///
///     auto r = ml::minimize_lbfgs([](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
///       g = 2 * (x.array() - 3).matrix();       // f = sum (x_i - 3)^2
///       return (x.array() - 3).square().sum();
///     }, Eigen::VectorXd::Zero(4));              // r.x == (3, 3, 3, 3)
///
/// @throws std::invalid_argument when history is not 1 to 64 or f(x0) is not finite.
template <class F>
lbfgs_result minimize_lbfgs(F&& f, Eigen::VectorXd x0, const lbfgs_options& options = {}) {
  if (options.history < 1 || options.history > 64) detail::misuse("minimize_lbfgs", "history must be 1 to 64");
  constexpr double c1 = 1e-4, c2 = 0.9;
  constexpr int max_line_evaluations = 40;
  lbfgs_result r;
  r.x = std::move(x0);
  Eigen::VectorXd g(r.x.size()), g_new(r.x.size()), x_new(r.x.size()), d(r.x.size());
  r.value = f(static_cast<const Eigen::VectorXd&>(r.x), g);
  r.evaluations = 1;
  if (!std::isfinite(r.value)) detail::misuse("minimize_lbfgs", "f(x0) is not finite");
  detail::lbfgs_memory memory;

  // f and its slope along d at x + step * d (leaves the point in x_new, g_new).
  const auto evaluate = [&](double step) {
    x_new = r.x + step * d;
    const double value = f(static_cast<const Eigen::VectorXd&>(x_new), g_new);
    ++r.evaluations;
    return detail::line_point{step, std::isfinite(value) ? value : std::numeric_limits<double>::infinity(),
                              std::isfinite(value) ? g_new.dot(d) : 0.0};
  };

  while (r.iterations < options.max_iter) {
    if (g.lpNorm<Eigen::Infinity>() <= options.grad_tol) {
      r.converged = true;
      break;
    }
    memory.direction(g, d);
    const detail::line_point start{0.0, r.value, g.dot(d)};
    if (!(start.slope < 0)) {  // not a descent direction: forget the curvature and go downhill
      if (memory.empty()) break;  // even -g is not: the gradient is not finite
      memory.clear();
      continue;
    }
    // The first step has no curvature to scale it: keep it to unit length.
    double step = memory.empty() ? std::min(1.0, 1.0 / d.norm()) : 1.0;

    // Bracketing phase, then zoom (Nocedal and Wright 3.5 and 3.6); `accepted` is the point left
    // in x_new and g_new.
    detail::line_point prev = start, lo = start, hi = start, accepted{};
    bool bracketed = false, found = false;
    for (int k = 0; k < max_line_evaluations && !found; ++k) {
      const double trial = !bracketed ? step
                           : std::isfinite(hi.value) ? detail::interpolate_step(lo, hi)
                                                     : (lo.step + hi.step) / 2;
      const detail::line_point p = evaluate(trial);
      const bool decreased = p.value <= start.value + c1 * p.step * start.slope;
      if (!bracketed) {
        if (!decreased || (k > 0 && p.value >= prev.value)) {
          lo = prev, hi = p, bracketed = true;
        } else if (std::abs(p.slope) <= -c2 * start.slope) {
          accepted = p, found = true;
        } else if (p.slope >= 0) {
          lo = p, hi = prev, bracketed = true;
        } else {
          prev = lo = p;
          step *= 2;
        }
      } else if (!decreased || p.value >= lo.value) {
        hi = p;
      } else if (std::abs(p.slope) <= -c2 * start.slope) {
        accepted = p, found = true;
      } else {
        if (p.slope * (hi.step - lo.step) >= 0) hi = lo;
        lo = p;
      }
    }
    if (!found) {
      // No Wolfe point: settle for the best point with sufficient decrease, if the search met one.
      if (lo.step == 0) break;
      accepted = evaluate(lo.step);
    }

    Eigen::VectorXd s = x_new - r.x, y = g_new - g;
    // Without usable curvature (flat or non-convex along s) only the old pairs are kept.
    if (const double sy = s.dot(y); sy > 1e-12 * y.squaredNorm()) memory.push(std::move(s), std::move(y), sy, options.history);

    const double previous = r.value;
    r.x.swap(x_new);
    g.swap(g_new);
    r.value = accepted.value;
    ++r.iterations;
    if (previous - r.value <= options.f_rel_tol * std::max({std::abs(previous), std::abs(r.value), 1.0})) {
      r.converged = true;
      break;
    }
  }
  return r;
}

}  // namespace ml
AIOPS_END_NAMESPACE
