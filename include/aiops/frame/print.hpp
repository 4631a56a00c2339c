// aiops: tables as aligned text for terminals and reports
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max, std::min
#include <cstddef>    // std::size_t
#include <ostream>    // std::ostream
#include <string>     // std::string
#include <vector>     // std::vector

#include "aiops/config.hpp"
#include "aiops/core/utf8.hpp"
#include "aiops/frame/detail/format.hpp"
#include "aiops/frame/table.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame {

/// How `to_string(table)` lays a table out.
struct print_options {
  std::size_t max_rows = 20;    ///< beyond this, the first and last halves with "..." between
  std::size_t max_width = 40;   ///< longer cells are cut and end in "..."
  int precision = 6;            ///< significant digits of doubles
  std::string null_text = "null";
};

/// `t` as aligned text: a header line, then one line per row, numbers right-aligned and text
/// left-aligned; "[R rows x C columns]" follows when rows were left out.
///
///     status  count
///        200     12
///        404      3
inline std::string to_string(const table& t, const print_options& options = {}) {
  std::vector<std::size_t> shown;
  const std::size_t n = t.rows();
  const bool cut = n > options.max_rows;
  const std::size_t head = cut ? (options.max_rows + 1) / 2 : n;
  for (std::size_t r = 0; r < head; ++r) shown.push_back(r);
  if (cut)
    for (std::size_t r = n - options.max_rows / 2; r < n; ++r) shown.push_back(r);

  // Widths in terminal columns (a CJK character takes two), cuts between characters.
  const auto clip = [&](std::string s) {
    if (terminal_columns(s) > options.max_width && options.max_width > 3) s = s.substr(0, prefix_of_columns(s, options.max_width - 3)) + "...";
    for (char& ch : s)
      if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    return s;
  };
  std::vector<std::vector<std::string>> cells(t.cols());
  std::vector<std::size_t> width(t.cols());
  for (std::size_t c = 0; c < t.cols(); ++c) {
    cells[c].push_back(clip(t.names()[c]));
    for (std::size_t r : shown) cells[c].push_back(clip(detail::format_cell(t.at(c), r, options.null_text, options.precision)));
    for (const auto& s : cells[c]) width[c] = std::max(width[c], terminal_columns(s));
  }

  std::string out;
  const auto line = [&](std::size_t k) {
    std::string l;
    for (std::size_t c = 0; c < t.cols(); ++c) {
      if (c) l += "  ";
      const std::string& s = cells[c][k];
      const std::string pad(width[c] - terminal_columns(s), ' ');
      const bool right = t.at(c).type() != dtype::string;
      l += right ? pad + s : s + pad;
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(0);
  for (std::size_t k = 1; k <= shown.size(); ++k) {
    if (cut && k == head + 1) out += "...\n";
    line(k);
  }
  if (cut) out += "[" + std::to_string(n) + " rows x " + std::to_string(t.cols()) + " columns]\n";
  return out;
}

/// Writes `to_string(t)`.
inline std::ostream& operator<<(std::ostream& os, const table& t) { return os << to_string(t); }

}  // namespace frame
AIOPS_END_NAMESPACE
