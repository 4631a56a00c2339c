// aiops: week 02, tasks 1-2 (reference solution): run a command and parse its output
// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>       // std::chrono::seconds
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
  std::vector<df_row> rows;
  auto lines = aiops::split(output, '\n');
  for (std::size_t i = 1; i < lines.size(); ++i) {  // line 0 is the header
    const std::string_view line = lines[i];
    auto words = aiops::split_ws(line);
    if (words.size() < 6 || !words[4].ends_with('%')) continue;
    auto size = aiops::parse_int(words[1]), used = aiops::parse_int(words[2]), avail = aiops::parse_int(words[3]);
    auto percent = aiops::parse_int(words[4].substr(0, words[4].size() - 1));
    if (!size || !used || !avail || !percent) continue;
    df_row r;
    r.filesystem = words[0];
    r.size_bytes = std::uint64_t(*size);
    r.used_bytes = std::uint64_t(*used);
    r.avail_bytes = std::uint64_t(*avail);
    r.use_percent = int(*percent);
    // The mount point is everything after the capacity column, spaces included.
    r.mounted_on = aiops::trim(line.substr(std::size_t(words[4].data() + words[4].size() - line.data())));
    rows.push_back(std::move(r));
  }
  return rows;
}

/// task-2: runs `df -P -B1` (no shell, 10 s timeout) and parses it.
/// @throws aiops::error when df cannot run or exits with an error.
inline std::vector<df_row> disk_usage() {
  aiops::sys::run_options options;
  options.timeout = std::chrono::seconds(10);
  auto run = aiops::sys::run({"df", "-P", "-B1"}, options);
  if (!run) throw aiops::error("cannot run df: " + run.error().message);
  // df exits 1 when one file system cannot be read but still prints the others.
  if (run->out.empty()) throw aiops::error("df failed: " + run->describe() + ": " + run->err);
  return parse_df(run->out);
}

}  // namespace aiops::week02
