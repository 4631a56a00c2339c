// aiops: bench/otel: spans/s through the OTLP codecs and through the OTLP/HTTP receiver (protobuf and JSON)
// SPDX-License-Identifier: MIT
//
//   bench-otel [SPANS_PER_REQUEST] [REQUESTS] [CLIENT_THREADS]
#include <atomic>   // std::atomic (spans counted by the receiver)
#include <chrono>   // std::chrono::steady_clock
#include <cstdio>   // std::printf
#include <cstdlib>  // std::atoi
#include <string>   // std::string
#include <thread>   // std::thread (client threads)
#include <vector>   // std::vector

#include <aiops/otel.hpp>

namespace otel = aiops::otel;

namespace {

/// A request shaped like an instrumented HTTP service's: 8 attributes per span, an event on 1 in 10.
otel::traces_data make_request(int spans, int seed) {
  otel::scope_spans ss{{"bench", "1.0", {}, 0}, {}, ""};
  for (int i = 0; i < spans; ++i) {
    otel::span s;
    s.trace_id.bytes[0] = static_cast<std::uint8_t>(seed);
    s.trace_id.bytes[15] = static_cast<std::uint8_t>(i / 8);
    s.span_id.bytes[7] = static_cast<std::uint8_t>(i);
    s.span_id.bytes[6] = static_cast<std::uint8_t>(i >> 8);
    if (i % 8 != 0) s.parent_span_id.bytes[7] = static_cast<std::uint8_t>(i - 1);
    s.name = "GET /api/v1/orders/{id}";
    s.kind = i % 8 == 0 ? otel::span_kind::server : otel::span_kind::client;
    s.start_time_unix_nano = 1'700'000'000'000'000'000ULL + static_cast<std::uint64_t>(i) * 1000;
    s.end_time_unix_nano = s.start_time_unix_nano + 250'000;
    s.attributes = {{"http.request.method", "GET"},
                    {"http.route", "/api/v1/orders/{id}"},
                    {"http.response.status_code", std::int64_t{200}},
                    {"server.address", "orders.internal"},
                    {"server.port", std::int64_t{8080}},
                    {"url.scheme", "http"},
                    {"network.protocol.version", "1.1"},
                    {"user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)"}};
    if (i % 10 == 0) s.events.push_back({s.start_time_unix_nano + 1000, "retry", {{"attempt", std::int64_t{2}}}, 0});
    ss.spans.push_back(std::move(s));
  }
  otel::traces_data d;
  d.resource_spans.push_back({{{{"service.name", "orders"}, {"service.version", "2.3.1"}}, 0}, {std::move(ss)}, ""});
  return d;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void codec(const char* name, const std::string& body, int spans, bool json) {
  const int rounds = 200;
  auto t = std::chrono::steady_clock::now();
  std::size_t decoded = 0;
  otel::traces_data last;
  for (int r = 0; r < rounds; ++r) {
    auto d = json ? otel::decode_json<otel::traces_data>(body) : otel::decode_protobuf<otel::traces_data>(body);
    decoded += otel::item_count(*d);
    if (r == rounds - 1) last = std::move(*d);
  }
  const double dec = seconds_since(t);
  t = std::chrono::steady_clock::now();
  std::size_t bytes = 0;
  for (int r = 0; r < rounds; ++r) bytes += (json ? otel::encode_json(last) : otel::encode_protobuf(last)).size();
  const double enc = seconds_since(t);
  std::printf("| %s codec, 1 thread | %.0f spans/s decode | %.0f spans/s encode | %.0f bytes/span |\n", name,
              static_cast<double>(decoded) / dec, static_cast<double>(spans) * rounds / enc,
              static_cast<double>(bytes) / rounds / spans);
}

void receiver(const char* name, const std::string& body, int spans, int requests, int threads, bool json) {
  std::atomic<std::uint64_t> received{0};
  otel::receiver rx({.traces = [&received](otel::traces_data&& d) {
    received += otel::item_count(d);
    return otel::export_result{};
  }});
  const int port = rx.start("127.0.0.1", 0);
  const auto t = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  for (int c = 0; c < threads; ++c) {
    clients.emplace_back([&, c] {
      aiops::http::client client("http://127.0.0.1:" + std::to_string(port));
      aiops::http::request q;
      q.method = "POST";
      q.path = "/v1/traces";
      q.body = body;
      q.content_type = json ? "application/json" : "application/x-protobuf";
      for (int r = c; r < requests; r += threads) aiops::http::client::ensure_ok(client.send(q));
    });
  }
  for (auto& c : clients) c.join();
  const double s = seconds_since(t);
  std::printf("| %s over HTTP, %d client threads | %.0f spans/s | %.0f requests/s | %.1f MB/s |\n", name, threads,
              static_cast<double>(received.load()) / s, requests / s, static_cast<double>(body.size()) * requests / s / 1e6);
  if (received != static_cast<std::uint64_t>(spans) * static_cast<std::uint64_t>(requests)) std::printf("LOST SPANS\n");
}

}  // namespace

int main(int argc, char** argv) {
  const int spans = argc > 1 ? std::atoi(argv[1]) : 512;
  const int requests = argc > 2 ? std::atoi(argv[2]) : 400;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
  const otel::traces_data request = make_request(spans, 1);
  const std::string pb = otel::encode_protobuf(request);
  const std::string js = otel::encode_json(request);
  std::printf("%d spans per request: protobuf %zu bytes, JSON %zu bytes\n\n", spans, pb.size(), js.size());
  std::printf("| path | throughput | | |\n|---|---:|---:|---:|\n");
  codec("protobuf", pb, spans, false);
  codec("JSON", js, spans, true);
  receiver("protobuf", pb, spans, requests, threads, false);
  receiver("JSON", js, spans, requests, threads, true);
  return 0;
}
