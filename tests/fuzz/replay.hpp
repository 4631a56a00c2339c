// aiops: the fuzz targets compiled into the replay executable (the normal build: no libFuzzer)
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t
#include <vector>   // std::vector

struct aiops_fuzz_target {
  const char* name;                                     // as in tests/fuzz/CMakeLists.txt: logs_access, ...
  int (*test_one_input)(const std::uint8_t*, std::size_t);  // the target's LLVMFuzzerTestOneInput
};

/// Every target, in the order CMake added them (defined in the generated unit).
const std::vector<aiops_fuzz_target>& aiops_fuzz_targets();
