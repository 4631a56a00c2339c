// aiops: a thread-safe in-memory trace store: spans in (from a receiver's threads), traces and snapshots out
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>        // std::size_t
#include <cstdint>        // std::uint64_t
#include <mutex>          // std::mutex, std::lock_guard
#include <unordered_map>  // std::unordered_map (trace id -> span indexes)
#include <vector>         // std::vector

#include "aiops/config.hpp"
#include "aiops/trace/span.hpp"
#include "aiops/trace/tree.hpp"

AIOPS_BEGIN_NAMESPACE
namespace trace {

/// Spans indexed by trace id, bounded by a span count; spans beyond the bound are refused and counted.
///
///     aiops::trace::store db;
///     aiops::otel::receiver rx({.traces = [&](aiops::otel::traces_data&& d) { db.add(d); return aiops::otel::export_result{}; }});
class store {
 public:
  /// `max_spans`: how many spans the store keeps at most (0: no bound).
  explicit store(std::size_t max_spans = 0) : max_spans_(max_spans) {}

  /// Adds OTLP spans; returns how many were stored (the others were refused: the store is full).
  std::size_t add(const otel::traces_data& data) { return add(from_otel(data)); }

  /// Adds spans; returns how many were stored.
  std::size_t add(std::vector<span> spans) {
    std::lock_guard lock(mutex_);
    std::size_t taken = 0;
    for (auto& s : spans) {
      if (max_spans_ != 0 && spans_.size() >= max_spans_) break;
      by_trace_[s.trace_id].push_back(spans_.size());
      spans_.push_back(std::move(s));
      ++taken;
    }
    dropped_ += spans.size() - taken;
    return taken;
  }

  /// The spans of trace `id` (empty when unknown).
  std::vector<span> trace(const trace_id& id) const {
    std::lock_guard lock(mutex_);
    std::vector<span> out;
    if (const auto it = by_trace_.find(id); it != by_trace_.end())
      for (std::size_t i : it->second) out.push_back(spans_[i]);
    return out;
  }

  /// A copy of every span, in arrival order.
  std::vector<span> spans() const {
    std::lock_guard lock(mutex_);
    return spans_;
  }

  std::size_t span_count() const {
    std::lock_guard lock(mutex_);
    return spans_.size();
  }
  std::size_t trace_count() const {
    std::lock_guard lock(mutex_);
    return by_trace_.size();
  }
  /// Spans refused because the store was full.
  std::uint64_t dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
  }

 private:
  mutable std::mutex mutex_;
  std::size_t max_spans_;
  std::vector<span> spans_;
  std::unordered_map<trace_id, std::vector<std::size_t>, detail::id_hash> by_trace_;
  std::uint64_t dropped_ = 0;
};

}  // namespace trace
AIOPS_END_NAMESPACE
