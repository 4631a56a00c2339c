// aiops: how a sub-command of the program registers itself
// SPDX-License-Identifier: MIT
#pragma once

#include <functional>  // std::function
#include <string>      // std::string
#include <vector>      // std::vector

#include <CLI/CLI.hpp>

namespace aiops::app {

/// A sub-command: `setup` adds its options to `sub` and sets `sub.callback(...)`.
/// A callback reports failure by throwing `CLI::RuntimeError(exit_code)` or an `aiops::error`.
struct command {
  std::string name;
  std::string summary;
  std::function<void(CLI::App& sub)> setup;
};

inline std::vector<command>& commands() {
  static std::vector<command> all;
  return all;
}

/// `const aiops::app::register_command reg{{"name", "summary", setup}};` in a cmd_<name>.cpp, whose
/// code lives in `namespace cmd_<name>`: a named namespace, not an anonymous one, because the
/// program is compiled as a few unity units (CMakeLists.txt) that would merge anonymous ones.
struct register_command {
  explicit register_command(command c) { commands().push_back(std::move(c)); }
};

/// The source tree this program was built from: where `aiops demo` finds the bundled datasets.
/// $AIOPS_SOURCE_DIR overrides it (defined in source_dir.cpp, the one file that knows the path).
std::string source_dir();

}  // namespace aiops::app
