// aiops: a deterministic microservice simulator: call graph, latencies, fan-out, retries, timeouts, errors, injected faults
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>      // std::exp, std::log
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <limits>     // std::numeric_limits
#include <algorithm>  // std::max
#include <map>        // std::map (cycle check)
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <utility>    // std::pair, std::move
#include <vector>     // std::vector

#include "aiops/config.hpp"
#include "aiops/core/random.hpp"  // aiops::rng: the same numbers on every platform
#include "aiops/trace/span.hpp"

AIOPS_BEGIN_NAMESPACE
namespace trace {

/// A log-normal latency: `median_ms` times e^(spread * N(0,1)); spread 0.3 puts p99 near twice the median.
struct latency_model {
  double median_ms = 5;
  double spread = 0.3;
};

/// One downstream call a service makes while serving a request.
struct call_spec {
  std::string to;                 ///< the callee service
  std::string operation;          ///< the callee's operation (its server span's name)
  double probability = 1;         ///< chance that a request makes this call at all
  int fan_out = 1;                ///< how many calls (e.g. one per cart item)
  bool parallel = false;          ///< fan-out calls run concurrently instead of one after another
  bool required = true;           ///< a call that still fails after its retries fails the caller
  latency_model network{0.6, 0.3};  ///< round trip on the wire, split evenly between request and answer
  double timeout_ms = 0;          ///< the caller gives up after this long (0: waits forever)
  int retries = 0;                ///< further attempts after a failed or timed-out one
};

/// A service: how long its own work takes, how often it fails by itself, what it calls.
struct service_spec {
  std::string name;
  latency_model work;
  double error_rate = 0;  ///< chance a request fails in the service itself (before its calls)
  std::vector<call_spec> calls;
};

/// A system: its services and where requests enter.
struct system_spec {
  std::vector<service_spec> services;
  std::string entry;            ///< the service that receives external requests
  std::string entry_operation;  ///< the name of the root spans

