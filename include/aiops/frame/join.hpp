// aiops: joining two tables on key columns (inner and left), like pandas merge
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::find
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <vector>     // std::vector

#include "aiops/config.hpp"
#include "aiops/frame/column.hpp"
#include "aiops/frame/detail/keys.hpp"
#include "aiops/frame/table.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame {

/// Which rows a join keeps: `inner` only matched rows, `left` every left row (nulls on the right
/// when nothing matches).
enum class join_how { inner, left };

/// pandas `merge(left, right, on=on, how=how)`: for each left row in order, one output row per
/// matching right row (in right order). Columns: the keys, the other left columns, the other right
/// columns; a name on both sides gets `suffixes` ("_x", "_y"). A null key matches nothing (as in SQL).
/// @throws std::invalid_argument when `on` is empty, a key is missing, or its dtypes differ.
inline table join(const table& left, const table& right, const std::vector<std::string>& on,
                  join_how how = join_how::inner, const std::string& left_suffix = "_x",
                  const std::string& right_suffix = "_y") {
  if (on.empty()) throw std::invalid_argument("frame: join needs at least one key column");
  const std::size_t nl = left.rows(), nr = right.rows();
  // Number both sides' keys together so equal keys share a code.
  std::vector<column> both;
  for (const auto& k : on) {
    if (left[k].type() != right[k].type())
      throw std::invalid_argument("frame: join key " + k + " is " + to_string(left[k].type()) + " on the left and " +
                                  to_string(right[k].type()) + " on the right");
    column c = left[k];
    c.append(right[k]);
    both.push_back(std::move(c));
  }
  std::vector<const column*> key_cols;
  for (const column& c : both) key_cols.push_back(&c);
  const detail::key_codes codes = detail::factorize(key_cols, false);
  const auto has_null = [&](std::size_t i) {
    for (const column& c : both)
      if (c.is_null(i)) return true;
    return false;
  };
  std::vector<std::uint64_t> right_code(nr);
  for (std::size_t r = 0; r < nr; ++r) right_code[r] = has_null(nl + r) ? no_row : codes.code[nl + r];
  const detail::group_members by_key = detail::collect(right_code, codes.count);

  std::vector<std::size_t> lrows, rrows;
  for (std::size_t l = 0; l < nl; ++l) {
    const std::uint64_t c = codes.code[l];
    const std::size_t matches = has_null(l) ? 0 : by_key.size(c);
    for (std::size_t k = 0; k < matches; ++k) {
      lrows.push_back(l);
      rrows.push_back(by_key.rows[by_key.start[c] + k]);
    }
    if (matches == 0 && how == join_how::left) {
      lrows.push_back(l);
      rrows.push_back(no_row);
    }
  }

  const auto is_key = [&](const std::string& n) { return std::find(on.begin(), on.end(), n) != on.end(); };
  table out;
  for (const auto& k : on) out.add(k, left[k].take(lrows));
  for (const auto& n : left.names())
    if (!is_key(n)) out.add(right.has(n) ? n + left_suffix : n, left[n].take(lrows));
  for (const auto& n : right.names())
    if (!is_key(n)) out.add(left.has(n) ? n + right_suffix : n, right[n].take(rrows));
  return out;
}

}  // namespace frame
AIOPS_END_NAMESPACE
