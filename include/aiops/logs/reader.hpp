// aiops: buffered line reading from files, stdin or memory, and the bulk-parse loop with its bad-line summary
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min
#include <cerrno>       // errno, EINTR
#include <concepts>     // std::same_as
#include <cstddef>      // std::size_t
#include <cstring>      // std::memchr, std::memmove, std::memcpy, std::strerror
#include <memory>       // std::unique_ptr
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <type_traits>  // std::is_invocable_v, std::remove_cvref_t
#include <utility>      // std::move, std::as_const
#include <vector>       // std::vector

#include <fcntl.h>   // open: POSIX read() returns what a pipe has, so `tail -f | aiops` streams
#include <unistd.h>  // read, close

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs {

/// A file that cannot be opened or read, or compressed data that is corrupt.
class io_error : public error {
 public:
  using error::error;
};

/// Where a line_reader gets its bytes.
class byte_source {
 public:
  virtual ~byte_source() = default;
  /// Reads up to `n` bytes into `buffer`; returns 0 only at the end. @throws io_error
  virtual std::size_t read(char* buffer, std::size_t n) = 0;
  /// A name for messages: the path, "<stdin>" or "<memory>".
  virtual std::string_view name() const noexcept = 0;
};

/// A file or standard input, read with POSIX read() (no second buffer, partial reads on pipes).
class file_source final : public byte_source {
 public:
  /// Opens `path`; "-" is standard input. @throws io_error when the file cannot be opened.
  explicit file_source(std::string path) : name_(std::move(path)) {
    if (name_ == "-") {
      fd_ = 0;
      owned_ = false;
      name_ = "<stdin>";
      return;
    }
    do fd_ = ::open(name_.c_str(), O_RDONLY | O_CLOEXEC);
    while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) throw io_error("cannot open " + name_ + ": " + std::strerror(errno));
  }
  file_source(const file_source&) = delete;
  file_source& operator=(const file_source&) = delete;
  ~file_source() override {
    if (owned_) ::close(fd_);
  }

  /// True when the input starts with the gzip magic bytes 1f 8b (peeked: read() still returns them).
  bool starts_with_gzip_magic() {
    while (head_size_ < 2) {
      const std::size_t n = read_fd(head_ + head_size_, 2 - head_size_);
      if (n == 0) break;
      head_size_ += n;
    }
    return head_size_ == 2 && static_cast<unsigned char>(head_[0]) == 0x1f && static_cast<unsigned char>(head_[1]) == 0x8b;
  }

  std::size_t read(char* buffer, std::size_t n) override {
    if (head_pos_ < head_size_) {
      const std::size_t k = std::min(n, head_size_ - head_pos_);
      std::memcpy(buffer, head_ + head_pos_, k);
      head_pos_ += k;
      return k;
    }
    return read_fd(buffer, n);
  }
  std::string_view name() const noexcept override { return name_; }

 private:
  std::size_t read_fd(char* buffer, std::size_t n) {
    for (;;) {
      const ::ssize_t got = ::read(fd_, buffer, n);
      if (got >= 0) return std::size_t(got);
      if (errno != EINTR) throw io_error("cannot read " + name_ + ": " + std::strerror(errno));
    }
  }

  std::string name_;
  int fd_ = -1;
  bool owned_ = true;
  char head_[2] = {};
  std::size_t head_size_ = 0;
  std::size_t head_pos_ = 0;
};

