// aiops: OTLP/JSON (application/json) encoder and decoder, following protobuf's JSON mapping as OTLP pins it down
// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>     // std::from_chars, std::to_chars (exact, locale-free numbers)
#include <cmath>        // std::isnan, std::isinf
#include <cstdint>      // std::uint64_t
#include <limits>       // std::numeric_limits (NaN and infinities)
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/json_string.hpp"  // append_json_string
#include "aiops/core/result.hpp"
#include "aiops/otel/detail/json.hpp"
#include "aiops/otel/model.hpp"

AIOPS_BEGIN_NAMESPACE
namespace otel {
namespace detail {

/// Standard base64 with padding (bytesValue in JSON).
inline std::string base64_encode(std::string_view in) {
  static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << 16 |
                   static_cast<std::uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8 | static_cast<unsigned char>(in[i + 2]);
    out += table[n >> 18];
    out += table[n >> 12 & 63];
    out += table[n >> 6 & 63];
    out += table[n & 63];
  }
  if (i < in.size()) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
    out += table[n >> 18];
    out += table[n >> 12 & 63];
    out += i + 1 < in.size() ? table[n >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

/// Decodes standard or URL-safe base64, padding optional; nullopt on any other character.
inline std::optional<std::string> base64_decode(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    if (v < 0) return std::nullopt;
    acc = (acc << 6 | static_cast<std::uint32_t>(v)) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(acc >> bits & 0xFF);
    }
  }
  return out;
}

/// Maps a json_node tree onto the model. Accepts 64-bit integers as strings or numbers, doubles
/// as numbers or "NaN"/"Infinity"/"-Infinity", ids as hex, enums as integers, unknown keys ignored.
class json_decoder {
 public:
  explicit json_decoder(std::string_view text) : text_(text) {}

  failure error() const {
    return fail(errc::syntax, "OTLP/JSON: " + why_ + " at " + line_column(text_, at_), at_ + 1);
  }

  bool traces(const json_node& n, traces_data& out) {
    return each(n, "resourceSpans", [&](const json_node& rs) {
      auto& r = out.resource_spans.emplace_back();
      return envelope(rs, r, "scopeSpans", [&](const json_node& ss) {
        auto& s = r.scope_spans.emplace_back();
        return envelope(ss, s, "spans", [&](const json_node& sp) { return span(sp, s.spans.emplace_back()); });
      });
    });
  }
  bool metrics(const json_node& n, metrics_data& out) {
    return each(n, "resourceMetrics", [&](const json_node& rm) {
      auto& r = out.resource_metrics.emplace_back();
      return envelope(rm, r, "scopeMetrics", [&](const json_node& sm) {
        auto& s = r.scope_metrics.emplace_back();
        return envelope(sm, s, "metrics", [&](const json_node& m) { return metric(m, s.metrics.emplace_back()); });
      });
    });
  }
  bool logs(const json_node& n, logs_data& out) {
    return each(n, "resourceLogs", [&](const json_node& rl) {
      auto& r = out.resource_logs.emplace_back();
      return envelope(rl, r, "scopeLogs", [&](const json_node& sl) {
        auto& s = r.scope_logs.emplace_back();
        return envelope(sl, s, "logRecords", [&](const json_node& l) { return log(l, s.log_records.emplace_back()); });
      });
    });
  }
  bool response(const json_node& n, export_response& out) {
    if (!is_object(n)) return false;
    const json_node* p = n.find("partialSuccess");
    if (p == nullptr || p->type == json_node::kind::null) return true;
    if (!is_object(*p)) return false;
    for (const char* key : {"rejectedSpans", "rejectedDataPoints", "rejectedLogRecords"})
      if (!integer(p->find(key), key, out.rejected)) return false;
    return text(p->find("errorMessage"), "errorMessage", out.error_message);
  }

 private:
  std::string_view text_;
  std::string why_;
  std::size_t at_ = 0;

  bool bad(const json_node& n, std::string why) {
    why_ = std::move(why);
    at_ = n.offset;
    return false;
  }
  bool is_object(const json_node& n) { return n.type == json_node::kind::object || bad(n, "expected an object"); }
  static bool absent(const json_node* n) noexcept { return n == nullptr || n->type == json_node::kind::null; }

