// aiops: the microservice simulator: determinism, structure, and what each fault does
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/trace/simulate.hpp>
#include <aiops/trace/tree.hpp>

namespace trace = aiops::trace;

namespace {

std::vector<trace::span> run(std::vector<trace::fault> faults, std::uint64_t seed = 7, std::size_t traces = 300) {
  trace::simulation_options o;
  o.seed = seed;
  o.traces = traces;
  o.faults = std::move(faults);
  return trace::simulate(trace::shop_system(), o);
}

/// Mean self time (ms) of a service's server spans.
double mean_self_ms(const std::vector<trace::span>& spans, const std::string& service) {
  double sum = 0;
  std::size_t n = 0;
  for (const auto& t : trace::build_traces(spans)) {
    const auto times = trace::self_times(t);
    for (std::size_t i = 0; i < t.spans.size(); ++i)
      if (t.spans[i].service == service && t.spans[i].kind == trace::span_kind::server) {
        sum += static_cast<double>(times[i].self_ns) / 1e6;
        ++n;
      }
  }
  return n == 0 ? 0 : sum / static_cast<double>(n);
}

}  // namespace

TEST_CASE("simulate: the same seed gives the same spans, another seed others") {
  CHECK(run({}) == run({}));
  CHECK(run({}, 8) != run({}));
}

TEST_CASE("simulate: traces are well-formed trees of server and client spans") {
  const auto spans = run({});
  const auto traces = trace::build_traces(spans);
  CHECK(traces.size() == 300);
  for (const auto& t : traces) {
    REQUIRE(t.roots.size() == 1);
    CHECK(t.spans[t.root()].service == "gateway");
    CHECK(t.spans[t.root()].name == "GET /checkout");
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
      const auto& s = t.spans[i];
      CHECK(s.start_ns % 1000 == 0);
      CHECK(s.end_ns % 1000 == 0);
      CHECK(s.end_ns > s.start_ns);
      if (s.kind == trace::span_kind::client) {
        CHECK(!s.remote_service.empty());
        CHECK(t.parent[i] != trace::no_span);
      }
      if (t.parent[i] != trace::no_span && s.kind == trace::span_kind::server) {
        const auto& caller = t.spans[t.parent[i]];
        CHECK(caller.kind == trace::span_kind::client);
        CHECK(caller.remote_service == s.service);
        CHECK(caller.start_ns <= s.start_ns);  // the request crosses the wire first
      }
    }
  }
}

TEST_CASE("simulate: a slow service does its own work that many times slower") {
  const double before = mean_self_ms(run({}), "inventory");
  const double after = mean_self_ms(run({{trace::fault_kind::slow_service, "inventory", {}, 6}}), "inventory");
  CHECK(after / before == Approx(6).epsilon(0.15));
}

TEST_CASE("simulate: an erroring service fails its requests, the error propagates up") {
  const auto spans = run({{trace::fault_kind::erroring_service, "shipping", {}, 1, 1.0}});
  std::size_t shipping = 0;
  std::size_t failed_roots = 0;
  for (const auto& s : spans) {
    if (s.service == "shipping" && s.kind == trace::span_kind::server) {
      ++shipping;
      CHECK(s.error);
    }
    if (s.parent_id.empty()) failed_roots += s.error ? 1 : 0;
  }
  CHECK(shipping > 150);  // called with probability 0.7
  CHECK(failed_roots >= shipping);  // shipping is required by orders, orders by the gateway
}

TEST_CASE("simulate: a flaky edge fails connections: client errors with no server span") {
  const auto spans = run({{trace::fault_kind::flaky_edge, "db", "payments", 1, 0.5}});
  const auto traces = trace::build_traces(spans);
  std::size_t resets = 0;
  std::size_t calls = 0;
  for (const auto& t : traces)
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
      const auto& s = t.spans[i];
      if (s.kind != trace::span_kind::client || s.service != "payments") continue;
      ++calls;
      if (s.status_message == "connection reset") {
        ++resets;
        CHECK(t.children[i].empty());
      }
    }
  CHECK(static_cast<double>(resets) / static_cast<double>(calls) == Approx(0.5).margin(0.07));
  // Other callers of db are untouched.
  for (const auto& s : spans)
    if (s.service == "inventory") CHECK(s.status_message != "connection reset");
}

TEST_CASE("simulate: timeouts cut the client span and retries follow") {
  // db 40x slower: catalog's calls (250 ms timeout, 1 retry) time out.
  const auto spans = run({{trace::fault_kind::slow_service, "db", {}, 200}}, 3, 50);
  std::size_t timeouts = 0;
  for (const auto& s : spans)
    if (s.status_message == "timeout") {
      ++timeouts;
      CHECK(s.kind == trace::span_kind::client);
    }
  CHECK(timeouts > 50);
}

TEST_CASE("simulate: a fault applies only inside its window") {
  trace::simulation_options o;
  o.traces = 200;
  o.requests_per_second = 10;
  const std::uint64_t half = o.start_ns + 10'000'000'000ull;
  o.faults = {{trace::fault_kind::erroring_service, "auth", {}, 1, 1.0, half}};
  for (const auto& s : trace::simulate(trace::shop_system(), o))
    if (s.service == "auth" && s.kind == trace::span_kind::server && s.start_ns < half - 1'000'000'000ull) CHECK_FALSE(s.error);
}

TEST_CASE("simulate: bad specs are rejected") {
  auto spec = trace::shop_system();
  spec.services.back().calls.push_back({"gateway", "loop"});
  CHECK_THROWS_AS(trace::simulate(spec, {}), std::invalid_argument);
  spec = trace::shop_system();
  spec.entry = "nowhere";
  CHECK_THROWS_AS(trace::simulate(spec, {}), std::invalid_argument);
  trace::simulation_options o;
  o.faults = {{trace::fault_kind::slow_service, "nowhere"}};
  CHECK_THROWS_AS(trace::simulate(trace::shop_system(), o), std::invalid_argument);
}
