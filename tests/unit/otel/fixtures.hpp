// aiops: shared OTLP fixtures for the otel unit tests: bytes made by the reference protobuf library, and rich requests
// SPDX-License-Identifier: MIT
#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view

#include <aiops/otel/model.hpp>

namespace otel_fixtures {

namespace otel = aiops::otel;

inline std::string unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

// Serialized by Python's opentelemetry-proto (generated code, protobuf 5): the reference encoder.
inline const std::string python_traces = unhex(
    "0aac020a1c0a1a0a0c736572766963652e6e616d65120a0a08636865636b6f7574128b020a0b0a0473686f701203312e3212fb010a105b8efff798"
    "038103d269b633813fc60c1208eee19b7ec3c1b1742208eee19b7ec3c1b1732a09474554202f63617274300239004859e3faeb6f15410012f41efb"
    "eb6f154a1a0a0b687474702e737461747573120b18fbffffffffffffffff014a120a05726174696f120921000000000000d03f4a080a026f6b1202"
    "10014a0b0a0372617712043a0200ff4a130a046c697374120b2a090a030a01610a0218024a130a036d6170120c320a0a080a017812030a01795a10"
    "0900ad2601fbeb6f15120572657472796a210a10000000000000000000000000000000011208000000000000000235010000007a081204626f6f6d"
    "1802850101010000");
inline const std::string python_metrics = unhex(
    "0a84020a170a150a0c736572766963652e6e616d6512050a0361706912e801123b0a0d687474702e72657175657374731a01313a270a21190a0000"
    "0000000000312a000000000000003a0d0a04636f646512050a033230301002180112630a076c6174656e63791a026d734a540a5021060000000000"
    "0000290000000000e05e4032180100000000000000020000000000000003000000000000003a100000000000002440000000000000594059000000"
    "000000f03f6100000000008056401001122f0a0365787052280a24210500000000000000300539010000000000000042070803120301ac024a0508"
    "08120102100212130a0474656d702a0b0a0921000000000000f8bf");
inline const std::string python_logs = unhex(
    "0a561254125209070000000000000010111a054552524f522a0b0a096469736b2066756c6c32070a016e1202180345010000004a105b8efff79803"
    "8103d269b633813fc60c5208eee19b7ec3c1b174590800000000000000");

/// The request Python serialized above, built by hand.
inline otel::traces_data expected_traces() {
  otel::span s;
  s.trace_id = *otel::trace_id::from_hex("5b8efff798038103d269b633813fc60c");
  s.span_id = *otel::span_id::from_hex("eee19b7ec3c1b174");
  s.parent_span_id = *otel::span_id::from_hex("eee19b7ec3c1b173");
  s.name = "GET /cart";
  s.kind = otel::span_kind::server;
  s.start_time_unix_nano = 1544712660000000000ULL;
  s.end_time_unix_nano = 1544712661000000000ULL;
  s.attributes = {{"http.status", std::int64_t{-5}},
                  {"ratio", 0.25},
                  {"ok", true},
                  {"raw", otel::bytes_value{std::string("\x00\xff", 2)}},
                  {"list", otel::any_value::array{"a", std::int64_t{2}}},
                  {"map", otel::any_value::kvlist{{"x", "y"}}}};
  s.events = {{1544712660500000000ULL, "retry", {}, 0}};
  otel::span_link link;
  link.trace_id = *otel::trace_id::from_hex("00000000000000000000000000000001");
  link.span_id = *otel::span_id::from_hex("0000000000000002");
  link.flags = 1;
  s.links = {link};
  s.status = {"boom", otel::status_code::error};
  s.flags = 257;
  otel::traces_data d;
  d.resource_spans.push_back({{{{"service.name", "checkout"}}, 0}, {{{"shop", "1.2", {}, 0}, {s}, ""}}, ""});
  return d;
}

inline otel::metrics_data expected_metrics() {
  otel::metric requests{"http.requests", "", "1", {}};
  otel::number_data_point p;
  p.value = std::int64_t{42};
  p.time_unix_nano = 10;
  p.attributes = {{"code", "200"}};
  requests.data = otel::sum{{p}, otel::aggregation_temporality::cumulative, true};
  otel::metric latency{"latency", "", "ms", {}};
  otel::histogram_data_point hp;
  hp.count = 6;
  hp.sum = 123.5;
  hp.bucket_counts = {1, 2, 3};
  hp.explicit_bounds = {10.0, 100.0};
  hp.min = 1.0;
  hp.max = 90.0;
  latency.data = otel::histogram{{hp}, otel::aggregation_temporality::delta};
  otel::metric exp{"exp", "", "", {}};
  otel::exponential_histogram_data_point ep;
  ep.count = 5;
  ep.scale = -3;
  ep.zero_count = 1;
  ep.positive = {-2, {1, 300}};
  ep.negative = {4, {2}};
  exp.data = otel::exponential_histogram{{ep}, otel::aggregation_temporality::cumulative};
  otel::metric temp{"temp", "", "", {}};
  otel::number_data_point g;
  g.value = -1.5;
  temp.data = otel::gauge{{g}};
  otel::metrics_data d;
  d.resource_metrics.push_back({{{{"service.name", "api"}}, 0}, {{{}, {requests, latency, exp, temp}, ""}}, ""});
  return d;
}

inline otel::logs_data expected_logs() {
  otel::log_record l;
  l.time_unix_nano = 7;
  l.observed_time_unix_nano = 8;
  l.severity_number = 17;
  l.severity_text = "ERROR";
  l.body = "disk full";
  l.trace_id = *otel::trace_id::from_hex("5b8efff798038103d269b633813fc60c");
  l.span_id = *otel::span_id::from_hex("eee19b7ec3c1b174");
  l.flags = 1;
  l.attributes = {{"n", std::int64_t{3}}};
  otel::logs_data d;
  d.resource_logs.push_back({{}, {{{}, {l}, ""}}, ""});
  return d;
}

}  // namespace otel_fixtures
