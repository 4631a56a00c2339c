// aiops: re.sub by PCRE2 alone, the reference regex_mask's own DFA is checked against
// SPDX-License-Identifier: MIT
#pragma once

#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

namespace aiops::testing {

/// Every match of `pattern` in `text` replaced by `placeholder` as Python's re.sub does (an empty
/// match inserts it and moves on one byte), with plain pcre2_match and no start-of-match
/// shortcut of ours. Nullopt when the pattern does not compile or PCRE2 gives up on the text
/// (its match limit: nested repeats on a long run), where no answer is known.
inline std::optional<std::string> pcre2_sub(std::string_view pattern, std::string_view text, std::string_view placeholder = "<*>") {
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code_8* code = pcre2_compile_8(reinterpret_cast<PCRE2_SPTR8>(pattern.data()), pattern.size(), 0, &error, &offset, nullptr);
  if (!code) return std::nullopt;
  pcre2_match_data_8* data = pcre2_match_data_create_from_pattern_8(code, nullptr);
  std::optional<std::string> out = std::string();
  std::size_t pos = 0, copied = 0;
  while (pos <= text.size()) {
    const int rc = pcre2_match_8(code, reinterpret_cast<PCRE2_SPTR8>(text.data()), text.size(), pos, 0, data, nullptr);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer_8(data);
    if (rc < 0 || ov[1] < ov[0]) {  // a limit, or \K before the start
      out.reset();
      break;
    }
    out->append(text.substr(copied, ov[0] - copied));
    *out += placeholder;
    copied = ov[1];
    pos = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
    if (ov[1] == ov[0] && ov[0] < text.size()) {
      *out += text[ov[0]];
      copied = ov[0] + 1;
    }
  }
  if (out && copied < text.size()) out->append(text.substr(copied));
  pcre2_match_data_free_8(data);
  pcre2_code_free_8(code);
  return out;
}

}  // namespace aiops::testing
