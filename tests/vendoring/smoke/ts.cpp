// aiops: vendoring smoke test of single_include/aiops/ts.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/ts.hpp"
#include "aiops/ts.hpp"  // included twice: #pragma once must hold

#include <cmath>   // std::isnan
#include <vector>  // std::vector

int main() {
  const std::vector<double> d = aiops::ts::difference({1, 3, 6});  // NaN where there is no lag
  return d.size() == 3 && std::isnan(d[0]) && d[1] == 2 && d[2] == 3 ? 0 : 1;
}
