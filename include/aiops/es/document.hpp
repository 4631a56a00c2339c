// aiops: a document builder: dotted field names ("http.response.status_code") to nested JSON text
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <cstdint>      // std::int64_t
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <type_traits>  // std::is_integral_v, std::is_same_v
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"
#include "aiops/es/detail/json_text.hpp"

AIOPS_BEGIN_NAMESPACE
namespace es {

/// A JSON document built field by field, with dotted names nested as Elastic Common Schema does.
///
///     aiops::es::document d;
///     d.set("@timestamp", aiops::format_rfc3339(t))
///      .set("http.response.status_code", 503)
///      .set("url.path", "/api/v1/cart");
///     d.json();   // {"@timestamp":"...","http":{"response":{"status_code":503}},"url":{"path":"/api/v1/cart"}}
///
/// Fields keep the order in which they were first set. Setting a name again replaces its value;
/// when a name is both a value and an object (`a` then `a.b`), the last one set wins. Strings are
/// escaped and invalid UTF-8 becomes U+FFFD, so any bytes make a document the server can read.
/// An empty name or an empty segment (`a..b`) throws `std::invalid_argument`.
class document {
 public:
  document& set(std::string_view name, std::string_view text) {
    std::string& v = slot(name);
    v.clear();
    append_json_string(v, text);
    return *this;
  }
  document& set(std::string_view name, const char* text) { return set(name, std::string_view(text)); }
  document& set(std::string_view name, const std::string& text) { return set(name, std::string_view(text)); }
  template <class Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
  document& set(std::string_view name, Int value) {
    std::string& v = slot(name);
    v.clear();
    detail::append_int(v, static_cast<std::int64_t>(value));
    return *this;
  }
  /// A number; NaN and infinities are written as null (JSON has neither).
  document& set(std::string_view name, double value) {
    std::string& v = slot(name);
    v.clear();
    detail::append_number(v, value);
    return *this;
  }
  document& set(std::string_view name, bool value) {
    slot(name) = value ? "true" : "false";
    return *this;
  }
  /// A value that is already JSON text (an array, an object, null); written as it is, unchecked.
  document& set_json(std::string_view name, std::string_view json) {
    slot(name) = json;
    return *this;
  }
  /// A time as RFC 3339 UTC with milliseconds (`2025-06-02T00:28:45.000Z`), the form `date` fields read.
  document& set_time(std::string_view name, timestamp_ns t) { return set(name, format_rfc3339(t, 3)); }

  bool empty() const noexcept { return nodes_.size() == 1 && nodes_[0].children.empty(); }
  void clear() {
    nodes_.resize(1);
    nodes_[0].children.clear();
  }

  /// Appends the document to `out` as one line of JSON (no newline).
  void write(std::string& out) const { write_node(out, 0); }
  std::string json() const {
    std::string out;
    write(out);
    return out;
  }

 private:
  // A tree in one vector: node 0 is the root object; a node is a value or an object of children.
  struct node {
    std::string name;
    std::string value;                  // JSON text of a value; unused for an object
    std::vector<std::size_t> children;  // indexes of the members of an object
    bool object = false;
  };

  std::string& slot(std::string_view name) {
    std::size_t current = 0;
    std::size_t start = 0;
    for (;;) {
      const std::size_t dot = name.find('.', start);
      const std::string_view segment = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
      if (segment.empty()) throw std::invalid_argument("aiops::es::document: bad field name '" + std::string(name) + "'");
      const bool last = dot == std::string_view::npos;
      current = child(current, segment, !last);
      if (last) return nodes_[current].value;
      start = dot + 1;
    }
  }

  // The member `segment` of object `parent`, created when missing; `object` says what it must be.
  std::size_t child(std::size_t parent, std::string_view segment, bool object) {
    for (std::size_t i : nodes_[parent].children) {
      if (nodes_[i].name == segment) {
        if (nodes_[i].object != object) {
          nodes_[i].object = object;
          nodes_[i].children.clear();
          nodes_[i].value.clear();
        }
        return i;
      }
    }
    nodes_.push_back(node{std::string(segment), {}, {}, object});
    nodes_[parent].children.push_back(nodes_.size() - 1);
    return nodes_.size() - 1;
  }

  void write_node(std::string& out, std::size_t index) const {
    const node& n = nodes_[index];
    if (!n.object && index != 0) {
      out += n.value;
      return;
    }
    out += '{';
    bool first = true;
    for (std::size_t i : n.children) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, nodes_[i].name);
      out += ':';
      write_node(out, i);
    }
    out += '}';
  }

  std::vector<node> nodes_{node{{}, {}, {}, true}};
};

}  // namespace es
AIOPS_END_NAMESPACE
