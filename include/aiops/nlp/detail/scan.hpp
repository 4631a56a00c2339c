// aiops: the hand-written matchers behind the built-in masks (no regex: one pass, no allocation)
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/strings.hpp"  // is_digit, is_alpha, is_alnum, is_hex, is_word

AIOPS_BEGIN_NAMESPACE
namespace nlp::detail {

// Each matcher takes the text and a start position and returns the length of the value that
// starts there (0: none). The caller has checked the start boundary; matchers check the end.

// A value may start after a byte that does not continue a word: not a letter, digit or '_', and
// not '.' or '-' ("v1.5", "dm-0" and "part-00590" keep their digits).
constexpr bool starts_value(std::string_view s, std::size_t i) noexcept {
  if (i == 0) return true;
  const char p = s[i - 1];
  return !is_word(p) && p != '.' && p != '-';
}

// A value ends before a byte that does not continue a word ("-" followed by a letter or digit
// continues it: "2000-2002" is not a number).
constexpr bool ends_value(std::string_view s, std::size_t j) noexcept {
  if (j >= s.size()) return true;
  if (is_word(s[j])) return false;
  return !(s[j] == '-' && j + 1 < s.size() && is_alnum(s[j + 1]));
}

constexpr std::size_t count_digits(std::string_view s, std::size_t i, std::size_t max = std::string_view::npos) noexcept {
  std::size_t j = i;
  while (j < s.size() && j - i < max && is_digit(s[j])) ++j;
  return j - i;
}

// digits ('.' digits)*: "42", "0.46884628", "1.4.1".
constexpr std::size_t dotted_digits(std::string_view s, std::size_t i) noexcept {
  std::size_t j = i + count_digits(s, i);
  if (j == i) return 0;
  while (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) j += 1 + count_digits(s, j + 1);
  return j - i;
}

// digits ('.' digits)?: a decimal, as a size or a duration starts.
constexpr std::size_t decimal(std::string_view s, std::size_t i) noexcept {
  std::size_t j = i + count_digits(s, i);
  if (j == i) return 0;
  if (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) j += 1 + count_digits(s, j + 1);
  return j - i;
}

// The longest of `units` that `s` has at `i`. The first byte is compared first: most numbers are
// followed by no unit, and a substring compare is a memcmp call.
template <std::size_t N>
constexpr std::size_t longest_unit(std::string_view s, std::size_t i, const std::string_view (&units)[N]) noexcept {
  if (i >= s.size()) return 0;
  std::size_t best = 0;
  for (std::string_view u : units)
    if (u.size() > best && u[0] == s[i] && s.substr(i, u.size()) == u) best = u.size();
  return best;
}

inline std::size_t match_number(std::string_view s, std::size_t i) noexcept {
  std::size_t j = i;
  if (s[j] == '-' || s[j] == '+') ++j;
  const std::size_t n = dotted_digits(s, j);
  return n > 0 && ends_value(s, j + n) ? j + n - i : 0;
}

inline std::size_t match_size(std::string_view s, std::size_t i) noexcept {
  static constexpr std::string_view units[] = {"B", "K", "KB", "KiB", "k", "kB", "kb", "M", "MB", "MiB",
                                               "G", "GB", "GiB", "T", "TB", "TiB"};
  const std::size_t n = decimal(s, i);
  if (n == 0) return 0;
  const std::size_t u = longest_unit(s, i + n, units);
  return u > 0 && ends_value(s, i + n + u) ? n + u : 0;
}

// One or more (number, unit) pairs: "60s", "812ms", "1s234ms", "2h30m".
inline std::size_t match_duration(std::string_view s, std::size_t i) noexcept {
  static constexpr std::string_view units[] = {"ns", "us", "\xC2\xB5s", "ms", "s", "sec", "secs", "m",
                                               "min", "mins", "h", "hr", "hrs", "d"};
  std::size_t j = i;
  for (;;) {
    const std::size_t n = decimal(s, j);
    if (n == 0) break;
    const std::size_t u = longest_unit(s, j + n, units);
    if (u == 0) break;
    j += n + u;
    if (ends_value(s, j)) return j - i;
  }
  return 0;
}

inline std::size_t match_block_id(std::string_view s, std::size_t i) noexcept {
  if (i + 4 > s.size() || s[i + 1] != 'l' || s[i + 2] != 'k' || s[i + 3] != '_') return 0;
  std::size_t j = i + 4;
  if (j < s.size() && s[j] == '-') ++j;
  const std::size_t n = count_digits(s, j);
  return n > 0 && ends_value(s, j + n) ? j + n - i : 0;
}

// "0x1f", or a bare run of at least 7 hex digits with a digit and a letter in it ("8f8a7b23").
inline std::size_t match_hex(std::string_view s, std::size_t i) noexcept {
  std::size_t j = i;
  if (s[i] == '0' && i + 2 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'X') && is_hex(s[i + 2])) {
    j = i + 2;
    while (j < s.size() && is_hex(s[j])) ++j;
    return ends_value(s, j) ? j - i : 0;
  }
  bool digit = false, letter = false;
  while (j < s.size() && is_hex(s[j])) {
    (is_digit(s[j]) ? digit : letter) = true;
    ++j;
  }
  return j - i >= 7 && digit && letter && ends_value(s, j) ? j - i : 0;
}

