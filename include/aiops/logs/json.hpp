// aiops: JSON-lines log parser: one object per line, nested objects flattened to dotted keys
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/logs/detail/escapes.hpp"
#include "aiops/logs/detail/kv_builder.hpp"
#include "aiops/logs/fields.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs {

/// Limits that keep a hostile line from exhausting the stack or the memory.
struct json_options {
  std::size_t max_depth = 64;                   ///< objects and arrays nested deeper fail with errc::too_long
  std::size_t max_flattened_bytes = 16 << 20;  ///< unescaped strings plus dotted keys of one line
};

/// Reads one JSON object per line into a kv_record: nested objects become dotted keys
/// ({"http":{"status":200}} gives "http.status"), arrays stay raw JSON text, strings are
/// unescaped (\uXXXX surrogate pairs become UTF-8; a lone surrogate becomes U+FFFD), numbers,
/// booleans and null keep their literal text.
///
///     aiops::logs::json_parser parse;
///     auto rec = parse(R"({"level":"warn","http":{"status":503}})");
///     if (rec) double status = rec->number("http.status").value_or(0);
///
/// The record views this parser's buffers: it is valid until the next call. Not thread-safe;
/// use one parser per thread. Invalid UTF-8 inside strings is passed through, not checked.
class json_parser {
 public:
  explicit json_parser(json_options options = {}) : options_(options) {}

  result<kv_record> operator()(std::string_view line) { return parse(line); }

  result<kv_record> parse(std::string_view line) {
    s_ = line;
    pos_ = 0;
    path_.clear();
    out_.start(line);
    skip_ws();
    if (done()) return fail(errc::unexpected_end, "empty line: expected a JSON object", pos_ + 1);
    if (peek() != '{') return fail(errc::syntax, "a JSON log line must be an object ('{...}')", pos_ + 1);
    if (!object(1)) return error_;
    skip_ws();
    if (!done()) return fail(errc::syntax, "unexpected text after the JSON object", pos_ + 1);
    return out_.finish();
  }

 private:
  using ref = detail::kv_builder::ref;

