// aiops: the frame module: a columnar table (read, clean, filter, group, aggregate, resample, rolling,
// join, describe, print) and streaming accumulators; standard library only
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/core.hpp"
#include "aiops/frame/column.hpp"
#include "aiops/frame/csv.hpp"
#include "aiops/frame/group.hpp"
#include "aiops/frame/join.hpp"
#include "aiops/frame/print.hpp"
#include "aiops/frame/stream.hpp"
#include "aiops/frame/table.hpp"
#include "aiops/frame/window.hpp"
// aiops/frame/ranges.hpp (range-v3 views over tables) is opt-in: include it yourself.
