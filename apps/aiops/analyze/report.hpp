// aiops: `aiops analyze` internals: a report as facts and frame tables, written as text, JSON or
// one self-contained HTML page with SVG charts
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>        // std::isnan
#include <cstddef>      // std::size_t
#include <cstdint>      // std::int64_t, std::uint64_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <aiops/core.hpp>
#include <aiops/frame.hpp>
#include <aiops/logs.hpp>
#include <aiops/plot.hpp>

namespace aiops::app::analyze {

namespace fr = aiops::frame;
using json = nlohmann::ordered_json;

/// One number or word of the summary: a JSON member and a labelled line of text.
struct fact {
  std::string key;    ///< JSON member name
  std::string label;  ///< for people
  json value;         ///< for machines
  std::string text;   ///< for people; empty: the value as JSON
};

/// How a block is drawn besides its table.
enum class chart_kind {
  none,      ///< only the table
  timeline,  ///< lines over the first (time) column; text shows sparklines instead of the table
  stacked,   ///< stacked areas over the first (time) column; text shows nothing (a timeline carries it)
  bars,      ///< horizontal bars: first column the label, `chart_columns[0]` the length
};

/// A titled table of results.
struct block {
  std::string key;    ///< JSON member name
  std::string title;  ///< heading
  fr::table data;
  chart_kind chart = chart_kind::none;
  std::vector<std::string> chart_columns;  ///< what the chart draws (empty: every numeric column)
  std::string note;                        ///< a sentence under the heading
};

/// Everything analyze found, ready to be written in any of the three forms.
struct report {
  std::string title;
  std::vector<fact> facts;
  std::vector<block> blocks;
  logs::bad_line_summary bad;
};

/// "1,234,567"
inline std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

/// "223.1 MB"
inline std::string human_bytes(double v) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  int u = 0;
  while (v >= 1000 && u < 5) v /= 1000, ++u;
  return u == 0 ? fmt::format("{:.0f} B", v) : fmt::format("{:.1f} {}", v, units[u]);
}

/// A latency in seconds as "812 µs", "12.3 ms", "1.52 s".
inline std::string human_seconds(double s) {
  if (std::isnan(s)) return "-";
  if (s < 1e-3) return fmt::format("{:.0f} µs", s * 1e6);
  if (s < 1) return fmt::format("{:.3g} ms", s * 1e3);
  return fmt::format("{:.3g} s", s);
}

/// A time as RFC 3339 to the second.
inline std::string when(timestamp_ns t) { return format_rfc3339(t, 0); }

namespace detail {

inline std::string cell_text(const fr::column& c, std::size_t i) {
  if (c.is_null(i)) return "";
  switch (c.type()) {
    case fr::dtype::int64: return std::to_string(c.int64s()[i]);
    case fr::dtype::float64: return fmt::format("{:.6g}", c.doubles()[i]);
    case fr::dtype::string: return c.strings()[i];
    case fr::dtype::timestamp: return when(c.int64s()[i]);
    case fr::dtype::boolean: return c.bools()[i] ? "true" : "false";
  }
  return "";
}

inline json cell_json(const fr::column& c, std::size_t i) {
  if (c.is_null(i)) return nullptr;
  switch (c.type()) {
    case fr::dtype::int64: return c.int64s()[i];
    case fr::dtype::float64: return c.doubles()[i];
    case fr::dtype::string: return c.strings()[i];
    case fr::dtype::timestamp: return when(c.int64s()[i]);
    case fr::dtype::boolean: return c.bools()[i] != 0;
  }
  return nullptr;
}

// The columns a chart draws: the ones named, else every numeric column after the first.
inline std::vector<std::string> charted(const block& b) {
  if (!b.chart_columns.empty()) return b.chart_columns;
  std::vector<std::string> out;
  for (std::size_t c = 1; c < b.data.cols(); ++c)
    if (b.data.at(c).is_numeric()) out.push_back(b.data.names()[c]);
  return out;
}

inline std::string fact_text(const fact& f) {
  if (!f.text.empty()) return f.text;
  return f.value.is_string() ? f.value.get<std::string>() : f.value.dump();
}

inline std::vector<double> doubles_of(const fr::column& c) {
  std::vector<double> out(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) out[i] = c.number(i).value_or(std::nan(""));
  return out;
}

}  // namespace detail

/// Time series longer than this are shown in text as sparklines rather than tables.
inline constexpr std::size_t max_text_rows = 48;

namespace detail {
// Control bytes from the log (ESC, BEL...) as \xHH: printed raw they would drive the terminal
// (clear it, set its title); the report's own layout uses only line feeds.
inline std::string terminal_safe(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\n') || c == 0x7F) out += fmt::format("\\x{:02x}", c);
    else out += ch;
  }
  return out;
}
}  // namespace detail

