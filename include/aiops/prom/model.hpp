// aiops: the data model of the Prometheus exposition formats: metric types, labels, samples, families
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::int64_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/strings.hpp"

AIOPS_BEGIN_NAMESPACE
namespace prom {

/// The two text formats: Prometheus text 0.0.4 and OpenMetrics 1.0.
enum class format { text, openmetrics };

/// A metric family's type; `untyped` is "untyped" in text 0.0.4 and "unknown" in OpenMetrics.
enum class metric_type { untyped, counter, gauge, histogram, gauge_histogram, summary, info, stateset };

/// The type's name as a format writes it in `# TYPE` lines.
constexpr std::string_view to_string(metric_type t, format f = format::text) noexcept {
  switch (t) {
    case metric_type::counter: return "counter";
    case metric_type::gauge: return "gauge";
    case metric_type::histogram: return "histogram";
    case metric_type::gauge_histogram: return f == format::openmetrics ? "gaugehistogram" : "untyped";
    case metric_type::summary: return "summary";
    case metric_type::info: return f == format::openmetrics ? "info" : "gauge";
    case metric_type::stateset: return f == format::openmetrics ? "stateset" : "gauge";
    case metric_type::untyped: break;
  }
  return f == format::openmetrics ? "unknown" : "untyped";
}

/// The `Content-Type` of a format.
constexpr std::string_view content_type(format f) noexcept {
  return f == format::openmetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                  : "text/plain; version=0.0.4; charset=utf-8";
}

/// The format a scraper asked for in its `Accept` header: OpenMetrics when it names it, else text.
inline format negotiate(std::string_view accept) noexcept {
  return accept.find("application/openmetrics-text") != std::string_view::npos ? format::openmetrics : format::text;
}

/// One label: a name and its (unescaped) value.
struct label {
  std::string name;
  std::string value;
  friend bool operator==(const label&, const label&) = default;
};

/// Labels in the order they were written or given.
using label_set = std::vector<label>;

/// The value of label `name` in `labels`, or nothing.
inline std::optional<std::string_view> find_label(const label_set& labels, std::string_view name) noexcept {
  for (const auto& l : labels)
    if (l.name == name) return std::string_view(l.value);
  return std::nullopt;
}

/// An OpenMetrics exemplar: a sample of the trace that contributed to a counter or bucket.
struct exemplar {
  label_set labels;
  double value = 0;
  std::optional<double> timestamp;  ///< Unix seconds
};

/// One line of samples: full name (with `_bucket`, `_total`... suffix), labels, value.
struct sample {
  std::string name;
  label_set labels;
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;  ///< milliseconds since the epoch, when the line had one
  std::optional<prom::exemplar> exemplar;
};

/// A metric family: the name in its `# TYPE` line, its type, help, unit and samples.
///
/// The name is the family's name as the source format wrote it: a counter read from text 0.0.4 is
/// `requests_total`, from OpenMetrics `requests` (samples `requests_total`); writers convert.
struct metric_family {
  std::string name;
  metric_type type = metric_type::untyped;
  std::string help;
  std::string unit;  ///< OpenMetrics `# UNIT`; empty when none
  std::vector<sample> samples;
};

/// `[a-zA-Z_:][a-zA-Z0-9_:]*`.
constexpr bool is_metric_name(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
                    (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

/// `[a-zA-Z_][a-zA-Z0-9_]*`.
constexpr bool is_label_name(std::string_view s) noexcept { return is_identifier(s); }

}  // namespace prom
AIOPS_END_NAMESPACE
