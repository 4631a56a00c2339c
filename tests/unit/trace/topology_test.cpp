// aiops: service topology (calls, errors, percentiles), DOT and SVG
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/trace/render.hpp>
#include <aiops/trace/simulate.hpp>
#include <aiops/trace/topology.hpp>

#include "fixtures.hpp"

namespace trace = aiops::trace;
using trace_fixtures::make;
using kind = aiops::trace::span_kind;

namespace {

// web [0,100] -> client to api [10,60] -> api server [12,58]; web -> client to db [60,90] errors,
// db sends nothing (not instrumented); api -> internal span [20,30] in the same service.
std::vector<trace::span> small_trace() {
  return {make(1, 0, "web", 0, 100),
          make(2, 1, "web", 10, 60, kind::client, false, "api"),
          make(3, 2, "api", 12, 58),
          make(4, 3, "api", 20, 30, kind::internal),
          make(5, 1, "web", 60, 90, kind::client, true, "db")};
}

}  // namespace

TEST_CASE("topology: percentiles by nearest rank") {
  std::vector<std::uint64_t> d;
  for (std::uint64_t ms = 100; ms >= 1; --ms) d.push_back(ms * 1'000'000);
  const auto s = trace::summarize(d);
  CHECK(s.count == 100);
  CHECK(s.p50_ms == 50);
  CHECK(s.p95_ms == 95);
  CHECK(s.p99_ms == 99);
  CHECK(s.max_ms == 100);
  CHECK(s.mean_ms == Approx(50.5));
  std::vector<std::uint64_t> none;
  CHECK(trace::summarize(none).count == 0);
}

TEST_CASE("topology: edges from client/server pairs and from uninstrumented callees") {
  const auto t = trace::build_topology({trace::build_tree(small_trace())});
  CHECK(t.traces == 1);
  CHECK(t.spans == 5);
  REQUIRE(t.edges.size() == 2);
  const auto* api = t.find_edge("web", "api");
  REQUIRE(api != nullptr);
  CHECK(api->calls == 1);
  CHECK(api->errors == 0);
  CHECK(api->latency.p50_ms == 50);  // the caller's view: its client span
  const auto* db = t.find_edge("web", "db");
  REQUIRE(db != nullptr);
  CHECK(db->errors == 1);
  CHECK(db->error_rate() == 1);
  REQUIRE(t.services.size() == 3);
  const auto* web = t.find_service("web");
  CHECK(web->requests == 1);
  CHECK(web->self_ms == Approx(20 + 4 + 30));  // server span 100 - 80 of calls, client spans 50 - 46 and 30
  CHECK(t.find_service("api")->requests == 1);
  CHECK(t.find_service("api")->self_ms == Approx(36 + 10));
  CHECK(t.find_service("db")->requests == 0);
}

TEST_CASE("topology: a client span holding two calls (a retry) times each by its own span") {
  // web client [0,100] to api; api answered twice inside it: [5,55] (failed) and [60,90].
  const auto t = trace::build_topology({trace::build_tree({make(1, 0, "web", 0, 100, kind::client, false, "api"),
                                                           make(2, 1, "api", 5, 55, kind::server, true),
                                                           make(3, 1, "api", 60, 90)})});
  const auto* api = t.find_edge("web", "api");
  REQUIRE(api != nullptr);
  CHECK(api->calls == 2);
  CHECK(api->errors == 1);
  CHECK(api->latency.max_ms == 50);  // not the client's 100 for both
  CHECK(api->latency.p50_ms == 30);
}

TEST_CASE("topology: simulated shop, edges match the client spans") {
  trace::simulation_options o;
  o.traces = 200;
  const auto spans = trace::simulate(trace::shop_system(), o);
  const auto t = trace::build_topology(trace::build_traces(spans));
  CHECK(t.traces == 200);
  std::map<std::pair<std::string, std::string>, std::uint64_t> clients;
  for (const auto& s : spans)
    if (s.kind == kind::client) ++clients[{s.service, s.remote_service}];
  REQUIRE(t.edges.size() == clients.size());
  for (const auto& e : t.edges) CHECK(e.calls == clients[{e.caller, e.callee}]);
  CHECK(t.find_service("gateway")->requests == 200);
  const auto* orders = t.find_edge("gateway", "orders");
  REQUIRE(orders != nullptr);
  CHECK(orders->latency.p50_ms <= orders->latency.p95_ms);
  CHECK(orders->latency.p95_ms <= orders->latency.p99_ms);
  CHECK(t.find_edge("orders", "gateway") == nullptr);
}

TEST_CASE("topology: DOT and SVG") {
  auto spans = small_trace();
  const auto t = trace::build_topology({trace::build_tree(spans)});
  const std::string dot = trace::to_dot(t);
  CHECK(dot.rfind("digraph topology {", 0) == 0);
  CHECK_THAT(dot, Catch::Contains("\"web\" -> \"api\" [label=\"1 calls, 0% err, p50/p95/p99 50/50/50 ms\"]"));
  CHECK_THAT(dot, Catch::Contains("\"web\" -> \"db\" [label=\"1 calls, 100% err"));
  CHECK_THAT(dot, Catch::Contains("\"db\" [label=\"db\\nnot instrumented\""));
  const std::string svg = trace::to_svg(t);
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK_THAT(svg, Catch::Contains(">web</text>"));
  CHECK_THAT(svg, Catch::Contains("web -&gt; db"));
  CHECK(svg.find("</svg>") != std::string::npos);
  // Names are escaped in both.
  spans[0].service = "a\"b<c>";
  const auto odd = trace::build_topology({trace::build_tree(spans)});
  CHECK_THAT(trace::to_dot(odd), Catch::Contains("\"a\\\"b<c>\""));
  CHECK_THAT(trace::to_svg(odd), Catch::Contains("a&quot;b&lt;c&gt;"));
}
