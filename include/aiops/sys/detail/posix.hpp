// aiops: internals of aiops::sys: owned file descriptors, errno messages, whole-file reads and writes
// SPDX-License-Identifier: MIT
#pragma once

#include <cerrno>        // errno, EINTR
#include <cstring>       // std::strerror
#include <string>        // std::string
#include <string_view>   // std::string_view
#include <utility>       // std::exchange

#include <fcntl.h>       // open, O_* flags
#include <sys/types.h>   // ssize_t
#include <unistd.h>      // read, write, close, fsync

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/result.hpp"

AIOPS_BEGIN_NAMESPACE
namespace sys {

/// A failed system call on a file, a directory or a process; `code()` is the errno value.
class system_error : public error {
 public:
  system_error(const std::string& what, int code) : error(what + ": " + std::strerror(code)), code_(code) {}
  int code() const noexcept { return code_; }

 private:
  int code_;
};

namespace detail {

/// "<what>: <strerror(errno)>", for result failures.
inline failure errno_failure(const std::string& what, int code = errno) {
  return fail(errc::io, what + ": " + std::strerror(code));
}

/// Throws system_error with the current errno.
[[noreturn]] inline void throw_errno(const std::string& what, int code = errno) { throw system_error(what, code); }

/// Owns a file descriptor and closes it once.
class unique_fd {
 public:
  unique_fd() = default;
  explicit unique_fd(int fd) noexcept : fd_(fd) {}
  unique_fd(unique_fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  unique_fd& operator=(unique_fd&& other) noexcept {
    if (this != &other) reset(std::exchange(other.fd_, -1));
    return *this;
  }
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  ~unique_fd() { reset(); }

  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  int release() noexcept { return std::exchange(fd_, -1); }
  void reset(int fd = -1) noexcept {
    if (fd_ >= 0) ::close(fd_);  // Linux frees the descriptor even when close reports EINTR
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

/// read(2) that retries on EINTR.
inline ssize_t read_some(int fd, void* buf, std::size_t n) noexcept {
  ssize_t got;
  do got = ::read(fd, buf, n);
  while (got < 0 && errno == EINTR);
  return got;
}

/// Writes all of `data`; false with errno set on failure.
inline bool write_all(int fd, std::string_view data) noexcept {
  while (!data.empty()) {
    ssize_t put = ::write(fd, data.data(), data.size());
    if (put < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(put));
  }
  return true;
}

/// The whole content of a file, read until end of file: /proc files report a size of 0, so
/// the size from stat cannot be trusted.
inline result<std::string> read_file(const std::string& path) {
  unique_fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return errno_failure("cannot open " + path);
  std::string text;
  char buf[16384];
  for (;;) {
    ssize_t got = read_some(fd.get(), buf, sizeof buf);
    if (got < 0) return errno_failure("cannot read " + path);
    if (got == 0) return text;
    text.append(buf, static_cast<std::size_t>(got));
  }
}

/// fsync of a directory, so that the names created or renamed in it survive a crash.
inline void fsync_directory(const std::string& path) {
  unique_fd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) throw_errno("cannot open directory " + path);
  if (::fsync(fd.get()) != 0) throw_errno("cannot fsync directory " + path);
}

}  // namespace detail
}  // namespace sys
AIOPS_END_NAMESPACE
