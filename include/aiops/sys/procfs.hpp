// aiops: readers of /proc/stat, /proc/meminfo, /proc/loadavg, /proc/diskstats, /proc/net/dev and mounts, and statvfs
// SPDX-License-Identifier: MIT
#pragma once

#include <sys/statvfs.h>  // statvfs, ST_RDONLY
#include <unistd.h>       // sysconf, _SC_CLK_TCK

#include <array>          // std::array
#include <cstdint>        // std::uint64_t, std::int64_t
#include <optional>       // std::optional
#include <string>         // std::string
#include <string_view>    // std::string_view
#include <utility>        // std::pair
#include <vector>         // std::vector

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/sys/detail/posix.hpp"
#include "aiops/sys/detail/text.hpp"

// Every reader comes in two forms: parse_<file>(text) for a fixed sample (tests, files copied from
// another host) and read_<file>(path) for the live file. Field names say which node_exporter
// metric they feed, so a collector can expose them without looking up the kernel's docs.

AIOPS_BEGIN_NAMESPACE
namespace sys {

/// Ticks per second of the times in /proc/stat (USER_HZ, almost always 100).
inline long user_hz() noexcept {
  long hz = ::sysconf(_SC_CLK_TCK);
  return hz > 0 ? hz : 100;
}

/// Seconds one CPU (or all, summed) spent in each mode: `node_cpu_seconds_total{cpu,mode}`.
struct cpu_times {
  int cpu = -1;  ///< CPU number (the `cpu` label), -1 for the first line that sums all CPUs
  double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  /// Time running guests, already included in user and nice: `node_cpu_guest_seconds_total{mode="user"|"nice"}`.
  double guest = 0, guest_nice = 0;

  /// The eight modes with node_exporter's `mode` label values.
  std::array<std::pair<std::string_view, double>, 8> modes() const {
    return {{{"user", user}, {"nice", nice}, {"system", system}, {"idle", idle}, {"iowait", iowait},
             {"irq", irq}, {"softirq", softirq}, {"steal", steal}}};
  }
  /// All time accounted for (guest time is inside user and nice, so not added again).
  double total() const noexcept { return user + nice + system + idle + iowait + irq + softirq + steal; }
  /// Time not idle and not waiting for I/O.
  double busy() const noexcept { return total() - idle - iowait; }
};

/// Busy fraction (0..1) between two readings of the same CPU; 0 when no time passed.
inline double cpu_usage(const cpu_times& before, const cpu_times& after) noexcept {
  double dt = after.total() - before.total();
  if (dt <= 0) return 0;
  double busy = (after.busy() - before.busy()) / dt;
  return busy < 0 ? 0 : busy > 1 ? 1 : busy;
}

/// /proc/stat.
struct proc_stat {
  cpu_times all;                      ///< the "cpu" line
  std::vector<cpu_times> cpus;        ///< "cpu0", "cpu1", ... in file order
  std::uint64_t interrupts = 0;       ///< node_intr_total
  std::uint64_t context_switches = 0; ///< node_context_switches_total
  std::int64_t boot_time = 0;         ///< node_boot_time_seconds (Unix seconds)
  std::uint64_t forks = 0;            ///< node_forks_total ("processes")
  std::uint64_t procs_running = 0;    ///< node_procs_running
  std::uint64_t procs_blocked = 0;    ///< node_procs_blocked
};

/// Parses /proc/stat; jiffies become seconds with `hz` ticks per second. Unknown lines are skipped.
inline result<proc_stat> parse_proc_stat(std::string_view text, long hz = user_hz()) {
  using namespace detail;
  if (hz <= 0) hz = 100;
  proc_stat st;
  bool seen_cpu = false;
  auto bad = for_each_line(text, [&](std::string_view line, std::size_t n) -> std::optional<failure> {
    auto f = split_ws(line);
    if (f.empty()) return std::nullopt;
    if (f[0].substr(0, 3) == "cpu") {
      cpu_times t;
      if (f[0].size() > 3) {
        auto id = parse_u64(f[0].substr(3));
        if (!id || *id > 1'000'000) return line_failure(errc::syntax, n, "bad CPU name '" + std::string(f[0]) + "'");
        t.cpu = static_cast<int>(*id);
      }
      // Kernels before 2.6.33 have fewer columns: the missing ones stay 0.
      if (f.size() < 5) return line_failure(errc::unexpected_end, n, "fewer than 4 CPU times");
      double* slots[] = {&t.user, &t.nice, &t.system, &t.idle, &t.iowait,
                         &t.irq, &t.softirq, &t.steal, &t.guest, &t.guest_nice};
      for (std::size_t i = 1; i < f.size() && i <= std::size(slots); ++i) {
        auto v = parse_u64(f[i]);
        if (!v) return line_failure(errc::bad_number, n, "bad CPU time '" + std::string(f[i]) + "'");
        *slots[i - 1] = static_cast<double>(*v) / static_cast<double>(hz);
      }
      if (t.cpu < 0) {
        st.all = t;
        seen_cpu = true;
      } else {
        st.cpus.push_back(t);
      }
      return std::nullopt;
    }
    std::uint64_t* target = f[0] == "intr"            ? &st.interrupts
                            : f[0] == "ctxt"          ? &st.context_switches
                            : f[0] == "processes"     ? &st.forks
                            : f[0] == "procs_running" ? &st.procs_running
                            : f[0] == "procs_blocked" ? &st.procs_blocked
                                                      : nullptr;
    if (f[0] == "btime" || target != nullptr) {
      auto v = f.size() >= 2 ? parse_u64(f[1]) : std::nullopt;
      if (!v) return line_failure(errc::bad_number, n, "bad value for '" + std::string(f[0]) + "'");
      if (target != nullptr)
        *target = *v;
      else
        st.boot_time = static_cast<std::int64_t>(*v);
    }
    return std::nullopt;
  });
  if (bad) return *bad;
  if (!seen_cpu) return fail(errc::syntax, "no 'cpu' line: not a /proc/stat file");
  return st;
}

/// Reads and parses /proc/stat.
inline result<proc_stat> read_proc_stat(const std::string& path = "/proc/stat") {
  auto text = detail::read_file(path);
  if (!text) return text.error();
  return parse_proc_stat(*text);
}

/// One line of /proc/meminfo.
struct meminfo_entry {
  std::string name;         ///< as the kernel writes it: "MemAvailable", "Active(anon)", "HugePages_Total"
  std::uint64_t value = 0;  ///< bytes when `bytes`, otherwise a count (HugePages_Total)
  bool bytes = false;       ///< the line had a "kB" unit, converted here to bytes