  /// Runs `item` on each element of array member `key` (absent or null means none).
  template <class Item>
  bool each(const json_node& obj, const char* key, Item&& item) {
    if (!is_object(obj)) return false;
    const json_node* a = obj.find(key);
    if (absent(a)) return true;
    if (a->type != json_node::kind::array) return bad(*a, std::string("'") + key + "' must be an array");
    for (const auto& x : a->items)
      if (!item(x)) return false;
    return true;
  }
  bool text(const json_node* n, const char* key, std::string& out) {
    if (absent(n)) return true;
    if (n->type != json_node::kind::string) return bad(*n, std::string("'") + key + "' must be a string");
    out = n->text;
    return true;
  }
  bool boolean(const json_node* n, const char* key, bool& out) {
    if (absent(n)) return true;
    if (n->type != json_node::kind::boolean) return bad(*n, std::string("'") + key + "' must be true or false");
    out = n->flag;
    return true;
  }
  /// An integer field of any width (64-bit ones usually arrive as strings); range-checked.
  template <class Int>
  bool integer(const json_node* n, const char* key, Int& out) {
    if (absent(n)) return true;
    using wide = std::conditional_t<std::is_signed_v<Int>, std::int64_t, std::uint64_t>;
    wide v = 0;
    if (n->type == json_node::kind::number || n->type == json_node::kind::string) {
      const std::string& s = n->text;
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec == std::errc() && end == s.data() + s.size() && v >= static_cast<wide>(std::numeric_limits<Int>::min()) &&
          v <= static_cast<wide>(std::numeric_limits<Int>::max())) {
        out = static_cast<Int>(v);
        return true;
      }
    }
    return bad(*n, std::string("'") + key + "' must be an integer in range (a number or a decimal string)");
  }
  template <class Enum>
  bool enumeration(const json_node* n, const char* key, Enum& out) {
    std::int32_t v = static_cast<std::int32_t>(out);
    if (!integer(n, key, v)) return false;
    out = static_cast<Enum>(v);
    return true;
  }
  bool real(const json_node* n, const char* key, double& out) {
    if (absent(n)) return true;
    if (n->type == json_node::kind::string) {
      if (n->text == "NaN") return (out = std::numeric_limits<double>::quiet_NaN()), true;
      if (n->text == "Infinity") return (out = std::numeric_limits<double>::infinity()), true;
      if (n->text == "-Infinity") return (out = -std::numeric_limits<double>::infinity()), true;
    }
    if (n->type == json_node::kind::number || n->type == json_node::kind::string) {
      const std::string& s = n->text;
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
      if ((ec == std::errc() || ec == std::errc::result_out_of_range) && end == s.data() + s.size() && !s.empty()) return true;
    }
    return bad(*n, std::string("'") + key + "' must be a number");
  }
  bool optional_real(const json_node* n, const char* key, std::optional<double>& out) {
    if (absent(n)) return true;
    double v = 0;
    if (!real(n, key, v)) return false;
    out = v;
    return true;
  }
  template <std::size_t N>
  bool id(const json_node* n, const char* key, id_bytes<N>& out) {
    if (absent(n)) return true;
    if (n->type == json_node::kind::string) {
      if (n->text.empty()) return true;
      if (auto v = id_bytes<N>::from_hex(n->text)) {
        out = *v;
        return true;
      }
    }
    return bad(*n, std::string("'") + key + "' must be " + std::to_string(2 * N) + " hex digits");
  }
  template <class T, class Item>
  bool array_of(const json_node* n, const char* key, std::vector<T>& out, Item&& item) {
    if (absent(n)) return true;
    if (n->type != json_node::kind::array) return bad(*n, std::string("'") + key + "' must be an array");
    for (const auto& x : n->items)
      if (!item(&x, out.emplace_back())) return false;
    return true;
  }

