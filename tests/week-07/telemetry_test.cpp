// aiops: week 07 grader: instrument a program with the OTLP exporter, read JSONL and Zipkin back
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <unistd.h>  // getpid (a seed)

#include <algorithm>   // std::sort
#include <fstream>     // std::ofstream
#include <map>         // std::map
#include <mutex>       // std::mutex
#include <set>         // std::set
#include <thread>      // std::this_thread::sleep_for

#include <aiops/http.hpp>
#include <aiops/otel.hpp>
#include <aiops/week07/telemetry.hpp>

#include "scratch.hpp"
#include "servers.hpp"

namespace otel = aiops::otel;
using aiops::week07::served_request;

namespace {

/// What the small web program served: 4 routes, about 6% errors, skewed durations; reproducible.
std::vector<served_request> workload(std::size_t n, std::uint64_t seed) {
  std::uint64_t state = seed;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  const char* routes[] = {"/api/cart", "/api/checkout", "/api/search", "/health"};
  const char* hex = "0123456789abcdef";
  std::vector<served_request> out;
  for (std::size_t i = 0; i < n; ++i) {
    served_request r;
    for (int k = 0; k < 32; ++k) r.trace_id += hex[static_cast<int>(next() * 16)];
    for (int k = 0; k < 16; ++k) r.span_id += hex[static_cast<int>(next() * 16)];
    r.trace_id[0] = '1';  // never all zero
    r.span_id[0] = '1';
    r.route = routes[static_cast<int>(next() * 4)];
    const double u = next();
    r.status = u < 0.04 ? 500 : u < 0.06 ? 503 : 200;
    r.start_unix_nano = 1'790'000'000'000'000'000ULL + i * 7'000'000ULL;
    r.duration_ms = 2 + 400 * next() * next() * next() + (r.route == std::string("/api/checkout") ? 30 : 0);
    out.push_back(r);
  }
  return out;
}

}  // namespace

TEST_CASE("task-1: every span, error log and metric point of the program reaches the collector", "[week-07][task-1]") {
  INFO("Hint: exercises/week-07/README.md, task 1");
  std::mutex mutex;
  std::vector<otel::span> spans;
  std::vector<otel::log_record> logs;
  std::vector<otel::metric> metrics;
  std::set<std::string> services;
  otel::receiver rx({.traces =
                         [&](otel::traces_data&& d) {
                           std::lock_guard lock(mutex);
                           for (auto& rs : d.resource_spans) {
                             services.insert(otel::service_name(rs.resource));
                             for (auto& ss : rs.scope_spans) spans.insert(spans.end(), ss.spans.begin(), ss.spans.end());
                           }
                           return otel::export_result{};
                         },
                     .metrics =
                         [&](otel::metrics_data&& d) {
                           std::lock_guard lock(mutex);
                           for (auto& rm : d.resource_metrics)
                             for (auto& sm : rm.scope_metrics) metrics.insert(metrics.end(), sm.metrics.begin(), sm.metrics.end());
                           return otel::export_result{};
                         },
                     .logs = [&](otel::logs_data&& d) {
                       std::lock_guard lock(mutex);
                       for (auto& rl : d.resource_logs)
                         for (auto& sl : rl.scope_logs) logs.insert(logs.end(), sl.log_records.begin(), sl.log_records.end());
                       return otel::export_result{};
                     }});
  const int port = rx.start("127.0.0.1", 0);
  const auto requests = workload(1500, 7);
  const auto stats = aiops::week07::export_requests(requests, "http://127.0.0.1:" + std::to_string(port));
  CHECK(stats.dropped_queue + stats.dropped_failed == 0);
  rx.stop();

  CHECK(services == std::set<std::string>{"shop"});
  REQUIRE(spans.size() == requests.size());
  std::map<std::string, const served_request*> by_span;
  std::size_t errors = 0;
  for (const auto& r : requests) {
    by_span[r.span_id] = &r;
    errors += r.status >= 500 ? 1 : 0;
  }
  for (const auto& s : spans) {
    const auto it = by_span.find(s.span_id.hex());
    REQUIRE(it != by_span.end());
    const served_request& r = *it->second;
    CHECK(s.trace_id.hex() == r.trace_id);
    CHECK(s.kind == otel::span_kind::server);
    CHECK(otel::attribute_string(s.attributes, "http.route") == r.route);
    CHECK(*otel::find_attribute(s.attributes, "http.response.status_code") == otel::any_value(r.status));
    CHECK((s.status.code == otel::status_code::error) == (r.status >= 500));
    CHECK(s.start_time_unix_nano == r.start_unix_nano);
    CHECK(static_cast<double>(s.end_time_unix_nano - s.start_time_unix_nano) / 1e6 == Approx(r.duration_ms).margin(0.001));
  }
  REQUIRE(logs.size() == errors);
  for (const auto& l : logs) {
    CHECK(l.severity_number == 17);
    const auto it = by_span.find(l.span_id.hex());
    REQUIRE(it != by_span.end());
    CHECK(l.trace_id.hex() == it->second->trace_id);
    CHECK(it->second->status >= 500);
  }
  double counted = 0;
  std::uint64_t observed = 0;
  for (const auto& m : metrics) {
    if (const auto* s = std::get_if<otel::sum>(&m.data); s && m.name == "http.server.requests") {
      CHECK(s->is_monotonic);
      for (const auto& p : s->data_points) counted += p.as_double();
    }
    if (const auto* h = std::get_if<otel::histogram>(&m.data); h && m.name == "http.server.request.duration") {
      CHECK(m.unit == "ms");
      for (const auto& p : h->data_points) observed += p.count;
    }
  }
  CHECK(counted == static_cast<double>(requests.size()));
  CHECK(observed == requests.size());
}

