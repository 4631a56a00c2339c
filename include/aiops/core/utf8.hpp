// aiops: UTF-8 validation, decoding and encoding, one definition for every module that reads or writes text
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE

/// U+FFFD, what invalid bytes and lone surrogates become.
inline constexpr char32_t replacement_char = 0xFFFD;

/// The length of the valid UTF-8 sequence starting at `s[i]`, or 0 when it is not one: overlong
/// forms, surrogates and code points above U+10FFFF are invalid (RFC 3629).
inline std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto continuation = [&](std::size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!continuation(i + 1) || !continuation(i + 2)) return 0;
    const unsigned char b1 = byte(i + 1);
    if (b0 == 0xE0 && b1 < 0xA0) return 0;  // overlong
    if (b0 == 0xED && b1 > 0x9F) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!continuation(i + 1) || !continuation(i + 2) || !continuation(i + 3)) return 0;
    const unsigned char b1 = byte(i + 1);
    if (b0 == 0xF0 && b1 < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && b1 > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

/// The code point at `s[i]`, advancing `i` past it. An invalid sequence gives U+FFFD and consumes
/// one byte, so decoding always makes progress on arbitrary bytes.
inline char32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
  const std::size_t n = utf8_sequence_length(s, i);
  if (n == 0) {
    ++i;
    return replacement_char;
  }
  static constexpr unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  char32_t cp = static_cast<unsigned char>(s[i]) & lead_mask[n];
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return cp;
}

/// Appends the UTF-8 encoding of `cp` (at most U+10FFFF) to `out`.
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

/// East Asian wide and fullwidth ranges (CJK, Hangul, kana, fullwidth forms, emoji): two terminal
/// columns (and about one em in a proportional font).
constexpr bool is_wide(char32_t cp) noexcept {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/// Combining marks and zero-width characters: no column of their own.
constexpr bool is_combining(char32_t cp) noexcept {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F);
}

/// Terminal columns of one code point: 0 for combining marks, 2 for wide characters, else 1.
constexpr int terminal_columns(char32_t cp) noexcept { return is_combining(cp) ? 0 : is_wide(cp) ? 2 : 1; }

/// Terminal columns of UTF-8 text (what padding a table for a terminal needs, not its bytes).
inline std::size_t terminal_columns(std::string_view s) noexcept {
  std::size_t cols = 0;
  for (std::size_t i = 0; i < s.size();) cols += std::size_t(terminal_columns(next_code_point(s, i)));
  return cols;
}

/// The bytes of the longest prefix of `s` that fits `columns` terminal columns, cut between code
/// points (never inside one).
inline std::size_t prefix_of_columns(std::string_view s, std::size_t columns) noexcept {
  std::size_t used = 0, i = 0;
  while (i < s.size()) {
    std::size_t next = i;
    const auto w = std::size_t(terminal_columns(next_code_point(s, next)));
    if (used + w > columns) break;
    used += w;
    i = next;
  }
  return i;
}

AIOPS_END_NAMESPACE