  bool any(const json_node& n, any_value& out) {
    if (!is_object(n)) return false;
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      const std::string& key = n.keys[i];
      const json_node& v = n.values[i];
      if (v.type == json_node::kind::null) continue;
      if (key == "stringValue") {
        if (!text(&v, "stringValue", out.value.emplace<std::string>())) return false;
      } else if (key == "boolValue") {
        if (!boolean(&v, "boolValue", out.value.emplace<bool>())) return false;
      } else if (key == "intValue") {
        if (!integer(&v, "intValue", out.value.emplace<std::int64_t>())) return false;
      } else if (key == "doubleValue") {
        if (!real(&v, "doubleValue", out.value.emplace<double>())) return false;
      } else if (key == "bytesValue") {
        std::string encoded;
        if (!text(&v, "bytesValue", encoded)) return false;
        auto raw = base64_decode(encoded);
        if (!raw) return bad(v, "'bytesValue' must be base64");
        out.value = bytes_value{std::move(*raw)};
      } else if (key == "arrayValue") {
        auto& items = out.value.emplace<any_value::array>();
        if (!each(v, "values", [&](const json_node& x) { return any(x, items.emplace_back()); })) return false;
      } else if (key == "kvlistValue") {
        auto& items = out.value.emplace<any_value::kvlist>();
        if (!each(v, "values", [&](const json_node& x) { return key_value(x, items.emplace_back()); })) return false;
      }
    }
    return true;
  }
  bool key_value(const json_node& n, otel::key_value& out) {
    if (!is_object(n) || !text(n.find("key"), "key", out.key)) return false;
    const json_node* v = n.find("value");
    return absent(v) || any(*v, out.value);
  }
  bool attributes(const json_node& obj, otel::attributes& out) {
    return each(obj, "attributes", [&](const json_node& x) { return key_value(x, out.emplace_back()); });
  }
  template <class Outer, class Item>
  bool envelope(const json_node& n, Outer& out, const char* items, Item&& item) {
    if (!is_object(n) || !text(n.find("schemaUrl"), "schemaUrl", out.schema_url)) return false;
    if constexpr (requires { out.resource; }) {
      if (const json_node* r = n.find("resource"); !absent(r)) {
        if (!attributes(*r, out.resource.attributes) ||
            !integer(r->find("droppedAttributesCount"), "droppedAttributesCount", out.resource.dropped_attributes_count))
          return false;
      }
    } else {
      if (const json_node* s = n.find("scope"); !absent(s)) {
        if (!attributes(*s, out.scope.attributes) || !text(s->find("name"), "name", out.scope.name) ||
            !text(s->find("version"), "version", out.scope.version) ||
            !integer(s->find("droppedAttributesCount"), "droppedAttributesCount", out.scope.dropped_attributes_count))
          return false;
      }
    }
    return each(n, items, item);
  }

  bool span(const json_node& n, otel::span& out) {
    if (!is_object(n)) return false;
    const json_node* st = n.find("status");
    return id(n.find("traceId"), "traceId", out.trace_id) && id(n.find("spanId"), "spanId", out.span_id) &&
           text(n.find("traceState"), "traceState", out.trace_state) &&
           id(n.find("parentSpanId"), "parentSpanId", out.parent_span_id) && integer(n.find("flags"), "flags", out.flags) &&
           text(n.find("name"), "name", out.name) && enumeration(n.find("kind"), "kind", out.kind) &&
           integer(n.find("startTimeUnixNano"), "startTimeUnixNano", out.start_time_unix_nano) &&
           integer(n.find("endTimeUnixNano"), "endTimeUnixNano", out.end_time_unix_nano) && attributes(n, out.attributes) &&
           integer(n.find("droppedAttributesCount"), "droppedAttributesCount", out.dropped_attributes_count) &&
           each(n, "events", [&](const json_node& e) { return event(e, out.events.emplace_back()); }) &&
           integer(n.find("droppedEventsCount"), "droppedEventsCount", out.dropped_events_count) &&
           each(n, "links", [&](const json_node& l) { return link(l, out.links.emplace_back()); }) &&
           integer(n.find("droppedLinksCount"), "droppedLinksCount", out.dropped_links_count) &&
           (absent(st) || (is_object(*st) && text(st->find("message"), "message", out.status.message) &&
                           enumeration(st->find("code"), "code", out.status.code)));
  }
  bool event(const json_node& n, span_event& out) {
    return is_object(n) && integer(n.find("timeUnixNano"), "timeUnixNano", out.time_unix_nano) &&
           text(n.find("name"), "name", out.name) && attributes(n, out.attributes) &&
           integer(n.find("droppedAttributesCount"), "droppedAttributesCount", out.dropped_attributes_count);
  }
  bool link(const json_node& n, span_link& out) {
    return is_object(n) && id(n.find("traceId"), "traceId", out.trace_id) && id(n.find("spanId"), "spanId", out.span_id) &&
           text(n.find("traceState"), "traceState", out.trace_state) && attributes(n, out.attributes) &&
           integer(n.find("droppedAttributesCount"), "droppedAttributesCount", out.dropped_attributes_count) &&
           integer(n.find("flags"), "flags", out.flags);
  }

  template <class Point>
  bool point_common(const json_node& n, Point& out) {
    return is_object(n) && attributes(n, out.attributes) &&
           integer(n.find("startTimeUnixNano"), "startTimeUnixNano", out.start_time_unix_nano) &&
           integer(n.find("timeUnixNano"), "timeUnixNano", out.time_unix_nano) && integer(n.find("flags"), "flags", out.flags);
  }
  bool number_point(const json_node& n, number_data_point& out) {
    if (!point_common(n, out)) return false;
    if (const json_node* i = n.find("asInt"); !absent(i)) return integer(i, "asInt", out.value.emplace<std::int64_t>());
    return real(n.find("asDouble"), "asDouble", out.value.emplace<double>());
  }
  template <class Point>
  bool distribution_common(const json_node& n, Point& out) {
    return point_common(n, out) && integer(n.find("count"), "count", out.count) && optional_real(n.find("sum"), "sum", out.sum) &&
           optional_real(n.find("min"), "min", out.min) && optional_real(n.find("max"), "max", out.max);
  }
  bool histogram_point(const json_node& n, histogram_data_point& out) {
    return distribution_common(n, out) &&
           array_of(n.find("bucketCounts"), "bucketCounts", out.bucket_counts,
                    [&](const json_node* x, std::uint64_t& v) { return integer(x, "bucketCounts", v); }) &&
           array_of(n.find("explicitBounds"), "explicitBounds", out.explicit_bounds,
                    [&](const json_node* x, double& v) { return real(x, "explicitBounds", v); });
  }
  bool buckets(const json_node* n, exponential_buckets& out) {
    return absent(n) || (is_object(*n) && integer(n->find("offset"), "offset", out.offset) &&
                         array_of(n->find("bucketCounts"), "bucketCounts", out.bucket_counts,
                                  [&](const json_node* x, std::uint64_t& v) { return integer(x, "bucketCounts", v); }));
  }
  bool exponential_point(const json_node& n, exponential_histogram_data_point& out) {
    return distribution_common(n, out) && integer(n.find("scale"), "scale", out.scale) &&
           integer(n.find("zeroCount"), "zeroCount", out.zero_count) && buckets(n.find("positive"), out.positive) &&
           buckets(n.find("negative"), out.negative) && real(n.find("zeroThreshold"), "zeroThreshold", out.zero_threshold);
  }
  template <class Data, class Point>
  bool points(const json_node& n, Data& out, Point&& point) {
    if (!each(n, "dataPoints", [&](const json_node& p) { return point(p, out.data_points.emplace_back()); })) return false;
    if constexpr (requires { out.temporality; }) {
      if (!enumeration(n.find("aggregationTemporality"), "aggregationTemporality", out.temporality)) return false;
    }
    if constexpr (requires { out.is_monotonic; }) {
      if (!boolean(n.find("isMonotonic"), "isMonotonic", out.is_monotonic)) return false;
    }
    return true;
  }
  bool metric(const json_node& n, otel::metric& out) {
    if (!is_object(n) || !text(n.find("name"), "name", out.name) || !text(n.find("description"), "description", out.description) ||
        !text(n.find("unit"), "unit", out.unit))
      return false;
    const auto number = [this](const json_node& p, number_data_point& d) { return number_point(p, d); };
    if (const json_node* g = n.find("gauge"); !absent(g)) return points(*g, out.data.emplace<gauge>(), number);
    if (const json_node* s = n.find("sum"); !absent(s)) return points(*s, out.data.emplace<sum>(), number);
    if (const json_node* h = n.find("histogram"); !absent(h))
      return points(*h, out.data.emplace<histogram>(), [this](const json_node& p, histogram_data_point& d) { return histogram_point(p, d); });
    if (const json_node* e = n.find("exponentialHistogram"); !absent(e))
      return points(*e, out.data.emplace<exponential_histogram>(),
                    [this](const json_node& p, exponential_histogram_data_point& d) { return exponential_point(p, d); });
    return true;  // summary (legacy) or none: kept as a metric without points
  }
  bool log(const json_node& n, log_record& out) {
    const json_node* body = n.find("body");
    return is_object(n) && integer(n.find("timeUnixNano"), "timeUnixNano", out.time_unix_nano) &&
           integer(n.find("observedTimeUnixNano"), "observedTimeUnixNano", out.observed_time_unix_nano) &&
           integer(n.find("severityNumber"), "severityNumber", out.severity_number) &&
           text(n.find("severityText"), "severityText", out.severity_text) && (absent(body) || any(*body, out.body)) &&
           attributes(n, out.attributes) &&
           integer(n.find("droppedAttributesCount"), "droppedAttributesCount", out.dropped_attributes_count) &&
           integer(n.find("flags"), "flags", out.flags) && id(n.find("traceId"), "traceId", out.trace_id) &&
           id(n.find("spanId"), "spanId", out.span_id) && text(n.find("eventName"), "eventName", out.event_name);
  }
};

