// aiops: the core module: version, errors, result<T>, time, strings, UTF-8, JSON string literals, a seeded generator and an ordered pipeline over threads (standard library only)
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/config.hpp"
#include "aiops/core/csv.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/json_string.hpp"
#include "aiops/core/ordered_pipeline.hpp"
#include "aiops/core/random.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"
#include "aiops/core/utf8.hpp"
