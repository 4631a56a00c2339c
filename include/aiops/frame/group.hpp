// aiops: group-by with count/sum/mean/min/max/quantile/nunique/std, value_counts and describe
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::sort, std::stable_sort
#include <cmath>        // std::floor, std::sqrt
#include <cstddef>      // std::size_t
#include <cstdint>      // std::int64_t, std::uint64_t
#include <cstdio>       // std::snprintf
#include <span>         // std::span
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/frame/column.hpp"
#include "aiops/frame/detail/keys.hpp"
#include "aiops/frame/table.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame {

/// What an aggregation computes per group. `size` counts rows, `count` non-null cells,
/// `std` is the sample standard deviation (ddof = 1, as pandas).
enum class agg_op { size, count, sum, mean, min, max, quantile, nunique, std };

/// One output column of a group-by or resample: `op` over `column`, named `name`.
struct aggregation {
  agg_op op = agg_op::size;
  std::string column;  ///< unused by `size`
  double q = 0.5;      ///< for `quantile`, in [0, 1]
  std::string name;    ///< empty: "size", or "<column>_<op>" ("ms_mean", "ms_p95")

  /// The same aggregation under another output name.
  aggregation as(std::string output) const {
    aggregation a = *this;
    a.name = std::move(output);
    return a;
  }

  std::string output_name() const {
    if (!name.empty()) return name;
    switch (op) {
      case agg_op::size: return "size";
      case agg_op::count: return column + "_count";
      case agg_op::sum: return column + "_sum";
      case agg_op::mean: return column + "_mean";
      case agg_op::min: return column + "_min";
      case agg_op::max: return column + "_max";
      case agg_op::nunique: return column + "_nunique";
      case agg_op::std: return column + "_std";
      case agg_op::quantile: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "_p%g", q * 100);
        return column + buf;
      }
    }
    return column;
  }
};

/// Shorthands: `agg::mean("ms")`, `agg::quantile("ms", 0.95).as("p95")`.
namespace agg {
inline aggregation size() { return {agg_op::size, "", 0.5, ""}; }
inline aggregation count(std::string column) { return {agg_op::count, std::move(column), 0.5, ""}; }
inline aggregation sum(std::string column) { return {agg_op::sum, std::move(column), 0.5, ""}; }
inline aggregation mean(std::string column) { return {agg_op::mean, std::move(column), 0.5, ""}; }
inline aggregation min(std::string column) { return {agg_op::min, std::move(column), 0.5, ""}; }
inline aggregation max(std::string column) { return {agg_op::max, std::move(column), 0.5, ""}; }
inline aggregation nunique(std::string column) { return {agg_op::nunique, std::move(column), 0.5, ""}; }
inline aggregation stddev(std::string column) { return {agg_op::std, std::move(column), 0.5, ""}; }
/// @throws std::invalid_argument when `q` is outside [0, 1].
inline aggregation quantile(std::string column, double q) {
  if (!(q >= 0 && q <= 1)) throw std::invalid_argument("frame: a quantile must be in [0, 1]");
  return {agg_op::quantile, std::move(column), q, ""};
}
inline aggregation median(std::string column) { return quantile(std::move(column), 0.5); }
}  // namespace agg

/// The `q` quantile of `sorted` (ascending, non-empty) with linear interpolation between the two
/// nearest ranks, as pandas and numpy do by default: position q * (n - 1).
inline double quantile_sorted(std::span<const double> sorted, double q) {
  const double pos = q * double(sorted.size() - 1);
  const std::size_t lo = std::size_t(std::floor(pos));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (sorted[lo + 1] - sorted[lo]) * (pos - double(lo));
}

namespace detail {

// Kahan-compensated sum, as pandas uses for group sums and means.
struct kahan {
  double sum = 0, carry = 0;
  void add(double x) {
    const double y = x - carry;
    const double t = sum + y;
    carry = (t - sum) - y;
    sum = t;
  }
};

// The cells of an int64, float64 or bool column as doubles (null slots hold 0).
inline std::vector<double> as_doubles(const column& c, const char* what) {
  c.require_numeric(what);
  if (c.type() == dtype::float64) return c.doubles();
  return c.visit([](const auto& v) {
    std::vector<double> out;
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::vector<std::int64_t>> ||
                  std::is_same_v<std::decay_t<decltype(v)>, std::vector<std::uint8_t>>)
      out.assign(v.begin(), v.end());
    return out;
  });
}

