// aiops: root-cause ranking on known traces and over labelled simulated incidents
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cstdio>  // std::printf (the measured accuracy, for bench/README.md)

#include <aiops/trace/rca.hpp>
#include <aiops/trace/simulate.hpp>

#include "fixtures.hpp"

namespace trace = aiops::trace;
using trace_fixtures::make;
using kind = aiops::trace::span_kind;

namespace {

/// web -> api -> db, with api's own work `api_ms` and db failing or not; trace number `n`.
trace::trace_tree chain(int n, std::uint64_t api_ms, bool db_fails) {
  std::vector<trace::span> s = {make(1, 0, "web", 0, 30 + api_ms, kind::server, db_fails),
                                make(2, 1, "web", 5, 25 + api_ms, kind::client, db_fails, "api"),
                                make(3, 2, "api", 6, 24 + api_ms, kind::server, db_fails),
                                make(4, 3, "api", 10, 20, kind::client, db_fails, "db"),
                                make(5, 4, "db", 11, 19, kind::server, db_fails)};
  for (auto& x : s) x.trace_id.bytes[0] = static_cast<std::uint8_t>(n);
  return trace::build_tree(s);
}

std::vector<trace::trace_tree> many(std::uint64_t api_ms, bool db_fails) {
  std::vector<trace::trace_tree> out;
  for (int n = 0; n < 10; ++n) out.push_back(chain(n, api_ms, db_fails));
  return out;
}

}  // namespace

TEST_CASE("rca: blame follows the critical path and the deepest error") {
  const auto b = trace::blame(chain(0, 10, true));
  // web 5 + 5 own, client self 1 + 1 (-> api), api 4 + 14, client self 1 + 1 (-> db), db 8.
  CHECK(b.critical_ms.at("web") == Approx(10));
  CHECK(b.critical_ms.at("api") == Approx(20));
  CHECK(b.critical_ms.at("db") == Approx(10));
  REQUIRE(b.errors.size() == 1);
  CHECK(b.errors.at("db") == 1);
  // A client span that failed without a failing child (timeout, refused connection) blames its callee.
  auto t = chain(0, 10, false);
  for (auto& s : t.spans)
    if (s.kind == kind::client && s.remote_service == "db") s.error = true;
  CHECK(trace::blame(t).errors.at("db") == 1);
}

TEST_CASE("rca: a service that got slower ranks first, with its added latency") {
  const auto ranked = trace::rank_root_causes(many(10, false), many(110, false));
  REQUIRE(!ranked.empty());
  CHECK(ranked[0].service == "api");
  CHECK(ranked[0].latency_delta_ms == Approx(100));
  CHECK(ranked[0].score == Approx(100.0 / 40));
  CHECK(ranked[0].baseline_latency_ms == Approx(20));
  CHECK(ranked[1].score == 0);
}

TEST_CASE("rca: the service where errors start ranks first") {
  const auto ranked = trace::rank_root_causes(many(10, false), many(10, true));
  CHECK(ranked[0].service == "db");
  CHECK(ranked[0].error_delta == 1);
  CHECK(ranked[1].score == 0);
}

TEST_CASE("rca: windows select traces by their root's start") {
  std::vector<trace::trace_tree> all = many(10, false);
  for (auto& t : many(10, true)) {
    for (auto& s : t.spans) {
      s.start_ns += 1'000'000'000;
      s.end_ns += 1'000'000'000;
    }
    all.push_back(t);
  }
  const auto ranked = trace::rank_root_causes(all, {0, 1'000'000'000}, {1'000'000'000, 2'000'000'000});
  CHECK(ranked[0].service == "db");
  CHECK(trace::rank_root_causes(std::vector<trace::trace_tree>{}, std::vector<trace::trace_tree>{}).empty());
}

TEST_CASE("rca: top-1 >= 0.9 and top-3 = 1.0 over 60 simulated incidents of the three fault kinds") {
  const auto spec = trace::shop_system();
  const trace::fault_kind kinds[] = {trace::fault_kind::slow_service, trace::fault_kind::erroring_service, trace::fault_kind::flaky_edge};
  std::size_t top1 = 0;
  std::size_t top3 = 0;
  std::size_t n = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const auto inc = trace::simulate_incident(spec, seed, kinds[seed % 3], 150);
    const auto ranked = trace::rank_root_causes(trace::build_traces(inc.spans), inc.baseline, inc.during);
    std::size_t rank = ranked.size();
    for (std::size_t i = 0; i < ranked.size(); ++i)
      if (ranked[i].service == inc.fault.service) rank = std::min(rank, i);
    ++n;
    top1 += rank == 0 ? 1 : 0;
    top3 += rank < 3 ? 1 : 0;
    if (rank != 0)
      std::printf("rca miss: seed %llu %s %s%s%s rank %zu (top: %s)\n", static_cast<unsigned long long>(seed), trace::to_string(inc.fault.kind),
                  inc.fault.caller.c_str(), inc.fault.caller.empty() ? "" : "->", inc.fault.service.c_str(), rank + 1,
                  ranked.empty() ? "-" : ranked[0].service.c_str());
  }
  const double acc1 = static_cast<double>(top1) / static_cast<double>(n);
  const double acc3 = static_cast<double>(top3) / static_cast<double>(n);
  std::printf("rca over %zu incidents: top-1 %.3f, top-3 %.3f\n", n, acc1, acc3);
  CHECK(acc1 >= 0.9);
  CHECK(acc3 == 1.0);
}
