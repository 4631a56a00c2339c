// aiops: `aiops sysinfo [--json]`: CPU use over a short sample, memory, load, disks, file systems, network
// SPDX-License-Identifier: MIT
#include <sys/utsname.h>  // uname

#include <chrono>   // std::chrono::milliseconds
#include <cstdint>  // std::uint64_t
#include <map>      // std::map
#include <memory>   // std::make_shared
#include <regex>    // std::regex
#include <string>   // std::string
#include <thread>   // std::this_thread::sleep_for
#include <vector>   // std::vector

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <aiops/core.hpp>
#include <aiops/sys.hpp>

#include "command.hpp"

namespace cmd_sysinfo {

namespace sys = aiops::sys;
using json = nlohmann::ordered_json;

struct sysinfo_args {
  bool json = false;
  int interval_ms = 250;
};

// The value of a /proc reader, or an aiops::error naming the file (the program's main prints it).
template <class T>
T must(aiops::result<T> r) {
  if (!r) throw aiops::error(r.error().message);
  return std::move(*r);
}

// node_exporter's default: partitions, RAM disks, loop and floppy devices say nothing new.
bool ignored_disk(const std::string& name) {
  static const std::regex re(R"(^(z?ram|loop|fd|(h|s|v|xv)d[a-z]+|nvme\d+n\d+p|mmcblk\d+p)\d+$)");
  return std::regex_match(name, re);
}

std::string human_bytes(double v) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  while (v >= 1024 && u < 5) v /= 1024, ++u;
  return u == 0 ? fmt::format("{:.0f} B", v) : fmt::format("{:.1f} {}", v, units[u]);
}

std::string percent(double ratio) { return fmt::format("{:.1f}%", 100 * ratio); }

// Everything sysinfo shows, gathered once, then printed as text or JSON.
struct snapshot {
  double interval = 0;
  sys::proc_stat stat_before, stat_after;
  sys::meminfo memory;
  sys::loadavg load;
  std::vector<std::pair<sys::disk_stats, sys::disk_stats>> disks;    // before, after
  std::vector<std::pair<sys::net_dev_stats, sys::net_dev_stats>> nets;
  std::vector<std::pair<sys::mount_entry, sys::filesystem_usage>> filesystems;
};

snapshot gather(int interval_ms) {
  snapshot s;
  auto stat0 = must(sys::read_proc_stat());
  auto disks0 = must(sys::read_diskstats());
  auto nets0 = must(sys::read_net_dev());
  const auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
  s.stat_after = must(sys::read_proc_stat());
  auto disks1 = must(sys::read_diskstats());
  auto nets1 = must(sys::read_net_dev());
  s.interval = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  s.stat_before = std::move(stat0);
  s.memory = must(sys::read_meminfo());
  s.load = must(sys::read_loadavg());

  for (const auto& after : disks1) {
    if (ignored_disk(after.device)) continue;
    for (const auto& before : disks0)
      if (before.device == after.device) s.disks.emplace_back(before, after);
  }
  for (const auto& after : nets1)
    for (const auto& before : nets0)
      if (before.interface == after.interface) s.nets.emplace_back(before, after);

  // The last mount on a mount point hides the ones before it.
  std::map<std::string, sys::mount_entry> by_point;
  for (auto& m : must(sys::read_mounts()))
    if (!sys::is_pseudo_filesystem(m.fs_type)) by_point[m.mount_point] = std::move(m);
  for (auto& [point, m] : by_point) {
    auto usage = sys::read_filesystem_usage(point);
    if (usage && usage->size_bytes > 0) s.filesystems.emplace_back(std::move(m), *usage);
  }
  return s;
}

double rate(std::uint64_t before, std::uint64_t after, double seconds) {
  return after >= before && seconds > 0 ? static_cast<double>(after - before) / seconds : 0;
}

json to_json(const snapshot& s) {
  json cpus = json::array();
  for (std::size_t i = 0; i < s.stat_after.cpus.size() && i < s.stat_before.cpus.size(); ++i) {
    json seconds;
    for (auto [mode, v] : s.stat_after.cpus[i].modes()) seconds[std::string(mode)] = v;
    cpus.push_back({{"cpu", s.stat_after.cpus[i].cpu},
                    {"usage", sys::cpu_usage(s.stat_before.cpus[i], s.stat_after.cpus[i])},
                    {"seconds_total", seconds}});
  }
  json memory;
  for (const auto& e : s.memory.entries) memory[e.metric_name()] = e.value;
  json disks = json::array();
  for (const auto& [b, a] : s.disks)
    disks.push_back({{"device", a.device},
                     {"reads_completed_total", a.reads_completed},
                     {"read_bytes_total", a.read_bytes},
                     {"writes_completed_total", a.writes_completed},
                     {"written_bytes_total", a.written_bytes},
                     {"io_now", a.io_in_progress},
                     {"io_time_seconds_total", static_cast<double>(a.io_time_ms) / 1000},
                     {"read_bytes_per_second", rate(b.read_bytes, a.read_bytes, s.interval)},
                     {"written_bytes_per_second", rate(b.written_bytes, a.written_bytes, s.interval)}});
  json filesystems = json::array();
  for (const auto& [m, u] : s.filesystems)
    filesystems.push_back({{"device", m.device}, {"mountpoint", m.mount_point}, {"fstype", m.fs_type},
                           {"size_bytes", u.size_bytes}, {"free_bytes", u.free_bytes}, {"avail_bytes", u.avail_bytes},
                           {"files", u.files}, {"files_free", u.files_free}, {"readonly", u.read_only}});
  json network = json::array();
  for (const auto& [b, a] : s.nets)
    network.push_back({{"device", a.interface},
                       {"receive_bytes_total", a.rx_bytes}, {"receive_packets_total", a.rx_packets},
                       {"receive_errs_total", a.rx_errs}, {"receive_drop_total", a.rx_drop},
                       {"transmit_bytes_total", a.tx_bytes}, {"transmit_packets_total", a.tx_packets},
                       {"transmit_errs_total", a.tx_errs}, {"transmit_drop_total", a.tx_drop},
                       {"receive_bytes_per_second", rate(b.rx_bytes, a.rx_bytes, s.interval)},
                       {"transmit_bytes_per_second", rate(b.tx_bytes, a.tx_bytes, s.interval)}});
  return {{"sample_seconds", s.interval},
          {"boot_time_seconds", s.stat_after.boot_time},
          {"cpu", {{"usage", sys::cpu_usage(s.stat_before.all, s.stat_after.all)}, {"cpus", cpus}}},
          {"context_switches_total", s.stat_after.context_switches},
          {"forks_total", s.stat_after.forks},
          {"procs_running", s.stat_after.procs_running},
          {"procs_blocked", s.stat_after.procs_blocked},
          {"load", {{"load1", s.load.load1}, {"load5", s.load.load5}, {"load15", s.load.load15},
                    {"running", s.load.running}, {"tasks", s.load.tasks}}},
          {"memory", memory},
          {"disks", disks},
          {"filesystems", filesystems},
          {"network", network}};
}

