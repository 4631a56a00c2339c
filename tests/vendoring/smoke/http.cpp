// aiops: vendoring smoke test of single_include/aiops/http.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/http.hpp"
#include "aiops/http.hpp"  // included twice: #pragma once must hold

int main() {
  auto u = aiops::http::parse_url("http://127.0.0.1:9200/logs?q=1");
  return u && aiops::http::percent_encode("a b") == "a%20b" ? 0 : 1;
}
