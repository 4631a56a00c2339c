// aiops: week 01, tasks 3-5 (your code): backup rotation, create + verify, find damage
// SPDX-License-Identifier: MIT
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

#include <aiops/core.hpp>
#include <aiops/sys.hpp>

namespace aiops::week01 {

/// task-3: which snapshots a rotation keeps, newest first: the newest `keep_last`, plus the
/// newest snapshot of each of the `keep_daily` most recent UTC days that have one, plus the
/// newest of each of the `keep_weekly` most recent weeks (Monday to Sunday, UTC) that have one.
/// The newest snapshot is always kept; every time appears at most once in the answer.
inline std::vector<timestamp_ns> snapshots_to_keep(std::vector<timestamp_ns> times, int keep_last, int keep_daily,
                                                   int keep_weekly) {
  // TODO(week-01): sort newest first, then walk the list once. See README, task 3.
  (void)times, (void)keep_last, (void)keep_daily, (void)keep_weekly;
  throw aiops::not_implemented("week01::snapshots_to_keep");
}

/// task-4: backs `source` up into the repository directory `repo` (aiops::sys::backup_repository),
/// verifies the new snapshot and returns its name.
/// @throws aiops::error when the verification finds a changed, missing or extra file.
inline std::string backup_and_verify(const std::string& source, const std::string& repo) {
  // TODO(week-01): create, then verify. See README, task 4.
  (void)source, (void)repo;
  throw aiops::not_implemented("week01::backup_and_verify");
}

/// task-5: the regular files of snapshot `name` in `repo` that are changed or missing compared
/// with the snapshot's manifest, as manifest paths, sorted (directories and symlinks are not asked for).
inline std::vector<std::string> damaged_files(const std::string& repo, const std::string& name) {
  // TODO(week-01): verify and collect. See README, task 5.
  (void)repo, (void)name;
  throw aiops::not_implemented("week01::damaged_files");
}

}  // namespace aiops::week01
