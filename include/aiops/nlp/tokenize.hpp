// aiops: tokenizing log messages: whitespace and extra delimiters for template mining, words for vector models
// SPDX-License-Identifier: MIT
#pragma once

#include <array>        // std::array
#include <cstddef>      // std::size_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/strings.hpp"  // is_space
#include "aiops/nlp/detail/byte_ranges.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

/// Splits a message into tokens at runs of whitespace and of extra delimiter characters, as
/// Drain and Drain3 do (Drain3's `extra_delimiters` are replaced by spaces before splitting).
///
///     aiops::nlp::tokenizer split("=,");
///     auto tokens = split("user=root, port 22");  // {"user", "root", "port", "22"}
///
/// Tokens are views into the text. Copies are cheap; a tokenizer is immutable after construction,
/// so one instance can be shared by threads.
class tokenizer {
 public:
  /// Splits at whitespace (space, tab, CR, LF, vertical tab, form feed) only.
  tokenizer() noexcept : tokenizer(std::string_view()) {}

  /// Splits at whitespace and at every byte of `extra_delimiters`.
  explicit tokenizer(std::string_view extra_delimiters) noexcept {
    for (unsigned c = 0; c < 256; ++c) delimiter_[c] = is_space(static_cast<char>(c));
    for (unsigned char c : extra_delimiters) delimiter_[c] = true;
    ranges_ = detail::byte_ranges::of(delimiter_);
  }

  bool is_delimiter(char c) const noexcept { return delimiter_[static_cast<unsigned char>(c)]; }

  /// Appends the tokens of `text` to `out` (views into `text`); returns how many it appended.
  std::size_t split(std::string_view text, std::vector<std::string_view>& out) const {
    const std::size_t before = out.size();
#if defined(__SSE2__)
    if (ranges_ && text.size() >= 16) {
      split_by_blocks(text, out);
      return out.size() - before;
    }
#endif
    std::size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && is_delimiter(text[i])) ++i;
      const std::size_t start = i;
      while (i < text.size() && !is_delimiter(text[i])) ++i;
      if (i > start) out.push_back(text.substr(start, i - start));
    }
    return out.size() - before;
  }

  /// The tokens of `text`, as views into it.
  std::vector<std::string_view> operator()(std::string_view text) const {
    std::vector<std::string_view> out;
    split(text, out);
    return out;
  }

 private:
#if defined(__SSE2__)
  // The delimiters of 16 bytes at a time as bits; a token's ends are bit scans, with no branch
  // per byte to mispredict where tokens start and end. Bytes past the end count as delimiters.
  void split_by_blocks(std::string_view text, std::vector<std::string_view>& out) const {
    const std::size_t n = text.size();
    std::size_t token = std::string_view::npos;  // where the open token starts
    for (std::size_t base = 0; base < n; base += 16) {
      const unsigned delimiters = base + 16 <= n ? ranges_->bits16(text.data() + base)
                                                 : (ranges_->bits16(text.data() + n - 16) >> (base + 16 - n)) |
                                                       (0xffffu << (n - base) & 0xffffu);
      unsigned at = 0;
      while (at < 16) {
        const unsigned next = (token == std::string_view::npos ? ~delimiters : delimiters) & (0xffffu << at) & 0xffffu;
        if (!next) break;
        at = static_cast<unsigned>(__builtin_ctz(next));
        if (token == std::string_view::npos) {
          token = base + at;
        } else {
          out.push_back(text.substr(token, base + at - token));
          token = std::string_view::npos;
        }
      }
    }
    if (token != std::string_view::npos) out.push_back(text.substr(token));
  }
#endif

  std::array<bool, 256> delimiter_{};
  std::optional<detail::byte_ranges> ranges_;  // the delimiters, when four ranges hold them
};

/// How `split_words` turns a message into words for TF-IDF, Word2Vec and clustering.
struct word_options {
  bool lowercase = true;        ///< "Failed" and "failed" are one word
  bool keep_numbers = false;    ///< keep tokens made of digits only ("22", "404")
  std::size_t min_length = 1;   ///< drop shorter words (in bytes)
};

/// Appends the words of `text` to `out`: maximal runs of ASCII letters, digits and bytes >= 0x80
/// (UTF-8 text stays whole); every other byte separates words. A mask placeholder such as `<*>`
/// or `<IP>` is kept as one word, so masked messages keep a trace of their parameters.
///
///     std::vector<std::string> w;
///     aiops::nlp::split_words("Failed password for root from <*> port <*>", w);
///     // {"failed", "password", "for", "root", "from", "<*>", "port", "<*>"}
inline void split_words(std::string_view text, std::vector<std::string>& out, const word_options& options = {}) {
  const auto word_byte = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
  };
  const auto emit = [&](std::string_view word) {
    if (word.size() < options.min_length) return;
    bool digits_only = true;
    for (char c : word) digits_only = digits_only && c >= '0' && c <= '9';
    if (digits_only && !options.keep_numbers) return;
    std::string w(word);
    if (options.lowercase)
      for (char& c : w)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(std::move(w));
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '<') {  // a placeholder: '<', then '*' or upper-case letters, digits and '_', then '>'
      std::size_t j = i + 1;
      while (j < text.size() && j - i <= 32 &&
             (text[j] == '*' || text[j] == '_' || (text[j] >= 'A' && text[j] <= 'Z') || (text[j] >= '0' && text[j] <= '9')))
        ++j;
      if (j > i + 1 && j < text.size() && text[j] == '>') {
        out.emplace_back(text.substr(i, j + 1 - i));
        i = j + 1;
        continue;
      }
    }
    if (!word_byte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) ++i;
    emit(text.substr(start, i - start));
  }
}

}  // namespace nlp
AIOPS_END_NAMESPACE
