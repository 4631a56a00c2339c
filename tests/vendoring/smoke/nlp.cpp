// aiops: vendoring smoke test of single_include/aiops/nlp.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/nlp.hpp"
#include "aiops/nlp.hpp"  // included twice: #pragma once must hold

int main() {
  aiops::nlp::drain miner;
  miner.add("Connection closed by <*> port <*>");
  auto r = miner.add("Connection reset by <*> port <*>");
  return miner.cluster(r.cluster_id).template_text() == "Connection <*> by <*> port <*>" ? 0 : 1;
}
