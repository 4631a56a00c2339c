// aiops: vendoring smoke test of single_include/aiops/logs.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/logs.hpp"
#include "aiops/logs.hpp"  // included twice: #pragma once must hold

int main() {
  auto r = aiops::logs::parse_syslog("<34>Oct 11 22:14:15 mymachine su: 'su root' failed", 2024);
  return r && r->host == "mymachine" && r->app == "su" ? 0 : 1;
}
