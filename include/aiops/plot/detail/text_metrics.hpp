// aiops: text width estimates, so charts can lay out labels without a font engine
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <string>       // std::string, std::u32string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/utf8.hpp"  // next_code_point

AIOPS_BEGIN_NAMESPACE
namespace plot::detail {

// East Asian wide and fullwidth ranges (CJK, Hangul, kana, fullwidth forms, emoji): two terminal
// columns and about one em in a proportional font.
constexpr bool is_wide(char32_t cp) noexcept {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

constexpr bool is_combining(char32_t cp) noexcept {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F);
}

// Terminal columns of one code point: 0 for combining marks, 2 for wide characters.
constexpr int columns_of(char32_t cp) noexcept { return is_combining(cp) ? 0 : is_wide(cp) ? 2 : 1; }

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

// Terminal columns of UTF-8 text.
inline std::size_t text_columns(std::string_view s) noexcept {
  std::size_t cols = 0;
  for (std::size_t i = 0; i < s.size();) cols += std::size_t(columns_of(next_code_point(s, i)));
  return cols;
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
  return truncate_middle(s, double(max_cols), [](char32_t cp) { return double(columns_of(cp)); });
}

}  // namespace plot::detail
AIOPS_END_NAMESPACE
