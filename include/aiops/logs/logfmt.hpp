// aiops: logfmt log parser (key=value pairs, as written by Go's logfmt and Heroku's router)
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/logs/detail/escapes.hpp"
#include "aiops/logs/detail/kv_builder.hpp"
#include "aiops/logs/fields.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs {

/// Reads logfmt lines (`level=info msg="hello world" duration=1.5s debug`) into a kv_record.
///
/// Pairs are separated by spaces or tabs. A value is bare (up to the next space) or quoted
/// with backslash escapes (\" \\ \n \t \uXXXX ...); `key=` gives an empty string and a key
/// without '=' gives a field of kind value_kind::none. A line of plain words therefore parses
/// as flags, as in Go's logfmt. Failures: a quote that is not closed, text glued to a closing
/// quote, an '=' with no key, a '"' inside a key or a bare value.
///
/// The record views this parser's buffers: it is valid until the next call. Not thread-safe.
class logfmt_parser {
 public:
  result<kv_record> operator()(std::string_view line) { return parse(line); }

  result<kv_record> parse(std::string_view line) {
    out_.start(line);
    std::size_t pos = 0;
    auto blank = [&] { return pos < line.size() && (line[pos] == ' ' || line[pos] == '\t'); };
    auto word_char = [&] {
      return pos < line.size() && line[pos] != ' ' && line[pos] != '\t' && line[pos] != '=' && line[pos] != '"';
    };
    for (;;) {
      while (blank()) ++pos;
      if (pos >= line.size()) return out_.finish();
      const std::size_t key_start = pos;
      while (word_char()) ++pos;
      if (pos == key_start)
        return fail(errc::syntax, line[pos] == '=' ? "expected a key before '='" : "unexpected '\"' where a key starts", pos + 1);
      const auto key = out_.in_line(line.substr(key_start, pos - key_start));
      if (pos >= line.size() || line[pos] != '=') {
        if (pos < line.size() && line[pos] == '"') return fail(errc::syntax, "unexpected '\"' in a key", pos + 1);
        out_.add(key, out_.in_line(line.substr(pos, 0)), value_kind::none);
        continue;
      }
      ++pos;
      if (pos < line.size() && line[pos] == '"') {
        const std::size_t open = pos++;
        bool escaped = false;
        while (pos < line.size() && line[pos] != '"') {
          if (line[pos] == '\\') {
            escaped = true;
            ++pos;
          }
          ++pos;
        }
        if (pos >= line.size()) return fail(errc::unexpected_end, "the quoted value has no closing quote", open + 1);
        const std::string_view text = line.substr(open + 1, pos - open - 1);
        ++pos;
        if (pos < line.size() && !blank()) return fail(errc::syntax, "expected a space after the closing quote", pos + 1);
        if (escaped) {
          const std::size_t mark = out_.arena.size();
          detail::unescape_into(text, out_.arena);
          out_.add(key, out_.since(mark), value_kind::string);
        } else {
          out_.add(key, out_.in_line(text), value_kind::string);
        }
        continue;
      }
      const std::size_t value_start = pos;
      while (pos < line.size() && !blank()) {
        if (line[pos] == '"') return fail(errc::syntax, "unexpected '\"' in an unquoted value", pos + 1);
        ++pos;
      }
      out_.add(key, out_.in_line(line.substr(value_start, pos - value_start)), value_kind::string);
    }
  }

 private:
  detail::kv_builder out_;
};

}  // namespace logs
AIOPS_END_NAMESPACE
