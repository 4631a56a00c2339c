// aiops: spans in and out of Zipkin v2 JSON, Jaeger JSON (`data[].spans/processes`) and OTLP (JSON, protobuf), detected
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::uint64_t, std::int64_t
#include <map>          // std::map (Jaeger processes)
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/otel/detail/json.hpp"
#include "aiops/otel/json.hpp"
#include "aiops/otel/protobuf.hpp"
#include "aiops/otel/zipkin.hpp"
#include "aiops/trace/span.hpp"

AIOPS_BEGIN_NAMESPACE
namespace trace {

/// The trace formats the module reads and writes.
enum class format { otlp_json, otlp_protobuf, zipkin, jaeger };

/// The name of a format: `otlp-json`, `otlp-protobuf`, `zipkin`, `jaeger`.
constexpr const char* to_string(format f) noexcept {
  switch (f) {
    case format::otlp_json: return "otlp-json";
    case format::otlp_protobuf: return "otlp-protobuf";
    case format::zipkin: return "zipkin";
    case format::jaeger: return "jaeger";
  }
  return "unknown";
}

namespace detail {

using json = nlohmann::json;

/// Parses a JSON document, turning nlohmann's byte offset into a line and column.
inline result<json> parse_document(std::string_view text, const char* what) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    const std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    return fail(at >= text.size() ? errc::unexpected_end : errc::syntax,
                std::string(what) + ": not JSON at " + otel::detail::line_column(text, at), at + 1);
  } catch (const json::exception& e) {  // a number beyond double's range (out_of_range 406)
    return fail(errc::bad_number, std::string(what) + ": " + e.what());
  }
}

/// Reads a hex id, left-padding 64-bit trace ids with zeros as Zipkin and Jaeger allow.
template <std::size_t N>
bool read_id(const json& obj, const char* key, otel::id_bytes<N>& out, bool required) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return !required;
  if (!it->is_string()) return false;
  const std::string& s = it->get_ref<const std::string&>();
  if (s.empty()) return !required;
  if (s.size() > 2 * N) return false;
  const auto id = otel::id_bytes<N>::from_hex(std::string(2 * N - s.size(), '0') + s);
  if (!id) return false;
  out = *id;
  return true;
}

/// A non-negative integer member (microseconds), as a number or a string of digits; 0 when absent.
inline bool read_micros(const json& obj, const char* key, std::uint64_t& out) {
  const auto it = obj.find(key);
  out = 0;
  if (it == obj.end() || it->is_null()) return true;
  if (it->is_number_unsigned()) {
    out = it->get<std::uint64_t>();
  } else if (it->is_number_integer() && it->get<std::int64_t>() >= 0) {
    out = static_cast<std::uint64_t>(it->get<std::int64_t>());
  } else if (it->is_number_float() && it->get<double>() >= 0 && it->get<double>() < 1.8e19) {
    out = static_cast<std::uint64_t>(it->get<double>());
  } else {
    return false;
  }
  return out <= UINT64_MAX / 1000;  // converted to nanoseconds
}

/// Start (member `start_key`) and `duration`, in microseconds, as the span's nanosecond times.
inline bool read_times(const json& obj, const char* start_key, span& s) {
  std::uint64_t ts = 0;
  std::uint64_t duration = 0;
  if (!read_micros(obj, start_key, ts) || !read_micros(obj, "duration", duration) || ts + duration > UINT64_MAX / 1000) return false;
  s.start_ns = ts * 1000;
  s.end_ns = (ts + duration) * 1000;
  return true;
}

