// aiops: OpenTelemetry (OTLP): the data model, OTLP/HTTP protobuf and JSON codecs, exporter and receiver
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/otel/exporter.hpp"    // batching OTLP/HTTP exporter (cpp-httplib)
#include "aiops/otel/json.hpp"        // OTLP/JSON codec (std only)
#include "aiops/otel/model.hpp"       // the data model (std only)
#include "aiops/otel/prometheus.hpp"  // OTLP metrics as Prometheus exposition (std only)
#include "aiops/otel/protobuf.hpp"    // OTLP protobuf codec (std only)
#include "aiops/otel/receiver.hpp"    // OTLP/HTTP receiver (cpp-httplib)
#include "aiops/otel/zipkin.hpp"      // spans as Zipkin v2 JSON (std only)
