// aiops: a small XML 1.0 well-formedness checker with a flat element list, for testing SVG output
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <map>          // std::map
#include <stdexcept>    // std::runtime_error
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

namespace aiops::testing {

/// One element: its name, attributes (entities decoded), the text directly inside it and its depth.
struct xml_element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;
  int depth = 0;
  std::string attr(const std::string& name) const {
    auto it = attributes.find(name);
    return it == attributes.end() ? std::string() : it->second;
  }
};

/// Parses `doc` as a complete XML document (optional prolog, one root element, comments, CDATA,
/// character and the five predefined entity references; no DTD). Throws std::runtime_error
/// with the byte offset of the first violation.
class xml_document {
 public:
  explicit xml_document(std::string_view doc) : s_(doc) {
    check_utf8();
    skip_misc();
    if (starts("<?xml")) {
      skip_past("?>");
      skip_misc();
    }
    if (peek() != '<') fail("expected the root element");
    element(0);
    skip_misc();
    if (pos_ != s_.size()) fail("content after the root element");
  }

  const std::vector<xml_element>& elements() const { return elements_; }

  /// Every element named `name`, in document order.
  std::vector<xml_element> all(const std::string& name) const {
    std::vector<xml_element> out;
    for (const auto& e : elements_)
      if (e.name == name) out.push_back(e);
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("XML not well-formed at byte " + std::to_string(pos_) + ": " + what);
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool starts(std::string_view p) const { return s_.substr(pos_, p.size()) == p; }
  void skip_past(std::string_view end) {
    const std::size_t at = s_.find(end, pos_);
    if (at == std::string_view::npos) fail("unterminated construct, expected " + std::string(end));
    pos_ = at + end.size();
  }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  void skip_misc() {
    for (;;) {
      skip_space();
      if (starts("<!--")) skip_past("-->");
      else return;
    }
  }

  void check_utf8() {
    for (std::size_t i = 0; i < s_.size();) {
      const auto b = static_cast<unsigned char>(s_[i]);
      const int len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
      if (len == 0 || i + std::size_t(len) > s_.size()) { pos_ = i; fail("invalid UTF-8"); }
      for (int k = 1; k < len; ++k)
        if ((static_cast<unsigned char>(s_[i + std::size_t(k)]) & 0xC0) != 0x80) { pos_ = i; fail("invalid UTF-8"); }
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') { pos_ = i; fail("control character"); }
      i += std::size_t(len);
    }
  }

  static bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == ':' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
  }
  std::string name() {
    const std::size_t start = pos_;
    if (!name_char(peek()) || (peek() >= '0' && peek() <= '9') || peek() == '-' || peek() == '.') fail("expected a name");
    while (name_char(peek())) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  // Character data up to `stop`, with references decoded; a raw '<' or '&' is an error.
  std::string chars(char stop) {
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != stop) {
      const char c = s_[pos_];
      if (c == '<') {
        if (stop == '<') break;
        fail("'<' in an attribute value");
      }
      if (c == '&') {
        const std::size_t semi = s_.find(';', pos_);
        if (semi == std::string_view::npos || semi - pos_ > 10) fail("'&' that starts no entity reference");
        const std::string_view ref = s_.substr(pos_ + 1, semi - pos_ - 1);
        if (ref == "amp") out += '&';
        else if (ref == "lt") out += '<';
        else if (ref == "gt") out += '>';
        else if (ref == "quot") out += '"';
        else if (ref == "apos") out += '\'';
        else if (ref.size() >= 2 && ref[0] == '#') {
          const bool hex = ref[1] == 'x';
          unsigned long v = 0;
          for (char d : ref.substr(hex ? 2 : 1)) {
            const int digit = d >= '0' && d <= '9' ? d - '0' : hex && (d | 0x20) >= 'a' && (d | 0x20) <= 'f' ? (d | 0x20) - 'a' + 10 : -1;
            if (digit < 0) fail("bad character reference");
            v = v * (hex ? 16 : 10) + unsigned(digit);
          }
          if (v < 0x20 && v != 9 && v != 10 && v != 13) fail("character reference to a control character");
          out += v < 0x80 ? std::string(1, char(v)) : std::string("?");
        } else {
          fail("unknown entity &" + std::string(ref) + ";");
        }
        pos_ = semi + 1;
        continue;
      }
      if (stop == '<' && starts("]]>")) fail("']]>' in text");
      out += c;
      ++pos_;
    }
    return out;
  }

  void element(int depth) {
    ++pos_;  // '<'
    const std::size_t index = elements_.size();
    elements_.push_back({name(), {}, {}, depth});
    for (;;) {
      const bool spaced = peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r';
      skip_space();
      if (starts("/>")) { pos_ += 2; return; }
      if (peek() == '>') { ++pos_; break; }
      if (!spaced) fail("expected white space before an attribute");
      std::string attr = name();
      skip_space();
      if (peek() != '=') fail("expected '=' after attribute " + attr);
      ++pos_;
      skip_space();
      const char quote = peek();
      if (quote != '"' && quote != '\'') fail("expected a quoted attribute value");
      ++pos_;
      std::string value = chars(quote);
      if (peek() != quote) fail("unterminated attribute value");
      ++pos_;
      if (!elements_[index].attributes.emplace(attr, value).second) fail("duplicate attribute " + attr);
    }
    for (;;) {
      if (pos_ >= s_.size()) fail("unclosed element <" + elements_[index].name + ">");
      if (starts("</")) {
        pos_ += 2;
        if (name() != elements_[index].name) fail("mismatched end tag for <" + elements_[index].name + ">");
        skip_space();
        if (peek() != '>') fail("expected '>'");
        ++pos_;
        return;
      }
      if (starts("<!--")) { skip_past("-->"); continue; }
      if (starts("<![CDATA[")) {
        const std::size_t start = pos_ + 9;
        skip_past("]]>");
        elements_[index].text += std::string(s_.substr(start, pos_ - 3 - start));
        continue;
      }
      if (starts("<?")) { skip_past("?>"); continue; }
      if (peek() == '<') { element(depth + 1); continue; }
      elements_[index].text += chars('<');
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::vector<xml_element> elements_;
};

}  // namespace aiops::testing
