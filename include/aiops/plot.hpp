// aiops: the plot module: deterministic SVG charts, terminal sparklines and a self-contained HTML report
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/core.hpp"
#include "aiops/plot/area_chart.hpp"
#include "aiops/plot/bar_chart.hpp"
#include "aiops/plot/format.hpp"
#include "aiops/plot/histogram.hpp"
#include "aiops/plot/html.hpp"
#include "aiops/plot/line_chart.hpp"
#include "aiops/plot/style.hpp"
#include "aiops/plot/text.hpp"
#include "aiops/plot/ticks.hpp"
