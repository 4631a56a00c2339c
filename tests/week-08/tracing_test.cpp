// aiops: week 08 grader: call counts and p95 from simulated traces, the slow and the failing service against the simulator's labels
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/trace.hpp>
#include <aiops/week08/tracing.hpp>

namespace trace = aiops::trace;

namespace {

/// 300 shop requests with a flaky payments -> db edge and a failing shipping service (fixed seed).
std::vector<trace::span> shop() {
  trace::simulation_options o;
  o.seed = 8;
  o.traces = 300;
  o.faults = {{trace::fault_kind::flaky_edge, "db", "payments", 1, 0.4}, {trace::fault_kind::erroring_service, "shipping", {}, 1, 0.3}};
  return trace::simulate(trace::shop_system(), o);
}

/// An incident's spans split into baseline and incident traces by when each trace started.
std::pair<std::vector<trace::span>, std::vector<trace::span>> split(const trace::incident& inc) {
  std::pair<std::vector<trace::span>, std::vector<trace::span>> out;
  for (const auto& t : trace::build_traces(inc.spans)) {
    auto& into = inc.baseline.contains(t.spans[t.root()].start_ns) ? out.first : out.second;
    into.insert(into.end(), t.spans.begin(), t.spans.end());
  }
  return out;
}

std::string describe(const trace::incident& inc) {
  return std::string(trace::to_string(inc.fault.kind)) + " " + (inc.fault.caller.empty() ? "" : inc.fault.caller + "->") + inc.fault.service;
}

}  // namespace

TEST_CASE("task-1: call counts between services match the simulated traffic", "[week-08][task-1]") {
  INFO("Hint: exercises/week-08/README.md, task 1");
  const auto spans = shop();
  const auto got = aiops::week08::count_calls(spans);
  const auto topo = trace::build_topology(trace::build_traces(spans));
  for (const auto& e : topo.edges) {
    INFO(e.caller << " -> " << e.callee);
    const auto it = got.find({e.caller, e.callee});
    REQUIRE(it != got.end());
    CHECK(it->second == e.calls);
  }
  CHECK(got.size() == topo.edges.size());
}

TEST_CASE("task-2: p95 latency of each service", "[week-08][task-2]") {
  INFO("Hint: exercises/week-08/README.md, task 2");
  const auto spans = shop();
  const auto got = aiops::week08::p95_by_service(spans);
  const auto topo = trace::build_topology(trace::build_traces(spans));
  std::size_t served = 0;
  for (const auto& s : topo.services) {
    if (s.requests == 0) continue;
    ++served;
    INFO(s.name);
    REQUIRE(got.count(s.name) == 1);
    CHECK(got.at(s.name) == Approx(s.latency.p95_ms).epsilon(1e-9));
  }
  CHECK(got.size() == served);
}

TEST_CASE("task-3: the slow service, in at least 8 of 10 incidents", "[week-08][task-3]") {
  INFO("Hint: exercises/week-08/README.md, task 3");
  int right = 0;
  for (std::uint64_t seed = 101; seed <= 110; ++seed) {
    const auto inc = trace::simulate_incident(trace::shop_system(), seed, trace::fault_kind::slow_service, 120);
    const auto [before, during] = split(inc);
    const std::string answer = aiops::week08::find_slow_service(before, during);
    UNSCOPED_INFO("seed " << seed << ": " << describe(inc) << ", answered " << answer);
    right += answer == inc.fault.service ? 1 : 0;
  }
  CHECK(right >= 8);
}

TEST_CASE("task-4: the failing service, in at least 8 of 10 incidents", "[week-08][task-4]") {
  INFO("Hint: exercises/week-08/README.md, task 4");
  int right = 0;
  for (std::uint64_t seed = 201; seed <= 210; ++seed) {
    const auto kind = seed % 2 == 0 ? trace::fault_kind::erroring_service : trace::fault_kind::flaky_edge;
    const auto inc = trace::simulate_incident(trace::shop_system(), seed, kind, 120);
    const auto [before, during] = split(inc);
    const std::string answer = aiops::week08::find_failing_service(before, during);
    UNSCOPED_INFO("seed " << seed << ": " << describe(inc) << ", answered " << answer);
    right += answer == inc.fault.service ? 1 : 0;
  }
  CHECK(right >= 8);
}

TEST_CASE("task-5: the culprit is among the top 3 suspects in at least 11 of 12 mixed incidents", "[week-08][task-5]") {
  INFO("Hint: exercises/week-08/README.md, task 5");
  const trace::fault_kind kinds[] = {trace::fault_kind::slow_service, trace::fault_kind::erroring_service, trace::fault_kind::flaky_edge};
  int right = 0;
  for (std::uint64_t seed = 301; seed <= 312; ++seed) {
    const auto inc = trace::simulate_incident(trace::shop_system(), seed, kinds[seed % 3], 120);
    const auto top = aiops::week08::top_suspects(inc.spans, inc.baseline, inc.during);
    CHECK(top.size() <= 3);
    const bool found = std::find(top.begin(), top.end(), inc.fault.service) != top.end();
    UNSCOPED_INFO("seed " << seed << ": " << describe(inc) << (found ? " found" : " missed"));
    right += found ? 1 : 0;
  }
  CHECK(right >= 11);
}
