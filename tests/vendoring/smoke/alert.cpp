// aiops: vendoring smoke test of single_include/aiops/alert.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/alert.hpp"
#include "aiops/alert.hpp"  // included twice: #pragma once must hold

int main() {
  auto m = aiops::alert::parse_matchers(R"({severity="page", team=~"db|web"})");
  return m && m->size() == 2 ? 0 : 1;
}
