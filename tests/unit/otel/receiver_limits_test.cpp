// aiops: the OTLP receiver's body limit holds for what a body decodes to: a gzip bomb and a chunked
// body without Content-Length get 413, never a body in memory larger than max_body_bytes
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cstddef>  // std::size_t
#include <string>   // std::string

#include <httplib.h>

#include <aiops/http.hpp>
#include <aiops/otel/receiver.hpp>

namespace otel = aiops::otel;

namespace {

constexpr std::size_t limit = 64 * 1024;

otel::receiver_handlers accept_all() {
  return {.traces = [](otel::traces_data&&) { return otel::export_result{}; }};
}

}  // namespace

TEST_CASE("receiver: a gzip body that inflates beyond max_body_bytes gets 413", "[otel][receiver][limits]") {
  otel::receiver rx(accept_all(), {.max_body_bytes = limit});
  aiops::http::client c("http://127.0.0.1:" + std::to_string(rx.start("127.0.0.1", 0)));
  aiops::http::request q;
  q.method = "POST";
  q.path = "/v1/traces";
  q.content_type = "application/json";
  q.gzip = true;
  q.body = R"({"resourceSpans":[]})" + std::string(16 * limit, ' ');  // a few KB once compressed
  const auto r = c.send(q);
  CHECK(r.status == 413);
  CHECK(r.body.find("max_body_bytes") != std::string::npos);

  q.body = R"({"resourceSpans":[]})";  // a small gzip body still decodes
  aiops::http::client again("http://127.0.0.1:" + std::to_string(rx.port()));
  CHECK(again.send(q).status == 200);
  CHECK(rx.stats().bad_requests == 1);
}

TEST_CASE("receiver: a chunked body longer than max_body_bytes gets 413", "[otel][receiver][limits]") {
  otel::receiver rx(accept_all(), {.max_body_bytes = limit});
  httplib::Client raw("127.0.0.1", rx.start("127.0.0.1", 0));
  std::size_t sent = 0;
  // Without a length httplib sends the body chunked, so no Content-Length check can stop it.
  const auto r = raw.Post(
      "/v1/traces",
      [&sent](std::size_t, httplib::DataSink& sink) {
        const std::string chunk(4096, ' ');
        if (sent >= 4 * limit) {
          sink.done();
          return true;
        }
        sent += chunk.size();
        return sink.write(chunk.data(), chunk.size());
      },
      "application/json");
  // The receiver may close while the client still writes: then the client sees no answer at all.
  if (r) CHECK(r->status == 413);
  CHECK(rx.stats().bad_requests == 1);
  CHECK(rx.stats().accepted_items == 0);
}

TEST_CASE("receiver: a body that does not decode as its Content-Encoding gets 400, not 413", "[otel][receiver][limits]") {
  otel::receiver rx(accept_all(), {.max_body_bytes = limit});
  httplib::Client raw("127.0.0.1", rx.start("127.0.0.1", 0));
  const auto r = raw.Post("/v1/traces", {{"Content-Encoding", "gzip"}}, "notgzip", "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(r->body.find("Content-Encoding (gzip)") != std::string::npos);
  CHECK(rx.stats().bad_requests == 1);
}
