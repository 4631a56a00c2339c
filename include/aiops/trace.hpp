// aiops: distributed tracing analysis: span trees, Zipkin/Jaeger/OTLP formats, topology, critical path, root causes, simulator
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/trace/formats.hpp"     // Zipkin v2, Jaeger and OTLP in and out (nlohmann-json)
#include "aiops/trace/query_api.hpp"   // Zipkin's v2 read API answered from a store (nlohmann-json)
#include "aiops/trace/rca.hpp"         // root-cause ranking, incident window vs baseline (std only)
#include "aiops/trace/render.hpp"      // topology as Graphviz DOT and SVG (plot)
#include "aiops/trace/simulate.hpp"    // deterministic microservice simulator with injected faults (std only)
#include "aiops/trace/span.hpp"        // the span and its OTLP conversions (std only)
#include "aiops/trace/store.hpp"       // thread-safe in-memory trace store (std only)
#include "aiops/trace/topology.hpp"    // service dependency topology with latency percentiles (std only)
#include "aiops/trace/tree.hpp"        // span trees, self time, critical path (std only)
