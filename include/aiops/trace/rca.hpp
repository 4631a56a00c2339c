// aiops: root-cause ranking: which services explain an incident window's extra latency and errors against a baseline
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::sort, std::max
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
  double score = 0;                ///< latency_delta_ms / baseline trace latency + error_delta
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

inline std::vector<suspect> rank(const std::vector<const trace_tree*>& baseline, const std::vector<const trace_tree*>& incident) {
  struct totals {
    double critical = 0;
    double errors = 0;
  };
  const auto average = [](const std::vector<const trace_tree*>& traces, double& latency_ms) {
    std::map<std::string, totals> per;
    latency_ms = 0;
    for (const trace_tree* t : traces) {
      const auto b = blame(*t);
      for (const auto& [svc, ms] : b.critical_ms) per[svc].critical += ms;
      for (const auto& [svc, n] : b.errors) per[svc].errors += n;
      latency_ms += static_cast<double>(t->duration_ns()) / 1e6;
    }
    const double n = traces.empty() ? 1 : static_cast<double>(traces.size());
    for (auto& [svc, v] : per) {
      v.critical /= n;
      v.errors /= n;
    }
    latency_ms /= n;
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
    s.latency_delta_ms = d.critical - b.critical;
    s.error_delta = d.errors - b.errors;
    s.baseline_latency_ms = b.critical;
    s.baseline_errors = b.errors;
    s.score = std::max(0.0, s.latency_delta_ms) / scale + std::max(0.0, s.error_delta);
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const suspect& a, const suspect& b) { return a.score > b.score; });
  return out;
}

inline std::vector<const trace_tree*> pointers(const std::vector<trace_tree>& traces) {
  std::vector<const trace_tree*> out;
  for (const auto& t : traces) out.push_back(&t);
  return out;
}

}  // namespace detail

/// Ranks services by how much of an incident they explain: for each service, the growth of its
/// per-trace critical-path time (relative to the baseline's mean trace latency) plus the growth of
/// its per-trace originating errors, incident minus baseline. Only growth counts; ties break by name.
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
