// aiops: the core time parsers behind a year check, for the log parsers
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <optional>     // std::optional
#include <string>       // std::to_string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs::detail {

// timestamp_ns spans 1677-09-21 .. 2262-04-11; whole years inside, with a day to spare for offsets.
inline constexpr int min_year = 1678;
inline constexpr int max_year = 2261;

// A failure when the four digits at s[at] are a year timestamp_ns cannot hold. The core parsers
// do not check this (their arithmetic would overflow), and log lines carry years like 0000.
inline std::optional<failure> year_out_of_range(std::string_view s, std::size_t at) {
  if (at > s.size() || s.size() - at < 4) return std::nullopt;
  int year = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;  // the core parser reports the syntax
    year = year * 10 + (s[i] - '0');
  }
  if (year >= min_year && year <= max_year) return std::nullopt;
  return fail(errc::bad_timestamp, "year " + std::to_string(year) + " is outside 1678..2261, the range of timestamp_ns", at + 1);
}

// parse_nginx_time ("10/Oct/2000:13:55:36 -0700", brackets optional) with the year checked.
inline result<timestamp_ns> nginx_time(std::string_view s) {
  if (auto why = year_out_of_range(s, !s.empty() && s[0] == '[' ? 8 : 7)) return *why;
  return parse_nginx_time(s);
}

// parse_rfc3339 with the year checked.
inline result<timestamp_ns> rfc3339_time(std::string_view s) {
  if (auto why = year_out_of_range(s, 0)) return *why;
  return parse_rfc3339(s);
}

}  // namespace logs::detail
AIOPS_END_NAMESPACE
