// aiops: the label and annotation templates of alert rules ({{ $labels.x }}, {{ $value }}) (standard library only)
// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>     // std::to_chars
#include <cmath>        // std::isnan, std::isinf, std::abs, std::signbit
#include <iterator>     // std::size
#include <cstdio>       // std::snprintf
#include <cstdlib>      // std::strtol
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <system_error> // std::errc
#include <vector>       // std::vector

#include "aiops/alert/series.hpp"
#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"

AIOPS_BEGIN_NAMESPACE
namespace alert {

/// `v` as Go's `fmt` prints a float64 with `%v`, which is what `{{ $value }}` shows in Prometheus:
/// the shortest exact digits, in exponent form below 1e-4 and from 1e+06 ("1e+06", "0.25", "NaN", "+Inf").
inline std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  const std::string_view sci(buf, std::size_t(res.ptr - buf));  // "-1.2345e+06"
  const bool negative = sci[0] == '-';
  const std::size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(negative ? 1 : 0, e - (negative ? 1 : 0)))
    if (c != '.') digits += c;
  const int exponent = int(std::strtol(std::string(sci.substr(e + 1)).c_str(), nullptr, 10));
  // strconv.FormatFloat(v, 'g', -1, 64): the exponent form when exp < -4 || exp >= 6.
  const int nd = int(digits.size());
  const int dp = exponent + 1;
  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 6) {
    out += digits[0];
    if (nd > 1) out += "." + digits.substr(1);
    out += exponent < 0 ? "e-" : "e+";
    const int a = exponent < 0 ? -exponent : exponent;
    if (a < 10) out += '0';
    out += std::to_string(a);
  } else if (dp <= 0) {
    out += "0." + std::string(std::size_t(-dp), '0') + digits;
  } else if (dp >= nd) {
    out += digits + std::string(std::size_t(dp - nd), '0');
  } else {
    out += digits.substr(0, std::size_t(dp)) + "." + digits.substr(std::size_t(dp));
  }
  return out;
}

