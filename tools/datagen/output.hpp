// aiops: datagen's output helpers: files, a small JSON writer for truth files, time and number formats
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::int64_t
#include <filesystem>   // std::filesystem::path
#include <initializer_list>  // std::initializer_list
#include <map>          // std::map: sorted keys make the output order fixed
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include <aiops/core.hpp>

namespace datagen {

using aiops::timestamp_ns;
inline constexpr timestamp_ns ns_per_ms = 1'000'000;

/// Writes `content` to dir/relative (creating directories); throws std::runtime_error on failure.
void write_file(const std::filesystem::path& dir, std::string_view relative, const std::string& content);

/// "05/Jun/2025:14:12:03 +0000": nginx $time_local of a UTC time.
std::string nginx_time(timestamp_ns t);
/// "Jun  9 06:25:01": the RFC 3164 time (no year, day padded with a space).
std::string syslog_time(timestamp_ns t);
/// RFC 3339 with `digits` fraction digits and a UTC offset in minutes ("Z" when 0, else "+08:00").
std::string rfc3339(timestamp_ns t, int digits, int offset_minutes = 0);

/// Milliseconds as seconds with three decimals ("60.002"), exact, as nginx prints $request_time.
std::string seconds_from_ms(std::int64_t ms);
/// Joins the parts. The elements of a braced list are evaluated left to right, while the operands
/// of `a + f() + g()` are not (GCC and Clang differ), so strings with several random parts are built
/// with concat({...}) to draw them in one fixed order.
std::string concat(std::initializer_list<std::string_view> parts);
/// Percent-encodes a query value: unreserved bytes kept, space as '+', the rest as %XX.
std::string query_encode(std::string_view s);
/// JSON string literal with quotes; UTF-8 passes through, controls become \u00XX.
std::string json_quote(std::string_view s);

/// Nearest-rank percentile of sorted values: the value at rank ceil(p/100 * n), 1-based.
std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent);

/// The k largest counts, ties broken by key ascending.
std::vector<std::pair<std::string, std::int64_t>> top_k(const std::map<std::string, std::int64_t>& counts,
                                                         std::size_t k);

/// Counts per key sorted by count descending then key: the order truth files list IPs in.
inline std::vector<std::pair<std::string, std::int64_t>> by_count(const std::map<std::string, std::int64_t>& c) {
  return top_k(c, c.size());
}

/// One compact JSON object on one line, fields in the order they are added (as loggers write them).
class json_line {
 public:
  json_line& str(std::string_view key, std::string_view value);
  json_line& num(std::string_view key, std::int64_t value);
  json_line& null(std::string_view key);
  /// A value that is already JSON (a nested object built by another json_line).
  json_line& raw(std::string_view key, std::string_view json);
  std::string str() const { return out_ + "}"; }

 private:
  json_line& key(std::string_view key);
  std::string out_ = "{";
};

/// A pretty-printing JSON writer with a fixed layout, so truth files diff well and hash stably.
/// Arrays opened with `inline_items` print their scalars on one line (long per-minute series).
class json_writer {
 public:
  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array(bool inline_items = false);
  json_writer& end_array();
  json_writer& key(std::string_view k);
  json_writer& value(std::string_view s);
  json_writer& value(const char* s) { return value(std::string_view(s)); }
  json_writer& value(std::int64_t n);
  json_writer& value(int n) { return value(static_cast<std::int64_t>(n)); }
  json_writer& value(std::size_t n) { return value(static_cast<std::int64_t>(n)); }
  /// A number already formatted (e.g. seconds_from_ms), written without quotes.
  json_writer& number(std::string_view formatted);
  /// An object of counts in the given order.
  json_writer& counts(const std::vector<std::pair<std::string, std::int64_t>>& items);
  json_writer& counts(const std::map<std::string, std::int64_t>& items);
  /// An inline array of integers.
  json_writer& series(const std::vector<std::int64_t>& items);
  std::string str() const { return out_ + "\n"; }

 private:
  struct level {
    bool array;
    bool inline_items;
    bool empty = true;
  };
  void before_value();
  void newline();
  std::string out_;
  std::vector<level> stack_;
  bool after_key_ = false;
};

}  // namespace datagen
