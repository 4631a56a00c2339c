// aiops: per-file offsets (device + inode + offset) and the state files that keep them, written atomically
// SPDX-License-Identifier: MIT
#pragma once

#include <cerrno>       // errno
#include <cstdint>      // std::int64_t, std::uint64_t
#include <cstdio>       // std::rename, std::remove
#include <cstring>      // std::strerror
#include <optional>     // std::optional
#include <string>       // std::string, std::to_string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <fcntl.h>      // open
#include <unistd.h>     // read, write, fsync, close, getpid

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"

AIOPS_BEGIN_NAMESPACE
namespace pipeline {

/// A file's identity: it survives a rename, and a path that now names another file has another one.
struct file_id {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  friend bool operator==(const file_id&, const file_id&) = default;
};

/// How far a file has been shipped: every line before `offset` is acknowledged by the server.
struct file_offset {
  std::string path;  ///< where the file was last seen
  file_id id;
  std::int64_t offset = 0;
};

/// The whole content of `path`, or nothing when it does not exist.
/// @throws aiops::error when it exists but cannot be read.
inline std::optional<std::string> read_file_if_exists(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw error("cannot read " + path + ": " + std::strerror(errno));
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      throw error("cannot read " + path + ": " + std::strerror(e));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

/// Replaces `path` with `text`: written to a temporary file, flushed to disk, then renamed over
/// the old one, so a crash at any moment leaves either the old or the new content, never half.
/// @throws aiops::error when it cannot be written.
inline void write_file_atomically(const std::string& path, std::string_view text) {
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw error("cannot write " + temporary + ": " + std::strerror(errno));
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int e = errno;
      ::close(fd);
      std::remove(temporary.c_str());
      throw error("cannot write " + temporary + ": " + std::strerror(e));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::remove(temporary.c_str());
    throw error("cannot flush " + temporary + ": " + std::strerror(errno));
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int e = errno;
    std::remove(temporary.c_str());
    throw error("cannot replace " + path + ": " + std::strerror(e));
  }
}

/// File offsets as JSON: `[{"path":"/var/log/nginx/access.log","device":2049,"inode":1311,"offset":52211}]`.
inline nlohmann::json offsets_to_json(const std::vector<file_offset>& files) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : files) out.push_back({{"path", f.path}, {"device", f.id.device}, {"inode", f.id.inode}, {"offset", f.offset}});
  return out;
}

/// File offsets from `offsets_to_json`'s JSON; entries that are not objects are skipped.
inline std::vector<file_offset> offsets_from_json(const nlohmann::json& files) {
  std::vector<file_offset> out;
  if (!files.is_array()) return out;
  for (const auto& f : files) {
    if (!f.is_object()) continue;
    file_offset o;
    o.path = f.value("path", std::string());
    o.id.device = f.value("device", std::uint64_t{0});
    o.id.inode = f.value("inode", std::uint64_t{0});
    o.offset = f.value("offset", std::int64_t{0});
    out.push_back(std::move(o));
  }
  return out;
}

/// The offsets of every file shipped, kept in a JSON file:
/// `{"version":1,"files":[{"path":"/var/log/nginx/access.log","device":2049,"inode":1311,"offset":52211}]}`.
class state_file {
 public:
  explicit state_file(std::string path) : path_(std::move(path)) {}

  const std::string& path() const noexcept { return path_; }

  /// The saved offsets; none when the file does not exist yet.
  /// @throws aiops::error when it exists but cannot be read or is not a state file.
  std::vector<file_offset> load() const {
    const auto text = read_file_if_exists(path_);
    if (!text) return {};
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object() || j.value("version", 0) != 1 || !j.contains("files") || !j["files"].is_array()) {
      throw error("state file " + path_ + " is not an aiops ship state (version 1); move it away to start over");
    }
    return offsets_from_json(j["files"]);
  }

  /// Replaces the file atomically (see write_file_atomically). @throws aiops::error when it cannot be written.
  void save(const std::vector<file_offset>& files) const {
    const nlohmann::json j = {{"version", 1}, {"files", offsets_to_json(files)}};
    write_file_atomically(path_, j.dump(1) + "\n");
  }

 private:
  std::string path_;
};

}  // namespace pipeline
AIOPS_END_NAMESPACE
