// aiops: vendoring smoke test of single_include/aiops/anomaly.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/anomaly.hpp"
#include "aiops/anomaly.hpp"  // included twice: #pragma once must hold

#include <vector>  // std::vector

int main() {
  // One detected point inside a labelled segment counts for the whole segment.
  auto adjusted = aiops::anomaly::point_adjust({0, 1, 1, 1, 0}, {0, 0, 1, 0, 0});
  return adjusted == std::vector<int>{0, 1, 1, 1, 0} ? 0 : 1;
}
