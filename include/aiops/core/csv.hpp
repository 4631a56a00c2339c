// aiops: CSV (RFC 4180) records: a scanner of quoted fields, and one field written back
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <deque>        // std::deque
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE

/// Splits CSV text (RFC 4180: quoted fields with doubled quotes, line breaks inside quotes, CRLF;
/// a UTF-8 byte order mark skipped) into records of fields. Fields point into the text or, when
/// they held doubled quotes, into the scanner, which must outlive them. Blank lines are skipped.
class csv_scanner {
 public:
  csv_scanner(std::string_view text, char delimiter) : s_(text), delim_(delimiter) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 byte order mark
  }

  struct record {
    std::size_t line = 0;
    std::vector<std::string_view> fields;
    std::string error;  // empty when well formed
  };

  /// The next non-blank record, or false at the end.
  bool next(record& r) {
    while (pos_ < s_.size() && end_of_line()) {}  // blank lines are skipped, as pandas does
    if (pos_ >= s_.size()) return false;
    r.line = line_;
    r.fields.clear();
    r.error.clear();
    for (;;) {
      r.fields.push_back(pos_ < s_.size() && s_[pos_] == '"' ? quoted(r) : unquoted());
      if (pos_ >= s_.size() || end_of_line()) return true;
      ++pos_;  // the delimiter
    }
  }

 private:
  // Consumes "\n" or "\r\n" at pos_.
  bool end_of_line() {
    if (s_[pos_] == '\n') { ++pos_; ++line_; return true; }
    if (s_[pos_] == '\r' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') { pos_ += 2; ++line_; return true; }
    return false;
  }

  // At a delimiter, a line end or the end of the text (a lone CR is data).
  bool at_field_end() const {
    return pos_ >= s_.size() || s_[pos_] == delim_ || s_[pos_] == '\n' ||
           (s_[pos_] == '\r' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n');
  }

  std::string_view unquoted() {
    const std::size_t start = pos_;
    while (!at_field_end()) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  std::string_view quoted(record& r) {
    const std::size_t open_line = line_, open_col = column_of(pos_);
    const std::size_t start = ++pos_;
    std::string* unescaped = nullptr;
    for (;;) {
      const std::size_t q = s_.find('"', pos_);
      const std::size_t stop = q == std::string_view::npos ? s_.size() : q;
      for (std::size_t k = pos_; k < stop; ++k) line_ += s_[k] == '\n';
      if (unescaped) unescaped->append(s_.substr(pos_, stop - pos_));
      if (q == std::string_view::npos) {
        pos_ = s_.size();
        set_error(r, "unterminated quoted field opened on line " + std::to_string(open_line) + ", column " +
                         std::to_string(open_col));
        break;
      }
      if (q + 1 < s_.size() && s_[q + 1] == '"') {  // "" is one quote
        if (!unescaped) unescaped = &arena_.emplace_back(s_.substr(start, q - start));
        unescaped->push_back('"');
        pos_ = q + 2;
        continue;
      }
      pos_ = q + 1;
      const std::string_view field = unescaped ? std::string_view(*unescaped) : s_.substr(start, q - start);
      if (!at_field_end()) {
        set_error(r, "unexpected character after a closing quote at column " + std::to_string(column_of(pos_)));
        unquoted();  // skip the rest of the field
      }
      return field;
    }
    return unescaped ? std::string_view(*unescaped) : s_.substr(start);
  }

  std::size_t column_of(std::size_t p) const {
    const std::size_t nl = s_.rfind('\n', p == 0 ? 0 : p - 1);
    return nl == std::string_view::npos || p == 0 ? p + 1 : p - nl;
  }
  static void set_error(record& r, std::string why) {
    if (r.error.empty()) r.error = std::move(why);
  }

  std::string_view s_;
  char delim_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::deque<std::string> arena_;  // deque: growing it never moves the strings fields point into
};

/// Appends `field` to `out` as one CSV field, quoted only when it must be (as pandas writes): when
/// it holds the delimiter, a double quote, CR or LF, or when `force_quotes`. Quotes are doubled.
inline void append_csv_field(std::string& out, std::string_view field, char delimiter = ',', bool force_quotes = false) {
  const char special[] = {delimiter, '"', '\r', '\n'};
  if (!force_quotes && field.find_first_of(std::string_view(special, 4)) == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

AIOPS_END_NAMESPACE
