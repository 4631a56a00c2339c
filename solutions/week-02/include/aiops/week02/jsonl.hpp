// aiops: week 02, tasks 5-6 (reference solution): JSON-lines application logs
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max_element
#include <cstdint>    // std::int64_t
#include <map>        // std::map
#include <string>     // std::string
#include <vector>     // std::vector

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
  level_report report;
  aiops::logs::json_parser parse;
  auto reader = aiops::logs::open_lines(path);
  while (auto line = reader.next()) {
    auto record = parse(line->text);
    if (!record) {
      report.malformed_lines.push_back(std::int64_t(line->number));
      continue;
    }
    ++report.lines_per_level[std::string(record->get("level").value_or("(none)"))];
  }
  return report;
}

/// A time window [start, end).
struct window {
  timestamp_ns start = 0;
  timestamp_ns end = 0;
};

/// task-6: the burst of ERROR lines: the window, on whole minutes of `ts`, where ERROR lines are
/// far more frequent than usual.
inline window find_error_burst(const std::string& path) {
  std::map<timestamp_ns, int> errors_per_minute;
  std::int64_t total_errors = 0;
  aiops::logs::json_parser parse;
  auto reader = aiops::logs::open_lines(path);
  while (auto line = reader.next()) {
    auto record = parse(line->text);
    if (!record || record->get("level") != "ERROR") continue;
    if (auto ts = aiops::parse_rfc3339(record->get("ts").value_or(""))) {
      ++errors_per_minute[*ts - *ts % ns_per_minute];
      ++total_errors;
    }
  }
  if (errors_per_minute.empty()) return {};
  // Start at the worst minute and grow while neighbouring minutes stay well above the usual rate.
  const timestamp_ns first = errors_per_minute.begin()->first, last = errors_per_minute.rbegin()->first;
  const double usual = double(total_errors) / double((last - first) / ns_per_minute + 1);
  auto peak = std::max_element(errors_per_minute.begin(), errors_per_minute.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  const double high = std::max(3.0, std::max(10 * usual, peak->second / 10.0));
  auto busy = [&](timestamp_ns minute) {
    auto it = errors_per_minute.find(minute);
    return it != errors_per_minute.end() && it->second >= high;
  };
  window w{peak->first, peak->first + ns_per_minute};
  // One quiet minute inside a burst does not end it.
  while (busy(w.start - ns_per_minute) || busy(w.start - 2 * ns_per_minute))
    w.start -= busy(w.start - ns_per_minute) ? ns_per_minute : 2 * ns_per_minute;
  while (busy(w.end) || busy(w.end + ns_per_minute)) w.end += busy(w.end) ? ns_per_minute : 2 * ns_per_minute;
  return w;
}

}  // namespace aiops::week02
