// aiops: Holt-Winters' exact gradient: dual numbers against known derivatives, fits at a minimum of the SSE
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::clamp
#include <cmath>    // std::sin, std::cos
#include <numbers>  // std::numbers::pi
#include <vector>   // std::vector

#include "aiops/ml/random.hpp"
#include "aiops/ts/detail/dual.hpp"
#include "aiops/ts/holt_winters.hpp"

namespace ts = aiops::ts;

TEST_CASE("dual numbers carry the partial derivatives of the four operations on variables and constants") {
  using d2 = ts::detail::dual<2>;
  const d2 a = d2::input(0.3, 0), b = d2::input(2.0, 1);
  // f = a b / (1 - a) + 3 / b - (b - 1) / 4 + 2 a
  const d2 f = a * b / (1 - a) + 3 / b - (b - 1) / 4 + 2 * a;
  CHECK(f.v == Approx(0.3 * 2 / 0.7 + 1.5 - 0.25 + 0.6));
  CHECK(f.d[0] == Approx(2 / (0.7 * 0.7) + 2));       // b / (1 - a)^2 + 2
  CHECK(f.d[1] == Approx(0.3 / 0.7 - 3 / 4.0 - 0.25));  // a / (1 - a) - 3 / b^2 - 1/4
  CHECK(ts::detail::value_of(f) == f.v);
}

TEST_CASE("Holt-Winters fits land where no nearby smoothing parameter has a lower SSE") {
  // Noisy daily shape with growth; for each kind, moving one fitted parameter by +-0.01 (within its
  // range) must not lower the one-step SSE: the optimiser followed a correct gradient to a minimum.
  aiops::ml::rng r(4);
  std::vector<double> y(24 * 30);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double phase = 2 * std::numbers::pi * static_cast<double>(i % 24) / 24;
    y[i] = (100 + 0.05 * static_cast<double>(i)) * (1 + 0.2 * std::sin(phase) + 0.05 * std::cos(2 * phase)) + r.normal(0, 2);
  }
  for (const ts::holt_winters_options& o :
       {ts::holt_winters_options{.period = 24},
        ts::holt_winters_options{.trend = ts::trend_kind::damped, .seasonal = ts::seasonal_kind::multiplicative, .period = 24}}) {
    ts::holt_winters fitted(o);
    fitted.fit(y);
    const double a = fitted.alpha(), b = fitted.beta(), g = fitted.gamma(), phi = fitted.phi();
    for (double step : {-0.01, 0.01}) {
      const auto sse_with = [&](double alpha, double beta, double gamma) {
        auto fixed = o;
        fixed.alpha = std::clamp(alpha, 0.0, 1.0), fixed.beta = std::clamp(beta, 0.0, 1.0), fixed.gamma = std::clamp(gamma, 0.0, 1.0);
        if (o.trend == ts::trend_kind::damped) fixed.phi = phi;
        return ts::holt_winters(fixed).fit(y).sse();
      };
      const double tolerance = 1e-6 * fitted.sse();
      CHECK(sse_with(a + step, b, g) >= fitted.sse() - tolerance);
      CHECK(sse_with(a, b + step, g) >= fitted.sse() - tolerance);
      CHECK(sse_with(a, b, g + step) >= fitted.sse() - tolerance);
    }
  }
}
