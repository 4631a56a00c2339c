// aiops: week 06 grader, task 2: CPU, memory and disk alert rules, checked by promtool and on simulated hosts
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fstream>     // std::ofstream
#include <set>         // std::set
#include <string>      // std::string
#include <utility>     // std::pair

#include <aiops/sys.hpp>
#include <aiops/week06/rules.hpp>

#include "scratch.hpp"

namespace alert = aiops::alert;

namespace {
constexpr aiops::timestamp_ns t0 = 1'795'000'000LL * aiops::ns_per_second;

// 30 minutes of node_exporter series, every 15 s, for a host with the given load (fractions).
void simulate(alert::series_store& store, const std::string& instance, double cpu_busy, double mem_used, double disk_used,
              aiops::timestamp_ns until) {
  for (aiops::timestamp_ns t = t0; t <= until; t += 15 * aiops::ns_per_second) {
    const double s = double(t - t0) / double(aiops::ns_per_second);
    for (const char* cpu : {"0", "1"}) {
      store.add("node_cpu_seconds_total", {{"instance", instance}, {"cpu", cpu}, {"mode", "idle"}}, t, s * (1 - cpu_busy));
      store.add("node_cpu_seconds_total", {{"instance", instance}, {"cpu", cpu}, {"mode", "user"}}, t, s * cpu_busy);
    }
    store.add("node_memory_MemTotal_bytes", {{"instance", instance}}, t, 16e9);
    store.add("node_memory_MemAvailable_bytes", {{"instance", instance}}, t, 16e9 * (1 - mem_used));
    store.add("node_memory_MemFree_bytes", {{"instance", instance}}, t, 16e9 * (1 - mem_used) / 4);
    for (const auto& [mount, used] : {std::pair<std::string, double>{"/", disk_used}, {"/boot", 0.2}}) {
      const alert::label_set fs = {{"instance", instance}, {"mountpoint", mount}, {"fstype", "ext4"}, {"device", "/dev/sda1"}};
      store.add("node_filesystem_size_bytes", fs, t, 100e9);
      store.add("node_filesystem_avail_bytes", fs, t, 100e9 * (1 - used));
      store.add("node_filesystem_free_bytes", fs, t, 100e9 * (1 - used));
    }
  }
}

// The names of the alerts firing for `instance` after evaluating every 30 s up to `until`.
std::set<std::string> firing_for(const alert::rule_group& group, const std::string& instance, double cpu, double mem, double disk,
                                 aiops::timestamp_ns until) {
  alert::series_store store;
  simulate(store, instance, cpu, mem, disk, until);
  auto engine = alert::rule_engine::compile(group);
  INFO((engine ? std::string() : engine.error().message));
  REQUIRE(engine);
  std::set<std::string> names;
  for (aiops::timestamp_ns t = t0; t <= until; t += 30 * aiops::ns_per_second) {
    names.clear();
    for (const auto& a : engine->evaluate(store, t)) {
      if (a.state != alert::alert_state::firing) continue;
      CHECK(a.labels.count("severity") == 1);
      const auto summary = a.annotations.find("summary");
      REQUIRE(summary != a.annotations.end());
      CHECK(summary->second.find(instance) != std::string::npos);
      names.insert(a.labels.at("alertname"));
    }
  }
  return names;
}
}  // namespace

TEST_CASE("task-2: the rules pass promtool check rules", "[week-06][task-2]") {
  INFO("Hint: exercises/week-06/README.md, task 2");
  const alert::rule_group group = aiops::week06::host_rules();
  CHECK(group.rules.size() >= 3);
  const aiops::testing::scratch_dir dir("week06");
  const auto path = dir / "rules.yml";
  std::ofstream(path) << alert::to_prometheus_rules({group});
  const auto run = aiops::sys::run({"promtool", "check", "rules", path.string()});
  REQUIRE(run);
  CAPTURE(run->out, run->err);
  CHECK(run->success());
}

TEST_CASE("task-2: a busy, full host fires CPU, memory and disk alerts, a healthy one none", "[week-06][task-2]") {
  INFO("Hint: exercises/week-06/README.md, task 2");
  const alert::rule_group group = aiops::week06::host_rules();
  const aiops::timestamp_ns end = t0 + 30 * aiops::ns_per_minute;
  CHECK(firing_for(group, "healthy:9100", 0.30, 0.50, 0.60, end).empty());
  // Each kind of trouble fires its own alert(s), different from the other kinds'.
  const auto cpu = firing_for(group, "busy:9100", 0.97, 0.50, 0.60, end);
  const auto memory = firing_for(group, "leaky:9100", 0.30, 0.96, 0.60, end);
  const auto disk = firing_for(group, "full:9100", 0.30, 0.50, 0.95, end);
  CHECK(!cpu.empty());
  CHECK(!memory.empty());
  CHECK(!disk.empty());
  for (const auto& name : cpu) CHECK((memory.count(name) == 0 && disk.count(name) == 0));
  for (const auto& name : memory) CHECK(disk.count(name) == 0);
  CHECK(firing_for(group, "doomed:9100", 0.97, 0.96, 0.95, end).size() >= 3);
  // `for` of at least 5 minutes: 4 minutes of trouble is not enough to fire.
  CHECK(firing_for(group, "blip:9100", 0.97, 0.96, 0.95, t0 + 4 * aiops::ns_per_minute).empty());
}
