// aiops: fault injection for the OTLP exporter (aiops::otel::exporter to the library's own receiver)
// and for Zipkin v2 span posting (the real Zipkin server), both behind the fault proxy
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <atomic>   // std::atomic
#include <chrono>   // durations
#include <cstdio>   // std::snprintf
#include <set>      // std::set of span ids
#include <string>   // std::string
#include <thread>   // std::this_thread::sleep_for

#include <aiops/http.hpp>
#include <aiops/otel.hpp>

#include "fault_proxy.hpp"
#include "servers.hpp"

namespace otel = aiops::otel;
using aiops::testing::fault;
using aiops::testing::fault_proxy;
using namespace std::chrono_literals;

namespace {

// An OTLP receiver on a free port that counts the spans it accepted.
struct counting_receiver {
  std::atomic<std::size_t> spans{0};
  otel::receiver rx{{.traces = [this](otel::traces_data&& d) {
    spans += otel::item_count(d);
    return otel::export_result{};
  }}};
  int port = rx.start("127.0.0.1", 0);
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

// Span `i` of trace `trace_hex` (32 hex digits), one millisecond long.
otel::span make_span(const std::string& trace_hex, unsigned i) {
  char id[17];
  std::snprintf(id, sizeof id, "%016x", i + 1);
  otel::span s;
  s.trace_id = otel::trace_id::from_hex(trace_hex).value();
  s.span_id = otel::span_id::from_hex(id).value();
  s.name = "get /item/" + std::to_string(i);
  s.kind = otel::span_kind::server;
  s.start_time_unix_nano = 1'700'000'000'000'000'000ULL + i * 1'000'000ULL;
  s.end_time_unix_nano = s.start_time_unix_nano + 1'000'000ULL;
  return s;
}

otel::resource service(const std::string& name) {
  otel::resource r;
  otel::set_attribute(r.attributes, "service.name", name);
  return r;
}

otel::exporter_options through(const fault_proxy& proxy, aiops::testing::sleep_log& log) {
  otel::exporter_options o;
  o.endpoint = proxy.url();
  o.json = true;
  o.max_batch_size = 50;
  o.http = aiops::testing::recorded_options(log);
  o.http.deadline = std::chrono::seconds(10);
  o.http.retry.max_attempts = 5;  // as exporter_options::default_http()
  return o;
}

}  // namespace

TEST_CASE("fault/otlp exporter: 503, 429 with Retry-After and a reset: every span arrives once, Retry-After obeyed",
          "[integration][fault][otel]") {
  counting_receiver receiver;
  fault_proxy proxy(receiver.url());
  proxy.inject_in_turn({fault::answer(503), fault::answer(429, 1), fault::reset_connection()}, "/v1/traces");
  aiops::testing::sleep_log waits;
  {
    otel::exporter ex(through(proxy, waits), service("shop"), {.name = "fault-test"});
    for (unsigned i = 0; i < 200; ++i) REQUIRE(ex.add_span(make_span("4bf92f3577b34da6a3ce929d0e0e4736", i)));
    ex.flush();
    const auto stats = ex.stats();
    INFO(ex.last_error());
    CHECK(stats.sent == 200);
    CHECK(stats.dropped_failed == 0);
    CHECK(stats.dropped_queue == 0);
  }
  CHECK(receiver.spans == 200);
  const auto w = waits.waits();
  REQUIRE(w.size() == 3);
  CHECK(w[1] == 1000ms);
}

TEST_CASE("fault/otlp exporter: a stalled receiver: the queue stays bounded (drops counted), a timeout error after the deadline",
          "[integration][fault][otel]") {
  counting_receiver receiver;
  fault_proxy proxy(receiver.url());
  proxy.inject(1000, fault::delayed(2s), "/v1/traces");
  aiops::testing::sleep_log waits;
  otel::exporter_options o = through(proxy, waits);
  o.max_queue_size = 100;
  o.http.read_timeout = 300ms;
  o.http.deadline = 1s;
  otel::exporter ex(o, service("shop"), {.name = "fault-test"});

  std::size_t accepted = 0;
  for (unsigned i = 0; i < 1000; ++i) accepted += ex.add_span(make_span("5bf92f3577b34da6a3ce929d0e0e4736", i)) ? 1 : 0;
  ex.flush();
  const auto stats = ex.stats();
  INFO(ex.last_error());
  // Never more than max_queue_size waiting (plus one batch in flight): the rest was refused at once.
  CHECK(accepted <= o.max_queue_size + o.max_batch_size);
  CHECK(stats.dropped_queue == 1000 - accepted);
  CHECK(stats.queued == accepted);
  CHECK(stats.dropped_failed == accepted);
  CHECK(stats.sent == 0);
  CHECK(ex.last_error().find("deadline") != std::string::npos);
}

TEST_CASE("fault/zipkin: POST /api/v2/spans through 503, a reset and a lost answer: the trace is stored",
          "[integration][fault][otel]") {
  INFO(aiops::testing::server_hint("zipkin", aiops::testing::zipkin_url()));
  fault_proxy proxy(aiops::testing::zipkin_url());
  // The last one stores the spans and loses the answer: posting again is harmless.
  proxy.inject_in_turn({fault::answer(503), fault::reset_connection(), fault::truncated(0)}, "/api/v2/spans");
  aiops::testing::sleep_log waits;
  aiops::http::client_options o = aiops::testing::recorded_options(waits);
  o.retry.max_attempts = 4;
  aiops::http::client zipkin(proxy.url(), o);

  // A trace id unique to this run, so that an earlier run's spans do not count.
  char trace_hex[33];
  std::snprintf(trace_hex, sizeof trace_hex, "%016llx%016llx", 0xa10bULL,
                static_cast<unsigned long long>(std::chrono::system_clock::now().time_since_epoch().count()));
  otel::traces_data data;
  data.resource_spans.push_back({service("checkout"), {{{.name = "fault-test"}, {make_span(trace_hex, 0), make_span(trace_hex, 1)}, {}}}, {}});
  aiops::http::request r;
  r.method = "POST";
  r.path = "/api/v2/spans";
  r.body = otel::to_zipkin_json(data);
  r.content_type = "application/json";
  r.idempotent = true;  // Zipkin keys spans by trace and span id
  const auto answer = zipkin.send(r);
  CHECK(answer.status == 202);
  CHECK(answer.attempts == 4);

  // Zipkin stores asynchronously: poll the trace directly for a few seconds. A repeated post may
  // store a span twice; both spans must be there, and no other.
  aiops::http::client direct(aiops::testing::zipkin_url());
  std::set<std::string> ids;
  for (int i = 0; i < 50 && ids.size() < 2; ++i) {
    const auto res = direct.send({.path = std::string("/api/v2/trace/") + trace_hex});
    if (res.status == 200)
      for (const auto& s : nlohmann::json::parse(res.body)) ids.insert(s.value("id", ""));
    if (ids.size() < 2) std::this_thread::sleep_for(100ms);
  }
  CHECK(ids == std::set<std::string>{"0000000000000001", "0000000000000002"});
}