/// Text held in memory, read like a file (tests, logs fetched over HTTP).
class memory_source final : public byte_source {
 public:
  explicit memory_source(std::string text) : text_(std::move(text)) {}
  std::size_t read(char* buffer, std::size_t n) override {
    const std::size_t k = std::min(n, text_.size() - pos_);
    std::memcpy(buffer, text_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  std::string_view name() const noexcept override { return "<memory>"; }

 private:
  std::string text_;
  std::size_t pos_ = 0;
};

/// Limits of a line_reader.
struct reader_options {
  /// Longer lines come back with too_long = true and only their first max_line_length bytes;
  /// the rest is skipped without being stored, so memory stays bounded on any input.
  std::size_t max_line_length = std::size_t(1) << 20;
};

/// One line of input.
struct line {
  std::string_view text;   ///< without "\n" or "\r\n"; valid until the reader's next call
  std::size_t number = 0;  ///< 1-based
  bool too_long = false;   ///< longer than max_line_length: `text` is its beginning only
};

/// Splits a byte_source into lines, holding at most one line (up to max_line_length) in memory.
/// Handles "\r\n", a last line without a newline, and a UTF-8 BOM at the start (removed).
///
///     aiops::logs::line_reader reader(std::make_unique<aiops::logs::file_source>("app.log"));
///     while (auto l = reader.next()) use(l->number, l->text);
class line_reader {
 public:
  explicit line_reader(std::unique_ptr<byte_source> source, reader_options options = {})
      : source_(std::move(source)), options_(options), buffer_(chunk) {}

  /// The next line, or nothing at the end of the input. @throws io_error on a read failure.
  std::optional<line> next() {
    if (skipping_ && !skip_rest_of_line()) return std::nullopt;
    for (;;) {
      if (const void* nl = std::memchr(buffer_.data() + scanned_, '\n', end_ - scanned_)) {
        const std::size_t at = std::size_t(static_cast<const char*>(nl) - buffer_.data());
        const std::size_t start = begin_;
        begin_ = scanned_ = at + 1;
        return make_line(start, without_cr(start, at), false);
      }
      scanned_ = end_;
      if (end_ - begin_ > options_.max_line_length) {
        skipping_ = true;
        const std::size_t start = begin_;
        begin_ = scanned_ = end_;
        return make_line(start, end_ - start, true);
      }
      if (eof_ || !fill()) {
        if (begin_ == end_) return std::nullopt;
        const std::size_t start = begin_;
        begin_ = scanned_ = end_;
        return make_line(start, without_cr(start, end_), false);
      }
    }
  }

  /// The source's name, for messages.
  std::string_view name() const noexcept { return source_->name(); }

 private:
  static constexpr std::size_t chunk = 64 * 1024;

  std::size_t without_cr(std::size_t start, std::size_t end) const noexcept {
    return end - start - (end > start && buffer_[end - 1] == '\r');
  }

  std::optional<line> make_line(std::size_t start, std::size_t size, bool cut) {
    line l;
    l.number = ++number_;
    l.too_long = cut || size > options_.max_line_length;
    l.text = std::string_view(buffer_.data() + start, l.too_long ? std::min(size, options_.max_line_length) : size);
    if (l.number == 1 && l.text.substr(0, 3) == "\xEF\xBB\xBF") l.text.remove_prefix(3);
    return l;
  }

  // Appends input after end_, moving the unread bytes to the front and growing the buffer up to
  // max_line_length + 1 bytes; false at the end of the input.
  bool fill() {
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      scanned_ -= begin_;
      begin_ = 0;
    }
    if (end_ == buffer_.size()) buffer_.resize(std::min(buffer_.size() * 2, std::max(options_.max_line_length + 1, chunk)));
    const std::size_t n = source_->read(buffer_.data() + end_, buffer_.size() - end_);
    if (n == 0) eof_ = true;
    end_ += n;
    return n > 0;
  }

  // Discards input up to and including the next newline; false when the input ends first.
  bool skip_rest_of_line() {
    for (;;) {
      if (const void* nl = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_)) {
        begin_ = scanned_ = std::size_t(static_cast<const char*>(nl) - buffer_.data()) + 1;
        skipping_ = false;
        return true;
      }
      begin_ = scanned_ = end_ = 0;
      if (eof_ || !fill()) return false;
    }
  }

  std::unique_ptr<byte_source> source_;
  reader_options options_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;    // first unread byte
  std::size_t end_ = 0;      // end of the bytes read
  std::size_t scanned_ = 0;  // [begin_, scanned_) has no newline
  std::size_t number_ = 0;
  bool eof_ = false;
  bool skipping_ = false;  // inside a too-long line that was already returned
};

/// Opens a plain-text file ("-" for stdin). @throws io_error when it cannot be opened, or when
/// it is gzip-compressed: open_log() in aiops/logs/gzip.hpp reads both.
inline line_reader open_lines(const std::string& path, reader_options options = {}) {
  auto file = std::make_unique<file_source>(path);
  if (file->starts_with_gzip_magic())
    throw io_error(std::string(file->name()) + " is gzip-compressed: use open_log() from <aiops/logs/gzip.hpp>");
  return line_reader(std::move(file), options);
}

/// How much of the bad input a bad_line_summary keeps.
struct summary_options {
  std::size_t max_examples = 10;        ///< bad lines kept as examples (all are counted)
  std::size_t max_example_chars = 200;  ///< bytes of each example's text
};

/// A line that did not parse.
struct bad_line {
  std::size_t number = 0;  ///< 1-based line number
  failure why;             ///< code, reason and 1-based column
  std::string text;        ///< the start of the line, cut at max_example_chars on a UTF-8 boundary
};

