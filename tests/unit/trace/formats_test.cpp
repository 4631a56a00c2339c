// aiops: Zipkin v2 and Jaeger JSON in and out, OTLP through aiops::otel, format detection
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/trace/formats.hpp>
#include <aiops/trace/simulate.hpp>

namespace trace = aiops::trace;

namespace {

// As Zipkin's UI and POST /api/v2/spans show them: a 64-bit trace id, a server span with tags and
// an error, a client span with a remote endpoint and annotations.
constexpr const char* zipkin_sample = R"([
  {"traceId": "5af7183fb1d4cf5f", "id": "6b221d5bc9e6496c", "name": "get /api", "kind": "SERVER",
   "timestamp": 1556604172355737, "duration": 1431,
   "localEndpoint": {"serviceName": "frontend", "ipv4": "192.168.99.1"},
   "tags": {"http.method": "GET", "http.path": "/api", "http.status_code": "500", "error": "Internal Server Error"}},
  {"traceId": "5af7183fb1d4cf5f", "parentId": "6b221d5bc9e6496c", "id": "352bff9a74ca9ad2", "name": "get",
   "kind": "CLIENT", "timestamp": 1556604172355800, "duration": 1000,
   "localEndpoint": {"serviceName": "frontend"}, "remoteEndpoint": {"serviceName": "backend", "port": 9000},
   "annotations": [{"timestamp": 1556604172355900, "value": "wire send"}], "debug": true, "shared": false}
])";

// As Jaeger's query API (/api/traces/{id}) and the UI's "download JSON" write them.
constexpr const char* jaeger_sample = R"({"data": [{"traceID": "4bf92f3577b34da6a3ce929d0e0e4736",
  "spans": [
    {"traceID": "4bf92f3577b34da6a3ce929d0e0e4736", "spanID": "00f067aa0ba902b7", "flags": 1, "operationName": "HTTP GET /dispatch",
     "references": [], "startTime": 1700000000000000, "duration": 5000,
     "tags": [{"key": "span.kind", "type": "string", "value": "server"}, {"key": "http.status_code", "type": "int64", "value": 200}],
     "logs": [], "processID": "p1", "warnings": null},
    {"traceID": "4bf92f3577b34da6a3ce929d0e0e4736", "spanID": "00f067aa0ba902b8", "flags": 1, "operationName": "SQL SELECT",
     "references": [{"refType": "FOLLOWS_FROM", "traceID": "4bf92f3577b34da6a3ce929d0e0e4736", "spanID": "00000000000000aa"},
                    {"refType": "CHILD_OF", "traceID": "4bf92f3577b34da6a3ce929d0e0e4736", "spanID": "00f067aa0ba902b7"}],
     "startTime": 1700000000001000, "duration": 2500,
     "tags": [{"key": "span.kind", "type": "string", "value": "client"}, {"key": "peer.service", "type": "string", "value": "mysql"},
              {"key": "error", "type": "bool", "value": true}, {"key": "sql.rows", "type": "float64", "value": 1.5}],
     "processID": "p2"}],
  "processes": {"p1": {"serviceName": "frontend", "tags": [{"key": "hostname", "type": "string", "value": "h1"}]},
                "p2": {"serviceName": "customer", "tags": []}},
  "warnings": null}], "total": 0, "limit": 0, "offset": 0, "errors": null})";

/// The fields every format keeps.
void check_same(const std::vector<trace::span>& a, const std::vector<trace::span>& b) {
  REQUIRE(a.size() == b.size());
  const auto key = [](const trace::span& s) { return s.id; };
  auto x = a;
  auto y = b;
  std::sort(x.begin(), x.end(), [&](const auto& l, const auto& r) { return key(l) < key(r); });
  std::sort(y.begin(), y.end(), [&](const auto& l, const auto& r) { return key(l) < key(r); });
  for (std::size_t i = 0; i < x.size(); ++i) {
    INFO("span " << i);
    CHECK(x[i].trace_id == y[i].trace_id);
    CHECK(x[i].id == y[i].id);
    CHECK(x[i].parent_id == y[i].parent_id);
    CHECK(x[i].service == y[i].service);
    CHECK(x[i].name == y[i].name);
    CHECK(x[i].kind == y[i].kind);
    CHECK(x[i].start_ns == y[i].start_ns);
    CHECK(x[i].end_ns == y[i].end_ns);
    CHECK(x[i].error == y[i].error);
    CHECK(x[i].status_message == y[i].status_message);
    CHECK(x[i].remote_service == y[i].remote_service);
  }
}

