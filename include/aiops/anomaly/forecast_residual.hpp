// aiops: detectors that score the distance to a forecast band: Holt-Winters and Prophet-style
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max, std::min, std::reverse
#include <cmath>      // std::abs, std::isnan
#include <cstddef>    // std::size_t
#include <deque>      // std::deque
#include <optional>   // std::optional
#include <string>     // std::string
#include <utility>    // std::move
#include <vector>     // std::vector

#include "aiops/anomaly/detector.hpp"
#include "aiops/config.hpp"
#include "aiops/core/time.hpp"
#include "aiops/ts/holt_winters.hpp"
#include "aiops/ts/prophet.hpp"

AIOPS_BEGIN_NAMESPACE
namespace anomaly {

namespace detail {

// The streaming warm-up of a forecast detector (Holt-Winters, LSTM): until `live` holds a model,
// `y` joins `buffer`, and once `warmup` points are there `start(buffer)` builds the model from
// them. True while warming up, when the point gets no score (the point that completes the warm-up
// too). When the points cannot make a model (too many gaps), the warm-up goes on with the last
// `warmup` points, tried again every `warmup` points.
template <class Model, class Start>
bool warming_up(const std::optional<Model>& live, std::vector<double>& buffer, std::size_t warmup, double y,
                Start&& start) {
  if (live) return false;
  buffer.push_back(y);
  if (buffer.size() % warmup != 0) return true;  // an attempt every `warmup` points
  try {
    start(std::vector<double>(buffer.end() - static_cast<std::ptrdiff_t>(warmup), buffer.end()));
    buffer.clear();
  } catch (const std::invalid_argument&) {  // too few finite points: keep warming up, on the last `warmup`
    if (buffer.size() == 2 * warmup) buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(warmup));
  }
  return true;
}

}  // namespace detail

/// |y - one-step Holt-Winters forecast| / sigma of the one-step errors.
/// Batch: the model is fitted on the training series and re-run over the scored one.
/// Streaming: the first `warmup` points (default 2 periods + 1) get no score (NaN) and are used to fit;
/// then every point is scored against the forecast made before it. A point scoring above
/// `reject` is fed to the filter as missing, so an incident does not become the new normal.
class holt_winters_detector final : public detector {
 public:
  explicit holt_winters_detector(ts::holt_winters_options o = {.period = 1440}, double reject = 6, std::size_t warmup = 0)
      : o_(o), reject_(reject), warmup_(warmup ? warmup : 2 * std::max<std::size_t>(o.period, 1) + 1) {}
  std::string name() const override { return "hw"; }
  void fit(const std::vector<double>& y) override {
    model_.emplace(o_);
    model_->fit(y);
  }
  std::vector<double> score(const std::vector<double>& y) const override {
    detail::require_fitted(model_.has_value(), "holt_winters_detector::score");
    // Re-run from the fitted state at the start: a copy fitted on y itself gives in-sample forecasts.
    ts::holt_winters fresh(fixed());
    fresh.fit(y);
    std::vector<double> out(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) out[i] = detail::ratio(y[i] - fresh.fitted()[i], model_->sigma());
    return out;
  }
  double update(double y) override {
    const auto start = [this](const std::vector<double>& points) { live_.emplace(o_).fit(points); };
    if (detail::warming_up(live_, buffer_, warmup_, y, start)) return ts::missing;
    const double s = detail::ratio(y - live_->next(), live_->sigma());
    live_->update(s > reject_ ? ts::missing : y);
    return s;
  }
  void reset() override { model_.reset(); live_.reset(); buffer_.clear(); }

 private:
  // The fitted parameters, fixed, so scoring another series does not re-optimise them.
  ts::holt_winters_options fixed() const {
    ts::holt_winters_options f = o_;
    f.alpha = model_->alpha();
    if (o_.trend != ts::trend_kind::none) f.beta = model_->beta();
    if (o_.seasonal != ts::seasonal_kind::none) f.gamma = model_->gamma();
    if (o_.trend == ts::trend_kind::damped) f.phi = model_->phi();
    return f;
  }
  ts::holt_winters_options o_;
  double reject_;
  std::size_t warmup_;
  std::optional<ts::holt_winters> model_, live_;
  std::vector<double> buffer_;
};

/// |y - Prophet-style fit| / residual sigma, on a regular series with `step` between points
/// (Fourier seasons need only the spacing, not the calendar).
/// Streaming: fits on the first `warmup` points (default 2 days; no score until then), then scores
/// each point with the model fitted before it, refitting every `refit_every` points on the last
/// `history` points. A refit on too few finite points (a long gap) keeps the model it has.
class prophet_detector final : public detector {
 public:
  struct options {
    ts::prophet_options model{};
    timestamp_ns step = ns_per_minute;
    std::size_t warmup = 2 * 1440;
    std::size_t refit_every = 1440;
    std::size_t history = 14 * 1440;
  };
  explicit prophet_detector(options o) : o_(std::move(o)) {
    if (o_.step <= 0 || o_.warmup < 3 || o_.refit_every == 0 || o_.history < o_.warmup)
      throw std::invalid_argument("anomaly::prophet_detector: invalid options");
  }
  prophet_detector() : prophet_detector(options{}) {}
  std::string name() const override { return "prophet"; }
  void fit(const std::vector<double>& y) override {
    model_.emplace(o_.model);
    model_->fit(times(0, y.size()), y);
  }
  std::vector<double> score(const std::vector<double>& y) const override {
    detail::require_fitted(model_.has_value(), "prophet_detector::score");
    const ts::forecast f = model_->predict(times(0, y.size()));
    std::vector<double> out(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) out[i] = detail::ratio(y[i] - f.mean[i], model_->sigma());
    return out;
  }
  double update(double y) override {
    double s = ts::missing;
    if (live_) {
      if (pending_.empty()) {  // forecast the next refit_every points with the current model
        pending_ = live_->predict(times(seen_, o_.refit_every)).mean;
        std::reverse(pending_.begin(), pending_.end());
      }
      s = detail::ratio(y - pending_.back(), live_->sigma());
      pending_.pop_back();
    }
    history_.push_back(y);
    if (history_.size() > o_.history) history_.pop_front();
    ++seen_;
    const bool due = live_ ? pending_.empty() : seen_ >= o_.warmup && (seen_ - o_.warmup) % o_.refit_every == 0;
    if (due) {
      const std::vector<double> h(history_.begin(), history_.end());
      ts::prophet m(o_.model);
      try {
        m.fit(times(seen_ - h.size(), h.size()), h);
        live_.emplace(std::move(m));
      } catch (const std::invalid_argument&) {
        // fewer than 3 finite points in the history (a long gap): keep the current model, if any
      }
    }
    return s;
  }
  void reset() override { model_.reset(); live_.reset(); history_.clear(); pending_.clear(); seen_ = 0; }

 private:
  std::vector<timestamp_ns> times(std::size_t from, std::size_t n) const {
    std::vector<timestamp_ns> t(n);
    for (std::size_t i = 0; i < n; ++i) t[i] = static_cast<timestamp_ns>(from + i) * o_.step;
    return t;
  }
  options o_;
  std::optional<ts::prophet> model_, live_;
  std::deque<double> history_;
  std::vector<double> pending_;
  std::size_t seen_ = 0;
};

}  // namespace anomaly
AIOPS_END_NAMESPACE
