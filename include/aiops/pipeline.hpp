// aiops: the pipeline module: sources -> parse -> templates -> windowed features -> detectors ->
// alert state -> sinks, configured in C++ or YAML, scheduled, with persisted state and its own metrics
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/config.hpp"
#include "aiops/pipeline/config.hpp"
#include "aiops/pipeline/features.hpp"
#include "aiops/pipeline/offsets.hpp"
#include "aiops/pipeline/runner.hpp"
#include "aiops/pipeline/schedule.hpp"
#include "aiops/pipeline/sinks.hpp"
#include "aiops/pipeline/sources.hpp"
#include "aiops/pipeline/tail.hpp"
#include "aiops/pipeline/yaml.hpp"
