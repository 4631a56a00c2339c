// aiops: the random generator the models take: aiops::rng (core), under the name ml::rng
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/config.hpp"
#include "aiops/core/random.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

/// The seeded generator every model takes (`random_state` in scikit-learn's terms).
using rng = aiops::rng;

}  // namespace ml
AIOPS_END_NAMESPACE
