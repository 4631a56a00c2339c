// aiops: root-cause ranking: which services explain an incident window's extra latency and errors against a baseline
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::sort, std::max
#include <cmath>      // std::sqrt
#include <cstdint>    // std::uint64_t
#include <map>        // std::map (per-service sums)
#include <string>     // std::string
#include <vector>     // std::vector

#include "aiops/config.hpp"
#include "aiops/trace/tree.hpp"

AIOPS_BEGIN_NAMESPACE
namespace trace {

/// One ranked service and the evidence behind its score.
struct suspect {
  std::string service;
  double score = 0;                ///< the growths less their noise: see rank_root_causes()
  double latency_delta_ms = 0;     ///< change of the critical-path time the service holds, per trace
  double error_delta = 0;          ///< change of the errors that originate in the service, per trace
  double baseline_latency_ms = 0;  ///< its critical-path time per baseline trace
  double baseline_errors = 0;      ///< its originating errors per baseline trace
};

/// What one trace says about each service: the critical-path time it holds and the errors born in it.
struct service_blame {
  std::map<std::string, double> critical_ms;
  std::map<std::string, double> errors;
};

/// Attributes one trace: each critical-path segment to its span's service, except the own time of
/// a client span (the wire, or a callee that sent no span) which goes to the callee; each error to
/// where it originated: an error span none of whose children failed, i.e. the deepest failure of
/// its chain, again charged to the callee when it is a client span (a timeout, a refused connection).
inline service_blame blame(const trace_tree& t) {
  service_blame out;
  const auto owner = [&t](std::size_t i) -> const std::string& {
    const span& s = t.spans[i];
    const bool client = s.kind == span_kind::client || s.kind == span_kind::producer;
    return client && !s.remote_service.empty() ? s.remote_service : s.service;
  };
  for (const auto& seg : critical_path(t)) out.critical_ms[owner(seg.span)] += static_cast<double>(seg.end_ns - seg.start_ns) / 1e6;
  for (std::size_t i = 0; i < t.spans.size(); ++i) {
    if (!t.spans[i].error) continue;
    bool child_failed = false;
    for (std::size_t c : t.children[i]) child_failed = child_failed || t.spans[c].error;
    if (!child_failed) out.errors[owner(i)] += 1;
  }
  return out;
}

namespace detail {

/// Mean of a per-trace quantity and the variance of that mean (0 with fewer than two traces).
struct mean_estimate {
  double sum = 0;
  double squares = 0;
  double mean = 0;
  double variance_of_mean = 0;

  void add(double v) {
    sum += v;
    squares += v * v;
  }
  /// Closes the estimate over `n` traces (traces without the service counted as 0).
  void finish(std::size_t n) {
    if (n == 0) return;
    const double k = static_cast<double>(n);
    mean = sum / k;
    variance_of_mean = n < 2 ? 0 : std::max(0.0, squares - k * mean * mean) / (k - 1) / k;
  }
};

/// The growth `after - before` less `z` standard errors, floored at 0: how much grew for sure.
inline double sure_growth(const mean_estimate& before, const mean_estimate& after, double z) {
  return std::max(0.0, after.mean - before.mean - z * std::sqrt(before.variance_of_mean + after.variance_of_mean));
}

inline std::vector<suspect> rank(const std::vector<const trace_tree*>& baseline, const std::vector<const trace_tree*>& incident) {
  struct totals {
    mean_estimate critical;
    mean_estimate errors;
  };
  const auto average = [](const std::vector<const trace_tree*>& traces, double& latency_ms) {
    std::map<std::string, totals> per;
    latency_ms = 0;
    for (const trace_tree* t : traces) {
      const auto b = blame(*t);
      for (const auto& [svc, ms] : b.critical_ms) per[svc].critical.add(ms);
      for (const auto& [svc, n] : b.errors) per[svc].errors.add(n);
      latency_ms += static_cast<double>(t->duration_ns()) / 1e6;
    }
    for (auto& [svc, v] : per) {
      v.critical.finish(traces.size());
      v.errors.finish(traces.size());
    }
    latency_ms /= traces.empty() ? 1 : static_cast<double>(traces.size());
    return per;
  };
  double base_latency = 0;
  double incident_latency = 0;
  auto before = average(baseline, base_latency);
  const auto during = average(incident, incident_latency);
  const double scale = base_latency > 0 ? base_latency : incident_latency > 0 ? incident_latency : 1;
  for (const auto& [svc, v] : during) before[svc];  // services new in the incident compare with zero
  std::vector<suspect> out;
  for (const auto& [svc, b] : before) {
    const auto it = during.find(svc);
    const totals d = it != during.end() ? it->second : totals{};
    suspect s;
    s.service = svc;
    s.latency_delta_ms = d.critical.mean - b.critical.mean;
    s.error_delta = d.errors.mean - b.errors.mean;
    s.baseline_latency_ms = b.critical.mean;
    s.baseline_errors = b.errors.mean;
    constexpr double z = 2;  // one-sided 97.7% under a normal approximation of the means
    s.score = sure_growth(b.critical, d.critical, z) / scale + sure_growth(b.errors, d.errors, z);
    out.push_back(std::move(s));
  }
  // Without any sure growth, the raw growth still orders the suspects.
  const auto raw = [scale](const suspect& s) { return std::max(0.0, s.latency_delta_ms) / scale + std::max(0.0, s.error_delta); };
  std::stable_sort(out.begin(), out.end(), [&raw](const suspect& a, const suspect& b) {
    return a.score != b.score ? a.score > b.score : raw(a) > raw(b);
  });
  return out;
}

inline std::vector<const trace_tree*> pointers(const std::vector<trace_tree>& traces) {
  std::vector<const trace_tree*> out;
  for (const auto& t : traces) out.push_back(&t);
  return out;
}

}  // namespace detail

/// Ranks services by how much of an incident they surely explain: for each service, the growth of
/// its mean per-trace critical-path time (relative to the baseline's mean trace latency) plus the
/// growth of its mean per-trace originating errors, incident minus baseline, each less two
/// standard errors of that difference (the sampling noise of the two windows) and floored at 0.
/// So a small but steady change (a fast cache 30% slower) outranks the chance wobble of a service
/// whose latency varies a lot. Ties (no sure growth) break by the raw growth, then by name.
/// The comparison is fair when both sets hold the same mix of requests.
///
///     auto ranked = aiops::trace::rank_root_causes(build_traces(before), build_traces(after));
///     std::string culprit = ranked.front().service;
inline std::vector<suspect> rank_root_causes(const std::vector<trace_tree>& baseline, const std::vector<trace_tree>& incident) {
  return detail::rank(detail::pointers(baseline), detail::pointers(incident));
}

/// Ranks root causes with the baseline and incident traces chosen by when their root started.
inline std::vector<suspect> rank_root_causes(const std::vector<trace_tree>& traces, window baseline, window incident) {
  std::vector<const trace_tree*> base;
  std::vector<const trace_tree*> during;
  for (const auto& t : traces) {
    if (t.spans.empty()) continue;
    const std::uint64_t start = t.spans[t.root()].start_ns;
    if (baseline.contains(start)) base.push_back(&t);
    if (incident.contains(start)) during.push_back(&t);
  }
  return detail::rank(base, during);
}

}  // namespace trace
AIOPS_END_NAMESPACE
