// aiops: small helpers shared by the fuzz targets: invariants that abort, so the fuzzer reports them
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::uint8_t
#include <cstdio>       // std::fprintf
#include <cstdlib>      // std::abort
#include <string_view>  // std::string_view

namespace aiops::fuzz {

/// Aborts (a finding) when `ok` is false.
inline void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
  std::abort();
}

/// The input as text.
inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// True when `part` is empty or lies inside `whole` (a zero-copy view into the input).
inline bool inside(std::string_view part, std::string_view whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace aiops::fuzz
