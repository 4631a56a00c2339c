// aiops: backslash escapes shared by the log parsers
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/strings.hpp"  // hex_value
#include "aiops/core/utf8.hpp"  // append_utf8, replacement_char

AIOPS_BEGIN_NAMESPACE
namespace logs::detail {

// The value of `count` hex digits at s[at], or -1 when they are not all there.
constexpr long hex_digits(std::string_view s, std::size_t at, std::size_t count) noexcept {
  if (at > s.size() || s.size() - at < count) return -1;
  long v = 0;
  for (std::size_t i = 0; i < count; ++i) {
    int d = hex_value(s[at + i]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// Decodes the "\uXXXX" whose 'u' is at s[at] (and a "\uXXXX" low surrogate right after a high
// one) into UTF-8. A lone surrogate becomes U+FFFD: logs written by JavaScript or truncated by a
// byte limit contain them, and dropping the line for it would lose the rest of the record.
// Returns the index just past the escape, or `at` when four hex digits do not follow.
inline std::size_t decode_u_escape(std::string_view s, std::size_t at, std::string& out) {
  long cp = hex_digits(s, at + 1, 4);
  if (cp < 0) return at;
  std::size_t next = at + 5;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    long low = (next + 1 < s.size() && s[next] == '\\' && s[next + 1] == 'u') ? hex_digits(s, next + 2, 4) : -1;
    if (low >= 0xDC00 && low <= 0xDFFF) {
      append_utf8(out, 0x10000 + ((char32_t(cp) - 0xD800) << 10) + (char32_t(low) - 0xDC00));
      return next + 6;
    }
    cp = replacement_char;
  } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
    cp = replacement_char;
  }
  append_utf8(out, char32_t(cp));
  return next;
}

// Appends `raw` to `out` with C/JSON-style escapes decoded: \" \\ \/ \' \b \f \n \r \t \v \a,
// \xHH (nginx's escaping) and \uXXXX. An escape it does not know is kept as written.
inline void unescape_into(std::string_view raw, std::string& out) {
  std::size_t i = 0;
  while (i < raw.size()) {
    std::size_t slash = raw.find('\\', i);
    if (slash == std::string_view::npos || slash + 1 == raw.size()) {
      out.append(raw.substr(i));
      return;
    }
    out.append(raw.substr(i, slash - i));
    char c = raw[slash + 1];
    i = slash + 2;
    switch (c) {
      case '"': case '\\': case '/': case '\'': out += c; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'a': out += '\a'; break;
      case 'x': {
        long byte = hex_digits(raw, slash + 2, 2);
        if (byte < 0) {
          out.append(raw.substr(slash, 2));
        } else {
          out += char(byte);
          i = slash + 4;
        }
        break;
      }
      case 'u': {
        std::size_t next = decode_u_escape(raw, slash + 1, out);
        if (next == slash + 1) out.append(raw.substr(slash, 2));
        else i = next;
        break;
      }
      default: out.append(raw.substr(slash, 2));
    }
  }
}

}  // namespace logs::detail
AIOPS_END_NAMESPACE
