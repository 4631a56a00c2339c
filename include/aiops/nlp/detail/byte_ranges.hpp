// aiops: a set of bytes tested 16 at a time (SSE2), for the regex DFA's scans and the tokenizer
// SPDX-License-Identifier: MIT
#pragma once

#include <array>     // std::array
#include <cstddef>   // std::size_t
#include <optional>  // std::optional
#include <utility>   // std::pair

#if defined(__SSE2__)
#include <emmintrin.h>  // _mm_*
#endif

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp::detail {

// A set of bytes as up to four ranges of the set or of its complement ([^A-Za-z0-9] is three),
// tested on 16 bytes at once.
class byte_ranges {
 public:
  /// Nullopt when both the set and its complement need more than four ranges.
  static std::optional<byte_ranges> of(const std::array<bool, 256>& set) {
    for (const bool negated : {false, true}) {
      byte_ranges r;
      r.negated_ = negated;
      for (unsigned b = 0; b < 256;) {
        if (set[b] == negated) {
          ++b;
          continue;
        }
        const unsigned from = b;
        while (b < 256 && set[b] != negated) ++b;
        if (r.count_ == r.ranges_.size()) {
          r.count_ = 5;
          break;
        }
        if (b - from == 256) {  // every byte: the complement of no range
          r.negated_ = !negated;
          break;
        }
        r.ranges_[r.count_++] = {from, b - from};
      }
      if (r.count_ <= r.ranges_.size()) return r.prepared();
    }
    return std::nullopt;
  }

  bool all() const noexcept { return negated_ && count_ == 0; }

  bool has(unsigned b) const noexcept {
    bool in = false;
    for (std::size_t i = 0; i < count_; ++i) in |= b - ranges_[i].first < ranges_[i].second;
    return in != negated_;
  }

#if defined(__SSE2__)
  /// 0xff in each byte of `x` that is in the set. A range [from, from + size) is one signed
  /// compare after adding 0x80 - from (the range then starts at -128).
  __m128i test(__m128i x) const noexcept {
    __m128i in = _mm_setzero_si128();
    for (std::size_t i = 0; i < count_; ++i) in = _mm_or_si128(in, _mm_cmplt_epi8(_mm_add_epi8(x, shift_[i]), limit_[i]));
    return _mm_xor_si128(in, flip_);
  }

  /// Bit i set when byte p[i] of the 16 at p is in the set.
  unsigned bits16(const char* p) const noexcept {
    return static_cast<unsigned>(_mm_movemask_epi8(test(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)))));
  }
#endif

 private:
  byte_ranges prepared() {
#if defined(__SSE2__)
    for (std::size_t i = 0; i < count_; ++i) {
      shift_[i] = _mm_set1_epi8(static_cast<char>(0x80 - ranges_[i].first));
      limit_[i] = _mm_set1_epi8(static_cast<char>(0x80 + ranges_[i].second));
    }
    flip_ = negated_ ? _mm_set1_epi8(-1) : _mm_setzero_si128();
#endif
    return *this;
  }

  std::array<std::pair<unsigned, unsigned>, 4> ranges_{};  // first byte, number of bytes
  std::size_t count_ = 0;
  bool negated_ = false;
#if defined(__SSE2__)
  __m128i shift_[4]{}, limit_[4]{};
  __m128i flip_{};
#endif
};

}  // namespace nlp::detail
AIOPS_END_NAMESPACE