void print_text(const snapshot& s) {
  utsname u{};
  ::uname(&u);
  auto up = aiops::wall_now() / aiops::ns_per_second - s.stat_after.boot_time;
  fmt::print("host        {} ({} {}), up {} d {:02}:{:02}\n", u.nodename, u.sysname, u.release, up / 86400,
             up % 86400 / 3600, up % 3600 / 60);
  std::string per_cpu;
  for (std::size_t i = 0; i < s.stat_after.cpus.size() && i < s.stat_before.cpus.size(); ++i)
    per_cpu += (i ? " " : "") + percent(sys::cpu_usage(s.stat_before.cpus[i], s.stat_after.cpus[i]));
  fmt::print("cpu         {} busy over {:.2f} s; per CPU: {}\n", percent(sys::cpu_usage(s.stat_before.all, s.stat_after.all)),
             s.interval, per_cpu);
  fmt::print("load        {:.2f} {:.2f} {:.2f} ({} of {} tasks runnable)\n", s.load.load1, s.load.load5, s.load.load15,
             s.load.running, s.load.tasks);
  const auto total = static_cast<double>(s.memory.total()), avail = static_cast<double>(s.memory.available());
  fmt::print("memory      {} used of {} ({}), {} available; swap {} used of {}\n", human_bytes(total - avail),
             human_bytes(total), percent(total > 0 ? (total - avail) / total : 0), human_bytes(avail),
             human_bytes(static_cast<double>(s.memory.swap_total() - s.memory.swap_free())),
             human_bytes(static_cast<double>(s.memory.swap_total())));

  fmt::print("\n{:<14} {:>10} {:>10} {:>12} {:>12} {:>6}\n", "DISK", "READ", "WRITTEN", "READ/s", "WRITE/s", "IO_NOW");
  for (const auto& [b, a] : s.disks)
    fmt::print("{:<14} {:>10} {:>10} {:>12} {:>12} {:>6}\n", a.device, human_bytes(double(a.read_bytes)),
               human_bytes(double(a.written_bytes)), human_bytes(rate(b.read_bytes, a.read_bytes, s.interval)),
               human_bytes(rate(b.written_bytes, a.written_bytes, s.interval)), a.io_in_progress);

  fmt::print("\n{:<24} {:<8} {:>10} {:>10} {:>10} {:>6}\n", "MOUNT", "TYPE", "SIZE", "USED", "AVAIL", "USE%");
  for (const auto& [m, fs] : s.filesystems)
    fmt::print("{:<24} {:<8} {:>10} {:>10} {:>10} {:>6}{}\n", m.mount_point, m.fs_type, human_bytes(double(fs.size_bytes)),
               human_bytes(double(fs.size_bytes - fs.free_bytes)), human_bytes(double(fs.avail_bytes)),
               percent(fs.used_ratio()), fs.read_only ? " ro" : "");

  fmt::print("\n{:<14} {:>10} {:>10} {:>12} {:>12} {:>8} {:>8}\n", "INTERFACE", "RX", "TX", "RX/s", "TX/s", "ERRS", "DROP");
  for (const auto& [b, a] : s.nets)
    fmt::print("{:<14} {:>10} {:>10} {:>12} {:>12} {:>8} {:>8}\n", a.interface, human_bytes(double(a.rx_bytes)),
               human_bytes(double(a.tx_bytes)), human_bytes(rate(b.rx_bytes, a.rx_bytes, s.interval)),
               human_bytes(rate(b.tx_bytes, a.tx_bytes, s.interval)), a.rx_errs + a.tx_errs, a.rx_drop + a.tx_drop);
}

void setup(CLI::App& sub) {
  auto a = std::make_shared<sysinfo_args>();
  sub.add_flag("--json", a->json, "Print JSON (keys follow node_exporter's metric names)");
  sub.add_option("--interval", a->interval_ms, "Milliseconds between the two readings that give CPU, disk and network rates")
      ->capture_default_str()
      ->check(CLI::Range(10, 60000));
  sub.callback([a] {
    auto s = gather(a->interval_ms);
    if (a->json)
      fmt::print("{}\n", to_json(s).dump(2));
    else
      print_text(s);
  });
}

const aiops::app::register_command reg{{"sysinfo", "CPU, memory, load, disks, file systems and network of this host", setup}};

}  // namespace cmd_sysinfo
