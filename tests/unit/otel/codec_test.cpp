// aiops: OTLP protobuf and JSON codecs: the reference library's bytes, round trips, the JS SDK's JSON, bad input
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/otel/json.hpp>
#include <aiops/otel/protobuf.hpp>

#include "fixtures.hpp"

namespace otel = aiops::otel;
using namespace otel_fixtures;

TEST_CASE("protobuf: decodes what the reference protobuf library encoded") {
  auto traces = otel::decode_protobuf<otel::traces_data>(python_traces);
  REQUIRE(traces);
  CHECK(*traces == expected_traces());
  auto metrics = otel::decode_protobuf<otel::metrics_data>(python_metrics);
  REQUIRE(metrics);
  CHECK(*metrics == expected_metrics());
  auto logs = otel::decode_protobuf<otel::logs_data>(python_logs);
  REQUIRE(logs);
  CHECK(*logs == expected_logs());
}

TEST_CASE("protobuf: encodes the same bytes as the reference library") {
  // Same field order and proto3 default elision as the generated code.
  CHECK(otel::encode_protobuf(expected_traces()) == python_traces);
  CHECK(otel::encode_protobuf(expected_metrics()) == python_metrics);
  CHECK(otel::encode_protobuf(expected_logs()) == python_logs);
}

TEST_CASE("protobuf: responses with and without partial success") {
  CHECK(otel::encode_protobuf(otel::export_response{}).empty());
  const otel::export_response partial{3, "3 spans had no trace id"};
  const auto back = otel::decode_protobuf<otel::export_response>(otel::encode_protobuf(partial));
  REQUIRE(back);
  CHECK(*back == partial);
}

TEST_CASE("protobuf: unknown fields of every wire type are skipped") {
  // Field 99 as varint, fixed64, length-delimited and fixed32 before the real content.
  std::string body = otel_fixtures::unhex("98060198060199060102030405060708") + otel_fixtures::unhex("9a0603616263") +
                     otel_fixtures::unhex("9d0601020304") + python_logs;
  auto logs = otel::decode_protobuf<otel::logs_data>(body);
  REQUIRE(logs);
  CHECK(*logs == expected_logs());
}

TEST_CASE("protobuf: bad input fails with a byte offset, never crashes") {
  SECTION("every truncation of a valid request") {
    for (std::size_t n = 1; n < python_traces.size(); ++n) {
      auto r = otel::decode_protobuf<otel::traces_data>(python_traces.substr(0, n));
      if (r) continue;  // a cut exactly between fields of the outer message is valid protobuf
      CHECK(r.error().message.find("at byte") != std::string::npos);
    }
  }
  SECTION("a trace id of the wrong length") {
    // ResourceSpans { ScopeSpans { Span { trace_id: 3 bytes } } }
    auto r = otel::decode_protobuf<otel::traces_data>(otel_fixtures::unhex("0a09120712050a03010203"));
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "protobuf: a trace id must be 16 bytes at byte 11");
  }
  SECTION("a known field with the wrong wire type") {
    auto r = otel::decode_protobuf<otel::traces_data>(otel_fixtures::unhex("0801"));
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("wrong wire type") != std::string::npos);
  }
  SECTION("AnyValue nested beyond the limit") {
    std::string v = otel_fixtures::unhex("0a0161");  // string_value "a"
    for (int i = 0; i < 80; ++i) {
      aiops::otel::detail::wire_writer inner;
      inner.bytes_always(1, v);
      aiops::otel::detail::wire_writer outer;
      outer.bytes_always(5, inner.out);
      v = outer.out;
    }
    aiops::otel::detail::wire_writer kv, attrs;
    kv.bytes_always(1, "k");
    kv.bytes_always(2, v);
    attrs.bytes_always(6, kv.out);  // LogRecord.attributes
    aiops::otel::detail::wire_writer sl, rl, req;
    sl.bytes_always(2, attrs.out);
    rl.bytes_always(2, sl.out);
    req.bytes_always(1, rl.out);
    auto r = otel::decode_protobuf<otel::logs_data>(req.out);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("nested deeper") != std::string::npos);
  }
}

TEST_CASE("json: round trip of rich requests") {
  for (int i = 0; i < 2; ++i) {
    const auto traces = otel::encode_json(expected_traces());
    auto t = otel::decode_json<otel::traces_data>(traces);
    REQUIRE(t);
    CHECK(*t == expected_traces());
  }
  auto m = otel::decode_json<otel::metrics_data>(otel::encode_json(expected_metrics()));
  REQUIRE(m);
  CHECK(*m == expected_metrics());
  auto l = otel::decode_json<otel::logs_data>(otel::encode_json(expected_logs()));
  REQUIRE(l);
  CHECK(*l == expected_logs());
}