/// Prometheus' `humanize`: SI prefixes and 4 significant digits ("1.235k", "12.5m", "0").
inline std::string humanize(double v) {
  if (v == 0 || std::isnan(v) || std::isinf(v)) return format_value(v);
  static constexpr const char* big[] = {"", "k", "M", "G", "T", "P", "E", "Z", "Y"};
  static constexpr const char* small[] = {"", "m", "u", "n", "p", "f", "a", "z", "y"};
  std::size_t k = 0;
  const char* suffix = "";
  if (std::abs(v) >= 1) {
    while (k + 1 < std::size(big) && std::abs(v) >= 1000) v /= 1000, ++k;
    suffix = big[k];
  } else {
    while (k + 1 < std::size(small) && std::abs(v) < 1) v *= 1000, ++k;
    suffix = small[k];
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g%s", v, suffix);
  return buf;
}

/// A parsed template: literal text and `{{ ... }}` actions over `$labels.<name>` and `$value`.
///
///     auto t = aiops::alert::text_template::parse("{{ $labels.instance }} is at {{ $value | humanizePercentage }}");
///     t->render({{"instance", "web-1"}}, 0.934);   // "web-1 is at 93.4%"
///
/// Actions: `$labels.name` (empty when missing), `$value`, with `| humanize` or
/// `| humanizePercentage`, and `printf "%.2f" $value` (one float conversion: f, e or g).
/// These are valid Go templates, so the rule file exported for Prometheus renders the same.
class text_template {
 public:
  /// Parses `text`; a failure has the 1-based column of the action and the reason.
  static result<text_template> parse(std::string_view text) {
    text_template t;
    std::size_t i = 0;
    while (i < text.size()) {
      const std::size_t open = text.find("{{", i);
      if (open == std::string_view::npos) {
        t.parts_.push_back({part::kind::literal, std::string(text.substr(i)), {}});
        break;
      }
      if (open > i) t.parts_.push_back({part::kind::literal, std::string(text.substr(i, open - i)), {}});
      const std::size_t close = text.find("}}", open + 2);
      if (close == std::string_view::npos) return fail(errc::syntax, "\"{{\" without \"}}\"", open + 1);
      auto action = parse_action(trim(text.substr(open + 2, close - open - 2)));
      if (!action) return fail(errc::syntax, action.error().message, open + 1);
      t.parts_.push_back(std::move(*action));
      i = close + 2;
    }
    return t;
  }

  /// The text with the actions replaced for an alert with these labels and value.
  std::string render(const label_set& alert_labels, double value) const {
    std::string out;
    for (const auto& p : parts_) {
      switch (p.type) {
        case part::kind::literal: out += p.text; break;
        case part::kind::label: {
          const auto it = alert_labels.find(p.text);
          if (it != alert_labels.end()) out += it->second;
          break;
        }
        case part::kind::value: out += format_value(value); break;
        case part::kind::humanize: out += humanize(value); break;
        case part::kind::percentage: out += humanize_percentage(value); break;
        case part::kind::printf: {
          char buf[128];
          std::snprintf(buf, sizeof buf, p.format.c_str(), value);
          out += buf;
          break;
        }
      }
    }
    return out;
  }

 private:
  struct part {
    enum class kind { literal, label, value, humanize, percentage, printf };
    kind type;
    std::string text;    // literal text or label name
    std::string format;  // printf format
  };

  static std::string humanize_percentage(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4g%%", v * 100);
    return buf;
  }

  static result<part> parse_action(std::string_view a) {
    if (a.substr(0, 8) == "$labels.") {
      const std::string_view name = trim(a.substr(8));
      if (name.find('|') != std::string_view::npos)  // {{ $labels.x | toUpper }}: Go template functions
        return fail(errc::syntax, "unsupported pipeline in \"{{ " + std::string(a) + " }}\" (a label is printed as it is)");
      if (!is_identifier(name)) return fail(errc::syntax, "bad label name in \"{{ " + std::string(a) + " }}\"");
      return part{part::kind::label, std::string(name), {}};
    }
    if (a.substr(0, 6) == "$value") {
      std::string_view rest = trim(a.substr(6));
      if (rest.empty()) return part{part::kind::value, {}, {}};
      if (rest[0] == '|') {
        rest = trim(rest.substr(1));
        if (rest == "humanize") return part{part::kind::humanize, {}, {}};
        if (rest == "humanizePercentage") return part{part::kind::percentage, {}, {}};
      }
      return fail(errc::syntax, "unsupported pipeline in \"{{ " + std::string(a) + " }}\" (humanize, humanizePercentage)");
    }
    if (a.substr(0, 7) == "printf ") {
      const std::string_view rest = trim(a.substr(7));
      const std::size_t q = rest.find('"', 1);
      if (rest.empty() || rest[0] != '"' || q == std::string_view::npos || trim(rest.substr(q + 1)) != "$value")
        return fail(errc::syntax, "printf takes a quoted format and $value: {{ printf \"%.2f\" $value }}");
      const std::string format(rest.substr(1, q - 1));
      if (!one_float_conversion(format))
        return fail(errc::syntax, "printf format \"" + format + "\" must have exactly one %f, %e or %g conversion");
      return part{part::kind::printf, {}, format};
    }
    return fail(errc::syntax, "unsupported action \"{{ " + std::string(a) + " }}\" ($labels.name, $value, printf)");
  }

  // "%.2f", "%6.1f%%": exactly one conversion, of a double, with only flags, width and precision.
  static bool one_float_conversion(std::string_view f) {
    int conversions = 0;
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (f[i] != '%') continue;
      if (++i < f.size() && f[i] == '%') continue;
      while (i < f.size() && (f[i] == '-' || f[i] == '+' || f[i] == ' ' || f[i] == '0' || f[i] == '#')) ++i;
      while (i < f.size() && (is_digit(f[i]) || f[i] == '.')) ++i;
      if (i >= f.size() || (f[i] != 'f' && f[i] != 'e' && f[i] != 'g')) return false;
      ++conversions;
    }
    return conversions == 1;
  }

  std::vector<part> parts_;
};

}  // namespace alert
AIOPS_END_NAMESPACE
