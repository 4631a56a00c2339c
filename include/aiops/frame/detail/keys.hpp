// aiops: internals: numbering the distinct keys of one or more columns (factorize), for sorting,
// grouping, dedupe and joins
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>      // std::sort, std::stable_sort
#include <cstddef>        // std::size_t
#include <cstdint>        // std::uint32_t, std::uint64_t
#include <cstring>        // std::memcpy
#include <limits>         // std::numeric_limits
#include <string_view>    // std::string_view
#include <unordered_map>  // std::unordered_map
#include <vector>         // std::vector

#include "aiops/config.hpp"
#include "aiops/frame/column.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame::detail {

/// Rows numbered by their key: `code[row]` in [0, count); with `sorted`, codes follow the ascending
/// order of the keys, nulls last.
struct key_codes {
  std::vector<std::uint64_t> code;
  std::uint64_t count = 0;
};

// Codes in first-seen order, then (when `sorted`) renumbered by rank of the distinct values.
template <class T, class Key, class Less>
key_codes factorize_values(const std::vector<T>& values, const std::vector<std::uint8_t>& valid, bool sorted,
                           Key key_of, Less less) {
  using K = decltype(key_of(values[0]));
  std::unordered_map<K, std::uint64_t> seen;
  std::vector<std::size_t> first_row;  // the row that introduced each code
  key_codes out;
  out.code.resize(values.size());
  bool has_null = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!valid[i]) { has_null = true; continue; }
    auto [it, inserted] = seen.try_emplace(key_of(values[i]), seen.size());
    if (inserted) first_row.push_back(i);
    out.code[i] = it->second;
  }
  const std::uint64_t distinct = seen.size();
  const std::uint64_t null_code = distinct;  // nulls after every value
  if (sorted) {
    std::vector<std::uint64_t> order(distinct);
    for (std::uint64_t c = 0; c < distinct; ++c) order[c] = c;
    std::sort(order.begin(), order.end(),
              [&](std::uint64_t a, std::uint64_t b) { return less(values[first_row[a]], values[first_row[b]]); });
    std::vector<std::uint64_t> rank(distinct);
    for (std::uint64_t r = 0; r < distinct; ++r) rank[order[r]] = r;
    for (std::size_t i = 0; i < values.size(); ++i)
      if (valid[i]) out.code[i] = rank[out.code[i]];
  }
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!valid[i]) out.code[i] = null_code;
  out.count = distinct + (has_null ? 1 : 0);
  return out;
}

/// Codes for one column; equal values (and all nulls) share a code.
inline key_codes factorize(const column& c, bool sorted) {
  const auto less = [](const auto& a, const auto& b) { return a < b; };
  return c.visit([&](const auto& values) -> key_codes {
    using T = typename std::decay_t<decltype(values)>::value_type;
    if constexpr (std::is_same_v<T, double>) {
      // -0.0 == 0.0 must share a code, so hash the value with its sign of zero removed.
      const auto bits = [](double d) {
        if (d == 0) d = 0;
        std::uint64_t b;
        std::memcpy(&b, &d, sizeof b);
        return b;
      };
      return factorize_values(values, c.validity(), sorted, bits, less);
    } else if constexpr (std::is_same_v<T, std::string>) {
      return factorize_values(values, c.validity(), sorted, [](const std::string& s) { return std::string_view(s); },
                              less);
    } else {
      return factorize_values(values, c.validity(), sorted, [](T v) { return v; }, less);
    }
  });
}

/// Codes for the tuple of several columns (lexicographic order when `sorted`).
/// @throws std::invalid_argument when `columns` is empty.
inline key_codes factorize(const std::vector<const column*>& columns, bool sorted) {
  if (columns.empty()) throw std::invalid_argument("frame: at least one key column is needed");
  key_codes acc = factorize(*columns[0], sorted);
  for (std::size_t k = 1; k < columns.size(); ++k) {
    const key_codes next = factorize(*columns[k], sorted);
    // A pair (acc, next) as one number keeps lexicographic order; renumber it densely so the
    // product never grows past the number of rows.
    std::vector<std::uint64_t> pair(acc.code.size());
    for (std::size_t i = 0; i < pair.size(); ++i) pair[i] = acc.code[i] * next.count + next.code[i];
    std::unordered_map<std::uint64_t, std::uint64_t> dense;
    std::vector<std::uint64_t> distinct;
    for (std::uint64_t p : pair)
      if (dense.try_emplace(p, dense.size()).second) distinct.push_back(p);
    if (sorted) {
      std::sort(distinct.begin(), distinct.end());
      for (std::uint64_t r = 0; r < distinct.size(); ++r) dense[distinct[r]] = r;
    }
    for (std::size_t i = 0; i < pair.size(); ++i) acc.code[i] = dense[pair[i]];
    acc.count = distinct.size();
  }
  return acc;
}

/// Groups as a compressed list: the rows of group g are `rows[start[g] .. start[g + 1])`, in row order.
struct group_members {
  std::vector<std::size_t> start;
  std::vector<std::size_t> rows;
  std::size_t groups() const { return start.size() - 1; }
  std::size_t size(std::size_t g) const { return start[g + 1] - start[g]; }
  std::size_t first(std::size_t g) const { return rows[start[g]]; }
};

/// Collects each row into its group (`group[row]`, or `no_row` to leave the row out).
inline group_members collect(const std::vector<std::uint64_t>& group, std::size_t groups) {
  group_members m;
  m.start.assign(groups + 1, 0);
  for (std::uint64_t g : group)
    if (g != no_row) ++m.start[g + 1];
  for (std::size_t g = 0; g < groups; ++g) m.start[g + 1] += m.start[g];
  m.rows.resize(m.start[groups]);
  std::vector<std::size_t> next(m.start.begin(), m.start.end() - 1);
  for (std::size_t i = 0; i < group.size(); ++i)
    if (group[i] != no_row) m.rows[next[group[i]]++] = i;
  return m;
}

}  // namespace frame::detail
AIOPS_END_NAMESPACE
