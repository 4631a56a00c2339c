// aiops: locale-free number formatting and XML/HTML escaping shared by the charts and the report
// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>     // std::to_chars, std::chars_format
#include <cmath>        // std::isfinite, std::fabs, std::floor, std::log10
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/plot/detail/text_metrics.hpp"

AIOPS_BEGIN_NAMESPACE
namespace plot {

/// Escapes text for XML and HTML content and attribute values; invalid UTF-8 and control
/// characters that XML 1.0 forbids become U+FFFD, so any bytes give a well-formed document.
inline std::string escape_xml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = next_code_point(s, i);
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF)
          append_utf8(out, replacement_char);
        else
          append_utf8(out, cp);
    }
  }
  return out;
}

/// `v` with exactly `decimals` digits after the point (0..17), "nan"/"inf"/"-inf" for non-finite
/// values; never "-0". Independent of the C and C++ locales.
inline std::string format_fixed(double v, int decimals) {
  if (!std::isfinite(v)) return v != v ? "nan" : v > 0 ? "inf" : "-inf";
  if (decimals < 0) decimals = 0;
  if (decimals > 17) decimals = 17;
  char buf[340];  // the longest double in fixed notation, 309 digits, plus sign, point and decimals
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  std::string out(buf, res.ptr);
  if (out[0] == '-' && out.find_first_not_of("-0.") == std::string::npos) out.erase(0, 1);
  return out;
}

/// `v` for people: integers as integers, otherwise three significant digits or two decimals,
/// whichever is longer, trailing zeros dropped ("1234", "12.5", "0.00123"); scientific beyond 1e15.
inline std::string format_value(double v) {
  if (!std::isfinite(v)) return format_fixed(v, 0);
  const double a = std::fabs(v);
  if (a >= 1e15 || (a != 0 && a < 1e-9)) {
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 4);
    return std::string(buf, res.ptr);
  }
  if (v == std::floor(v)) return format_fixed(v, 0);
  int decimals = 2;
  if (a < 1) decimals = 2 - int(std::floor(std::log10(a)));
  std::string out = format_fixed(v, decimals);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

}  // namespace plot
AIOPS_END_NAMESPACE
