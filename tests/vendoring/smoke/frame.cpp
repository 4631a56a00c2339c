// aiops: vendoring smoke test of single_include/aiops/frame.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/frame.hpp"
#include "aiops/frame.hpp"  // included twice: #pragma once must hold

int main() {
  auto r = aiops::frame::parse_csv("host,latency\na,1.5\nb,2.5\n");
  return r.data.rows() == 2 && r.bad_rows == 0 ? 0 : 1;
}