/// Writes the model as OTLP/JSON: lowerCamelCase keys, hex ids, 64-bit integers as strings,
/// enums as integers, default values left out (as protobuf's JSON printer does).
class json_encoder {
 public:
  std::string out;

  void traces(const traces_data& d) {
    list("resourceSpans", d.resource_spans, [this](const resource_spans& r) {
      envelope(r, "scopeSpans", r.scope_spans, [this](const scope_spans& s) {
        envelope(s, "spans", s.spans, [this](const otel::span& x) { span(x); });
      });
    });
  }
  void metrics(const metrics_data& d) {
    list("resourceMetrics", d.resource_metrics, [this](const resource_metrics& r) {
      envelope(r, "scopeMetrics", r.scope_metrics, [this](const scope_metrics& s) {
        envelope(s, "metrics", s.metrics, [this](const otel::metric& x) { metric(x); });
      });
    });
  }
  void logs(const logs_data& d) {
    list("resourceLogs", d.resource_logs, [this](const resource_logs& r) {
      envelope(r, "scopeLogs", r.scope_logs, [this](const scope_logs& s) {
        envelope(s, "logRecords", s.log_records, [this](const log_record& x) { log(x); });
      });
    });
  }
  /// `rejected_key` is rejectedSpans, rejectedDataPoints or rejectedLogRecords.
  void response(const export_response& r, const char* rejected_key) {
    out += '{';
    if (r.partial_success()) {
      key("partialSuccess");
      out += '{';
      if (r.rejected != 0) str(rejected_key, std::to_string(r.rejected));
      if (!r.error_message.empty()) str("errorMessage", r.error_message);
      out += '}';
    }
    out += '}';
  }

