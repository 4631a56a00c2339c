// aiops: vendoring smoke test of single_include/aiops/sys.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/sys.hpp"
#include "aiops/sys.hpp"  // included twice: #pragma once must hold

int main() {
  return aiops::sys::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" ? 0 : 1;
}
