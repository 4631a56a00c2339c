// aiops: /proc readers on fixed samples (kernel 6.x formats, older ones) and on this machine's live files
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/sys/procfs.hpp>

using namespace aiops::sys;
using Catch::Matchers::Contains;

TEST_CASE("parse_proc_stat converts jiffies to seconds per CPU and mode", "[procfs]") {
  const char* sample =
      "cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 7\n"
      "cpu0 1393280 32966 572056 13343292 6130 0 17875 0 23933 0\n"
      "cpu1 1335260 32822 397510 13403307 2916 0 2389 12 24118 0\n"
      "intr 199292069 9 0 0 0 0 0 0 0 1 0 0 0\n"
      "ctxt 432950340\n"
      "btime 1711000000\n"
      "processes 1051391\n"
      "procs_running 2\n"
      "procs_blocked 1\n"
      "softirq 66013046 1 18102447 3 1 2 0 3 4 5 6\n";
  auto st = parse_proc_stat(sample, 100);
  REQUIRE(st);
  CHECK(st->all.cpu == -1);
  CHECK(st->all.user == Approx(101321.53));
  CHECK(st->all.guest_nice == Approx(0.07));
  REQUIRE(st->cpus.size() == 2);
  CHECK(st->cpus[1].cpu == 1);
  CHECK(st->cpus[1].idle == Approx(134033.07));
  CHECK(st->cpus[1].steal == Approx(0.12));
  CHECK(st->cpus[0].modes()[2].first == "system");
  CHECK(st->cpus[0].modes()[2].second == Approx(5720.56));
  CHECK(st->interrupts == 199292069);
  CHECK(st->context_switches == 432950340);
  CHECK(st->boot_time == 1711000000);
  CHECK(st->forks == 1051391);
  CHECK(st->procs_running == 2);
  CHECK(st->procs_blocked == 1);
  // USER_HZ is a parameter: 250 ticks per second give 2.5 times less.
  CHECK(parse_proc_stat(sample, 250)->all.user == Approx(40528.612));
}

TEST_CASE("parse_proc_stat reads old kernels' short CPU lines and rejects damaged ones", "[procfs]") {
  auto old = parse_proc_stat("cpu 100 0 50 1000\ncpu0 100 0 50 1000\n", 100);
  REQUIRE(old);
  CHECK(old->all.busy() == Approx(1.5));
  CHECK(old->all.steal == 0);

  auto bad = parse_proc_stat("cpu 1 2 3 4\ncpu0 1 x 3 4\n", 100);
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Contains("line 2") && Contains("'x'"));
  CHECK_FALSE(parse_proc_stat("ctxt 5\n", 100));  // no cpu line: some other file
  CHECK_FALSE(parse_proc_stat("cpu 1 2\n", 100));
  CHECK_FALSE(parse_proc_stat("cpu 1 2 3 4\nctxt\n", 100));
}

TEST_CASE("cpu_usage is the busy share of the time between two readings", "[procfs]") {
  cpu_times before, after;
  before.user = 10, before.idle = 90;
  after.user = 13, after.system = 1, after.idle = 95, after.iowait = 1;
  CHECK(cpu_usage(before, after) == Approx(0.4));  // 4 busy of 10
  CHECK(cpu_usage(before, before) == 0);
}

TEST_CASE("parse_meminfo gives bytes and node_exporter names", "[procfs]") {
  const char* sample =
      "MemTotal:       16314424 kB\n"
      "MemFree:         1234568 kB\n"
      "MemAvailable:   12000000 kB\n"
      "Buffers:          400000 kB\n"
      "Active(anon):     100000 kB\n"
      "HugePages_Total:       4\n"
      "Hugepagesize:       2048 kB\n";
  auto m = parse_meminfo(sample);
  REQUIRE(m);
  REQUIRE(m->entries.size() == 7);
  CHECK(m->total() == 16314424ull * 1024);
  CHECK(m->available() == 12000000ull * 1024);
  CHECK(m->entries[4].metric_name() == "Active_anon_bytes");
  CHECK(m->entries[5].metric_name() == "HugePages_Total");
  CHECK(m->entries[5].value == 4);
  CHECK_FALSE(m->entries[5].bytes);
  CHECK_FALSE(m->find("SwapCached"));

  // Before 3.14 there is no MemAvailable: free + buffers + cached stands in.
  auto old = parse_meminfo("MemTotal: 100 kB\nMemFree: 10 kB\nBuffers: 5 kB\nCached: 20 kB\n");
  REQUIRE(old);
  CHECK(old->available() == 35 * 1024);

  auto bad = parse_meminfo("MemTotal: 100 kB\nMemFree: lots\n");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Contains("line 2") && Contains("MemFree"));
  CHECK_FALSE(parse_meminfo("MemTotal: 100 MB\n"));
  CHECK_FALSE(parse_meminfo("no colon here\n"));
}

TEST_CASE("parse_loadavg reads the three loads and the task counts", "[procfs]") {
  auto l = parse_loadavg("0.20 0.18 0.12 1/80 11206\n");
  REQUIRE(l);
  CHECK(l->load1 == Approx(0.20));
  CHECK(l->load5 == Approx(0.18));
  CHECK(l->load15 == Approx(0.12));
  CHECK(l->running == 1);
  CHECK(l->tasks == 80);
  CHECK(l->last_pid == 11206);
  CHECK_FALSE(parse_loadavg("0.20 0.18 0.12\n"));
  CHECK_FALSE(parse_loadavg("0.20 0.18 0.12 180 11206\n"));
  CHECK_FALSE(parse_loadavg(""));
}

