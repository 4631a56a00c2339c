// aiops: grok internals: %{SYNTAX:semantic:type} references expanded into one regex, with a map back to the source
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::find, std::upper_bound, std::all_of
#include <charconv>     // std::from_chars
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
#include <optional>     // std::optional
#include <string>       // std::string, std::to_string
#include <string_view>  // std::string_view
#include <system_error>  // std::errc
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs {

/// What a grok capture is converted to: `%{NUMBER:bytes:int}` is an integer.
enum class grok_type : std::uint8_t {
  string,    ///< the captured text (no suffix)
  integer,   ///< `:int` or `:long`: a 64-bit integer
  floating,  ///< `:float` or `:double`: a finite double
};

namespace detail {

// A regex expands to at most this many bytes: a library whose patterns refer to each other
// twice per level grows exponentially, and PCRE2 compile time grows with the size.
inline constexpr std::size_t grok_max_regex_size = 256 * 1024;
// References nest at most this deep (the standard library needs 9).
inline constexpr std::size_t grok_max_depth = 64;

constexpr bool is_grok_name_char(char c) noexcept {
  return is_digit(c) || c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
constexpr bool is_field_char(char c) noexcept { return is_grok_name_char(c) || c == '-' || c == '.' || c == '@'; }

// A named capture of the expanded regex: the PCRE2 group "_g<index>" (or a raw "(?<name>...)").
struct grok_capture {
  std::string field;  // "source.address" for [source][address]
  grok_type type = grok_type::string;
};

// Where a run of the expanded regex came from, for error messages.
struct grok_source_span {
  std::size_t out = 0;          // first byte in the expanded regex
  std::string_view definition;  // the library pattern it was copied from; empty for the pattern itself
  std::size_t offset = 0;       // byte offset in that pattern's text
  std::size_t column = 0;       // 1-based column, in the pattern itself, of this byte or of the reference that led here
  bool raw = true;              // copied regex text; false for the "(?<_g1>" and ")" around a reference
};

// The capture index of a generated group name "_g<index>", or npos for any other name.
inline std::size_t grok_generated_index(std::string_view name) noexcept {
  std::size_t index = 0;
  if (name.size() < 3 || name.substr(0, 2) != "_g") return std::string_view::npos;
  const auto [end, ec] = std::from_chars(name.data() + 2, name.data() + name.size(), index);
  return ec == std::errc() && end == name.data() + name.size() ? index : std::string_view::npos;
}

struct grok_expansion {
  std::string regex;
  std::vector<grok_capture> captures;  // index i is the group "_g<i>"
  std::vector<grok_source_span> spans;
};

// "[source][address]" or "source.address" -> "source.address"; nothing when malformed.
inline std::optional<std::string> canonical_field(std::string_view name) {
  if (name.empty()) return std::nullopt;
  if (name.front() != '[') {
    for (char c : name)
      if (!is_field_char(c)) return std::nullopt;
    return std::string(name);
  }
  std::string out;
  while (!name.empty()) {
    const std::size_t close = name.find(']');
    if (name.front() != '[' || close == std::string_view::npos || close == 1) return std::nullopt;
    const std::string_view part = name.substr(1, close - 1);
    for (char c : part)
      if (!is_field_char(c)) return std::nullopt;
    if (!out.empty()) out += '.';
    out += part;
    name.remove_prefix(close + 1);
  }
  return out;
}

// True when `query`, in either form, names the canonical field `canonical`.
constexpr bool field_name_matches(std::string_view canonical, std::string_view query) noexcept {
  if (query.empty() || query.front() != '[') return canonical == query;
  std::size_t at = 0;
  while (!query.empty()) {
    const std::size_t close = query.find(']');
    if (query.front() != '[' || close == std::string_view::npos) return false;
    const std::string_view part = query.substr(1, close - 1);
    if (at != 0) {
      if (at >= canonical.size() || canonical[at] != '.') return false;
      ++at;
    }
    if (canonical.substr(at, part.size()) != part) return false;
    at += part.size();
    query.remove_prefix(close + 1);
  }
  return at == canonical.size();
}

inline std::optional<grok_type> grok_type_named(std::string_view name) noexcept {
  if (name == "int" || name == "long") return grok_type::integer;
  if (name == "float" || name == "double") return grok_type::floating;
  return std::nullopt;
}

// "in the definition of NAME (character 4)": where in a library pattern something went wrong
// (without the character when `offset` is npos).
inline std::string grok_where(std::string_view definition, std::size_t offset) {
  std::string out = "in the definition of " + std::string(definition);
  if (offset != std::string_view::npos) out += " (character " + std::to_string(offset + 1) + ")";
  return out;
}

// Expands one grok pattern against a library: any type with `const std::string* find(name)` and
// `std::string_view find_name(name)` (the library's own copy of the name).
template <class Library>
class grok_expander {
 public:
  explicit grok_expander(const Library& library) : library_(library) {}

  // The regex of `pattern`, or why it cannot be built (column 1-based in `pattern`).
  result<grok_expansion> expand(std::string_view pattern) {
    if (auto why = expand_text(pattern, {}, 0)) return *why;
    return std::move(out_);
  }

 private:
  // Copies `text` (the pattern itself when `definition` is empty, else a library pattern reached
  // from the reference at `ref_column`), expanding its references.
  std::optional<failure> expand_text(std::string_view text, std::string_view definition, std::size_t ref_column) {
    const bool top = definition.empty();
    auto column_of = [&](std::size_t offset) { return top ? offset + 1 : ref_column; };
    std::size_t run = 0;  // start of the raw regex not yet copied
    auto copy_run = [&](std::size_t end) {
      if (end > run) {
        out_.spans.push_back({out_.regex.size(), definition, run, column_of(run), true});
        out_.regex.append(text.substr(run, end - run));
      }
    };
    for (std::size_t i = 0; i < text.size();) {
      if (text[i] == '\\') {  // "\%{" is not a reference; "\\%{" is
        i += 2;
        continue;
      }
      if (text[i] != '%' || i + 1 >= text.size() || text[i + 1] != '{') {
        ++i;
        continue;
      }
      copy_run(i);
      const std::size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos)
        return error("'%{' without its closing '}'", definition, i, column_of(i));
      if (auto why = expand_reference(text.substr(i + 2, close - i - 2), definition, i, column_of(i))) return why;
      i = run = close + 1;
    }
    copy_run(text.size());
    if (out_.regex.size() > grok_max_regex_size)
      return fail(errc::too_long, "the pattern expands to more than " + std::to_string(grok_max_regex_size / 1024) + " KiB of regex",
                  column_of(0));
    return std::nullopt;
  }

  // `body` is what is between "%{" and "}"; `at` is the offset of the '%' in `definition`.
  std::optional<failure> expand_reference(std::string_view body, std::string_view definition, std::size_t at, std::size_t column) {
    const std::size_t colon = body.find(':');
    const std::string_view syntax = body.substr(0, colon);
    std::string_view semantic;
    std::optional<std::string_view> type_name;
    if (colon != std::string_view::npos) {
      semantic = body.substr(colon + 1);
      const std::size_t last = semantic.rfind(':');
      if (last != std::string_view::npos && semantic.back() != ']') {  // "[a][b]:int" or "name:int"
        type_name = semantic.substr(last + 1);
        semantic = semantic.substr(0, last);
      }
    }
    const std::string shown = "%{" + std::string(body) + "}";
    if (syntax.empty() || !std::all_of(syntax.begin(), syntax.end(), is_grok_name_char))
      return error("bad reference " + shown + ": expected %{NAME}, %{NAME:field} or %{NAME:field:type}, NAME in letters, digits and '_'",
                   definition, at, column);
    std::optional<std::string> field;
    if (colon != std::string_view::npos) {
      field = canonical_field(semantic);
      if (!field)
        return error("bad field name '" + std::string(semantic) + "' in " + shown +
                         ": use letters, digits, '_', '-', '.', '@', or the [a][b] form",
                     definition, at, column);
    }
    grok_type type = grok_type::string;
    if (type_name) {
      const auto t = grok_type_named(*type_name);
      if (!t) return error("unknown type '" + std::string(*type_name) + "' in " + shown + ": use int or float", definition, at, column);
      type = *t;
    }
    const std::string* regex = library_.find(syntax);
    if (!regex) return error("unknown pattern " + ("%{" + std::string(syntax) + "}"), definition, at, column);
    if (std::find(stack_.begin(), stack_.end(), syntax) != stack_.end()) {
      std::string cycle;
      for (std::string_view name : stack_) cycle += std::string(name) + " -> ";
      return fail(errc::syntax, "pattern cycle: " + cycle + std::string(syntax), column);
    }
    if (stack_.size() >= grok_max_depth)
      return fail(errc::too_long, "patterns nest more than " + std::to_string(grok_max_depth) + " levels deep", column);

    out_.spans.push_back({out_.regex.size(), definition, at, column, false});
    if (field) {
      out_.regex += "(?<_g" + std::to_string(out_.captures.size()) + ">";  // read back by grok_generated_index
      out_.captures.push_back({std::move(*field), type});
    } else {
      out_.regex += "(?:";
    }
    stack_.push_back(syntax);
    auto why = expand_text(*regex, library_name(syntax), column);
    stack_.pop_back();
    if (why) return why;
    out_.spans.push_back({out_.regex.size(), definition, at, column, false});
    out_.regex += ')';
    return std::nullopt;
  }

  // A failure in `definition` (empty: the pattern itself) at byte `at`, with the chain of
  // references that led there: "in the definition of B (character 4), reached through A -> B".
  failure error(std::string what, std::string_view definition, std::size_t at, std::size_t column) const {
    if (!definition.empty()) {
      what += " " + grok_where(definition, at);
      if (stack_.size() > 1) {
        what += ", reached through ";
        for (std::size_t i = 0; i < stack_.size(); ++i) what += (i ? " -> " : "") + std::string(stack_[i]);
      }
    }
    return fail(errc::syntax, std::move(what), column);
  }

  // The library's own copy of the name (the reference text dies with the pattern string).
  std::string_view library_name(std::string_view syntax) const { return library_.find_name(syntax); }

  const Library& library_;
  grok_expansion out_;
  std::vector<std::string_view> stack_;  // the library patterns being expanded, outermost first
};

// The source of byte `offset` of an expanded regex (for a PCRE2 compile error).
inline const grok_source_span* grok_span_at(const grok_expansion& e, std::size_t offset) {
  auto it = std::upper_bound(e.spans.begin(), e.spans.end(), offset,
                             [](std::size_t o, const grok_source_span& s) { return o < s.out; });
  return it == e.spans.begin() ? nullptr : &*(it - 1);
}

}  // namespace detail
}  // namespace logs
AIOPS_END_NAMESPACE
