// aiops: internals: the L-BFGS of Stan's optimizer with CmdStan's defaults, the one Prophet fits with
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::min, std::max
#include <cmath>      // std::abs, std::sqrt, std::isfinite
#include <limits>     // std::numeric_limits
#include <utility>    // std::move, std::swap

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/optimize.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ts::detail {

/// Minimises f(x, grad) (it returns f and writes the gradient; a non-finite value marks a point it
/// refuses) the way Stan's L-BFGS does with CmdStan's defaults: 5 correction pairs, a first step
/// of 0.001 along -grad, later first steps from a cubic through the last step, a line search that
/// grows the step tenfold until it brackets a strong Wolfe point (c1 = 1e-4, c2 = 0.9), and its
/// stopping rules: a change of f under 1e-12 or 1e4 machine epsilons of |f|, a gradient norm
/// under 1e-8, g'Hg under 1e7 epsilons of |f|, a step under 1e-8, or 10,000 iterations.
///
/// Why a copy of another optimiser's habits rather than the exact minimum: Prophet's posterior
/// often has a flat valley along which its forecast still moves, and Prophet's answer is where
/// this search stops in it, from Prophet's own start. Same start, same search: the same part of
/// the valley.
template <class F>
Eigen::VectorXd stan_lbfgs(F&& f, Eigen::VectorXd x) {
  constexpr double eps = std::numeric_limits<double>::epsilon();
  constexpr double c1 = 1e-4, c2 = 0.9, first_step = 1e-3, min_step = 1e-12;
  constexpr double tol_f = 1e-12, tol_rel_f = 1e4 * eps, tol_grad = 1e-8, tol_rel_grad = 1e7 * eps, tol_x = 1e-8;
  constexpr int history = 5, max_iterations = 10000, max_expansions = 20, max_retries = 10;

  struct trial {
    double step, value, slope;  // along the search direction p
  };
  const Eigen::Index n = x.size();
  Eigen::VectorXd g(n), p(n), x_new(n), g_new(n), p_last(n), g_last(n);
  double fx = f(static_cast<const Eigen::VectorXd&>(x), g);
  if (!std::isfinite(fx)) return x;
  double f_new = fx, f_last = fx, step_last = 0;
  ml::detail::lbfgs_memory memory;

  // f at x + step p, kept in x_new and g_new; a refused point has an infinite value.
  const auto at = [&](double step) {
    x_new = x + step * p;
    f_new = f(static_cast<const Eigen::VectorXd&>(x_new), g_new);
    if (!std::isfinite(f_new) || !g_new.allFinite()) f_new = std::numeric_limits<double>::infinity();
    return trial{step, f_new, std::isfinite(f_new) ? g_new.dot(p) : 0.0};
  };
  // The minimiser on [lo, hi] of the cubic with value 0 and slope df0 at 0, value f1 and slope
  // df1 at x1: the next first step from the last one.
  const auto cubic_min = [](double df0, double x1, double f1, double df1, double lo, double hi) {
    const double c3 = (-12 * f1 + 6 * x1 * (df0 + df1)) / (x1 * x1 * x1), c2 = -(4 * df0 + 2 * df1) / x1 + 6 * f1 / (x1 * x1);
    const auto cubic = [&](double s) { return s * (s * (s * c3 / 3 + c2) / 2 + df0); };
    const double root = std::sqrt(c2 * c2 - 2 * df0 * c3);
    double best = lo;
    for (double s : {hi, -(c2 + root) / c3, -(c2 - root) / c3})
      if ((s == hi || (lo < s && s < hi)) && cubic(s) < cubic(best)) best = s;
    return best;
  };
  // Narrows [lo, hi] to a strong Wolfe step (sufficient: c1 times the slope at 0; curvature: c2
  // times it): cubic interpolation, bisection every fifth try or when the cubic's step falls near
  // an end. False when the bracket shrinks to nothing.
  const auto zoom = [&](trial lo, trial hi, double& accepted, double sufficient, double curvature) {
    for (int k = 1;; ++k) {
      if (std::abs(lo.step - hi.step) < 1e-16) return false;
      const double width = std::abs(lo.step - hi.step), mid = (lo.step + hi.step) / 2;
      double step = mid;
      if (k % 5 != 0) {
        const double d1 = lo.slope + hi.slope - 3 * (lo.value - hi.value) / (lo.step - hi.step);
        const double d2 = (hi.step < lo.step ? -1 : 1) * std::sqrt(d1 * d1 - lo.slope * hi.slope);
        step = hi.step - (hi.step - lo.step) * (hi.slope + d2 - d1) / (hi.slope - lo.slope + 2 * d2);
        if (!std::isfinite(step) || step < std::min(lo.step, hi.step) + 0.01 * width || step > std::max(lo.step, hi.step) - 0.01 * width)
          step = mid;
      }
      trial t = at(step);
      while (!std::isfinite(t.value)) {  // refused: back towards the bracket's lower end
        const double low = std::min(lo.step, hi.step);
        step = (step + low) / 2;
        if (std::abs(low - step) < 1e-16) return false;
        t = at(step);
      }
      if (t.value > fx + t.step * sufficient || t.value >= lo.value) {
        hi = t;
      } else {
        if (std::abs(t.slope) <= -curvature) {
          accepted = t.step;
          return true;
        }
        if (t.slope * (hi.step - lo.step) >= 0) hi = lo;
        lo = t;
      }
    }
  };
  // Stan's line search from `step`; on success x_new, f_new, g_new hold the point and `step` its step.
  const auto line_search = [&](double& step) {
    const double slope0 = g.dot(p), sufficient = c1 * slope0, curvature = c2 * slope0, first = step;
    trial prev{min_step, fx, slope0};
    double a = step;
    for (int expansions = 0, retries = 0;;) {
      if (expansions >= max_expansions) return false;
      const trial t = at(a);
      if (!std::isfinite(t.value)) {
        if (retries++ >= max_retries) return false;
        a = (prev.step + a) / 2;
        continue;
      }
      retries = 0;
      // Stan tests sufficient decrease here at the first step tried, not at a.
      if (t.value > fx + first * sufficient || (t.value >= prev.value && expansions > 0)) return zoom(prev, t, step, sufficient, curvature);
      if (std::abs(t.slope) <= -curvature) {
        step = a;
        return true;
      }
      if (t.slope >= 0) return zoom(t, prev, step, sufficient, curvature);
      prev = t;
      a *= 10;
      ++expansions;
    }
  };

  p = -g;
  for (int iteration = 1; iteration <= max_iterations; ++iteration) {
    bool reset = iteration == 1, forced = false;
    double step = 0;
    for (;;) {
      if (reset) p = -g;
      step = iteration > 1 && !forced ? std::min(1.0, 1.01 * cubic_min(g_last.dot(p_last), step_last, fx - f_last, g.dot(p_last), min_step, 1.0))
                                      : first_step;
      if (line_search(step)) break;
      if (reset) return x;  // no decrease even along -grad
      reset = forced = true;
    }
    Eigen::VectorXd s = x_new - x, y = g_new - g;
    const double step_norm = s.norm(), sy = s.dot(y);
    f_last = fx;
    fx = f_new;
    x.swap(x_new);
    g_last.swap(g);
    g = g_new;
    p_last = p;
    if (reset) {  // a fresh approximation: scale the remembered step to it
      const double scale = y.squaredNorm() / sy;
      memory.clear();
      p_last /= scale;
      step_last = step * scale;
    } else {
      step_last = step;
    }
    memory.push(std::move(s), std::move(y), sy, history);
    memory.direction(g, p);

    const double scale_f = std::max({std::abs(f_last), std::abs(fx), 1.0});
    if (std::abs(f_last - fx) < tol_f || g.norm() < tol_grad || step_norm < tol_x || std::abs(f_last - fx) / scale_f < tol_rel_f ||
        -p.dot(g) / std::max(std::abs(fx), 1.0) < tol_rel_grad)
      break;
  }
  return x;
}

}  // namespace ts::detail
AIOPS_END_NAMESPACE
