// aiops: the buffers behind a kv_record, reused from line to line so parsing does not allocate
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/logs/fields.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs::detail {

// Keys and values are views into the line when they can be, and into `arena` when they had to
// be built (unescaped strings, dotted keys). The arena may reallocate while a line is parsed, so
// pieces are kept as offsets and only become string_views in finish().
class kv_builder {
 public:
  struct ref {
    std::size_t offset = 0;
    std::size_t size = 0;
    bool in_arena = false;
  };

  void start(std::string_view line) {
    line_ = line;
    arena.clear();
    entries_.clear();
  }

  // A piece of the line, given as a view into it.
  ref in_line(std::string_view piece) const noexcept {
    return {std::size_t(piece.data() - line_.data()), piece.size(), false};
  }
  // What was appended to the arena since arena.size() was `mark`.
  ref since(std::size_t mark) const noexcept { return {mark, arena.size() - mark, true}; }
  std::string_view view(ref r) const noexcept {
    return (r.in_arena ? std::string_view(arena) : line_).substr(r.offset, r.size);
  }

  void add(ref key, ref value, value_kind kind) { entries_.push_back({key, value, kind}); }

  kv_record finish() {
    fields_.resize(entries_.size());
    for (std::size_t i = 0; i < entries_.size(); ++i)
      fields_[i] = kv_field{view(entries_[i].key), view(entries_[i].value), entries_[i].kind};
    return kv_record(line_, fields_);
  }

  std::string arena;

 private:
  struct entry {
    ref key;
    ref value;
    value_kind kind;
  };
  std::string_view line_;
  std::vector<entry> entries_;
  std::vector<kv_field> fields_;
};

}  // namespace logs::detail
AIOPS_END_NAMESPACE
