// aiops: counters, gauges, histograms and summaries, label families and a registry that exposes them
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>   // std::upper_bound, std::is_sorted, std::find
#include <atomic>      // std::atomic: lock-free hot paths
#include <chrono>      // std::chrono::steady_clock, system_clock
#include <cmath>       // std::isfinite, std::floor, std::pow
#include <cstddef>     // std::size_t
#include <cstdint>     // std::uint64_t
#include <functional>  // std::function
#include <limits>      // std::numeric_limits
#include <map>         // std::map: children by label values
#include <memory>      // std::unique_ptr
#include <mutex>       // std::mutex, std::lock_guard
#include <stdexcept>   // std::invalid_argument
#include <string>      // std::string
#include <utility>     // std::move
#include <vector>      // std::vector

#include "aiops/config.hpp"
#include "aiops/prom/model.hpp"
#include "aiops/prom/quantiles.hpp"
#include "aiops/prom/writer.hpp"

AIOPS_BEGIN_NAMESPACE
namespace prom {

/// A value that only goes up (requests, bytes, errors). Increments are relaxed atomics, no lock.
class counter {
 public:
  /// Adds one: a single atomic add on an integer.
  void increment() noexcept { whole_.fetch_add(1, std::memory_order_relaxed); }
  /// Adds `v`. @throws std::invalid_argument when `v` is negative or NaN (a counter never goes down).
  void increment(double v) {
    if (!(v >= 0)) throw std::invalid_argument("aiops::prom: a counter cannot be increased by a negative amount or NaN");
    fraction_.fetch_add(v, std::memory_order_relaxed);
  }
  /// The current value.
  double value() const noexcept {
    return static_cast<double>(whole_.load(std::memory_order_relaxed)) + fraction_.load(std::memory_order_relaxed);
  }
  /// Appends its sample to `out`.
  void append(const std::string& name, const label_set& labels, std::vector<sample>& out) const {
    out.push_back({name, labels, value(), std::nullopt, std::nullopt});
  }
  static constexpr metric_type type = metric_type::counter;

 private:
  std::atomic<std::uint64_t> whole_{0};
  std::atomic<double> fraction_{0};
};

/// A value that goes up and down (queue length, temperature, memory in use).
class gauge {
 public:
  void set(double v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void increment(double v = 1) noexcept { value_.fetch_add(v, std::memory_order_relaxed); }
  void decrement(double v = 1) noexcept { value_.fetch_sub(v, std::memory_order_relaxed); }
  /// Sets the gauge to the Unix time in seconds (a "last success" timestamp).
  void set_to_current_time() noexcept {
    set(std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
  }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }
  void append(const std::string& name, const label_set& labels, std::vector<sample>& out) const {
    out.push_back({name, labels, value(), std::nullopt, std::nullopt});
  }
  static constexpr metric_type type = metric_type::gauge;

 private:
  std::atomic<double> value_{0};
};

/// Prometheus' default buckets, in seconds: .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10.
inline std::vector<double> default_buckets() { return {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}; }

/// `count` buckets `start`, `start + width`, ... @throws std::invalid_argument unless count > 0 and width > 0.
inline std::vector<double> linear_buckets(double start, double width, std::size_t count) {
  if (count == 0 || !(width > 0)) throw std::invalid_argument("aiops::prom: linear_buckets needs count > 0 and width > 0");
  std::vector<double> b(count);
  for (std::size_t i = 0; i < count; ++i) b[i] = start + width * static_cast<double>(i);
  return b;
}

/// `count` buckets `start`, `start * factor`, ... @throws std::invalid_argument unless count > 0, start > 0, factor > 1.
inline std::vector<double> exponential_buckets(double start, double factor, std::size_t count) {
  if (count == 0 || !(start > 0) || !(factor > 1)) {
    throw std::invalid_argument("aiops::prom: exponential_buckets needs count > 0, start > 0 and factor > 1");
  }
  std::vector<double> b(count);
  for (std::size_t i = 0; i < count; ++i) b[i] = start * std::pow(factor, static_cast<double>(i));
  return b;
}

/// Counts of observations in `le` buckets, their sum and count. `observe` is lock-free.
class histogram {
 public:
  /// @throws std::invalid_argument unless the bounds are finite and strictly increasing (+Inf is added).
  explicit histogram(std::vector<double> upper_bounds = default_buckets())
      : bounds_(std::move(upper_bounds)), counts_(bounds_.size() + 1) {
    for (std::size_t i = 0; i < bounds_.size(); ++i) {
      if (!std::isfinite(bounds_[i]) || (i > 0 && !(bounds_[i - 1] < bounds_[i]))) {
        throw std::invalid_argument("aiops::prom: histogram bounds must be finite and strictly increasing");
      }
    }
  }
  histogram(const histogram&) = delete;
  histogram& operator=(const histogram&) = delete;

