// aiops: bench/trace: spans/s through the OTLP receiver into the trace store, topology over 1M spans, root-cause accuracy
// SPDX-License-Identifier: MIT
//
//   bench-trace receiver [REQUESTS] [CLIENT_THREADS]   spans/s, protobuf and JSON, into aiops::trace::store
//   bench-trace topology [SPANS]                         build_traces + build_topology + critical paths: seconds, peak RSS
//   bench-trace rca [INCIDENTS_PER_KIND]                 top-1/top-3 accuracy of rank_root_causes per fault kind
//   bench-trace rca-small [INCIDENTS_PER_KIND] [WINDOW]  the same for small faults (+30% latency, 5% errors, 10% flaky connections)
#include <sys/resource.h>  // getrusage (peak RSS)

#include <chrono>   // std::chrono::steady_clock
#include <cstdio>   // std::printf
#include <cstdlib>  // std::atoi
#include <string>   // std::string
#include <thread>   // std::thread (client threads)
#include <tuple>    // std::tie (a drawn edge)
#include <vector>   // std::vector

#include <aiops/otel.hpp>
#include <aiops/trace.hpp>

namespace otel = aiops::otel;
namespace trace = aiops::trace;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

std::vector<trace::span> shop_spans(std::size_t traces, std::uint64_t seed) {
  trace::simulation_options o;
  o.seed = seed;
  o.traces = traces;
  return trace::simulate(trace::shop_system(), o);
}

void receiver(int requests, int threads) {
  // Whole simulated traces, about 500 spans per request, as an SDK's batch processor sends them.
  const auto spans = shop_spans(25, 1);
  const otel::traces_data request = trace::to_otel(spans);
  const std::string bodies[] = {otel::encode_protobuf(request), otel::encode_json(request)};
  std::printf("%zu spans per request: protobuf %zu bytes, JSON %zu bytes\n\n", spans.size(), bodies[0].size(), bodies[1].size());
  std::printf("| into aiops::trace::store (%d client threads, same cores) | spans/s | requests/s | MB/s |\n|---|---:|---:|---:|\n", threads);
  for (int json = 0; json < 2; ++json) {
    trace::store db;
    otel::receiver rx({.traces = [&db](otel::traces_data&& d) {
      db.add(d);
      return otel::export_result{};
    }});
    const int port = rx.start("127.0.0.1", 0);
    const auto t = std::chrono::steady_clock::now();
    std::vector<std::thread> clients;
    for (int c = 0; c < threads; ++c)
      clients.emplace_back([&, c] {
        aiops::http::client client("http://127.0.0.1:" + std::to_string(port));
        aiops::http::request q;
        q.method = "POST";
        q.path = "/v1/traces";
        q.body = bodies[json];
        q.content_type = json ? "application/json" : "application/x-protobuf";
        for (int r = c; r < requests; r += threads) aiops::http::client::ensure_ok(client.send(q));
      });
    for (auto& c : clients) c.join();
    const double s = seconds_since(t);
    std::printf("| `%s` | %.0f | %.0f | %.1f |\n", json ? "application/json" : "application/x-protobuf", static_cast<double>(db.span_count()) / s,
                requests / s, static_cast<double>(bodies[json].size()) * requests / s / 1e6);
    if (db.span_count() != spans.size() * static_cast<std::size_t>(requests)) std::printf("LOST SPANS: %zu\n", db.span_count());
  }
}

void topology(std::size_t want) {
  std::vector<trace::span> spans;
  for (std::uint64_t seed = 1; spans.size() < want; ++seed) {
    auto more = shop_spans(5000, seed);
    spans.insert(spans.end(), more.begin(), more.end());
  }
  spans.resize(want);  // the last trace may be cut: it becomes extra roots, as a window's edge does
  const double rss_spans = peak_rss_mb();
  auto t = std::chrono::steady_clock::now();
  const auto traces = trace::build_traces(std::move(spans));
  const double s_trees = seconds_since(t);
  t = std::chrono::steady_clock::now();
  const auto topo = trace::build_topology(traces);
  const double s_topo = seconds_since(t);
  t = std::chrono::steady_clock::now();
  std::size_t segments = 0;
  for (const auto& tr : traces) segments += trace::critical_path(tr).size();
  const double s_path = seconds_since(t);
  std::printf("%zu spans, %zu traces, %zu services, %zu edges, %zu critical-path segments\n\n", want, traces.size(), topo.services.size(),
              topo.edges.size(), segments);
  std::printf("| step | seconds | spans/s |\n|---|---:|---:|\n");
  std::printf("| build_traces (group, link, sort) | %.2f | %.0f |\n", s_trees, want / s_trees);
  std::printf("| build_topology (calls, percentiles, self time) | %.2f | %.0f |\n", s_topo, want / s_topo);
  std::printf("| critical_path of every trace | %.2f | %.0f |\n", s_path, want / s_path);
  std::printf("\npeak RSS: %.0f MB holding the spans, %.0f MB at the end (spans moved into the trees)\n", rss_spans, peak_rss_mb());
}

