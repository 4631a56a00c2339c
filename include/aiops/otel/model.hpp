// aiops: the OpenTelemetry data model as OTLP carries it: resources, scopes, spans, metrics, logs
// SPDX-License-Identifier: MIT
#pragma once

#include <array>        // std::array (trace and span ids)
#include <cstdint>      // std::uint64_t, std::int64_t
#include <optional>     // std::optional (histogram sum/min/max)
#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <type_traits>  // std::is_same_v
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <variant>      // std::variant (AnyValue, metric data)
#include <vector>       // std::vector

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace otel {

struct key_value;

/// Raw bytes in an AnyValue (`bytesValue`, base64 in JSON), kept apart from UTF-8 strings.
struct bytes_value {
  std::string data;
  friend bool operator==(const bytes_value&, const bytes_value&) = default;
};

/// An attribute or log-body value: empty, string, bool, int64, double, bytes, array or key-value list.
struct any_value {
  using array = std::vector<any_value>;
  using kvlist = std::vector<key_value>;
  std::variant<std::monostate, std::string, bool, std::int64_t, double, bytes_value, array, kvlist> value;

  // Every member that builds, copies or destroys `value` is defined below key_value: the kvlist
  // alternative needs key_value complete there (clang instantiates eagerly).
  any_value() noexcept;
  any_value(std::string s);    // NOLINT: attributes read like literals: {"http.route", "/cart"}
  any_value(const char* s);    // NOLINT
  any_value(bool b);           // NOLINT
  any_value(std::int64_t i);   // NOLINT
  any_value(int i);            // NOLINT
  any_value(double d);         // NOLINT
  any_value(bytes_value b);    // NOLINT
  any_value(array a);          // NOLINT
  any_value(kvlist kv);        // NOLINT
  any_value(const any_value&);
  any_value(any_value&&) noexcept;
  any_value& operator=(const any_value&);
  any_value& operator=(any_value&&) noexcept;
  ~any_value();

  bool empty() const noexcept { return value.index() == 0; }
  const std::string* string() const noexcept { return std::get_if<std::string>(&value); }
  const std::int64_t* int64() const noexcept { return std::get_if<std::int64_t>(&value); }
  const double* float64() const noexcept { return std::get_if<double>(&value); }
  const bool* boolean() const noexcept { return std::get_if<bool>(&value); }

  friend bool operator==(const any_value&, const any_value&);
};

/// One attribute: a key and its value.
struct key_value {
  std::string key;
  any_value value;
  friend bool operator==(const key_value&, const key_value&) = default;
};

inline any_value::any_value() noexcept = default;
inline any_value::any_value(std::string s) : value(std::move(s)) {}
inline any_value::any_value(const char* s) : value(std::string(s)) {}
inline any_value::any_value(bool b) : value(b) {}
inline any_value::any_value(std::int64_t i) : value(i) {}
inline any_value::any_value(int i) : value(std::int64_t{i}) {}
inline any_value::any_value(double d) : value(d) {}
inline any_value::any_value(bytes_value b) : value(std::move(b)) {}
inline any_value::any_value(array a) : value(std::move(a)) {}
inline any_value::any_value(kvlist kv) : value(std::move(kv)) {}
inline any_value::any_value(const any_value&) = default;
inline any_value::any_value(any_value&&) noexcept = default;
inline any_value& any_value::operator=(const any_value&) = default;
inline any_value& any_value::operator=(any_value&&) noexcept = default;
inline any_value::~any_value() = default;
inline bool operator==(const any_value& a, const any_value& b) { return a.value == b.value; }

/// Attributes in the order they were sent (OTLP keys are unique by contract, not by encoding).
using attributes = std::vector<key_value>;

/// The value of attribute `key`, or nullptr.
inline const any_value* find_attribute(const attributes& attrs, std::string_view key) noexcept {
  for (const auto& kv : attrs)
    if (kv.key == key) return &kv.value;
  return nullptr;
}

/// The string attribute `key`, or `fallback` when it is missing or not a string.
inline std::string attribute_string(const attributes& attrs, std::string_view key, std::string_view fallback = {}) {
  const any_value* v = find_attribute(attrs, key);
  const std::string* s = v != nullptr ? v->string() : nullptr;
  return s != nullptr ? *s : std::string(fallback);
}

/// Sets attribute `key` (replacing an existing one) to `value`.
inline void set_attribute(attributes& attrs, std::string_view key, any_value value) {
  for (auto& kv : attrs)
    if (kv.key == key) {
      kv.value = std::move(value);
      return;
    }
  attrs.push_back({std::string(key), std::move(value)});
}

/// Removes attribute `key`; true when it was there.
inline bool remove_attribute(attributes& attrs, std::string_view key) {
  const auto size = attrs.size();
  std::erase_if(attrs, [key](const key_value& kv) { return kv.key == key; });
  return attrs.size() != size;
}

/// A 16-byte trace id or an 8-byte span id; all zero means "not set".
template <std::size_t N>
struct id_bytes {
  std::array<std::uint8_t, N> bytes{};

  bool empty() const noexcept {
    for (auto b : bytes)
      if (b != 0) return false;
    return true;
  }
  /// Lower-case hex, as OTLP/JSON and Zipkin write ids.
  std::string hex() const {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * N);
    for (auto b : bytes) {
      out += digits[b >> 4];
      out += digits[b & 0xF];
    }
    return out;
  }
  /// Parses 2N hex digits (either case); nullopt for anything else.
  static std::optional<id_bytes> from_hex(std::string_view s) noexcept {
    if (s.size() != 2 * N) return std::nullopt;
    id_bytes id;
    for (std::size_t i = 0; i < N; ++i) {
      const int hi = nibble(s[2 * i]);
      const int lo = nibble(s[2 * i + 1]);
      if (hi < 0 || lo < 0) return std::nullopt;
      id.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return id;
  }
  friend bool operator==(const id_bytes&, const id_bytes&) = default;
  friend auto operator<=>(const id_bytes&, const id_bytes&) = default;

 private:
  static constexpr int nibble(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
};

using trace_id = id_bytes<16>;  ///< W3C trace id
using span_id = id_bytes<8>;    ///< W3C span id

/// The entity that produced the telemetry (`service.name`, host, SDK...).
struct resource {
  otel::attributes attributes;
  std::uint32_t dropped_attributes_count = 0;
  friend bool operator==(const resource&, const resource&) = default;
};

/// The instrumentation library (scope) that produced the telemetry.
struct instrumentation_scope {
  std::string name;
  std::string version;
  otel::attributes attributes;
  std::uint32_t dropped_attributes_count = 0;
  friend bool operator==(const instrumentation_scope&, const instrumentation_scope&) = default;
};

/// The `service.name` resource attribute, or `unknown_service` as the SDKs default it.
inline std::string service_name(const resource& r) {
  return attribute_string(r.attributes, "service.name", "unknown_service");
}

// ---------------------------------------------------------------- traces

/// Span kind, with the OTLP enum values.
enum class span_kind : std::int32_t { unspecified = 0, internal = 1, server = 2, client = 3, producer = 4, consumer = 5 };

/// Span status code, with the OTLP enum values.
enum class status_code : std::int32_t { unset = 0, ok = 1, error = 2 };

/// The outcome of a span.
struct status {
  std::string message;
  status_code code = status_code::unset;
  friend bool operator==(const status&, const status&) = default;
};

/// A time-stamped annotation of a span (an exception, a retry...).
struct span_event {
  std::uint64_t time_unix_nano = 0;
  std::string name;
  otel::attributes attributes;
  std::uint32_t dropped_attributes_count = 0;
  friend bool operator==(const span_event&, const span_event&) = default;
};

/// A reference from a span to a span of the same or another trace.
struct span_link {
  otel::trace_id trace_id;
  otel::span_id span_id;
  std::string trace_state;
  otel::attributes attributes;
  std::uint32_t dropped_attributes_count = 0;
  std::uint32_t flags = 0;
  friend bool operator==(const span_link&, const span_link&) = default;
};

/// One operation of a trace.
struct span {
  otel::trace_id trace_id;
  otel::span_id span_id;
  std::string trace_state;
  otel::span_id parent_span_id;  ///< empty for a root span
  std::uint32_t flags = 0;       ///< W3C trace flags in the low byte
  std::string name;
  span_kind kind = span_kind::unspecified;
  std::uint64_t start_time_unix_nano = 0;
  std::uint64_t end_time_unix_nano = 0;
  otel::attributes attributes;
  std::uint32_t dropped_attributes_count = 0;
  std::vector<span_event> events;
  std::uint32_t dropped_events_count = 0;
  std::vector<span_link> links;
  std::uint32_t dropped_links_count = 0;
  otel::status status;
  friend bool operator==(const span&, const span&) = default;
};

/// Spans of one instrumentation scope.
struct scope_spans {
  instrumentation_scope scope;
  std::vector<span> spans;
  std::string schema_url;
  friend bool operator==(const scope_spans&, const scope_spans&) = default;
};

/// Spans of one resource.
struct resource_spans {
  otel::resource resource;
  std::vector<otel::scope_spans> scope_spans;
  std::string schema_url;
  friend bool operator==(const resource_spans&, const resource_spans&) = default;
};

/// ExportTraceServiceRequest (the body of POST /v1/traces).
struct traces_data {
  std::vector<otel::resource_spans> resource_spans;
  friend bool operator==(const traces_data&, const traces_data&) = default;
};

// ---------------------------------------------------------------- metrics

/// How a sum or histogram relates to its time interval, with the OTLP enum values.
enum class aggregation_temporality : std::int32_t { unspecified = 0, delta = 1, cumulative = 2 };

/// A gauge or sum point: an int64 or a double.
struct number_data_point {
  otel::attributes attributes;
  std::uint64_t start_time_unix_nano = 0;
  std::uint64_t time_unix_nano = 0;
  std::variant<double, std::int64_t> value = 0.0;
  std::uint32_t flags = 0;
  /// The value as a double, whichever it was sent as.
  double as_double() const noexcept {
    const auto* i = std::get_if<std::int64_t>(&value);
    return i != nullptr ? static_cast<double>(*i) : std::get<double>(value);
  }
  friend bool operator==(const number_data_point&, const number_data_point&) = default;
};

/// An explicit-bounds histogram point: bucket_counts has explicit_bounds.size() + 1 entries.
struct histogram_data_point {
  otel::attributes attributes;
  std::uint64_t start_time_unix_nano = 0;
  std::uint64_t time_unix_nano = 0;
  std::uint64_t count = 0;
  std::optional<double> sum;
  std::vector<std::uint64_t> bucket_counts;
  std::vector<double> explicit_bounds;
  std::uint32_t flags = 0;
  std::optional<double> min;
  std::optional<double> max;
  friend bool operator==(const histogram_data_point&, const histogram_data_point&) = default;
};

/// The positive or negative buckets of an exponential histogram, from bucket index `offset`.
struct exponential_buckets {
  std::int32_t offset = 0;
  std::vector<std::uint64_t> bucket_counts;
  friend bool operator==(const exponential_buckets&, const exponential_buckets&) = default;
};

/// An exponential (base-2, `scale`) histogram point.
struct exponential_histogram_data_point {
  otel::attributes attributes;
  std::uint64_t start_time_unix_nano = 0;
  std::uint64_t time_unix_nano = 0;
  std::uint64_t count = 0;
  std::optional<double> sum;
  std::int32_t scale = 0;
  std::uint64_t zero_count = 0;
  exponential_buckets positive;
  exponential_buckets negative;
  std::uint32_t flags = 0;
  std::optional<double> min;
  std::optional<double> max;
  double zero_threshold = 0;
  friend bool operator==(const exponential_histogram_data_point&, const exponential_histogram_data_point&) = default;
};

/// Last-value points.
struct gauge {
  std::vector<number_data_point> data_points;
  friend bool operator==(const gauge&, const gauge&) = default;
};

/// Summed points (a counter when monotonic and cumulative).
struct sum {
  std::vector<number_data_point> data_points;
  aggregation_temporality temporality = aggregation_temporality::unspecified;
  bool is_monotonic = false;
  friend bool operator==(const sum&, const sum&) = default;
};

/// Explicit-bounds histogram points.
struct histogram {
  std::vector<histogram_data_point> data_points;
  aggregation_temporality temporality = aggregation_temporality::unspecified;
  friend bool operator==(const histogram&, const histogram&) = default;
};

/// Exponential histogram points.
struct exponential_histogram {
  std::vector<exponential_histogram_data_point> data_points;
  aggregation_temporality temporality = aggregation_temporality::unspecified;
  friend bool operator==(const exponential_histogram&, const exponential_histogram&) = default;
};

/// One metric: its identity and its points (monostate for kinds not modelled, e.g. summary).
struct metric {
  std::string name;
  std::string description;
  std::string unit;
  std::variant<std::monostate, otel::gauge, otel::sum, otel::histogram, otel::exponential_histogram> data;
  friend bool operator==(const metric&, const metric&) = default;
};

/// The number of data points of a metric.
inline std::size_t point_count(const metric& m) {
  return std::visit(
      [](const auto& d) -> std::size_t {
        if constexpr (std::is_same_v<std::decay_t<decltype(d)>, std::monostate>) {
          return 0;
        } else {
          return d.data_points.size();
        }
      },
      m.data);
}

/// Metrics of one instrumentation scope.
struct scope_metrics {
  instrumentation_scope scope;
  std::vector<metric> metrics;
  std::string schema_url;
  friend bool operator==(const scope_metrics&, const scope_metrics&) = default;
};

/// Metrics of one resource.
struct resource_metrics {
  otel::resource resource;
  std::vector<otel::scope_metrics> scope_metrics;
  std::string schema_url;
  friend bool operator==(const resource_metrics&, const resource_metrics&) = default;
};

/// ExportMetricsServiceRequest (the body of POST /v1/metrics).
struct metrics_data {
  std::vector<otel::resource_metrics> resource_metrics;
  friend bool operator==(const metrics_data&, const metrics_data&) = default;
};

// ---------------------------------------------------------------- logs

/// One log record: severity 1-24 (TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24).
struct log_record {
  std::uint64_t time_unix_nano = 0;
  std::uint64_t observed_time_unix_nano = 0;
  std::int32_t severity_number = 0;
  std::string severity_text;
  any_value body;
  otel::attributes attributes;
  std::uint32_t dropped_attributes_count = 0;
  std::uint32_t flags = 0;
  otel::trace_id trace_id;
  otel::span_id span_id;
  std::string event_name;
  friend bool operator==(const log_record&, const log_record&) = default;
};

/// Log records of one instrumentation scope.
struct scope_logs {
  instrumentation_scope scope;
  std::vector<log_record> log_records;
  std::string schema_url;
  friend bool operator==(const scope_logs&, const scope_logs&) = default;
};

/// Log records of one resource.
struct resource_logs {
  otel::resource resource;
  std::vector<otel::scope_logs> scope_logs;
  std::string schema_url;
  friend bool operator==(const resource_logs&, const resource_logs&) = default;
};

/// ExportLogsServiceRequest (the body of POST /v1/logs).
struct logs_data {
  std::vector<otel::resource_logs> resource_logs;
  friend bool operator==(const logs_data&, const logs_data&) = default;
};

// ---------------------------------------------------------------- responses and counts

/// The three OTLP signals.
enum class signal { traces, metrics, logs };

/// The URL path of a signal on OTLP/HTTP (`/v1/traces`...).
constexpr std::string_view signal_path(signal s) noexcept {
  return s == signal::traces ? "/v1/traces" : s == signal::metrics ? "/v1/metrics" : "/v1/logs";
}

/// Export*ServiceResponse: empty on full success, else how many items were rejected and why.
struct export_response {
  std::int64_t rejected = 0;  ///< rejected_spans, rejected_data_points or rejected_log_records
  std::string error_message;  ///< set with rejected > 0, or alone as a warning
  bool partial_success() const noexcept { return rejected != 0 || !error_message.empty(); }
  friend bool operator==(const export_response&, const export_response&) = default;
};

/// Spans in a request.
inline std::size_t item_count(const traces_data& d) {
  std::size_t n = 0;
  for (const auto& rs : d.resource_spans)
    for (const auto& ss : rs.scope_spans) n += ss.spans.size();
  return n;
}

/// Data points in a request (what OTLP counts as rejected_data_points).
inline std::size_t item_count(const metrics_data& d) {
  std::size_t n = 0;
  for (const auto& rm : d.resource_metrics)
    for (const auto& sm : rm.scope_metrics)
      for (const auto& m : sm.metrics) n += point_count(m);
  return n;
}

/// Log records in a request.
inline std::size_t item_count(const logs_data& d) {
  std::size_t n = 0;
  for (const auto& rl : d.resource_logs)
    for (const auto& sl : rl.scope_logs) n += sl.log_records.size();
  return n;
}

}  // namespace otel
AIOPS_END_NAMESPACE