  /// Counts `v` in the first bucket whose bound is >= v (NaN lands in +Inf only, as in Go).
  void observe(double v) noexcept {
    const auto i = static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin());
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(v, std::memory_order_relaxed);
  }
  /// The upper bounds, without +Inf.
  const std::vector<double>& bounds() const noexcept { return bounds_; }
  /// Cumulative counts per bound, +Inf last (which is the count).
  std::vector<std::uint64_t> cumulative_counts() const {
    std::vector<std::uint64_t> out(counts_.size());
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) out[i] = total += counts_[i].load(std::memory_order_relaxed);
    return out;
  }
  double sum() const noexcept { return sum_.load(std::memory_order_relaxed); }

  void append(const std::string& name, const label_set& labels, std::vector<sample>& out) const {
    const auto cumulative = cumulative_counts();
    for (std::size_t i = 0; i < cumulative.size(); ++i) {
      label_set with_le = labels;
      with_le.push_back({"le", i < bounds_.size() ? format_value(bounds_[i]) : "+Inf"});
      out.push_back({name + "_bucket", std::move(with_le), static_cast<double>(cumulative[i]), std::nullopt, std::nullopt});
    }
    out.push_back({name + "_sum", labels, sum(), std::nullopt, std::nullopt});
    out.push_back({name + "_count", labels, static_cast<double>(cumulative.back()), std::nullopt, std::nullopt});
  }
  static constexpr metric_type type = metric_type::histogram;

 private:
  std::vector<double> bounds_;
  std::vector<std::atomic<std::uint64_t>> counts_;  // per bucket, not cumulative: one add per observation
  std::atomic<double> sum_{0};
};

/// How a summary estimates its quantiles.
struct summary_options {
  /// Quantiles and their rank errors (Go's client has no default; these are common choices).
  std::vector<quantile_target> targets{{0.5, 0.05}, {0.9, 0.01}, {0.99, 0.001}};
  /// Quantiles cover the last `max_age`; 0 = every value since the start.
  std::chrono::milliseconds max_age{std::chrono::minutes(10)};
  /// The window slides in this many steps (memory is this many streams).
  std::size_t age_buckets = 5;
  /// The clock of the window; tests replace it.
  std::function<std::chrono::steady_clock::time_point()> now = [] { return std::chrono::steady_clock::now(); };
};

/// Quantiles over a sliding window (bounded error and memory), plus all-time sum and count.
/// `observe` takes a mutex (the quantile stream is not atomic); use a histogram on very hot paths.
class summary {
 public:
  /// @throws std::invalid_argument for a bad target or `age_buckets == 0`.
  explicit summary(summary_options options = {}) : options_(std::move(options)) {
    if (options_.age_buckets == 0) throw std::invalid_argument("aiops::prom: a summary needs age_buckets > 0");
    const std::size_t streams = options_.max_age.count() > 0 ? options_.age_buckets : 1;
    for (std::size_t i = 0; i < streams; ++i) streams_.emplace_back(options_.targets);
    if (options_.max_age.count() > 0) next_rotation_ = options_.now() + step();
  }

