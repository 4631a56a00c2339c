// aiops: URLs for the HTTP client: parsing, percent-encoding and query strings (standard library only)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min
#include <cstddef>      // std::size_t
#include <string>       // std::string, std::to_string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"

AIOPS_BEGIN_NAMESPACE
namespace http {

/// Query parameters in order; a name may repeat (`match[]=a&match[]=b`).
using query = std::vector<std::pair<std::string, std::string>>;

namespace detail {

constexpr bool is_unreserved(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// Bytes that may never appear raw in a request target (RFC 3986 section 2 and appendix C).
constexpr bool needs_escape_in_target(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return true;
  switch (c) {
    case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}': return true;
    default: return false;
  }
}

inline void append_escaped(std::string& out, char c) {
  constexpr const char* hex = "0123456789ABCDEF";
  const auto u = static_cast<unsigned char>(c);
  out += '%';
  out += hex[u >> 4];
  out += hex[u & 0x0f];
}

}  // namespace detail

/// Percent-encodes every byte except the unreserved `A-Z a-z 0-9 - . _ ~`: safe for a query name,
/// a query value or one path segment (a '/' inside becomes %2F).
inline std::string percent_encode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (detail::is_unreserved(c)) {
      out += c;
    } else {
      detail::append_escaped(out, c);
    }
  }
  return out;
}

/// Decodes %XX escapes (and '+' as a space when `plus_as_space`, as in form bodies).
/// Fails with `errc::syntax` and the 1-based column of a '%' not followed by two hex digits.
inline result<std::string> percent_decode(std::string_view s, bool plus_as_space = false) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      const int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
      const int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) return fail(errc::syntax, "'%' must be followed by two hex digits", i + 1);
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (s[i] == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

/// `a=1&b=x%20y`: each name and value percent-encoded. Also a valid
/// `application/x-www-form-urlencoded` body (for Prometheus' POST /api/v1/query).
inline std::string encode_query(const query& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += percent_encode(name);
    out += '=';
    out += percent_encode(value);
  }
  return out;
}

/// Escapes the bytes that can never appear raw in a request target (space, controls, non-ASCII,
/// `"<>\^`{|}`) and keeps everything else, '%' escapes included, as the user wrote it.
inline std::string escape_target(std::string_view target) {
  std::string out;
  out.reserve(target.size());
  for (char c : target) {
    if (detail::needs_escape_in_target(c)) {
      detail::append_escaped(out, c);
    } else {
      out += c;
    }
  }
  return out;
}

/// The parts of an absolute http or https URL.
struct url {
  std::string scheme;    ///< "http" or "https", lower case
  std::string user;      ///< from `user:password@`, decoded; empty when absent
  std::string password;  ///< from `user:password@`, decoded
  std::string host;      ///< a name, an IPv4 address or an IPv6 address without its brackets
  int port = 0;          ///< explicit, else 80 or 443
  std::string path;      ///< starts with '/' or is empty; escaped with `escape_target`
  std::string query;     ///< after '?', without it; escaped with `escape_target`

  /// `scheme://host[:port]` (the port only when not the scheme's default), IPv6 hosts in brackets.
  std::string origin() const {
    std::string o = scheme + "://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host);
    if (port != (scheme == "https" ? 443 : 80)) o += ":" + std::to_string(port);
    return o;
  }

  /// The path and query as sent in the request line: `/api/v1/query?query=up`.
  std::string target() const {
    std::string t = path.empty() ? "/" : path;
    if (!query.empty()) t += "?" + query;
    return t;
  }
};

/// Parses `http[s]://[user[:password]@]host[:port][/path][?query][#fragment]` (the fragment is
/// dropped). Fails with `errc::syntax` and a column for any other scheme, an empty host, a bad port
/// or a bad %-escape in the user information.
inline result<url> parse_url(std::string_view text) {
  url u;
  const std::size_t colon = text.find("://");
  if (colon == std::string_view::npos) return fail(errc::syntax, "URL must start with http:// or https://", 1);
  u.scheme = to_lower(text.substr(0, colon));
  if (u.scheme != "http" && u.scheme != "https") {
    return fail(errc::syntax, "unsupported URL scheme '" + u.scheme + "' (use http or https)", 1);
  }
  std::size_t pos = colon + 3;
  const std::size_t authority_end = std::min(text.find_first_of("/?#", pos), text.size());
  std::string_view authority = text.substr(pos, authority_end - pos);

  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    const std::size_t sep = userinfo.find(':');
    auto user = percent_decode(userinfo.substr(0, sep));
    auto password = percent_decode(sep == std::string_view::npos ? std::string_view{} : userinfo.substr(sep + 1));
    if (!user || !password) return fail(errc::syntax, "bad %-escape in the URL's user information", pos + 1);
    u.user = std::move(*user);
    u.password = std::move(*password);
    authority.remove_prefix(at + 1);
    pos += at + 1;
  }

  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail(errc::syntax, "IPv6 address without ']'", pos + 1);
    u.host = std::string(authority.substr(1, close - 1));
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return fail(errc::syntax, "expected ':' after ']'", pos + close + 2);
    if (!rest.empty()) port = rest.substr(1);
  } else {
    const std::size_t sep = authority.rfind(':');
    u.host = std::string(authority.substr(0, sep));
    if (sep != std::string_view::npos) port = authority.substr(sep + 1);
  }
  if (u.host.empty()) return fail(errc::syntax, "URL has no host", pos + 1);
  if (port.empty()) {
    u.port = u.scheme == "https" ? 443 : 80;
  } else {
    const auto n = parse_int(port);
    if (!n || *n < 1 || *n > 65535) {
      return fail(errc::syntax, "bad port '" + std::string(port) + "'", authority_end - port.size() + 1);
    }
    u.port = static_cast<int>(*n);
  }

  std::string_view rest = text.substr(authority_end);
  rest = rest.substr(0, rest.find('#'));
  const std::size_t question = rest.find('?');
  u.path = escape_target(rest.substr(0, question));
  if (question != std::string_view::npos) u.query = escape_target(rest.substr(question + 1));
  return u;
}

}  // namespace http
AIOPS_END_NAMESPACE
