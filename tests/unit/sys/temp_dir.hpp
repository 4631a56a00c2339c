// aiops: a temporary directory for the sys tests, removed with everything in it
// SPDX-License-Identifier: MIT
#pragma once

#include <filesystem>  // std::filesystem::create_directories
#include <fstream>     // std::ofstream, std::ifstream
#include <iterator>    // std::istreambuf_iterator
#include <string>      // std::string

#include "scratch.hpp"

namespace aiops::testing {

/// A scratch_dir with string paths, as the sys functions take them.
struct temp_dir {
  scratch_dir dir{"sys"};
  std::string path = dir.string();

  std::string operator/(const std::string& rel) const { return path + "/" + rel; }
};

/// Writes `text` to `path`, creating parent directories.
inline void write_text(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace aiops::testing
