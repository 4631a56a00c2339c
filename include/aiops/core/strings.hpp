// aiops: small string utilities that the parsers and the program share
// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>      // std::from_chars
#include <cstdint>       // std::int64_t
#include <optional>      // std::optional
#include <string>        // std::string
#include <string_view>   // std::string_view
#include <system_error>  // std::errc
#include <vector>        // std::vector

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE

constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_alnum(char c) noexcept { return is_digit(c) || is_alpha(c); }
constexpr bool is_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
constexpr bool is_word(char c) noexcept { return is_alnum(c) || c == '_'; }  ///< \w without locale
/// The value of a hex digit, -1 for any other byte.
constexpr int hex_value(char c) noexcept {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
constexpr char to_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

/// `[a-zA-Z_][a-zA-Z0-9_]*`: Prometheus label and alert names, template variables, field names.
constexpr bool is_identifier(std::string_view s) noexcept {
  if (s.empty() || is_digit(s[0])) return false;
  for (char c : s)
    if (!is_word(c)) return false;
  return true;
}

/// `s` without leading and trailing ASCII white space.
constexpr std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

/// Splits on every `sep`; empty fields are kept ("a,,b" gives three).
inline std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    std::size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

/// Splits on runs of white space; no empty fields.
inline std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

template <class Range>
std::string join(const Range& parts, std::string_view sep) {
  std::string out;
  bool first = true;
  for (const auto& p : parts) {
    if (!first) out += sep;
    out += p;
    first = false;
  }
  return out;
}

/// `s` in double quotes for an error message, cut after 40 bytes ("...").
inline std::string quote_for_message(std::string_view s) {
  constexpr std::size_t shown = 40;
  return '"' + std::string(s.substr(0, shown)) + (s.size() > shown ? "...\"" : "\"");
}

/// `s` without a leading '+' that signs a number ("+5", "+1.5e3", "+inf"): pandas, Python and Logstash
/// read those, from_chars does not. "+-5" and "++5" are left alone: not numbers.
constexpr std::string_view without_plus(std::string_view s) noexcept {
  return s.size() > 1 && s[0] == '+' && s[1] != '-' && s[1] != '+' ? s.substr(1) : s;
}

/// The whole of `s` as a base-10 integer, or nothing (no sign prefix '+', no spaces).
inline std::optional<std::int64_t> parse_int(std::string_view s) noexcept {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

/// The whole of `s` as a double ("1.5", "1e3", "nan", "inf"), or nothing.
inline std::optional<double> parse_double(std::string_view s) noexcept {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

AIOPS_END_NAMESPACE
