// aiops: the trace module's span: one flat record per operation (service, ids, times, outcome), from and to OTLP
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>  // std::uint64_t
#include <map>      // std::map (spans grouped by service on export)
#include <string>   // std::string
#include <string_view>  // std::string_view
#include <utility>  // std::move
#include <vector>   // std::vector

#include "aiops/config.hpp"
#include "aiops/otel/model.hpp"

AIOPS_BEGIN_NAMESPACE
namespace trace {

using otel::span_id;
using otel::span_kind;
using otel::trace_id;

/// One operation of a trace with its service folded in, the shape Zipkin and Jaeger use too.
struct span {
  otel::trace_id trace_id;
  otel::span_id id;
  otel::span_id parent_id;        ///< empty for a root span
  std::string service;            ///< `service.name` of the process that recorded the span
  std::string name;               ///< operation name
  span_kind kind = span_kind::unspecified;
  std::uint64_t start_ns = 0;     ///< Unix epoch nanoseconds
  std::uint64_t end_ns = 0;
  bool error = false;             ///< OTLP status ERROR, Zipkin tag `error`, Jaeger tag `error=true`
  std::string status_message;
  std::string remote_service;     ///< the peer (`peer.service`, Zipkin remoteEndpoint) of a client span
  otel::attributes attributes;    ///< tags; values keep their OTLP type where the format has one

  /// end - start, 0 when the clock says the span ended before it started.
  std::uint64_t duration_ns() const noexcept { return end_ns > start_ns ? end_ns - start_ns : 0; }
  friend bool operator==(const span&, const span&) = default;
};

/// A half-open time interval [start_ns, end_ns) of Unix epoch nanoseconds.
struct window {
  std::uint64_t start_ns = 0;
  std::uint64_t end_ns = 0;
  bool contains(std::uint64_t t) const noexcept { return t >= start_ns && t < end_ns; }
  friend bool operator==(const window&, const window&) = default;
};

/// Flattens OTLP spans (service from each resource's `service.name`, remote service from `peer.service`).
inline std::vector<span> from_otel(const otel::traces_data& data) {
  std::vector<span> out;
  out.reserve(otel::item_count(data));
  for (const auto& rs : data.resource_spans) {
    const std::string service = otel::service_name(rs.resource);
    for (const auto& ss : rs.scope_spans)
      for (const auto& s : ss.spans) {
        span& t = out.emplace_back();
        t.trace_id = s.trace_id;
        t.id = s.span_id;
        t.parent_id = s.parent_span_id;
        t.service = service;
        t.name = s.name;
        t.kind = s.kind;
        t.start_ns = s.start_time_unix_nano;
        t.end_ns = s.end_time_unix_nano;
        t.error = s.status.code == otel::status_code::error;
        t.status_message = s.status.message;
        t.remote_service = otel::attribute_string(s.attributes, "peer.service");
        t.attributes = s.attributes;
      }
  }
  return out;
}

/// Builds OTLP spans, one resource per service (in name order), `peer.service` set from remote_service.
inline otel::traces_data to_otel(const std::vector<span>& spans, std::string_view scope_name = "aiops.trace") {
  std::map<std::string, std::vector<const span*>> by_service;
  for (const auto& s : spans) by_service[s.service].push_back(&s);
  otel::traces_data out;
  for (const auto& [service, list] : by_service) {
    auto& rs = out.resource_spans.emplace_back();
    rs.resource.attributes.push_back({"service.name", service});
    auto& ss = rs.scope_spans.emplace_back();
    ss.scope.name = std::string(scope_name);
    for (const span* t : list) {
      auto& s = ss.spans.emplace_back();
      s.trace_id = t->trace_id;
      s.span_id = t->id;
      s.parent_span_id = t->parent_id;
      s.name = t->name;
      s.kind = t->kind;
      s.start_time_unix_nano = t->start_ns;
      s.end_time_unix_nano = t->end_ns;
      s.attributes = t->attributes;
      if (!t->remote_service.empty()) otel::set_attribute(s.attributes, "peer.service", t->remote_service);
      if (t->error) s.status = {t->status_message, otel::status_code::error};
    }
  }
  return out;
}

}  // namespace trace
AIOPS_END_NAMESPACE
