// aiops: the OpenTelemetry JavaScript SDK as a real OTLP/HTTP JSON client of `aiops collect`.
// Usage: node js_client.js ENDPOINT COUNT OUT.json
// Sends COUNT spans (every odd one a child of the span before it), COUNT log records, and one
// counter and one histogram (COUNT recordings each), then writes what it sent to OUT.json.
// SPDX-License-Identifier: MIT
'use strict';
const fs = require('fs');
const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { MeterProvider, PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-http');
const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-http');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const api = require('@opentelemetry/api');

async function main() {
  const [endpoint, countText, outPath] = process.argv.slice(2);
  const count = Number(countText);
  const resource = resourceFromAttributes({ 'service.name': 'js-peer', 'deployment.environment': 'test' });
  const batching = { maxExportBatchSize: 100, maxQueueSize: 100000, scheduledDelayMillis: 100 };

  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }), batching)],
  });
  const tracer = tracerProvider.getTracer('aiops-peer', '1.0.0');
  const spans = [];
  let parent = null;
  for (let i = 0; i < count; ++i) {
    const child = i % 2 === 1;
    const ctx = child ? api.trace.setSpan(api.context.active(), parent) : api.context.active();
    const span = tracer.startSpan(`op${i}`, {
      kind: child ? api.SpanKind.CLIENT : api.SpanKind.SERVER,
      attributes: { i, 'peer.lang': 'js', ratio: i / 4, odd: child, tags: ['a', 'b'] },
    }, ctx);
    span.addEvent('step', { n: i });
    if (i % 10 === 0) span.setStatus({ code: api.SpanStatusCode.ERROR, message: `failed ${i}` });
    span.end();
    const sc = span.spanContext();
    spans.push({ traceId: sc.traceId, spanId: sc.spanId, parentSpanId: child ? parent.spanContext().spanId : '', name: `op${i}`, i });
    parent = span;
  }
  await tracerProvider.forceFlush();
  await tracerProvider.shutdown();

  const meterProvider = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: `${endpoint}/v1/metrics` }), exportIntervalMillis: 60000 })],
  });
  const meter = meterProvider.getMeter('aiops-peer');
  const requests = meter.createCounter('peer.requests', { unit: '{request}', description: 'requests made' });
  const latency = meter.createHistogram('peer.latency', { unit: 'ms' });
  for (let i = 0; i < count; ++i) {
    requests.add(1, { route: i % 2 ? '/a' : '/b' });
    latency.record(i % 100);
  }
  await meterProvider.forceFlush();
  await meterProvider.shutdown();

  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${endpoint}/v1/logs` }), ...batching })],
  });
  const logger = loggerProvider.getLogger('aiops-peer');
  for (let i = 0; i < count; ++i) {
    logger.emit({ severityNumber: i % 2 ? 17 : 9, severityText: i % 2 ? 'ERROR' : 'INFO', body: `log ${i}`, attributes: { i } });
  }
  await loggerProvider.forceFlush();
  await loggerProvider.shutdown();

  fs.writeFileSync(outPath, JSON.stringify({ spans, logs: count, recordings: count }));
}

main().catch((e) => { console.error(e); process.exit(1); });
