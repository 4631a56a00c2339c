// aiops: writing JSON numbers for bulk bodies (strings: aiops::append_json_string)
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>        // std::isfinite
#include <cstdint>      // std::int64_t, std::uint64_t
#include <cstdio>       // std::snprintf
#include <cstdlib>      // std::strtod
#include <string>       // std::string

#include "aiops/config.hpp"
#include "aiops/core/json_string.hpp"  // append_json_string: strings are written by core

AIOPS_BEGIN_NAMESPACE
namespace es::detail {

inline void append_int(std::string& out, std::int64_t v) { out += std::to_string(v); }

// Appends a finite double with enough digits to read back the same value; JSON has no NaN or
// infinity, so those become null.
inline void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  // The shortest of %.15g..%.17g that reads back exactly: 0.1 rather than 0.10000000000000001.
  char buffer[32];
  int n = 0;
  for (int precision = 15; precision <= 17; ++precision) {
    n = std::snprintf(buffer, sizeof buffer, "%.*g", precision, v);
    if (std::strtod(buffer, nullptr) == v) break;
  }
  out.append(buffer, static_cast<std::size_t>(n));
}

}  // namespace es::detail
AIOPS_END_NAMESPACE