  /// The service named `name`, or nullptr.
  const service_spec* find(std::string_view name) const noexcept {
    for (const auto& s : services)
      if (s.name == name) return &s;
    return nullptr;
  }
};

/// An online shop: gateway -> auth, catalog, orders; orders -> inventory, payments, shipping;
/// catalog -> cache, db (fan-out), recommendations (optional); inventory and payments -> db.
inline system_spec shop_system() {
  system_spec s;
  s.entry = "gateway";
  s.entry_operation = "GET /checkout";
  const latency_model lan{0.4, 0.3};
  s.services = {
      {"gateway", {2, 0.3}, 0, {{"auth", "POST /verify", 1, 1, false, true, lan, 200, 1},
                                {"catalog", "GET /items", 0.8, 1, false, true, lan, 300, 0},
                                {"orders", "POST /orders", 1, 1, false, true, lan, 800, 0}}},
      {"auth", {3, 0.25}, 0.001, {{"cache", "GET session", 1, 1, false, false, lan, 50, 0}}},
      {"catalog", {4, 0.3}, 0.001, {{"cache", "MGET items", 1, 1, false, false, lan, 50, 0},
                                    {"db", "SELECT items", 1, 3, true, true, lan, 250, 1},
                                    {"recommendations", "GET /similar", 0.5, 1, false, false, lan, 100, 0}}},
      {"recommendations", {12, 0.4}, 0.002, {}},
      {"orders", {5, 0.3}, 0.001, {{"inventory", "POST /reserve", 1, 2, true, true, lan, 300, 1},
                                  {"payments", "POST /charge", 1, 1, false, true, lan, 400, 1},
                                  {"shipping", "POST /quote", 0.7, 1, false, true, lan, 200, 0}}},
      {"inventory", {3, 0.3}, 0.001, {{"db", "UPDATE stock", 1, 1, false, true, lan, 200, 0}}},
      {"payments", {8, 0.35}, 0.001, {{"db", "INSERT payment", 1, 1, false, true, lan, 200, 0}}},
      {"shipping", {6, 0.3}, 0.001, {}},
      {"cache", {0.3, 0.3}, 0, {}},
      {"db", {2.5, 0.4}, 0.0005, {}},
  };
  return s;
}

/// The kinds of injected fault.
enum class fault_kind { slow_service, erroring_service, flaky_edge };

/// The name of a fault kind: `slow_service`, `erroring_service`, `flaky_edge`.
constexpr const char* to_string(fault_kind k) noexcept {
  return k == fault_kind::slow_service ? "slow_service" : k == fault_kind::erroring_service ? "erroring_service" : "flaky_edge";
}

/// An injected fault and its ground truth: `service` is the culprit (for a flaky edge, the callee
/// whose connections from `caller` fail).
struct fault {
  fault_kind kind = fault_kind::slow_service;
  std::string service;
  std::string caller;  ///< flaky_edge only
  double factor = 5;   ///< slow_service: the service's own work takes this many times longer
  double rate = 0.5;   ///< erroring_service: chance of failing; flaky_edge: chance a connection fails
  std::uint64_t start_ns = 0;  ///< active for requests entering the system from start_ns...
  std::uint64_t end_ns = std::numeric_limits<std::uint64_t>::max();  ///< ...to before end_ns
};

/// What to simulate.
struct simulation_options {
  std::uint64_t seed = 1;
  std::size_t traces = 1000;
  std::uint64_t start_ns = 1'767'225'600'000'000'000ull;  ///< 2026-01-01T00:00:00Z
  double requests_per_second = 20;                        ///< Poisson arrivals
  std::vector<fault> faults;
};

namespace detail {

/// A random span or trace id: never all zero, which OTLP and Zipkin reserve for "no id".
template <std::size_t N>
otel::id_bytes<N> random_id(rng& gen) noexcept {
  otel::id_bytes<N> out;
  do {
    for (std::size_t i = 0; i < N; i += 8) {
      const std::uint64_t v = gen();
      for (std::size_t k = 0; k < 8 && i + k < N; ++k) out.bytes[i + k] = static_cast<std::uint8_t>(v >> (8 * k));
    }
  } while (out.empty());
  return out;
}

/// Microseconds, as whole nanoseconds: Zipkin and Jaeger keep microseconds, so round trips are exact.
inline std::uint64_t sample_us(rng& gen, const latency_model& m, double factor = 1) {
  const double ms = m.median_ms * factor * std::exp(m.spread * gen.normal());
  return static_cast<std::uint64_t>(ms * 1000 + 0.5) * 1000;
}

class simulator {
 public:
  simulator(const system_spec& spec, const simulation_options& options) : spec_(spec), options_(options), rng_(options.seed) {
    if (spec_.find(spec_.entry) == nullptr) throw std::invalid_argument("simulate: entry service '" + spec_.entry + "' is not defined");
    std::map<std::string, int> state;  // 1: on the current path, 2: done
    for (const auto& s : spec_.services) check_acyclic(s, state);
    for (const auto& f : options_.faults)
      if (spec_.find(f.service) == nullptr || (f.kind == fault_kind::flaky_edge && spec_.find(f.caller) == nullptr))
        throw std::invalid_argument("simulate: a fault names an undefined service");
  }

  std::vector<span> run() {
    double t = static_cast<double>(options_.start_ns);
    const double gap_ns = 1e9 / options_.requests_per_second;
    for (std::size_t i = 0; i < options_.traces; ++i) {
      t += -std::log(1 - rng_.uniform()) * gap_ns;
      const auto start = static_cast<std::uint64_t>(t) / 1000 * 1000;
      now_ = start;
      trace_ = detail::random_id<16>(rng_);
      serve(*spec_.find(spec_.entry), spec_.entry_operation, start, span_id{});
    }
    return std::move(spans_);
  }

 private:
  const system_spec& spec_;
  const simulation_options& options_;
  rng rng_;
  std::vector<span> spans_;
  trace_id trace_;
  std::uint64_t now_ = 0;  // when the current request entered the system: faults apply by it

