// aiops: user-supplied regex masks (PCRE2 with JIT), Drain3's masking instructions as they are written
// SPDX-License-Identifier: MIT
#pragma once

#include <array>        // std::array
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t, std::uint32_t
#include <memory>       // std::shared_ptr
#include <new>          // std::bad_alloc
#include <optional>     // std::optional
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move

// The 8-bit library; the *_8 names below work whatever width an including program chose.
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/nlp/detail/regex_dfa.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

namespace detail {

// The per-thread match state: match data and a JIT stack bigger than PCRE2's 32 KiB default.
struct regex_scratch {
  pcre2_match_data_8* data = nullptr;
  pcre2_match_context_8* context = nullptr;
  pcre2_jit_stack_8* stack = nullptr;
  regex_scratch() {
    data = pcre2_match_data_create_8(32, nullptr);
    context = pcre2_match_context_create_8(nullptr);
    stack = pcre2_jit_stack_create_8(32 * 1024, 1024 * 1024, nullptr);
    if (!data || !context || !stack) {
      release();
      throw std::bad_alloc();
    }
    pcre2_jit_stack_assign_8(context, nullptr, stack);
  }
  ~regex_scratch() { release(); }
  regex_scratch(const regex_scratch&) = delete;
  regex_scratch& operator=(const regex_scratch&) = delete;
  void release() noexcept {
    pcre2_match_data_free_8(data);
    pcre2_match_context_free_8(context);
    pcre2_jit_stack_free_8(stack);
  }
};

// PCRE2's reason for an error code.
inline std::string pcre2_message(int code) {
  PCRE2_UCHAR8 text[256];
  if (pcre2_get_error_message_8(code, text, sizeof text) < 0) return "PCRE2 error " + std::to_string(code);
  return reinterpret_cast<const char*>(text);
}

// PCRE2's own start-of-match data of a compiled pattern (the byte every match starts with, or the
// set of them, and a byte every match holds after its start), used before PCRE2 is called: a line
// without the required byte is not searched, and each search starts at the first byte a match can
// start with. PCRE2 skips by the same data inside a search, so the matches are the same; what is
// saved is a call per mask and line (most lines hold fewer matches than masks) and PCRE2's slower
// byte-by-byte scan of the start set. Not used when the pattern turns the optimisation off, is
// anchored, has \G (which would see the moved start offset) or turns on UTF (where a caseless
// letter has non-ASCII forms).
class match_starts {
 public:
  match_starts(const pcre2_code_8* code, std::string_view pattern) {
    std::uint32_t options = 0, first_type = 0, first = 0, last_type = 0, last = 0;
    const std::uint8_t* bitmap = nullptr;
    pcre2_pattern_info_8(code, PCRE2_INFO_ALLOPTIONS, &options);
    pcre2_pattern_info_8(code, PCRE2_INFO_FIRSTCODETYPE, &first_type);
    pcre2_pattern_info_8(code, PCRE2_INFO_FIRSTCODEUNIT, &first);
    pcre2_pattern_info_8(code, PCRE2_INFO_FIRSTBITMAP, &bitmap);
    pcre2_pattern_info_8(code, PCRE2_INFO_LASTCODETYPE, &last_type);
    pcre2_pattern_info_8(code, PCRE2_INFO_LASTCODEUNIT, &last);
    if ((options & (PCRE2_NO_START_OPTIMIZE | PCRE2_ANCHORED | PCRE2_UTF | PCRE2_UCP)) != 0 ||
        pattern.find("\\G") != std::string_view::npos)
      return;
    if (last_type == 1) required_ = both_cases(static_cast<unsigned char>(last));
    if (first_type == 1) {
      scan_ = true;
      const std::string firsts = both_cases(static_cast<unsigned char>(first));
      if (firsts.size() == 1) only_ = firsts[0];
      for (unsigned char c : firsts) start_[c] = true;
    } else if (bitmap) {
      scan_ = true;
      for (std::size_t c = 0; c < 256; ++c) start_[c] = (bitmap[c / 8] >> (c % 8) & 1) != 0;
    }
  }

