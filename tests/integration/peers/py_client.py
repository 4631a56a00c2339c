# aiops: the OpenTelemetry Python SDK as a real OTLP/HTTP protobuf client of `aiops collect`.
# Usage: python py_client.py ENDPOINT COUNT OUT.json
# Sends COUNT spans (every odd one a child of the span before it), COUNT log records, and one
# counter and one histogram (COUNT recordings each), gzip-compressed, then writes what it sent to OUT.json.
# SPDX-License-Identifier: MIT
import json
import sys

from opentelemetry import trace
from opentelemetry._logs import SeverityNumber
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor


def main() -> None:
    endpoint, count, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    resource = Resource.create({"service.name": "py-peer", "deployment.environment": "test"})

    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(BatchSpanProcessor(
        OTLPSpanExporter(endpoint=f"{endpoint}/v1/traces", compression=Compression.Gzip),
        max_queue_size=100000, max_export_batch_size=100, schedule_delay_millis=100))
    tracer = tracer_provider.get_tracer("aiops-peer", "1.0.0")
    spans = []
    parent = None
    for i in range(count):
        child = i % 2 == 1
        ctx = trace.set_span_in_context(parent) if child else None
        span = tracer.start_span(f"op{i}", context=ctx,
                                 kind=trace.SpanKind.CLIENT if child else trace.SpanKind.SERVER,
                                 attributes={"i": i, "peer.lang": "python", "ratio": i / 4, "odd": child,
                                             "tags": ["a", "b"]})
        span.add_event("step", {"n": i})
        if i % 10 == 0:
            span.set_status(trace.Status(trace.StatusCode.ERROR, f"failed {i}"))
        span.end()
        sc = span.get_span_context()
        spans.append({"traceId": f"{sc.trace_id:032x}", "spanId": f"{sc.span_id:016x}",
                      "parentSpanId": f"{parent.get_span_context().span_id:016x}" if child else "",
                      "name": f"op{i}", "i": i})
        parent = span
    tracer_provider.force_flush()
    tracer_provider.shutdown()

    reader = PeriodicExportingMetricReader(
        OTLPMetricExporter(endpoint=f"{endpoint}/v1/metrics", compression=Compression.Gzip),
        export_interval_millis=60000)
    meter_provider = MeterProvider(resource=resource, metric_readers=[reader])
    meter = meter_provider.get_meter("aiops-peer")
    requests = meter.create_counter("peer.requests", unit="{request}", description="requests made")
    latency = meter.create_histogram("peer.latency", unit="ms")
    for i in range(count):
        requests.add(1, {"route": "/a" if i % 2 else "/b"})
        latency.record(i % 100)
    meter_provider.force_flush()
    meter_provider.shutdown()

    logger_provider = LoggerProvider(resource=resource)
    logger_provider.add_log_record_processor(BatchLogRecordProcessor(
        OTLPLogExporter(endpoint=f"{endpoint}/v1/logs", compression=Compression.Gzip),
        max_queue_size=100000, max_export_batch_size=100, schedule_delay_millis=100))
    logger = logger_provider.get_logger("aiops-peer")
    for i in range(count):
        logger.emit(severity_number=SeverityNumber.ERROR if i % 2 else SeverityNumber.INFO,
                    severity_text="ERROR" if i % 2 else "INFO", body=f"log {i}", attributes={"i": i})
    logger_provider.force_flush()
    logger_provider.shutdown()

    with open(out_path, "w", encoding="utf-8") as out:
        json.dump({"spans": spans, "logs": count, "recordings": count}, out)


if __name__ == "__main__":
    main()