std::vector<trace::span> simulated() {
  trace::simulation_options o;
  o.traces = 30;
  o.faults = {{trace::fault_kind::erroring_service, "payments", {}, 1, 0.5}};
  return trace::simulate(trace::shop_system(), o);
}

}  // namespace

TEST_CASE("formats: Zipkin v2 spans") {
  const auto spans = trace::parse_zipkin_json(zipkin_sample);
  REQUIRE(spans);
  REQUIRE(spans->size() == 2);
  const auto& server = (*spans)[0];
  CHECK(server.trace_id.hex() == "00000000000000005af7183fb1d4cf5f");
  CHECK(server.parent_id.empty());
  CHECK(server.service == "frontend");
  CHECK(server.kind == trace::span_kind::server);
  CHECK(server.start_ns == 1556604172355737000ull);
  CHECK(server.duration_ns() == 1431000);
  CHECK(server.error);
  CHECK(server.status_message == "Internal Server Error");
  CHECK(aiops::otel::attribute_string(server.attributes, "http.status_code") == "500");  // keys kept verbatim
  const auto& client = (*spans)[1];
  CHECK(client.parent_id == server.id);
  CHECK(client.kind == trace::span_kind::client);
  CHECK(client.remote_service == "backend");
  CHECK_FALSE(client.error);
  // GET /api/v2/traces answers an array of traces.
  const auto nested = trace::parse_zipkin_json(std::string("[") + zipkin_sample + ",[]]");
  REQUIRE(nested);
  CHECK(nested->size() == 2);
}

TEST_CASE("formats: the peer lives once, so a Zipkin re-encoding reads back the same (a fuzz finding)") {
  // remoteEndpoint and a peer.service tag that sorts after another tag: the writer puts the peer back last.
  const auto spans = trace::parse_zipkin_json(
      R"([{"traceId":"1","id":"2","remoteEndpoint":{"serviceName":"orders"},"tags":{"pekin":"x","peer.service":"cart"}}])");
  REQUIRE(spans);
  CHECK((*spans)[0].remote_service == "orders");
  CHECK(aiops::otel::attribute_string((*spans)[0].attributes, "peer.service").empty());
  const std::string once = trace::to_zipkin_json(*spans);
  const auto again = trace::parse_zipkin_json(once);
  REQUIRE(again);
  CHECK(trace::to_zipkin_json(*again) == once);
  const auto tag_only = trace::parse_zipkin_json(R"([{"traceId":"1","id":"2","tags":{"peer.service":"cart"}}])");
  REQUIRE(tag_only);
  CHECK((*tag_only)[0].remote_service == "cart");
}