  /// False when no match can be in `text`.
  bool may_match(std::string_view text) const noexcept {
    if (required_.empty()) return true;
    for (unsigned char c : required_)
      if (text.find(static_cast<char>(c)) != std::string_view::npos) return true;
    return false;
  }

  /// The first position >= pos where a match can start (text.size() + 1 when there is none).
  std::size_t next(std::string_view text, std::size_t pos) const noexcept {
    if (!scan_) return pos;
    if (only_) {
      const std::size_t at = text.find(*only_, pos);
      return at == std::string_view::npos ? text.size() + 1 : at;
    }
    // As unsigned: the eight tests below are or-ed without branching.
    const auto at = [&](std::size_t i) -> unsigned { return start_[static_cast<unsigned char>(text[i])]; };
    // Eight bytes a test while none can start a match: half the instructions of a byte loop.
    while (pos + 8 <= text.size() && !(at(pos) | at(pos + 1) | at(pos + 2) | at(pos + 3) | at(pos + 4) | at(pos + 5) |
                                       at(pos + 6) | at(pos + 7)))
      pos += 8;
    while (pos < text.size() && !at(pos)) ++pos;
    return pos < text.size() ? pos : text.size() + 1;
  }

 private:
  // A caseless pattern reports its first and required bytes in one case (without UTF, PCRE2
  // folds ASCII letters only): a letter stands for both.
  static std::string both_cases(unsigned char c) {
    std::string out(1, static_cast<char>(c));
    if (c >= 'a' && c <= 'z') out += static_cast<char>(c - 'a' + 'A');
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    return out;
  }

  bool scan_ = false;
  std::array<bool, 256> start_{};
  std::optional<char> only_;  // when a match can start with one byte only: found by memchr
  std::string required_;  // one of these bytes is in every match (empty: no such byte known)
};

}  // namespace detail

/// A regular expression whose matches are replaced by a placeholder: a custom mask for
/// masker::add, with the syntax of Drain3's masking instructions (PCRE: lookbehind, \d, \b).
///
///     auto m = aiops::nlp::masker::standard();
///     m.add(aiops::nlp::regex_mask::compile(R"((?<=executed cmd )(".+?"))").value());
///
/// Matching is on bytes (no UTF-8 validation, so any input is safe) with PCRE2's JIT. Why not
/// std::regex: measured on datasets/logs/hdfs with three masks, libstdc++'s std::regex masks
/// 26 thousand lines/s and PCRE2 1.0 million; std::regex also has no lookbehind (which Drain3's
/// masks use) and overflows the stack on long lines (`(a|b)*c` on 200 kB). Copies share the
/// compiled pattern; applying it is thread-safe.
class regex_mask {
 public:
  /// Compiles `pattern`; fails with PCRE2's reason and the 1-based column of the error.
  static result<regex_mask> compile(std::string_view pattern, std::string placeholder = "<*>") {
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code_8* compiled = pcre2_compile_8(reinterpret_cast<PCRE2_SPTR8>(pattern.data()), pattern.size(), 0, &code,
                                             &offset, nullptr);
    if (!compiled) return fail(errc::syntax, "regex: " + detail::pcre2_message(code), offset + 1);
    const bool jit = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0;  // else matching interprets
    return regex_mask(std::shared_ptr<pcre2_code_8>(compiled, pcre2_code_free_8), jit, std::string(pattern),
                      std::move(placeholder));
  }

  /// As compile(), for a pattern known to be valid. @throws std::invalid_argument when it is not.
  explicit regex_mask(std::string_view pattern, std::string placeholder = "<*>")
      : regex_mask(checked(compile(pattern, std::move(placeholder)))) {}

  const std::string& pattern() const noexcept { return pattern_; }

  /// Whether matching runs on the pattern's own DFA rather than PCRE2 (the same matches, faster):
  /// patterns in the regular subset masks are written in, see detail/regex_dfa.hpp.
  bool uses_dfa() const noexcept { return dfa_ != nullptr; }

