// aiops: week 02, tasks 5-6 (your code): JSON-lines application logs
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>  // std::int64_t
#include <map>      // std::map
#include <string>   // std::string
#include <vector>   // std::vector

#include <aiops/core.hpp>
#include <aiops/logs.hpp>

namespace aiops::week02 {

/// What a pass over a JSON-lines log found.
struct level_report {
  std::map<std::string, std::int64_t> lines_per_level;  ///< "INFO" -> 35328, from the `level` field
  std::vector<std::int64_t> malformed_lines;            ///< 1-based numbers of lines that are not one JSON object
};

/// task-5: counts the valid lines per `level` and lists the malformed lines of a JSON-lines file.
inline level_report count_levels(const std::string& path) {
  // TODO(week-02): see README, task 5.
  (void)path;
  throw aiops::not_implemented("week02::count_levels");
}

/// A time window [start, end).
struct window {
  timestamp_ns start = 0;
  timestamp_ns end = 0;
};

/// task-6: the burst of ERROR lines: the window, on whole minutes of `ts`, where ERROR lines are
/// far more frequent than usual.
inline window find_error_burst(const std::string& path) {
  // TODO(week-02): see README, task 6.
  (void)path;
  throw aiops::not_implemented("week02::find_error_burst");
}

}  // namespace aiops::week02
