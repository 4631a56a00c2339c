// aiops: vendoring smoke test of single_include/aiops/aiops.hpp, every module in one header
// SPDX-License-Identifier: MIT
#include "aiops/aiops.hpp"
#include "aiops/aiops.hpp"  // included twice: #pragma once must hold

#include <string>  // std::string

int main() {
  auto t = aiops::parse_rfc3339("2024-01-02T03:04:05Z");
  auto m = aiops::alert::parse_matchers(R"({severity="page"})");
  return t && m && std::string(aiops::version_string) == "0.1.0" ? 0 : 1;
}
