// aiops: week 08 (reference answers): call counts, per-service p95, the slow service, the failing service, a root-cause ranking
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::sort, std::max_element
#include <cmath>      // std::ceil
#include <cstddef>    // std::size_t
#include <map>        // std::map
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <aiops/core.hpp>
#include <aiops/trace.hpp>

namespace aiops::week08 {

/// caller service -> callee service, and how many calls.
using call_map = std::map<std::pair<std::string, std::string>, std::size_t>;

namespace detail {

/// Spans by (trace id, span id): how a child finds its parent.
using span_index = std::map<std::pair<otel::trace_id, otel::span_id>, const trace::span*>;

inline span_index index(const std::vector<trace::span>& spans) {
  span_index out;
  for (const auto& s : spans) out[{s.trace_id, s.id}] = &s;
  return out;
}

inline const trace::span* parent_of(const span_index& idx, const trace::span& s) {
  if (s.parent_id.empty()) return nullptr;
  const auto it = idx.find({s.trace_id, s.parent_id});
  return it == idx.end() ? nullptr : it->second;
}

inline bool is_client(const trace::span& s) { return s.kind == trace::span_kind::client; }

/// Where an error span's failure is charged: a client span's callee, else its own service.
inline const std::string& culprit(const trace::span& s) { return is_client(s) && !s.remote_service.empty() ? s.remote_service : s.service; }

/// Mean self time per server span of each service, in ms (self = duration minus the time covered by children).
inline std::map<std::string, double> mean_self_ms(const std::vector<trace::span>& spans) {
  std::map<std::string, double> sum;
  std::map<std::string, double> count;
  for (const auto& t : trace::build_traces(spans)) {
    const auto times = trace::self_times(t);
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
      if (t.spans[i].kind != trace::span_kind::server) continue;
      sum[t.spans[i].service] += static_cast<double>(times[i].self_ns) / 1e6;
      count[t.spans[i].service] += 1;
    }
  }
  for (auto& [service, total] : sum) total /= count[service];
  return sum;
}

/// Errors that start in each service, per trace: error spans none of whose children failed.
inline std::map<std::string, double> origin_errors(const std::vector<trace::span>& spans) {
  const auto idx = index(spans);
  std::map<std::pair<otel::trace_id, otel::span_id>, bool> child_failed;
  std::map<otel::trace_id, bool> traces;
  for (const auto& s : spans) {
    traces[s.trace_id] = true;
    if (s.error && !s.parent_id.empty()) child_failed[{s.trace_id, s.parent_id}] = true;
  }
  std::map<std::string, double> out;
  for (const auto& s : spans)
    if (s.error && !child_failed.count({s.trace_id, s.id})) out[culprit(s)] += 1;
  for (auto& [service, n] : out) n /= static_cast<double>(traces.size());
  return out;
}

/// The key whose value grew most from `before` to `after`.
inline std::string largest_increase(const std::map<std::string, double>& before, const std::map<std::string, double>& after) {
  std::string best;
  double best_delta = -1e300;
  for (const auto& [key, v] : after) {
    const auto it = before.find(key);
    const double delta = v - (it == before.end() ? 0 : it->second);
    if (delta > best_delta) {
      best_delta = delta;
      best = key;
    }
  }
  return best;
}

}  // namespace detail

/// Counts the calls between services in `spans` (many traces mixed): a span whose parent is in
/// another service is one call parent -> span; a client span that names a remote service and got
/// no answering span from another service (a refused connection, an uninstrumented database) is
/// one call too.
inline call_map count_calls(const std::vector<trace::span>& spans) {
  const auto idx = detail::index(spans);
  call_map calls;
  std::map<std::pair<otel::trace_id, otel::span_id>, bool> answered;
  for (const auto& s : spans) {
    const trace::span* p = detail::parent_of(idx, s);
    if (p == nullptr || p->service == s.service) continue;
    ++calls[{p->service, s.service}];
    answered[{p->trace_id, p->id}] = true;
  }
  for (const auto& s : spans)
    if (detail::is_client(s) && !s.remote_service.empty() && !answered.count({s.trace_id, s.id})) ++calls[{s.service, s.remote_service}];
  return calls;
}

/// The p95 latency (nearest rank) of each service's server spans, in milliseconds.
inline std::map<std::string, double> p95_by_service(const std::vector<trace::span>& spans) {
  std::map<std::string, std::vector<double>> durations;
  for (const auto& s : spans)
    if (s.kind == trace::span_kind::server) durations[s.service].push_back(static_cast<double>(s.duration_ns()) / 1e6);
  std::map<std::string, double> out;
  for (auto& [service, d] : durations) {
    std::sort(d.begin(), d.end());
    const auto rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(d.size())));
    out[service] = d[rank - 1];
  }
  return out;
}

/// The service that got slow: the largest growth of the mean self time of its server spans (a
/// slow dependency makes its callers' spans longer too, but not their self time).
inline std::string find_slow_service(const std::vector<trace::span>& baseline, const std::vector<trace::span>& incident) {
  return detail::largest_increase(detail::mean_self_ms(baseline), detail::mean_self_ms(incident));
}

/// The service where the incident's errors come from: the largest growth of errors that start
/// there (an error span with no failed child, charged to the callee when it is a client span).
inline std::string find_failing_service(const std::vector<trace::span>& baseline, const std::vector<trace::span>& incident) {
  return detail::largest_increase(detail::origin_errors(baseline), detail::origin_errors(incident));
}

/// The three services most likely to have caused an incident of any kind: the library's ranking.
inline std::vector<std::string> top_suspects(const std::vector<trace::span>& spans, trace::window baseline, trace::window incident) {
  std::vector<std::string> out;
  for (const auto& s : trace::rank_root_causes(trace::build_traces(spans), baseline, incident)) {
    if (out.size() == 3) break;
    out.push_back(s.service);
  }
  return out;
}

}  // namespace aiops::week08
