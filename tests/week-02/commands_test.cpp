// aiops: week 02 grader, tasks 1-2: run df and parse its output
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/sys.hpp>
#include <aiops/week02/commands.hpp>

using aiops::week02::parse_df;

TEST_CASE("task-1: df -P -B1 output, mount points with spaces", "[week-02][task-1]") {
  INFO("Hint: exercises/week-02/README.md, task 1");
  const char* output =
      "Filesystem        1-blocks        Used   Available Capacity Mounted on\n"
      "/dev/vda     270553174016 16945315840 80847978496      18% /\n"
      "tmpfs         25276514304           0 25276514304       0% /dev/shm\n"
      "/dev/sdb1      1000000000   999000000     1000000     100% /media/USB Stick\n"
      "this line is garbage\n";
  auto rows = parse_df(output);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].filesystem == "/dev/vda");
  CHECK(rows[0].size_bytes == 270553174016ULL);
  CHECK(rows[0].used_bytes == 16945315840ULL);
  CHECK(rows[0].avail_bytes == 80847978496ULL);
  CHECK(rows[0].use_percent == 18);
  CHECK(rows[0].mounted_on == "/");
  CHECK(rows[1].mounted_on == "/dev/shm");
  CHECK(rows[2].use_percent == 100);
  CHECK(rows[2].mounted_on == "/media/USB Stick");
  CHECK(parse_df("Filesystem 1-blocks Used Available Capacity Mounted on\n").empty());
}

TEST_CASE("task-2: disk usage of this machine agrees with statvfs", "[week-02][task-2]") {
  INFO("Hint: exercises/week-02/README.md, task 2");
  auto rows = aiops::week02::disk_usage();
  const auto root = aiops::sys::read_filesystem_usage("/").value();
  bool found = false;
  for (const auto& r : rows)
    if (r.mounted_on == "/") {
      found = true;
      CHECK(r.size_bytes == root.size_bytes);
      CHECK(r.avail_bytes + r.used_bytes <= r.size_bytes);
    }
  CHECK(found);
  CHECK(rows.size() >= 2);
}
