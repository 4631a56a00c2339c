// aiops: week 10, task 5 (your code): the training loop of an LSTM forecaster: clipping, Adam, truncated BPTT
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>  // std::size_t
#include <vector>   // std::vector

#include <Eigen/Core>

#include <aiops/anomaly.hpp>
#include <aiops/core.hpp>

namespace aiops::week10 {

/// Scales `gradient` down to Euclidean norm `max_norm` when it is longer; returns the norm before.
inline double clip_norm(Eigen::VectorXd& gradient, double max_norm) {
  // TODO(week-10): see README, task 5.
  (void)gradient, (void)max_norm;
  throw aiops::not_implemented("week10::clip_norm");
}

/// Adam (Kingma and Ba 2015): each parameter moves by rate * m_hat / (sqrt(v_hat) + epsilon), m and v
/// the running means of the gradient and of its square, divided by 1 - beta^t against their start at 0.
class adam_optimizer {
 public:
  explicit adam_optimizer(double rate = 0.01, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
      : rate_(rate), beta1_(beta1), beta2_(beta2), epsilon_(epsilon) {}

  /// One step of `theta` against `gradient`. @throws std::invalid_argument when the sizes differ.
  void step(Eigen::VectorXd& theta, const Eigen::VectorXd& gradient) {
    // TODO(week-10): see README, task 5 (add the state you need as members).
    (void)theta, (void)gradient, (void)rate_, (void)beta1_, (void)beta2_, (void)epsilon_;
    throw aiops::not_implemented("week10::adam_optimizer::step");
  }

 private:
  double rate_, beta1_, beta2_, epsilon_;
};

/// How `train_lstm` walks the series.
struct train_options {
  std::size_t window = 25;     ///< steps per chunk of truncated backpropagation through time
  std::size_t streams = 8;     ///< contiguous pieces of the series trained side by side (the batch)
  int epochs = 20;             ///< passes over the series
  double learning_rate = 0.01; ///< Adam's rate
  double clip = 1.0;           ///< gradient norm limit
};

/// Trains `net` (1 input) to predict y[t + 1] after reading y[0..t]; returns the mean chunk loss of each epoch.
/// @throws std::invalid_argument when the series is shorter than one window per stream.
inline std::vector<double> train_lstm(anomaly::lstm_network& net, const std::vector<double>& y, const train_options& o) {
  // TODO(week-10): see README, task 5.
  (void)net, (void)y, (void)o;
  throw aiops::not_implemented("week10::train_lstm");
}

}  // namespace aiops::week10
