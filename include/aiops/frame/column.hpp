// aiops: a typed column with nulls (int64, float64, string, timestamp, bool): the storage of a table
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>        // std::isnan
#include <compare>      // operator<=>
#include <cstddef>      // std::size_t
#include <cstdint>      // std::int64_t, std::uint8_t
#include <limits>       // std::numeric_limits
#include <optional>     // std::optional
#include <span>         // std::span
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <type_traits>  // std::is_same_v
#include <utility>      // std::move
#include <variant>      // std::variant, std::visit
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame {

/// The type of a column's values.
enum class dtype : std::uint8_t { int64, float64, string, timestamp, boolean };

/// The name of a dtype, as the printer and error messages show it.
constexpr const char* to_string(dtype t) noexcept {
  switch (t) {
    case dtype::int64: return "int64";
    case dtype::float64: return "float64";
    case dtype::string: return "string";
    case dtype::timestamp: return "timestamp";
    case dtype::boolean: return "bool";
  }
  return "unknown";
}

/// A timestamp cell: epoch nanoseconds, kept apart from int64 cells so a `value` knows which it is.
struct timestamp {
  timestamp_ns ns = 0;
  friend constexpr auto operator<=>(const timestamp&, const timestamp&) = default;
};

/// The null cell.
using null_t = std::monostate;
inline constexpr null_t null{};

/// One cell: null or a value of one of the five types (the alternatives follow `dtype`'s order after null).
using value = std::variant<null_t, std::int64_t, double, std::string, timestamp, bool>;

/// Row index meaning "no row": `column::take` turns it into a null (used by left joins).
inline constexpr std::size_t no_row = std::numeric_limits<std::size_t>::max();

/// A column of one dtype with a validity mask; a null slot holds a default value (0, "", false).
///
/// NaN is null, as in pandas: a double NaN pushed or passed in becomes a null slot.
/// int64 and timestamp share int64 storage (`int64s()`); bool is stored as bytes (`bools()`).
class column {
 public:
  /// An empty column of `type`.
  explicit column(dtype type = dtype::float64) : type_(type), data_(storage_for(type)) {}
  column(std::vector<std::int64_t> v) : type_(dtype::int64), valid_(v.size(), 1), data_(std::move(v)) {}  // NOLINT
  column(std::vector<double> v) : type_(dtype::float64), valid_(v.size(), 1), data_(std::move(v)) {      // NOLINT
    auto& d = std::get<std::vector<double>>(data_);
    for (std::size_t i = 0; i < d.size(); ++i)
      if (std::isnan(d[i])) { d[i] = 0; valid_[i] = 0; }
  }
  column(std::vector<std::string> v) : type_(dtype::string), valid_(v.size(), 1), data_(std::move(v)) {}  // NOLINT
  column(const std::vector<bool>& v) : type_(dtype::boolean), valid_(v.size(), 1), data_(bytes(v.begin(), v.end())) {}  // NOLINT

  /// A timestamp column from epoch nanoseconds.
  static column timestamps(std::vector<timestamp_ns> ns) {
    column c(std::vector<std::int64_t>(std::move(ns)));
    c.type_ = dtype::timestamp;
    return c;
  }

  /// `n` nulls of `type`.
  static column nulls(dtype type, std::size_t n) {
    column c(type);
    c.resize(n);
    return c;
  }

  /// A column from cells. Without `type` the dtype is inferred: the common type of the non-null
  /// cells (int64 and float64 mix to float64), float64 when every cell is null.
  /// @throws std::invalid_argument when cells of other types mix, or a cell does not fit `type`.
  static column from_values(const std::vector<value>& cells, std::optional<dtype> type = std::nullopt) {
    if (!type) type = infer_type(cells);
    column c(*type);
    c.reserve(cells.size());
    for (const value& v : cells) c.push_back(v);
    return c;
  }

  /// The common dtype of the non-null cells; float64 when there are none.
  /// @throws std::invalid_argument when they do not share one.
  static dtype infer_type(const std::vector<value>& cells) {
    std::optional<dtype> common;
    for (const value& v : cells) {
      if (v.index() == 0) continue;
      const dtype t = dtype_of(v);
      if (!common || *common == t) common = t;
      else if ((*common == dtype::int64 && t == dtype::float64) || (*common == dtype::float64 && t == dtype::int64))
        common = dtype::float64;
      else
        throw std::invalid_argument(std::string("frame: cells of types ") + to_string(*common) + " and " +
                                    to_string(t) + " cannot share a column");
    }
    return common.value_or(dtype::float64);
  }

  /// The dtype of a non-null cell.
  static dtype dtype_of(const value& v) {
    switch (v.index()) {
      case 1: return dtype::int64;
      case 2: return dtype::float64;
      case 3: return dtype::string;
      case 4: return dtype::timestamp;
      case 5: return dtype::boolean;
    }
    throw std::invalid_argument("frame: a null cell has no dtype");
  }

  dtype type() const noexcept { return type_; }
  std::size_t size() const noexcept { return valid_.size(); }
  bool empty() const noexcept { return valid_.empty(); }
  bool is_null(std::size_t i) const { return valid_[i] == 0; }
  bool is_numeric() const noexcept {
    return type_ == dtype::int64 || type_ == dtype::float64 || type_ == dtype::boolean;
  }
  std::size_t null_count() const noexcept {
    std::size_t n = 0;
    for (std::uint8_t v : valid_) n += v == 0;
    return n;
  }

  /// The cell at row `i` (null when the slot is null).
  value get(std::size_t i) const {
    if (is_null(i)) return null;
    switch (type_) {
      case dtype::int64: return int64s()[i];
      case dtype::float64: return doubles()[i];
      case dtype::string: return strings()[i];
      case dtype::timestamp: return timestamp{int64s()[i]};
      case dtype::boolean: return bools()[i] != 0;
    }
    return null;
  }

  /// The cell at row `i` as a double, for int64, float64 and bool columns; nothing when null.
  /// @throws std::invalid_argument for string and timestamp columns.
  std::optional<double> number(std::size_t i) const {
    require_numeric("number");
    if (is_null(i)) return std::nullopt;
    if (type_ == dtype::float64) return doubles()[i];
    if (type_ == dtype::boolean) return double(bools()[i]);
    return double(int64s()[i]);
  }

  /// Appends a cell; null appends a null slot, an int64 may go into a float64 column.
  /// @throws std::invalid_argument when the cell's type does not fit the column.
  void push_back(value v) {
    push_null();
    set(size() - 1, std::move(v));
  }

  void push_null() { resize(size() + 1); }

  /// Replaces row `i` with `v` (null makes it null); an int64 may go into a float64 column.
  /// @throws std::invalid_argument when the cell's type does not fit the column.
  void set(std::size_t i, value v) {
    if (v.index() == 0) return set_null(i);
    const dtype t = dtype_of(v);
    if (type_ == dtype::float64 && t == dtype::int64) v = double(std::get<std::int64_t>(v));
    else if (t != type_)
      throw std::invalid_argument(std::string("frame: cannot put a ") + to_string(t) + " cell into a " +
                                  to_string(type_) + " column");
    std::visit([&](auto& d) { assign_cell(d[i], std::move(v)); }, data_);
    valid_[i] = 1;
    if (type_ == dtype::float64 && std::isnan(doubles()[i])) set_null(i);
  }

  /// Makes row `i` null (its slot keeps a default value).
  void set_null(std::size_t i) {
    valid_[i] = 0;
    std::visit([&](auto& d) { d[i] = {}; }, data_);
  }

  /// Grows with nulls or shrinks to `n` rows.
  void resize(std::size_t n) {
    valid_.resize(n, 0);
    std::visit([&](auto& d) { d.resize(n); }, data_);
  }

  void reserve(std::size_t n) {
    valid_.reserve(n);
    std::visit([&](auto& d) { d.reserve(n); }, data_);
  }

  /// Appends the rows of `other`, which must have the same dtype.
  void append(const column& other) {
    require_same_type(other, "append");
    valid_.insert(valid_.end(), other.valid_.begin(), other.valid_.end());
    std::visit([&](auto& d) {
      const auto& o = std::get<std::decay_t<decltype(d)>>(other.data_);
      d.insert(d.end(), o.begin(), o.end());
    }, data_);
  }

  /// The rows at `rows`, in that order; `no_row` gives a null.
  column take(std::span<const std::size_t> rows) const {
    column out(type_);
    out.valid_.resize(rows.size());
    std::visit([&](auto& d) {
      const auto& src = std::get<std::decay_t<decltype(d)>>(data_);
      d.resize(rows.size());
      for (std::size_t k = 0; k < rows.size(); ++k) {
        if (rows[k] == no_row) continue;
        d[k] = src[rows[k]];
        out.valid_[k] = valid_[rows[k]];
      }
    }, out.data_);
    return out;
  }

  /// Values of an int64 or timestamp column (epoch nanoseconds); null slots hold 0.
  const std::vector<std::int64_t>& int64s() const { return typed<std::vector<std::int64_t>>("int64s"); }
  std::vector<std::int64_t>& int64s() { return typed<std::vector<std::int64_t>>("int64s"); }
  const std::vector<double>& doubles() const { return typed<std::vector<double>>("doubles"); }
  std::vector<double>& doubles() { return typed<std::vector<double>>("doubles"); }
  const std::vector<std::string>& strings() const { return typed<std::vector<std::string>>("strings"); }
  std::vector<std::string>& strings() { return typed<std::vector<std::string>>("strings"); }
  /// Values of a bool column, one byte (0 or 1) each.
  const std::vector<std::uint8_t>& bools() const { return typed<bytes>("bools"); }
  std::vector<std::uint8_t>& bools() { return typed<bytes>("bools"); }
  /// One byte per row: 1 when the row holds a value, 0 when it is null.
  const std::vector<std::uint8_t>& validity() const noexcept { return valid_; }

  /// Calls `f` with the typed value vector (`std::vector<std::int64_t>` for int64 and timestamp,
  /// `std::vector<double>`, `std::vector<std::string>`, `std::vector<std::uint8_t>` for bool).
  template <class F>
  decltype(auto) visit(F&& f) const {
    return std::visit(std::forward<F>(f), data_);
  }

  /// Same dtype, same nulls, same values in the non-null rows.
  friend bool operator==(const column& a, const column& b) {
    if (a.type_ != b.type_ || a.valid_ != b.valid_) return false;
    return std::visit([&](const auto& da) {
      const auto& db = std::get<std::decay_t<decltype(da)>>(b.data_);
      for (std::size_t i = 0; i < da.size(); ++i)
        if (a.valid_[i] && !(da[i] == db[i])) return false;
      return true;
    }, a.data_);
  }

  /// @throws std::invalid_argument naming `what` unless the column is int64, float64 or bool.
  void require_numeric(const char* what) const {
    if (!is_numeric())
      throw std::invalid_argument(std::string("frame: ") + what + " needs a numeric column, not " + to_string(type_));
  }

  /// @throws std::invalid_argument naming `what` unless `other` has this column's dtype.
  void require_same_type(const column& other, const char* what) const {
    if (other.type_ != type_)
      throw std::invalid_argument(std::string("frame: ") + what + " of a " + to_string(other.type_) + " column to a " +
                                  to_string(type_) + " column");
  }

 private:
  using bytes = std::vector<std::uint8_t>;
  using storage = std::variant<std::vector<std::int64_t>, std::vector<double>, std::vector<std::string>, bytes>;

  static storage storage_for(dtype t) {
    switch (t) {
      case dtype::int64:
      case dtype::timestamp: return std::vector<std::int64_t>{};
      case dtype::float64: return std::vector<double>{};
      case dtype::string: return std::vector<std::string>{};
      case dtype::boolean: return bytes{};
    }
    return std::vector<double>{};
  }

  // Stores a cell whose type was checked against the column's.
  template <class T>
  static void assign_cell(T& slot, value&& v) {
    if constexpr (std::is_same_v<T, std::int64_t>) {
      if (const auto* ts = std::get_if<timestamp>(&v)) slot = ts->ns;
      else slot = std::get<std::int64_t>(v);
    } else if constexpr (std::is_same_v<T, std::uint8_t>) {
      slot = std::get<bool>(v) ? 1 : 0;
    } else {
      slot = std::get<T>(std::move(v));
    }
  }

  template <class Vec>
  Vec& typed(const char* what) {
    if (Vec* d = std::get_if<Vec>(&data_)) return *d;
    throw std::invalid_argument(std::string("frame: ") + what + "() on a " + to_string(type_) + " column");
  }
  template <class Vec>
  const Vec& typed(const char* what) const {
    return const_cast<column*>(this)->typed<Vec>(what);
  }

  dtype type_;
  bytes valid_;
  storage data_;
};

}  // namespace frame
AIOPS_END_NAMESPACE
