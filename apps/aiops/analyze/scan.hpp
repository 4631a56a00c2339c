// aiops: `aiops analyze` internals: reading a log file in parallel byte ranges (or a stream in one
// pass) into per-thread sinks, with bad-line summaries and progress on stderr
// SPDX-License-Identifier: MIT
#pragma once

#include <fcntl.h>     // open
#include <sys/stat.h>  // fstat
#include <unistd.h>    // pread, close

#include <algorithm>    // std::min, std::max, std::sort
#include <atomic>       // std::atomic
#include <cerrno>       // errno
#include <chrono>       // std::chrono::steady_clock
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t
#include <cstdio>       // std::fprintf
#include <cstring>      // std::strerror, std::memchr
#include <future>       // std::async, std::future
#include <memory>       // std::make_unique
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <aiops/core.hpp>
#include <aiops/logs.hpp>

namespace aiops::app::analyze {

/// Where the bytes come from and how far the reading got, for the progress line.
struct progress {
  bool enabled = false;
  std::uint64_t total_bytes = 0;  ///< 0 when unknown (stdin, gzip)
  std::atomic<std::uint64_t> bytes{0};
  std::atomic<std::uint64_t> lines{0};
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();

  /// Prints "read 120.5 MB / 223.1 MB (54%)" at most once a second (always when `force`).
  void show(bool force = false) {
    if (!enabled) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last < std::chrono::seconds(1)) return;
    last = now;
    const double mb = double(bytes.load()) / 1e6;
    if (total_bytes)
      std::fprintf(stderr, "\ranalyze: read %.1f MB / %.1f MB (%.0f%%)   ", mb, double(total_bytes) / 1e6,
                   100.0 * double(bytes.load()) / double(total_bytes));
    else
      std::fprintf(stderr, "\ranalyze: %llu lines   ", static_cast<unsigned long long>(lines.load()));
    std::fflush(stderr);
  }
  /// Ends the progress line.
  void done() {
    if (!enabled) return;
    show(true);
    std::fprintf(stderr, "\n");
  }
};

/// What a scan saw besides the sink's own statistics.
struct scan_totals {
  logs::bad_line_summary summary;
  std::uint64_t bytes = 0;
  unsigned threads = 1;
};

/// Feeds lines to a sink (`std::optional<failure> operator()(std::string_view)`) and counts
/// blank, bad and too long lines the way logs::for_each_record does.
template <class Sink>
struct worker {
  Sink sink;
  logs::bad_line_summary summary;

  void line(std::string_view text, std::size_t number, bool too_long) {
    ++summary.lines;
    if (too_long) {
      summary.add(number, text, fail(errc::too_long, "line longer than " + std::to_string(text.size()) + " bytes"));
    } else if (trim(text).empty()) {
      ++summary.blank;
    } else if (auto why = sink(text)) {
      summary.add(number, text, std::move(*why));
    } else {
      ++summary.records;
    }
  }
};

/// Adds `part` (whose lines come after the `lines_before` lines already counted) to `into`,
/// keeping the first examples by line number.
inline void merge_summary(logs::bad_line_summary& into, const logs::bad_line_summary& part, std::size_t lines_before) {
  into.lines += part.lines;
  into.records += part.records;
  into.blank += part.blank;
  into.bad += part.bad;
  into.continued += part.continued;
  into.comments += part.comments;
  for (logs::bad_line b : part.examples) {
    b.number += lines_before;
    into.examples.push_back(std::move(b));
  }
  std::sort(into.examples.begin(), into.examples.end(),
            [](const logs::bad_line& a, const logs::bad_line& b) { return a.number < b.number; });
  if (into.examples.size() > into.limits.max_examples) into.examples.resize(into.limits.max_examples);
}

/// Bytes [begin, end) of an open file, read with pread so threads share the descriptor.
class range_source final : public logs::byte_source {
 public:
  range_source(int fd, std::uint64_t begin, std::uint64_t end, std::string name, std::atomic<std::uint64_t>& done)
      : fd_(fd), pos_(begin), end_(end), name_(std::move(name)), done_(&done) {}
  std::size_t read(char* buffer, std::size_t n) override {
    n = std::size_t(std::min<std::uint64_t>(n, end_ - pos_));
    if (n == 0) return 0;
    for (;;) {
      const ::ssize_t got = ::pread(fd_, buffer, n, ::off_t(pos_));
      if (got >= 0) {
        pos_ += std::uint64_t(got);
        done_->fetch_add(std::uint64_t(got), std::memory_order_relaxed);
        return std::size_t(got);
      }
      if (errno != EINTR) throw logs::io_error("cannot read " + name_ + ": " + std::strerror(errno));
    }
  }
  std::string_view name() const noexcept override { return name_; }

 private:
  int fd_;
  std::uint64_t pos_, end_;
  std::string name_;
  std::atomic<std::uint64_t>* done_;
};