inline const char* op_name(agg_op op) {
  switch (op) {
    case agg_op::size: return "size";
    case agg_op::count: return "count";
    case agg_op::sum: return "sum";
    case agg_op::mean: return "mean";
    case agg_op::min: return "min";
    case agg_op::max: return "max";
    case agg_op::quantile: return "quantile";
    case agg_op::nunique: return "nunique";
    case agg_op::std: return "std";
  }
  return "?";
}

// The row holding the smallest (or largest) non-null value of each group; no_row for an empty one.
inline std::vector<std::size_t> arg_extreme(const column& c, const group_members& m, bool largest) {
  std::vector<std::size_t> best(m.groups(), no_row);
  c.visit([&](const auto& v) {
    for (std::size_t g = 0; g < m.groups(); ++g)
      for (std::size_t k = m.start[g]; k < m.start[g + 1]; ++k) {
        const std::size_t r = m.rows[k];
        if (c.is_null(r)) continue;
        std::size_t& b = best[g];
        if (b == no_row || (largest ? v[b] < v[r] : v[r] < v[b])) b = r;
      }
  });
  return best;
}

// One aggregation over every group of `m`; empty groups give what pandas gives for an empty
// or all-null group: size/count/nunique 0, sum 0, everything else null.
inline column aggregate(const table& t, const group_members& m, const aggregation& a) {
  const std::size_t groups = m.groups();
  if (a.op == agg_op::size) {
    std::vector<std::int64_t> out(groups);
    for (std::size_t g = 0; g < groups; ++g) out[g] = std::int64_t(m.size(g));
    return out;
  }
  const column& c = t[a.column];
  switch (a.op) {
    case agg_op::count: {
      std::vector<std::int64_t> out(groups, 0);
      for (std::size_t g = 0; g < groups; ++g)
        for (std::size_t k = m.start[g]; k < m.start[g + 1]; ++k) out[g] += !c.is_null(m.rows[k]);
      return out;
    }
    case agg_op::nunique: {
      const key_codes codes = factorize(c, false);
      std::vector<std::size_t> seen_in(codes.count, no_row);  // the last group that saw each code
      std::vector<std::int64_t> out(groups, 0);
      for (std::size_t g = 0; g < groups; ++g)
        for (std::size_t k = m.start[g]; k < m.start[g + 1]; ++k) {
          const std::size_t r = m.rows[k];
          if (c.is_null(r) || seen_in[codes.code[r]] == g) continue;
          seen_in[codes.code[r]] = g;
          ++out[g];
        }
      return out;
    }
    case agg_op::min:
    case agg_op::max: return c.take(arg_extreme(c, m, a.op == agg_op::max));
    case agg_op::sum:
      if (c.type() == dtype::int64 || c.type() == dtype::boolean) {
        std::vector<std::int64_t> out(groups, 0);
        c.visit([&](const auto& v) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(v)>, std::vector<std::string>>)
            for (std::size_t g = 0; g < groups; ++g)
              for (std::size_t k = m.start[g]; k < m.start[g + 1]; ++k) out[g] += std::int64_t(v[m.rows[k]]);
        });
        return out;
      }
      break;
    default: break;
  }
  // The floating-point aggregations.
  const std::vector<double> x = as_doubles(c, op_name(a.op));
  std::vector<double> out(groups);
  std::vector<double> values;
  for (std::size_t g = 0; g < groups; ++g) {
    values.clear();
    for (std::size_t k = m.start[g]; k < m.start[g + 1]; ++k)
      if (!c.is_null(m.rows[k])) values.push_back(x[m.rows[k]]);
    kahan s;
    for (double v : values) s.add(v);
    const double n = double(values.size());
    double r = 0;
    if (a.op == agg_op::sum) {
      r = s.sum;
    } else if (values.empty() || (a.op == agg_op::std && values.size() < 2)) {
      r = std::nan("");
    } else if (a.op == agg_op::mean) {
      r = s.sum / n;
    } else if (a.op == agg_op::std) {
      const double mean = s.sum / n;
      kahan sq;
      for (double v : values) sq.add((v - mean) * (v - mean));
      r = std::sqrt(sq.sum / (n - 1));
    } else {
      std::sort(values.begin(), values.end());
      r = quantile_sorted(values, a.q);
    }
    out[g] = r;
  }
  return out;  // NaN becomes null
}

}  // namespace detail