inline std::string string_member(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline span_kind kind_from_name(std::string_view k) {
  const auto is = [k](std::string_view upper) {
    if (k.size() != upper.size()) return false;
    for (std::size_t i = 0; i < k.size(); ++i)
      if ((k[i] & ~0x20) != upper[i]) return false;
    return true;
  };
  if (is("SERVER")) return span_kind::server;
  if (is("CLIENT")) return span_kind::client;
  if (is("PRODUCER")) return span_kind::producer;
  if (is("CONSUMER")) return span_kind::consumer;
  if (is("INTERNAL")) return span_kind::internal;
  return span_kind::unspecified;
}

inline failure bad_span(const char* format_name, std::size_t n, const std::string& why) {
  return fail(errc::syntax, std::string(format_name) + " span " + std::to_string(n) + ": " + why);
}

/// One Zipkin v2 span object.
inline result<span> zipkin_span(const json& j, std::size_t n) {
  if (!j.is_object()) return bad_span("Zipkin", n, "not an object");
  span s;
  if (!read_id(j, "traceId", s.trace_id, true)) return bad_span("Zipkin", n, "traceId must be 16 or 32 hex digits");
  if (!read_id(j, "id", s.id, true)) return bad_span("Zipkin", n, "id must be 16 hex digits");
  if (!read_id(j, "parentId", s.parent_id, false)) return bad_span("Zipkin", n, "parentId must be 16 hex digits");
  if (!read_times(j, "timestamp", s)) return bad_span("Zipkin", n, "timestamp and duration must be microseconds");
  s.name = string_member(j, "name");
  s.kind = kind_from_name(string_member(j, "kind"));
  if (const auto le = j.find("localEndpoint"); le != j.end() && le->is_object()) s.service = string_member(*le, "serviceName");
  if (const auto re = j.find("remoteEndpoint"); re != j.end() && re->is_object()) s.remote_service = string_member(*re, "serviceName");
  if (const auto tags = j.find("tags"); tags != j.end() && tags->is_object()) {
    for (const auto& [key, value] : tags->items()) {
      std::string v = value.is_string() ? value.get<std::string>() : value.dump();
      if (key == "error") {
        s.error = true;
        s.status_message = std::move(v);
      } else if (key == "otel.status_code") {
        s.error = s.error || v == "ERROR";
      } else if (key != "otel.scope.name" && key != "otel.scope.version") {
        s.attributes.push_back({key, std::move(v)});
      }
    }
  }
  // The peer is one fact: remoteEndpoint wins, the tag fills in; kept only in remote_service so a
  // re-encoding (which writes it back as both) reads back the same.
  if (s.remote_service.empty()) s.remote_service = otel::attribute_string(s.attributes, "peer.service");
  std::erase_if(s.attributes, [](const auto& kv) { return kv.key == "peer.service"; });
  return s;
}

/// A Jaeger tag's value with its declared type (string, bool, int64, float64, binary).
inline otel::any_value jaeger_value(const json& tag) {
  const auto it = tag.find("value");
  if (it == tag.end() || it->is_null()) return {};
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_unsigned()) return static_cast<std::int64_t>(it->get<std::uint64_t>());
  if (it->is_number_float()) return it->get<double>();
  if (it->is_string()) {
    std::string v = it->get<std::string>();
    const std::string type = string_member(tag, "type");
    if (type == "bool") return v == "true";
    return v;
  }
  return it->dump();
}

inline void jaeger_tags(const json& obj, otel::attributes& out) {
  const auto tags = obj.find("tags");
  if (tags == obj.end() || !tags->is_array()) return;
  for (const auto& t : *tags)
    if (t.is_object()) out.push_back({string_member(t, "key"), jaeger_value(t)});
}

/// One Jaeger span; `services` maps processID to serviceName.
inline result<span> jaeger_span(const json& j, std::size_t n, const std::map<std::string, std::string>& services) {
  if (!j.is_object()) return bad_span("Jaeger", n, "not an object");
  span s;
  if (!read_id(j, "traceID", s.trace_id, true)) return bad_span("Jaeger", n, "traceID must be 16 or 32 hex digits");
  if (!read_id(j, "spanID", s.id, true)) return bad_span("Jaeger", n, "spanID must be 16 hex digits");
  if (!read_id(j, "parentSpanID", s.parent_id, false)) return bad_span("Jaeger", n, "parentSpanID must be 16 hex digits");
  if (const auto refs = j.find("references"); refs != j.end() && refs->is_array()) {
    for (const auto& r : *refs) {  // the first CHILD_OF wins; FOLLOWS_FROM only when there is none
      if (!r.is_object()) continue;
      const bool child_of = string_member(r, "refType") == "CHILD_OF";
      if (!s.parent_id.empty() && !child_of) continue;
      otel::span_id p;
      if (!read_id(r, "spanID", p, true)) return bad_span("Jaeger", n, "a reference's spanID must be 16 hex digits");
      s.parent_id = p;
      if (child_of) break;
    }
  }
  if (!read_times(j, "startTime", s)) return bad_span("Jaeger", n, "startTime and duration must be microseconds");
  s.name = string_member(j, "operationName");
  if (const auto it = services.find(string_member(j, "processID")); it != services.end()) s.service = it->second;
  otel::attributes tags;
  jaeger_tags(j, tags);
  for (auto& kv : tags) {
    const std::string* text = kv.value.string();
    if (kv.key == "span.kind") {
      s.kind = kind_from_name(text != nullptr ? *text : "");
    } else if (kv.key == "error") {
      s.error = s.error || (kv.value.boolean() != nullptr ? *kv.value.boolean() : text != nullptr && *text == "true");
    } else if (kv.key == "otel.status_code") {
      s.error = s.error || (text != nullptr && *text == "ERROR");
    } else if (kv.key == "otel.status_description") {
      s.status_message = text != nullptr ? *text : "";
    } else {
      s.attributes.push_back(std::move(kv));
    }
  }
  s.remote_service = otel::attribute_string(s.attributes, "peer.service");
  return s;
}

}  // namespace detail

