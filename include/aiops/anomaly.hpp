// aiops: the anomaly module: detectors (batch and streaming), ensembles, thresholds (SPOT) and evaluation (F1, NAB)
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/anomaly/detector.hpp"
#include "aiops/anomaly/ensemble.hpp"
#include "aiops/anomaly/evaluate.hpp"
#include "aiops/anomaly/forecast_residual.hpp"
#include "aiops/anomaly/isolation_forest.hpp"
#include "aiops/anomaly/lstm.hpp"
#include "aiops/anomaly/registry.hpp"
#include "aiops/anomaly/threshold.hpp"
#include "aiops/config.hpp"
