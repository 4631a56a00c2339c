// aiops: the LSTM forecaster: gradients against finite differences, a sine it must learn, spikes it must rank first
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::sort, std::max
#include <cmath>      // std::sin, std::abs, std::isnan
#include <numbers>    // std::numbers::pi
#include <numeric>    // std::iota
#include <set>        // std::set
#include <vector>     // std::vector

#include "aiops/anomaly.hpp"
#include "aiops/ml/random.hpp"
#include "support.hpp"

namespace an = aiops::anomaly;

namespace {

std::vector<double> sine(std::size_t n, double period, double noise, std::uint64_t seed) {
  aiops::ml::rng r(seed);
  std::vector<double> y(n);
  for (std::size_t t = 0; t < n; ++t) y[t] = 10 + 3 * std::sin(2 * std::numbers::pi * static_cast<double>(t) / period) + noise * r.normal();
  return y;
}

// Indices of the k highest scores (no score, NaN, is lowest).
std::set<std::size_t> top(const std::vector<double>& s, std::size_t k) {
  std::vector<std::size_t> idx(s.size());
  std::iota(idx.begin(), idx.end(), 0);
  const auto value = [&](std::size_t i) { return std::isnan(s[i]) ? -1.0 : s[i]; };
  std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(k), idx.end(),
                    [&](std::size_t a, std::size_t b) { return value(a) > value(b); });
  return {idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(k)};
}

}  // namespace

TEST_CASE("LSTM gradients match central finite differences") {
  const an::lstm_network base(2, 3, 11);
  aiops::ml::rng r(5);
  const std::size_t steps = 6, batch = 2;
  std::vector<Eigen::MatrixXd> x(steps, Eigen::MatrixXd(2, batch));
  std::vector<Eigen::VectorXd> target(steps, Eigen::VectorXd(batch));
  for (std::size_t t = 0; t < steps; ++t)
    for (Eigen::Index j = 0; j < static_cast<Eigen::Index>(batch); ++j) {
      x[t](0, j) = r.normal();
      x[t](1, j) = r.normal();
      target[t][j] = r.normal();
    }
  target[2][1] = aiops::ts::missing;  // a gap: no target, no gradient from it
  an::lstm_network::state start = base.initial_state(batch);
  start.h.setConstant(0.3);
  start.c.setConstant(-0.2);

  an::lstm_network net = base;
  Eigen::VectorXd grad, unused;
  an::lstm_network::state s = start;
  net.loss(x, target, s, grad);
  REQUIRE(grad.size() == net.parameters().size());
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < grad.size(); ++i) {
    an::lstm_network plus = base, minus = base;
    plus.parameters()[i] += h;
    minus.parameters()[i] -= h;
    an::lstm_network::state sp = start, sm = start;
    const double numeric = (plus.loss(x, target, sp, unused) - minus.loss(x, target, sm, unused)) / (2 * h);
    INFO("parameter " << i);
    CHECK(grad[i] == Approx(numeric).margin(1e-8).epsilon(1e-5));
  }
}

TEST_CASE("Adam and gradient clipping do what their definitions say") {
  Eigen::VectorXd g(2);
  g << 3, 4;
  CHECK(an::clip_gradient_norm(g, 1) == Approx(5));
  CHECK(g.norm() == Approx(1));
  CHECK(g[0] == Approx(0.6));
  // The first Adam step moves every parameter by the rate, against the sign of its gradient.
  an::adam opt(0.1);
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(2), grad(2);
  grad << 0.001, -50;
  opt.step(theta, grad);
  CHECK(theta[0] == Approx(-0.1).epsilon(1e-4));
  CHECK(theta[1] == Approx(0.1).epsilon(1e-4));
  // It minimises a quadratic.
  theta << 3, -2;
  for (int i = 0; i < 500; ++i) opt.step(theta, 2 * theta);
  CHECK(theta.norm() < 0.05);
}

