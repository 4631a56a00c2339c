// aiops: scratch directories for tests that write files
// SPDX-License-Identifier: MIT
#pragma once

#include <unistd.h>  // getpid

#include <filesystem>   // std::filesystem
#include <string>       // std::string, std::to_string
#include <string_view>  // std::string_view

namespace aiops::testing {

/// An empty directory aiops-test-<name>-<pid> under the system's temporary directory, whatever an
/// earlier run of the same process id left there.
inline std::filesystem::path fresh_dir(std::string_view name) {
  const auto dir = std::filesystem::temp_directory_path() / ("aiops-test-" + std::string(name) + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace aiops::testing