/// Top-1 and top-3 hits of rankings against the injected culprit.
struct accuracy {
  int incidents = 0;
  int top1 = 0;
  int top3 = 0;

  void add(const std::vector<trace::suspect>& ranked, const std::string& culprit) {
    ++incidents;
    for (std::size_t r = 0; r < ranked.size() && r < 3; ++r)
      if (ranked[r].service == culprit) {
        top1 += r == 0 ? 1 : 0;
        ++top3;
      }
  }
  void print(const char* label) const {
    std::printf("| %s | %d | %.3f | %.3f |\n", label, incidents, top1 / double(incidents), top3 / double(incidents));
  }
  accuracy& operator+=(const accuracy& o) {
    incidents += o.incidents;
    top1 += o.top1;
    top3 += o.top3;
    return *this;
  }
};

constexpr trace::fault_kind fault_kinds[] = {trace::fault_kind::slow_service, trace::fault_kind::erroring_service, trace::fault_kind::flaky_edge};

void rca(int per_kind) {
  const auto spec = trace::shop_system();
  std::printf("| fault kind | incidents | top-1 | top-3 |\n|---|---:|---:|---:|\n");
  accuracy all;
  const auto t = std::chrono::steady_clock::now();
  for (auto kind : fault_kinds) {
    accuracy a;
    for (int i = 0; i < per_kind; ++i) {
      const auto inc = trace::simulate_incident(spec, 10'000 + static_cast<std::uint64_t>(i), kind, 150);
      a.add(trace::rank_root_causes(trace::build_traces(inc.spans), inc.baseline, inc.during), inc.fault.service);
    }
    a.print(trace::to_string(kind));
    all += a;
  }
  all.print("all");
  std::printf("\n%.1f s\n", seconds_since(t));
}

/// Small faults, each on a service (or edge) drawn at random: the service's own work 30% slower,
/// 5% of its requests failing, or 10% of the edge's connections failing; `window` requests before
/// the fault (the baseline) and as many during it.
void rca_small(int per_kind, std::size_t window) {
  const auto spec = trace::shop_system();
  std::vector<std::pair<std::string, std::string>> edges;
  for (const auto& s : spec.services)
    for (const auto& c : s.calls) edges.emplace_back(s.name, c.to);
  std::printf("| small fault (%zu requests per window) | incidents | top-1 | top-3 |\n|---|---:|---:|---:|\n", window);
  accuracy all;
  const auto t = std::chrono::steady_clock::now();
  for (auto kind : fault_kinds) {
    accuracy a;
    for (int i = 0; i < per_kind; ++i) {
      const std::uint64_t seed = 20'000 + static_cast<std::uint64_t>(i);
      aiops::rng pick(seed);
      trace::fault f;
      f.kind = kind;
      if (kind == trace::fault_kind::flaky_edge) {
        std::tie(f.caller, f.service) = edges[static_cast<std::size_t>(pick.uniform() * static_cast<double>(edges.size()))];
        f.rate = 0.10;
      } else {
        f.service = spec.services[static_cast<std::size_t>(pick.uniform() * static_cast<double>(spec.services.size()))].name;
        f.factor = 1.3;
        f.rate = 0.05;
      }
      trace::simulation_options o;
      o.seed = seed;
      o.traces = 2 * window;
      f.start_ns = o.start_ns + static_cast<std::uint64_t>(static_cast<double>(window) / o.requests_per_second * 1e9);
      o.faults = {f};
      const auto traces = trace::build_traces(trace::simulate(spec, o));
      a.add(trace::rank_root_causes(traces, {o.start_ns, f.start_ns}, {f.start_ns, ~std::uint64_t{0}}), f.service);
    }
    a.print(kind == trace::fault_kind::slow_service ? "slow service (+30% own work)"
            : kind == trace::fault_kind::erroring_service ? "erroring service (5% of requests)"
                                                           : "flaky edge (10% of connections)");
    all += a;
  }
  all.print("all");
  std::printf("\n%.1f s\n", seconds_since(t));
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "receiver") {
    receiver(argc > 2 ? std::atoi(argv[2]) : 400, argc > 3 ? std::atoi(argv[3]) : 2);
  } else if (mode == "topology") {
    topology(argc > 2 ? static_cast<std::size_t>(std::atol(argv[2])) : 1'000'000);
  } else if (mode == "rca") {
    rca(argc > 2 ? std::atoi(argv[2]) : 100);
  } else if (mode == "rca-small") {
    rca_small(argc > 2 ? std::atoi(argv[2]) : 50, argc > 3 ? static_cast<std::size_t>(std::atol(argv[3])) : 200);
  } else {
    std::fprintf(stderr, "usage: bench-trace receiver [REQUESTS] [THREADS] | topology [SPANS] | rca [INCIDENTS_PER_KIND]"
                         " | rca-small [INCIDENTS_PER_KIND] [REQUESTS_PER_WINDOW]\n");
    return 2;
  }
  return 0;
}
