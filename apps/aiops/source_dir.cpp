// aiops: where the program finds its source tree (bundled datasets, exercises, build directories)
// SPDX-License-Identifier: MIT
#include <cstdlib>  // std::getenv

#include "command.hpp"

std::string aiops::app::source_dir() {
  if (const char* env = std::getenv("AIOPS_SOURCE_DIR"); env && *env) return env;
  return AIOPS_SOURCE_DIR;
}
