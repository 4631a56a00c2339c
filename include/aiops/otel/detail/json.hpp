// aiops: a small JSON reader (a tree with byte offsets for error messages) and string escaping, std only
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::uint8_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/utf8.hpp"  // append_utf8

AIOPS_BEGIN_NAMESPACE
namespace otel::detail {

/// A parsed JSON value; numbers keep their literal text so 64-bit integers stay exact.
struct json_node {
  enum class kind : std::uint8_t { null, boolean, number, string, array, object };
  kind type = kind::null;
  bool flag = false;
  std::string text;  ///< a string's value or a number's literal
  std::vector<json_node> items;
  std::vector<std::string> keys;   ///< an object's member names, in order
  std::vector<json_node> values;   ///< an object's member values, parallel to keys
  std::size_t offset = 0;  ///< where the value starts in the document

  /// Member `key` of an object (lowerCamelCase; snake_case keys were converted when parsed), or nullptr.
  const json_node* find(std::string_view key) const noexcept {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == key) return &values[i];
    return nullptr;
  }
};

/// 1-based "line L, column C" of byte `offset` in `text`.
inline std::string line_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

/// Parses one JSON document into a json_node tree; depth-limited so hostile input cannot exhaust the stack.
class json_reader {
 public:
  static constexpr std::size_t max_depth = 128;

  result<json_node> parse(std::string_view text) {
    s_ = text;
    pos_ = 0;
    json_node root;
    skip_ws();
    if (!value(root, 0)) return error_;
    skip_ws();
    if (pos_ < s_.size()) return failure_at("unexpected text after the JSON document");
    return root;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
  failure error_;

  failure failure_at(const char* what) const {
    return fail(pos_ >= s_.size() ? errc::unexpected_end : errc::syntax,
                std::string("JSON: ") + what + " at " + line_column(s_, pos_), pos_ + 1);
  }
  bool bad(const char* what) {
    error_ = failure_at(what);
    return false;
  }
  void skip_ws() noexcept {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return bad("invalid literal");
    pos_ += word.size();
    return true;
  }
  bool value(json_node& out, std::size_t depth) {
    if (depth > max_depth) return bad("nested deeper than 128 levels");
    out.offset = pos_;
    if (pos_ >= s_.size()) return bad("expected a value");
    switch (s_[pos_]) {
      case '{': return object(out, depth);
      case '[': return array(out, depth);
      case '"': out.type = json_node::kind::string; return string(out.text);
      case 't': out.type = json_node::kind::boolean; out.flag = true; return literal("true");
      case 'f': out.type = json_node::kind::boolean; return literal("false");
      case 'n': return literal("null");
      default: return number(out);
    }
  }
  bool object(json_node& out, std::size_t depth) {
    out.type = json_node::kind::object;
    ++pos_;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != '"') return bad("expected a member name in double quotes");
      std::string& key = out.keys.emplace_back();
      if (!string(key)) return false;
      camel_case(key);
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != ':') return bad("expected ':' after a member name");
      ++pos_;
      skip_ws();
      if (!value(out.values.emplace_back(), depth + 1)) return false;
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return bad("expected ',' or '}' in an object");
    }
  }
  bool array(json_node& out, std::size_t depth) {
    out.type = json_node::kind::array;
    ++pos_;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_ws();
      if (!value(out.items.emplace_back(), depth + 1)) return false;
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return bad("expected ',' or ']' in an array");
    }
  }
  bool number(json_node& out) {
    const std::size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    const std::size_t digits = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    if (pos_ == digits) return bad("expected a value");
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      const std::size_t frac = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ == frac) return bad("expected digits after '.'");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      const std::size_t exp = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ == exp) return bad("expected digits in an exponent");
    }
    out.type = json_node::kind::number;
    out.text.assign(s_.substr(start, pos_ - start));
    return true;
  }
  int hex4() {
    if (s_.size() - pos_ < 4) return -1;
    int v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
      else return -1;
    }
    return v;
  }

  bool string(std::string& out) {
    ++pos_;
    for (;;) {
      const std::size_t run = pos_;
      while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\\' && static_cast<unsigned char>(s_[pos_]) >= 0x20) ++pos_;
      out.append(s_.substr(run, pos_ - run));
      if (pos_ >= s_.size()) return bad("unterminated string");
      const char c = s_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        --pos_;
        return bad("control character in a string");
      }
      if (pos_ >= s_.size()) return bad("unterminated string");
      switch (s_[pos_++]) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          int cp = hex4();
          if (cp < 0) return bad("bad \\u escape");
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            const int lo = hex4();
            if (lo < 0) return bad("bad \\u escape");
            if (lo >= 0xDC00 && lo < 0xE000) {
              append_utf8(out, 0x10000 + ((static_cast<char32_t>(cp) - 0xD800) << 10) + (static_cast<char32_t>(lo) - 0xDC00));
              break;
            }
            append_utf8(out, replacement_char);
            cp = lo;
          }
          append_utf8(out, cp >= 0xD800 && cp < 0xE000 ? replacement_char : static_cast<char32_t>(cp));
          break;
        }
        default: --pos_; return bad("unknown escape in a string");
      }
    }
  }
  /// protobuf's JSON mapping accepts the .proto field names too: `trace_id` reads as `traceId`.
  static void camel_case(std::string& key) {
    if (key.find('_') == std::string::npos) return;
    std::string out;
    bool upper = false;
    for (char c : key) {
      if (c == '_') {
        upper = true;
      } else {
        out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        upper = false;
      }
    }
    key = std::move(out);
  }
};

}  // namespace otel::detail
AIOPS_END_NAMESPACE
