// aiops: `aiops version`: the library version and the modules built into this program
// SPDX-License-Identifier: MIT
#include <cstdio>  // std::printf

#include <aiops/core.hpp>

#include "command.hpp"

namespace cmd_version {
const aiops::app::register_command reg{{"version", "Print the version", [](CLI::App& sub) {
  sub.callback([] { std::printf("aiops %s\n", aiops::version_string); });
}}};
}  // namespace cmd_version
