// aiops: OTLP metrics as Prometheus text exposition (0.0.4), with OpenTelemetry's naming rules
// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>     // std::to_chars (sample values)
#include <cmath>        // std::isnan, std::isinf
#include <map>          // std::map (families and series, sorted for stable output)
#include <mutex>        // std::mutex (add from receiver threads, render from the /metrics thread)
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/otel/model.hpp"

AIOPS_BEGIN_NAMESPACE
namespace otel {
namespace detail {

/// Replaces characters outside [a-zA-Z0-9_:] (labels: outside [a-zA-Z0-9_]) by '_', one '_' per run.
inline std::string sanitize_name(std::string_view in, bool label) {
  std::string out;
  for (char c : in) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (!label && c == ':');
    if (ok) {
      out += c;
    } else if (out.empty() || out.back() != '_') {
      out += '_';
    }
  }
  if (!out.empty() && out[0] >= '0' && out[0] <= '9') out.insert(0, label ? "key_" : "_");
  return out;
}

/// A UCUM unit as a Prometheus name suffix ("ms" -> "milliseconds", "By/s" -> "bytes_per_second").
inline std::string unit_suffix(std::string_view unit, bool gauge) {
  // Annotations in braces ("{requests}") are dropped.
  std::string clean;
  int depth = 0;
  for (char c : unit) {
    if (c == '{') ++depth;
    else if (c == '}') depth = depth > 0 ? depth - 1 : 0;
    else if (depth == 0) clean += c;
  }
  if (clean == "1") return gauge ? "ratio" : "";
  static constexpr std::pair<std::string_view, std::string_view> units[] = {
      {"d", "days"}, {"h", "hours"}, {"min", "minutes"}, {"s", "seconds"}, {"ms", "milliseconds"}, {"us", "microseconds"},
      {"ns", "nanoseconds"}, {"By", "bytes"}, {"KiBy", "kibibytes"}, {"MiBy", "mebibytes"}, {"GiBy", "gibibytes"},
      {"TiBy", "tibibytes"}, {"KBy", "kilobytes"}, {"MBy", "megabytes"}, {"GBy", "gigabytes"}, {"TBy", "terabytes"},
      {"m", "meters"}, {"V", "volts"}, {"A", "amperes"}, {"J", "joules"}, {"W", "watts"}, {"g", "grams"},
      {"Cel", "celsius"}, {"Hz", "hertz"}, {"%", "percent"}};
  const auto one = [&](std::string_view u) -> std::string {
    for (const auto& [from, to] : units)
      if (u == from) return std::string(to);
    return sanitize_name(u, false);
  };
  const auto slash = clean.find('/');
  if (slash == std::string::npos) return one(clean);
  const std::string per = clean.substr(slash + 1);
  static constexpr std::pair<std::string_view, std::string_view> per_units[] = {
      {"s", "second"}, {"m", "minute"}, {"h", "hour"}, {"d", "day"}, {"w", "week"}, {"mo", "month"}, {"y", "year"}};
  std::string denominator = sanitize_name(per, false);
  for (const auto& [from, to] : per_units)
    if (per == from) denominator = to;
  const std::string numerator = one(clean.substr(0, slash));
  return numerator.empty() ? "per_" + denominator : numerator + "_per_" + denominator;
}

inline void append_number(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else {
    char buf[32];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
}

}  // namespace detail

/// The Prometheus name of an OTLP metric: sanitized, unit suffix added unless present, `_total`
/// for monotonic sums (`http.server.duration` in "ms" -> `http_server_duration_milliseconds`).
inline std::string prometheus_name(const metric& m) {
  std::string name = detail::sanitize_name(m.name, false);
  const bool gauge_like = std::holds_alternative<gauge>(m.data) ||
                          (std::holds_alternative<sum>(m.data) && !std::get<sum>(m.data).is_monotonic);
  const std::string unit = detail::unit_suffix(m.unit, gauge_like);
  const auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && std::string_view(name).substr(name.size() - suffix.size()) == suffix;
  };
  if (!unit.empty() && !ends_with("_" + unit)) name += "_" + unit;
  if (const auto* s = std::get_if<sum>(&m.data); s != nullptr && s->is_monotonic && !ends_with("_total")) name += "_total";
  return name;
}

/// Keeps the latest value of every series of the OTLP metrics it is given and renders them as a
/// Prometheus `/metrics` page. Cumulative points replace, delta points are added up (Prometheus
/// has only cumulative counters). Labels: point attributes, plus `job` (`service.namespace/`
/// `service.name`) and `instance` (`service.instance.id`). Exponential histograms are skipped.
/// Thread-safe.
class prometheus_converter {
 public:
  void add(const metrics_data& data) {
    std::lock_guard lock(mutex_);
    for (const auto& rm : data.resource_metrics) {
      const std::string base = resource_labels(rm.resource);
      for (const auto& sm : rm.scope_metrics)
        for (const auto& m : sm.metrics) add_metric(m, base);
    }
  }

