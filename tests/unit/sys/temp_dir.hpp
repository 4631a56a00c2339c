// aiops: a temporary directory for the sys tests, removed with everything in it
// SPDX-License-Identifier: MIT
#pragma once

#include <stdlib.h>  // mkdtemp

#include <filesystem>  // std::filesystem::temp_directory_path, create_directories
#include <fstream>     // std::ofstream
#include <stdexcept>   // std::runtime_error
#include <string>      // std::string

#include <aiops/sys/backup.hpp>

namespace aiops::testing {

struct temp_dir {
  std::string path;
  temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "aiops-sys-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  // remove_tree makes read-only directories (copied into snapshots) writable first.
  ~temp_dir() {
    try {
      aiops::sys::detail::remove_tree(path);
    } catch (const std::exception&) {  // a test must not fail for want of cleaning up
    }
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

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
