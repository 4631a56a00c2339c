// aiops: vendoring smoke test of single_include/aiops/grafana.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/grafana.hpp"
#include "aiops/grafana.hpp"  // included twice: #pragma once must hold

int main() {
  auto j = aiops::grafana::to_json(aiops::grafana::host_dashboard());
  return j.contains("panels") && !j["panels"].empty() ? 0 : 1;
}
