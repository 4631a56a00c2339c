// aiops: CSV (RFC 4180) to and from tables: quoted fields, embedded newlines, CRLF, type inference
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::sort, std::any_of
#include <cerrno>       // errno
#include <cstddef>      // std::size_t
#include <cstdint>      // std::int64_t
#include <cstring>      // std::strerror
#include <deque>        // std::deque
#include <fstream>      // std::ifstream, std::ofstream
#include <functional>   // std::less
#include <map>          // std::map
#include <optional>     // std::optional
#include <ostream>      // std::ostream
#include <sstream>      // std::ostringstream
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/csv.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"
#include "aiops/frame/column.hpp"
#include "aiops/frame/detail/format.hpp"
#include "aiops/frame/table.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame {

/// How to read a CSV text.
struct csv_options {
  char delimiter = ',';
  /// The first record names the columns; without it they are named "0", "1", ...
  bool header = true;
  /// A dtype per column name, instead of inferring it; a cell that does not convert makes its row bad.
  std::map<std::string, dtype, std::less<>> types;
  /// Cells that mean null, quoted or not (pandas' defaults, shortened).
  std::vector<std::string> null_values = {"", "NA", "N/A", "NaN", "nan", "null", "NULL", "None"};
  /// How many bad rows to keep as examples (all are counted).
  std::size_t max_examples = 10;
};

/// A row that was left out: the 1-based line where its record starts, and why.
struct bad_row {
  std::size_t line = 0;
  std::string reason;
};

/// The table read, and the rows left out of it.
struct csv_result {
  table data;
  std::size_t bad_rows = 0;
  std::vector<bad_row> examples;  ///< the first `max_examples` bad rows, by line
};

namespace detail {

// Cell converters: trimmed, with pandas' spellings (a leading '+' on numbers, True/FALSE).
inline std::optional<std::int64_t> csv_int(std::string_view s) { return parse_int(without_plus(trim(s))); }
inline std::optional<double> csv_double(std::string_view s) { return parse_double(without_plus(trim(s))); }
inline std::optional<bool> csv_bool(std::string_view s, bool digits) {
  s = trim(s);
  if (s == "true" || s == "True" || s == "TRUE" || (digits && s == "1")) return true;
  if (s == "false" || s == "False" || s == "FALSE" || (digits && s == "0")) return false;
  return std::nullopt;
}
// Inference accepts written times only; an explicit timestamp type also takes epoch digits.
inline std::optional<timestamp_ns> csv_time(std::string_view s, bool epoch) {
  s = trim(s);
  if (auto r = parse_rfc3339(s)) return *r;
  if (auto r = parse_nginx_time(s)) return *r;
  if (epoch)
    if (auto r = parse_epoch(s)) return *r;
  return std::nullopt;
}

// A column's cells as text, for the rows that survived so far.
struct text_column {
  std::string name;
  std::vector<std::string_view> cells;
};

inline std::vector<std::string> header_names(const std::vector<std::string_view>& fields) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string n = fields[i].empty() ? "Unnamed: " + std::to_string(i) : std::string(fields[i]);
    // pandas' mangling of duplicates: a, a.1, a.2
    const std::string base = n;
    for (int k = 1; std::find(names.begin(), names.end(), n) != names.end(); ++k) n = base + "." + std::to_string(k);
    names.push_back(std::move(n));
  }
  return names;
}

// The first type, in the order bool, int64, float64, timestamp, that reads every non-null cell.
inline dtype infer_csv_type(const std::vector<std::string_view>& cells, const std::vector<std::uint8_t>& is_null) {
  bool b = true, i = true, d = true, t = true, any = false;
  for (std::size_t k = 0; k < cells.size(); ++k) {
    if (is_null[k]) continue;
    any = true;
    const std::string_view s = cells[k];
    b = b && csv_bool(s, false);
    i = i && csv_int(s);
    d = d && (i || csv_double(s));
    t = t && csv_time(s, false);
    if (!b && !i && !d && !t) return dtype::string;
  }
  if (!any) return dtype::float64;
  return b ? dtype::boolean : i ? dtype::int64 : d ? dtype::float64 : t ? dtype::timestamp : dtype::string;
}

