// aiops: every parser of aiops::sys survives truncated and corrupted input without throwing or crashing
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <random>  // std::mt19937

#include <aiops/sys/manifest.hpp>
#include <aiops/sys/procfs.hpp>

using namespace aiops::sys;

namespace {
// Runs every parser on `text`; each must answer with a value or a failure.
void parse_all(const std::string& text) {
  CHECK_NOTHROW(parse_proc_stat(text, 100));
  CHECK_NOTHROW(parse_meminfo(text));
  CHECK_NOTHROW(parse_loadavg(text));
  CHECK_NOTHROW(parse_diskstats(text));
  CHECK_NOTHROW(parse_net_dev(text));
  CHECK_NOTHROW(parse_mounts(text));
  CHECK_NOTHROW(parse_manifest(text));
}
}  // namespace

TEST_CASE("parsers return failures, never throw, on truncated and corrupted input", "[robustness]") {
  manifest m;
  m.source = "/src";
  m.entries.push_back({entry_type::directory, ".", 0755, 0, 0, 0, 0, "", ""});
  m.entries.push_back({entry_type::file, "a b", 0644, 0, 0, 1, 3, std::string(64, 'a'), ""});
  m.entries.push_back({entry_type::symlink, "l", 0777, 0, 0, 1, 1, "", "a b"});
  const std::string samples[] = {
      "cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 2 3 4 5 6 7 8 9 10\nctxt 5\nbtime 6\nprocesses 7\nprocs_running 1\n",
      "MemTotal: 100 kB\nMemFree: 50 kB\nHugePages_Total: 0\n",
      "0.20 0.18 0.12 1/80 11206\n",
      "8 0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
      "h1\nh2\n lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
      "/dev/sda1 /a\\040b ext4 rw 0 0\n",
      format_manifest(m),
  };
  std::mt19937 rng(42);
  for (const auto& sample : samples) {
    for (std::size_t cut = 0; cut <= sample.size(); ++cut) parse_all(sample.substr(0, cut));
    for (int round = 0; round < 300; ++round) {
      std::string s = sample;
      for (int k = 0; k < 3; ++k) s[rng() % s.size()] = static_cast<char>(rng() % 256);
      parse_all(s);
    }
  }
  parse_all(std::string(10000, '\\'));
  parse_all(std::string("\0\0\0", 3));
}
