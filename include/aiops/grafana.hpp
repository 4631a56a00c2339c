// aiops: the grafana module: a dashboard model written as Grafana's JSON, provisioning files, and the
// host dashboard for node_exporter metric names
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/config.hpp"
#include "aiops/grafana/dashboard.hpp"
#include "aiops/grafana/host.hpp"
#include "aiops/grafana/provisioning.hpp"