  void observe(double v) {
    std::lock_guard lock(mutex_);
    rotate();
    for (auto& s : streams_) s.insert(v);
    sum_ += v;
    ++count_;
  }
  /// The estimate of quantile `q` over the window; NaN when the window is empty.
  double quantile(double q) {
    std::lock_guard lock(mutex_);
    rotate();
    return streams_[head_].query(q);
  }
  double sum() const {
    std::lock_guard lock(mutex_);
    return sum_;
  }
  std::uint64_t count() const {
    std::lock_guard lock(mutex_);
    return count_;
  }

  void append(const std::string& name, const label_set& labels, std::vector<sample>& out) const {
    std::lock_guard lock(mutex_);
    rotate();
    for (const auto& t : options_.targets) {
      label_set with_q = labels;
      with_q.push_back({"quantile", format_value(t.quantile)});
      out.push_back({name, std::move(with_q), streams_[head_].query(t.quantile), std::nullopt, std::nullopt});
    }
    out.push_back({name + "_sum", labels, sum_, std::nullopt, std::nullopt});
    out.push_back({name + "_count", labels, static_cast<double>(count_), std::nullopt, std::nullopt});
  }
  static constexpr metric_type type = metric_type::summary;

 private:
  std::chrono::steady_clock::duration step() const {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(options_.max_age) /
           static_cast<long>(options_.age_buckets);
  }
  // Every stream holds values since it was last reset; the oldest (head) covers the whole window.
  void rotate() const {
    if (options_.max_age.count() <= 0) return;
    const auto now = options_.now();
    for (std::size_t i = 0; now >= next_rotation_ && i < streams_.size(); ++i) {
      streams_[head_].reset();
      head_ = (head_ + 1) % streams_.size();
      next_rotation_ += step();
    }
    if (now >= next_rotation_) next_rotation_ = now + step();  // idle for a whole window: all reset
  }

  summary_options options_;
  mutable std::mutex mutex_;
  mutable std::vector<quantile_stream> streams_;
  mutable std::size_t head_ = 0;
  mutable std::chrono::steady_clock::time_point next_rotation_{};
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

/// A metric name with label names; one child metric per combination of label values.
///
///     auto& requests = registry.add_counter("http_requests_total", "HTTP requests.", {"method", "code"});
///     prom::counter& ok = requests.with({"GET", "200"});   // keep the reference: `with` locks
///     ok.increment();
///
/// Children live as long as the family (or until `remove`); references to them stay valid.
template <class Metric>
class family {
 public:
  /// The metric name, its HELP text, its label names and a maker of children.
  family(std::string name, std::string help, std::vector<std::string> label_names,
         std::function<std::unique_ptr<Metric>()> make)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)), make_(std::move(make)) {}

  /// The child for these label values (created at first use). @throws std::invalid_argument when
  /// the number of values is not the number of label names.
  Metric& with(const std::vector<std::string>& values = {}) {
    check(values);
    std::lock_guard lock(mutex_);
    auto& child = children_[values];
    if (!child) child = make_();
    return *child;
  }
  /// Drops the child for these values (its series disappears from the next scrape).
  void remove(const std::vector<std::string>& values) {
    check(values);
    std::lock_guard lock(mutex_);
    children_.erase(values);
  }
  /// Drops every child.
  void clear() {
    std::lock_guard lock(mutex_);
    children_.clear();
  }
  const std::string& name() const noexcept { return name_; }
  const std::string& help() const noexcept { return help_; }
  const std::vector<std::string>& label_names() const noexcept { return label_names_; }

  /// The family with one sample (or bucket/quantile set) per child, ordered by label values.
  metric_family collect() const {
    metric_family out{name_, Metric::type, help_, "", {}};
    std::lock_guard lock(mutex_);
    for (const auto& [values, child] : children_) {
      label_set labels;
      for (std::size_t i = 0; i < values.size(); ++i) labels.push_back({label_names_[i], values[i]});
      child->append(name_, labels, out.samples);
    }
    return out;
  }

 private:
  void check(const std::vector<std::string>& values) const {
    if (values.size() != label_names_.size()) {
      throw std::invalid_argument("aiops::prom: " + name_ + " has " + std::to_string(label_names_.size()) +
                                  " labels, got " + std::to_string(values.size()) + " values");
    }
  }

  std::string name_, help_;
  std::vector<std::string> label_names_;
  std::function<std::unique_ptr<Metric>()> make_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> children_;
};