/// An open regular file (closed on destruction).
class open_file {
 public:
  /// @throws logs::io_error when `path` cannot be opened.
  explicit open_file(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw logs::io_error("cannot open " + path + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) == 0) {
      regular_ = S_ISREG(st.st_mode);
      size_ = std::uint64_t(st.st_size);
    }
  }
  open_file(const open_file&) = delete;
  open_file& operator=(const open_file&) = delete;
  ~open_file() { ::close(fd_); }

  int fd() const noexcept { return fd_; }
  bool regular() const noexcept { return regular_; }
  std::uint64_t size() const noexcept { return size_; }
  const std::string& path() const noexcept { return path_; }
  /// True when the file starts with the gzip magic bytes.
  bool gzipped() const {
    unsigned char magic[2] = {0, 0};
    return ::pread(fd_, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  }
  /// The offset just after the first '\n' at or after `from` (the file size when there is none).
  std::uint64_t next_line_start(std::uint64_t from) const {
    char buf[64 * 1024];
    while (from < size_) {
      const ::ssize_t got = ::pread(fd_, buf, sizeof buf, ::off_t(from));
      if (got <= 0) break;
      if (const void* nl = std::memchr(buf, '\n', std::size_t(got)))
        return from + std::uint64_t(static_cast<const char*>(nl) - buf) + 1;
      from += std::uint64_t(got);
    }
    return size_;
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool regular_ = false;
  std::uint64_t size_ = 0;
};

/// The first non-blank lines of a file (up to `max_lines`, from its first 8 MiB: JSON lines of
/// several hundred KiB happen), for format detection.
inline std::vector<std::string> sample_lines(const open_file& f, std::size_t max_lines) {
  std::atomic<std::uint64_t> ignored{0};
  const std::uint64_t limit = std::min<std::uint64_t>(f.size(), 8 << 20);
  logs::line_reader reader(std::make_unique<range_source>(f.fd(), 0, limit, f.path(), ignored));
  std::vector<std::string> out;
  while (auto l = reader.next()) {
    if (out.size() == max_lines) break;
    if (!trim(l->text).empty()) out.emplace_back(l->text);
  }
  if (limit < f.size() && !out.empty() && out.size() < max_lines) out.pop_back();  // may be cut by the limit
  return out;
}

/// Scans a regular file with `threads` workers, each on a range of whole lines, each with its own
/// copy of `prototype`; returns the merged sink. Memory: one 64 KiB-1 MiB buffer per thread.
/// @throws logs::io_error when reading fails.
template <class Sink>
Sink scan_file(const open_file& f, const Sink& prototype, unsigned threads, progress& prog, scan_totals& totals) {
  // Small files are not worth a thread each.
  const std::uint64_t min_range = 4 << 20;
  threads = unsigned(std::max<std::uint64_t>(1, std::min<std::uint64_t>(threads, f.size() / min_range + 1)));
  std::vector<std::uint64_t> cut{0};
  for (unsigned k = 1; k < threads; ++k) cut.push_back(std::max(cut.back(), f.next_line_start(f.size() * k / threads - 1)));
  cut.push_back(f.size());

  std::vector<worker<Sink>> workers(threads, worker<Sink>{prototype, {}});
  std::vector<std::future<void>> done;
  for (unsigned k = 0; k < threads; ++k) {
    workers[k].summary.limits = totals.summary.limits;
    done.push_back(std::async(std::launch::async, [&, k] {
      logs::line_reader reader(std::make_unique<range_source>(f.fd(), cut[k], cut[k + 1], f.path(), prog.bytes));
      while (auto l = reader.next()) workers[k].line(l->text, l->number, l->too_long);
    }));
  }
  for (auto& d : done)
    while (d.wait_for(std::chrono::milliseconds(200)) != std::future_status::ready) prog.show();
  for (auto& d : done) d.get();  // rethrows a worker's exception

  Sink merged = std::move(workers[0].sink);
  std::size_t lines_before = 0;
  for (unsigned k = 0; k < threads; ++k) {
    if (k > 0) merged.merge(workers[k].sink);
    merge_summary(totals.summary, workers[k].summary, lines_before);
    lines_before += workers[k].summary.lines;
  }
  totals.bytes = f.size();
  totals.threads = threads;
  return merged;
}

/// A line read ahead of the scan (to detect the format of a stream), kept with its number.
struct held_line {
  std::string text;
  std::size_t number = 0;
  bool too_long = false;
};

/// Reads lines of a stream until `max_nonblank` non-blank ones are held (for format detection).
inline std::vector<held_line> read_ahead(logs::line_reader& reader, std::size_t max_nonblank) {
  std::vector<held_line> out;
  std::size_t nonblank = 0;
  while (nonblank < max_nonblank) {
    auto l = reader.next();
    if (!l) break;
    out.push_back({std::string(l->text), l->number, l->too_long});
    nonblank += !trim(l->text).empty();
  }
  return out;
}

/// Scans a stream (stdin, a gzip file) in one pass; `ahead` are the lines read_ahead() took.
/// @throws logs::io_error when reading fails.
template <class Sink>
Sink scan_stream(logs::line_reader& reader, const std::vector<held_line>& ahead, const Sink& prototype, progress& prog,
                 scan_totals& totals) {
  worker<Sink> w{prototype, {}};
  w.summary.limits = totals.summary.limits;
  for (const held_line& h : ahead) {
    w.line(h.text, h.number, h.too_long);
    totals.bytes += h.text.size() + 1;
  }
  while (auto l = reader.next()) {
    w.line(l->text, l->number, l->too_long);
    totals.bytes += l->text.size() + 1;
    if ((l->number & 0xffff) == 0) {
      prog.lines = l->number;
      prog.show();
    }
  }
  merge_summary(totals.summary, w.summary, 0);
  return std::move(w.sink);
}

}  // namespace aiops::app::analyze
