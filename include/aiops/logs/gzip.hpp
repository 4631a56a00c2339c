// aiops: gzip-compressed logs (zlib), and the path-based readers that detect them by magic bytes
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min
#include <cstddef>      // std::size_t
#include <memory>       // std::unique_ptr, std::make_unique
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include <zlib.h>  // inflate

#include "aiops/config.hpp"
#include "aiops/logs/reader.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs {

/// Decompresses a gzip stream (several concatenated members too, as `cat a.gz b.gz` makes);
/// bytes after the last member that do not start another one are ignored, as gzip(1) does.
/// @throws io_error on corrupt or truncated data, from read().
class gzip_source final : public byte_source {
 public:
  explicit gzip_source(std::unique_ptr<byte_source> compressed) : in_(std::move(compressed)), input_(64 * 1024) {
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) throw io_error("zlib: cannot initialise inflate");
  }
  // zlib keeps a pointer back to z_: the object must not move.
  gzip_source(const gzip_source&) = delete;
  gzip_source& operator=(const gzip_source&) = delete;
  ~gzip_source() override { inflateEnd(&z_); }

  std::size_t read(char* buffer, std::size_t n) override {
    if (done_ || n == 0) return 0;
    z_.next_out = reinterpret_cast<Bytef*>(buffer);
    z_.avail_out = uInt(std::min<std::size_t>(n, 1u << 30));
    while (z_.next_out == reinterpret_cast<Bytef*>(buffer)) {
      if (z_.avail_in == 0 && !refill()) {
        if (!in_member_) break;
        throw io_error(std::string(name()) + ": unexpected end of gzip data (truncated file?)");
      }
      in_member_ = true;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        if (!next_member()) {
          done_ = true;
          break;
        }
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        throw io_error(std::string(name()) + ": corrupt gzip data: " + (z_.msg ? z_.msg : "inflate failed"));
      }
    }
    const std::size_t produced = std::size_t(reinterpret_cast<char*>(z_.next_out) - buffer);
    if (produced == 0) done_ = true;
    return produced;
  }

  std::string_view name() const noexcept override { return in_->name(); }

 private:
  bool refill() {
    const std::size_t got = in_->read(reinterpret_cast<char*>(input_.data()), input_.size());
    z_.next_in = input_.data();
    z_.avail_in = uInt(got);
    return got > 0;
  }

  // After a member ends: true when another member follows (and inflate is ready for it).
  bool next_member() {
    if (z_.avail_in == 0 && !refill()) return false;
    if (z_.next_in[0] != 0x1f) return false;
    inflateReset(&z_);
    return true;
  }

  std::unique_ptr<byte_source> in_;
  std::vector<Bytef> input_;
  z_stream z_{};
  bool in_member_ = false;
  bool done_ = false;
};

/// Opens a log file, plain or gzip-compressed (told by its first two bytes, not its name);
/// "-" is standard input. @throws io_error when it cannot be opened.
inline line_reader open_log(const std::string& path, reader_options options = {}) {
  auto file = std::make_unique<file_source>(path);
  if (file->starts_with_gzip_magic()) return line_reader(std::make_unique<gzip_source>(std::move(file)), options);
  return line_reader(std::move(file), options);
}

/// Parses a whole file (plain or .gz, "-" for stdin) in one pass; see the line_reader overload.
///
///     auto format = aiops::logs::access_format::nginx("combined").value();
///     std::map<int, long> by_status;
///     auto summary = aiops::logs::for_each_record("access.log.gz", format,
///         [&](const aiops::logs::access_record& r) { ++by_status[r.status()]; });
///     if (summary.bad) std::cerr << summary.describe() << '\n';
///
/// @throws io_error when the file cannot be opened or read.
template <class Parser, class Callback>
bad_line_summary for_each_record(const std::string& path, Parser&& parser, Callback&& callback,
                                 summary_options limits = {}, reader_options options = {}) {
  line_reader reader = open_log(path, options);
  return for_each_record(reader, parser, callback, limits);
}

}  // namespace logs
AIOPS_END_NAMESPACE