TEST_CASE("task-2: requests, errors and p95 per route from the collector's JSONL file", "[week-07][task-2]") {
  INFO("Hint: exercises/week-07/README.md, task 2");
  const auto requests = workload(3000, 11);
  // What `aiops collect --jsonl` writes: batches of OTLP/JSON, metrics and logs lines too, and one bad line.
  const aiops::testing::scratch_dir dir("week07");
  const std::string path = (dir / "collect.jsonl").string();
  {
    std::ofstream out(path);
    otel::traces_data batch;
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (i % 500 == 0) batch.resource_spans.push_back({{{{"service.name", "shop"}}, 0}, {{}}, ""});
      const auto& r = requests[i];
      otel::span s;
      s.trace_id = *otel::trace_id::from_hex(r.trace_id);
      s.span_id = *otel::span_id::from_hex(r.span_id);
      s.kind = otel::span_kind::server;
      s.start_time_unix_nano = r.start_unix_nano;
      s.end_time_unix_nano = r.start_unix_nano + static_cast<std::uint64_t>(r.duration_ms * 1e6);
      s.attributes = {{"http.route", r.route}};
      if (r.status >= 500) s.status.code = otel::status_code::error;
      batch.resource_spans.back().scope_spans[0].spans.push_back(s);
      otel::span client = s;  // an outgoing call: not a request served
      client.kind = otel::span_kind::client;
      client.span_id.bytes[0] ^= 0xFF;
      batch.resource_spans.back().scope_spans[0].spans.push_back(client);
      if (i % 1000 == 999) {
        out << otel::encode_json(batch) << "\n" << R"({"resourceLogs":[]})" << "\n";
        batch = {};
      }
    }
    out << R"({"resourceMetrics":[{"scopeMetrics":[]}]})" << "\n" << "{truncated\n";
  }
  std::map<std::string, aiops::week07::route_stats> want;
  std::map<std::string, std::vector<double>> durations;
  for (const auto& r : requests) {
    ++want[r.route].requests;
    want[r.route].errors += r.status >= 500 ? 1 : 0;
    durations[r.route].push_back(r.duration_ms);
  }
  const auto got = aiops::week07::route_report(path);
  REQUIRE(got.size() == want.size());
  for (auto& [route, d] : durations) {
    INFO("route " << route);
    std::sort(d.begin(), d.end());
    REQUIRE(got.count(route) == 1);
    CHECK(got.at(route).requests == want[route].requests);
    CHECK(got.at(route).errors == want[route].errors);
    // Any usual definition of the 95th percentile lands between these.
    CHECK(got.at(route).p95_ms >= d[d.size() * 93 / 100]);
    CHECK(got.at(route).p95_ms <= d[d.size() * 97 / 100]);
  }
}

TEST_CASE("task-3: a trace exported to the real Zipkin, read back by id", "[week-07][task-3]") {
  const std::string url = aiops::testing::zipkin_url();
  INFO("Hint: exercises/week-07/README.md, task 3. " << aiops::testing::server_hint("zipkin", url));
  const auto requests = workload(1, static_cast<std::uint64_t>(getpid()));
  otel::traces_data d;
  d.resource_spans.push_back({{{{"service.name", "shop"}}, 0}, {{}}, ""});
  auto& spans = d.resource_spans[0].scope_spans[0].spans;
  const char* names[] = {"get /api/cart", "select cart", "redis get"};
  for (int i = 0; i < 3; ++i) {
    otel::span s;
    s.trace_id = *otel::trace_id::from_hex(requests[0].trace_id);
    s.span_id.bytes[7] = static_cast<std::uint8_t>(i + 1);
    if (i > 0) s.parent_span_id.bytes[7] = 1;
    s.name = names[i];
    s.start_time_unix_nano = requests[0].start_unix_nano + static_cast<std::uint64_t>(i) * 1000000;
    s.end_time_unix_nano = s.start_time_unix_nano + 500000;
    spans.push_back(s);
  }
  aiops::http::client zipkin(url);
  aiops::http::client::ensure_ok(zipkin.post("/api/v2/spans", otel::to_zipkin_json(d), "application/json"));
  // Zipkin stores asynchronously: wait until it has all three.
  for (int i = 0; i < 50 && zipkin.send({.path = "/api/v2/trace/" + requests[0].trace_id}).body.find("redis get") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));

  const auto got = aiops::week07::zipkin_span_names(url, requests[0].trace_id);
  CHECK(got == std::vector<std::string>{"get /api/cart", "redis get", "select cart"});
  CHECK_THROWS_AS(aiops::week07::zipkin_span_names(url, "00000000000000000000000000abcdef"), aiops::error);
}
