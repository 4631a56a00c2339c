// aiops: OTLP binary protobuf (application/x-protobuf) encoder and decoder, straight from the .proto wire format
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::uint32_t
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/otel/detail/wire.hpp"
#include "aiops/otel/model.hpp"

AIOPS_BEGIN_NAMESPACE
namespace otel {
namespace detail {

/// Decodes the opentelemetry-proto messages; unknown fields are skipped, a known field with the
/// wrong wire type, a truncated field or an id of the wrong length is an error at a byte offset.
class pb_decoder {
 public:
  static constexpr int max_depth = 64;  ///< AnyValue arrays/kvlists nested deeper are refused

  failure error() const { return fail(errc::syntax, std::string("protobuf: ") + why_ + " at byte " + std::to_string(at_), at_ + 1); }

  bool traces(wire_reader r, traces_data& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      return f == 1 ? nested(m, t, [&](wire_reader s) { return resource_spans(s, out.resource_spans.emplace_back()); }) : skip(m, t);
    });
  }
  bool metrics(wire_reader r, metrics_data& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      return f == 1 ? nested(m, t, [&](wire_reader s) { return resource_metrics(s, out.resource_metrics.emplace_back()); }) : skip(m, t);
    });
  }
  bool logs(wire_reader r, logs_data& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      return f == 1 ? nested(m, t, [&](wire_reader s) { return resource_logs(s, out.resource_logs.emplace_back()); }) : skip(m, t);
    });
  }
  bool response(wire_reader r, export_response& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      if (f != 1) return skip(m, t);
      return nested(m, t, [&](wire_reader s) {
        return fields(s, [&](wire_reader& p, std::uint32_t g, wire_type u) {
          if (g == 1) return varint(p, u, out.rejected);
          if (g == 2) return text(p, u, out.error_message);
          return skip(p, u);
        });
      });
    });
  }

 private:
  const char* why_ = nullptr;
  std::size_t at_ = 0;
  std::string scratch_;

  bool fail_at(const wire_reader& r, const char* why) {
    if (why_ == nullptr) {
      why_ = why;
      at_ = r.where();
    }
    return false;
  }
  /// Runs `on_field(reader, field, type)` for each field; stops at the first failure.
  template <class OnField>
  bool fields(wire_reader& r, OnField&& on_field) {
    std::uint32_t f = 0;
    wire_type t{};
    while (r.next(f, t))
      if (!on_field(r, f, t)) return false;
    return r.bad == nullptr || fail_at(r, r.bad);
  }
  bool skip(wire_reader& r, wire_type t) {
    r.skip(t);
    return r.bad == nullptr || fail_at(r, r.bad);
  }
  bool expect(wire_reader& r, wire_type got, wire_type want) {
    return got == want || fail_at(r, "a known field has the wrong wire type");
  }
  template <class Body>
  bool nested(wire_reader& r, wire_type t, Body&& body) {
    if (!expect(r, t, wire_type::length)) return false;
    wire_reader s = r.sub();
    if (r.bad != nullptr) return fail_at(r, r.bad);
    return body(s);
  }
  bool text(wire_reader& r, wire_type t, std::string& out) {
    if (!expect(r, t, wire_type::length)) return false;
    const std::string_view v = r.bytes();
    if (r.bad != nullptr) return fail_at(r, r.bad);
    out.assign(v);
    return true;
  }
  template <class Int>
  bool varint(wire_reader& r, wire_type t, Int& out) {
    if (!expect(r, t, wire_type::varint)) return false;
    out = static_cast<Int>(r.varint());
    return r.bad == nullptr || fail_at(r, r.bad);
  }
  bool zigzag32(wire_reader& r, wire_type t, std::int32_t& out) {
    std::uint32_t u = 0;
    if (!varint(r, t, u)) return false;
    out = static_cast<std::int32_t>((u >> 1) ^ (~(u & 1) + 1));
    return true;
  }
  template <class T>
  bool fixed(wire_reader& r, wire_type t, T& out) {
    if (!expect(r, t, sizeof(T) == 8 ? wire_type::fixed64 : wire_type::fixed32)) return false;
    out = r.fixed<T>();
    return r.bad == nullptr || fail_at(r, r.bad);
  }
  bool optional_double(wire_reader& r, wire_type t, std::optional<double>& out) {
    double v = 0;
    if (!fixed(r, t, v)) return false;
    out = v;
    return true;
  }
  template <std::size_t N>
  bool id(wire_reader& r, wire_type t, id_bytes<N>& out) {
    if (!text(r, t, scratch_)) return false;
    if (scratch_.empty()) return true;
    if (scratch_.size() != N) return fail_at(r, N == 16 ? "a trace id must be 16 bytes" : "a span id must be 8 bytes");
    for (std::size_t i = 0; i < N; ++i) out.bytes[i] = static_cast<std::uint8_t>(scratch_[i]);
    return true;
  }
  /// A repeated fixed-width field, packed (the proto3 default) or not.
  template <class T>
  bool repeated_fixed(wire_reader& r, wire_type t, std::vector<T>& out) {
    if (t != wire_type::length) {
      T v{};
      if (!fixed(r, t, v)) return false;
      out.push_back(v);
      return true;
    }
    wire_reader p = r.sub();
    if (r.bad != nullptr) return fail_at(r, r.bad);
    if (p.data.size() % sizeof(T) != 0) return fail_at(r, "packed fixed-width field with a partial element");
    while (!p.done()) out.push_back(p.fixed<T>());
    return true;
  }
  bool repeated_varint(wire_reader& r, wire_type t, std::vector<std::uint64_t>& out) {
    if (t != wire_type::length) return varint(r, t, out.emplace_back());
    wire_reader p = r.sub();
    if (r.bad != nullptr) return fail_at(r, r.bad);
    while (!p.done()) out.push_back(p.varint());
    return p.bad == nullptr || fail_at(p, p.bad);
  }

  bool any(wire_reader& r, any_value& out, int depth) {
    if (depth > max_depth) return fail_at(r, "AnyValue nested deeper than 64 levels");
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      switch (f) {
        case 1: return text(m, t, out.value.emplace<std::string>());
        case 2: {
          std::uint64_t b = 0;
          if (!varint(m, t, b)) return false;
          out.value = b != 0;
          return true;
        }
        case 3: return varint(m, t, out.value.emplace<std::int64_t>());
        case 4: return fixed(m, t, out.value.emplace<double>());
        case 5: {
          auto& items = out.value.emplace<any_value::array>();
          return nested(m, t, [&](wire_reader s) {
            return fields(s, [&](wire_reader& a, std::uint32_t g, wire_type u) {
              return g == 1 ? nested(a, u, [&](wire_reader v) { return any(v, items.emplace_back(), depth + 1); }) : skip(a, u);
            });
          });
        }
        case 6: {
          auto& items = out.value.emplace<any_value::kvlist>();
          return nested(m, t, [&](wire_reader s) {
            return fields(s, [&](wire_reader& a, std::uint32_t g, wire_type u) {
              return g == 1 ? nested(a, u, [&](wire_reader v) { return key_value(v, items.emplace_back(), depth + 1); }) : skip(a, u);
            });
          });
        }
        case 7: return text(m, t, out.value.emplace<bytes_value>().data);
        default: return skip(m, t);
      }
    });
  }
  bool key_value(wire_reader& r, otel::key_value& out, int depth) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      if (f == 1) return text(m, t, out.key);
      if (f == 2) return nested(m, t, [&](wire_reader s) { return any(s, out.value, depth); });
      return skip(m, t);
    });
  }
  bool attribute(wire_reader& r, wire_type t, attributes& out) {
    return nested(r, t, [&](wire_reader s) { return key_value(s, out.emplace_back(), 0); });
  }
  bool resource(wire_reader& r, otel::resource& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      if (f == 1) return attribute(m, t, out.attributes);
      if (f == 2) return varint(m, t, out.dropped_attributes_count);
      return skip(m, t);
    });
  }
  bool scope(wire_reader& r, instrumentation_scope& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      switch (f) {
        case 1: return text(m, t, out.name);
        case 2: return text(m, t, out.version);
        case 3: return attribute(m, t, out.attributes);
        case 4: return varint(m, t, out.dropped_attributes_count);
        default: return skip(m, t);
      }
    });
  }
  /// ResourceX and ScopeX share their layout: resource/scope = 1, items = 2, schema_url = 3.
  template <class Outer, class Inner>
  bool envelope(wire_reader& r, Outer& out, Inner&& inner) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      if (f == 1) {
        return nested(m, t, [&](wire_reader s) {
          if constexpr (requires { out.resource; }) {
            return resource(s, out.resource);
          } else {
            return scope(s, out.scope);
          }
        });
      }
      if (f == 2) return nested(m, t, inner);
      if (f == 3) return text(m, t, out.schema_url);
      return skip(m, t);
    });
  }

  // ---- traces
  bool resource_spans(wire_reader& r, otel::resource_spans& out) {
    return envelope(r, out, [&](wire_reader s) {
      auto& ss = out.scope_spans.emplace_back();
      return envelope(s, ss, [&](wire_reader sp) { return span(sp, ss.spans.emplace_back()); });
    });
  }
  bool status(wire_reader& r, otel::status& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      if (f == 2) return text(m, t, out.message);
      if (f == 3) return varint(m, t, out.code);
      return skip(m, t);
    });
  }
  bool event(wire_reader& r, span_event& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      switch (f) {
        case 1: return fixed(m, t, out.time_unix_nano);
        case 2: return text(m, t, out.name);
        case 3: return attribute(m, t, out.attributes);
        case 4: return varint(m, t, out.dropped_attributes_count);
        default: return skip(m, t);
      }
    });
  }
  bool link(wire_reader& r, span_link& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      switch (f) {
        case 1: return id(m, t, out.trace_id);
        case 2: return id(m, t, out.span_id);
        case 3: return text(m, t, out.trace_state);
        case 4: return attribute(m, t, out.attributes);
        case 5: return varint(m, t, out.dropped_attributes_count);
        case 6: return fixed(m, t, out.flags);
        default: return skip(m, t);
      }
    });
  }
  bool span(wire_reader& r, otel::span& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      switch (f) {
        case 1: return id(m, t, out.trace_id);
        case 2: return id(m, t, out.span_id);
        case 3: return text(m, t, out.trace_state);
        case 4: return id(m, t, out.parent_span_id);
        case 5: return text(m, t, out.name);
        case 6: return varint(m, t, out.kind);
        case 7: return fixed(m, t, out.start_time_unix_nano);
        case 8: return fixed(m, t, out.end_time_unix_nano);
        case 9: return attribute(m, t, out.attributes);
        case 10: return varint(m, t, out.dropped_attributes_count);
        case 11: return nested(m, t, [&](wire_reader s) { return event(s, out.events.emplace_back()); });
        case 12: return varint(m, t, out.dropped_events_count);
        case 13: return nested(m, t, [&](wire_reader s) { return link(s, out.links.emplace_back()); });
        case 14: return varint(m, t, out.dropped_links_count);
        case 15: return nested(m, t, [&](wire_reader s) { return status(s, out.status); });
        case 16: return fixed(m, t, out.flags);
        default: return skip(m, t);
      }
    });
  }

  // ---- metrics
  bool resource_metrics(wire_reader& r, otel::resource_metrics& out) {
    return envelope(r, out, [&](wire_reader s) {
      auto& sm = out.scope_metrics.emplace_back();
      return envelope(s, sm, [&](wire_reader m) { return metric(m, sm.metrics.emplace_back()); });
    });
  }
  bool number_point(wire_reader& r, number_data_point& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      switch (f) {
        case 2: return fixed(m, t, out.start_time_unix_nano);
        case 3: return fixed(m, t, out.time_unix_nano);
        case 4: return fixed(m, t, out.value.emplace<double>());
        case 6: return fixed(m, t, out.value.emplace<std::int64_t>());
        case 7: return attribute(m, t, out.attributes);
        case 8: return varint(m, t, out.flags);
        default: return skip(m, t);  // 5: exemplars
      }
    });
  }
  bool histogram_point(wire_reader& r, histogram_data_point& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      switch (f) {
        case 2: return fixed(m, t, out.start_time_unix_nano);
        case 3: return fixed(m, t, out.time_unix_nano);
        case 4: return fixed(m, t, out.count);
        case 5: return optional_double(m, t, out.sum);
        case 6: return repeated_fixed(m, t, out.bucket_counts);
        case 7: return repeated_fixed(m, t, out.explicit_bounds);
        case 9: return attribute(m, t, out.attributes);
        case 10: return varint(m, t, out.flags);
        case 11: return optional_double(m, t, out.min);
        case 12: return optional_double(m, t, out.max);
        default: return skip(m, t);  // 8: exemplars
      }
    });
  }
  bool buckets(wire_reader& r, exponential_buckets& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      if (f == 1) return zigzag32(m, t, out.offset);
      if (f == 2) return repeated_varint(m, t, out.bucket_counts);
      return skip(m, t);
    });
  }
  bool exponential_point(wire_reader& r, exponential_histogram_data_point& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      switch (f) {
        case 1: return attribute(m, t, out.attributes);
        case 2: return fixed(m, t, out.start_time_unix_nano);
        case 3: return fixed(m, t, out.time_unix_nano);
        case 4: return fixed(m, t, out.count);
        case 5: return optional_double(m, t, out.sum);
        case 6: return zigzag32(m, t, out.scale);
        case 7: return fixed(m, t, out.zero_count);
        case 8: return nested(m, t, [&](wire_reader s) { return buckets(s, out.positive); });
        case 9: return nested(m, t, [&](wire_reader s) { return buckets(s, out.negative); });
        case 10: return varint(m, t, out.flags);
        case 12: return optional_double(m, t, out.min);
        case 13: return optional_double(m, t, out.max);
        case 14: return fixed(m, t, out.zero_threshold);
        default: return skip(m, t);  // 11: exemplars
      }
    });
  }
  /// Gauge, Sum, Histogram and ExponentialHistogram: points = 1, temporality = 2, monotonic = 3.
  template <class Data, class Point>
  bool points(wire_reader& r, Data& out, Point&& point) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      if (f == 1) return nested(m, t, [&](wire_reader s) { return point(s, out.data_points.emplace_back()); });
      if constexpr (requires { out.temporality; }) {
        if (f == 2) return varint(m, t, out.temporality);
      }
      if constexpr (requires { out.is_monotonic; }) {
        if (f == 3) {
          std::uint64_t b = 0;
          if (!varint(m, t, b)) return false;
          out.is_monotonic = b != 0;
          return true;
        }
      }
      return skip(m, t);
    });
  }
  bool metric(wire_reader& r, otel::metric& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      const auto number = [&](wire_reader s, number_data_point& p) { return number_point(s, p); };
      switch (f) {
        case 1: return text(m, t, out.name);
        case 2: return text(m, t, out.description);
        case 3: return text(m, t, out.unit);
        case 5: return nested(m, t, [&](wire_reader s) { return points(s, out.data.emplace<gauge>(), number); });
        case 7: return nested(m, t, [&](wire_reader s) { return points(s, out.data.emplace<sum>(), number); });
        case 9:
          return nested(m, t, [&](wire_reader s) {
            return points(s, out.data.emplace<histogram>(), [&](wire_reader p, histogram_data_point& d) { return histogram_point(p, d); });
          });
        case 10:
          return nested(m, t, [&](wire_reader s) {
            return points(s, out.data.emplace<exponential_histogram>(),
                          [&](wire_reader p, exponential_histogram_data_point& d) { return exponential_point(p, d); });
          });
        default: return skip(m, t);  // 11: summary (legacy, not modelled), 12: metadata
      }
    });
  }

  // ---- logs
  bool resource_logs(wire_reader& r, otel::resource_logs& out) {
    return envelope(r, out, [&](wire_reader s) {
      auto& sl = out.scope_logs.emplace_back();
      return envelope(s, sl, [&](wire_reader l) { return log(l, sl.log_records.emplace_back()); });
    });
  }
  bool log(wire_reader& r, log_record& out) {
    return fields(r, [&](wire_reader& m, std::uint32_t f, wire_type t) {
      switch (f) {
        case 1: return fixed(m, t, out.time_unix_nano);
        case 2: return varint(m, t, out.severity_number);
        case 3: return text(m, t, out.severity_text);
        case 5: return nested(m, t, [&](wire_reader s) { return any(s, out.body, 0); });
        case 6: return attribute(m, t, out.attributes);
        case 7: return varint(m, t, out.dropped_attributes_count);
        case 8: return fixed(m, t, out.flags);
        case 9: return id(m, t, out.trace_id);
        case 10: return id(m, t, out.span_id);
        case 11: return fixed(m, t, out.observed_time_unix_nano);
        case 12: return text(m, t, out.event_name);
        default: return skip(m, t);
      }
    });
  }
};

