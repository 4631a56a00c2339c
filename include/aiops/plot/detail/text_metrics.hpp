// aiops: text width estimates, so charts can lay out labels without a font engine
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <string>       // std::string, std::u32string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/utf8.hpp"  // next_code_point, is_wide, terminal_columns

AIOPS_BEGIN_NAMESPACE
namespace plot::detail {

// Advance of one code point in ems, on the wide side of common sans-serif fonts (checked against
// DejaVu Sans as rendered by librsvg; Helvetica and Noto Sans are narrower), so that estimated
// labels rather overlap less than more.
constexpr double em_width(char32_t cp) noexcept {
  if (is_combining(cp)) return 0.0;
  if (is_wide(cp)) return 1.0;
  if (cp == ' ') return 0.32;
  if (cp == U'…') return 1.0;
  if (cp == 'i' || cp == 'l' || cp == 'j' || cp == '.' || cp == ',' || cp == ':' || cp == ';' || cp == '!' ||
      cp == '|' || cp == '\'' || cp == 'I' || cp == 'f' || cp == 't' || cp == 'r' || cp == '(' || cp == ')' ||
      cp == '[' || cp == ']' || cp == '/' || cp == '-')
    return 0.36;
  if (cp == 'm' || cp == 'w' || cp == 'M' || cp == 'W' || cp == '@' || cp == '%') return 0.92;
  if (cp >= '0' && cp <= '9') return 0.64;
  if (cp >= 'A' && cp <= 'Z') return 0.70;
  return 0.60;
}

// Estimated rendered width in pixels of UTF-8 text at `font_px`.
inline double text_width(std::string_view s, double font_px) noexcept {
  double em = 0;
  for (std::size_t i = 0; i < s.size();) em += em_width(next_code_point(s, i));
  return em * font_px;
}

// The longest prefix of `s` that, followed by "…", fits `limit` as measured by `measure` on one
// code point; `s` itself when it fits whole. Invalid UTF-8 comes out as U+FFFD.
template <class Measure>
std::string truncate_to(std::string_view s, double limit, Measure measure) {
  double total = 0;
  for (std::size_t i = 0; i < s.size();) total += measure(next_code_point(s, i));
  std::string out;
  if (total <= limit) {
    for (std::size_t i = 0; i < s.size();) append_utf8(out, next_code_point(s, i));
    return out;
  }
  const double budget = limit - measure(U'…');
  double used = 0;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = next_code_point(s, i);
    if (used + measure(cp) > budget) break;
    used += measure(cp);
    append_utf8(out, cp);
  }
  return out + "…";
}

inline std::string truncate_to_width(std::string_view s, double max_px, double font_px) {
  return truncate_to(s, max_px, [font_px](char32_t cp) { return em_width(cp) * font_px; });
}

// Like truncate_to but keeps the start and the end ("/api/v1/…/orders/42"): for category labels
// such as URLs and service names, which often differ only at the end.
template <class Measure>
std::string truncate_middle(std::string_view s, double limit, Measure measure) {
  std::u32string cps;
  double total = 0;
  for (std::size_t i = 0; i < s.size();) {
    cps += next_code_point(s, i);
    total += measure(cps.back());
  }
  std::string out;
  if (total <= limit) {
    for (char32_t cp : cps) append_utf8(out, cp);
    return out;
  }
  const double half = (limit - measure(U'…')) / 2;
  std::size_t head = 0, tail = cps.size();
  for (double used = 0; head < cps.size() && used + measure(cps[head]) <= half; ++head) used += measure(cps[head]);
  for (double used = 0; tail > head && used + measure(cps[tail - 1]) <= half; --tail) used += measure(cps[tail - 1]);
  for (std::size_t k = 0; k < head; ++k) append_utf8(out, cps[k]);
  out += "…";
  for (std::size_t k = tail; k < cps.size(); ++k) append_utf8(out, cps[k]);
  return out;
}

inline std::string truncate_middle_to_width(std::string_view s, double max_px, double font_px) {
  return truncate_middle(s, max_px, [font_px](char32_t cp) { return em_width(cp) * font_px; });
}

inline std::string truncate_middle_to_columns(std::string_view s, std::size_t max_cols) {
  return truncate_middle(s, double(max_cols), [](char32_t cp) { return double(terminal_columns(cp)); });
}

}  // namespace plot::detail
AIOPS_END_NAMESPACE