  /// Replaces every match in `text` by the placeholder, left to right, as Python's re.sub.
  /// An empty match inserts the placeholder and moves on one byte. On a matching error (such
  /// as PCRE2's match limit on a pathological line) the rest of the text is left as it is.
  void operator()(std::string& text) const {
    if (!start_.may_match(text)) return;
    bool by_dfa = dfa_ && dfa_->handles(text);
    std::size_t budget = 16 * text.size() + 256;  // bytes the DFA may read: linear in the text
    thread_local std::string out;  // reused: no allocation per line once it has grown
    out.clear();
    std::size_t pos = 0, copied = 0;
    bool replaced = false;
    while (pos <= text.size()) {
      auto m = by_dfa ? dfa_->find(text, pos, budget) : pcre2_find(text, pos);
      if (!m && by_dfa && budget == 0) {  // the DFA gave up: PCRE2 goes on from the same place
        by_dfa = false;
        m = pcre2_find(text, pos);
      }
      if (!m) break;
      const auto [from, to] = *m;
      out.append(text, copied, from - copied);
      out += placeholder_;
      copied = to;
      replaced = true;
      pos = to > from ? to : to + 1;
      if (to == from && from < text.size()) {  // an empty match: keep the byte it stands before
        out += text[from];
        copied = from + 1;
      }
    }
    if (!replaced) return;
    if (copied < text.size()) out.append(text, copied, std::string::npos);
    text.swap(out);
  }

 private:
  regex_mask(std::shared_ptr<pcre2_code_8> code, bool jit, std::string pattern, std::string placeholder)
      : code_(std::move(code)),
        jit_(jit),
        start_(code_.get(), pattern),
        dfa_(newline_is_lf(code_.get()) ? detail::regex_dfa::build(pattern) : nullptr),
        pattern_(std::move(pattern)),
        placeholder_(std::move(placeholder)) {}

  // The leftmost match at or after pos by PCRE2; none on an error too (the rest is kept).
  std::optional<std::pair<std::size_t, std::size_t>> pcre2_find(std::string_view text, std::size_t pos) const {
    thread_local detail::regex_scratch scratch;
    pos = start_.next(text, pos);
    if (pos > text.size()) return std::nullopt;
    const auto subject = reinterpret_cast<PCRE2_SPTR8>(text.data());
    const int rc = jit_ ? pcre2_jit_match_8(code_.get(), subject, text.size(), pos, 0, scratch.data, scratch.context)
                        : pcre2_match_8(code_.get(), subject, text.size(), pos, 0, scratch.data, scratch.context);
    if (rc < 0) return std::nullopt;
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer_8(scratch.data);
    if (ov[1] < ov[0]) return std::nullopt;  // \K can put the end before the start: stop rather than loop
    return std::pair{static_cast<std::size_t>(ov[0]), static_cast<std::size_t>(ov[1])};
  }

  // The DFA reads '.' and '$' with LF as the newline, PCRE2's default unless built otherwise.
  static bool newline_is_lf(const pcre2_code_8* code) {
    std::uint32_t newline = 0;
    return pcre2_pattern_info_8(code, PCRE2_INFO_NEWLINE, &newline) == 0 && newline == PCRE2_NEWLINE_LF;
  }

  static regex_mask checked(result<regex_mask> r) {
    if (!r) throw std::invalid_argument(r.error().message + " (column " + std::to_string(r.error().column) + ")");
    return std::move(*r);
  }

  std::shared_ptr<pcre2_code_8> code_;
  bool jit_ = false;  // pcre2_jit_match: pcre2_match without its checks and dispatch, per call
  detail::match_starts start_;
  std::shared_ptr<const detail::regex_dfa> dfa_;  // null: PCRE2 matches
  std::string pattern_;
  std::string placeholder_;
};

}  // namespace nlp
AIOPS_END_NAMESPACE