  void check_acyclic(const service_spec& s, std::map<std::string, int>& state) const {
    int& st = state[s.name];
    if (st == 2) return;
    if (st == 1) throw std::invalid_argument("simulate: the call graph has a cycle through '" + s.name + "'");
    st = 1;
    for (const auto& c : s.calls) {
      const service_spec* to = spec_.find(c.to);
      if (to == nullptr) throw std::invalid_argument("simulate: '" + s.name + "' calls undefined service '" + c.to + "'");
      if (c.fan_out < 1 || c.retries < 0) throw std::invalid_argument("simulate: fan_out must be >= 1 and retries >= 0");
      check_acyclic(*to, state);
    }
    state[s.name] = 2;
  }

  const fault* active(fault_kind kind, const std::string& service, const std::string& caller = {}) const {
    for (const auto& f : options_.faults)
      if (f.kind == kind && f.service == service && (kind != fault_kind::flaky_edge || f.caller == caller) && now_ >= f.start_ns &&
          now_ < f.end_ns)
        return &f;
    return nullptr;
  }

  span& open(std::string service, std::string name, span_kind kind, std::uint64_t start, span_id parent) {
    span& s = spans_.emplace_back();
    s.trace_id = trace_;
    s.id = detail::random_id<8>(rng_);
    s.parent_id = parent;
    s.service = std::move(service);
    s.name = std::move(name);
    s.kind = kind;
    s.start_ns = start;
    return s;
  }

  /// Serves one request at `svc` from `start`; records its server span; returns {end, failed}.
  std::pair<std::uint64_t, bool> serve(const service_spec& svc, const std::string& operation, std::uint64_t start, span_id parent) {
    const std::size_t me = spans_.size();
    open(svc.name, operation, span_kind::server, start, parent);
    const span_id my_id = spans_[me].id;
    const fault* slow = active(fault_kind::slow_service, svc.name);
    const std::uint64_t work = sample_us(rng_, svc.work, slow != nullptr ? slow->factor : 1);
    const double split = 0.3 + 0.4 * rng_.uniform();  // work before the calls, the rest after
    const std::uint64_t before = static_cast<std::uint64_t>(static_cast<double>(work) * split) / 1000 * 1000;
    std::uint64_t cursor = start + before;
    const fault* erroring = active(fault_kind::erroring_service, svc.name);
    const double own_error = erroring != nullptr ? erroring->rate : svc.error_rate;
    std::string why;
    if (rng_.uniform() < own_error) {
      why = "internal error";  // fails fast, before calling anything
    } else {
      for (const auto& c : svc.calls) {
        if (rng_.uniform() >= c.probability) continue;
        std::uint64_t done = cursor;
        for (int k = 0; k < c.fan_out; ++k) {
          const auto [end, failed] = call(svc, c, c.parallel ? cursor : done, my_id);
          done = std::max(done, end);
          if (failed && c.required && why.empty()) why = c.to + " failed";
        }
        cursor = done;
        if (!why.empty()) break;  // a failed required call ends the request
      }
    }
    const std::uint64_t end = why.empty() ? cursor + (work - before) : cursor;
    span& me_span = spans_[me];
    me_span.end_ns = std::max(end, start + 1000);
    me_span.error = !why.empty();
    me_span.status_message = why;
    return {me_span.end_ns, me_span.error};
  }