/// Reads Zipkin v2 JSON: an array of spans (POST /api/v2/spans, GET /api/v2/trace/{id}) or an
/// array of traces (GET /api/v2/traces). Tag `error` marks an error span and gives its message;
/// 64-bit trace ids are widened to 128 bits; annotations are not kept.
///
///     auto spans = aiops::trace::parse_zipkin_json(R"([{"traceId":"a1","id":"b2","name":"get"}])");
inline result<std::vector<span>> parse_zipkin_json(std::string_view text) {
  auto doc = detail::parse_document(text, "Zipkin");
  if (!doc) return doc.error();
  if (!doc->is_array()) return fail(errc::syntax, "Zipkin: expected an array of spans or of traces");
  std::vector<span> out;
  std::size_t n = 0;
  for (const auto& item : *doc) {
    for (std::size_t i = 0; i < (item.is_array() ? item.size() : 1); ++i) {
      auto s = detail::zipkin_span(item.is_array() ? item[i] : item, ++n);
      if (!s) return s.error();
      out.push_back(std::move(*s));
    }
  }
  return out;
}

/// Writes spans as Zipkin v2 JSON (through OpenTelemetry's Zipkin mapping, otel::to_zipkin_json).
inline std::string to_zipkin_json(const std::vector<span>& spans) { return otel::to_zipkin_json(to_otel(spans)); }

/// Reads Jaeger's JSON (`{"data":[{"traceID","spans":[...],"processes":{...}}]}`, the query API
/// and UI download format): the parent is the first CHILD_OF reference (else FOLLOWS_FROM), the
/// service comes from the span's process, `span.kind`, `error` and `otel.status_*` tags become fields.
inline result<std::vector<span>> parse_jaeger_json(std::string_view text) {
  auto doc = detail::parse_document(text, "Jaeger");
  if (!doc) return doc.error();
  const auto data = doc->is_object() ? doc->find("data") : doc->end();
  if (data == doc->end() || !data->is_array()) return fail(errc::syntax, "Jaeger: expected an object with a \"data\" array of traces");
  std::vector<span> out;
  std::size_t n = 0;
  std::size_t traces = 0;
  for (const auto& t : *data) {
    ++traces;
    if (!t.is_object()) return fail(errc::syntax, "Jaeger: trace " + std::to_string(traces) + " is not an object");
    std::map<std::string, std::string> services;
    if (const auto p = t.find("processes"); p != t.end() && p->is_object())
      for (const auto& [id, process] : p->items())
        if (process.is_object()) services[id] = detail::string_member(process, "serviceName");
    const auto spans = t.find("spans");
    if (spans == t.end() || !spans->is_array()) continue;
    for (const auto& j : *spans) {
      auto s = detail::jaeger_span(j, ++n, services);
      if (!s) return s.error();
      out.push_back(std::move(*s));
    }
  }
  return out;
}

