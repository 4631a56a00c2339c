// aiops: the table: named columns of equal length, and the row operations (select, filter, assign,
// nulls, dedupe, sort)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>         // std::find, std::stable_sort
#include <cstddef>           // std::size_t
#include <cstdint>           // std::int64_t
#include <numeric>           // std::iota
#include <optional>          // std::optional
#include <span>              // std::span
#include <stdexcept>         // std::invalid_argument
#include <string>            // std::string
#include <string_view>       // std::string_view
#include <type_traits>       // std::enable_if_t, std::is_invocable_v
#include <utility>           // std::move, std::pair
#include <vector>            // std::vector

#include "aiops/config.hpp"
#include "aiops/frame/column.hpp"
#include "aiops/frame/detail/keys.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame {

class table;

/// One row of a table, for predicates and computed columns; valid while the table lives.
///
///     t.filter([](const row_view& r) { return r.number("latency") > 0.5; });
///
/// The typed getters return nothing for a null cell, so comparisons with nulls are false
/// (`std::optional` orders nothing before every value).
class row_view {
 public:
  row_view(const table& t, std::size_t row) : table_(&t), row_(row) {}
  std::size_t index() const noexcept { return row_; }
  /// The cell of column `name`.
  value operator[](std::string_view name) const;
  bool is_null(std::string_view name) const;
  /// An int64 cell. @throws std::invalid_argument when the column is not int64.
  std::optional<std::int64_t> int64(std::string_view name) const;
  /// An int64, float64 or bool cell as a double.
  std::optional<double> number(std::string_view name) const;
  std::optional<std::string_view> str(std::string_view name) const;
  std::optional<timestamp_ns> time(std::string_view name) const;
  std::optional<bool> boolean(std::string_view name) const;

 private:
  const column& col(std::string_view name) const;
  const table* table_;
  std::size_t row_;
};

/// A sort key: a column and its direction.
struct sort_key {
  std::string column;
  bool ascending = true;
};

/// Which duplicate `dedupe` keeps.
enum class keep { first, last };

/// Named columns of equal length: a small pandas DataFrame without an index.
///
///     table t;
///     t.add("path", std::vector<std::string>{"/a", "/b", "/a"});
///     t.add("ms", std::vector<double>{12.5, 40, 7});
///     table slow = t.filter([](const row_view& r) { return r.number("ms") > 10; })
///                   .sort_by({{"ms", false}});
///
/// Operations return new tables and leave the original as it was. Not thread-safe for writes.
class table {
 public:
  table() = default;

  /// A table from rows of cells; each column's dtype is inferred from its non-null cells.
  /// @throws std::invalid_argument when a row's length differs from `names` or types mix.
  static table from_rows(const std::vector<std::string>& names, const std::vector<std::vector<value>>& rows) {
    std::vector<std::vector<value>> cells(names.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (rows[r].size() != names.size())
        throw std::invalid_argument("frame: row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) +
                                    " cells, expected " + std::to_string(names.size()));
      for (std::size_t c = 0; c < names.size(); ++c) cells[c].push_back(rows[r][c]);
    }
    table t;
    for (std::size_t c = 0; c < names.size(); ++c) t.add(names[c], column::from_values(cells[c]));
    return t;
  }

  /// A record: field names and cells, like one JSON object.
  using record = std::vector<std::pair<std::string, value>>;

