// aiops: a thread-safe in-memory trace store that keeps the newest traces: spans in (from a receiver's threads), traces out
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>        // std::size_t
#include <cstdint>        // std::uint64_t
#include <functional>     // std::function (trace filters)
#include <deque>          // std::deque (trace ids in arrival order)
#include <map>            // std::map (spans per service)
#include <mutex>          // std::mutex, std::lock_guard
#include <string>         // std::string
#include <unordered_map>  // std::unordered_map (trace id -> trace)
#include <vector>         // std::vector

#include "aiops/config.hpp"
#include "aiops/trace/span.hpp"
#include "aiops/trace/tree.hpp"

AIOPS_BEGIN_NAMESPACE
namespace trace {

/// How much a store keeps; 0 means no bound.
struct store_limits {
  std::size_t max_traces = 0;  ///< traces kept at most (Jaeger's `--memory.max-traces`)
  std::size_t max_spans = 0;   ///< spans kept at most, whatever the number of traces
};

/// Spans grouped by trace id, bounded like Jaeger's in-memory storage: when a bound is passed, the
/// oldest traces (by the arrival of their first span) are evicted, whole, and counted. A collector
/// can run forever on it and always holds the newest traces.
///
///     aiops::trace::store db({.max_traces = 10000});
///     aiops::otel::receiver rx({.traces = [&](aiops::otel::traces_data&& d) { db.add(d); return aiops::otel::export_result{}; }});
class store {
 public:
  explicit store(store_limits limits = {}) : limits_(limits) {}

  /// Adds OTLP spans.
  void add(const otel::traces_data& data) { add(from_otel(data)); }

  /// Adds spans; a span of a trace already held joins it (late spans keep their trace's age).
  /// When a bound is passed, the oldest traces are evicted until the store fits again, so a
  /// single trace larger than `max_spans` is evicted as soon as it is added.
  void add(std::vector<span> spans) {
    std::lock_guard lock(mutex_);
    for (auto& s : spans) {
      auto it = by_id_.find(s.trace_id);
      if (it == by_id_.end()) {
        order_.push_back(s.trace_id);
        it = by_id_.emplace(s.trace_id, std::vector<span>{}).first;
      }
      ++per_service_[s.service];
      it->second.push_back(std::move(s));
      ++span_count_;
      while ((limits_.max_traces != 0 && by_id_.size() > limits_.max_traces) ||
             (limits_.max_spans != 0 && span_count_ > limits_.max_spans))
        evict_oldest();
    }
  }

  /// The spans of trace `id` in arrival order (empty when unknown or evicted).
  std::vector<span> trace(const trace_id& id) const {
    std::lock_guard lock(mutex_);
    const auto it = by_id_.find(id);
    return it == by_id_.end() ? std::vector<span>{} : it->second;
  }

  /// The traces `match` accepts, newest first, at most `limit` of them (0: all).
  std::vector<std::vector<span>> find(const std::function<bool(const std::vector<span>&)>& match, std::size_t limit = 0) const {
    std::lock_guard lock(mutex_);
    std::vector<std::vector<span>> out;
    for (auto id = order_.rbegin(); id != order_.rend() && (limit == 0 || out.size() < limit); ++id) {
      const auto& spans = by_id_.at(*id);
      if (match(spans)) out.push_back(spans);
    }
    return out;
  }

  /// Every span, oldest trace first.
  std::vector<span> spans() const {
    std::lock_guard lock(mutex_);
    std::vector<span> out;
    out.reserve(span_count_);
    for (const auto& id : order_)
      for (const auto& s : by_id_.at(id)) out.push_back(s);
    return out;
  }

  /// The services that recorded the spans held, in name order.
  std::vector<std::string> services() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [name, n] : per_service_) out.push_back(name);
    return out;
  }

  std::size_t span_count() const {
    std::lock_guard lock(mutex_);
    return span_count_;
  }
  std::size_t trace_count() const {
    std::lock_guard lock(mutex_);
    return by_id_.size();
  }
  /// Traces evicted to respect the bounds, since the store was made.
  std::uint64_t evicted_traces() const {
    std::lock_guard lock(mutex_);
    return evicted_traces_;
  }
  /// Spans of those traces.
  std::uint64_t evicted_spans() const {
    std::lock_guard lock(mutex_);
    return evicted_spans_;
  }

 private:
  mutable std::mutex mutex_;
  store_limits limits_;
  std::deque<trace_id> order_;  ///< oldest first
  std::unordered_map<trace_id, std::vector<span>, detail::id_hash> by_id_;
  std::map<std::string, std::size_t> per_service_;  ///< spans held per service, for services()
  std::size_t span_count_ = 0;
  std::uint64_t evicted_traces_ = 0;
  std::uint64_t evicted_spans_ = 0;

  void evict_oldest() {
    const auto it = by_id_.find(order_.front());
    for (const auto& s : it->second)
      if (const auto svc = per_service_.find(s.service); --svc->second == 0) per_service_.erase(svc);
    span_count_ -= it->second.size();
    evicted_spans_ += it->second.size();
    ++evicted_traces_;
    by_id_.erase(it);
    order_.pop_front();
  }
};

}  // namespace trace
AIOPS_END_NAMESPACE
