// aiops: week 01, task 2 (your code): failed SSH logins in an auth.log
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::int64_t
#include <map>          // std::map
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

#include <aiops/core.hpp>
#include <aiops/logs.hpp>

namespace aiops::week01 {

/// A failed SSH password attempt, from an sshd line of /var/log/auth.log.
struct failed_login {
  std::string user;
  std::string source_ip;
  bool invalid_user = false;  ///< "Failed password for invalid user X from ..."
  int attempts = 1;           ///< N for "message repeated N times: [ Failed password ... ]"
};

/// task-2: the failed password attempt in one auth.log line (RFC 3164 without <PRI>), or nothing
/// when the line is something else.
inline std::optional<failed_login> parse_failed_login(std::string_view line) {
  // TODO(week-01): see README, task 2.
  (void)line;
  throw aiops::not_implemented("week01::parse_failed_login");
}

/// task-2: failed password attempts per source address in a whole auth.log file.
inline std::map<std::string, std::int64_t> failed_logins_by_ip(const std::string& path) {
  // TODO(week-01): see README, task 2.
  (void)path;
  throw aiops::not_implemented("week01::failed_logins_by_ip");
}

}  // namespace aiops::week01