// Converts the cells to `type`; a cell that does not convert leaves its row's reason in `bad`.
inline column convert(const text_column& tc, const std::vector<std::uint8_t>& is_null, dtype type,
                      std::vector<std::string>& bad) {
  column c = column::nulls(type, tc.cells.size());
  for (std::size_t k = 0; k < tc.cells.size(); ++k) {
    if (is_null[k]) continue;
    const std::string_view s = tc.cells[k];
    value v;
    switch (type) {
      case dtype::string: v = std::string(s); break;
      case dtype::int64: if (auto x = csv_int(s)) v = *x; break;
      case dtype::float64: if (auto x = csv_double(s)) v = *x; break;  // NaN reads as null
      case dtype::timestamp: if (auto x = csv_time(s, true)) v = timestamp{*x}; break;
      case dtype::boolean: if (auto x = csv_bool(s, true)) v = *x; break;
    }
    const bool ok = v.index() != 0 || (type == dtype::float64 && csv_double(s));
    if (ok) {
      c.set(k, std::move(v));
    } else if (bad[k].empty()) {
      bad[k] = "column '" + tc.name + "': '" + std::string(s.substr(0, 60)) + "' is not " + to_string(type);
    }
  }
  return c;
}

}  // namespace detail

/// Reads CSV text (RFC 4180: `"` quotes, `""` inside quotes, newlines inside quotes, LF or CRLF
/// line ends; blank lines skipped). Column dtypes are inferred (bool, int64, float64, timestamp
/// from RFC 3339 or nginx times, else string; all-null gives float64) unless `options.types`
/// names them. Rows with the wrong number of fields, a broken quote or a cell that does not
/// convert to a declared type are left out, counted and reported with their line number.
/// Never throws on bad input.
inline csv_result parse_csv(std::string_view text, const csv_options& options = {}) {
  csv_scanner scan(text, options.delimiter);
  csv_scanner::record rec;
  csv_result out;
  std::vector<bad_row> bad;

  std::vector<detail::text_column> cols;
  std::vector<std::size_t> lines;
  bool first = true;
  while (scan.next(rec)) {
    if (first) {
      first = false;
      std::vector<std::string> names;
      if (options.header) {
        names = detail::header_names(rec.fields);
      } else {
        for (std::size_t i = 0; i < rec.fields.size(); ++i) names.push_back(std::to_string(i));
      }
      for (auto& n : names) cols.push_back({std::move(n), {}});
      if (!rec.error.empty()) bad.push_back({rec.line, rec.error});
      if (options.header) continue;
    }
    if (!rec.error.empty()) {
      bad.push_back({rec.line, rec.error});
    } else if (rec.fields.size() != cols.size()) {
      bad.push_back({rec.line, "expected " + std::to_string(cols.size()) + " fields, found " +
                                   std::to_string(rec.fields.size())});
    } else {
      for (std::size_t c = 0; c < cols.size(); ++c) cols[c].cells.push_back(rec.fields[c]);
      lines.push_back(rec.line);
    }
  }

  // Declared types first: their failures remove rows before the other columns are inferred.
  const std::size_t n = lines.size();
  std::vector<std::vector<std::uint8_t>> is_null(cols.size(), std::vector<std::uint8_t>(n, 0));
  for (std::size_t c = 0; c < cols.size(); ++c)
    for (std::size_t k = 0; k < n; ++k)
      is_null[c][k] = std::any_of(options.null_values.begin(), options.null_values.end(),
                                  [&](const std::string& token) { return cols[c].cells[k] == token; });
  std::vector<std::string> row_error(n);
  std::vector<std::optional<column>> converted(cols.size());
  for (std::size_t c = 0; c < cols.size(); ++c)
    if (auto it = options.types.find(cols[c].name); it != options.types.end())
      converted[c] = detail::convert(cols[c], is_null[c], it->second, row_error);

  std::vector<std::size_t> good;
  for (std::size_t k = 0; k < n; ++k) {
    if (row_error[k].empty()) good.push_back(k);
    else bad.push_back({lines[k], std::move(row_error[k])});
  }
  for (std::size_t c = 0; c < cols.size(); ++c) {
    if (converted[c]) {
      out.data.add(cols[c].name, converted[c]->take(good));
      continue;
    }
    detail::text_column kept{cols[c].name, {}};
    std::vector<std::uint8_t> kept_null;
    for (std::size_t k : good) {
      kept.cells.push_back(cols[c].cells[k]);
      kept_null.push_back(is_null[c][k]);
    }
    std::vector<std::string> never_set(good.size());  // an inferred type reads every cell
    out.data.add(cols[c].name,
                 detail::convert(kept, kept_null, detail::infer_csv_type(kept.cells, kept_null), never_set));
  }

  std::sort(bad.begin(), bad.end(), [](const bad_row& a, const bad_row& b) { return a.line < b.line; });
  out.bad_rows = bad.size();
  if (bad.size() > options.max_examples) bad.resize(options.max_examples);
  out.examples = std::move(bad);
  return out;
}

