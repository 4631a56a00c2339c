// aiops: OTLP/HTTP receiver and exporter over loopback: encodings, gzip, errors, retries, drops
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <atomic>  // std::atomic
#include <mutex>   // std::mutex
#include <set>     // std::set (distinct ids)

#include <aiops/otel/exporter.hpp>
#include <aiops/otel/receiver.hpp>

#include "fixtures.hpp"

namespace otel = aiops::otel;

namespace {

/// A receiver that keeps every span it gets.
struct span_sink {
  std::mutex mutex;
  std::vector<otel::span> spans;
  std::vector<otel::resource> resources;
  std::atomic<int> refuse_next{0};  // answer 503 + Retry-After to this many requests

  otel::receiver_handlers handlers() {
    return {.traces = [this](otel::traces_data&& d) {
      if (refuse_next > 0) {
        --refuse_next;
        return otel::export_result{{}, std::chrono::seconds(1)};
      }
      std::lock_guard lock(mutex);
      for (auto& rs : d.resource_spans) {
        resources.push_back(rs.resource);
        for (auto& ss : rs.scope_spans)
          for (auto& s : ss.spans) spans.push_back(std::move(s));
      }
      return otel::export_result{};
    }};
  }
};

otel::span make_span(int i) {
  otel::span s;
  s.trace_id.bytes[15] = static_cast<std::uint8_t>(i / 256 + 1);
  s.span_id.bytes[7] = static_cast<std::uint8_t>(i % 256);
  s.span_id.bytes[6] = static_cast<std::uint8_t>(i / 256 + 1);
  s.name = "op" + std::to_string(i);
  s.attributes = {{"i", std::int64_t{i}}};
  return s;
}

otel::exporter_options fast_options(int port, bool json) {
  otel::exporter_options o;
  o.endpoint = "http://127.0.0.1:" + std::to_string(port);
  o.json = json;
  o.max_batch_size = 64;
  o.schedule_delay = std::chrono::milliseconds(20);
  return o;
}

}  // namespace

TEST_CASE("exporter -> receiver: every span arrives once, in both encodings, gzipped or not") {
  for (const bool json : {false, true}) {
    for (const bool gzip : {false, true}) {
      span_sink sink;
      otel::receiver rx(sink.handlers());
      const int port = rx.start("127.0.0.1", 0);
      auto options = fast_options(port, json);
      options.gzip = gzip;
      {
        otel::exporter ex(options, {{{"service.name", "unit"}}, 0}, {"test", "1", {}, 0});
        for (int i = 0; i < 500; ++i) REQUIRE(ex.add_span(make_span(i)));
        ex.flush();
        const auto st = ex.stats();
        CHECK(st.queued == 500);
        CHECK(st.sent == 500);
        CHECK(st.dropped_queue + st.dropped_failed + st.rejected == 0);
        CHECK(st.requests >= 8);  // batches of at most 64
      }
      std::lock_guard lock(sink.mutex);
      REQUIRE(sink.spans.size() == 500);
      std::set<std::string> ids;
      for (const auto& s : sink.spans) ids.insert(s.span_id.hex());
      CHECK(ids.size() == 500);
      CHECK(otel::service_name(sink.resources.front()) == "unit");
      CHECK(rx.stats().accepted_items == 500);
    }
  }
}

TEST_CASE("exporter: 503 with Retry-After is retried, nothing is lost") {
  span_sink sink;
  sink.refuse_next = 2;
  otel::receiver rx(sink.handlers());
  auto options = fast_options(rx.start("127.0.0.1", 0), false);
  std::vector<std::chrono::milliseconds> waits;
  options.http.clock.sleep = [&waits](std::chrono::milliseconds d) { waits.push_back(d); };
  otel::exporter ex(options, {}, {});
  ex.add_span(make_span(1));
  ex.flush();
  CHECK(ex.stats().sent == 1);
  CHECK(rx.stats().overloaded == 2);
  REQUIRE(waits.size() == 2);
  CHECK(waits[0] == std::chrono::seconds(1));  // Retry-After obeyed, not the jittered backoff
  CHECK(sink.spans.size() == 1);
}

TEST_CASE("exporter: a full queue drops and counts, a dead endpoint counts failed items") {
  SECTION("queue bound") {
    otel::exporter_options o;
    o.endpoint = "http://127.0.0.1:9";  // discard port: nothing listens
    o.max_queue_size = 5;
    o.max_batch_size = 100;
    o.schedule_delay = std::chrono::hours(1);
    o.http.retry = aiops::http::retry_policy::none();
    o.http.connect_timeout = std::chrono::milliseconds(200);
    otel::exporter ex(o, {}, {});
    int accepted = 0;
    for (int i = 0; i < 8; ++i) accepted += ex.add_span(make_span(i)) ? 1 : 0;
    CHECK(accepted == 5);
    CHECK(ex.stats().dropped_queue == 3);
    ex.flush();
    CHECK(ex.stats().dropped_failed == 5);
    CHECK(ex.stats().sent == 0);
    CHECK_FALSE(ex.last_error().empty());
  }
  SECTION("misuse") {
    otel::exporter_options o;
    o.max_batch_size = 0;
    CHECK_THROWS_AS(otel::exporter(o, {}, {}), std::invalid_argument);
  }
}

TEST_CASE("receiver: 415 for other media types, 400 with the decoder's message, partial success passed on") {
  span_sink sink;
  otel::receiver rx({.traces = sink.handlers().traces,
                     .logs = [](otel::logs_data&& d) {
                       return otel::export_result{{static_cast<std::int64_t>(otel::item_count(d)), "logs are not kept"}, {}};
                     }});
  aiops::http::client c("http://127.0.0.1:" + std::to_string(rx.start("127.0.0.1", 0)));
  aiops::http::request q;
  q.method = "POST";
  q.path = "/v1/traces";
  q.body = "{}";
  q.content_type = "text/plain";
  CHECK(c.send(q).status == 415);

  q.content_type = "application/json; charset=utf-8";
  q.body = R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"12"}]}]}]})";
  auto r = c.send(q);
  CHECK(r.status == 400);
  CHECK(r.body.find("'spanId' must be 16 hex digits") != std::string::npos);

  q.content_type = "application/x-protobuf";
  q.body = "\x0a\x05\x12";  // truncated
  r = c.send(q);
  CHECK(r.status == 400);
  CHECK(r.body.find("runs past the end") != std::string::npos);

  q.path = "/v1/logs";
  q.body = otel_fixtures::python_logs;
  r = c.send(q);
  REQUIRE(r.status == 200);
  auto partial = otel::decode_protobuf<otel::export_response>(r.body);
  REQUIRE(partial);
  CHECK(*partial == otel::export_response{1, "logs are not kept"});

  q.path = "/v1/metrics";  // no handler
  CHECK(c.send(q).status == 404);
  const auto st = rx.stats();
  CHECK(st.unsupported == 1);
  CHECK(st.bad_requests == 2);
}
