// aiops: fuzz target: the OTLP json decoder for every message; what decodes must re-encode to a fixed point
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

#include "otel_fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  aiops::fuzz::exercise_otlp<aiops::fuzz::otlp_json>(aiops::fuzz::text(data, size));
  return 0;
}
