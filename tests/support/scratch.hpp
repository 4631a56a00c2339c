// aiops: scratch directories for tests that write files
// SPDX-License-Identifier: MIT
#pragma once

#include <stdlib.h>  // mkdtemp

#include <filesystem>    // std::filesystem
#include <stdexcept>     // std::runtime_error
#include <string>        // std::string
#include <string_view>   // std::string_view
#include <system_error>  // std::error_code

namespace aiops::testing {

/// A new, empty directory aiops-<name>-XXXXXX under the system's temporary directory, removed with
/// everything in it when this goes out of scope, whether the test passed, failed or threw. It is a
/// path (`dir / "file"`, `dir.string()`); not copyable, so only one object owns the removal.
class scratch_dir : public std::filesystem::path {
 public:
  explicit scratch_dir(std::string_view name)
      : std::filesystem::path(make(std::filesystem::temp_directory_path() / ("aiops-" + std::string(name) + "-XXXXXX"))) {}
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  ~scratch_dir() {
    // Backup snapshots hold read-only directories, which remove_all cannot empty. Not through
    // symbolic links: their targets are not ours.
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(*this, ec))
      if (entry.is_directory(ec) && !entry.is_symlink(ec))
        std::filesystem::permissions(entry.path(), std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(*this, ec);
  }

 private:
  static std::filesystem::path make(const std::filesystem::path& pattern) {
    std::string name = pattern.string();
    if (::mkdtemp(name.data()) == nullptr) throw std::runtime_error("cannot create a directory like " + pattern.string());
    return name;
  }
};

}  // namespace aiops::testing
