// aiops: `aiops trace topology|critical-path|rca|simulate`: distributed-trace analysis from a file or a Zipkin server
// SPDX-License-Identifier: MIT
#include <algorithm>  // std::sort, std::min
#include <cstdio>     // std::fwrite, stdout
#include <fstream>    // std::ifstream, std::ofstream
#include <iterator>   // std::istreambuf_iterator
#include <memory>     // std::make_shared
#include <string>     // std::string
#include <vector>     // std::vector

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <aiops/core.hpp>
#include <aiops/http.hpp>
#include <aiops/trace.hpp>

#include "command.hpp"

namespace cmd_trace {

namespace trace = aiops::trace;

/// Where spans come from: a file, or a Zipkin server's recent traces.
struct source_args {
  std::string file;
  std::string zipkin;
  double lookback_hours = 1;
  int limit = 1000;
  std::string service;
};

void add_source(CLI::App& sub, source_args& a) {
  auto* file = sub.add_option("file", a.file, "OTLP (JSON or protobuf), Zipkin v2 or Jaeger JSON file; the format is detected")
                   ->check(CLI::ExistingFile);
  auto* zipkin = sub.add_option("--zipkin", a.zipkin, "read the recent traces of this Zipkin server instead (http://host:9411)");
  file->excludes(zipkin);
  sub.add_option("--lookback", a.lookback_hours, "with --zipkin: hours back from now")->capture_default_str()->check(CLI::PositiveNumber);
  sub.add_option("--limit", a.limit, "with --zipkin: at most this many traces")->capture_default_str()->check(CLI::Range(1, 100000));
  sub.add_option("--service", a.service, "with --zipkin: only traces through this service");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw aiops::error("aiops trace: cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<trace::span> load(const source_args& a) {
  if (a.file.empty() && a.zipkin.empty()) throw CLI::ValidationError("aiops trace", "give a FILE or --zipkin URL");
  std::string body;
  std::string where = a.file;
  if (!a.zipkin.empty()) {
    const auto now_ms = aiops::wall_now() / aiops::ns_per_millisecond;
    aiops::http::query q = {{"endTs", std::to_string(now_ms)},
                            {"lookback", std::to_string(static_cast<long long>(a.lookback_hours * 3'600'000))},
                            {"limit", std::to_string(a.limit)}};
    if (!a.service.empty()) q.emplace_back("serviceName", a.service);
    body = aiops::http::client(a.zipkin).get("/api/v2/traces", q).body;
    where = a.zipkin;
  } else {
    body = read_file(a.file);
  }
  auto spans = trace::parse_spans(body);
  if (!spans) throw aiops::parse_error(where + ": " + spans.error().message);
  return std::move(*spans);
}

void write_output(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) throw aiops::error("aiops trace: cannot write " + path);
}

std::string ms(double v) { return fmt::format("{:.1f}", v); }

// ---------------------------------------------------------------- topology

std::string topology_text(const trace::topology& t) {
  std::string out = fmt::format("{} traces, {} spans, {} services, {} edges\n\n", t.traces, t.spans, t.services.size(), t.edges.size());
  out += fmt::format("{:<34} {:>8} {:>7} {:>9} {:>9} {:>9}\n", "edge (caller -> callee)", "calls", "err%", "p50 ms", "p95 ms", "p99 ms");
  for (const auto& e : t.edges)
    out += fmt::format("{:<34} {:>8} {:>7.2f} {:>9} {:>9} {:>9}\n", e.caller + " -> " + e.callee, e.calls, 100 * e.error_rate(),
                       ms(e.latency.p50_ms), ms(e.latency.p95_ms), ms(e.latency.p99_ms));
  out += fmt::format("\n{:<20} {:>8} {:>7} {:>9} {:>9} {:>9} {:>11}\n", "service", "requests", "err%", "p50 ms", "p95 ms", "p99 ms", "self ms/req");
  for (const auto& s : t.services)
    out += fmt::format("{:<20} {:>8} {:>7.2f} {:>9} {:>9} {:>9} {:>11}\n", s.name, s.requests, 100 * s.error_rate(), ms(s.latency.p50_ms),
                       ms(s.latency.p95_ms), ms(s.latency.p99_ms), s.requests == 0 ? "-" : ms(s.self_ms / static_cast<double>(s.requests)));
  return out;
}

nlohmann::json latency_json(const trace::latency_summary& l) {
  return {{"count", l.count}, {"mean_ms", l.mean_ms}, {"p50_ms", l.p50_ms}, {"p95_ms", l.p95_ms}, {"p99_ms", l.p99_ms}, {"max_ms", l.max_ms}};
}

std::string topology_json(const trace::topology& t) {
  nlohmann::json j = {{"traces", t.traces}, {"spans", t.spans}, {"services", nlohmann::json::array()}, {"edges", nlohmann::json::array()}};
  for (const auto& s : t.services)
    j["services"].push_back({{"name", s.name}, {"requests", s.requests}, {"errors", s.errors}, {"self_ms", s.self_ms}, {"latency", latency_json(s.latency)}});
  for (const auto& e : t.edges)
    j["edges"].push_back({{"caller", e.caller}, {"callee", e.callee}, {"calls", e.calls}, {"errors", e.errors}, {"latency", latency_json(e.latency)}});
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void setup_topology(CLI::App& sub) {
  struct args_t {
    source_args source;
    std::string format = "text";
    std::string output;
  };
  auto args = std::make_shared<args_t>();
  add_source(sub, args->source);
  sub.add_option("--format", args->format, "text, json, dot (Graphviz) or svg")->capture_default_str()->check(CLI::IsMember({"text", "json", "dot", "svg"}));
  sub.add_option("-o,--output", args->output, "write here instead of standard output");
  sub.callback([args] {
    const auto topo = trace::build_topology(trace::build_traces(load(args->source)));
    const std::string& f = args->format;
    write_output(args->output, f == "json" ? topology_json(topo) : f == "dot" ? trace::to_dot(topo) : f == "svg" ? trace::to_svg(topo) : topology_text(topo));
  });
}

// ---------------------------------------------------------------- critical path

void print_critical_path(const trace::trace_tree& t) {
  const double total = static_cast<double>(t.duration_ns()) / 1e6;
  const auto& root = t.spans[t.root()];
  fmt::print("trace {} {} {}: {} ms, {} spans{}\n", t.id.hex(), root.service, root.name, ms(total), t.spans.size(), root.error ? ", error" : "");
  const auto times = trace::self_times(t);
  for (const auto& seg : trace::critical_path(t)) {
    const auto& s = t.spans[seg.span];
    const double d = static_cast<double>(seg.end_ns - seg.start_ns) / 1e6;
    fmt::print("  +{:>9} {:>9} ms {:>5.1f}%  {:<16} {}{}  (self {} ms)\n", ms(static_cast<double>(seg.start_ns - root.start_ns) / 1e6), ms(d),
               total > 0 ? 100 * d / total : 0.0, s.service, s.name, s.error ? " [error]" : "",
               ms(static_cast<double>(times[seg.span].self_ns) / 1e6));
  }
}

void setup_critical_path(CLI::App& sub) {
  struct args_t {
    source_args source;
    std::string trace_id;
    int top = 3;
  };
  auto args = std::make_shared<args_t>();
  add_source(sub, args->source);
  sub.add_option("--trace", args->trace_id, "only this trace id (hex)");
  sub.add_option("--top", args->top, "the N slowest traces")->capture_default_str()->check(CLI::Range(1, 1000000));
  sub.callback([args] {
    auto traces = trace::build_traces(load(args->source));
    if (!args->trace_id.empty()) {
      std::string id = args->trace_id;
      if (id.size() < 32) id.insert(0, 32 - id.size(), '0');
      const auto want = trace::trace_id::from_hex(id);
      std::erase_if(traces, [&](const trace::trace_tree& t) { return !want || t.id != *want; });
      if (traces.empty()) {
        fmt::print(stderr, "aiops trace critical-path: no trace {}\n", args->trace_id);
        throw CLI::RuntimeError(1);
      }
    }
    std::stable_sort(traces.begin(), traces.end(), [](const auto& a, const auto& b) { return a.duration_ns() > b.duration_ns(); });
    const std::size_t n = std::min<std::size_t>(traces.size(), static_cast<std::size_t>(args->top));
    for (std::size_t i = 0; i < n; ++i) print_critical_path(traces[i]);
  });
}

// ---------------------------------------------------------------- rca

aiops::timestamp_ns parse_time(const std::string& text) {
  auto t = aiops::parse_rfc3339(text);
  if (!t) throw CLI::ValidationError("time", "'" + text + "' is not an RFC 3339 time: " + t.error().message);
  return *t;
}

void setup_rca(CLI::App& sub) {
  struct args_t {
    source_args source;
    std::string split;
    std::string baseline_end;
    int top = 5;
    bool json = false;
  };
  auto args = std::make_shared<args_t>();
  add_source(sub, args->source);
  sub.add_option("--incident-start", args->split, "RFC 3339 time the incident started (default: the median trace start)");
  sub.add_option("--baseline-end", args->baseline_end, "RFC 3339 end of the baseline (default: the incident start)");
  sub.add_option("--top", args->top, "how many suspects to print")->capture_default_str()->check(CLI::Range(1, 1000));
  sub.add_flag("--json", args->json, "print the ranking as JSON");
  sub.callback([args] {
    const auto traces = trace::build_traces(load(args->source));
    if (traces.size() < 2) {
      fmt::print(stderr, "aiops trace rca: need traces before and during the incident, got {}\n", traces.size());
      throw CLI::RuntimeError(1);
    }
    std::vector<std::uint64_t> starts;
    for (const auto& t : traces) starts.push_back(t.spans[t.root()].start_ns);
    std::sort(starts.begin(), starts.end());
    const std::uint64_t split = args->split.empty() ? starts[starts.size() / 2] : static_cast<std::uint64_t>(parse_time(args->split));
    const std::uint64_t base_end = args->baseline_end.empty() ? split : static_cast<std::uint64_t>(parse_time(args->baseline_end));
    const trace::window baseline{starts.front(), base_end};
    const trace::window incident{split, starts.back() + 1};
    const auto ranked = trace::rank_root_causes(traces, baseline, incident);
    const std::size_t n = std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(args->top));
    if (args->json) {
      nlohmann::json j = nlohmann::json::array();
      for (std::size_t i = 0; i < n; ++i)
        j.push_back({{"service", ranked[i].service}, {"score", ranked[i].score}, {"latency_delta_ms", ranked[i].latency_delta_ms},
                     {"error_delta", ranked[i].error_delta}, {"baseline_latency_ms", ranked[i].baseline_latency_ms},
                     {"baseline_errors", ranked[i].baseline_errors}});
      fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
      return;
    }
    fmt::print("baseline {} .. {}, incident {} .. {}\n", aiops::format_rfc3339(static_cast<aiops::timestamp_ns>(baseline.start_ns)),
               aiops::format_rfc3339(static_cast<aiops::timestamp_ns>(baseline.end_ns)), aiops::format_rfc3339(static_cast<aiops::timestamp_ns>(incident.start_ns)),
               aiops::format_rfc3339(static_cast<aiops::timestamp_ns>(incident.end_ns)));
    fmt::print("{:<4} {:<20} {:>8} {:>22} {:>22}\n", "rank", "service", "score", "critical ms/trace", "errors/trace");
    for (std::size_t i = 0; i < n; ++i) {
      const auto& s = ranked[i];
      fmt::print("{:<4} {:<20} {:>8.3f} {:>10} -> {:<9} {:>9.3f} -> {:<9.3f}\n", i + 1, s.service, s.score, ms(s.baseline_latency_ms),
                 ms(s.baseline_latency_ms + s.latency_delta_ms), s.baseline_errors, s.baseline_errors + s.error_delta);
    }
  });
}

// ---------------------------------------------------------------- simulate

/// slow:SERVICE[:FACTOR], error:SERVICE[:RATE] or flaky:CALLER>CALLEE[:RATE].
trace::fault parse_fault(const std::string& text) {
  const auto parts = aiops::split(text, ':');
  if (parts.size() < 2 || parts.size() > 3) throw CLI::ValidationError("--fault", "expected KIND:TARGET[:VALUE], got '" + text + "'");
  trace::fault f;
  const std::string kind(parts[0]);
  std::string target(parts[1]);
  double value = 0;
  if (parts.size() == 3) {
    const auto v = aiops::parse_double(parts[2]);
    if (!v || !(*v > 0)) throw CLI::ValidationError("--fault", "'" + std::string(parts[2]) + "' is not a positive number");
    value = *v;
  }
  if (kind == "slow") {
    f.kind = trace::fault_kind::slow_service;
    f.factor = value > 0 ? value : 5;
  } else if (kind == "error" || kind == "flaky") {
    f.kind = kind == "error" ? trace::fault_kind::erroring_service : trace::fault_kind::flaky_edge;
    f.rate = value > 0 ? std::min(value, 1.0) : 0.5;
    if (kind == "flaky") {
      const auto arrow = target.find('>');
      if (arrow == std::string::npos) throw CLI::ValidationError("--fault", "flaky takes CALLER>CALLEE");
      f.caller = target.substr(0, arrow);
      target = target.substr(arrow + 1);
    }
  } else {
    throw CLI::ValidationError("--fault", "kind must be slow, error or flaky, got '" + kind + "'");
  }
  f.service = target;
  return f;
}

void setup_simulate(CLI::App& sub) {
  struct args_t {
    std::size_t traces = 1000;
    std::uint64_t seed = 1;
    double rate = 20;
    std::vector<std::string> faults;
    double fault_from = 0.5;
    std::string format = "otlp-json";
    std::string output;
    std::string send;
    std::string labels;
  };
  auto args = std::make_shared<args_t>();
  sub.add_option("--traces", args->traces, "requests to simulate")->capture_default_str()->check(CLI::Range(1, 10000000));
  sub.add_option("--seed", args->seed, "random seed (the same seed gives the same traces)")->capture_default_str();
  sub.add_option("--rate", args->rate, "requests per second")->capture_default_str()->check(CLI::PositiveNumber);
  sub.add_option("--fault", args->faults, "slow:SERVICE[:FACTOR], error:SERVICE[:RATE] or flaky:CALLER>CALLEE[:RATE]; repeatable");
  sub.add_option("--fault-from", args->fault_from, "faults start after this fraction of the requests")->capture_default_str()->check(CLI::Range(0.0, 1.0));
  sub.add_option("--format", args->format, "otlp-json, otlp-protobuf, zipkin or jaeger")
      ->capture_default_str()
      ->check(CLI::IsMember({"otlp-json", "otlp-protobuf", "zipkin", "jaeger"}));
  sub.add_option("-o,--output", args->output, "write the spans here (default: standard output unless --send)");
  sub.add_option("--send", args->send, "POST the spans to this Zipkin server's /api/v2/spans");
  sub.add_option("--labels", args->labels, "write the injected faults (the ground truth) here as JSON");
  sub.footer("Services of the simulated shop: gateway auth catalog recommendations orders inventory payments shipping cache db.");
  sub.callback([args] {
    trace::simulation_options o;
    o.seed = args->seed;
    o.traces = args->traces;
    o.requests_per_second = args->rate;
    const std::uint64_t from = o.start_ns + static_cast<std::uint64_t>(args->fault_from * static_cast<double>(args->traces) / args->rate * 1e9);
    for (const auto& text : args->faults) {
      o.faults.push_back(parse_fault(text));
      o.faults.back().start_ns = from;
    }
    const auto spans = trace::simulate(trace::shop_system(), o);
    if (!args->send.empty()) aiops::http::client(args->send).post("/api/v2/spans", trace::to_zipkin_json(spans), "application/json");
    if (!args->output.empty() || args->send.empty()) {
      const auto f = args->format == "zipkin" ? trace::format::zipkin
                     : args->format == "jaeger" ? trace::format::jaeger
                     : args->format == "otlp-protobuf" ? trace::format::otlp_protobuf
                                                     : trace::format::otlp_json;
      write_output(args->output, trace::write_spans(spans, f));
    }
    if (!args->labels.empty()) {
      nlohmann::json j = {{"seed", args->seed}, {"traces", args->traces}, {"faults", nlohmann::json::array()}};
      for (const auto& f : o.faults)
        j["faults"].push_back({{"kind", trace::to_string(f.kind)}, {"service", f.service}, {"caller", f.caller}, {"factor", f.factor},
                               {"rate", f.rate}, {"start", aiops::format_rfc3339(static_cast<aiops::timestamp_ns>(f.start_ns))}});
      write_output(args->labels, j.dump(2) + "\n");
    }
    fmt::print(stderr, "aiops trace simulate: {} spans in {} traces\n", spans.size(), args->traces);
  });
}

void setup(CLI::App& sub) {
  sub.require_subcommand(1);
  setup_topology(*sub.add_subcommand("topology", "Service dependency topology: calls, error rate, p50/p95/p99 per edge and service"));
  setup_critical_path(*sub.add_subcommand("critical-path", "The critical path of the slowest traces (or of one trace)"));
  setup_rca(*sub.add_subcommand("rca", "Rank the services that explain an incident's latency and errors against a baseline"));
  setup_simulate(*sub.add_subcommand("simulate", "Write simulated microservice traces, optionally with injected faults"));
}

const aiops::app::register_command reg{{"trace", "Distributed traces: topology, critical path, root causes, simulation", setup}};

}  // namespace cmd_trace
