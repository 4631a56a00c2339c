// aiops: week 01, task 1 (reference solution): parse one nginx `combined` access-log line
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::int64_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

#include <aiops/core.hpp>

namespace aiops::week01 {

/// One request from an nginx access log in the `combined` format:
/// $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"
struct access_line {
  std::string remote_addr;
  std::string remote_user;   ///< "-" when nobody authenticated
  timestamp_ns time = 0;     ///< UTC nanoseconds; aiops::parse_nginx_time reads $time_local
  std::string method;        ///< "GET"
  std::string path;          ///< "/api/orders?id=7", as sent
  std::string protocol;      ///< "HTTP/1.1"
  int status = 0;
  std::int64_t bytes = 0;    ///< $body_bytes_sent
  std::string referer;
  std::string user_agent;
};

namespace detail {

// A small cursor over the line: each take_* consumes one field and the separator after it.
struct fields {
  std::string_view rest;

  std::optional<std::string_view> take_until(char end) {
    std::size_t at = rest.find(end);
    if (at == std::string_view::npos) return std::nullopt;
    std::string_view field = rest.substr(0, at);
    rest.remove_prefix(at + 1);
    return field;
  }
  bool skip(std::string_view expected) {
    if (rest.substr(0, expected.size()) != expected) return false;
    rest.remove_prefix(expected.size());
    return true;
  }
  // A "quoted" field; nginx escapes a quote inside it as \" (or \x22).
  std::optional<std::string> take_quoted() {
    if (!skip("\"")) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < rest.size(); ++i) {
      if (rest[i] == '\\' && i + 1 < rest.size()) {
        out += rest[++i];
      } else if (rest[i] == '"') {
        rest.remove_prefix(i + 1);
        return out;
      } else {
        out += rest[i];
      }
    }
    return std::nullopt;  // no closing quote: a truncated line
  }
};

}  // namespace detail

/// Parses one line; returns std::nullopt when the line is not a valid combined line
/// (truncated, missing fields, a status that is not a number, a request that is not "METHOD PATH PROTOCOL").
/// Anything after the user agent (nginx formats often append $request_time) is ignored.
inline std::optional<access_line> parse_combined(std::string_view line) {
  detail::fields f{line};
  access_line r;
  auto addr = f.take_until(' ');
  auto user = f.skip("- ") ? f.take_until(' ') : std::nullopt;
  if (!addr || addr->empty() || !user || !f.skip("[")) return std::nullopt;
  auto time_text = f.take_until(']');
  if (!time_text) return std::nullopt;
  auto time = aiops::parse_nginx_time(*time_text);
  if (!time || !f.skip(" ")) return std::nullopt;
  auto request = f.take_quoted();
  if (!request || !f.skip(" ")) return std::nullopt;
  auto parts = aiops::split(*request, ' ');
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].rfind("HTTP/", 0) != 0)
    return std::nullopt;
  auto status = f.take_until(' ');
  auto bytes = f.take_until(' ');
  if (!status || !bytes) return std::nullopt;
  auto status_number = aiops::parse_int(*status);
  auto byte_count = *bytes == "-" ? std::optional<std::int64_t>(0) : aiops::parse_int(*bytes);
  if (!status_number || *status_number < 100 || *status_number > 999 || !byte_count || *byte_count < 0)
    return std::nullopt;
  auto referer = f.take_quoted();
  if (!referer || !f.skip(" ")) return std::nullopt;
  auto agent = f.take_quoted();
  if (!agent) return std::nullopt;

  r.remote_addr = *addr;
  r.remote_user = *user;
  r.time = *time;
  r.method = parts[0];
  r.path = parts[1];
  r.protocol = parts[2];
  r.status = int(*status_number);
  r.bytes = *byte_count;
  r.referer = std::move(*referer);
  r.user_agent = std::move(*agent);
  return r;
}

}  // namespace aiops::week01