/// The groups of a table by one or more key columns, in ascending key order; rows with a null
/// key are left out (pandas `dropna=True`). Refers to the table, which must outlive it.
///
///     table by_status = group_by(t, {"status"}).agg({agg::size(), agg::quantile("ms", 0.95)});
class grouped {
 public:
  /// @throws std::invalid_argument when `keys` is empty or names a missing column.
  grouped(const table& t, std::vector<std::string> keys) : table_(&t), keys_(std::move(keys)) {
    const std::vector<const column*> cols = t.columns_of(keys_);
    if (keys_.empty()) throw std::invalid_argument("frame: group_by needs at least one key column");
    detail::key_codes codes = detail::factorize(cols, true);
    // Nulls sort last, so the groups with a null key are the highest codes: drop those rows and
    // renumber what is left densely.
    std::vector<std::uint64_t> used(codes.count, 0);
    for (std::size_t i = 0; i < t.rows(); ++i) {
      bool any_null = false;
      for (const column* c : cols) any_null = any_null || c->is_null(i);
      if (any_null) codes.code[i] = no_row;
      else used[codes.code[i]] = 1;
    }
    std::vector<std::uint64_t> dense(codes.count);
    std::uint64_t next = 0;
    for (std::uint64_t c = 0; c < codes.count; ++c) dense[c] = used[c] ? next++ : no_row;
    for (auto& c : codes.code)
      if (c != no_row) c = dense[c];
    members_ = detail::collect(codes.code, next);
  }
  grouped(table&&, std::vector<std::string>) = delete;  // would dangle

  std::size_t groups() const noexcept { return members_.groups(); }

  /// One row per group: the key columns, then one column per aggregation.
  /// @throws std::invalid_argument for a missing column, or an op the column's dtype lacks
  /// (sum/mean/std/quantile need int64, float64 or bool).
  table agg(const std::vector<aggregation>& aggs) const {
    std::vector<std::size_t> first(groups());
    for (std::size_t g = 0; g < groups(); ++g) first[g] = members_.first(g);
    table out = table_->select(keys_).take(first);
    for (const auto& a : aggs) out.add(a.output_name(), detail::aggregate(*table_, members_, a));
    return out;
  }

  /// The keys and the number of rows in each group (column "size").
  table size() const { return agg({agg::size()}); }

  /// The rows of group `g`, in table order.
  std::span<const std::size_t> rows(std::size_t g) const {
    return {members_.rows.data() + members_.start[g], members_.size(g)};
  }

 private:
  const table* table_;
  std::vector<std::string> keys_;
  detail::group_members members_;
};

/// `grouped(t, keys)`, reading like pandas: `group_by(t, {"host", "status"}).agg({...})`.
inline grouped group_by(const table& t, std::vector<std::string> keys) { return grouped(t, std::move(keys)); }
grouped group_by(table&&, std::vector<std::string>) = delete;  // would dangle

/// The distinct non-null values of `column` and how often each occurs (column "count"), most
/// frequent first, ties in ascending value order.
inline table value_counts(const table& t, const std::string& column) {
  table counts = group_by(t, {column}).agg({agg::size().as("count")});
  return counts.sort_by({{"count", false}});
}

/// pandas `describe()` for the numeric (int64, float64) columns: a "stat" column (count, mean, std,
/// min, 25%, 50%, 75%, max) and one float64 column per numeric column, nulls ignored.
inline table describe(const table& t) {
  table out;
  out.add("stat", std::vector<std::string>{"count", "mean", "std", "min", "25%", "50%", "75%", "max"});
  detail::group_members all = detail::collect(std::vector<std::uint64_t>(t.rows(), 0), 1);
  for (const std::string& name : t.names()) {
    const dtype type = t[name].type();
    if (type != dtype::int64 && type != dtype::float64) continue;
    const std::vector<aggregation> stats = {agg::count(name), agg::mean(name), agg::stddev(name),
                                            agg::quantile(name, 0), agg::quantile(name, 0.25),
                                            agg::quantile(name, 0.5), agg::quantile(name, 0.75),
                                            agg::quantile(name, 1)};
    std::vector<double> col;
    for (const auto& a : stats) {
      const column c = detail::aggregate(t, all, a);
      col.push_back(c.is_null(0) ? std::nan("") : *c.number(0));
    }
    out.add(name, col);
  }
  return out;
}

}  // namespace frame
AIOPS_END_NAMESPACE
