// aiops: week 01, tasks 3-5 (reference solution): backup rotation, create + verify, find damage
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>   // std::sort
#include <cstdint>     // std::int64_t
#include <functional>  // std::greater
#include <set>         // std::set
#include <string>      // std::string
#include <vector>      // std::vector

#include <aiops/core.hpp>
#include <aiops/sys.hpp>

namespace aiops::week01 {

/// task-3: which snapshots a rotation keeps, newest first: the newest `keep_last`, plus the
/// newest snapshot of each of the `keep_daily` most recent UTC days that have one, plus the
/// newest of each of the `keep_weekly` most recent weeks (Monday to Sunday, UTC) that have one.
/// The newest snapshot is always kept; every time appears at most once in the answer.
inline std::vector<timestamp_ns> snapshots_to_keep(std::vector<timestamp_ns> times, int keep_last, int keep_daily,
                                                   int keep_weekly) {
  std::sort(times.begin(), times.end(), std::greater<>());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  auto floor_div = [](std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && a < 0); };
  std::set<std::int64_t> days, weeks;  // the buckets already represented
  std::vector<timestamp_ns> keep;
  for (std::size_t i = 0; i < times.size(); ++i) {
    const std::int64_t day = floor_div(times[i], ns_per_day);
    const std::int64_t week = floor_div(day + 3, 7);  // 1970-01-01 was a Thursday: weeks start on Monday
    // Newest first, so the first snapshot seen in a day or week is that bucket's newest.
    bool kept = i == 0 || i < std::size_t(keep_last);
    if (!days.count(day) && days.size() < std::size_t(keep_daily)) {
      days.insert(day);
      kept = true;
    }
    if (!weeks.count(week) && weeks.size() < std::size_t(keep_weekly)) {
      weeks.insert(week);
      kept = true;
    }
    if (kept) keep.push_back(times[i]);
  }
  return keep;
}

/// task-4: backs `source` up into the repository directory `repo` (aiops::sys::backup_repository),
/// verifies the new snapshot and returns its name.
/// @throws aiops::error when the verification finds a changed, missing or extra file.
inline std::string backup_and_verify(const std::string& source, const std::string& repo) {
  aiops::sys::backup_repository backups(repo);
  const std::string name = backups.create(source).snapshot.name;
  const auto report = backups.verify(name);
  if (!report.ok())
    throw aiops::error("snapshot " + name + " failed verification: " + report.issues.front().path + " is " +
                       aiops::sys::to_string(report.issues.front().what));
  return name;
}

/// task-5: the regular files of snapshot `name` in `repo` that are changed or missing compared
/// with the snapshot's manifest, as manifest paths, sorted (directories and symlinks are not asked for).
inline std::vector<std::string> damaged_files(const std::string& repo, const std::string& name) {
  const aiops::sys::backup_repository backups(repo);
  std::set<std::string> files;
  for (const auto& entry : backups.read_manifest(name).entries)
    if (entry.type == aiops::sys::entry_type::file) files.insert(entry.path);
  std::vector<std::string> out;
  for (const auto& issue : backups.verify(name).issues)
    if (issue.what != aiops::sys::verify_issue::kind::extra && files.count(issue.path)) out.push_back(issue.path);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace aiops::week01
