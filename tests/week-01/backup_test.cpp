// aiops: week 01 grader, tasks 3-5: backup rotation, create + verify, find damage
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <sys/stat.h>  // stat, chmod

#include <algorithm>   // std::sort
#include <filesystem>  // std::filesystem::path
#include <fstream>     // std::ofstream
#include <random>      // std::mt19937_64

#include <aiops/sys.hpp>
#include <aiops/week01/backup.hpp>

#include "scratch.hpp"

namespace fs = std::filesystem;
using aiops::testing::scratch_dir;
using aiops::timestamp_ns;

namespace {

timestamp_ns at(int y, int m, int d, int h = 12) { return aiops::to_timestamp({y, m, d, h, 0, 0}); }

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

}  // namespace

TEST_CASE("task-3: rotation keeps the newest, one per day and one per week", "[week-01][task-3]") {
  INFO("Hint: exercises/week-01/README.md, task 3");
  // Two snapshots a day (06:00 and 18:00) from Mon 2026-11-02 to Sun 2026-11-29.
  std::vector<timestamp_ns> times;
  for (int d = 2; d <= 29; ++d) times.insert(times.end(), {at(2026, 11, d, 6), at(2026, 11, d, 18)});
  auto keep = aiops::week01::snapshots_to_keep(times, 2, 3, 2);
  // last 2: Nov 29 18:00 and 06:00; daily 3: Nov 29, 28, 27 (18:00 each); weekly 2: Sun Nov 29 (week of
  // Nov 23) and Sun Nov 22 (week of Nov 16).
  std::vector<timestamp_ns> expected{at(2026, 11, 29, 18), at(2026, 11, 29, 6), at(2026, 11, 28, 18),
                                     at(2026, 11, 27, 18), at(2026, 11, 22, 18)};
  CHECK(keep == expected);
  CHECK(aiops::week01::snapshots_to_keep({at(2026, 1, 1)}, 0, 0, 0) == std::vector<timestamp_ns>{at(2026, 1, 1)});
  CHECK(aiops::week01::snapshots_to_keep({}, 3, 3, 3).empty());
}

TEST_CASE("task-3: rotation agrees with aiops::sys::plan_retention on random histories", "[week-01][task-3]") {
  std::mt19937_64 rng(2026);
  for (int round = 0; round < 200; ++round) {
    std::vector<timestamp_ns> times;
    const int n = int(rng() % 40) + 1;
    for (int i = 0; i < n; ++i)  // anywhere in 60 days around 2026-11-01, whole seconds, no duplicates
      times.push_back(at(2026, 11, 1) + timestamp_ns(rng() % (60 * 86400)) * aiops::ns_per_second - 30 * aiops::ns_per_day);
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    const int last = int(rng() % 4), daily = int(rng() % 8), weekly = int(rng() % 5);
    aiops::sys::retention_policy policy;
    policy.keep_last = std::size_t(last) + (last + daily + weekly == 0);
    policy.keep_daily = std::size_t(daily);
    policy.keep_weekly = std::size_t(weekly);
    std::vector<timestamp_ns> expected;
    for (const auto& d : aiops::sys::plan_retention(times, policy))
      if (d.keep) expected.push_back(d.time);
    CAPTURE(round, last, daily, weekly, n);
    REQUIRE(aiops::week01::snapshots_to_keep(times, int(policy.keep_last), daily, weekly) == expected);
  }
}

TEST_CASE("task-4: two backups, the second hard-links unchanged files", "[week-01][task-4]") {
  INFO("Hint: exercises/week-01/README.md, task 4");
  const scratch_dir tmp("week01");
  write(tmp / "src/etc/nginx.conf", "worker_processes auto;\n");
  write(tmp / "src/var/www/index.html", "<h1>hello</h1>\n");
  const std::string repo = (tmp / "repo").string();
  const std::string first = aiops::week01::backup_and_verify((tmp / "src").string(), repo);
  write(tmp / "src/var/www/index.html", "<h1>hello again</h1>\n");
  const std::string second = aiops::week01::backup_and_verify((tmp / "src").string(), repo);

  auto snapshots = aiops::sys::backup_repository(repo).list();
  REQUIRE(snapshots.size() == 2);
  CHECK(snapshots[0].name == first);
  CHECK(snapshots[1].name == second);
  struct stat a {}, b {};
  REQUIRE(::stat((fs::path(repo) / first / "tree/etc/nginx.conf").c_str(), &a) == 0);
  REQUIRE(::stat((fs::path(repo) / second / "tree/etc/nginx.conf").c_str(), &b) == 0);
  CHECK(a.st_ino == b.st_ino);  // unchanged: one file on disk, two names
  REQUIRE(::stat((fs::path(repo) / first / "tree/var/www/index.html").c_str(), &a) == 0);
  REQUIRE(::stat((fs::path(repo) / second / "tree/var/www/index.html").c_str(), &b) == 0);
  CHECK(a.st_ino != b.st_ino);  // changed: a new copy
}

TEST_CASE("task-5: damaged files in a snapshot are found", "[week-01][task-5]") {
  INFO("Hint: exercises/week-01/README.md, task 5");
  const scratch_dir tmp("week01");
  write(tmp / "src/a.txt", "alpha\n");
  write(tmp / "src/b/c.txt", "gamma\n");
  write(tmp / "src/d.txt", "delta\n");
  const std::string repo = (tmp / "repo").string();
  const std::string name = aiops::week01::backup_and_verify((tmp / "src").string(), repo);
  CHECK(aiops::week01::damaged_files(repo, name).empty());

  const fs::path tree = fs::path(repo) / name / "tree";
  fs::permissions(tree / "b", fs::perms::owner_all, fs::perm_options::add);
  fs::permissions(tree / "b/c.txt", fs::perms::owner_write, fs::perm_options::add);
  std::ofstream(tree / "b/c.txt", std::ios::app) << "bit rot\n";
  fs::permissions(tree, fs::perms::owner_all, fs::perm_options::add);
  fs::remove(tree / "d.txt");
  CHECK(aiops::week01::damaged_files(repo, name) == std::vector<std::string>{"b/c.txt", "d.txt"});
}
