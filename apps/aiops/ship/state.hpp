// aiops: `aiops ship` internals: the state file of per-file offsets (device + inode + offset), written atomically
// SPDX-License-Identifier: MIT
#pragma once

#include <cerrno>       // errno
#include <cstdint>      // std::int64_t, std::uint64_t
#include <cstdio>       // std::rename, std::remove
#include <cstring>      // std::strerror
#include <string>       // std::string
#include <vector>       // std::vector

#include <fcntl.h>      // open
#include <unistd.h>     // read, write, fsync, close, getpid

#include <nlohmann/json.hpp>

#include <aiops/core.hpp>

namespace aiops::app::ship {

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

/// The offsets of every file shipped, kept in a JSON file:
/// `{"version":1,"files":[{"path":"/var/log/nginx/access.log","device":2049,"inode":1311,"offset":52211}]}`.
class state_file {
 public:
  explicit state_file(std::string path) : path_(std::move(path)) {}

  const std::string& path() const noexcept { return path_; }

  /// The saved offsets; none when the file does not exist yet.
  /// @throws aiops::error when it exists but cannot be read or is not a state file.
  std::vector<file_offset> load() const {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return {};
      throw error("cannot read state file " + path_ + ": " + std::strerror(errno));
    }
    std::string text;
    char buffer[65536];
    for (;;) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        const int e = errno;
        ::close(fd);
        throw error("cannot read state file " + path_ + ": " + std::strerror(e));
      }
      if (n == 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || j.value("version", 0) != 1 || !j.contains("files") || !j["files"].is_array()) {
      throw error("state file " + path_ + " is not an aiops ship state (version 1); move it away to start over");
    }
    std::vector<file_offset> out;
    for (const auto& f : j["files"]) {
      file_offset o;
      o.path = f.value("path", std::string());
      o.id.device = f.value("device", std::uint64_t{0});
      o.id.inode = f.value("inode", std::uint64_t{0});
      o.offset = f.value("offset", std::int64_t{0});
      out.push_back(std::move(o));
    }
    return out;
  }

  /// Replaces the file: written to a temporary file, flushed to disk, then renamed over the old
  /// one, so a crash at any moment leaves either the old or the new offsets, never half of them.
  /// @throws aiops::error when it cannot be written.
  void save(const std::vector<file_offset>& files) const {
    nlohmann::json j = {{"version", 1}, {"files", nlohmann::json::array()}};
    for (const auto& f : files) {
      j["files"].push_back({{"path", f.path}, {"device", f.id.device}, {"inode", f.id.inode}, {"offset", f.offset}});
    }
    const std::string text = j.dump(1) + "\n";
    const std::string temporary = path_ + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw error("cannot write state file " + temporary + ": " + std::strerror(errno));
    std::size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int e = errno;
        ::close(fd);
        std::remove(temporary.c_str());
        throw error("cannot write state file " + temporary + ": " + std::strerror(e));
      }
      written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
      std::remove(temporary.c_str());
      throw error("cannot flush state file " + temporary + ": " + std::strerror(errno));
    }
    if (std::rename(temporary.c_str(), path_.c_str()) != 0) {
      const int e = errno;
      std::remove(temporary.c_str());
      throw error("cannot replace state file " + path_ + ": " + std::strerror(e));
    }
  }

 private:
  std::string path_;
};

}  // namespace aiops::app::ship
