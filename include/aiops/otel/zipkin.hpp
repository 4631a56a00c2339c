// aiops: OTLP spans as Zipkin v2 JSON (POST /api/v2/spans), following OpenTelemetry's Zipkin mapping
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>  // std::uint64_t
#include <string>   // std::string

#include "aiops/config.hpp"
#include "aiops/core/json_string.hpp"  // append_json_string
#include "aiops/otel/json.hpp"
#include "aiops/otel/model.hpp"

AIOPS_BEGIN_NAMESPACE
namespace otel {

/// An attribute value as a Zipkin tag (Zipkin tags are strings; arrays and maps become OTLP/JSON).
inline std::string tag_value(const any_value& v) {
  if (const auto* s = v.string()) return *s;
  if (const auto* b = v.boolean()) return *b ? "true" : "false";
  if (const auto* i = v.int64()) return std::to_string(*i);
  detail::json_encoder e;
  if (const auto* d = v.float64()) {
    e.real(*d);
    return e.out;
  }
  if (const auto* bytes = std::get_if<bytes_value>(&v.value)) return detail::base64_encode(bytes->data);
  if (v.empty()) return "";
  e.any(v);
  return e.out;
}

/// Converts every span to a Zipkin v2 span: ids in hex, microsecond timestamps (duration at least
/// 1 us), kind, `localEndpoint.serviceName` from `service.name`, attributes (and resource
/// attributes other than service.name) as tags, events as annotations, an error status as tag
/// `error`, plus `otel.status_code` and `otel.scope.name`; `peer.service` gives `remoteEndpoint`.
inline std::string to_zipkin_json(const traces_data& data) {
  std::string out = "[";
  const auto tag = [&out](std::string_view k, std::string_view v) {
    if (out.back() != '{') out += ',';
    append_json_string(out, k);
    out += ':';
    append_json_string(out, v);
  };
  for (const auto& rs : data.resource_spans) {
    const std::string service = service_name(rs.resource);
    for (const auto& ss : rs.scope_spans) {
      for (const auto& s : ss.spans) {
        if (out.size() > 1) out += ',';
        out += "{\"traceId\":\"" + s.trace_id.hex() + "\",\"id\":\"" + s.span_id.hex() + "\"";
        if (!s.parent_span_id.empty()) out += ",\"parentId\":\"" + s.parent_span_id.hex() + "\"";
        out += ",\"name\":";
        append_json_string(out, s.name);
        static constexpr const char* kinds[] = {nullptr, nullptr, "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};
        const auto k = static_cast<std::size_t>(s.kind);
        if (k < 6 && kinds[k] != nullptr) out += ",\"kind\":\"" + std::string(kinds[k]) + "\"";
        const std::uint64_t start_us = s.start_time_unix_nano / 1000;
        const std::uint64_t end_us = s.end_time_unix_nano / 1000;
        out += ",\"timestamp\":" + std::to_string(start_us) + ",\"duration\":" + std::to_string(end_us > start_us ? end_us - start_us : 1);
        out += ",\"localEndpoint\":{\"serviceName\":";
        append_json_string(out, service);
        out += "}";
        if (const std::string peer = attribute_string(s.attributes, "peer.service"); !peer.empty()) {
          out += ",\"remoteEndpoint\":{\"serviceName\":";
          append_json_string(out, peer);
          out += "}";
        }
        if (!s.events.empty()) {
          out += ",\"annotations\":[";
          for (const auto& e : s.events) {
            if (out.back() != '[') out += ',';
            out += "{\"timestamp\":" + std::to_string(e.time_unix_nano / 1000) + ",\"value\":";
            append_json_string(out, e.name);
            out += '}';
          }
          out += ']';
        }
        out += ",\"tags\":{";
        for (const auto& kv : rs.resource.attributes)
          if (kv.key != "service.name") tag(kv.key, tag_value(kv.value));
        for (const auto& kv : s.attributes) tag(kv.key, tag_value(kv.value));
        if (!ss.scope.name.empty()) tag("otel.scope.name", ss.scope.name);
        if (!ss.scope.version.empty()) tag("otel.scope.version", ss.scope.version);
        if (s.status.code == status_code::error) {
          tag("otel.status_code", "ERROR");
          tag("error", s.status.message);
        } else if (s.status.code == status_code::ok) {
          tag("otel.status_code", "OK");
        }
        out += "}}";
      }
    }
  }
  out += ']';
  return out;
}

}  // namespace otel
AIOPS_END_NAMESPACE
