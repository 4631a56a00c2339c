// aiops: fuzz target: regex_mask's DFA against PCRE2 on arbitrary patterns and texts
// SPDX-License-Identifier: MIT
//
// The first line is the pattern, the rest the text. Whenever regex_mask runs the pattern on its
// own DFA, the text it makes must be PCRE2's (unless PCRE2 gives up: no answer to compare).
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
#include <string>       // std::string
#include <string_view>  // std::string_view

#include <aiops/nlp/regex_mask.hpp>

#include "../support/pcre2_sub.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = aiops::fuzz::text(data, size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const std::string_view pattern = input.substr(0, newline);
  const auto mask = aiops::nlp::regex_mask::compile(pattern, "#");
  if (!mask || !mask->uses_dfa()) return 0;
  std::string text(input.substr(newline + 1));
  const auto expected = aiops::testing::pcre2_sub(pattern, text, "#");
  (*mask)(text);
  if (expected) aiops::fuzz::check(text == *expected, "the DFA's text differs from PCRE2's");
  return 0;
}
