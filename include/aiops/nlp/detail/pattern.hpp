// aiops: literal text with holes, matched like the regex ^L0(.*?)L1(.*?)...Ln$ (whitespace in L matches \s+)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min
#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp::detail {

constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/// Literal pieces around holes: `literals[0]` hole 0 `literals[1]` ... hole h-1 `literals[h]`.
/// In a literal, ' ' stands for one or more whitespace bytes (matched greedily, as `\s+`).
/// Holes are lazy (`.*?`) and the whole line must match. Matching backtracks like a regex
/// engine (the same first match), but remembers per hole from where on every end failed, so no
/// (hole, end) pair is tried twice, and measures each whitespace run once: O(holes x length) steps
/// at worst, where plain backtracking took minutes on a line with a run of a few thousand blanks.
class pattern {
 public:
  pattern() : literals_(1) {}
  explicit pattern(std::vector<std::string> literals) : literals_(std::move(literals)) {
    if (literals_.empty()) literals_.emplace_back();
  }

  std::size_t holes() const noexcept { return literals_.size() - 1; }
  const std::vector<std::string>& literals() const noexcept { return literals_; }

  /// Fills `out` with the holes of `line` (views into it); false when the line does not match.
  bool match(std::string_view line, std::vector<std::string_view>& out) const {
    out.clear();
    const std::size_t n = line.size(), h = holes();
    std::size_t shortest = 0;
    space_run run;
    std::size_t pos = match_literal(literals_[0], line, 0, shortest, run);
    if (pos == npos) return false;
    if (h == 0) return pos == n;
    // Where each hole starts: greedily after the literal before it, or earlier, down to
    // `lowest`, when that literal ends in whitespace a hole may need (\s+ gives bytes back).
    // exhausted[k]: every end of hole k from there on fails. Whether an end fails does not depend
    // on where the hole starts, so a hole started earlier need only try the ends before it.
    std::vector<std::size_t> start(h), lowest(h), end(h), exhausted(h, n + 1);
    std::size_t k = 0, e = pos;
    start[0] = pos;
    lowest[0] = shortest;
    for (;;) {
      bool advanced = false;
      const std::string& next = literals_[k + 1];
      const bool last = k + 1 == h;
      if (last && next.empty()) e = n;  // the final hole takes the rest of the line
      for (; e <= n && e < exhausted[k]; e = next_candidate(next, line, e + 1)) {
        const std::size_t q = match_literal(next, line, e, shortest, run);
        if (q == npos) continue;
        if (last) {
          if (q != n) continue;
          end[k] = e;
          for (std::size_t i = 0; i < h; ++i) out.push_back(line.substr(start[i], end[i] - start[i]));
          return true;
        }
        end[k] = e;
        start[k + 1] = q;
        lowest[k + 1] = shortest;
        advanced = true;
        break;
      }
      if (advanced) {
        e = start[++k];
        continue;
      }
      exhausted[k] = std::min(exhausted[k], start[k]);
      if (exhausted[k] > lowest[k]) {  // start the hole earlier: the whitespace before it gives a byte back
        e = start[k] = exhausted[k] - 1;
        continue;
      }
      if (k == 0) return false;
      --k;  // hole k cannot end at end[k]: try it longer
      e = next_candidate(literals_[k + 1], line, end[k] + 1);
    }
  }

 private:
  static constexpr std::size_t npos = std::string_view::npos;

  // The whitespace run measured last, [from, to) with `to` its end: the matcher asks for the end
  // of the run at many positions inside one run, which must not be walked again each time.
  struct space_run {
    std::size_t from = 0, to = 0;
  };

  // The end of the whitespace run that starts at or covers `j` (j itself when line[j] is not blank).
  static std::size_t run_end(std::string_view line, std::size_t j, space_run& run) noexcept {
    if (j >= run.from && j < run.to) return run.to;
    std::size_t k = j;
    while (k < line.size() && is_space(line[k])) {
      if (k == run.from && run.to > run.from) {  // walked into the run measured last
        k = run.to;
        break;
      }
      ++k;
    }
    if (k > j) run = {j, k};
    return k;
  }

  // Where `lit` matched at `at` ends, or npos. `shortest` gets the earliest end a final
  // whitespace run allows (one byte of it), or the end itself when `lit` does not end in one.
  static std::size_t match_literal(const std::string& lit, std::string_view line, std::size_t at,
                                   std::size_t& shortest, space_run& run) noexcept {
    std::size_t j = at;
    shortest = at;
    for (char c : lit) {
      if (c == ' ') {
        if (j >= line.size() || !is_space(line[j])) return npos;
        shortest = j + 1;
        j = run_end(line, j, run);
      } else {
        if (j >= line.size() || line[j] != c) return npos;
        ++j;
        shortest = j;
      }
    }
    return j;
  }

  // The first position >= from where `lit` could start (line.size() + 1 when none).
  static std::size_t next_candidate(const std::string& lit, std::string_view line, std::size_t from) noexcept {
    if (from > line.size() || lit.empty()) return from;
    if (lit[0] == ' ') {
      while (from < line.size() && !is_space(line[from])) ++from;
      return from < line.size() ? from : line.size() + 1;
    }
    const std::size_t at = line.find(lit[0], from);
    return at == npos ? line.size() + 1 : at;
  }

  std::vector<std::string> literals_;
};

}  // namespace nlp::detail
AIOPS_END_NAMESPACE