TEST_CASE("the LSTM forecaster learns a noiseless sine") {
  const std::vector<double> y = sine(1600, 25, 0, 0);
  an::lstm_forecaster f({.hidden = 12, .window = 25, .streams = 8, .epochs = 15, .learning_rate = 0.02, .seed = 3});
  f.fit(y);
  REQUIRE(f.losses().size() == 15);
  CHECK(f.losses().back() < f.losses().front() / 20);
  const std::vector<double> next = f.forecast(y);
  double mae = 0;
  for (std::size_t t = 50; t < y.size(); ++t) mae += std::abs(next[t] - y[t]) / static_cast<double>(y.size() - 50);
  CAPTURE(mae);
  CHECK(mae < 0.05);  // amplitude 3: within 2% of it
  CHECK(f.sigma() < 0.1);
  // Same seed, same network.
  an::lstm_forecaster again({.hidden = 12, .window = 25, .streams = 8, .epochs = 15, .learning_rate = 0.02, .seed = 3});
  again.fit(y);
  CHECK(again.network().parameters() == f.network().parameters());
}

TEST_CASE("the LSTM detector ranks planted spikes first, in batch and streaming") {
  std::vector<double> y = sine(4000, 100, 0.1, 9);
  const std::vector<std::size_t> spikes = {2310, 2740, 3105, 3480, 3890};
  for (std::size_t i : spikes) y[i] += (i % 2 ? -1.2 : 1.2);
  for (std::size_t i = 1000; i < 1006; ++i) y[i] = aiops::ts::missing;  // a gap scores 0 and breaks nothing
  const std::set<std::size_t> expected(spikes.begin(), spikes.end());

  const an::lstm_options o{.hidden = 8, .window = 20, .streams = 8, .epochs = 8, .period = 100, .seed = 1};
  an::lstm_detector batch(o, 6, 2000);
  batch.fit(std::vector<double>(y.begin(), y.begin() + 2000));
  const std::vector<double> s = batch.score(y);
  CHECK(top(s, spikes.size()) == expected);
  CHECK(s[1003] == 0);

  an::lstm_detector online(o, 6, 2000);
  const std::vector<double> c = an::causal_scores(online, y);
  CHECK(top(c, spikes.size()) == expected);
  for (std::size_t i = 0; i < 2000; ++i) REQUIRE(std::isnan(c[i]));  // warming up: no score
}

TEST_CASE("a small LSTM finds the planted anomalies of db-01/memory") {
  const anomaly_test::labelled_series d = anomaly_test::load("db-01/memory");
  const std::size_t from = d.s.size() - 12 * 1440;  // a level shift, a variance change, two spikes, a dip
  const std::vector<double> y(d.s.value.begin() + static_cast<std::ptrdiff_t>(from), d.s.value.end());
  const std::vector<int> labels(d.labels.begin() + static_cast<std::ptrdiff_t>(from), d.labels.end());
  an::lstm_detector det({.hidden = 8, .epochs = 3, .period = 1440, .max_train = 4000});
  det.fit(y);
  const std::vector<double> s = det.score(y);
  const std::vector<int> flagged = an::apply_threshold(s, an::percentile_threshold(s, 99.5));
  CHECK(an::point_adjusted_scores(labels, flagged).f1 > 0.8);
}

TEST_CASE("the registry makes an LSTM detector and the LSTM rejects misuse") {
  auto d = an::make_detector("lstm", aiops::ns_per_minute, 5000);
  CHECK(d->name() == "lstm");
  CHECK(an::make_detector("lstm", aiops::ns_per_minute, 30)->name() == "lstm");  // a short series: a short warm-up
  CHECK_THROWS_AS(an::lstm_forecaster({.hidden = 0}), std::invalid_argument);
  CHECK_THROWS_AS(an::lstm_forecaster({.epochs = 0}), std::invalid_argument);
  CHECK_THROWS_AS(an::lstm_forecaster().fit({1, 2, 3}), std::invalid_argument);
  CHECK_THROWS_AS(an::lstm_forecaster().forecast({1, 2, 3}), std::invalid_argument);
  CHECK_THROWS_AS(an::lstm_detector().score({1, 2, 3}), std::invalid_argument);
  CHECK_THROWS_AS(an::adam(0), std::invalid_argument);
  an::adam opt;
  Eigen::VectorXd theta(2), grad(3);
  CHECK_THROWS_AS(opt.step(theta, grad), std::invalid_argument);
}
