// aiops: writes metric families as Prometheus text 0.0.4 (what promtool accepts) or OpenMetrics 1.0
// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>     // std::to_chars
#include <cmath>        // std::isnan, std::isinf
#include <cstdint>      // std::int64_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/prom/model.hpp"

AIOPS_BEGIN_NAMESPACE
namespace prom {

/// Appends a number as Go's client libraries write it (`strconv.FormatFloat(v, 'g', -1, 64)`):
/// the shortest digits that read back exactly, in exponent form below 1e-4 and from 1e6 on
/// (`0.0005`, `123456`, `1.234567e+06`), and `+Inf`, `-Inf`, `NaN`. Matching Go matters for `le`
/// and `quantile` label values, which PromQL compares as strings.
inline void append_value(std::string& out, double v) {
  if (std::isnan(v)) { out += "NaN"; return; }
  if (std::isinf(v)) { out += v > 0 ? "+Inf" : "-Inf"; return; }
  char buf[40];
  const auto sci = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  const char* e = sci.ptr;
  while (*--e != 'e') {}
  int exponent = 0;
  std::from_chars(e + (e[1] == '+' ? 2 : 1), sci.ptr, exponent);
  if (v != 0 && (exponent < -4 || exponent >= 6)) {
    out.append(buf, sci.ptr);
    return;
  }
  const auto fixed = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  out.append(buf, fixed.ptr);
}

/// A number as `append_value` writes it (`le="0.25"`, `le="+Inf"`).
inline std::string format_value(double v) {
  std::string s;
  append_value(s, v);
  return s;
}

/// Appends a label value or HELP text escaped: `\` as `\\`, newline as `\n`, and `"` as `\"` when `quote`.
inline void append_escaped(std::string& out, std::string_view s, bool quote) {
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '"' && quote) out += "\\\"";
    else out += c;
  }
}

/// Writes families, one call per family, into a string; `finish()` adds OpenMetrics' `# EOF`.
///
///     std::string body;
///     prom::writer w(body, prom::format::text);
///     for (const auto& f : families) w.write(f);
///     w.finish();
///
/// Names follow the target format: in text a counter family is named like its samples
/// (`x` becomes `# TYPE x_total counter`); in OpenMetrics a family keeps its name, so `x_total`
/// stays `x_total` as client_golang writes it (stripping `_total` could collide with a gauge `x`).
/// OpenMetrics-only parts (units, exemplars, counters' `_created`, info and stateset types) are
/// left out or mapped in text.
class writer {
 public:
  writer(std::string& out, format f) : out_(out), format_(f) {}

  /// Appends one family: HELP, TYPE, UNIT lines then its samples.
  void write(const metric_family& f) {
    const bool om = format_ == format::openmetrics;
    std::string name = f.name;
    if (f.type == metric_type::counter && !om && !name.ends_with("_total")) {
      name += "_total";
    } else if (f.type == metric_type::info && !om) {
      name += "_info";
    }
    const bool typed = om || f.type != metric_type::gauge_histogram;  // text has no gauge histograms
    if (typed && !f.help.empty()) {
      out_ += "# HELP ";
      out_ += name;
      out_ += ' ';
      append_escaped(out_, f.help, om);
      out_ += '\n';
    }
    if (typed) {
      out_ += "# TYPE ";
      out_ += name;
      out_ += ' ';
      out_ += to_string(f.type, format_);
      out_ += '\n';
    }
    if (om && !f.unit.empty() && name.ends_with("_" + f.unit)) {
      out_ += "# UNIT ";
      out_ += name;
      out_ += ' ';
      out_ += f.unit;
      out_ += '\n';
    }
    for (const auto& s : f.samples) {
      if (!om && f.type == metric_type::counter && s.name.ends_with("_created")) continue;
      std::string_view sample_name = s.name;
      std::string fixed;
      if (f.type == metric_type::counter && !s.name.ends_with("_created") && !s.name.ends_with("_total")) {
        fixed = s.name + "_total";  // a counter family built by hand with bare sample names
        sample_name = fixed;
      }
      write_sample(sample_name, s);
    }
  }

  /// Appends `# EOF` in OpenMetrics; nothing in text.
  void finish() {
    if (format_ == format::openmetrics) out_ += "# EOF\n";
  }

 private:
  void write_labels(const label_set& labels) {
    if (labels.empty()) return;
    out_ += '{';
    bool first = true;
    for (const auto& l : labels) {
      if (!first) out_ += ',';
      first = false;
      out_ += l.name;
      out_ += "=\"";
      append_escaped(out_, l.value, true);
      out_ += '"';
    }
    out_ += '}';
  }

  void write_sample(std::string_view name, const sample& s) {
    const bool om = format_ == format::openmetrics;
    out_ += name;
    write_labels(s.labels);
    out_ += ' ';
    append_value(out_, s.value);
    if (s.timestamp_ms) {
      out_ += ' ';
      if (om) {
        append_seconds(static_cast<double>(*s.timestamp_ms) / 1000.0);
      } else {
        out_ += std::to_string(*s.timestamp_ms);
      }
    }
    if (om && s.exemplar) {
      out_ += " # ";
      out_ += s.exemplar->labels.empty() ? "{}" : "";
      write_labels(s.exemplar->labels);
      out_ += ' ';
      append_value(out_, s.exemplar->value);
      if (s.exemplar->timestamp) {
        out_ += ' ';
        append_seconds(*s.exemplar->timestamp);
      }
    }
    out_ += '\n';
  }

  // OpenMetrics timestamps: Unix seconds in plain digits (1700000000.123, not 1.700000000123e+09).
  void append_seconds(double seconds) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, seconds, std::chars_format::fixed);
    out_.append(buf, r.ptr);
  }

  std::string& out_;
  format format_;
};

/// The families as one exposition document in format `f`.
inline std::string write(const std::vector<metric_family>& families, format f = format::text) {
  std::string out;
  writer w(out, f);
  for (const auto& family : families) w.write(family);
  w.finish();
  return out;
}

}  // namespace prom
AIOPS_END_NAMESPACE
