// aiops: a hash map from terms (words, tokens) that is looked up with a string_view, no copy per lookup
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>        // std::size_t
#include <functional>     // std::hash, std::equal_to
#include <string>         // std::string
#include <string_view>    // std::string_view
#include <unordered_map>  // std::unordered_map

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp::detail {

// Transparent: find() with a string_view does not build a std::string per token.
struct term_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Term -> Value, looked up with any string_view.
template <class Value>
using term_map = std::unordered_map<std::string, Value, term_hash, std::equal_to<>>;

}  // namespace nlp::detail
AIOPS_END_NAMESPACE
