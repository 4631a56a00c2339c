// aiops: time series with timestamps: CSV reading, regular grids, resampling with gaps, gap filling
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::sort, std::is_sorted, std::min
#include <cmath>        // std::isnan, std::floor
#include <cstddef>      // std::size_t
#include <limits>       // std::numeric_limits
#include <optional>     // std::optional
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/csv.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ts {

/// A missing value: NaN marks a gap in every function of the module.
inline constexpr double missing = std::numeric_limits<double>::quiet_NaN();

/// A univariate series: timestamps in increasing order and one value each (NaN for a gap).
/// Regular when all steps are equal, irregular otherwise; `resample` makes any series regular.
struct series {
  std::vector<timestamp_ns> time;  ///< UTC epoch nanoseconds, strictly increasing
  std::vector<double> value;       ///< same size as `time`; NaN is a missing value

  std::size_t size() const noexcept { return value.size(); }
  bool empty() const noexcept { return value.empty(); }
};

/// The most frequent step between consecutive timestamps (the sampling interval of a series with
/// gaps), or 0 with fewer than two points.
inline timestamp_ns typical_step(const std::vector<timestamp_ns>& time) {
  if (time.size() < 2) return 0;
  std::vector<timestamp_ns> steps(time.size() - 1);
  for (std::size_t i = 1; i < time.size(); ++i) steps[i - 1] = time[i] - time[i - 1];
  std::sort(steps.begin(), steps.end());
  timestamp_ns best = steps[0];
  std::size_t best_run = 0;
  for (std::size_t i = 0; i < steps.size();) {
    std::size_t j = i;
    while (j < steps.size() && steps[j] == steps[i]) ++j;
    if (j - i > best_run) { best_run = j - i; best = steps[i]; }
    i = j;
  }
  return best;
}

/// How `resample` combines the points that fall in one bucket.
enum class aggregate { mean, sum, last, max, min, count };

/// Puts a series on a regular grid of `step` starting at the first timestamp floored to `step`:
/// each bucket aggregates the points in [t, t + step); empty buckets are NaN (a gap), except for
/// `sum` and `count`, where an empty bucket is 0 (no events). NaN inputs are ignored.
/// @throws std::invalid_argument if step <= 0 or times are not increasing.
inline series resample(const series& s, timestamp_ns step, aggregate how = aggregate::mean) {
  if (step <= 0) throw std::invalid_argument("ts::resample: step must be positive");
  if (s.time.size() != s.value.size()) throw std::invalid_argument("ts::resample: time and value sizes differ");
  if (!std::is_sorted(s.time.begin(), s.time.end())) throw std::invalid_argument("ts::resample: times are not sorted");
  series out;
  if (s.empty()) return out;
  const auto floor_to = [step](timestamp_ns t) { return t - (((t % step) + step) % step); };
  const timestamp_ns first = floor_to(s.time.front()), last = floor_to(s.time.back());
  const auto n = static_cast<std::size_t>((last - first) / step + 1);
  const bool zero_empty = how == aggregate::sum || how == aggregate::count;
  out.time.resize(n);
  out.value.assign(n, zero_empty ? 0.0 : missing);
  std::vector<std::size_t> count(n, 0);
  for (std::size_t i = 0; i < n; ++i) out.time[i] = first + static_cast<timestamp_ns>(i) * step;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double v = s.value[i];
    if (std::isnan(v)) continue;
    const auto b = static_cast<std::size_t>((s.time[i] - first) / step);
    double& o = out.value[b];
    const bool first_in_bucket = count[b]++ == 0;
    switch (how) {
      case aggregate::mean: o = first_in_bucket ? v : o + (v - o) / static_cast<double>(count[b]); break;
      case aggregate::sum: o += v; break;
      case aggregate::count: o += 1; break;
      case aggregate::last: o = v; break;
      case aggregate::max: o = first_in_bucket ? v : std::max(o, v); break;
      case aggregate::min: o = first_in_bucket ? v : std::min(o, v); break;
    }
  }
  return out;
}

