// aiops: user-supplied regex masks (PCRE2 with JIT), Drain3's masking instructions as they are written
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <memory>       // std::shared_ptr
#include <new>          // std::bad_alloc
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
    if (!compiled) return fail(errc::syntax, "regex: " + message(code), offset + 1);
    pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE);  // when JIT is unavailable, matching interprets
    return regex_mask(std::shared_ptr<pcre2_code_8>(compiled, pcre2_code_free_8), std::string(pattern), std::move(placeholder));
  }

  /// As compile(), for a pattern known to be valid. @throws std::invalid_argument when it is not.
  explicit regex_mask(std::string_view pattern, std::string placeholder = "<*>")
      : regex_mask(checked(compile(pattern, std::move(placeholder)))) {}

  const std::string& pattern() const noexcept { return pattern_; }

  /// Replaces every match in `text` by the placeholder, left to right, as Python's re.sub.
  /// An empty match inserts the placeholder and moves on one byte. On a matching error (such
  /// as PCRE2's match limit on a pathological line) the rest of the text is left as it is.
  void operator()(std::string& text) const {
    thread_local detail::regex_scratch scratch;
    thread_local std::string out;  // reused: no allocation per line once it has grown
    out.clear();
    std::size_t pos = 0, copied = 0;
    bool replaced = false;
    while (pos <= text.size()) {
      const int rc = pcre2_match_8(code_.get(), reinterpret_cast<PCRE2_SPTR8>(text.data()), text.size(), pos, 0,
                                   scratch.data, scratch.context);
      if (rc < 0) break;  // no match, or an error: keep the rest
      const PCRE2_SIZE* ov = pcre2_get_ovector_pointer_8(scratch.data);
      if (ov[1] < ov[0]) break;  // \K can put the end before the start: stop rather than loop
      out.append(text, copied, ov[0] - copied);
      out += placeholder_;
      copied = ov[1];
      replaced = true;
      pos = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
      if (ov[1] == ov[0] && ov[0] < text.size()) {  // an empty match: keep the byte it stands before
        out += text[ov[0]];
        copied = ov[0] + 1;
      }
    }
    if (!replaced) return;
    if (copied < text.size()) out.append(text, copied, std::string::npos);
    text.swap(out);
  }

 private:
  regex_mask(std::shared_ptr<pcre2_code_8> code, std::string pattern, std::string placeholder)
      : code_(std::move(code)), pattern_(std::move(pattern)), placeholder_(std::move(placeholder)) {}

  static regex_mask checked(result<regex_mask> r) {
    if (!r) throw std::invalid_argument(r.error().message + " (column " + std::to_string(r.error().column) + ")");
    return std::move(*r);
  }

  static std::string message(int code) {
    PCRE2_UCHAR8 text[256];
    if (pcre2_get_error_message_8(code, text, sizeof text) < 0) return "PCRE2 error " + std::to_string(code);
    return reinterpret_cast<const char*>(text);
  }

  std::shared_ptr<pcre2_code_8> code_;
  std::string pattern_;
  std::string placeholder_;
};

}  // namespace nlp
AIOPS_END_NAMESPACE
