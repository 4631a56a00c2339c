// aiops: simulated traces in the real Zipkin: read back by id, and Zipkin's dependency links agree with our topology
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <unistd.h>  // getpid (service names unique to this run)

#include <chrono>  // system_clock, milliseconds
#include <map>     // std::map
#include <string>  // std::string
#include <thread>  // std::this_thread::sleep_for
#include <vector>  // std::vector

#include <nlohmann/json.hpp>

#include <aiops/http.hpp>
#include <aiops/trace.hpp>

#include "servers.hpp"

namespace trace = aiops::trace;

using aiops::ns_per_millisecond;
using aiops::wall_now;

namespace {
/// Shop traces from a minute ago, with a flaky edge (client spans no server answers) and an
/// erroring service; service names carry `suffix` so other tests' spans in the same Zipkin do not mix in.
std::vector<trace::span> shop_traces(const std::string& suffix) {
  trace::simulation_options o;
  o.seed = static_cast<std::uint64_t>(getpid());
  o.traces = 120;
  o.start_ns = (wall_now() - 60'000'000'000ull) / 1000 * 1000;
  o.faults = {{trace::fault_kind::flaky_edge, "db", "payments", 1, 0.4}, {trace::fault_kind::erroring_service, "shipping", {}, 1, 0.3}};
  auto spans = trace::simulate(trace::shop_system(), o);
  for (auto& s : spans) {
    s.service += suffix;
    if (!s.remote_service.empty()) s.remote_service += suffix;
  }
  return spans;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

}  // namespace

TEST_CASE("trace: simulated spans land in the real Zipkin, read back by id, and /api/v2/dependencies matches our topology",
          "[integration][trace][zipkin]") {
  const std::string url = aiops::testing::zipkin_url();
  INFO(aiops::testing::server_hint("zipkin", url));
  aiops::http::client zipkin(url);
  REQUIRE(zipkin.get("/health").ok());

  const std::string suffix = "-t" + std::to_string(getpid());
  const auto spans = shop_traces(suffix);
  const auto r = zipkin.post("/api/v2/spans", trace::to_zipkin_json(spans), "application/json");
  CHECK(r.status == 202);

  // Every trace reads back whole, span for span (Zipkin indexes asynchronously: poll a little).
  const auto traces = trace::build_traces(spans);
  REQUIRE(traces.size() == 120);
  for (const auto& t : traces) {
    std::vector<trace::span> got;
    for (int attempt = 0; attempt < 30 && got.size() != t.spans.size(); ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const auto answer = zipkin.send({.path = "/api/v2/trace/" + t.id.hex()});
      if (!answer.ok()) continue;
      auto parsed = trace::parse_zipkin_json(answer.body);
      REQUIRE(parsed);
      got = std::move(*parsed);
    }
    INFO("trace " << t.id.hex());
    REQUIRE(got.size() == t.spans.size());
    const auto back = trace::build_tree(got);
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
      const auto& want = t.spans[i];
      const auto& have = back.spans[i];
      CHECK(have.id == want.id);
      CHECK(have.parent_id == want.parent_id);
      CHECK(have.service == want.service);
      CHECK(have.name == lower(want.name));  // Zipkin lower-cases span names
      CHECK(have.kind == want.kind);
      CHECK(have.start_ns == want.start_ns);
      CHECK(have.end_ns == want.end_ns);
      CHECK(have.error == want.error);
      CHECK(have.remote_service == want.remote_service);
    }
  }

  // Zipkin's dependency linker and our topology count the same calls, edge by edge.
  const auto topo = trace::build_topology(traces);
  std::uint64_t our_calls = 0;
  for (const auto& e : topo.edges) our_calls += e.calls;
  std::map<std::pair<std::string, std::string>, std::pair<std::uint64_t, std::uint64_t>> links;
  for (int attempt = 0; attempt < 30; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto end_ms = wall_now() / ns_per_millisecond;
    const auto answer = zipkin.get("/api/v2/dependencies", {{"endTs", std::to_string(end_ms)}, {"lookback", "600000"}});
    links.clear();
    std::uint64_t total = 0;
    for (const auto& link : nlohmann::json::parse(answer.body)) {
      const std::string parent = link.at("parent");
      if (parent.size() < suffix.size() || parent.compare(parent.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
      const std::uint64_t calls = link.value("callCount", 0ull);
      links[{parent, link.at("child")}] = {calls, link.value("errorCount", 0ull)};
      total += calls;
    }
    if (total == our_calls) break;
  }
  INFO("our topology: " << trace::to_dot(topo));
  REQUIRE(links.size() == topo.edges.size());
  std::uint64_t failing_edges = 0;
  for (const auto& e : topo.edges) {
    INFO(e.caller << " -> " << e.callee);
    const auto it = links.find({e.caller, e.callee});
    REQUIRE(it != links.end());
    CHECK(it->second.first == e.calls);
    CHECK(it->second.second == e.errors);
    failing_edges += e.errors > 0 ? 1 : 0;
  }
  CHECK(failing_edges >= 2);  // the flaky payments -> db and the erroring shipping at least
}