  /// The text exposition of every series seen so far.
  std::string exposition() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& [name, f] : families_) {
      if (!f.help.empty()) {
        out += "# HELP " + name + " ";
        for (char c : f.help) out += c == '\n' ? std::string("\\n") : c == '\\' ? std::string("\\\\") : std::string(1, c);
        out += '\n';
      }
      out += "# TYPE " + name + " " + f.type + "\n";
      for (const auto& [labels, v] : f.series) {
        if (f.type != "histogram") {
          out += name + braces(labels) + " ";
          detail::append_number(out, v.value);
          out += '\n';
          continue;
        }
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < v.buckets.size(); ++i) {
          cumulative += v.buckets[i];
          std::string le;
          if (i < v.bounds.size()) {
            detail::append_number(le, v.bounds[i]);
          } else {
            le = "+Inf";
          }
          out += name + "_bucket" + braces(join_labels(labels, "le=\"" + le + "\"")) + " " + std::to_string(cumulative) + "\n";
        }
        out += name + "_sum" + braces(labels) + " ";
        detail::append_number(out, v.value);
        out += "\n" + name + "_count" + braces(labels) + " " + std::to_string(v.count) + "\n";
      }
    }
    return out;
  }

  /// Number of series kept.
  std::size_t series() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& [name, f] : families_) n += f.series.size();
    return n;
  }

 private:
  struct sample {
    double value = 0;  ///< gauge/counter value, or a histogram's sum
    std::uint64_t count = 0;
    std::vector<std::uint64_t> buckets;
    std::vector<double> bounds;
  };
  struct family {
    std::string type;
    std::string help;
    std::map<std::string, sample> series;  ///< by rendered label set
  };
  mutable std::mutex mutex_;
  std::map<std::string, family> families_;

  static void label(std::string& out, std::string_view key, std::string_view value) {
    if (!out.empty()) out += ',';
    out += detail::sanitize_name(key, true) + "=\"";
    for (char c : value) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  static std::string braces(const std::string& labels) { return labels.empty() ? "" : "{" + labels + "}"; }
  static std::string join_labels(const std::string& a, const std::string& b) { return a.empty() ? b : a + "," + b; }

  static std::string resource_labels(const resource& r) {
    std::string out;
    const std::string ns = attribute_string(r.attributes, "service.namespace");
    const std::string name = attribute_string(r.attributes, "service.name");
    if (!name.empty()) label(out, "job", ns.empty() ? name : ns + "/" + name);
    const std::string instance = attribute_string(r.attributes, "service.instance.id");
    if (!instance.empty()) label(out, "instance", instance);
    return out;
  }
  static std::string point_labels(const std::string& base, const attributes& attrs) {
    // Sorted by key so that the same attributes in another order give the same series.
    std::map<std::string, std::string> sorted;
    for (const auto& kv : attrs) {
      std::string v;
      if (const auto* s = kv.value.string()) v = *s;
      else if (const auto* i = kv.value.int64()) v = std::to_string(*i);
      else if (const auto* b = kv.value.boolean()) v = *b ? "true" : "false";
      else if (const auto* d = kv.value.float64()) detail::append_number(v, *d);
      sorted[detail::sanitize_name(kv.key, true)] = v;
    }
    std::string out = base;
    for (const auto& [k, v] : sorted) label(out, k, v);
    return out;
  }

  void add_metric(const metric& m, const std::string& base) {
    const std::string name = prometheus_name(m);
    if (const auto* g = std::get_if<gauge>(&m.data)) {
      auto& f = family_of(name, "gauge", m.description);
      for (const auto& p : g->data_points) f.series[point_labels(base, p.attributes)].value = p.as_double();
    } else if (const auto* s = std::get_if<sum>(&m.data)) {
      auto& f = family_of(name, s->is_monotonic ? "counter" : "gauge", m.description);
      for (const auto& p : s->data_points) {
        auto& v = f.series[point_labels(base, p.attributes)].value;
        v = s->temporality == aggregation_temporality::delta ? v + p.as_double() : p.as_double();
      }
    } else if (const auto* h = std::get_if<histogram>(&m.data)) {
      auto& f = family_of(name, "histogram", m.description);
      for (const auto& p : h->data_points) {
        if (p.bucket_counts.size() != p.explicit_bounds.size() + 1) continue;  // malformed point: no buckets to show
        auto& v = f.series[point_labels(base, p.attributes)];
        const bool add = h->temporality == aggregation_temporality::delta && v.bounds == p.explicit_bounds;
        v.value = (add ? v.value : 0) + p.sum.value_or(0);
        v.count = (add ? v.count : 0) + p.count;
        if (!add) v.buckets.assign(p.bucket_counts.size(), 0);
        for (std::size_t i = 0; i < p.bucket_counts.size(); ++i) v.buckets[i] += p.bucket_counts[i];
        v.bounds = p.explicit_bounds;
      }
    }
  }
  family& family_of(const std::string& name, const char* type, const std::string& help) {
    auto& f = families_[name];
    f.type = type;
    if (!help.empty()) f.help = help;
    return f;
  }
};

}  // namespace otel
AIOPS_END_NAMESPACE
