// aiops: where the tests find the source tree and its bundled datasets
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdlib>     // std::getenv
#include <filesystem>  // std::filesystem::path
#include <stdexcept>   // std::runtime_error
#include <string>      // std::string

namespace aiops::testing {

/// The source tree: $AIOPS_SOURCE_DIR (CTest sets it), else the first directory above the test
/// executable that holds datasets/README.md. Found at run time, not compiled in, so that test
/// objects do not depend on where the tree is checked out (ccache hits across clones).
inline const std::string& source_dir() {
  static const std::string dir = [] {
    if (const char* env = std::getenv("AIOPS_SOURCE_DIR"); env && *env) return std::string(env);
    for (auto p = std::filesystem::read_symlink("/proc/self/exe").parent_path(); !p.empty() && p != p.root_path();
         p = p.parent_path())
      if (std::filesystem::exists(p / "datasets" / "README.md")) return p.string();
    throw std::runtime_error("cannot find the aiops source tree: set AIOPS_SOURCE_DIR or run the tests through ctest");
  }();
  return dir;
}

/// Absolute path of a file under datasets/, e.g. dataset("nginx/access.log").
inline std::string dataset(const std::string& relative) { return source_dir() + "/datasets/" + relative; }

/// Absolute path of a file in the source tree.
inline std::string source_path(const std::string& relative) { return source_dir() + "/" + relative; }

}  // namespace aiops::testing