TEST_CASE("formats: bad Zipkin input fails with a position or the span's number") {
  const auto syntax = trace::parse_zipkin_json("[\n  {\"traceId\": \"ab\",\n  \"id\" 1}]");
  REQUIRE_FALSE(syntax);
  CHECK_THAT(syntax.error().message, Catch::Contains("line 3, column"));
  const auto bad_id = trace::parse_zipkin_json(R"([{"traceId":"5af7183fb1d4cf5f","id":"zz"}])");
  REQUIRE_FALSE(bad_id);
  CHECK_THAT(bad_id.error().message, Catch::Contains("Zipkin span 1: id"));
  CHECK_FALSE(trace::parse_zipkin_json(R"([{"id":"6b221d5bc9e6496c"}])"));
  CHECK_FALSE(trace::parse_zipkin_json(R"([{"traceId":"1","id":"2","timestamp":-5}])"));
  CHECK_FALSE(trace::parse_zipkin_json(R"({"traceId":"1"})"));
  CHECK_FALSE(trace::parse_zipkin_json("[1]"));
  CHECK_FALSE(trace::parse_zipkin_json("[{\"traceId\":\"1\",\"id\":\"2\",\"timestamp\":99999999999999999999}]"));
  const auto huge = trace::parse_zipkin_json(R"([{"traceId":"1","id":"2","timestamp":9e999}])");  // a fuzz finding
  REQUIRE_FALSE(huge);
  CHECK(huge.error().code == aiops::errc::bad_number);
  CHECK(trace::parse_zipkin_json("[]")->empty());
}

TEST_CASE("formats: Jaeger JSON") {
  const auto spans = trace::parse_jaeger_json(jaeger_sample);
  REQUIRE(spans);
  REQUIRE(spans->size() == 2);
  const auto& server = (*spans)[0];
  CHECK(server.service == "frontend");
  CHECK(server.kind == trace::span_kind::server);
  CHECK(server.duration_ns() == 5'000'000);
  REQUIRE(aiops::otel::find_attribute(server.attributes, "http.status_code") != nullptr);
  CHECK(*aiops::otel::find_attribute(server.attributes, "http.status_code")->int64() == 200);
  const auto& db = (*spans)[1];
  CHECK(db.service == "customer");
  CHECK(db.parent_id == server.id);  // CHILD_OF wins over FOLLOWS_FROM
  CHECK(db.kind == trace::span_kind::client);
  CHECK(db.remote_service == "mysql");
  CHECK(db.error);
  CHECK(*aiops::otel::find_attribute(db.attributes, "sql.rows")->float64() == 1.5);
  CHECK_FALSE(trace::parse_jaeger_json(R"({"data": {}})"));
  CHECK_FALSE(trace::parse_jaeger_json(R"({"data": [1]})"));
  const auto bad = trace::parse_jaeger_json(R"({"data": [{"spans": [{"traceID": "1", "spanID": ""}]}]})");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Catch::Contains("Jaeger span 1: spanID"));
}

TEST_CASE("formats: simulated spans survive Zipkin, Jaeger and OTLP round trips") {
  const auto spans = simulated();
  REQUIRE(spans.size() > 300);
  for (auto f : {trace::format::zipkin, trace::format::jaeger, trace::format::otlp_json, trace::format::otlp_protobuf}) {
    INFO(trace::to_string(f));
    const std::string body = trace::write_spans(spans, f);
    CHECK(trace::detect_format(body) == f);
    const auto back = trace::parse_spans(body);
    REQUIRE(back);
    check_same(spans, *back);
  }
}

TEST_CASE("formats: detection") {
  CHECK(trace::detect_format("  [ ]") == trace::format::zipkin);
  CHECK(trace::detect_format("\xEF\xBB\xBF{\"resourceSpans\": []}") == trace::format::otlp_json);
  CHECK(trace::detect_format(R"({"resourceSpans": [{"resource": {"attributes": [{"key": "data", "value": {}}]}}]})") ==
        trace::format::otlp_json);
  CHECK(trace::detect_format(R"({"total": 0, "data": []})") == trace::format::jaeger);
  CHECK(trace::detect_format("\x0a\x02") == trace::format::otlp_protobuf);
  REQUIRE(trace::parse_spans("\xEF\xBB\xBF{\"resourceSpans\": []}"));
  CHECK_FALSE(trace::parse_spans("{\"resourceSpans\": 3}"));
  CHECK(trace::parse_spans("{}")->empty());
  const auto other = trace::parse_spans(R"({"seed": 1, "faults": []})");
  REQUIRE_FALSE(other);
  CHECK_THAT(other.error().message, Catch::Contains("neither OTLP"));
}
