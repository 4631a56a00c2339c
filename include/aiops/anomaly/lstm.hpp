// aiops: an LSTM forecaster (one layer, linear head, truncated BPTT, Adam) and a detector scoring its one-step residuals
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max, std::min
#include <cmath>      // std::exp, std::tanh, std::sqrt, std::isnan, std::isfinite
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <deque>      // std::deque
#include <limits>     // std::numeric_limits
#include <optional>   // std::optional
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <utility>    // std::move
#include <vector>     // std::vector

#include <Eigen/Core>

#include "aiops/anomaly/detector.hpp"
#include "aiops/anomaly/forecast_residual.hpp"
#include "aiops/config.hpp"
#include "aiops/ml/random.hpp"
#include "aiops/ts/series.hpp"

AIOPS_BEGIN_NAMESPACE
namespace anomaly {

/// One LSTM layer (Hochreiter and Schmidhuber 1997, with a forget gate) and a linear head that
/// reads the hidden state: after consuming x_t the network predicts the next value y_{t+1}.
/// All parameters live in one vector (W_x: 4H x I, W_h: 4H x H, b: 4H, then the head v: H and
/// d), so an optimiser, a clipper or a finite-difference check treats them as one.
/// Gate order in the 4H rows: input, forget, candidate, output. Columns of a batch are streams.
///
///     anomaly::lstm_network net(1, 16, /*seed*/ 7);
///     auto s = net.initial_state(32);                  // 32 streams
///     Eigen::VectorXd grad;
///     double loss = net.loss(inputs, targets, s, grad);  // inputs[t]: 1 x 32; targets[t]: 32 (NaN: no target)
class lstm_network {
 public:
  /// The hidden and cell states of a batch of streams (hidden x batch each).
  struct state {
    Eigen::MatrixXd h, c;
  };

  /// Random weights uniform in +-1/sqrt(hidden), forget-gate bias 1 (remember by default), deterministic given the seed.
  /// @throws std::invalid_argument when inputs or hidden is 0.
  lstm_network(std::size_t inputs, std::size_t hidden, std::uint64_t seed = 0)
      : in_(static_cast<Eigen::Index>(inputs)), hid_(static_cast<Eigen::Index>(hidden)) {
    if (inputs == 0 || hidden == 0) throw std::invalid_argument("anomaly::lstm_network: inputs and hidden must be positive");
    theta_.resize(4 * hid_ * (in_ + hid_ + 1) + hid_ + 1);
    ml::rng r(seed);
    const double k = 1 / std::sqrt(static_cast<double>(hidden));
    for (Eigen::Index i = 0; i < theta_.size(); ++i) theta_[i] = r.uniform(-k, k);
    b().setZero();
    b().segment(hid_, hid_).setOnes();
    theta_[theta_.size() - 1] = 0;
  }

  std::size_t inputs() const noexcept { return static_cast<std::size_t>(in_); }
  std::size_t hidden() const noexcept { return static_cast<std::size_t>(hid_); }
  /// Every weight, in the layout described above.
  Eigen::VectorXd& parameters() noexcept { return theta_; }
  const Eigen::VectorXd& parameters() const noexcept { return theta_; }

  /// Zero states for `batch` streams.
  state initial_state(std::size_t batch) const {
    const auto n = static_cast<Eigen::Index>(batch);
    return {Eigen::MatrixXd::Zero(hid_, n), Eigen::MatrixXd::Zero(hid_, n)};
  }

  /// Consumes one input per stream (x: inputs x batch), advancing `s`.
  void step(const Eigen::MatrixXd& x, state& s) const {
    Eigen::MatrixXd gates;
    forward(x, s, gates);
  }
  /// The prediction of each stream from its state: v . h + d (a row of batch values).
  Eigen::RowVectorXd output(const state& s) const { return (v().transpose() * s.h).array() + d(); }