/// What a bulk parse saw: counts, and the first bad lines with line numbers and reasons.
struct bad_line_summary {
  std::size_t lines = 0;    ///< lines read, blank and bad ones included
  std::size_t records = 0;  ///< lines that parsed
  std::size_t blank = 0;    ///< empty or white-space lines, skipped
  std::size_t bad = 0;      ///< lines that did not parse (too long ones included)
  std::size_t continued = 0;  ///< lines the parser called the rest of the previous record (errc::continuation)
  std::size_t comments = 0;   ///< headers and markers of the log's producer, skipped (errc::comment)
  std::vector<bad_line> examples;
  summary_options limits;

  /// Counts a bad line and keeps it while fewer than limits.max_examples are kept; a line that
  /// continues the previous record (errc::continuation) is counted in `continued` only, a header
  /// or marker (errc::comment) in `comments` only.
  void add(std::size_t number, std::string_view text, failure why) {
    if (why.code == errc::continuation || why.code == errc::comment) {
      ++(why.code == errc::comment ? comments : continued);
      return;
    }
    ++bad;
    if (examples.size() >= limits.max_examples) return;
    std::size_t keep = std::min(text.size(), limits.max_example_chars);
    while (keep < text.size() && keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
    examples.push_back(bad_line{number, std::move(why), std::string(text.substr(0, keep))});
  }

  /// A report for people: one line of counts, then one per example.
  std::string describe() const {
    std::string out = std::to_string(records) + " records from " + std::to_string(lines) + " lines, " +
                      std::to_string(bad) + " bad, " + std::to_string(blank) + " blank";
    if (continued) out += ", " + std::to_string(continued) + " continuing a record";
    if (comments) out += ", " + std::to_string(comments) + " headers or markers";
    for (const bad_line& b : examples) {
      out += "\n  line " + std::to_string(b.number);
      if (b.why.column) out += ", column " + std::to_string(b.why.column);
      out += ": " + b.why.message + " [" + to_string(b.why.code) + "]\n    " + b.text;
    }
    if (bad > examples.size()) out += "\n  ... and " + std::to_string(bad - examples.size()) + " more";
    return out;
  }
};

/// A parser that can fill a record reused from line to line: `std::optional<failure>
/// parse_into(std::string_view, record_type&)` (access_format; w3c_parser, whose parse_into is not
/// const since a "#Fields:" line changes its format).
template <class Parser>
concept fills_record = requires(Parser& p, std::string_view text, typename Parser::record_type& r) {
  { p.parse_into(text, r) } -> std::same_as<std::optional<failure>>;
};

namespace detail {
// The record for_each_record fills for every line when the parser fills_record, else nothing.
template <class Parser, bool = fills_record<Parser>>
struct reused_record {
  struct type {};
};
template <class Parser>
struct reused_record<Parser, true> {
  using type = typename Parser::record_type;
};
}  // namespace detail

/// Parses every line of `reader` with `parser` (a callable `result<R>(std::string_view)`:
/// access_format, syslog_parser, json_parser, logfmt_parser, or yours) and calls
/// `callback(const R&)` or `callback(const R&, const line&)` for each record. Blank lines are
/// skipped, bad and too long lines are counted and sampled, never thrown. A parser that
/// fills_record fills one record for all lines (the callback must not keep references to it).
/// @throws io_error when reading fails; what the callback throws.
template <class Parser, class Callback>
bad_line_summary for_each_record(line_reader& reader, Parser&& parser, Callback&& callback, summary_options limits = {}) {
  using parser_type = std::remove_cvref_t<Parser>;
  constexpr bool reuse = fills_record<parser_type>;
  [[maybe_unused]] typename detail::reused_record<parser_type>::type reused{};
  bad_line_summary summary;
  summary.limits = limits;
  const auto deliver = [&](auto& record, const line& l) {
    ++summary.records;
    if constexpr (std::is_invocable_v<Callback&, decltype(record), const line&>) callback(record, l);
    else callback(record);
  };
  while (auto l = reader.next()) {
    ++summary.lines;
    if (l->too_long) {
      summary.add(l->number, l->text, fail(errc::too_long, "line longer than " + std::to_string(l->text.size()) + " bytes", l->text.size() + 1));
      continue;
    }
    if (trim(l->text).empty()) {
      ++summary.blank;
      continue;
    }
    if constexpr (reuse) {
      if (auto why = parser.parse_into(l->text, reused)) {
        summary.add(l->number, l->text, std::move(*why));
        continue;
      }
      deliver(std::as_const(reused), *l);
    } else {
      auto record = parser(l->text);
      if (!record) {
        summary.add(l->number, l->text, record.error());
        continue;
      }
      deliver(*record, *l);
    }
  }
  return summary;
}

}  // namespace logs
AIOPS_END_NAMESPACE
