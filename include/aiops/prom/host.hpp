// aiops: host metrics read from /proc and statvfs, with node_exporter's metric names and labels
// SPDX-License-Identifier: MIT
#pragma once

#include <sys/resource.h>  // getrusage, getrlimit: process_cpu_seconds_total, process_max_fds
#include <sys/utsname.h>    // uname: node_uname_info
#include <unistd.h>         // sysconf(_SC_PAGESIZE): process_resident_memory_bytes

#include <filesystem>   // std::filesystem::directory_iterator: process_open_fds

#include <chrono>       // std::chrono::system_clock: node_time_seconds
#include <deque>        // std::deque: families under construction keep their address
#include <regex>        // std::regex: node_exporter's default device and mount point exclusions
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/prom/metrics.hpp"
#include "aiops/prom/model.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/sys/procfs.hpp"

AIOPS_BEGIN_NAMESPACE
namespace prom {

/// Where the host collector reads, and what it leaves out (node_exporter's defaults).
struct host_options {
  std::string proc_path = "/proc";  ///< stat, meminfo, loadavg, diskstats, net/dev, self/mounts under it
  /// Disks left out: partitions, RAM disks, loops (node_exporter's `--collector.diskstats.device-exclude`).
  std::string disk_exclude = R"(^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$)";
  /// Network devices left out (`--collector.netdev.device-exclude`; Debian's node_exporter leaves out `lo`).
  std::string net_device_exclude = "^lo$";
  /// Mount points left out (`--collector.filesystem.mount-points-exclude`).
  std::string mount_point_exclude = R"(^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/))";
};

namespace detail {

// Makes families (kept in a deque, so that references to several stay valid) and appends them to
// `out` when done; one helper per sample keeps the collectors readable lists of metrics.
class family_builder {
 public:
  explicit family_builder(std::vector<metric_family>& out) : out_(out) {}
  family_builder(const family_builder&) = delete;
  family_builder& operator=(const family_builder&) = delete;
  ~family_builder() {
    for (auto& f : made_) out_.push_back(std::move(f));
  }

  metric_family& family(std::string name, metric_type type, std::string help) {
    return made_.emplace_back(metric_family{std::move(name), type, std::move(help), "", {}});
  }
  static void add(metric_family& f, label_set labels, double value) {
    f.samples.push_back({f.name, std::move(labels), value, std::nullopt, std::nullopt});
  }
  // One family with one sample, unlabelled.
  void single(std::string name, metric_type type, std::string help, double value) {
    add(family(std::move(name), type, std::move(help)), {}, value);
  }