  /// A table from records: columns in first-seen order, a field missing from a record is null.
  /// @throws std::invalid_argument when one field's cells mix types.
  static table from_records(const std::vector<record>& records) {
    std::vector<std::string> names;
    std::vector<std::vector<value>> cells;
    for (std::size_t r = 0; r < records.size(); ++r) {
      for (const auto& [name, cell] : records[r]) {
        auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end()) {
          names.push_back(name);
          cells.emplace_back(r, null);
          it = names.end() - 1;
        }
        auto& col = cells[std::size_t(it - names.begin())];
        if (col.size() > r) throw std::invalid_argument("frame: record " + std::to_string(r) + " repeats field " + name);
        col.push_back(cell);
      }
      for (auto& col : cells) col.resize(r + 1, null);
    }
    table t;
    for (std::size_t c = 0; c < names.size(); ++c) t.add(names[c], column::from_values(cells[c]));
    return t;
  }

  std::size_t rows() const noexcept { return columns_.empty() ? 0 : columns_.front().size(); }
  std::size_t cols() const noexcept { return columns_.size(); }
  const std::vector<std::string>& names() const noexcept { return names_; }
  bool has(std::string_view name) const { return find(name) != npos; }

  /// The column `name`. @throws std::invalid_argument when there is none.
  const column& operator[](std::string_view name) const { return columns_[index_of(name)]; }
  column& operator[](std::string_view name) { return columns_[index_of(name)]; }
  const column& at(std::size_t i) const { return columns_.at(i); }

  /// Adds a column, or replaces the one with the same name (pandas assignment).
  /// @throws std::invalid_argument when its length differs from the table's.
  table& add(std::string name, column c) {
    if (!columns_.empty() && c.size() != rows())
      throw std::invalid_argument("frame: column " + name + " has " + std::to_string(c.size()) +
                                  " rows, the table has " + std::to_string(rows()));
    if (std::size_t i = find(name); i != npos) {
      columns_[i] = std::move(c);
    } else {
      names_.push_back(std::move(name));
      columns_.push_back(std::move(c));
    }
    return *this;
  }

  /// Removes column `name`. @throws std::invalid_argument when there is none.
  table& remove(std::string_view name) {
    const std::size_t i = index_of(name);
    names_.erase(names_.begin() + std::ptrdiff_t(i));
    columns_.erase(columns_.begin() + std::ptrdiff_t(i));
    return *this;
  }

  /// The cell at (`row`, `name`).
  value get(std::size_t row, std::string_view name) const { return (*this)[name].get(row); }

  /// The rows at `rows`, in that order (`no_row` gives a row of nulls).
  table take(std::span<const std::size_t> rows) const {
    table out;
    for (std::size_t c = 0; c < cols(); ++c) out.add(names_[c], columns_[c].take(rows));
    return out;
  }

  /// The first `n` rows.
  table head(std::size_t n = 5) const { return take(iota(std::min(n, rows()))); }

  /// The columns `names`, in that order.
  table select(const std::vector<std::string>& names) const {
    table out;
    for (const auto& n : names) out.add(n, (*this)[n]);
    return out;
  }

  /// The rows where `mask` is true. @throws std::invalid_argument when the sizes differ.
  table filter(const std::vector<bool>& mask) const {
    check_rows(mask.size(), "filter mask");
    std::vector<std::size_t> keep_rows;
    for (std::size_t i = 0; i < mask.size(); ++i)
      if (mask[i]) keep_rows.push_back(i);
    return take(keep_rows);
  }

  /// The rows where the bool column `mask` is true (a null counts as false).
  table filter(const column& mask) const {
    check_rows(mask.size(), "filter mask");
    const auto& b = mask.bools();
    std::vector<bool> m(b.size());
    for (std::size_t i = 0; i < b.size(); ++i) m[i] = b[i] && !mask.is_null(i);
    return filter(m);
  }

  /// The rows for which `pred(row_view)` is true.
  template <class Pred, class = std::enable_if_t<std::is_invocable_r_v<bool, Pred, const row_view&>>>
  table filter(Pred pred) const {
    std::vector<bool> m(rows());
    for (std::size_t i = 0; i < m.size(); ++i) m[i] = pred(row_view(*this, i));
    return filter(m);
  }

  /// A copy with column `name` computed by `fn(row_view) -> value` (dtype inferred as in from_values).
  template <class Fn, class = std::enable_if_t<std::is_invocable_v<Fn, const row_view&>>>
  table assign(std::string name, Fn fn) const {
    std::vector<value> cells;
    cells.reserve(rows());
    for (std::size_t i = 0; i < rows(); ++i) cells.emplace_back(fn(row_view(*this, i)));
    return assign(std::move(name), column::from_values(cells));
  }

  /// A copy with column `name` added or replaced.
  table assign(std::string name, column c) const {
    table out = *this;
    out.add(std::move(name), std::move(c));
    return out;
  }

  /// The rows with no null in `subset` (every column when empty).
  table drop_nulls(const std::vector<std::string>& subset = {}) const {
    std::vector<bool> m(rows(), true);
    for (const column* c : columns_of(subset))
      for (std::size_t i = 0; i < m.size(); ++i)
        if (c->is_null(i)) m[i] = false;
    return filter(m);
  }

  /// A copy where the nulls of column `name` hold `fill`.
  /// @throws std::invalid_argument when `fill` does not fit the column's dtype.
  table fill_nulls(std::string_view name, const value& fill) const {
    const column& src = (*this)[name];
    column out(src.type());
    out.reserve(src.size());
    for (std::size_t i = 0; i < src.size(); ++i) out.push_back(src.is_null(i) ? fill : src.get(i));
    return assign(std::string(name), std::move(out));
  }

  /// The rows whose `subset` columns (every column when empty) were not seen in an earlier row;
  /// nulls compare equal to each other, as in pandas `drop_duplicates`.
  table dedupe(const std::vector<std::string>& subset = {}, keep which = keep::first) const {
    if (rows() == 0) return *this;
    const detail::key_codes codes = detail::factorize(columns_of(subset), false);
    std::vector<std::size_t> chosen(codes.count, no_row);
    for (std::size_t i = 0; i < rows(); ++i) {
      std::size_t& c = chosen[codes.code[i]];
      if (c == no_row || which == keep::last) c = i;
    }
    std::vector<bool> m(rows(), false);
    for (std::size_t r : chosen) m[r] = true;
    return filter(m);
  }

  /// The rows ordered by `keys` (first key first); stable, nulls last in either direction as in pandas.
  table sort_by(const std::vector<sort_key>& keys) const {
    std::vector<detail::key_codes> codes;
    std::vector<std::uint64_t> null_code;
    for (const auto& k : keys) {
      codes.push_back(detail::factorize((*this)[k.column], true));
      null_code.push_back((*this)[k.column].null_count() ? codes.back().count - 1 : no_row);
    }
    std::vector<std::size_t> order = iota(rows());
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      for (std::size_t k = 0; k < keys.size(); ++k) {
        const std::uint64_t ca = codes[k].code[a], cb = codes[k].code[b];
        if (ca == cb) continue;
        if (ca == null_code[k] || cb == null_code[k]) return cb == null_code[k];
        return keys[k].ascending ? ca < cb : ca > cb;
      }
      return false;
    });
    return take(order);
  }

  /// Same names in the same order and equal columns.
  friend bool operator==(const table& a, const table& b) { return a.names_ == b.names_ && a.columns_ == b.columns_; }

  /// The columns `names` (every column when empty).
  std::vector<const column*> columns_of(const std::vector<std::string>& names) const {
    std::vector<const column*> out;
    if (names.empty())
      for (const column& c : columns_) out.push_back(&c);
    for (const auto& n : names) out.push_back(&(*this)[n]);
    return out;
  }

  /// 0, 1, ..., n - 1: row numbers for `take`.
  static std::vector<std::size_t> iota(std::size_t n) {
    std::vector<std::size_t> v(n);
    std::iota(v.begin(), v.end(), std::size_t{0});
    return v;
  }

 private:
  static constexpr std::size_t npos = std::size_t(-1);

  std::size_t find(std::string_view name) const {
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return i;
    return npos;
  }
  std::size_t index_of(std::string_view name) const {
    const std::size_t i = find(name);
    if (i == npos) throw std::invalid_argument("frame: no column named '" + std::string(name) + "'");
    return i;
  }
  void check_rows(std::size_t n, const char* what) const {
    if (n != rows())
      throw std::invalid_argument(std::string("frame: ") + what + " has " + std::to_string(n) +
                                  " rows, the table has " + std::to_string(rows()));
  }

  std::vector<std::string> names_;
  std::vector<column> columns_;
};