// 8-4-4-4-12 hex digits.
inline std::size_t match_uuid(std::string_view s, std::size_t i) noexcept {
  static constexpr std::size_t groups[] = {8, 4, 4, 4, 12};
  std::size_t j = i;
  for (std::size_t g = 0; g < 5; ++g) {
    if (g > 0) {
      if (j >= s.size() || s[j] != '-') return 0;
      ++j;
    }
    for (std::size_t k = 0; k < groups[g]; ++k, ++j)
      if (j >= s.size() || !is_hex(s[j])) return 0;
  }
  return ends_value(s, j) ? j - i : 0;
}

// Six pairs of hex digits separated by ':' or '-'.
inline std::size_t match_mac(std::string_view s, std::size_t i) noexcept {
  std::size_t j = i;
  for (int g = 0; g < 6; ++g) {
    if (g > 0) {
      if (j >= s.size() || (s[j] != ':' && s[j] != '-') || s[j] != s[i + 2]) return 0;
      ++j;
    }
    if (j + 1 >= s.size() || !is_hex(s[j]) || !is_hex(s[j + 1])) return 0;
    j += 2;
  }
  return ends_value(s, j) ? j - i : 0;
}

// Four decimal octets (0..255) without a further ".digit", then an optional ":port".
inline std::size_t match_ipv4(std::string_view s, std::size_t i) noexcept {
  std::size_t j = i;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (j >= s.size() || s[j] != '.') return 0;
      ++j;
    }
    const std::size_t n = count_digits(s, j, 4);
    if (n == 0 || n > 3) return 0;
    int value = 0;
    for (std::size_t k = j; k < j + n; ++k) value = value * 10 + (s[k] - '0');
    if (value > 255) return 0;
    j += n;
  }
  if (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) return 0;
  if (j + 1 < s.size() && s[j] == ':') {
    const std::size_t n = count_digits(s, j + 1, 6);
    if (n > 0 && n <= 5 && ends_value(s, j + 1 + n)) return j + 1 + n - i;
  }
  return ends_value(s, j) ? j - i : 0;
}

// RFC 4291 text forms: eight groups, or fewer around one "::", optionally ending in IPv4.
inline std::size_t match_ipv6(std::string_view s, std::size_t i) noexcept {
  std::size_t j = i, groups = 0;
  bool compressed = false;
  if (s.substr(j, 2) == "::") {
    compressed = true;
    j += 2;
  }
  while (j < s.size()) {
    std::size_t k = j;
    while (k < s.size() && k - j < 5 && is_hex(s[k])) ++k;
    if (k == j || k - j > 4) break;
    if (k < s.size() && s[k] == '.' && groups <= 6) {  // ::ffff:192.0.2.1
      const std::size_t v4 = match_ipv4(s, j);
      if (v4 > 0 && s.substr(j, v4).find(':') == std::string_view::npos) {
        groups += 2;
        j += v4;
      }
      break;
    }
    ++groups;
    j = k;
    if (s.substr(j, 2) == "::") {
      if (compressed) break;
      compressed = true;
      j += 2;
    } else if (j + 1 < s.size() && s[j] == ':' && is_hex(s[j + 1])) {
      ++j;
    } else {
      break;
    }
  }
  const bool complete = compressed ? groups <= 7 : groups == 8;
  return complete && ends_value(s, j) && (j >= s.size() || s[j] != ':') ? j - i : 0;
}

// An absolute path: '/' then path bytes, with at least one letter; a final '.' is punctuation.
inline std::size_t match_path(std::string_view s, std::size_t i) noexcept {
  if (s[i] != '/') return 0;
  std::size_t j = i + 1;
  bool letter = false;
  while (j < s.size()) {
    const char c = s[j];
    if (!(is_word(c) || c == '.' || c == '-' || c == '~' || c == '+' || c == '@' || c == '%' || c == '/')) break;
    letter = letter || is_alpha(c);
    ++j;
  }
  while (j > i + 1 && s[j - 1] == '.') --j;
  return letter && j > i + 1 ? j - i : 0;
}

// scheme "://" then everything up to whitespace or a quote; closing punctuation is not part of it.
inline std::size_t match_url(std::string_view s, std::size_t i) noexcept {
  if (!is_alpha(s[i])) return 0;
  std::size_t j = i + 1;
  while (j < s.size() && (is_alnum(s[j]) || s[j] == '+' || s[j] == '.' || s[j] == '-') && j - i < 32) ++j;
  if (j + 3 > s.size() || s[j] != ':' || s[j + 1] != '/' || s[j + 2] != '/') return 0;
  j += 3;
  const std::size_t rest = j;
  while (j < s.size() && static_cast<unsigned char>(s[j]) > ' ' && s[j] != '"' && s[j] != '\'' && s[j] != '<' && s[j] != '>')
    ++j;
  while (j > rest && std::string_view(".,;:!?)]}").find(s[j - 1]) != std::string_view::npos) --j;
  return j > rest ? j - i : 0;
}