  /// node_exporter's name without its "node_memory_" prefix: "Active_anon_bytes", "HugePages_Total".
  std::string metric_name() const {
    std::string out;
    for (char c : name)
      if (c == '(') out += '_';
      else if (c != ')') out += c;
    return bytes ? out + "_bytes" : out;
  }
};

/// /proc/meminfo, in file order.
struct meminfo {
  std::vector<meminfo_entry> entries;

  /// The value of the entry called `name`, if the kernel has it.
  std::optional<std::uint64_t> find(std::string_view name) const {
    for (const auto& e : entries)
      if (e.name == name) return e.value;
    return std::nullopt;
  }
  std::uint64_t total() const { return find("MemTotal").value_or(0); }          ///< node_memory_MemTotal_bytes
  std::uint64_t free() const { return find("MemFree").value_or(0); }            ///< node_memory_MemFree_bytes
  /// node_memory_MemAvailable_bytes; kernels before 3.14 lack it, so free + buffers + cached stands in.
  std::uint64_t available() const {
    return find("MemAvailable").value_or(free() + find("Buffers").value_or(0) + find("Cached").value_or(0));
  }
  std::uint64_t swap_total() const { return find("SwapTotal").value_or(0); }    ///< node_memory_SwapTotal_bytes
  std::uint64_t swap_free() const { return find("SwapFree").value_or(0); }      ///< node_memory_SwapFree_bytes
};

/// Parses /proc/meminfo ("MemTotal:       16314424 kB").
inline result<meminfo> parse_meminfo(std::string_view text) {
  using namespace detail;
  meminfo m;
  auto bad = for_each_line(text, [&](std::string_view line, std::size_t n) -> std::optional<failure> {
    if (trim(line).empty()) return std::nullopt;
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return line_failure(errc::syntax, n, "no 'name:' prefix");
    auto f = split_ws(line.substr(colon + 1));
    auto v = f.empty() ? std::nullopt : parse_u64(f[0]);
    if (!v || f.size() > 2 || (f.size() == 2 && f[1] != "kB"))
      return line_failure(errc::bad_number, n, "expected '<number> [kB]' after '" + std::string(line.substr(0, colon)) + ":'");
    bool kb = f.size() == 2;
    m.entries.push_back({std::string(line.substr(0, colon)), kb ? *v * 1024 : *v, kb});
    return std::nullopt;
  });
  if (bad) return *bad;
  return m;
}

/// Reads and parses /proc/meminfo.
inline result<meminfo> read_meminfo(const std::string& path = "/proc/meminfo") {
  auto text = detail::read_file(path);
  if (!text) return text.error();
  return parse_meminfo(*text);
}

/// /proc/loadavg: "0.20 0.18 0.12 1/80 11206".
struct loadavg {
  double load1 = 0, load5 = 0, load15 = 0;  ///< node_load1, node_load5, node_load15
  std::uint64_t running = 0;                ///< runnable tasks now
  std::uint64_t tasks = 0;                  ///< all tasks
  std::uint64_t last_pid = 0;
};

/// Parses /proc/loadavg.
inline result<loadavg> parse_loadavg(std::string_view text) {
  auto f = split_ws(text);
  if (f.size() < 5) return fail(errc::unexpected_end, "line 1: expected 5 fields in /proc/loadavg");
  loadavg l;
  double* loads[] = {&l.load1, &l.load5, &l.load15};
  for (int i = 0; i < 3; ++i) {
    auto v = parse_double(f[i]);
    if (!v || *v < 0) return fail(errc::bad_number, "line 1: bad load '" + std::string(f[i]) + "'");
    *loads[i] = *v;
  }
  auto slash = f[3].find('/');
  auto running = detail::parse_u64(f[3].substr(0, slash));
  auto tasks = slash == std::string_view::npos ? std::nullopt : detail::parse_u64(f[3].substr(slash + 1));
  auto pid = detail::parse_u64(f[4]);
  if (!running || !tasks || !pid) return fail(errc::bad_number, "line 1: bad 'running/tasks last_pid' fields");
  l.running = *running;
  l.tasks = *tasks;
  l.last_pid = *pid;
  return l;
}

/// Reads and parses /proc/loadavg.
inline result<loadavg> read_loadavg(const std::string& path = "/proc/loadavg") {
  auto text = detail::read_file(path);
  if (!text) return text.error();
  return parse_loadavg(*text);
}

/// One line of /proc/diskstats (Documentation/admin-guide/iostats.rst); counters since boot.
/// Sectors are always 512 bytes there, whatever the device's own sector size.
struct disk_stats {
  unsigned major = 0, minor = 0;
  std::string device;                      ///< the `device` label: "sda", "nvme0n1p1"
  std::uint64_t reads_completed = 0;       ///< node_disk_reads_completed_total
  std::uint64_t reads_merged = 0;          ///< node_disk_reads_merged_total
  std::uint64_t read_bytes = 0;            ///< node_disk_read_bytes_total
  std::uint64_t read_time_ms = 0;          ///< node_disk_read_time_seconds_total (x 1e-3)
  std::uint64_t writes_completed = 0;      ///< node_disk_writes_completed_total
  std::uint64_t writes_merged = 0;         ///< node_disk_writes_merged_total
  std::uint64_t written_bytes = 0;         ///< node_disk_written_bytes_total
  std::uint64_t write_time_ms = 0;         ///< node_disk_write_time_seconds_total (x 1e-3)
  std::uint64_t io_in_progress = 0;        ///< node_disk_io_now
  std::uint64_t io_time_ms = 0;            ///< node_disk_io_time_seconds_total (x 1e-3)
  std::uint64_t io_weighted_time_ms = 0;   ///< node_disk_io_time_weighted_seconds_total (x 1e-3)
  bool has_discards = false;               ///< kernel 4.18+: the four discard fields are present
  std::uint64_t discards_completed = 0;    ///< node_disk_discards_completed_total
  std::uint64_t discards_merged = 0;       ///< node_disk_discards_merged_total
  std::uint64_t discarded_bytes = 0;       ///< node_disk_discarded_sectors_total (x 512)
  std::uint64_t discard_time_ms = 0;       ///< node_disk_discard_time_seconds_total (x 1e-3)
  bool has_flushes = false;                ///< kernel 5.5+: the two flush fields are present
  std::uint64_t flushes_completed = 0;     ///< node_disk_flush_requests_total
  std::uint64_t flush_time_ms = 0;         ///< node_disk_flush_requests_time_seconds_total (x 1e-3)
};

/// Parses /proc/diskstats (14, 18 or 20 fields a line).
inline result<std::vector<disk_stats>> parse_diskstats(std::string_view text) {
  using namespace detail;
  std::vector<disk_stats> out;
  auto bad = for_each_line(text, [&](std::string_view line, std::size_t n) -> std::optional<failure> {
    auto f = split_ws(line);
    if (f.empty()) return std::nullopt;
    if (f.size() < 14) return line_failure(errc::unexpected_end, n, "expected at least 14 fields, got " + std::to_string(f.size()));
    std::uint64_t v[17] = {};
    std::size_t count = std::min<std::size_t>(f.size() - 3, 17);
    for (std::size_t i = 0; i < count; ++i) {
      auto x = parse_u64(f[i + 3]);
      if (!x) return line_failure(errc::bad_number, n, "bad counter '" + std::string(f[i + 3]) + "'");
      v[i] = *x;
    }
    auto major = parse_u64(f[0]), minor = parse_u64(f[1]);
    if (!major || !minor || *major > 0xffffffffu || *minor > 0xffffffffu)
      return line_failure(errc::bad_number, n, "bad device numbers");
    disk_stats d;
    d.major = static_cast<unsigned>(*major);
    d.minor = static_cast<unsigned>(*minor);
    d.device = std::string(f[2]);
    d.reads_completed = v[0];
    d.reads_merged = v[1];
    d.read_bytes = v[2] * 512;
    d.read_time_ms = v[3];
    d.writes_completed = v[4];
    d.writes_merged = v[5];
    d.written_bytes = v[6] * 512;
    d.write_time_ms = v[7];
    d.io_in_progress = v[8];
    d.io_time_ms = v[9];
    d.io_weighted_time_ms = v[10];
    d.has_discards = count >= 15;
    d.discards_completed = v[11];
    d.discards_merged = v[12];
    d.discarded_bytes = v[13] * 512;
    d.discard_time_ms = v[14];
    d.has_flushes = count >= 17;
    d.flushes_completed = v[15];
    d.flush_time_ms = v[16];
    out.push_back(std::move(d));
    return std::nullopt;
  });
  if (bad) return *bad;
  return out;
}

/// Reads and parses /proc/diskstats.
inline result<std::vector<disk_stats>> read_diskstats(const std::string& path = "/proc/diskstats") {
  auto text = detail::read_file(path);
  if (!text) return text.error();
  return parse_diskstats(*text);
}

/// One interface of /proc/net/dev; counters since the interface appeared. Each field feeds
/// node_network_<receive|transmit>_<name>_total: bytes, packets, errs, drop, fifo, frame,
/// compressed, multicast (receive); bytes, packets, errs, drop, fifo, colls, carrier, compressed (transmit).
struct net_dev_stats {
  std::string interface;  ///< the `device` label
  std::uint64_t rx_bytes = 0, rx_packets = 0, rx_errs = 0, rx_drop = 0;
  std::uint64_t rx_fifo = 0, rx_frame = 0, rx_compressed = 0, rx_multicast = 0;
  std::uint64_t tx_bytes = 0, tx_packets = 0, tx_errs = 0, tx_drop = 0;
  std::uint64_t tx_fifo = 0, tx_colls = 0, tx_carrier = 0, tx_compressed = 0;
};

/// Parses /proc/net/dev (two header lines, then "  eth0: <16 counters>").
inline result<std::vector<net_dev_stats>> parse_net_dev(std::string_view text) {
  using namespace detail;
  std::vector<net_dev_stats> out;
  auto bad = for_each_line(text, [&](std::string_view line, std::size_t n) -> std::optional<failure> {
    if (n <= 2 || trim(line).empty()) return std::nullopt;  // the two header lines
    // Counters have no ':', so the last one ends the name (old kernels wrote "eth0:123" without a space).
    auto colon = line.rfind(':');
    if (colon == std::string_view::npos) return line_failure(errc::syntax, n, "no 'interface:' prefix");
    auto f = split_ws(line.substr(colon + 1));
    if (f.size() < 16) return line_failure(errc::unexpected_end, n, "expected 16 counters, got " + std::to_string(f.size()));
    net_dev_stats s;
    s.interface = std::string(trim(line.substr(0, colon)));
    std::uint64_t* slots[] = {&s.rx_bytes, &s.rx_packets, &s.rx_errs, &s.rx_drop, &s.rx_fifo, &s.rx_frame,
                              &s.rx_compressed, &s.rx_multicast, &s.tx_bytes, &s.tx_packets, &s.tx_errs,
                              &s.tx_drop, &s.tx_fifo, &s.tx_colls, &s.tx_carrier, &s.tx_compressed};
    for (std::size_t i = 0; i < 16; ++i) {
      auto v = parse_u64(f[i]);
      if (!v) return line_failure(errc::bad_number, n, "bad counter '" + std::string(f[i]) + "'");
      *slots[i] = *v;
    }
    out.push_back(std::move(s));
    return std::nullopt;
  });
  if (bad) return *bad;
  return out;
}

/// Reads and parses /proc/net/dev.
inline result<std::vector<net_dev_stats>> read_net_dev(const std::string& path = "/proc/net/dev") {
  auto text = detail::read_file(path);
  if (!text) return text.error();
  return parse_net_dev(*text);
}

/// One line of /proc/self/mounts (fstab format), escapes decoded: the `device`, `mountpoint`
/// and `fstype` labels of node_filesystem_*.
struct mount_entry {
  std::string device;
  std::string mount_point;
  std::string fs_type;
  std::string options;  ///< "rw,relatime,..."