  /// One call with its retries: client spans in the caller, server spans in the callee.
  std::pair<std::uint64_t, bool> call(const service_spec& from, const call_spec& c, std::uint64_t start, span_id parent) {
    const service_spec& to = *spec_.find(c.to);
    const fault* flaky = active(fault_kind::flaky_edge, c.to, from.name);
    bool failed = true;
    for (int attempt = 0; attempt <= c.retries && failed; ++attempt) {
      const std::size_t me = spans_.size();
      open(from.name, c.operation, span_kind::client, start, parent).remote_service = c.to;
      const span_id my_id = spans_[me].id;
      const std::uint64_t net = sample_us(rng_, c.network);
      const std::uint64_t half = net / 2000 * 1000;
      std::uint64_t end = 0;
      std::string why;
      if (flaky != nullptr && rng_.uniform() < flaky->rate) {
        end = start + half + 1000;
        why = "connection reset";
      } else {
        const auto [served, server_failed] = serve(to, c.operation, start + half, my_id);
        end = served + (net - half);
        if (server_failed) why = c.to + " answered an error";
      }
      const std::uint64_t deadline = start + static_cast<std::uint64_t>(c.timeout_ms * 1000) * 1000;
      if (c.timeout_ms > 0 && end > deadline) {
        end = deadline;
        why = "timeout";
      }
      span& s = spans_[me];
      s.end_ns = end;
      s.error = !why.empty();
      s.status_message = why;
      failed = s.error;
      start = end;
    }
    return {start, failed};
  }
};

}  // namespace detail

/// A labelled incident: a baseline period, then an incident period with one injected fault.
struct incident {
  trace::fault fault;             ///< the ground truth: fault.service is the root cause
  window baseline;                ///< requests before the fault
  window during;                  ///< requests while the fault is active
  std::vector<span> spans;
};

/// Simulates `options.traces` requests entering `spec.entry`: every request is a trace of server
/// spans (one per service visit) and client spans (one per call attempt, with `peer.service`).
/// The same spec and options give the same spans, ids included, on every platform.
/// @throws std::invalid_argument for an undefined or cyclic call graph, or a fault on an undefined service.
inline std::vector<span> simulate(const system_spec& spec, const simulation_options& options) {
  return detail::simulator(spec, options).run();
}

/// Simulates `traces_per_window` requests of normal operation, then as many with a fault of kind
/// `kind` drawn from `seed`: a random service (slow_service: its work 3-8 times slower and at
/// least 25 ms; erroring_service: 20-60% of its requests fail) or a random call edge
/// (flaky_edge: 30-70% of connections fail). Deterministic for a given spec and seed.
inline incident simulate_incident(const system_spec& spec, std::uint64_t seed, fault_kind kind, std::size_t traces_per_window = 200) {
  rng gen(seed ^ 0x5EEDFA17ull);
  incident out;
  fault& f = out.fault;
  f.kind = kind;
  if (kind == fault_kind::flaky_edge) {
    std::vector<std::pair<std::string, std::string>> edges;
    for (const auto& s : spec.services)
      for (const auto& c : s.calls) edges.emplace_back(s.name, c.to);
    if (edges.empty()) throw std::invalid_argument("simulate_incident: the system has no calls");
    const auto& e = edges[static_cast<std::size_t>(gen.uniform() * static_cast<double>(edges.size()))];
    f.caller = e.first;
    f.service = e.second;
    f.rate = 0.3 + 0.4 * gen.uniform();
  } else {
    if (spec.services.empty()) throw std::invalid_argument("simulate_incident: the system has no services");
    const auto& s = spec.services[static_cast<std::size_t>(gen.uniform() * static_cast<double>(spec.services.size()))];
    f.service = s.name;
    f.factor = std::max(3 + 5 * gen.uniform(), 25 / s.work.median_ms);
    f.rate = 0.2 + 0.4 * gen.uniform();
  }
  simulation_options o;
  o.seed = seed;
  o.traces = 2 * traces_per_window;
  const double seconds = static_cast<double>(traces_per_window) / o.requests_per_second;
  f.start_ns = o.start_ns + static_cast<std::uint64_t>(seconds * 1e9);
  o.faults = {f};
  out.spans = simulate(spec, o);
  std::uint64_t last = f.start_ns;
  for (const auto& s : out.spans) last = std::max(last, s.start_ns + 1);
  out.baseline = {o.start_ns, f.start_ns};
  out.during = {f.start_ns, last};
  return out;
}

}  // namespace trace
AIOPS_END_NAMESPACE
