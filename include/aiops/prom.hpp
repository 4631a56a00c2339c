// aiops: the prom module: Prometheus exposition formats, metrics and registry (std only), /metrics server, host collector, HTTP API, Pushgateway and VictoriaMetrics clients
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/config.hpp"
#include "aiops/prom/api.hpp"
#include "aiops/prom/host.hpp"
#include "aiops/prom/metrics.hpp"
#include "aiops/prom/model.hpp"
#include "aiops/prom/parser.hpp"
#include "aiops/prom/pushgateway.hpp"
#include "aiops/prom/quantiles.hpp"
#include "aiops/prom/server.hpp"
#include "aiops/prom/victoria.hpp"
#include "aiops/prom/writer.hpp"