/// Reads a CSV file; see parse_csv.
/// @throws aiops::error when the file cannot be read.
inline csv_result read_csv(const std::string& path, const csv_options& options = {}) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error("cannot open " + path + ": " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw error("cannot read " + path);
  const std::string text = std::move(buf).str();
  return parse_csv(text, options);
}

/// How to write CSV.
struct csv_write_options {
  char delimiter = ',';
  bool header = true;
  std::string line_end = "\n";  ///< "\r\n" for strict RFC 4180
  std::string null_text;        ///< how a null is written
};

/// Writes `t` as CSV: fields with the delimiter, a quote, CR or LF are quoted (quotes doubled), and
/// so are the empty field of a one-column row (else a skipped blank line) and a field that starts
/// with a byte order mark;
/// doubles in shortest round-trip form, timestamps in RFC 3339 UTC, bools as true/false.
inline void write_csv(const table& t, std::ostream& out, const csv_write_options& options = {}) {
  std::string buffer;
  const auto put = [&](const std::string& field) {
    // A lone empty field would make a blank line, which readers skip, and a leading byte order
    // mark would be skipped as one: quote both so the text reads back the same.
    const bool lone_empty = field.empty() && t.cols() == 1;
    const bool looks_like_bom = field.starts_with("\xEF\xBB\xBF");
    buffer.clear();
    append_csv_field(buffer, field, options.delimiter, lone_empty || looks_like_bom);
    out << buffer;
  };
  const auto row = [&](auto cell_of) {
    for (std::size_t c = 0; c < t.cols(); ++c) {
      if (c) out << options.delimiter;
      put(cell_of(c));
    }
    out << options.line_end;
  };
  if (options.header) row([&](std::size_t c) { return t.names()[c]; });
  for (std::size_t r = 0; r < t.rows(); ++r)
    row([&](std::size_t c) { return detail::format_cell(t.at(c), r, options.null_text); });
}

/// `t` as CSV text.
inline std::string to_csv(const table& t, const csv_write_options& options = {}) {
  std::ostringstream out;
  write_csv(t, out, options);
  return std::move(out).str();
}

/// Writes `t` to the file `path`. @throws aiops::error when the file cannot be written.
inline void write_csv(const table& t, const std::string& path, const csv_write_options& options = {}) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw error("cannot create " + path + ": " + std::strerror(errno));
  write_csv(t, out, options);
  out.flush();
  if (!out) throw error("cannot write " + path);
}

}  // namespace frame
AIOPS_END_NAMESPACE