  /// Appends a double as JSON (NaN and infinities as the strings protobuf's mapping uses).
  void real(double v) {
    if (std::isnan(v)) {
      out += "\"NaN\"";
    } else if (std::isinf(v)) {
      out += v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    } else {
      char buf[32];
      const auto r = std::to_chars(buf, buf + sizeof buf, v);
      out.append(buf, r.ptr);
    }
  }
  void any(const any_value& v) {
    out += '{';
    std::visit(
        [this](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::string>) {
            str("stringValue", x);
          } else if constexpr (std::is_same_v<T, bool>) {
            key("boolValue");
            out += x ? "true" : "false";
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            str("intValue", std::to_string(x));
          } else if constexpr (std::is_same_v<T, double>) {
            key("doubleValue");
            real(x);
          } else if constexpr (std::is_same_v<T, bytes_value>) {
            str("bytesValue", base64_encode(x.data));
          } else if constexpr (std::is_same_v<T, any_value::array>) {
            key("arrayValue");
            out += '{';
            list("values", x, [this](const any_value& item) { any(item); });
            out += '}';
          } else if constexpr (std::is_same_v<T, any_value::kvlist>) {
            key("kvlistValue");
            out += '{';
            list("values", x, [this](const otel::key_value& kv) { key_value(kv); });
            out += '}';
          }
        },
        v.value);
    out += '}';
  }

 private:
  /// Starts member `name`, with a comma unless it is the first of its object.
  void key(const char* name) {
    if (out.back() != '{' && out.back() != '[') out += ',';
    append_json_string(out, name);
    out += ':';
  }
  void str(const char* name, std::string_view v) {
    key(name);
    append_json_string(out, v);
  }
  void text(const char* name, std::string_view v) {
    if (!v.empty()) str(name, v);
  }
  void u64(const char* name, std::uint64_t v) {
    if (v != 0) str(name, std::to_string(v));
  }
  void small(const char* name, std::int64_t v) {
    if (v == 0) return;
    key(name);
    out += std::to_string(v);
  }
  template <std::size_t N>
  void id(const char* name, const id_bytes<N>& v) {
    if (!v.empty()) str(name, v.hex());
  }
  void optional_real(const char* name, const std::optional<double>& v) {
    if (!v) return;
    key(name);
    real(*v);
  }
  template <class Items, class Item>
  void list(const char* name, const Items& items, Item&& item) {
    if (items.empty()) return;
    key(name);
    out += '[';
    for (const auto& x : items) {
      if (out.back() != '[') out += ',';
      item(x);
    }
    out += ']';
  }
  template <class Items, class Item>
  void list_of(const char* name, const Items& items, Item&& item) {
    list(name, items, [&](const auto& x) {
      out += '{';
      item(x);
      out += '}';
    });
  }
  void key_value(const otel::key_value& kv) {
    out += '{';
    str("key", kv.key);
    key("value");
    any(kv.value);
    out += '}';
  }
  void attributes(const otel::attributes& attrs) {
    list("attributes", attrs, [this](const otel::key_value& kv) { key_value(kv); });
  }
  template <class Outer, class Items, class Item>
  void envelope(const Outer& o, const char* name, const Items& items, Item&& item) {
    out += '{';
    if constexpr (requires { o.resource; }) {
      key("resource");
      out += '{';
      attributes(o.resource.attributes);
      small("droppedAttributesCount", o.resource.dropped_attributes_count);
      out += '}';
    } else {
      key("scope");
      out += '{';
      text("name", o.scope.name);
      text("version", o.scope.version);
      attributes(o.scope.attributes);
      small("droppedAttributesCount", o.scope.dropped_attributes_count);
      out += '}';
    }
    list(name, items, item);
    text("schemaUrl", o.schema_url);
    out += '}';
  }
  void span(const otel::span& s) {
    out += '{';
    id("traceId", s.trace_id);
    id("spanId", s.span_id);
    text("traceState", s.trace_state);
    id("parentSpanId", s.parent_span_id);
    small("flags", s.flags);
    text("name", s.name);
    small("kind", static_cast<std::int32_t>(s.kind));
    u64("startTimeUnixNano", s.start_time_unix_nano);
    u64("endTimeUnixNano", s.end_time_unix_nano);
    attributes(s.attributes);
    small("droppedAttributesCount", s.dropped_attributes_count);
    list_of("events", s.events, [this](const span_event& e) {
      u64("timeUnixNano", e.time_unix_nano);
      text("name", e.name);
      attributes(e.attributes);
      small("droppedAttributesCount", e.dropped_attributes_count);
    });
    small("droppedEventsCount", s.dropped_events_count);
    list_of("links", s.links, [this](const span_link& l) {
      id("traceId", l.trace_id);
      id("spanId", l.span_id);
      text("traceState", l.trace_state);
      attributes(l.attributes);
      small("droppedAttributesCount", l.dropped_attributes_count);
      small("flags", l.flags);
    });
    small("droppedLinksCount", s.dropped_links_count);
    if (s.status != otel::status{}) {
      key("status");
      out += '{';
      text("message", s.status.message);
      small("code", static_cast<std::int32_t>(s.status.code));
      out += '}';
    }
    out += '}';
  }
  template <class Point>
  void point_common(const Point& p) {
    attributes(p.attributes);
    u64("startTimeUnixNano", p.start_time_unix_nano);
    u64("timeUnixNano", p.time_unix_nano);
    small("flags", p.flags);
  }
  void number_point(const number_data_point& p) {
    point_common(p);
    if (const auto* i = std::get_if<std::int64_t>(&p.value)) {
      str("asInt", std::to_string(*i));
    } else {
      key("asDouble");
      real(std::get<double>(p.value));
    }
  }
  template <class Point>
  void distribution_common(const Point& p) {
    point_common(p);
    u64("count", p.count);
    optional_real("sum", p.sum);
    optional_real("min", p.min);
    optional_real("max", p.max);
  }
  void histogram_point(const histogram_data_point& p) {
    distribution_common(p);
    list("bucketCounts", p.bucket_counts, [this](std::uint64_t c) { append_json_string(out, std::to_string(c)); });
    list("explicitBounds", p.explicit_bounds, [this](double b) { real(b); });
  }
  void buckets(const char* name, const exponential_buckets& b) {
    if (b == exponential_buckets{}) return;
    key(name);
    out += '{';
    small("offset", b.offset);
    list("bucketCounts", b.bucket_counts, [this](std::uint64_t c) { append_json_string(out, std::to_string(c)); });
    out += '}';
  }
  void exponential_point(const exponential_histogram_data_point& p) {
    distribution_common(p);
    small("scale", p.scale);
    u64("zeroCount", p.zero_count);
    buckets("positive", p.positive);
    buckets("negative", p.negative);
    if (p.zero_threshold != 0) {
      key("zeroThreshold");
      real(p.zero_threshold);
    }
  }
  template <class Data, class Point>
  void points(const char* name, const Data& d, Point&& point) {
    key(name);
    out += '{';
    list_of("dataPoints", d.data_points, point);
    if constexpr (requires { d.temporality; }) small("aggregationTemporality", static_cast<std::int32_t>(d.temporality));
    if constexpr (requires { d.is_monotonic; }) {
      if (d.is_monotonic) {
        key("isMonotonic");
        out += "true";
      }
    }
    out += '}';
  }
  void metric(const otel::metric& m) {
    out += '{';
    text("name", m.name);
    text("description", m.description);
    text("unit", m.unit);
    const auto number = [this](const number_data_point& p) { number_point(p); };
    if (const auto* g = std::get_if<gauge>(&m.data)) points("gauge", *g, number);
    if (const auto* s = std::get_if<sum>(&m.data)) points("sum", *s, number);
    if (const auto* h = std::get_if<histogram>(&m.data))
      points("histogram", *h, [this](const histogram_data_point& p) { histogram_point(p); });
    if (const auto* e = std::get_if<exponential_histogram>(&m.data))
      points("exponentialHistogram", *e, [this](const exponential_histogram_data_point& p) { exponential_point(p); });
    out += '}';
  }
  void log(const log_record& l) {
    out += '{';
    u64("timeUnixNano", l.time_unix_nano);
    u64("observedTimeUnixNano", l.observed_time_unix_nano);
    small("severityNumber", l.severity_number);
    text("severityText", l.severity_text);
    if (!l.body.empty()) {
      key("body");
      any(l.body);
    }
    attributes(l.attributes);
    small("droppedAttributesCount", l.dropped_attributes_count);
    small("flags", l.flags);
    id("traceId", l.trace_id);
    id("spanId", l.span_id);
    text("eventName", l.event_name);
    out += '}';
  }
};

