// aiops: vendoring smoke test of single_include/aiops/es.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/es.hpp"
#include "aiops/es.hpp"  // included twice: #pragma once must hold

int main() {
  auto q = aiops::es::term("http.response.status_code", 500);
  return q.json().dump() == R"({"term":{"http.response.status_code":500}})" ? 0 : 1;
}
