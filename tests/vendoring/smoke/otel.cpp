// aiops: vendoring smoke test of single_include/aiops/otel.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/otel.hpp"
#include "aiops/otel.hpp"  // included twice: #pragma once must hold

int main() {
  aiops::otel::resource r;
  aiops::otel::set_attribute(r.attributes, "service.name", std::string("checkout"));
  return aiops::otel::service_name(r) == "checkout" ? 0 : 1;
}