/// Encodes the model with the same field numbers; proto3 defaults are left out like the SDKs do.
class pb_encoder {
 public:
  static void traces(wire_writer& w, const traces_data& d) {
    for (const auto& rs : d.resource_spans)
      w.message(1, [&](wire_writer& a) {
        envelope(a, rs, rs.scope_spans, [](wire_writer& b, const scope_spans& ss) {
          envelope(b, ss, ss.spans, [](wire_writer& c, const otel::span& s) { span(c, s); });
        });
      }, true);
  }
  static void metrics(wire_writer& w, const metrics_data& d) {
    for (const auto& rm : d.resource_metrics)
      w.message(1, [&](wire_writer& a) {
        envelope(a, rm, rm.scope_metrics, [](wire_writer& b, const scope_metrics& sm) {
          envelope(b, sm, sm.metrics, [](wire_writer& c, const otel::metric& m) { metric(c, m); });
        });
      }, true);
  }
  static void logs(wire_writer& w, const logs_data& d) {
    for (const auto& rl : d.resource_logs)
      w.message(1, [&](wire_writer& a) {
        envelope(a, rl, rl.scope_logs, [](wire_writer& b, const scope_logs& sl) {
          envelope(b, sl, sl.log_records, [](wire_writer& c, const log_record& l) { log(c, l); });
        });
      }, true);
  }
  static void response(wire_writer& w, const export_response& r) {
    if (!r.partial_success()) return;
    w.message(1, [&](wire_writer& p) {
      p.int_field(1, r.rejected);
      p.bytes_field(2, r.error_message);
    }, true);
  }

