// aiops: STL seasonal-trend decomposition with LOESS (Cleveland et al. 1990), robust to outliers and gaps
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max, std::min, std::nth_element
#include <cmath>      // std::abs, std::isnan
#include <cstddef>    // std::size_t
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

#include "aiops/config.hpp"
#include "aiops/ts/series.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ts {

/// Parameters of `stl`; windows are in points and made odd. 0 picks STL's defaults.
struct stl_options {
  std::size_t seasonal_window = 7;  ///< LOESS window across cycles (n_s): larger, a steadier season
  std::size_t trend_window = 0;     ///< LOESS window of the trend (n_t); 0: next odd >= 1.5 p / (1 - 1.5 / n_s)
  int inner = 2;                    ///< inner loop passes (n_i)
  int outer = 1;                    ///< robustness passes (n_o); 0 for no robustness weights
};

/// seasonal + trend + residual = the input (where it is finite).
struct decomposition {
  std::vector<double> trend, seasonal, residual;
};

namespace detail {

// Local linear LOESS of y (at integer positions, NaN skipped) evaluated at every position, with
// tricube weights times the robustness weights w. The window slides so it stays q wide at the ends.
inline std::vector<double> loess(const std::vector<double>& y, const std::vector<double>& w, std::size_t q) {
  const std::size_t n = y.size();
  std::vector<double> out(n, missing);
  if (n == 0) return out;
  q = std::min(q, n);
  const std::size_t half = q / 2;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t lo = i < half ? 0 : std::min(i - half, n - q), hi = lo + q;  // [lo, hi)
    const double h = std::max<double>(static_cast<double>(std::max(i - lo, hi - 1 - i)), 1) * 1.0001;
    double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t j = lo; j < hi; ++j) {
      if (std::isnan(y[j]) || w[j] <= 0) continue;
      const double d = std::abs(static_cast<double>(j) - static_cast<double>(i)) / h;
      const double c = 1 - d * d * d;
      const double k = c * c * c * w[j];
      const double x = static_cast<double>(j) - static_cast<double>(i);
      sw += k; sx += k * x; sy += k * y[j]; sxx += k * x * x; sxy += k * x * y[j];
    }
    if (sw <= 0) continue;
    const double mx = sx / sw, my = sy / sw, var = sxx / sw - mx * mx;
    out[i] = var > 1e-12 ? my - mx * (sxy / sw - mx * my) / var : my;  // the local line at x = 0
  }
  return out;
}

// Moving average of length m (output shorter by m - 1), NaN-aware.
inline std::vector<double> moving_average(const std::vector<double>& y, std::size_t m) {
  std::vector<double> out(y.size() >= m ? y.size() - m + 1 : 0, missing);
  for (std::size_t i = 0; i < out.size(); ++i) {
    double s = 0;
    std::size_t c = 0;
    for (std::size_t j = i; j < i + m; ++j)
      if (!std::isnan(y[j])) { s += y[j]; ++c; }
    if (c) out[i] = s / static_cast<double>(c);
  }
  return out;
}

inline std::size_t make_odd(std::size_t v) { return v % 2 ? v : v + 1; }

}  // namespace detail

/// Decomposes a regular series with seasonal period `period` (points) into trend, seasonal and
/// residual with STL: cycle-subseries LOESS, a low-pass filter, trend LOESS, and bisquare
/// robustness weights from the residuals in the outer passes (so spikes stay in the residual).
/// NaN values are skipped by the smoothers; their components are interpolated, residual NaN.
/// @throws std::invalid_argument if period < 2 or the series is shorter than two periods.
inline decomposition stl(const std::vector<double>& y, std::size_t period, stl_options o = {}) {
  const std::size_t n = y.size();
  if (period < 2) throw std::invalid_argument("ts::stl: period must be at least 2");
  if (n < 2 * period) throw std::invalid_argument("ts::stl: needs at least two periods of data");
  const std::size_t ns = detail::make_odd(std::max<std::size_t>(o.seasonal_window, 7));
  const std::size_t nt = o.trend_window ? detail::make_odd(o.trend_window)
                                        : detail::make_odd(static_cast<std::size_t>(1.5 * period / (1 - 1.5 / ns) + 1));
  const std::size_t nl = detail::make_odd(period);
  decomposition d{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0), std::vector<double>(n, missing)};
  std::vector<double> robust(n, 1.0);
  for (int outer = 0; outer <= o.outer; ++outer) {
    for (int inner = 0; inner < o.inner; ++inner) {
      // 1-2: detrend and smooth each cycle-subseries, extended by one cycle at both ends.
      std::vector<double> c(n + 2 * period, missing);
      for (std::size_t phase = 0; phase < period; ++phase) {
        std::vector<double> sub, w;
        for (std::size_t i = phase; i < n; i += period) { sub.push_back(y[i] - d.trend[i]); w.push_back(robust[i]); }
        // Extend by evaluating the local fit one step beyond each end: pad with NaN, smooth, read.
        std::vector<double> padded(sub.size() + 2, missing), pw(sub.size() + 2, 1.0);
        for (std::size_t k = 0; k < sub.size(); ++k) { padded[k + 1] = sub[k]; pw[k + 1] = w[k]; }
        const std::vector<double> smooth = detail::loess(padded, pw, std::min(ns, padded.size()));
        for (std::size_t k = 0; k < smooth.size(); ++k) {
          const std::size_t at = phase + k * period;  // position in c (shifted by one period)
          if (at < c.size()) c[at] = smooth[k];
        }
      }
      fill_linear(c, c.size());
      // 3: low-pass filter of the cycle-subseries: MA(p), MA(p), MA(3), LOESS(n_l).
      std::vector<double> l = detail::moving_average(detail::moving_average(detail::moving_average(c, period), period), 3);
      l = detail::loess(l, std::vector<double>(l.size(), 1.0), nl);
      // 4-6: seasonal = C - L, deseasonalise, smooth the trend.
      std::vector<double> deseason(n);
      for (std::size_t i = 0; i < n; ++i) {
        d.seasonal[i] = c[i + period] - l[i];
        deseason[i] = y[i] - d.seasonal[i];
      }
      d.trend = detail::loess(deseason, robust, nt);
      fill_linear(d.trend, n);
    }
    for (std::size_t i = 0; i < n; ++i) d.residual[i] = y[i] - d.trend[i] - d.seasonal[i];
    if (outer == o.outer) break;
    // Bisquare weights with h = 6 median |residual|.
    std::vector<double> abs_res;
    for (double r : d.residual)
      if (!std::isnan(r)) abs_res.push_back(std::abs(r));
    if (abs_res.empty()) break;
    std::nth_element(abs_res.begin(), abs_res.begin() + static_cast<std::ptrdiff_t>(abs_res.size() / 2), abs_res.end());
    const double h = 6 * abs_res[abs_res.size() / 2];
    for (std::size_t i = 0; i < n; ++i) {
      const double u = h > 0 && !std::isnan(d.residual[i]) ? std::abs(d.residual[i]) / h : 0;
      robust[i] = u < 1 ? (1 - u * u) * (1 - u * u) : 0;
    }
  }
  return d;
}

}  // namespace ts
AIOPS_END_NAMESPACE