inline const column& row_view::col(std::string_view name) const { return (*table_)[name]; }
inline value row_view::operator[](std::string_view name) const { return col(name).get(row_); }
inline bool row_view::is_null(std::string_view name) const { return col(name).is_null(row_); }

inline std::optional<std::int64_t> row_view::int64(std::string_view name) const {
  const column& c = col(name);
  if (c.type() != dtype::int64) throw std::invalid_argument("frame: column " + std::string(name) + " is not int64");
  if (c.is_null(row_)) return std::nullopt;
  return c.int64s()[row_];
}

inline std::optional<double> row_view::number(std::string_view name) const { return col(name).number(row_); }

inline std::optional<std::string_view> row_view::str(std::string_view name) const {
  const column& c = col(name);
  const auto& s = c.strings();
  if (c.is_null(row_)) return std::nullopt;
  return std::string_view(s[row_]);
}

inline std::optional<timestamp_ns> row_view::time(std::string_view name) const {
  const column& c = col(name);
  if (c.type() != dtype::timestamp)
    throw std::invalid_argument("frame: column " + std::string(name) + " is not a timestamp column");
  if (c.is_null(row_)) return std::nullopt;
  return c.int64s()[row_];
}

inline std::optional<bool> row_view::boolean(std::string_view name) const {
  const column& c = col(name);
  const auto& b = c.bools();
  if (c.is_null(row_)) return std::nullopt;
  return b[row_] != 0;
}

}  // namespace frame
AIOPS_END_NAMESPACE