/// Fills runs of at most `max_gap` NaNs by linear interpolation between their neighbours
/// (leading and trailing runs take the nearest value); longer runs stay NaN, because inventing
/// hours of data hides outages. Returns the number of values filled.
inline std::size_t fill_linear(std::vector<double>& values, std::size_t max_gap) {
  std::size_t filled = 0;
  const std::size_t n = values.size();
  for (std::size_t i = 0; i < n;) {
    if (!std::isnan(values[i])) { ++i; continue; }
    std::size_t j = i;
    while (j < n && std::isnan(values[j])) ++j;
    const std::size_t len = j - i;
    if (len <= max_gap && (i > 0 || j < n)) {
      const double a = i > 0 ? values[i - 1] : values[j], b = j < n ? values[j] : values[i - 1];
      for (std::size_t k = i; k < j; ++k)
        values[k] = a + (b - a) * static_cast<double>(k - i + 1) / static_cast<double>(len + 1);
      filled += len;
    }
    i = j;
  }
  return filled;
}

/// Fills NaNs with the value one `period` earlier (or later, for the first period) when known,
/// for long outages of a seasonal series; returns the number of values filled.
inline std::size_t fill_seasonal(std::vector<double>& values, std::size_t period) {
  if (period == 0) throw std::invalid_argument("ts::fill_seasonal: period must be positive");
  std::size_t filled = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isnan(values[i])) continue;
    for (std::size_t k = i; k >= period && std::isnan(values[i]); k -= period) values[i] = values[k - period];
    for (std::size_t k = i + period; k < values.size() && std::isnan(values[i]); k += period) values[i] = values[k];
    filled += !std::isnan(values[i]);
  }
  return filled;
}

/// A CSV table with a time column and numeric columns, read by `parse_csv`.
struct csv_table {
  std::vector<std::string> names;              ///< the value columns' names, in file order
  std::vector<timestamp_ns> time;              ///< one per kept row
  std::vector<std::vector<double>> columns;    ///< columns[c][row]; empty cells and "NaN" are NaN
  std::vector<std::vector<std::string>> rows;  ///< the cells of each kept row, unquoted (to write them back)
  std::vector<std::size_t> lines;              ///< the line each kept row starts on (rows are sorted by time)
  std::vector<std::string> header;             ///< the header's cells, unquoted
  char delimiter = ',';                        ///< ',' or, when the header holds none, ';' or a tab
  std::size_t bad_lines = 0;                   ///< rows skipped: bad timestamp or wrong cell count
  std::size_t bad_cells = 0;                   ///< cells of value columns that are not numbers, read as NaN
  std::vector<std::string> first_errors;       ///< "line N: reason" for the first few bad rows and cells
};

/// A cell that stands for a missing value: empty, or one of pandas' default NA strings.
inline bool is_missing_cell(std::string_view cell) noexcept {
  static constexpr std::string_view markers[] = {"", "NaN", "nan", "-NaN", "-nan", "NA", "N/A", "n/a", "<NA>", "#N/A", "#NA",
                                                 "#N/A N/A", "NULL", "null", "None", "-1.#IND", "1.#IND", "-1.#QNAN", "1.#QNAN"};
  for (std::string_view m : markers)
    if (cell == m) return true;
  return false;
}

/// A value cell as a number: "+3" too (pandas reads it); not an infinity, which no model can use.
inline std::optional<double> parse_value_cell(std::string_view cell) {
  const auto v = parse_double(without_plus(trim(cell)));
  if (!v || !std::isfinite(*v)) return std::nullopt;
  return v;
}