TEST_CASE("json: follows the OTLP mapping (hex ids, 64-bit integers as strings, enums as integers)") {
  const std::string j = otel::encode_json(expected_traces());
  CHECK(j.find(R"("traceId":"5b8efff798038103d269b633813fc60c")") != std::string::npos);
  CHECK(j.find(R"("startTimeUnixNano":"1544712660000000000")") != std::string::npos);
  CHECK(j.find(R"("kind":2)") != std::string::npos);
  CHECK(j.find(R"({"key":"http.status","value":{"intValue":"-5"}})") != std::string::npos);
  CHECK(j.find(R"({"key":"raw","value":{"bytesValue":"AP8="}})") != std::string::npos);
  CHECK(j.find(R"("status":{"message":"boom","code":2})") != std::string::npos);
  CHECK(otel::encode_json(otel::export_response{}, otel::signal::traces) == "{}");
  CHECK(otel::encode_json(otel::export_response{2, "bad"}, otel::signal::logs) ==
        R"({"partialSuccess":{"rejectedLogRecords":"2","errorMessage":"bad"}})");
}

TEST_CASE("json: what the JavaScript SDK sends (numbers for ints, unused fields, empty arrays)") {
  const std::string body = R"({"resourceSpans":[{"resource":{"attributes":[
    {"key":"service.name","value":{"stringValue":"unknown_service:node"}},
    {"key":"telemetry.sdk.language","value":{"stringValue":"nodejs"}}],"droppedAttributesCount":0},
    "scopeSpans":[{"scope":{"name":"t","version":""},"spans":[
    {"traceId":"6b804107b4b6a9342acaadebac3d0464","spanId":"ad711477454035f5","name":"op0","kind":1,
     "startTimeUnixNano":"1795918870828000000","endTimeUnixNano":"1795918870828272158",
     "attributes":[{"key":"k","value":{"intValue":0}}],"droppedAttributesCount":0,"events":[],
     "droppedEventsCount":0,"status":{"code":0},"links":[],"droppedLinksCount":0,"flags":257}]}]}]})";
  auto t = otel::decode_json<otel::traces_data>(body);
  REQUIRE(t);
  REQUIRE(otel::item_count(*t) == 1);
  const auto& rs = t->resource_spans[0];
  CHECK(otel::service_name(rs.resource) == "unknown_service:node");
  const auto& s = rs.scope_spans[0].spans[0];
  CHECK(s.trace_id.hex() == "6b804107b4b6a9342acaadebac3d0464");
  CHECK(s.span_id.hex() == "ad711477454035f5");
  CHECK(s.parent_span_id.empty());
  CHECK(s.kind == otel::span_kind::internal);
  CHECK(s.end_time_unix_nano - s.start_time_unix_nano == 272158);
  CHECK(s.attributes == otel::attributes{{"k", std::int64_t{0}}});
  CHECK(s.flags == 257);
}

TEST_CASE("json: snake_case keys, NaN and infinities, nulls") {
  auto m = otel::decode_json<otel::metrics_data>(R"({"resource_metrics":[{"scope_metrics":[{"metrics":[
    {"name":"g","gauge":{"data_points":[{"as_double":"NaN"},{"asDouble":"-Infinity"},{"asDouble":1e3,"timeUnixNano":null}]}}]}]}]})");
  REQUIRE(m);
  const auto& points = std::get<otel::gauge>(m->resource_metrics[0].scope_metrics[0].metrics[0].data).data_points;
  REQUIRE(points.size() == 3);
  CHECK(std::isnan(points[0].as_double()));
  CHECK(points[1].as_double() == -std::numeric_limits<double>::infinity());
  CHECK(points[2].as_double() == 1000.0);
}

TEST_CASE("json: bad input fails with line and column") {
  SECTION("syntax") {
    auto r = otel::decode_json<otel::traces_data>("{\n  \"resourceSpans\": [\n    {,}\n]}");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "JSON: expected a member name in double quotes at line 3, column 6");
  }
  SECTION("a trace id that is not hex") {
    auto r = otel::decode_json<otel::traces_data>(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]})");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "OTLP/JSON: 'traceId' must be 32 hex digits at line 1, column 55");
  }
  SECTION("an integer out of range") {
    auto r = otel::decode_json<otel::traces_data>(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":99999999999}]}]}]})");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("'kind' must be an integer") != std::string::npos);
  }
  SECTION("deep nesting") {
    auto r = otel::decode_json<otel::traces_data>(std::string(100000, '['));
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("nested deeper") != std::string::npos);
  }
  SECTION("not an object") {
    CHECK_FALSE(otel::decode_json<otel::logs_data>("[]"));
    CHECK_FALSE(otel::decode_json<otel::logs_data>(""));
    CHECK_FALSE(otel::decode_json<otel::logs_data>(R"({"resourceLogs":{}})"));
  }
}
