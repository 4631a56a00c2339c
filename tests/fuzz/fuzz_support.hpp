// aiops: small helpers shared by the fuzz targets: invariants that abort, so the fuzzer reports them
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::uint8_t
#include <cstdio>       // std::fprintf
#include <cstdlib>      // std::abort
#include <string_view>  // std::string_view

#include "aiops/core/error.hpp"

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

/// Runs `read`, which may refuse its input with an aiops::error; any other exception escapes
/// and is a finding.
template <class Read>
void refused_cleanly(Read&& read) {
  try {
    read();
  } catch (const aiops::error&) {  // NOLINT(bugprone-empty-catch): refusing bad input is the expected outcome
  }
}

}  // namespace aiops::fuzz