/// Where metrics are registered and from where a scrape collects them, with extra collectors
/// (functions that add families at scrape time, like the host collector).
///
///     prom::registry reg;
///     auto& jobs = reg.add_counter("jobs_total", "Jobs run.", {"result"});
///     jobs.with({"ok"}).increment();
///     std::string page = reg.serialize(prom::format::text);
///
/// Thread safety: every member is thread-safe.
class registry {
 public:
  using collector = std::function<void(std::vector<metric_family>&)>;

  /// @throws std::invalid_argument for a bad or already registered name, or bad label names.
  family<counter>& add_counter(std::string name, std::string help, std::vector<std::string> label_names = {}) {
    return add<counter>(std::move(name), std::move(help), std::move(label_names), {},
                        [] { return std::make_unique<counter>(); });
  }
  family<gauge>& add_gauge(std::string name, std::string help, std::vector<std::string> label_names = {}) {
    return add<gauge>(std::move(name), std::move(help), std::move(label_names), {}, [] { return std::make_unique<gauge>(); });
  }
  /// A histogram family; the label `le` is reserved. @throws std::invalid_argument as add_counter, or for bad bounds.
  family<histogram>& add_histogram(std::string name, std::string help, std::vector<std::string> label_names = {},
                                   std::vector<double> bounds = default_buckets()) {
    histogram check(bounds);  // throws now rather than at the first child
    return add<histogram>(std::move(name), std::move(help), std::move(label_names), "le",
                          [bounds] { return std::make_unique<histogram>(bounds); });
  }
  /// A summary family; the label `quantile` is reserved.
  family<summary>& add_summary(std::string name, std::string help, std::vector<std::string> label_names = {},
                               summary_options options = {}) {
    summary check(options);
    return add<summary>(std::move(name), std::move(help), std::move(label_names), "quantile",
                        [options] { return std::make_unique<summary>(options); });
  }
  /// A function called at every collect, after the registered families.
  void add_collector(collector c) {
    std::lock_guard lock(mutex_);
    collectors_.push_back(std::move(c));
  }

  /// Every family, in registration order, then what the collectors add.
  std::vector<metric_family> collect() const {
    std::vector<metric_family> out;
    std::vector<collector> extra;
    {
      std::lock_guard lock(mutex_);
      for (const auto& e : entries_) out.push_back(e.collect());
      extra = collectors_;
    }
    for (const auto& c : extra) c(out);
    return out;
  }
  /// `collect()` as an exposition document.
  std::string serialize(format f = format::text) const { return write(collect(), f); }

 private:
  template <class Metric>
  family<Metric>& add(std::string name, std::string help, std::vector<std::string> label_names, std::string reserved,
                      std::function<std::unique_ptr<Metric>()> make) {
    if (!is_metric_name(name)) throw std::invalid_argument("aiops::prom: invalid metric name '" + name + "'");
    for (std::size_t i = 0; i < label_names.size(); ++i) {
      const auto& l = label_names[i];
      if (!is_label_name(l) || l.starts_with("__") || l == reserved ||
          std::find(label_names.begin(), label_names.begin() + static_cast<std::ptrdiff_t>(i), l) !=
              label_names.begin() + static_cast<std::ptrdiff_t>(i)) {
        throw std::invalid_argument("aiops::prom: invalid, reserved or repeated label name '" + l + "' for " + name);
      }
    }
    std::lock_guard lock(mutex_);
    for (const auto& e : entries_) {
      if (e.name == name) throw std::invalid_argument("aiops::prom: metric '" + name + "' is already registered");
    }
    auto f = std::make_shared<family<Metric>>(name, std::move(help), std::move(label_names), std::move(make));
    entries_.push_back({name, [f] { return f->collect(); }});
    return *f;
  }

  struct entry {
    std::string name;
    std::function<metric_family()> collect;  // owns the family (a shared_ptr inside)
  };
  mutable std::mutex mutex_;
  std::vector<entry> entries_;
  std::vector<collector> collectors_;
};

}  // namespace prom
AIOPS_END_NAMESPACE