/// Writes spans as Jaeger JSON, one entry of `data` per trace (in order of first appearance) with
/// processes `p1`, `p2`... per service; kind, error and peer.service become tags.
inline std::string to_jaeger_json(const std::vector<span>& spans) {
  using detail::json;
  json data = json::array();
  std::map<otel::trace_id, std::size_t> trace_of;
  std::vector<std::map<std::string, std::string>> process_of;
  for (const auto& s : spans) {
    const auto [it, added] = trace_of.emplace(s.trace_id, data.size());
    if (added) {
      data.push_back({{"traceID", s.trace_id.hex()}, {"spans", json::array()}, {"processes", json::object()}, {"warnings", nullptr}});
      process_of.emplace_back();
    }
    json& t = data[it->second];
    auto& processes = process_of[it->second];
    const auto [p, new_process] = processes.emplace(s.service, "p" + std::to_string(processes.size() + 1));
    if (new_process) t["processes"][p->second] = {{"serviceName", s.service}, {"tags", json::array()}};
    json tags = json::array();
    const auto tag = [&tags](const std::string& key, const otel::any_value& v) {
      if (const auto* b = v.boolean()) tags.push_back({{"key", key}, {"type", "bool"}, {"value", *b}});
      else if (const auto* i = v.int64()) tags.push_back({{"key", key}, {"type", "int64"}, {"value", *i}});
      else if (const auto* d = v.float64()) tags.push_back({{"key", key}, {"type", "float64"}, {"value", *d}});
      else tags.push_back({{"key", key}, {"type", "string"}, {"value", otel::tag_value(v)}});
    };
    static constexpr const char* kinds[] = {nullptr, "internal", "server", "client", "producer", "consumer"};
    if (const auto k = static_cast<std::size_t>(s.kind); k > 0 && k < 6) tag("span.kind", kinds[k]);
    for (const auto& kv : s.attributes)
      if (kv.key != "peer.service") tag(kv.key, kv.value);
    if (!s.remote_service.empty()) tag("peer.service", s.remote_service);
    if (s.error) {
      tag("error", true);
      if (!s.status_message.empty()) tag("otel.status_description", s.status_message);
    }
    json refs = json::array();
    if (!s.parent_id.empty()) refs.push_back({{"refType", "CHILD_OF"}, {"traceID", s.trace_id.hex()}, {"spanID", s.parent_id.hex()}});
    t["spans"].push_back({{"traceID", s.trace_id.hex()},
                          {"spanID", s.id.hex()},
                          {"operationName", s.name},
                          {"references", std::move(refs)},
                          {"startTime", s.start_ns / 1000},
                          {"duration", s.duration_ns() / 1000},
                          {"tags", std::move(tags)},
                          {"logs", json::array()},
                          {"processID", p->second},
                          {"warnings", nullptr}});
  }
  // Names from protobuf input need not be valid UTF-8: replace bad bytes rather than throw.
  return json{{"data", std::move(data)}, {"total", 0}, {"limit", 0}, {"offset", 0}, {"errors", nullptr}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

namespace detail {

inline bool json_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

/// Where member `"name":` first occurs from `from` (a scan, not a parse), or npos.
inline std::size_t find_member(std::string_view body, std::string_view name, std::size_t from) {
  const std::string quoted = '"' + std::string(name) + '"';
  for (std::size_t at = body.find(quoted, from); at != std::string_view::npos; at = body.find(quoted, at + 1)) {
    std::size_t i = at + quoted.size();
    while (i < body.size() && json_space(body[i])) ++i;
    if (i < body.size() && body[i] == ':') return at;
  }
  return std::string_view::npos;
}

}  // namespace detail

/// Which format `body` is in: `[` starts Zipkin, an object with a `data` member (before any
/// `resourceSpans`) is Jaeger, another object is OTLP/JSON, and what is not JSON text is taken for
/// OTLP protobuf. Detection scans for member names, so it costs nothing next to the parse.
inline format detect_format(std::string_view body) {
  std::size_t i = body.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < body.size() && detail::json_space(body[i])) ++i;
  if (i == body.size()) return format::otlp_json;
  if (body[i] == '[') return format::zipkin;
  if (body[i] != '{') return format::otlp_protobuf;
  const std::size_t data = detail::find_member(body, "data", i);
  const std::size_t otlp = std::min(detail::find_member(body, "resourceSpans", i), detail::find_member(body, "resource_spans", i));
  return data < otlp ? format::jaeger : format::otlp_json;
}

/// Reads spans in format `f` (OTLP goes through aiops::otel's decoders).
inline result<std::vector<span>> parse_spans(std::string_view body, format f) {
  switch (f) {
    case format::zipkin: return parse_zipkin_json(body);
    case format::jaeger: return parse_jaeger_json(body);
    case format::otlp_protobuf: {
      auto d = otel::decode_protobuf<otel::traces_data>(body);
      if (!d) return d.error();
      return from_otel(*d);
    }
    case format::otlp_json: break;
  }
  auto d = otel::decode_json<otel::traces_data>(body.substr(body.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0));
  if (!d) return d.error();
  return from_otel(*d);
}

/// Reads spans in whichever format detect_format() finds; a JSON object that has neither
/// `resourceSpans` nor `data` is refused rather than read as no spans.
inline result<std::vector<span>> parse_spans(std::string_view body) {
  const format f = detect_format(body);
  if (f == format::otlp_json && detail::find_member(body, "resourceSpans", 0) == std::string_view::npos &&
      detail::find_member(body, "resource_spans", 0) == std::string_view::npos && body.find('"') != std::string_view::npos)
    return fail(errc::syntax, "neither OTLP (resourceSpans), Zipkin (an array) nor Jaeger (data) JSON");
  return parse_spans(body, f);
}

/// Writes spans in format `f`.
inline std::string write_spans(const std::vector<span>& spans, format f) {
  switch (f) {
    case format::zipkin: return to_zipkin_json(spans);
    case format::jaeger: return to_jaeger_json(spans);
    case format::otlp_protobuf: return otel::encode_protobuf(to_otel(spans));
    case format::otlp_json: break;
  }
  return otel::encode_json(to_otel(spans));
}

}  // namespace trace
AIOPS_END_NAMESPACE
