// aiops: fuzz target: the Zipkin v2 JSON decoder; what decodes re-encodes to a fixed point and analyses without a crash
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

#include <aiops/trace.hpp>

#include "fuzz_support.hpp"
#include "trace_fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  aiops::fuzz::exercise_trace_format(aiops::fuzz::text(data, size), aiops::trace::format::zipkin);
  return 0;
}
