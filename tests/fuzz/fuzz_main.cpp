// aiops: libFuzzer's entry points for the one fuzz executable of scripts/fuzz: the target to run is
// named by the environment, `AIOPS_FUZZ_TARGET=logs_json aiops_fuzz corpus/logs_json`
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t
#include <cstdio>   // std::fprintf
#include <cstdlib>  // std::getenv, std::exit
#include <cstring>  // std::strcmp

#include "targets.hpp"

namespace {

const aiops_fuzz_target* chosen = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* name = std::getenv("AIOPS_FUZZ_TARGET");
  for (const aiops_fuzz_target& t : aiops_fuzz_targets())
    if (name != nullptr && std::strcmp(t.name, name) == 0) chosen = &t;
  if (chosen == nullptr) {
    std::fprintf(stderr, "aiops_fuzz: set AIOPS_FUZZ_TARGET to one of:");
    for (const aiops_fuzz_target& t : aiops_fuzz_targets()) std::fprintf(stderr, " %s", t.name);
    std::fprintf(stderr, "\n");
    std::exit(2);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return chosen->test_one_input(data, size); }