 private:
  std::vector<metric_family>& out_;
  std::deque<metric_family> made_;
};

inline void collect_stat(family_builder& b, const sys::proc_stat& s) {
  auto& cpu = b.family("node_cpu_seconds_total", metric_type::counter, "Seconds the CPUs spent in each mode.");
  auto& guest = b.family("node_cpu_guest_seconds_total", metric_type::counter,
                         "Seconds the CPUs spent in guests (VMs) for each mode.");
  for (const auto& c : s.cpus) {
    const std::string n = std::to_string(c.cpu);
    for (const auto& [mode, seconds] : c.modes()) family_builder::add(cpu, {{"cpu", n}, {"mode", std::string(mode)}}, seconds);
    family_builder::add(guest, {{"cpu", n}, {"mode", "nice"}}, c.guest_nice);
    family_builder::add(guest, {{"cpu", n}, {"mode", "user"}}, c.guest);
  }
  b.single("node_intr_total", metric_type::counter, "Total number of interrupts serviced.", double(s.interrupts));
  b.single("node_context_switches_total", metric_type::counter, "Total number of context switches.",
           double(s.context_switches));
  b.single("node_forks_total", metric_type::counter, "Total number of forks.", double(s.forks));
  b.single("node_boot_time_seconds", metric_type::gauge, "Node boot time, in unixtime.", double(s.boot_time));
  b.single("node_procs_running", metric_type::gauge, "Number of processes in runnable state.", double(s.procs_running));
  b.single("node_procs_blocked", metric_type::gauge, "Number of processes blocked waiting for I/O to complete.",
           double(s.procs_blocked));
}

inline void collect_meminfo(family_builder& b, const sys::meminfo& m) {
  for (const auto& e : m.entries) {
    const std::string field = e.metric_name();
    b.single("node_memory_" + field, metric_type::gauge, "Memory information field " + field + ".", double(e.value));
  }
}

inline void collect_loadavg(family_builder& b, const sys::loadavg& l) {
  b.single("node_load1", metric_type::gauge, "1m load average.", l.load1);
  b.single("node_load5", metric_type::gauge, "5m load average.", l.load5);
  b.single("node_load15", metric_type::gauge, "15m load average.", l.load15);
}

inline void collect_disks(family_builder& b, const std::vector<sys::disk_stats>& disks, const std::regex& exclude) {
  struct field {
    const char* name;
    metric_type type;
    const char* help;
    double (*value)(const sys::disk_stats&);
    bool (*present)(const sys::disk_stats&);
  };
  static constexpr auto always = [](const sys::disk_stats&) { return true; };
  static constexpr auto discards = [](const sys::disk_stats& d) { return d.has_discards; };
  static constexpr auto flushes = [](const sys::disk_stats& d) { return d.has_flushes; };
  using d = const sys::disk_stats&;
  static const field fields[] = {
      {"node_disk_reads_completed_total", metric_type::counter, "The total number of reads completed successfully.",
       [](d s) { return double(s.reads_completed); }, always},
      {"node_disk_reads_merged_total", metric_type::counter, "The total number of reads merged.",
       [](d s) { return double(s.reads_merged); }, always},
      {"node_disk_read_bytes_total", metric_type::counter, "The total number of bytes read successfully.",
       [](d s) { return double(s.read_bytes); }, always},
      {"node_disk_read_time_seconds_total", metric_type::counter, "The total number of seconds spent by all reads.",
       [](d s) { return double(s.read_time_ms) / 1000; }, always},
      {"node_disk_writes_completed_total", metric_type::counter, "The total number of writes completed successfully.",
       [](d s) { return double(s.writes_completed); }, always},
      {"node_disk_writes_merged_total", metric_type::counter, "The number of writes merged.",
       [](d s) { return double(s.writes_merged); }, always},
      {"node_disk_written_bytes_total", metric_type::counter, "The total number of bytes written successfully.",
       [](d s) { return double(s.written_bytes); }, always},
      {"node_disk_write_time_seconds_total", metric_type::counter, "This is the total number of seconds spent by all writes.",
       [](d s) { return double(s.write_time_ms) / 1000; }, always},
      {"node_disk_io_now", metric_type::gauge, "The number of I/Os currently in progress.",
       [](d s) { return double(s.io_in_progress); }, always},
      {"node_disk_io_time_seconds_total", metric_type::counter, "Total seconds spent doing I/Os.",
       [](d s) { return double(s.io_time_ms) / 1000; }, always},
      {"node_disk_io_time_weighted_seconds_total", metric_type::counter, "The weighted # of seconds spent doing I/Os.",
       [](d s) { return double(s.io_weighted_time_ms) / 1000; }, always},
      {"node_disk_discards_completed_total", metric_type::counter, "The total number of discards completed successfully.",
       [](d s) { return double(s.discards_completed); }, discards},
      {"node_disk_discards_merged_total", metric_type::counter, "The total number of discards merged.",
       [](d s) { return double(s.discards_merged); }, discards},
      {"node_disk_discarded_sectors_total", metric_type::counter, "The total number of sectors discarded successfully.",
       [](d s) { return double(s.discarded_bytes) / 512; }, discards},
      {"node_disk_discard_time_seconds_total", metric_type::counter, "This is the total number of seconds spent by all discards.",
       [](d s) { return double(s.discard_time_ms) / 1000; }, discards},
      {"node_disk_flush_requests_total", metric_type::counter, "The total number of flush requests completed successfully",
       [](d s) { return double(s.flushes_completed); }, flushes},
      {"node_disk_flush_requests_time_seconds_total", metric_type::counter, "This is the total number of seconds spent by all flush requests.",
       [](d s) { return double(s.flush_time_ms) / 1000; }, flushes},
  };
  std::vector<const sys::disk_stats*> kept;
  for (const auto& disk : disks)
    if (!std::regex_search(disk.device, exclude)) kept.push_back(&disk);
  for (const auto& f : fields) {
    auto& fam = b.family(f.name, f.type, f.help);
    for (const auto* disk : kept)
      if (f.present(*disk)) family_builder::add(fam, {{"device", disk->device}}, f.value(*disk));
  }
}

inline void collect_net(family_builder& b, const std::vector<sys::net_dev_stats>& all, const std::regex& exclude) {
  std::vector<sys::net_dev_stats> devices;
  for (const auto& d : all)
    if (!std::regex_search(d.interface, exclude)) devices.push_back(d);
  using n = const sys::net_dev_stats&;
  struct field {
    const char* direction;
    const char* name;
    double (*value)(n);
  };
  static const field fields[] = {
      {"receive", "bytes", [](n s) { return double(s.rx_bytes); }},
      {"receive", "packets", [](n s) { return double(s.rx_packets); }},
      {"receive", "errs", [](n s) { return double(s.rx_errs); }},
      {"receive", "drop", [](n s) { return double(s.rx_drop); }},
      {"receive", "fifo", [](n s) { return double(s.rx_fifo); }},
      {"receive", "frame", [](n s) { return double(s.rx_frame); }},
      {"receive", "compressed", [](n s) { return double(s.rx_compressed); }},
      {"receive", "multicast", [](n s) { return double(s.rx_multicast); }},
      {"transmit", "bytes", [](n s) { return double(s.tx_bytes); }},
      {"transmit", "packets", [](n s) { return double(s.tx_packets); }},
      {"transmit", "errs", [](n s) { return double(s.tx_errs); }},
      {"transmit", "drop", [](n s) { return double(s.tx_drop); }},
      {"transmit", "fifo", [](n s) { return double(s.tx_fifo); }},
      {"transmit", "colls", [](n s) { return double(s.tx_colls); }},
      {"transmit", "carrier", [](n s) { return double(s.tx_carrier); }},
      {"transmit", "compressed", [](n s) { return double(s.tx_compressed); }},
  };
  for (const auto& f : fields) {
    const std::string what = std::string(f.direction) + "_" + f.name;
    auto& fam = b.family("node_network_" + what + "_total", metric_type::counter,
                         std::string("Network device statistic ") + what + ".");
    for (const auto& dev : devices) family_builder::add(fam, {{"device", dev.interface}}, f.value(dev));
  }
}

inline void collect_filesystems(family_builder& b, const std::vector<sys::mount_entry>& mounts, const std::regex& exclude) {
  struct row {
    label_set labels;
    sys::filesystem_usage usage;
  };
  std::vector<row> rows;
  for (const auto& m : mounts) {
    if (sys::is_pseudo_filesystem(m.fs_type) || std::regex_search(m.mount_point, exclude)) continue;
    bool seen = false;  // a mount point mounted twice: the last mount hides the others, as for statvfs
    for (auto& r : rows) seen = seen || find_label(r.labels, "mountpoint") == m.mount_point;
    if (seen) continue;
    auto usage = sys::read_filesystem_usage(m.mount_point);
    if (!usage) continue;  // vanished or not permitted: node_exporter reports device_error; we leave it out
    usage->read_only = usage->read_only || m.read_only();
    rows.push_back({{{"device", m.device}, {"fstype", m.fs_type}, {"mountpoint", m.mount_point}}, *usage});
  }
  using u = const sys::filesystem_usage&;
  struct field {
    const char* name;
    const char* help;
    double (*value)(u);
  };
  static const field fields[] = {
      {"node_filesystem_size_bytes", "Filesystem size in bytes.", [](u s) { return double(s.size_bytes); }},
      {"node_filesystem_free_bytes", "Filesystem free space in bytes.", [](u s) { return double(s.free_bytes); }},
      {"node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.",
       [](u s) { return double(s.avail_bytes); }},
      {"node_filesystem_files", "Filesystem total file nodes.", [](u s) { return double(s.files); }},
      {"node_filesystem_files_free", "Filesystem total free file nodes.", [](u s) { return double(s.files_free); }},
      {"node_filesystem_readonly", "Filesystem read-only status.", [](u s) { return s.read_only ? 1.0 : 0.0; }},
  };
  for (const auto& f : fields) {
    auto& fam = b.family(f.name, metric_type::gauge, f.help);
    for (const auto& r : rows) family_builder::add(fam, r.labels, f.value(r.usage));
  }
}

}  // namespace detail

/// Appends this host's metrics to `out`, named and labelled as node_exporter names them:
/// `node_cpu_seconds_total{cpu,mode}`, `node_memory_*`, `node_load1`, `node_disk_*{device}`,
/// `node_network_*_total{device}`, `node_filesystem_*{device,fstype,mountpoint}`, `node_uname_info`,
/// `node_time_seconds`, and `node_scrape_collector_success{collector}` (0 when a /proc file could not be read).
inline void collect_host(std::vector<metric_family>& out, const host_options& options = {}) {
  detail::family_builder b(out);
  std::vector<std::pair<std::string, bool>> success;
  const std::string& proc = options.proc_path;
  const auto run = [&success](const char* name, auto&& read, auto&& use) {
    auto r = read();
    success.emplace_back(name, bool(r));
    if (r) use(*r);
  };
  run("stat", [&] { return sys::read_proc_stat(proc + "/stat"); }, [&](const auto& s) { detail::collect_stat(b, s); });
  run("meminfo", [&] { return sys::read_meminfo(proc + "/meminfo"); }, [&](const auto& m) { detail::collect_meminfo(b, m); });
  run("loadavg", [&] { return sys::read_loadavg(proc + "/loadavg"); }, [&](const auto& l) { detail::collect_loadavg(b, l); });
  run("diskstats", [&] { return sys::read_diskstats(proc + "/diskstats"); },
      [&](const auto& d) { detail::collect_disks(b, d, std::regex(options.disk_exclude)); });
  run("netdev", [&] { return sys::read_net_dev(proc + "/net/dev"); }, [&](const auto& n) { detail::collect_net(b, n, std::regex(options.net_device_exclude)); });
  run("filesystem", [&] { return sys::read_mounts(proc + "/self/mounts"); },
      [&](const auto& m) { detail::collect_filesystems(b, m, std::regex(options.mount_point_exclude)); });

  struct utsname u {};
  if (::uname(&u) == 0) {
    auto& info = b.family("node_uname_info", metric_type::gauge, "Labeled system information as provided by the uname system call.");
    detail::family_builder::add(info, {{"domainname", u.domainname}, {"machine", u.machine}, {"nodename", u.nodename},
                                       {"release", u.release}, {"sysname", u.sysname}, {"version", u.version}}, 1);
  }
  b.single("node_time_seconds", metric_type::gauge, "System time in seconds since epoch (1970).",
           std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
  auto& ok = b.family("node_scrape_collector_success", metric_type::gauge, "node_exporter: Whether a collector succeeded.");
  for (const auto& [name, good] : success) detail::family_builder::add(ok, {{"collector", name}}, good ? 1 : 0);
}

/// Appends this process's metrics as client_golang names them: `process_cpu_seconds_total`,
/// `process_resident_memory_bytes`, `process_virtual_memory_bytes`, `process_open_fds`, `process_max_fds`.
inline void collect_process(std::vector<metric_family>& out) {
  detail::family_builder b(out);
  struct rusage usage {};
  if (::getrusage(RUSAGE_SELF, &usage) == 0) {
    const auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    b.single("process_cpu_seconds_total", metric_type::counter, "Total user and system CPU time spent in seconds.",
             seconds(usage.ru_utime) + seconds(usage.ru_stime));
  }
  // /proc/self/statm: sizes in pages, "virtual resident shared ...".
  if (const auto statm = sys::detail::read_file("/proc/self/statm")) {
    const auto fields = split_ws(*statm);
    const double page = double(::sysconf(_SC_PAGESIZE));
    if (fields.size() >= 2) {
      if (const auto vsz = parse_int(fields[0]))
        b.single("process_virtual_memory_bytes", metric_type::gauge, "Virtual memory size in bytes.", double(*vsz) * page);
      if (const auto rss = parse_int(fields[1]))
        b.single("process_resident_memory_bytes", metric_type::gauge, "Resident memory size in bytes.", double(*rss) * page);
    }
  }
  std::error_code ec;
  std::size_t fds = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++fds;
  if (!ec) b.single("process_open_fds", metric_type::gauge, "Number of open file descriptors.", double(fds));
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    b.single("process_max_fds", metric_type::gauge, "Maximum number of open file descriptors.", double(limit.rlim_cur));
  }
}

/// `collect_host` as a registry collector: `registry.add_collector(prom::host_collector());`.
inline registry::collector host_collector(host_options options = {}) {
  return [options = std::move(options)](std::vector<metric_family>& out) { collect_host(out, options); };
}

}  // namespace prom
AIOPS_END_NAMESPACE
