// aiops: following a log file line by line with the byte offset of every line, from a saved
// offset, noticing when it is truncated (copytruncate); what `aiops ship` and file sources use
// SPDX-License-Identifier: MIT
#pragma once

#include <cerrno>       // errno
#include <cstdint>      // std::int64_t
#include <cstring>      // std::strerror
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::exchange

#include <fcntl.h>      // open
#include <sys/stat.h>   // fstat, stat
#include <unistd.h>     // read, lseek, close

#include "aiops/core/error.hpp"
#include "aiops/config.hpp"
#include "aiops/pipeline/offsets.hpp"

AIOPS_BEGIN_NAMESPACE
namespace pipeline {

/// The identity of what `path` names now, or nothing when it does not exist.
/// @throws aiops::error when it exists but cannot be looked at.
inline std::optional<file_id> identify(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::nullopt;
    throw error("cannot stat " + path + ": " + std::strerror(errno));
  }
  return file_id{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
}

/// One line as read: its text (without `\n` or `\r\n`), where it starts and where the next one does.
struct line_event {
  std::string_view text;
  std::int64_t offset = 0;
  std::int64_t next = 0;
  bool truncated = false;  ///< longer than the limit: `text` is its start
  bool skipped = false;    ///< the rest of a truncated line: no text, only the offset moves on
};

/// An open file read from a given offset, line by line. Keeps the partial last line until its
/// newline arrives (a writer may be in the middle of it), or until `finish()`.
class tailed_file {
 public:
  static constexpr std::size_t max_line = 1 << 20;  ///< longer lines are cut (and tagged) here

  /// Opens `path` and moves to `offset` (0 when the file is now shorter: it was truncated).
  /// @throws aiops::error when it cannot be opened.
  tailed_file(std::string path, std::int64_t offset) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw error("cannot open " + path_ + ": " + std::strerror(errno));
    struct stat st {};
    ::fstat(fd_, &st);
    id_ = {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
    if (offset > st.st_size) offset = 0;
    seek(offset);
  }
  tailed_file(const tailed_file&) = delete;
  tailed_file& operator=(const tailed_file&) = delete;
  ~tailed_file() {
    if (fd_ >= 0) ::close(fd_);
  }

  const std::string& path() const noexcept { return path_; }
  const file_id& id() const noexcept { return id_; }
  /// Where the next line starts: everything before has been handed out.
  std::int64_t position() const noexcept { return pending_offset_; }

  /// Hands out every complete line there is now (at most about `budget` bytes of them) and
  /// returns how many bytes were read. @throws aiops::error on a read error.
  template <class OnLine>
  std::size_t read_available(OnLine&& on_line, std::size_t budget = 4 << 20) {
    std::size_t total = 0;
    char buffer[1 << 16];
    while (total < budget) {
      const ssize_t n = ::read(fd_, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw error("cannot read " + path_ + ": " + std::strerror(errno));
      if (n == 0) break;
      total += static_cast<std::size_t>(n);
      pending_.append(buffer, static_cast<std::size_t>(n));
      hand_out(on_line);
    }
    return total;
  }

  /// Hands out the partial last line, if any, as a line: for a file that will not grow any more.
  template <class OnLine>
  void finish(OnLine&& on_line) {
    if (pending_.empty()) return;
    emit(on_line, 0, pending_.size(), pending_.size());
    pending_offset_ = read_position();
    pending_.clear();
  }

  /// True when the file is now shorter than what was read: it was truncated in place
  /// (logrotate's copytruncate), and reading must start again at 0.
  bool truncated() const {
    struct stat st {};
    return ::fstat(fd_, &st) == 0 && st.st_size < read_position();
  }
  void rewind() { seek(0); }

 private:
  std::int64_t read_position() const noexcept { return pending_offset_ + static_cast<std::int64_t>(pending_.size()); }

  void seek(std::int64_t offset) {
    if (::lseek(fd_, offset, SEEK_SET) < 0) throw error("cannot seek in " + path_ + ": " + std::strerror(errno));
    pending_.clear();
    pending_offset_ = offset;
    skipping_ = false;
  }

  // Calls on_line for the line of `length` bytes at pending_[begin], which ends (newline
  // included) at pending_[end].
  template <class OnLine>
  void emit(OnLine& on_line, std::size_t begin, std::size_t length, std::size_t end) {
    std::string_view text(pending_.data() + begin, length);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    line_event e;
    e.offset = pending_offset_ + static_cast<std::int64_t>(begin);
    e.next = pending_offset_ + static_cast<std::int64_t>(end);
    if (std::exchange(skipping_, false)) {
      e.skipped = true;
    } else {
      e.text = text;
    }
    on_line(e);
  }

  template <class OnLine>
  void hand_out(OnLine& on_line) {
    std::size_t start = 0;
    for (std::size_t newline; (newline = pending_.find('\n', start)) != std::string::npos; start = newline + 1) {
      emit(on_line, start, newline - start, newline + 1);
    }
    pending_.erase(0, start);
    pending_offset_ += static_cast<std::int64_t>(start);
    if (pending_.size() > max_line && !skipping_) {
      // A line this long is not a log line any more: ship its start, skip the rest.
      line_event e;
      e.text = std::string_view(pending_.data(), max_line);
      e.offset = pending_offset_;
      e.next = read_position();
      e.truncated = true;
      on_line(e);
      pending_offset_ = read_position();
      pending_.clear();
      skipping_ = true;
    } else if (skipping_) {
      pending_offset_ = read_position();
      pending_.clear();
    }
  }

  std::string path_;
  int fd_ = -1;
  file_id id_;
  std::string pending_;             // bytes read that do not yet form a complete line
  std::int64_t pending_offset_ = 0;  // file offset of pending_[0]
  bool skipping_ = false;           // inside the rest of a truncated line
};

}  // namespace pipeline
AIOPS_END_NAMESPACE