  /// Truncated backpropagation through time over one chunk: runs x[0..T) from `s` (advanced to
  /// the chunk's end), compares output after x[t] with target[t] (NaN: no target), and returns
  /// the loss sum(err^2 / 2) / (number of targets), its gradient in `gradient` (resized). The
  /// starting state is treated as a constant: gradients stop at the chunk boundary.
  /// @throws std::invalid_argument when the sizes do not match.
  double loss(const std::vector<Eigen::MatrixXd>& x, const std::vector<Eigen::VectorXd>& target, state& s,
              Eigen::VectorXd& gradient) const {
    const std::size_t steps = x.size();
    if (target.size() != steps) throw std::invalid_argument("anomaly::lstm_network::loss: one target row per input step");
    const Eigen::Index batch = s.h.cols();
    std::vector<Eigen::MatrixXd> gates(steps), h(steps + 1), c(steps + 1);
    std::vector<Eigen::RowVectorXd> err(steps);
    h[0] = s.h;
    c[0] = s.c;
    double total = 0, count = 0;
    for (std::size_t t = 0; t < steps; ++t) {
      if (x[t].rows() != in_ || x[t].cols() != batch || target[t].size() != batch)
        throw std::invalid_argument("anomaly::lstm_network::loss: an input or target of the wrong size");
      forward(x[t], s, gates[t]);
      h[t + 1] = s.h;
      c[t + 1] = s.c;
      err[t] = output(s);
      for (Eigen::Index j = 0; j < batch; ++j) {
        const double y = target[t][j];
        err[t][j] = std::isnan(y) ? 0 : err[t][j] - y;
        total += err[t][j] * err[t][j] / 2;
        count += !std::isnan(y);
      }
    }
    gradient.setZero(theta_.size());
    if (count == 0) return 0;
    auto gWx = block(gradient, 0, 4 * hid_, in_), gWh = block(gradient, 4 * hid_ * in_, 4 * hid_, hid_);
    auto gb = gradient.segment(4 * hid_ * (in_ + hid_), 4 * hid_), gv = gradient.segment(4 * hid_ * (in_ + hid_ + 1), hid_);
    Eigen::MatrixXd dh = Eigen::MatrixXd::Zero(hid_, batch), dc = dh, dz(4 * hid_, batch);
    for (std::size_t t = steps; t-- > 0;) {
      const Eigen::RowVectorXd e = err[t] / count;
      gv.noalias() += h[t + 1] * e.transpose();
      gradient[gradient.size() - 1] += e.sum();
      dh.noalias() += v() * e;
      const auto gi = gates[t].topRows(hid_).array(), gf = gates[t].middleRows(hid_, hid_).array();
      const auto gg = gates[t].middleRows(2 * hid_, hid_).array(), go = gates[t].bottomRows(hid_).array();
      const Eigen::ArrayXXd tc = c[t + 1].array().tanh();
      dc.array() += dh.array() * go * (1 - tc.square());
      dz.topRows(hid_).array() = dc.array() * gg * gi * (1 - gi);
      dz.middleRows(hid_, hid_).array() = dc.array() * c[t].array() * gf * (1 - gf);
      dz.middleRows(2 * hid_, hid_).array() = dc.array() * gi * (1 - gg.square());
      dz.bottomRows(hid_).array() = dh.array() * tc * go * (1 - go);
      dc.array() *= gf;
      gWx.noalias() += dz * x[t].transpose();
      gWh.noalias() += dz * h[t].transpose();
      gb += dz.rowwise().sum();
      dh.noalias() = wh().transpose() * dz;
    }
    return total / count;
  }

 private:
  using map = Eigen::Map<Eigen::MatrixXd>;
  using const_map = Eigen::Map<const Eigen::MatrixXd>;
  static map block(Eigen::VectorXd& p, Eigen::Index at, Eigen::Index rows, Eigen::Index cols) { return {p.data() + at, rows, cols}; }
  const_map wx() const { return {theta_.data(), 4 * hid_, in_}; }
  const_map wh() const { return {theta_.data() + 4 * hid_ * in_, 4 * hid_, hid_}; }
  Eigen::Map<const Eigen::VectorXd> b() const { return {theta_.data() + 4 * hid_ * (in_ + hid_), 4 * hid_}; }
  Eigen::Map<Eigen::VectorXd> b() { return {theta_.data() + 4 * hid_ * (in_ + hid_), 4 * hid_}; }
  Eigen::Map<const Eigen::VectorXd> v() const { return {theta_.data() + 4 * hid_ * (in_ + hid_ + 1), hid_}; }
  double d() const { return theta_[theta_.size() - 1]; }

  // One step; `gates` receives the activated gates (i, f, g, o) for the backward pass.
  void forward(const Eigen::MatrixXd& x, state& s, Eigen::MatrixXd& gates) const {
    gates.noalias() = wx() * x;
    gates.noalias() += wh() * s.h;
    gates.colwise() += b();
    const auto sigmoid = [](double z) { return 1 / (1 + std::exp(-z)); };
    gates.topRows(2 * hid_) = gates.topRows(2 * hid_).unaryExpr(sigmoid);
    gates.middleRows(2 * hid_, hid_) = gates.middleRows(2 * hid_, hid_).array().tanh();
    gates.bottomRows(hid_) = gates.bottomRows(hid_).unaryExpr(sigmoid);
    s.c = gates.middleRows(hid_, hid_).cwiseProduct(s.c) + gates.topRows(hid_).cwiseProduct(gates.middleRows(2 * hid_, hid_));
    s.h = gates.bottomRows(hid_).cwiseProduct(s.c.array().tanh().matrix());
  }

