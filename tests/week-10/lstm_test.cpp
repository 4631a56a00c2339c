// aiops: week 10 grader, task 5: gradient clipping, Adam, and an LSTM training loop that learns a sine and finds a spike in it
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::max_element
#include <cmath>      // std::sin, std::abs, std::sqrt
#include <numbers>    // std::numbers::pi
#include <vector>     // std::vector

#include <Eigen/Core>

#include <aiops/anomaly.hpp>
#include <aiops/week10/lstm.hpp>

namespace {

// sin(2 pi t / 40) with N(0, 0.05) noise.
std::vector<double> noisy_sine(std::size_t n, std::uint64_t seed) {
  aiops::rng random(seed);
  std::vector<double> y(n);
  for (std::size_t t = 0; t < n; ++t) y[t] = std::sin(2 * std::numbers::pi * static_cast<double>(t) / 40) + 0.05 * random.normal();
  return y;
}

// The network's one-step forecasts: out[t] predicts y[t] after reading y[0..t) (0 for t = 0).
std::vector<double> one_step(const aiops::anomaly::lstm_network& net, const std::vector<double>& y) {
  aiops::anomaly::lstm_network::state s = net.initial_state(1);
  Eigen::MatrixXd x(1, 1);
  std::vector<double> out(y.size(), 0.0);
  for (std::size_t t = 0; t < y.size(); ++t) {
    out[t] = net.output(s)[0];
    x(0, 0) = y[t];
    net.step(x, s);
  }
  return out;
}

}  // namespace

TEST_CASE("task-5: gradient-norm clipping and Adam steps", "[week-10][task-5]") {
  INFO("Hint: exercises/week-10/README.md, task 5");
  Eigen::VectorXd g(2);
  g << 3, 4;
  CHECK(aiops::week10::clip_norm(g, 1) == Approx(5));
  CHECK(g[0] == Approx(0.6));
  CHECK(g[1] == Approx(0.8));
  g << 0.3, 0.4;
  CHECK(aiops::week10::clip_norm(g, 1) == Approx(0.5));
  CHECK(g[0] == Approx(0.3));  // short enough: unchanged

  // Adam is one precise algorithm: five steps with the same gradients must land where the
  // library's lands. The first step moves every parameter by about the rate, whatever the
  // gradient's size: m_hat / sqrt(v_hat) = g / |g|.
  aiops::rng random(3);
  Eigen::VectorXd mine(6), library(6);
  for (Eigen::Index i = 0; i < 6; ++i) mine[i] = library[i] = random.normal();
  const Eigen::VectorXd start = mine;
  aiops::week10::adam_optimizer a(0.05, 0.8, 0.99, 1e-8);
  aiops::anomaly::adam b(0.05, 0.8, 0.99, 1e-8);
  for (int step = 0; step < 5; ++step) {
    Eigen::VectorXd gradient(6);
    for (Eigen::Index i = 0; i < 6; ++i) gradient[i] = random.normal() * (i + 1) * 10;
    a.step(mine, gradient);
    b.step(library, gradient);
    if (step == 0)
      for (Eigen::Index i = 0; i < 6; ++i) CHECK(std::abs(mine[i] - start[i]) == Approx(0.05).epsilon(1e-6));
    for (Eigen::Index i = 0; i < 6; ++i) CHECK(mine[i] == Approx(library[i]).margin(1e-12));
  }
  Eigen::VectorXd wrong(5);
  CHECK_THROWS_AS(a.step(mine, wrong), std::invalid_argument);
}

TEST_CASE("task-5: the training loop teaches an LSTM a sine, and its residuals find a spike", "[week-10][task-5]") {
  INFO("Hint: exercises/week-10/README.md, task 5");
  aiops::anomaly::lstm_network net(1, 8, 1);
  const std::vector<double> train = noisy_sine(1601, 1);
  const aiops::week10::train_options o{.window = 25, .streams = 8, .epochs = 20, .learning_rate = 0.02, .clip = 1};
  const std::vector<double> losses = aiops::week10::train_lstm(net, train, o);
  REQUIRE(losses.size() == 20);
  INFO("loss per epoch: first " << losses.front() << ", last " << losses.back());
  CHECK(losses.back() < 0.2 * losses.front());
  CHECK_THROWS_AS(aiops::week10::train_lstm(net, std::vector<double>(100, 0.0), o), std::invalid_argument);

  // A fresh stretch of the sine with a spike: one-step forecasts follow the sine closely, and the
  // largest residual is the spike itself.
  std::vector<double> test = noisy_sine(400, 2);
  const std::size_t spike = 321;
  test[spike] += 1;
  const std::vector<double> forecast = one_step(net, test);
  double squares = 0;
  std::vector<double> residual(test.size(), 0.0);
  for (std::size_t t = 40; t < test.size(); ++t) {
    residual[t] = std::abs(test[t] - forecast[t]);
    if (t != spike && t != spike + 1) squares += residual[t] * residual[t];
  }
  const double rmse = std::sqrt(squares / static_cast<double>(test.size() - 42));
  const auto worst = static_cast<std::size_t>(std::max_element(residual.begin(), residual.end()) - residual.begin());
  INFO("one-step RMSE " << rmse << " (the noise alone: 0.05), largest residual at " << worst);
  CHECK(rmse < 0.15);
  CHECK(worst == spike);
}