  bool done() const noexcept { return pos_ >= s_.size(); }
  char peek() const noexcept { return done() ? '\0' : s_[pos_]; }
  bool eat(char c) noexcept {
    if (peek() != c || done()) return false;
    ++pos_;
    return true;
  }
  void skip_ws() noexcept {
    while (!done() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\n')) ++pos_;
  }
  bool fail_here(errc code, const char* message) {
    error_ = fail(done() ? errc::unexpected_end : code, message, pos_ + 1);
    return false;
  }
  bool enter(std::size_t depth) {
    if (depth <= options_.max_depth) return true;
    error_ = fail(errc::too_long, "JSON nested deeper than " + std::to_string(options_.max_depth) + " levels", pos_ + 1);
    return false;
  }
  bool check_arena() {
    if (out_.arena.size() <= options_.max_flattened_bytes) return true;
    error_ = fail(errc::too_long, "flattened keys and unescaped strings exceed max_flattened_bytes", pos_ + 1);
    return false;
  }

  // At '{': the members, flattened under path_.
  bool object(std::size_t depth) {
    if (!enter(depth)) return false;
    const std::size_t open = pos_++;
    skip_ws();
    if (eat('}')) {
      if (depth > 1) {  // keep the key of an empty nested object: its presence can matter
        const std::size_t mark = out_.arena.size();
        out_.arena.append(path_, 0, path_.size() - 1);
        out_.add(out_.since(mark), out_.in_line(s_.substr(open, pos_ - open)), value_kind::object);
        return check_arena();
      }
      return true;
    }
    for (;;) {
      skip_ws();
      if (peek() != '"' || done()) return fail_here(errc::syntax, "expected a string key");
      std::string_view key;
      bool escaped = false;
      if (!string_token(key, escaped)) return false;
      skip_ws();
      if (!eat(':')) return fail_here(errc::syntax, "expected ':' after the key");
      skip_ws();
      if (!member(key, escaped, depth)) return false;
      skip_ws();
      if (eat(',')) continue;
      if (eat('}')) return true;
      return fail_here(errc::syntax, "expected ',' or '}' after a value");
    }
  }

  bool member(std::string_view key, bool key_escaped, std::size_t depth) {
    if (peek() == '{') {
      const std::size_t saved = path_.size();
      if (key_escaped) detail::unescape_into(key, path_);
      else path_ += key;
      path_ += '.';
      const bool ok = object(depth + 1);
      path_.resize(saved);
      return ok;
    }
    ref key_ref;
    if (path_.empty() && !key_escaped) {
      key_ref = out_.in_line(key);
    } else {
      const std::size_t mark = out_.arena.size();
      out_.arena += path_;
      if (key_escaped) detail::unescape_into(key, out_.arena);
      else out_.arena += key;
      key_ref = out_.since(mark);
    }
    const std::size_t start = pos_;
    value_kind kind = value_kind::string;
    ref value_ref;
    if (peek() == '"') {
      std::string_view text;
      bool escaped = false;
      if (!string_token(text, escaped)) return false;
      if (escaped) {
        const std::size_t mark = out_.arena.size();
        detail::unescape_into(text, out_.arena);
        value_ref = out_.since(mark);
      } else {
        value_ref = out_.in_line(text);
      }
    } else {
      if (!scalar_or_array(depth + 1, kind)) return false;
      value_ref = out_.in_line(s_.substr(start, pos_ - start));
    }
    out_.add(key_ref, value_ref, kind);
    return check_arena();
  }

  // A number, true/false/null or an array (skipped, kept raw); sets `kind`.
  bool scalar_or_array(std::size_t depth, value_kind& kind) {
    switch (peek()) {
      case '[': kind = value_kind::array; return skip_value(depth);
      case 't': kind = value_kind::boolean; return literal("true");
      case 'f': kind = value_kind::boolean; return literal("false");
      case 'n': kind = value_kind::null; return literal("null");
      default: kind = value_kind::number; return number_token();
    }
  }

  // Any value, checked but not stored (the inside of an array).
  bool skip_value(std::size_t depth) {
    const char open = peek();
    if (open == '"') {
      std::string_view text;
      bool escaped = false;
      return string_token(text, escaped);
    }
    if (open != '[' && open != '{') {
      value_kind kind;
      return scalar_or_array(depth, kind);
    }
    if (!enter(depth)) return false;
    const char close = open == '[' ? ']' : '}';
    ++pos_;
    skip_ws();
    if (eat(close)) return true;
    for (;;) {
      skip_ws();
      if (open == '{') {
        std::string_view key;
        bool escaped = false;
        if (peek() != '"' || done()) return fail_here(errc::syntax, "expected a string key");
        if (!string_token(key, escaped)) return false;
        skip_ws();
        if (!eat(':')) return fail_here(errc::syntax, "expected ':' after the key");
        skip_ws();
      }
      if (!skip_value(depth + 1)) return false;
      skip_ws();
      if (eat(',')) continue;
      if (eat(close)) return true;
      return fail_here(errc::syntax, open == '[' ? "expected ',' or ']' in an array" : "expected ',' or '}' after a value");
    }
  }

  // At '"': the raw text between the quotes; `escaped` says whether it holds a backslash.
  bool string_token(std::string_view& text, bool& escaped) {
    const std::size_t start = ++pos_;
    while (!done()) {  // checked here so that the decoding later cannot fail
      const char c = s_[pos_];
      if (c == '"') {
        text = s_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return fail_here(errc::syntax, "control character in a string (it must be escaped)");
      if (c == '\\') {
        escaped = true;
        if (pos_ + 1 >= s_.size()) break;
        const char e = s_[pos_ + 1];
        if (e == 'u') {
          if (detail::hex_digits(s_, pos_ + 2, 4) < 0)
            return fail_here(pos_ + 6 > s_.size() ? errc::unexpected_end : errc::syntax, "expected four hex digits after \\u");
          pos_ += 6;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos)
          return fail_here(errc::syntax, "invalid escape in a string");
        pos_ += 2;
        continue;
      }
      ++pos_;
    }
    pos_ = s_.size();
    return fail_here(errc::unexpected_end, "unterminated string");
  }

  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return fail_here(errc::syntax, "expected a value");
    pos_ += word.size();
    return true;
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool number_token() {
    eat('-');
    auto digits = [this] {
      const std::size_t start = pos_;
      while (!done() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ - start;
    };
    if (eat('0')) {
      if (!done() && s_[pos_] >= '0' && s_[pos_] <= '9') return fail_here(errc::syntax, "a number cannot start with 0");
    } else if (digits() == 0) {
      return fail_here(errc::syntax, "expected a value");
    }
    if (eat('.') && digits() == 0) return fail_here(errc::syntax, "expected digits after the decimal point");
    if (eat('e') || eat('E')) {
      if (!eat('+')) eat('-');
      if (digits() == 0) return fail_here(errc::syntax, "expected digits in the exponent");
    }
    return true;
  }

  json_options options_;
  std::string_view s_;
  std::size_t pos_ = 0;
  std::string path_;  // "outer.inner." while inside nested objects
  detail::kv_builder out_;
  failure error_;
};

}  // namespace logs
AIOPS_END_NAMESPACE
