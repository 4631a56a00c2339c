// aiops: the ts module: series and resampling, rolling statistics, features, STL, Holt-Winters, lag regression, Prophet-style
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/config.hpp"
#include "aiops/ts/decompose.hpp"
#include "aiops/ts/features.hpp"
#include "aiops/ts/holt_winters.hpp"
#include "aiops/ts/lag_regression.hpp"
#include "aiops/ts/prophet.hpp"
#include "aiops/ts/rolling.hpp"
#include "aiops/ts/series.hpp"
