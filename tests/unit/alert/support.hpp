// aiops: helpers shared by the alert unit tests
// SPDX-License-Identifier: MIT
#pragma once

#include <aiops/core/time.hpp>

namespace aiops::testing {

/// The tests' clock starts here (2026-11-18), far from any real alert's time.
inline constexpr timestamp_ns t0 = 1'795'000'000LL * ns_per_second;

/// `s` seconds after t0.
constexpr timestamp_ns sec(int s) { return t0 + s * ns_per_second; }

}  // namespace aiops::testing