template <class T>
struct json_message;
template <>
struct json_message<traces_data> {
  static constexpr auto decode = &json_decoder::traces;
  static void encode(json_encoder& e, const traces_data& d) { e.traces(d); }
};
template <>
struct json_message<metrics_data> {
  static constexpr auto decode = &json_decoder::metrics;
  static void encode(json_encoder& e, const metrics_data& d) { e.metrics(d); }
};
template <>
struct json_message<logs_data> {
  static constexpr auto decode = &json_decoder::logs;
  static void encode(json_encoder& e, const logs_data& d) { e.logs(d); }
};
template <>
struct json_message<export_response> {
  static constexpr auto decode = &json_decoder::response;
};

}  // namespace detail

/// Decodes an OTLP/JSON body: `T` is traces_data, metrics_data, logs_data or export_response.
/// Never throws on bad input; the failure says where (line and column) and what was expected.
///
///     auto req = aiops::otel::decode_json<aiops::otel::logs_data>(R"({"resourceLogs":[]})");
template <class T>
result<T> decode_json(std::string_view body) {
  detail::json_reader reader;
  auto tree = reader.parse(body);
  if (!tree) return tree.error();
  detail::json_decoder d(body);
  T out;
  if (!(d.*detail::json_message<T>::decode)(*tree, out)) return d.error();
  return out;
}

/// Encodes a request as OTLP/JSON.
template <class T>
std::string encode_json(const T& message) {
  detail::json_encoder e;
  e.out += '{';
  detail::json_message<T>::encode(e, message);
  e.out += '}';
  return std::move(e.out);
}

/// Encodes an Export*ServiceResponse for `s` as OTLP/JSON (`{}` on full success).
inline std::string encode_json(const export_response& r, signal s) {
  detail::json_encoder e;
  e.response(r, s == signal::traces ? "rejectedSpans" : s == signal::metrics ? "rejectedDataPoints" : "rejectedLogRecords");
  return std::move(e.out);
}

}  // namespace otel
AIOPS_END_NAMESPACE
