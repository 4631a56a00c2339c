// aiops: root-cause ranking against sampling noise: a small steady slowdown outranks a noisy service's larger chance wobble
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::find_if

#include <aiops/trace/rca.hpp>

#include "fixtures.hpp"

namespace trace = aiops::trace;

namespace {

/// web calls cache (`cache_ms`, steady) then search (`search_ms`, varying); web's own work is 1 ms before and after.
trace::trace_tree request(std::uint64_t cache_ms, std::uint64_t search_ms) {
  using trace_fixtures::make;
  return trace::build_tree({make(1, 0, "web", 0, 2 + cache_ms + search_ms), make(2, 1, "cache", 1, 1 + cache_ms),
                            make(3, 1, "search", 1 + cache_ms, 1 + cache_ms + search_ms)});
}

}  // namespace

TEST_CASE("rca noise: a steady +50% on a fast service outranks a noisy service's chance wobble") {
  std::vector<trace::trace_tree> before;
  std::vector<trace::trace_tree> during;
  for (int i = 0; i < 40; ++i) {
    // search takes 10 or 200 ms; by chance the incident window holds a few more slow ones
    before.push_back(request(2, i % 4 == 0 ? 200 : 10));
    during.push_back(request(3, i % 4 == 0 || i == 1 || i == 2 ? 200 : 10));
  }
  const auto ranked = trace::rank_root_causes(before, during);
  REQUIRE(ranked.size() == 3);
  CHECK(ranked[0].service == "cache");
  CHECK(ranked[0].latency_delta_ms == Approx(1));
  // search's raw growth is larger (2 more 190 ms waits in 40 traces: 9.5 ms per trace) but within its noise
  const auto search = std::find_if(ranked.begin(), ranked.end(), [](const trace::suspect& s) { return s.service == "search"; });
  CHECK(search->latency_delta_ms == Approx(9.5));
  CHECK(search->score == 0);
  CHECK(ranked[0].score > 0);
}

TEST_CASE("rca noise: without any sure growth, the raw growth orders the suspects") {
  std::vector<trace::trace_tree> before;
  std::vector<trace::trace_tree> during;
  for (int i = 0; i < 8; ++i) {
    before.push_back(request(2, i % 2 == 0 ? 200 : 10));
    during.push_back(request(2, i % 2 == 0 || i == 1 ? 200 : 10));
  }
  const auto ranked = trace::rank_root_causes(before, during);
  CHECK(ranked[0].score == 0);
  CHECK(ranked[0].service == "search");
}