  Eigen::Index in_, hid_;
  Eigen::VectorXd theta_;
};

/// Scales `gradient` down to Euclidean norm `max_norm` when it is longer (clipping by global
/// norm, Pascanu et al. 2013: one steep step through a long sequence must not throw the weights
/// away). Returns the norm before clipping.
inline double clip_gradient_norm(Eigen::VectorXd& gradient, double max_norm) {
  const double norm = gradient.norm();
  if (norm > max_norm && norm > 0) gradient *= max_norm / norm;
  return norm;
}

/// Adam (Kingma and Ba 2015): per-parameter steps from bias-corrected running means of the
/// gradient and of its square.
class adam {
 public:
  /// @throws std::invalid_argument unless rate > 0 and 0 <= beta1, beta2 < 1.
  explicit adam(double rate = 1e-2, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
      : rate_(rate), b1_(beta1), b2_(beta2), eps_(epsilon) {
    if (!(rate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
      throw std::invalid_argument("anomaly::adam: rate > 0 and betas in [0, 1)");
  }
  /// theta -= rate * m_hat / (sqrt(v_hat) + epsilon). @throws std::invalid_argument when the sizes differ.
  void step(Eigen::VectorXd& theta, const Eigen::VectorXd& gradient) {
    if (theta.size() != gradient.size()) throw std::invalid_argument("anomaly::adam::step: parameter and gradient sizes differ");
    if (m_.size() != theta.size()) { m_.setZero(theta.size()); v_.setZero(theta.size()); t_ = 0; }
    ++t_;
    m_ = b1_ * m_ + (1 - b1_) * gradient;
    v_ = b2_ * v_ + (1 - b2_) * gradient.cwiseAbs2();
    const double c1 = 1 - std::pow(b1_, t_), c2 = 1 - std::pow(b2_, t_);
    theta.array() -= rate_ * (m_.array() / c1) / ((v_.array() / c2).sqrt() + eps_);
  }

 private:
  double rate_, b1_, b2_, eps_;
  Eigen::VectorXd m_, v_;
  int t_ = 0;
};

/// Options of `lstm_forecaster` and `lstm_detector`.
struct lstm_options {
  std::size_t hidden = 16;          ///< LSTM units
  std::size_t window = 32;          ///< steps per chunk of truncated BPTT
  std::size_t streams = 16;         ///< the series is cut into this many parallel streams (the batch)
  int epochs = 12;                  ///< passes over the training points
  double learning_rate = 0.01;      ///< Adam's step
  double clip = 1.0;                ///< gradient norm limit
  std::size_t period = 0;           ///< > 0: the value one period before the target is a second input
  std::size_t max_train = 20160;    ///< training points at most (spread over the series); 0: all
  std::uint64_t seed = 0;
};

/// A one-step-ahead forecaster: an `lstm_network` trained on the series itself (scaled to mean 0,
/// sd 1) by truncated BPTT over windows of `window` steps, Adam and gradient clipping.
/// Inputs at t: y_t and, with a `period`, y_{t+1-period}; the output predicts y_{t+1}. Training
/// fills gaps (linear up to 5 points, then seasonal, then the mean) and never uses a gap as a target.
///
///     anomaly::lstm_forecaster f({.period = 1440});
///     f.fit(cpu);
///     std::vector<double> next = f.forecast(cpu);   // next[t] predicts cpu[t] from cpu[0..t)
class lstm_forecaster {
 public:
  /// @throws std::invalid_argument on zero sizes, epochs < 1 or a non-positive rate or clip.
  explicit lstm_forecaster(lstm_options o = {}) : o_(o), net_(o.period ? 2 : 1, std::max<std::size_t>(o.hidden, 1), o.seed) {
    if (o.hidden == 0 || o.window == 0 || o.streams == 0 || o.epochs < 1 || !(o.learning_rate > 0) || !(o.clip > 0))
      throw std::invalid_argument("anomaly::lstm_forecaster: sizes, epochs, learning rate and clip must be positive");
  }

  /// Trains on a regular series. @throws std::invalid_argument with fewer than 2 windows of finite points.
  lstm_forecaster& fit(const std::vector<double>& y) {
    std::size_t finite = 0;
    double sum = 0, sq = 0;
    for (double v : y)
      if (std::isfinite(v)) { ++finite; sum += v; sq += v * v; }
    if (finite < 2 * o_.window + 2) throw std::invalid_argument("anomaly::lstm_forecaster::fit: needs at least two windows of finite values");
    mean_ = sum / static_cast<double>(finite);
    scale_ = std::sqrt(std::max(sq / static_cast<double>(finite) - mean_ * mean_, 0.0));
    if (!(scale_ > 1e-12)) scale_ = 1;
    net_ = lstm_network(net_.inputs(), net_.hidden(), o_.seed);
    train(y);
    // The residual scale of in-sample one-step forecasts, past the first window of warm-up.
    const std::vector<double> f = forecast(y);
    double ss = 0, n = 0;
    for (std::size_t t = o_.window; t < y.size(); ++t)
      if (std::isfinite(y[t]) && std::isfinite(f[t])) { ss += (y[t] - f[t]) * (y[t] - f[t]); ++n; }
    sigma_ = n > 0 ? std::sqrt(ss / n) : 1;
    return *this;
  }

  /// One-step forecasts: out[t] predicts y[t] from y[0..t) (NaN for t = 0). A gap, or a value
  /// farther than `reject` residual sigmas from its forecast, is fed to the network as its
  /// forecast, so an incident does not drag the next forecasts with it. @throws std::invalid_argument before fit.
  std::vector<double> forecast(const std::vector<double>& y, double reject = std::numeric_limits<double>::infinity()) const {
    if (std::isnan(mean_)) throw std::invalid_argument("anomaly::lstm_forecaster::forecast: call fit first");
    cursor c(*this);
    std::vector<double> out(y.size(), ts::missing);
    for (std::size_t t = 0; t < y.size(); ++t) {
      if (t > 0) out[t] = c.next();
      c.push(y[t], reject);
    }
    return out;
  }

  /// Streams a fitted forecaster point by point: `next()` forecasts the coming value, `push(y)` takes it in.
  class cursor {
   public:
    explicit cursor(const lstm_forecaster& f) : f_(&f), s_(f.net_.initial_state(1)), x_(static_cast<Eigen::Index>(f.net_.inputs()), 1) {}
    /// The forecast of the next value (the mean of the training series before any push).
    double next() const { return f_->mean_ + f_->scale_ * f_->net_.output(s_)[0]; }
    /// Takes y in; a gap or a value beyond `reject` sigmas is replaced by the forecast.
    void push(double y, double reject = std::numeric_limits<double>::infinity()) {
      const double forecast = next();
      const bool usable = std::isfinite(y) && (pushed_ == 0 || std::abs(y - forecast) <= reject * f_->sigma_);
      const double z = ((usable ? y : forecast) - f_->mean_) / f_->scale_;
      ++pushed_;
      x_(0, 0) = z;
      if (f_->o_.period) {
        past_.push_back(z);
        // The value one period before the next target: y_{t+1-period}, the current one until known.
        x_(1, 0) = past_.size() >= f_->o_.period ? past_[past_.size() - f_->o_.period] : z;
        if (past_.size() >= f_->o_.period) past_.pop_front();
      }
      f_->net_.step(x_, s_);
    }

   private:
    const lstm_forecaster* f_;
    lstm_network::state s_;
    Eigen::MatrixXd x_;
    std::deque<double> past_;
    std::size_t pushed_ = 0;
  };

  /// The root mean square of the in-sample one-step residuals after the first window.
  double sigma() const noexcept { return sigma_; }
  /// The mean training loss (scaled units, sum err^2 / 2 per target) of each epoch.
  const std::vector<double>& losses() const noexcept { return losses_; }
  const lstm_network& network() const noexcept { return net_; }
  const lstm_options& options() const noexcept { return o_; }

 private:
  // Streams of consecutive points spread over the series, each cut into chunks of `window`
  // steps; the state runs on from chunk to chunk and is reset at each epoch.
  void train(const std::vector<double>& y) {
    std::vector<double> z(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) z[i] = (y[i] - mean_) / scale_;
    std::vector<double> filled = z;
    ts::fill_linear(filled, 5);
    if (o_.period) ts::fill_seasonal(filled, o_.period);
    for (double& v : filled)
      if (std::isnan(v)) v = 0;
    const std::size_t n = y.size() - 1;  // inputs 0..n-1, targets 1..n
    const std::size_t streams = std::max<std::size_t>(1, std::min(o_.streams, n / (2 * o_.window)));
    const std::size_t stride = n / streams;
    const std::size_t length = o_.max_train ? std::min(stride, std::max(o_.window, o_.max_train / streams)) : stride;
    const std::size_t inputs = net_.inputs();
    adam opt(o_.learning_rate);
    Eigen::VectorXd grad;
    losses_.clear();
    for (int epoch = 0; epoch < o_.epochs; ++epoch) {
      lstm_network::state s = net_.initial_state(streams);
      double epoch_loss = 0;
      int chunks = 0;
      for (std::size_t from = 0; from < length; from += o_.window) {
        const std::size_t steps = std::min(o_.window, length - from);
        std::vector<Eigen::MatrixXd> x(steps, Eigen::MatrixXd(inputs, streams));
        std::vector<Eigen::VectorXd> target(steps, Eigen::VectorXd(streams));
        for (std::size_t t = 0; t < steps; ++t)
          for (std::size_t k = 0; k < streams; ++k) {
            const std::size_t i = k * stride + from + t;
            const auto col = static_cast<Eigen::Index>(k);
            x[t](0, col) = filled[i];
            if (o_.period) x[t](1, col) = i + 1 >= o_.period ? filled[i + 1 - o_.period] : filled[i];
            target[t][col] = z[i + 1];
          }
        epoch_loss += net_.loss(x, target, s, grad);
        ++chunks;
        clip_gradient_norm(grad, o_.clip);
        opt.step(net_.parameters(), grad);
      }
      losses_.push_back(epoch_loss / std::max(chunks, 1));
    }
  }

  lstm_options o_;
  lstm_network net_;
  double mean_ = ts::missing, scale_ = 1, sigma_ = 1;
  std::vector<double> losses_;
};

/// |y - LSTM one-step forecast| / sigma of the in-sample residuals, like the forecast-residual
/// detectors. Batch: trained on the fitted series, then run over the scored one from a zero
/// state (the first `window` points score 0 while the state warms up). Streaming: the first
/// `warmup` points (default 2 periods, or 2880 without a period) get no score (NaN) and are trained on; then each
/// point is scored against the forecast made before it. In both modes a point scoring above
/// `reject` is fed to the network as its forecast.
class lstm_detector final : public detector {
 public:
  explicit lstm_detector(lstm_options o = {}, double reject = 6, std::size_t warmup = 0)
      : o_(o), reject_(reject), warmup_(warmup ? warmup : 2 * (o.period ? o.period : 1440)) {
    lstm_forecaster check(o);  // validates the options now rather than at the first fit
    (void)check;
    if (warmup_ < 2 * o.window + 2) throw std::invalid_argument("anomaly::lstm_detector: warmup shorter than two windows");
  }
  // The streaming cursor points into live_: a copy would point into the original.
  lstm_detector(const lstm_detector&) = delete;
  lstm_detector& operator=(const lstm_detector&) = delete;
  std::string name() const override { return "lstm"; }
  void fit(const std::vector<double>& y) override {
    model_.emplace(o_);
    model_->fit(y);
  }
  std::vector<double> score(const std::vector<double>& y) const override {
    detail::require_fitted(model_.has_value(), "lstm_detector::score");
    const std::vector<double> f = model_->forecast(y, reject_);
    std::vector<double> out(y.size(), 0.0);
    for (std::size_t t = o_.window; t < y.size(); ++t) out[t] = detail::ratio(y[t] - f[t], model_->sigma());
    return out;
  }
  double update(double y) override {
    const auto start = [this](const std::vector<double>& points) {
      live_.emplace(o_).fit(points);
      cursor_.emplace(*live_);
      for (double v : points) cursor_->push(v, reject_);
    };
    if (detail::warming_up(live_, buffer_, warmup_, y, start)) return ts::missing;
    const double s = detail::ratio(y - cursor_->next(), live_->sigma());
    cursor_->push(y, reject_);
    return s;
  }
  void reset() override { model_.reset(); cursor_.reset(); live_.reset(); buffer_.clear(); }

 private:
  lstm_options o_;
  double reject_;
  std::size_t warmup_;
  std::optional<lstm_forecaster> model_, live_;
  std::optional<lstm_forecaster::cursor> cursor_;
  std::vector<double> buffer_;
};

}  // namespace anomaly
AIOPS_END_NAMESPACE