TEST_CASE("parse_diskstats handles the 14, 18 and 20 field formats", "[procfs]") {
  const char* sample =
      "   8       0 sda 1000 20 4000 300 2000 40 8000 500 3 700 900\n"
      "   8       1 sda1 10 0 80 1 0 0 0 0 0 2 1 5 0 40 2\n"
      " 259       0 nvme0n1 446771 18424 16590994 137284 1163416 1109025 49224584 1473166 0 1262308 1668660 0 0 0 0 83476 58209\n";
  auto d = parse_diskstats(sample);
  REQUIRE(d);
  REQUIRE(d->size() == 3);
  const auto& sda = (*d)[0];
  CHECK(sda.major == 8);
  CHECK(sda.device == "sda");
  CHECK(sda.reads_completed == 1000);
  CHECK(sda.read_bytes == 4000 * 512);
  CHECK(sda.read_time_ms == 300);
  CHECK(sda.writes_completed == 2000);
  CHECK(sda.written_bytes == 8000 * 512);
  CHECK(sda.io_in_progress == 3);
  CHECK(sda.io_time_ms == 700);
  CHECK(sda.io_weighted_time_ms == 900);
  CHECK_FALSE(sda.has_discards);
  CHECK((*d)[1].has_discards);
  CHECK((*d)[1].discarded_bytes == 40 * 512);
  CHECK_FALSE((*d)[1].has_flushes);
  const auto& nvme = (*d)[2];
  CHECK(nvme.has_flushes);
  CHECK(nvme.flushes_completed == 83476);
  CHECK(nvme.flush_time_ms == 58209);
  CHECK(nvme.written_bytes == 49224584ull * 512);

  auto bad = parse_diskstats("8 0 sda 1 2 3\n");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Contains("line 1") && Contains("14 fields"));
  CHECK_FALSE(parse_diskstats("8 0 sda 1 2 3 4 5 6 7 8 9 10 -11\n"));
}

TEST_CASE("parse_net_dev reads receive and transmit counters per interface", "[procfs]") {
  const char* sample =
      "Inter-|   Receive                                                |  Transmit\n"
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
      "    lo: 2776770   11307    0    0    0     0          0         0  2776770   11307    0    0    0     0       0          0\n"
      "  eth0:1215645    2751    1    2    3     4          5         6  1782404    4324    7    8    9    10      11         12\n";
  auto n = parse_net_dev(sample);
  REQUIRE(n);
  REQUIRE(n->size() == 2);
  CHECK((*n)[0].interface == "lo");
  const auto& eth = (*n)[1];
  CHECK(eth.interface == "eth0");
  CHECK(eth.rx_bytes == 1215645);
  CHECK(eth.rx_packets == 2751);
  CHECK(eth.rx_errs == 1);
  CHECK(eth.rx_drop == 2);
  CHECK(eth.rx_multicast == 6);
  CHECK(eth.tx_bytes == 1782404);
  CHECK(eth.tx_errs == 7);
  CHECK(eth.tx_drop == 8);
  CHECK(eth.tx_colls == 10);
  CHECK(eth.tx_compressed == 12);
  auto bad = parse_net_dev(std::string("h1\nh2\n  eth0: 1 2 3\n"));
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Contains("line 3"));
}

TEST_CASE("parse_mounts decodes octal escapes in paths", "[procfs]") {
  const char* sample =
      "/dev/sda1 / ext4 rw,relatime 0 0\n"
      "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
      "/dev/sdb1 /media/My\\040Disk\\011tab vfat ro,noatime 0 0\n"
      "server:/x /mnt/back\\134slash nfs4 rw 0 0\n";
  auto m = parse_mounts(sample);
  REQUIRE(m);
  REQUIRE(m->size() == 4);
  CHECK((*m)[0].device == "/dev/sda1");
  CHECK((*m)[0].fs_type == "ext4");
  CHECK_FALSE((*m)[0].read_only());
  CHECK((*m)[2].mount_point == "/media/My Disk\ttab");
  CHECK((*m)[2].read_only());
  CHECK((*m)[3].mount_point == "/mnt/back\\slash");
  CHECK(is_pseudo_filesystem("proc"));
  CHECK_FALSE(is_pseudo_filesystem("ext4"));
  auto bad = parse_mounts("/dev/sda1 / ext4\n");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Contains("line 1"));
}

TEST_CASE("the live /proc files of this machine parse", "[procfs][live]") {
  auto st = read_proc_stat();
  REQUIRE(st);
  CHECK_FALSE(st->cpus.empty());
  CHECK(st->all.total() > 0);
  CHECK(st->boot_time > 1'000'000'000);
  auto mem = read_meminfo();
  REQUIRE(mem);
  CHECK(mem->total() > 0);
  CHECK(mem->available() <= mem->total());
  REQUIRE(read_loadavg());
  REQUIRE(read_diskstats());
  auto net = read_net_dev();
  REQUIRE(net);
  auto mounts = read_mounts();
  REQUIRE(mounts);
  REQUIRE_FALSE(mounts->empty());
  auto root = read_filesystem_usage("/");
  REQUIRE(root);
  CHECK(root->size_bytes >= root->free_bytes);
  CHECK(root->free_bytes >= root->avail_bytes);
  auto missing = read_filesystem_usage("/nonexistent/path");
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message, Contains("/nonexistent/path"));
  CHECK_FALSE(read_meminfo("/nonexistent/meminfo"));
}
