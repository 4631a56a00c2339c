// aiops: week 10, task 5 (reference solution): the training loop of an LSTM forecaster: clipping, Adam, truncated BPTT
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::min
#include <cmath>      // std::pow, std::sqrt
#include <cstddef>    // std::size_t
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

#include <Eigen/Core>

#include <aiops/anomaly.hpp>
#include <aiops/core.hpp>

namespace aiops::week10 {

/// Scales `gradient` down to Euclidean norm `max_norm` when it is longer; returns the norm before.
inline double clip_norm(Eigen::VectorXd& gradient, double max_norm) {
  const double norm = gradient.norm();
  if (norm > max_norm) gradient *= max_norm / norm;
  return norm;
}

/// Adam (Kingma and Ba 2015): each parameter moves by rate * m_hat / (sqrt(v_hat) + epsilon), m and v
/// the running means of the gradient and of its square, divided by 1 - beta^t against their start at 0.
class adam_optimizer {
 public:
  explicit adam_optimizer(double rate = 0.01, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
      : rate_(rate), beta1_(beta1), beta2_(beta2), epsilon_(epsilon) {}

  /// One step of `theta` against `gradient`. @throws std::invalid_argument when the sizes differ.
  void step(Eigen::VectorXd& theta, const Eigen::VectorXd& gradient) {
    if (theta.size() != gradient.size()) throw std::invalid_argument("week10::adam_optimizer::step: sizes differ");
    if (m_.size() == 0) {
      m_ = Eigen::VectorXd::Zero(theta.size());
      v_ = Eigen::VectorXd::Zero(theta.size());
    }
    ++t_;
    m_ = beta1_ * m_ + (1 - beta1_) * gradient;
    v_ = beta2_ * v_ + (1 - beta2_) * gradient.cwiseAbs2();
    const Eigen::ArrayXd m_hat = m_.array() / (1 - std::pow(beta1_, t_));
    const Eigen::ArrayXd v_hat = v_.array() / (1 - std::pow(beta2_, t_));
    theta.array() -= rate_ * m_hat / (v_hat.sqrt() + epsilon_);
  }

 private:
  double rate_, beta1_, beta2_, epsilon_;
  Eigen::VectorXd m_, v_;
  int t_ = 0;
};

/// How `train_lstm` walks the series.
struct train_options {
  std::size_t window = 25;     ///< steps per chunk of truncated backpropagation through time
  std::size_t streams = 8;     ///< contiguous pieces of the series trained side by side (the batch)
  int epochs = 20;             ///< passes over the series
  double learning_rate = 0.01; ///< Adam's rate
  double clip = 1.0;           ///< gradient norm limit
};

/// Trains `net` (1 input) to predict y[t + 1] after reading y[0..t]: the series is cut into
/// `streams` equal pieces, one batch column each; every epoch starts them from a zero state and
/// walks them in chunks of `window` steps (input y[i], target y[i + 1]), the state carried from
/// chunk to chunk; each chunk's gradient is clipped and taken by one Adam step.
/// Returns the mean chunk loss of each epoch. @throws std::invalid_argument when the series is
/// shorter than one window per stream.
inline std::vector<double> train_lstm(anomaly::lstm_network& net, const std::vector<double>& y, const train_options& o) {
  const std::size_t length = y.empty() ? 0 : (y.size() - 1) / o.streams;  // inputs per stream
  if (o.window == 0 || o.streams == 0 || length < o.window) throw std::invalid_argument("week10::train_lstm: series too short");
  const auto batch = static_cast<Eigen::Index>(o.streams);
  adam_optimizer adam(o.learning_rate);
  Eigen::VectorXd gradient;
  std::vector<double> losses;
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    anomaly::lstm_network::state state = net.initial_state(o.streams);
    double total = 0;
    int chunks = 0;
    for (std::size_t from = 0; from < length; from += o.window) {
      const std::size_t steps = std::min(o.window, length - from);
      std::vector<Eigen::MatrixXd> x(steps, Eigen::MatrixXd(1, batch));
      std::vector<Eigen::VectorXd> target(steps, Eigen::VectorXd(batch));
      for (std::size_t t = 0; t < steps; ++t)
        for (Eigen::Index k = 0; k < batch; ++k) {
          const std::size_t i = static_cast<std::size_t>(k) * length + from + t;
          x[t](0, k) = y[i];
          target[t][k] = y[i + 1];
        }
      total += net.loss(x, target, state, gradient);
      ++chunks;
      clip_norm(gradient, o.clip);
      adam.step(net.parameters(), gradient);
    }
    losses.push_back(total / chunks);
  }
  return losses;
}

}  // namespace aiops::week10