 private:
  static void any(wire_writer& w, const any_value& v) {
    std::visit(
        [&w](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::string>) {
            w.bytes_always(1, x);
          } else if constexpr (std::is_same_v<T, bool>) {
            w.key(2, wire_type::varint);
            w.varint(x ? 1 : 0);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            w.key(3, wire_type::varint);
            w.varint(static_cast<std::uint64_t>(x));
          } else if constexpr (std::is_same_v<T, double>) {
            w.double_always(4, x);
          } else if constexpr (std::is_same_v<T, any_value::array>) {
            w.message(5, [&x](wire_writer& a) {
              for (const auto& item : x) a.message(1, [&item](wire_writer& b) { any(b, item); }, true);
            }, true);
          } else if constexpr (std::is_same_v<T, any_value::kvlist>) {
            w.message(6, [&x](wire_writer& a) {
              for (const auto& kv : x) a.message(1, [&kv](wire_writer& b) { key_value(b, kv); }, true);
            }, true);
          } else if constexpr (std::is_same_v<T, bytes_value>) {
            w.bytes_always(7, x.data);
          }
        },
        v.value);
  }
  static void key_value(wire_writer& w, const otel::key_value& kv) {
    w.bytes_field(1, kv.key);
    w.message(2, [&kv](wire_writer& a) { any(a, kv.value); }, true);
  }
  static void attributes(wire_writer& w, std::uint32_t field, const otel::attributes& attrs) {
    for (const auto& kv : attrs) w.message(field, [&kv](wire_writer& a) { key_value(a, kv); }, true);
  }
  template <std::size_t N>
  static void id(wire_writer& w, std::uint32_t field, const id_bytes<N>& v) {
    if (!v.empty()) w.bytes_always(field, std::string_view(reinterpret_cast<const char*>(v.bytes.data()), N));
  }
  template <class Outer, class Items, class Item>
  static void envelope(wire_writer& w, const Outer& outer, const Items& items, Item&& item) {
    if constexpr (requires { outer.resource; }) {
      w.message(1, [&](wire_writer& a) {
        attributes(a, 1, outer.resource.attributes);
        a.uint_field(2, outer.resource.dropped_attributes_count);
      });
    } else {
      w.message(1, [&](wire_writer& a) {
        a.bytes_field(1, outer.scope.name);
        a.bytes_field(2, outer.scope.version);
        attributes(a, 3, outer.scope.attributes);
        a.uint_field(4, outer.scope.dropped_attributes_count);
      });
    }
    for (const auto& x : items) w.message(2, [&](wire_writer& a) { item(a, x); }, true);
    w.bytes_field(3, outer.schema_url);
  }
  static void span(wire_writer& w, const otel::span& s) {
    id(w, 1, s.trace_id);
    id(w, 2, s.span_id);
    w.bytes_field(3, s.trace_state);
    id(w, 4, s.parent_span_id);
    w.bytes_field(5, s.name);
    w.int_field(6, static_cast<std::int32_t>(s.kind));
    w.fixed64_field(7, s.start_time_unix_nano);
    w.fixed64_field(8, s.end_time_unix_nano);
    attributes(w, 9, s.attributes);
    w.uint_field(10, s.dropped_attributes_count);
    for (const auto& e : s.events)
      w.message(11, [&e](wire_writer& a) {
        a.fixed64_field(1, e.time_unix_nano);
        a.bytes_field(2, e.name);
        attributes(a, 3, e.attributes);
        a.uint_field(4, e.dropped_attributes_count);
      }, true);
    w.uint_field(12, s.dropped_events_count);
    for (const auto& l : s.links)
      w.message(13, [&l](wire_writer& a) {
        id(a, 1, l.trace_id);
        id(a, 2, l.span_id);
        a.bytes_field(3, l.trace_state);
        attributes(a, 4, l.attributes);
        a.uint_field(5, l.dropped_attributes_count);
        a.fixed32_field(6, l.flags);
      }, true);
    w.uint_field(14, s.dropped_links_count);
    w.message(15, [&s](wire_writer& a) {
      a.bytes_field(2, s.status.message);
      a.int_field(3, static_cast<std::int32_t>(s.status.code));
    });
    w.fixed32_field(16, s.flags);
  }
  static void number_point(wire_writer& w, const number_data_point& p) {
    w.fixed64_field(2, p.start_time_unix_nano);
    w.fixed64_field(3, p.time_unix_nano);
    if (const auto* i = std::get_if<std::int64_t>(&p.value)) {
      w.sfixed64_always(6, *i);
    } else {
      w.double_always(4, std::get<double>(p.value));
    }
    attributes(w, 7, p.attributes);
    w.uint_field(8, p.flags);
  }
  static void optional_double(wire_writer& w, std::uint32_t field, const std::optional<double>& v) {
    if (v) w.double_always(field, *v);
  }
  template <class T>
  static void packed_fixed(wire_writer& w, std::uint32_t field, const std::vector<T>& values) {
    if (values.empty()) return;
    wire_writer p;
    for (T v : values) p.fixed_raw(v);
    w.bytes_always(field, p.out);
  }
  static void histogram_point(wire_writer& w, const histogram_data_point& p) {
    w.fixed64_field(2, p.start_time_unix_nano);
    w.fixed64_field(3, p.time_unix_nano);
    w.fixed64_field(4, p.count);
    optional_double(w, 5, p.sum);
    packed_fixed(w, 6, p.bucket_counts);
    packed_fixed(w, 7, p.explicit_bounds);
    attributes(w, 9, p.attributes);
    w.uint_field(10, p.flags);
    optional_double(w, 11, p.min);
    optional_double(w, 12, p.max);
  }
  static void buckets(wire_writer& w, std::uint32_t field, const exponential_buckets& b) {
    w.message(field, [&b](wire_writer& a) {
      a.sint_field(1, b.offset);
      if (b.bucket_counts.empty()) return;
      wire_writer p;
      for (auto c : b.bucket_counts) p.varint(c);
      a.bytes_always(2, p.out);
    });
  }
  static void exponential_point(wire_writer& w, const exponential_histogram_data_point& p) {
    attributes(w, 1, p.attributes);
    w.fixed64_field(2, p.start_time_unix_nano);
    w.fixed64_field(3, p.time_unix_nano);
    w.fixed64_field(4, p.count);
    optional_double(w, 5, p.sum);
    w.sint_field(6, p.scale);
    w.fixed64_field(7, p.zero_count);
    buckets(w, 8, p.positive);
    buckets(w, 9, p.negative);
    w.uint_field(10, p.flags);
    optional_double(w, 12, p.min);
    optional_double(w, 13, p.max);
    if (p.zero_threshold != 0) w.double_always(14, p.zero_threshold);
  }
  template <class Data, class Point>
  static void points(wire_writer& w, const Data& d, Point&& point) {
    for (const auto& p : d.data_points) w.message(1, [&](wire_writer& a) { point(a, p); }, true);
    if constexpr (requires { d.temporality; }) w.int_field(2, static_cast<std::int32_t>(d.temporality));
    if constexpr (requires { d.is_monotonic; }) w.bool_field(3, d.is_monotonic);
  }
  static void metric(wire_writer& w, const otel::metric& m) {
    w.bytes_field(1, m.name);
    w.bytes_field(2, m.description);
    w.bytes_field(3, m.unit);
    if (const auto* g = std::get_if<gauge>(&m.data)) w.message(5, [g](wire_writer& a) { points(a, *g, number_point); }, true);
    if (const auto* s = std::get_if<sum>(&m.data)) w.message(7, [s](wire_writer& a) { points(a, *s, number_point); }, true);
    if (const auto* h = std::get_if<histogram>(&m.data))
      w.message(9, [h](wire_writer& a) { points(a, *h, histogram_point); }, true);
    if (const auto* e = std::get_if<exponential_histogram>(&m.data))
      w.message(10, [e](wire_writer& a) { points(a, *e, exponential_point); }, true);
  }
  static void log(wire_writer& w, const log_record& l) {
    w.fixed64_field(1, l.time_unix_nano);
    w.int_field(2, l.severity_number);
    w.bytes_field(3, l.severity_text);
    if (!l.body.empty()) w.message(5, [&l](wire_writer& a) { any(a, l.body); }, true);
    attributes(w, 6, l.attributes);
    w.uint_field(7, l.dropped_attributes_count);
    w.fixed32_field(8, l.flags);
    id(w, 9, l.trace_id);
    id(w, 10, l.span_id);
    w.fixed64_field(11, l.observed_time_unix_nano);
    w.bytes_field(12, l.event_name);
  }
};