// hh:mm:ss with an optional fraction ("18:01:47,978", "04:48:15.320204").
inline std::size_t match_clock(std::string_view s, std::size_t i) noexcept {
  const std::size_t h = count_digits(s, i, 3);
  if (h == 0 || h > 2) return 0;
  std::size_t j = i + h;
  for (int part = 0; part < 2; ++part) {
    if (j >= s.size() || s[j] != ':' || count_digits(s, j + 1, 3) != 2) return 0;
    j += 3;
  }
  if (j + 1 < s.size() && (s[j] == '.' || s[j] == ',') && is_digit(s[j + 1])) j += 1 + count_digits(s, j + 1);
  return j - i;
}

// ISO 8601 date with an optional time and zone; a clock time; or the ctime/syslog form
// "[Thu ]Jul  7 06:31:38[ EDT][ 2005]".
inline std::size_t match_datetime(std::string_view s, std::size_t i) noexcept {
  std::size_t j = i;
  const auto at = [&](std::size_t k, char c) { return k < s.size() && s[k] == c; };
  if (count_digits(s, i, 5) == 4 && at(i + 4, '-') && count_digits(s, i + 5, 3) == 2 && at(i + 7, '-') &&
      count_digits(s, i + 8, 3) == 2) {
    j = i + 10;
    if (j + 1 < s.size() && (s[j] == 'T' || s[j] == ' ')) {
      if (const std::size_t c = match_clock(s, j + 1)) {
        j += 1 + c;
        if (j < s.size() && s[j] == 'Z') {
          ++j;
        } else if (j < s.size() && (s[j] == '+' || s[j] == '-') && count_digits(s, j + 1, 3) == 2) {
          j += 3;
          if (at(j, ':') && count_digits(s, j + 1, 3) == 2) j += 3;
          else if (count_digits(s, j, 3) == 2) j += 2;
        }
      }
    }
    return ends_value(s, j) ? j - i : 0;
  }
  if (const std::size_t c = match_clock(s, i)) {
    j = i + c;
    return ends_value(s, j) && !(j + 1 < s.size() && s[j] == ':' && is_digit(s[j + 1])) ? c : 0;
  }
  static constexpr std::string_view days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto one_of = [&](std::size_t at, const auto& names) {
    if (at + 3 >= s.size() || s[at + 3] != ' ') return false;
    for (std::string_view n : names)
      if (s[at] == n[0] && s[at + 1] == n[1] && s[at + 2] == n[2]) return true;
    return false;
  };
  if (one_of(j, days)) j += 4;
  if (!one_of(j, months)) return 0;
  j += 4;
  while (j < s.size() && s[j] == ' ') ++j;
  const std::size_t d = count_digits(s, j, 3);
  if (d == 0 || d > 2 || j + d >= s.size() || s[j + d] != ' ') return 0;
  j += d + 1;
  const std::size_t c = match_clock(s, j);
  if (c == 0) return 0;
  j += c;
  if (j + 4 < s.size() && s[j] == ' ' && s[j + 1] >= 'A' && s[j + 1] <= 'Z') {  // a zone name: "EDT"
    std::size_t k = j + 1;
    while (k < s.size() && s[k] >= 'A' && s[k] <= 'Z' && k - j <= 5) ++k;
    if (k - j >= 4 && k + 5 <= s.size() && s[k] == ' ' && count_digits(s, k + 1, 5) == 4) j = k;
  }
  if (j + 5 <= s.size() && s[j] == ' ' && count_digits(s, j + 1, 5) == 4 && ends_value(s, j + 5)) j += 5;
  return ends_value(s, j) ? j - i : 0;
}

// The length of the word at i when no value of a built-in kind starts there (0 otherwise): letters
// only, followed by none of the bytes a URL's scheme, a UUID, a MAC or IPv6 address or a block id
// continues with (a digit, ':', '-', '.', '+', '_'), and no three-letter day or month name before
// a space. Most words of a message are such words; the masker then tries no kind on them.
constexpr std::size_t plain_word(std::string_view s, std::size_t i) noexcept {
  if (!is_alpha(s[i])) return 0;
  std::size_t j = i + 1;
  while (j < s.size() && is_alpha(s[j])) ++j;
  if (j < s.size() && (is_digit(s[j]) || s[j] == ':' || s[j] == '-' || s[j] == '.' || s[j] == '+' || s[j] == '_')) return 0;
  if (j - i == 3 && s[i] >= 'A' && s[i] <= 'Z' && j < s.size() && s[j] == ' ') return 0;  // "Jul  7 06:31:38"
  return j - i;
}

}  // namespace nlp::detail
AIOPS_END_NAMESPACE
