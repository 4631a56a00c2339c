// aiops: version, ABI namespace and the macros every module shares
// SPDX-License-Identifier: MIT
#pragma once

#define AIOPS_VERSION_MAJOR 0
#define AIOPS_VERSION_MINOR 1
#define AIOPS_VERSION_PATCH 0
/// major * 10000 + minor * 100 + patch, as fmt does, so it compares with `>=`.
#define AIOPS_VERSION (AIOPS_VERSION_MAJOR * 10000 + AIOPS_VERSION_MINOR * 100 + AIOPS_VERSION_PATCH)

// Two tools that vendor different aiops versions must not collide at link time.
#define AIOPS_BEGIN_NAMESPACE \
  namespace aiops {           \
  inline namespace v0 {
#define AIOPS_END_NAMESPACE \
  }                         \
  }

namespace aiops {
inline namespace v0 {
/// The library version as "major.minor.patch".
inline constexpr const char* version_string = "0.1.0";
}  // namespace v0
}  // namespace aiops