template <class T>
struct pb_message;
template <>
struct pb_message<traces_data> {
  static constexpr auto decode = &pb_decoder::traces;
  static constexpr auto encode = &pb_encoder::traces;
};
template <>
struct pb_message<metrics_data> {
  static constexpr auto decode = &pb_decoder::metrics;
  static constexpr auto encode = &pb_encoder::metrics;
};
template <>
struct pb_message<logs_data> {
  static constexpr auto decode = &pb_decoder::logs;
  static constexpr auto encode = &pb_encoder::logs;
};
template <>
struct pb_message<export_response> {
  static constexpr auto decode = &pb_decoder::response;
  static constexpr auto encode = &pb_encoder::response;
};

}  // namespace detail

/// Decodes a protobuf body: `T` is traces_data, metrics_data, logs_data (the Export*ServiceRequest
/// messages) or export_response. Never throws on bad input: the failure names the byte offset.
///
///     auto req = aiops::otel::decode_protobuf<aiops::otel::traces_data>(body);
///     if (!req) std::cerr << req.error().message << "\n";
template <class T>
result<T> decode_protobuf(std::string_view body) {
  detail::pb_decoder d;
  T out;
  if (!(d.*detail::pb_message<T>::decode)(detail::wire_reader{body}, out)) return d.error();
  return out;
}

/// Encodes a request (or a response) as OTLP protobuf.
template <class T>
std::string encode_protobuf(const T& message) {
  detail::wire_writer w;
  detail::pb_message<T>::encode(w, message);
  return std::move(w.out);
}

}  // namespace otel
AIOPS_END_NAMESPACE
