// aiops: vendoring smoke test of single_include/aiops/prom.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/prom.hpp"
#include "aiops/prom.hpp"  // included twice: #pragma once must hold

int main() {
  auto r = aiops::prom::parse("# TYPE up gauge\nup{job=\"node\"} 1\n");
  return r.ok() && r.find("up") != nullptr ? 0 : 1;
}
