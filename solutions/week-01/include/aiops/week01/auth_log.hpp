// aiops: week 01, task 2 (reference solution): failed SSH logins in an auth.log
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
  // The year does not matter here: only the message is used.
  auto record = aiops::logs::parse_syslog_3164(line, 2000);
  if (!record || record->app != "sshd") return std::nullopt;
  std::string_view msg = record->message;
  failed_login out;
  // "message repeated 3 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]"
  if (msg.starts_with("message repeated ")) {
    auto words = aiops::split(msg, ' ');
    auto n = words.size() > 2 ? aiops::parse_int(words[2]) : std::nullopt;
    std::size_t open = msg.find("[ ");
    if (!n || open == std::string_view::npos) return std::nullopt;
    out.attempts = int(*n);
    msg = aiops::trim(msg.substr(open + 2, msg.rfind(']') - open - 2));
  }
  constexpr std::string_view prefix = "Failed password for ";
  if (!msg.starts_with(prefix)) return std::nullopt;
  msg.remove_prefix(prefix.size());
  if (msg.starts_with("invalid user ")) {
    out.invalid_user = true;
    msg.remove_prefix(13);
  }
  // A user name may contain spaces, so search for the last " from " rather than splitting.
  std::size_t from = msg.rfind(" from ");
  if (from == std::string_view::npos) return std::nullopt;
  out.user = msg.substr(0, from);
  auto rest = aiops::split_ws(msg.substr(from + 6));
  if (rest.empty()) return std::nullopt;
  out.source_ip = rest[0];
  return out;
}

/// task-2: failed password attempts per source address in a whole auth.log file.
inline std::map<std::string, std::int64_t> failed_logins_by_ip(const std::string& path) {
  std::map<std::string, std::int64_t> by_ip;
  auto reader = aiops::logs::open_lines(path);
  while (auto line = reader.next())
    if (auto failed = parse_failed_login(line->text)) by_ip[failed->source_ip] += failed->attempts;
  return by_ip;
}

}  // namespace aiops::week01
