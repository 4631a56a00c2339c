// aiops: key/value log records (what the JSON-lines and logfmt parsers return)
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
#include <optional>     // std::optional
#include <span>         // std::span
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/strings.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs {

/// What a value was in the source line.
enum class value_kind : std::uint8_t {
  string,   ///< a JSON string or a logfmt value (quoted or bare), unescaped
  number,   ///< a JSON number, as written
  boolean,  ///< "true" or "false"
  null,     ///< "null"
  array,    ///< a JSON array, kept as its raw text
  object,   ///< an empty nested JSON object, kept as "{}" (non-empty ones are flattened)
  none,     ///< a logfmt key without '=' (a flag)
};

/// The name of a value kind, for messages.
constexpr const char* to_string(value_kind kind) noexcept {
  switch (kind) {
    case value_kind::string: return "string";
    case value_kind::number: return "number";
    case value_kind::boolean: return "boolean";
    case value_kind::null: return "null";
    case value_kind::array: return "array";
    case value_kind::object: return "object";
    case value_kind::none: return "none";
  }
  return "unknown";
}

/// One key and its value; views into the line or into the parser that produced them.
struct kv_field {
  std::string_view key;    ///< nested JSON keys are joined with '.': {"a":{"b":1}} gives "a.b"
  std::string_view value;  ///< unescaped text for strings, the literal text otherwise
  value_kind kind = value_kind::string;
};

/// The fields of one line, in the order they appear.
///
/// Views into the line and into the parser's buffers: valid until the parser's next call and
/// while the line lives. Copy what you keep (`std::string(field.value)`).
class kv_record {
 public:
  kv_record() = default;
  kv_record(std::string_view line, std::span<const kv_field> fields) noexcept : line_(line), fields_(fields) {}

  std::string_view line() const noexcept { return line_; }
  std::size_t size() const noexcept { return fields_.size(); }
  bool empty() const noexcept { return fields_.empty(); }
  const kv_field& operator[](std::size_t i) const { return fields_[i]; }
  auto begin() const noexcept { return fields_.begin(); }
  auto end() const noexcept { return fields_.end(); }

  /// The field named `key`; when a key repeats, the last one wins (as in most JSON readers).
  const kv_field* find(std::string_view key) const noexcept {
    for (std::size_t i = fields_.size(); i-- > 0;)
      if (fields_[i].key == key) return &fields_[i];
    return nullptr;
  }

  /// The value of `key`, or nothing when the line has no such key.
  std::optional<std::string_view> get(std::string_view key) const noexcept {
    if (const kv_field* f = find(key)) return f->value;
    return std::nullopt;
  }

  /// The value of `key` read as a number (JSON numbers and strings such as "1.5"), or nothing.
  std::optional<double> number(std::string_view key) const noexcept {
    if (const kv_field* f = find(key)) return parse_double(f->value);
    return std::nullopt;
  }

 private:
  std::string_view line_;
  std::span<const kv_field> fields_;
};

}  // namespace logs
AIOPS_END_NAMESPACE