/// Reads CSV text (RFC 4180: quoted fields, CRLF, a byte order mark; separated by ',', or by ';' or
/// tabs when the header line holds no comma) with a header: the column named `time_column`
/// (default "timestamp", else the first column) holds RFC 3339 / ISO 8601, nginx or epoch times;
/// every other column where at least 90% of the cells that are not missing (is_missing_cell) are
/// finite numbers is a value column, its other cells NaN, counted in `bad_cells` and reported; a
/// column of text (host names) is kept in `rows` only. Rows are sorted by time; a bad row is
/// counted and skipped, never thrown. Fails with errc::syntax when there is no header, no row or
/// no numeric column.
inline result<csv_table> parse_csv(std::string_view text, std::string_view time_column = "timestamp") {
  csv_table t;
  const std::string_view first_line = text.substr(0, text.find('\n'));
  if (first_line.find(',') == std::string_view::npos)
    t.delimiter = first_line.find(';') != std::string_view::npos ? ';' : first_line.find('\t') != std::string_view::npos ? '\t' : ',';
  csv_scanner scan(text, t.delimiter);
  csv_scanner::record rec;
  if (!scan.next(rec)) return fail(errc::syntax, "empty CSV: expected a header line");
  for (std::string_view h : rec.fields) t.header.emplace_back(trim(h));
  const std::vector<std::string>& head = t.header;
  std::size_t tcol = 0;
  for (std::size_t c = 0; c < head.size(); ++c)
    if (head[c] == time_column) tcol = c;
  std::vector<std::size_t> value_cols;
  for (std::size_t c = 0; c < head.size(); ++c)
    if (c != tcol) value_cols.push_back(c);
  struct column_cells {
    std::size_t numbers = 0, others = 0;
    std::vector<std::string> first_others;  // "line N: column 'x': 'abc' is not a number"
  };
  std::vector<column_cells> counts(head.size());
  struct row { timestamp_ns t; std::size_t line; std::vector<std::string> cells; };
  std::vector<row> kept;
  const auto report = [&](std::string why) {
    if (t.first_errors.size() < 5) t.first_errors.push_back(std::move(why));
  };
  const auto bad = [&](std::size_t line, const std::string& why) {
    ++t.bad_lines;
    report("line " + std::to_string(line) + ": " + why + "; row skipped");
  };
  while (scan.next(rec)) {
    if (!rec.error.empty()) { bad(rec.line, rec.error); continue; }
    if (rec.fields.size() != head.size()) {
      bad(rec.line, "expected " + std::to_string(head.size()) + " cells, got " + std::to_string(rec.fields.size()));
      continue;
    }
    const result<timestamp_ns> ts = parse_any_time(trim(rec.fields[tcol]));
    if (!ts) { bad(rec.line, "column " + std::to_string(tcol + 1) + ": " + ts.error().message); continue; }
    row r{ts.value(), rec.line, {}};
    for (std::string_view c : rec.fields) r.cells.emplace_back(c);
    for (std::size_t c : value_cols) {
      const std::string_view cell = trim(rec.fields[c]);
      if (is_missing_cell(cell)) continue;
      column_cells& n = counts[c];
      if (parse_value_cell(cell)) {
        ++n.numbers;
      } else if (++n.others <= 5) {
        n.first_others.push_back("line " + std::to_string(rec.line) + ": column '" + head[c] + "': " + quote_for_message(cell) +
                                 " is not a number");
      }
    }
    kept.push_back(std::move(r));
  }
  if (kept.empty()) return fail(errc::syntax, "no valid data row" + (t.first_errors.empty() ? std::string() : " (" + t.first_errors[0] + ")"));
  std::stable_sort(kept.begin(), kept.end(), [](const row& a, const row& b) { return a.t < b.t; });
  std::vector<bool> numeric(head.size(), false);
  std::string text_column;  // the first value column taken for text, to name in an error
  for (std::size_t c : value_cols) {
    const column_cells& n = counts[c];
    numeric[c] = n.numbers > 0 && n.others * 10 <= (n.numbers + n.others);
    if (numeric[c]) {
      t.names.push_back(head[c]);
      t.bad_cells += n.others;
      for (const std::string& why : n.first_others) report(why + "; read as missing");
    } else if (text_column.empty() && !n.first_others.empty()) {
      text_column = n.first_others[0];
    }
  }
  if (t.names.empty())
    return fail(errc::syntax, "no numeric value column besides the time column" + (text_column.empty() ? std::string() : " (" + text_column + ")"));
  t.columns.assign(t.names.size(), std::vector<double>(kept.size(), missing));
  for (std::size_t r = 0; r < kept.size(); ++r) {
    t.time.push_back(kept[r].t);
    std::size_t k = 0;
    for (std::size_t c : value_cols) {
      if (!numeric[c]) continue;
      if (auto v = parse_value_cell(kept[r].cells[c])) t.columns[k][r] = *v;
      ++k;
    }
    t.rows.push_back(std::move(kept[r].cells));
    t.lines.push_back(kept[r].line);
  }
  return t;
}

}  // namespace ts
AIOPS_END_NAMESPACE
