// aiops: vendoring smoke test of single_include/aiops/plot.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/plot.hpp"
#include "aiops/plot.hpp"  // included twice: #pragma once must hold

#include <vector>  // std::vector

int main() {
  const std::vector<double> values{1, 4, 2, 8};
  return aiops::plot::sparkline(values).empty() ? 1 : 0;
}
