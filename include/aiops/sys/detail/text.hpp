// aiops: internals of aiops::sys: unsigned numbers, octal escapes ("\040") and numbered lines
// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>      // std::from_chars
#include <cstdint>       // std::uint64_t
#include <optional>      // std::optional
#include <string>        // std::string
#include <string_view>   // std::string_view
#include <system_error>  // std::errc

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"

AIOPS_BEGIN_NAMESPACE
namespace sys::detail {

/// The whole of `s` as an unsigned base-10 number, or nothing.
inline std::optional<std::uint64_t> parse_u64(std::string_view s) noexcept {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

inline bool is_octal(char c) noexcept { return c >= '0' && c <= '7'; }

/// Decodes the kernel's "\ooo" escapes (space is "\040" in /proc/self/mounts); anything else stays as is.
inline std::string decode_octal(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && is_octal(s[i + 1]) && is_octal(s[i + 2]) && is_octal(s[i + 3]) &&
        s[i + 1] <= '3') {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

/// Escapes as "\ooo" every byte that would break a space-separated line: controls, space, backslash, DEL.
inline std::string encode_octal(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '\\') {
      out += '\\';
      out += static_cast<char>('0' + (u >> 6));
      out += static_cast<char>('0' + ((u >> 3) & 7));
      out += static_cast<char>('0' + (u & 7));
    } else {
      out += c;
    }
  }
  return out;
}

/// Calls `f(line, number)` for each line (1-based numbers, "\r" kept, no final empty line);
/// stops at and returns the first failure `f` returns.
template <class F>
std::optional<failure> for_each_line(std::string_view text, F&& f) {
  std::size_t number = 0;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (auto why = f(line, ++number)) return why;
  }
  return std::nullopt;
}

/// A failure whose message starts with its line number, as parse_error prints it.
inline failure line_failure(errc code, std::size_t line, const std::string& what) {
  return fail(code, "line " + std::to_string(line) + ": " + what);
}

}  // namespace sys::detail
AIOPS_END_NAMESPACE