/// The report as text for a terminal: facts, then each block as a table (long time series as
/// sparklines); control bytes of the log escaped (detail::terminal_safe).
inline std::string to_text(const report& r) {
  std::string out = r.title + "\n";
  std::size_t width = 0;
  for (const fact& f : r.facts) width = std::max(width, f.label.size());
  for (const fact& f : r.facts) out += fmt::format("  {:<{}}  {}\n", f.label, width, detail::fact_text(f));
  for (const block& b : r.blocks) {
    if (b.chart == chart_kind::stacked) continue;
    out += "\n" + b.title + "\n";
    if (!b.note.empty()) out += "  " + b.note + "\n";
    if (b.chart == chart_kind::timeline && b.data.rows() > max_text_rows) {
      const auto names = detail::charted(b);
      std::size_t w = 0;
      for (const auto& n : names) w = std::max(w, n.size());
      for (const auto& n : names) {
        const std::vector<double> v = detail::doubles_of(b.data[n]);
        double hi = 0;
        for (double x : v) hi = std::isnan(x) ? hi : std::max(hi, x);
        out += fmt::format("  {:<{}}  {}  max {}\n", n, w, plot::sparkline(v, {.min = 0.0, .max = std::nullopt, .width = 72}),
                           fmt::format("{:.6g}", hi));
      }
      out += fmt::format("  {:<{}}  {} .. {} ({} rows of {})\n", "", w, detail::cell_text(b.data.at(0), 0),
                         detail::cell_text(b.data.at(0), b.data.rows() - 1), b.data.rows(), b.data.names()[0]);
      continue;
    }
    if (b.data.rows() == 0) {
      out += "  (none)\n";
      continue;
    }
    fr::print_options o;
    o.max_rows = 60;
    o.max_width = 90;
    o.null_text = "-";
    const std::string t = fr::to_string(b.data, o);
    for (std::size_t i = 0; i < t.size();) {
      const std::size_t nl = t.find('\n', i);
      out += "  " + t.substr(i, nl - i + 1);
      i = nl + 1;
    }
  }
  if (r.bad.bad > 0) {
    out += "\nBad lines: " + grouped(r.bad.bad) + "\n";
    for (const logs::bad_line& b : r.bad.examples) {
      out += "  line " + std::to_string(b.number);
      if (b.why.column) out += ", column " + std::to_string(b.why.column);
      out += ": " + b.why.message + "\n    " + std::string(b.text) + "\n";
    }
    if (r.bad.bad > r.bad.examples.size()) out += "  ... and " + grouped(r.bad.bad - r.bad.examples.size()) + " more\n";
  }
  return detail::terminal_safe(out);
}

/// The report as one JSON object: facts as members, each block as an array of row objects,
/// bad lines with their numbers and reasons.
inline json to_json(const report& r) {
  json out = json::object();
  for (const fact& f : r.facts) out[f.key] = f.value;
  for (const block& b : r.blocks) {
    json rows = json::array();
    for (std::size_t i = 0; i < b.data.rows(); ++i) {
      json row = json::object();
      for (std::size_t c = 0; c < b.data.cols(); ++c) row[b.data.names()[c]] = detail::cell_json(b.data.at(c), i);
      rows.push_back(std::move(row));
    }
    out[b.key] = std::move(rows);
  }
  json examples = json::array();
  for (const logs::bad_line& b : r.bad.examples)
    examples.push_back({{"line", b.number}, {"column", b.why.column}, {"code", to_string(b.why.code)},
                        {"reason", b.why.message}, {"text", b.text}});
  out["bad_lines"] = {{"count", r.bad.bad}, {"examples", std::move(examples)}};
  return out;
}

/// The report as one HTML page: facts as a table, each block as an SVG chart and/or a table.
inline std::string to_html(const report& r) {
  plot::html_report page(r.title);
  page.section("Summary");
  std::vector<std::vector<std::string>> rows;
  for (const fact& f : r.facts) rows.push_back({f.label, detail::fact_text(f)});
  page.table({"", ""}, rows);
  for (const block& b : r.blocks) {
    page.section(b.title);
    if (!b.note.empty()) page.paragraph(b.note);
    if (b.data.rows() == 0) {
      page.paragraph("(none)");
      continue;
    }
    const auto names = detail::charted(b);
    if (b.chart == chart_kind::timeline || b.chart == chart_kind::stacked) {
      const std::vector<timestamp_ns>& t = b.data.at(0).int64s();
      if (b.chart == chart_kind::timeline) {
        plot::line_chart c({.title = b.title, .y_title = names.size() == 1 ? names[0] : ""});
        for (const auto& n : names) c.add_line(n, t, detail::doubles_of(b.data[n]));
        page.chart(c.svg());
      } else {
        plot::stacked_area_chart c(t, {.title = b.title, .y_title = "requests"});
        for (const auto& n : names) c.add_layer(n, detail::doubles_of(b.data[n]));
        page.chart(c.svg());
      }
      if (b.data.rows() > 200) continue;  // the chart says it; a table of every minute would not help
    } else if (b.chart == chart_kind::bars && !names.empty()) {
      plot::bar_chart c({.title = b.title});
      const fr::column& labels = b.data.at(0);
      const fr::column& values = b.data[names[0]];
      for (std::size_t i = 0; i < b.data.rows(); ++i)
        c.add(detail::cell_text(labels, i), values.number(i).value_or(std::nan("")));
      page.chart(c.horizontal().svg());
    }
    std::vector<std::vector<std::string>> cells;
    for (std::size_t i = 0; i < b.data.rows(); ++i) {
      std::vector<std::string> row;
      for (std::size_t c = 0; c < b.data.cols(); ++c) row.push_back(detail::cell_text(b.data.at(c), i));
      cells.push_back(std::move(row));
    }
    page.table(b.data.names(), cells);
  }
  if (r.bad.bad > 0) {
    page.section("Bad lines");
    page.paragraph(grouped(r.bad.bad) + " lines could not be parsed; the first ones:");
    std::vector<std::vector<std::string>> cells;
    for (const logs::bad_line& b : r.bad.examples)
      cells.push_back({std::to_string(b.number), std::to_string(b.why.column), b.why.message, b.text});
    page.table({"line", "column", "reason", "text"}, cells);
  }
  return page.html();
}

}  // namespace aiops::app::analyze