  /// The "ro" option is set: node_filesystem_readonly.
  bool read_only() const {
    for (auto o : split(options, ','))
      if (o == "ro") return true;
    return false;
  }
};

/// Parses /proc/self/mounts or /etc/fstab-style text; "#" comments and blank lines are skipped.
inline result<std::vector<mount_entry>> parse_mounts(std::string_view text) {
  using namespace detail;
  std::vector<mount_entry> out;
  auto bad = for_each_line(text, [&](std::string_view line, std::size_t n) -> std::optional<failure> {
    auto f = split_ws(line);
    if (f.empty() || f[0].front() == '#') return std::nullopt;
    if (f.size() < 4) return line_failure(errc::unexpected_end, n, "expected 'device mount-point type options'");
    out.push_back({decode_octal(f[0]), decode_octal(f[1]), decode_octal(f[2]), decode_octal(f[3])});
    return std::nullopt;
  });
  if (bad) return *bad;
  return out;
}

/// Reads and parses this process's mount table.
inline result<std::vector<mount_entry>> read_mounts(const std::string& path = "/proc/self/mounts") {
  auto text = detail::read_file(path);
  if (!text) return text.error();
  return parse_mounts(*text);
}

/// File system types that node_exporter leaves out by default: no storage of their own (proc, cgroup...) or always full (squashfs).
inline bool is_pseudo_filesystem(std::string_view fs_type) noexcept {
  constexpr std::string_view pseudo[] = {
      "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs",
      "efivarfs", "fusectl", "hugetlbfs", "mqueue", "nsfs", "proc", "procfs", "pstore", "rpc_pipefs",
      "securityfs", "selinuxfs", "sysfs", "tracefs", "squashfs", "ramfs"};
  for (auto p : pseudo)
    if (p == fs_type) return true;
  return false;
}

/// Space and inodes of a mounted file system, from statvfs(3).
struct filesystem_usage {
  std::uint64_t size_bytes = 0;   ///< node_filesystem_size_bytes
  std::uint64_t free_bytes = 0;   ///< node_filesystem_free_bytes (root's reserve included)
  std::uint64_t avail_bytes = 0;  ///< node_filesystem_avail_bytes (what an unprivileged user can use)
  std::uint64_t files = 0;        ///< node_filesystem_files
  std::uint64_t files_free = 0;   ///< node_filesystem_files_free
  bool read_only = false;         ///< node_filesystem_readonly

  /// Used fraction the way `df` computes "Use%": used / (used + avail); 0 for an empty file system.
  double used_ratio() const noexcept {
    double used = static_cast<double>(size_bytes - free_bytes);
    double denom = used + static_cast<double>(avail_bytes);
    return denom > 0 ? used / denom : 0;
  }
};

/// statvfs of any path inside a file system.
inline result<filesystem_usage> read_filesystem_usage(const std::string& path) {
  struct statvfs v {};
  if (::statvfs(path.c_str(), &v) != 0) return detail::errno_failure("cannot statvfs " + path);
  filesystem_usage u;
  std::uint64_t unit = v.f_frsize != 0 ? v.f_frsize : v.f_bsize;
  u.size_bytes = static_cast<std::uint64_t>(v.f_blocks) * unit;
  u.free_bytes = static_cast<std::uint64_t>(v.f_bfree) * unit;
  u.avail_bytes = static_cast<std::uint64_t>(v.f_bavail) * unit;
  u.files = v.f_files;
  u.files_free = v.f_ffree;
  u.read_only = (v.f_flag & ST_RDONLY) != 0;
  return u;
}

}  // namespace sys
AIOPS_END_NAMESPACE
