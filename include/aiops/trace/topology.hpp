// aiops: the service dependency topology of a set of traces: calls, errors and latency percentiles per edge and per service
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::sort
#include <cmath>      // std::ceil
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <map>        // std::map (stable, sorted output)
#include <string>     // std::string
#include <string_view>  // std::string_view
#include <utility>    // std::pair
#include <vector>     // std::vector

#include "aiops/config.hpp"
#include "aiops/trace/tree.hpp"

AIOPS_BEGIN_NAMESPACE
namespace trace {

/// Count and latency percentiles (nearest rank) of a set of durations, in milliseconds.
struct latency_summary {
  std::uint64_t count = 0;
  double mean_ms = 0;
  double p50_ms = 0;
  double p95_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

/// Summarises durations given in nanoseconds (the vector is reordered).
inline latency_summary summarize(std::vector<std::uint64_t>& durations_ns) {
  latency_summary out;
  out.count = durations_ns.size();
  if (durations_ns.empty()) return out;
  std::sort(durations_ns.begin(), durations_ns.end());
  const auto rank = [&](double q) {
    const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(durations_ns.size())));
    return static_cast<double>(durations_ns[k == 0 ? 0 : k - 1]) / 1e6;
  };
  double sum = 0;
  for (auto d : durations_ns) sum += static_cast<double>(d);
  out.mean_ms = sum / static_cast<double>(durations_ns.size()) / 1e6;
  out.p50_ms = rank(0.50);
  out.p95_ms = rank(0.95);
  out.p99_ms = rank(0.99);
  out.max_ms = static_cast<double>(durations_ns.back()) / 1e6;
  return out;
}

/// Calls from one service to another, as the caller saw them (its client span when it has one).
struct edge_stats {
  std::string caller;
  std::string callee;
  std::uint64_t calls = 0;
  std::uint64_t errors = 0;
  latency_summary latency;
  double error_rate() const noexcept { return calls == 0 ? 0 : static_cast<double>(errors) / static_cast<double>(calls); }
};

/// Requests a service served: its entry spans (roots, and spans whose parent is in another service).
struct service_stats {
  std::string name;
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;
  latency_summary latency;   ///< of the entry spans
  double self_ms = 0;        ///< total self time of all the service's spans (work not waiting on children)
  double error_rate() const noexcept { return requests == 0 ? 0 : static_cast<double>(errors) / static_cast<double>(requests); }
};

/// The dependency graph: services and edges sorted by name.
struct topology {
  std::vector<service_stats> services;
  std::vector<edge_stats> edges;
  std::uint64_t traces = 0;
  std::uint64_t spans = 0;

  /// The edge caller -> callee, or nullptr.
  const edge_stats* find_edge(std::string_view caller, std::string_view callee) const noexcept {
    for (const auto& e : edges)
      if (e.caller == caller && e.callee == callee) return &e;
    return nullptr;
  }
  /// The service named `name`, or nullptr.
  const service_stats* find_service(std::string_view name) const noexcept {
    for (const auto& s : services)
      if (s.name == name) return &s;
    return nullptr;
  }
};

/// Incrementally builds a topology, one trace at a time (memory: one duration per call and request).
///
/// Edges follow Zipkin's dependency linker: a span whose parent belongs to another service is one
/// call parent-service -> span-service (timed and failed by the parent when the parent is the
/// client span of that call, timed by the span itself when that client span holds several calls); a client or producer span with a remote service and no child
/// from another service (the callee sent nothing, e.g. a database or a failed connection) is one
/// call to that remote service.
class topology_builder {
 public:
  /// Adds the calls and requests of one trace.
  void add(const trace_tree& t) {
    ++traces_;
    spans_ += t.spans.size();
    const auto times = self_times(t);
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
      const span& s = t.spans[i];
      auto& svc = services_[s.service];
      svc.self_ns += times[i].self_ns;
      const std::size_t p = t.parent[i];
      if (p == no_span || t.spans[p].service != s.service) {
        svc.durations.push_back(s.duration_ns());
        svc.errors += s.error ? 1 : 0;
      }
      if (p != no_span && t.spans[p].service != s.service) {
        const span& caller = t.spans[p];
        const bool client = caller.kind == span_kind::client || caller.kind == span_kind::producer;
        // A client span times its call, unless it holds several (a retry, a fan-out in one span):
        // then each call is timed by its own span, not all by the client's whole duration.
        std::size_t remote_children = 0;
        for (std::size_t c : t.children[p]) remote_children += t.spans[c].service != caller.service;
        const bool timed_by_caller = client && remote_children == 1;
        add_call(caller.service, s.service, timed_by_caller ? caller.duration_ns() : s.duration_ns(), s.error || (client && caller.error));
      }
      if ((s.kind == span_kind::client || s.kind == span_kind::producer) && !s.remote_service.empty() &&
          s.remote_service != s.service) {
        bool answered = false;
        for (std::size_t c : t.children[i]) answered = answered || t.spans[c].service != s.service;
        if (!answered) add_call(s.service, s.remote_service, s.duration_ns(), s.error);
      }
    }
  }

  /// The topology so far (percentiles computed now).
  topology result() {
    topology out;
    out.traces = traces_;
    out.spans = spans_;
    for (auto& [key, e] : edges_) {
      services_[key.second];  // an uninstrumented callee still appears as a node
      edge_stats& s = out.edges.emplace_back();
      s.caller = key.first;
      s.callee = key.second;
      s.errors = e.errors;
      s.latency = summarize(e.durations);
      s.calls = s.latency.count;
    }
    for (auto& [name, v] : services_) {
      service_stats& s = out.services.emplace_back();
      s.name = name;
      s.errors = v.errors;
      s.latency = summarize(v.durations);
      s.requests = s.latency.count;
      s.self_ms = static_cast<double>(v.self_ns) / 1e6;
    }
    return out;
  }

 private:
  struct calls {
    std::vector<std::uint64_t> durations;
    std::uint64_t errors = 0;
    std::uint64_t self_ns = 0;
  };
  std::map<std::pair<std::string, std::string>, calls> edges_;
  std::map<std::string, calls> services_;
  std::uint64_t traces_ = 0;
  std::uint64_t spans_ = 0;

  void add_call(const std::string& from, const std::string& to, std::uint64_t duration, bool error) {
    auto& e = edges_[{from, to}];
    e.durations.push_back(duration);
    e.errors += error ? 1 : 0;
  }
};

/// The topology of a set of traces.
inline topology build_topology(const std::vector<trace_tree>& traces) {
  topology_builder b;
  for (const auto& t : traces) b.add(t);
  return b.result();
}

}  // namespace trace
AIOPS_END_NAMESPACE
