// aiops: OTLP metrics as Prometheus exposition, spans as Zipkin v2 JSON
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/otel/prometheus.hpp>
#include <aiops/otel/zipkin.hpp>

#include "fixtures.hpp"

namespace otel = aiops::otel;

TEST_CASE("prometheus: OpenTelemetry's naming rules") {
  const auto name = [](std::string n, std::string unit, decltype(otel::metric::data) data) {
    return otel::prometheus_name({std::move(n), "", std::move(unit), std::move(data)});
  };
  const otel::sum counter{{}, otel::aggregation_temporality::cumulative, true};
  CHECK(name("http.server.duration", "ms", otel::histogram{}) == "http_server_duration_milliseconds");
  CHECK(name("http.requests", "{requests}", counter) == "http_requests_total");
  CHECK(name("requests_total", "1", counter) == "requests_total");
  CHECK(name("cpu.utilization", "1", otel::gauge{}) == "cpu_utilization_ratio");
  CHECK(name("net.io", "By/s", otel::gauge{}) == "net_io_bytes_per_second");
  CHECK(name("disk-free bytes", "By", otel::gauge{}) == "disk_free_bytes");
  CHECK(name("2xx", "", otel::gauge{}) == "_2xx");
  CHECK(name("queue.depth", "", otel::sum{{}, otel::aggregation_temporality::cumulative, false}) == "queue_depth");
}

TEST_CASE("prometheus: exposition of counters, gauges, histograms, deltas accumulate") {
  otel::prometheus_converter prom;
  prom.add(otel_fixtures::expected_metrics());
  prom.add(otel_fixtures::expected_metrics());  // the delta histogram counts twice, the cumulative counter once
  const std::string text = prom.exposition();
  CHECK(text.find("# TYPE http_requests_total counter\nhttp_requests_total{job=\"api\",code=\"200\"} 42\n") != std::string::npos);
  CHECK(text.find("latency_milliseconds_bucket{job=\"api\",le=\"10\"} 2\n") != std::string::npos);
  CHECK(text.find("latency_milliseconds_bucket{job=\"api\",le=\"100\"} 6\n") != std::string::npos);
  CHECK(text.find("latency_milliseconds_bucket{job=\"api\",le=\"+Inf\"} 12\n") != std::string::npos);
  CHECK(text.find("latency_milliseconds_sum{job=\"api\"} 247\n") != std::string::npos);
  CHECK(text.find("latency_milliseconds_count{job=\"api\"} 12\n") != std::string::npos);
  CHECK(text.find("temp{job=\"api\"} -1.5\n") != std::string::npos);
  CHECK(text.find("exp") == std::string::npos);
  CHECK(prom.series() == 3);
}

TEST_CASE("zipkin: v2 JSON with hex ids, microseconds, kind, tags and error status") {
  const std::string z = otel::to_zipkin_json(otel_fixtures::expected_traces());
  CHECK(z.rfind(R"([{"traceId":"5b8efff798038103d269b633813fc60c","id":"eee19b7ec3c1b174","parentId":"eee19b7ec3c1b173","name":"GET /cart","kind":"SERVER","timestamp":1544712660000000,"duration":1000000,"localEndpoint":{"serviceName":"checkout"})", 0) == 0);
  CHECK(z.find(R"("annotations":[{"timestamp":1544712660500000,"value":"retry"}])") != std::string::npos);
  CHECK(z.find(R"("http.status":"-5")") != std::string::npos);
  CHECK(z.find(R"("list":"{\"arrayValue\":{\"values\":[{\"stringValue\":\"a\"},{\"intValue\":\"2\"}]}}")") != std::string::npos);
  CHECK(z.find(R"("otel.status_code":"ERROR","error":"boom"}}])") != std::string::npos);
  CHECK(otel::to_zipkin_json({}) == "[]");
}
