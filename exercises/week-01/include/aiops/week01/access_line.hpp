// aiops: week 01, task 1 (your code): parse one nginx `combined` access-log line
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

/// Parses one line; returns std::nullopt when the line is not a valid combined line
/// (truncated, missing fields, a status that is not a number, a request that is not "METHOD PATH PROTOCOL").
/// Anything after the user agent (nginx formats often append $request_time) is ignored.
inline std::optional<access_line> parse_combined(std::string_view line) {
  // TODO(week-01): walk the line field by field. See exercises/week-01/README.md, task 1.
  (void)line;
  throw aiops::not_implemented("week01::parse_combined");
}

}  // namespace aiops::week01
