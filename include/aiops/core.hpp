// aiops: the core module: version, errors, result<T>, time and strings (standard library only)
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"
