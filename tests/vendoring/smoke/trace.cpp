// aiops: vendoring smoke test of single_include/aiops/trace.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/trace.hpp"
#include "aiops/trace.hpp"  // included twice: #pragma once must hold

int main() {
  auto spans = aiops::trace::parse_zipkin_json(
      R"([{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","id":"00f067aa0ba902b7","name":"get /cart",)"
      R"("kind":"SERVER","timestamp":1700000000000000,"duration":2500,"localEndpoint":{"serviceName":"cart"}}])");
  return spans && spans->size() == 1 && (*spans)[0].service == "cart" && (*spans)[0].name == "get /cart" ? 0 : 1;
}
