// aiops: vendoring smoke test of single_include/aiops/core.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/core.hpp"
#include "aiops/core.hpp"  // included twice: #pragma once must hold

int main() {
  auto t = aiops::parse_rfc3339("2024-01-02T03:04:05Z");
  return t && *t == 1704164645'000'000'000 && aiops::trim("  x ") == "x" ? 0 : 1;
}
