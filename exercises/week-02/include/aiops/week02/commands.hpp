// aiops: week 02, tasks 1-2 (your code): run a command and parse its output
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::uint64_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <aiops/core.hpp>
#include <aiops/sys.hpp>

namespace aiops::week02 {

/// One line of `df -P -B1`: sizes in bytes.
struct df_row {
  std::string filesystem;
  std::uint64_t size_bytes = 0;
  std::uint64_t used_bytes = 0;
  std::uint64_t avail_bytes = 0;
  int use_percent = 0;     ///< the "Capacity" column without its '%'
  std::string mounted_on;  ///< may contain spaces
};

/// task-1: parses the output of `df -P -B1` (header line first). Lines that do not parse are skipped.
inline std::vector<df_row> parse_df(std::string_view output) {
  // TODO(week-02): see README, task 1.
  (void)output;
  throw aiops::not_implemented("week02::parse_df");
}

/// task-2: runs `df -P -B1` (no shell, 10 s timeout) and parses it.
/// @throws aiops::error when df cannot run or exits with an error.
inline std::vector<df_row> disk_usage() {
  // TODO(week-02): see README, task 2.
  throw aiops::not_implemented("week02::disk_usage");
}

}  // namespace aiops::week02
