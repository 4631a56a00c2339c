// aiops: a self-contained HTML report (headings, paragraphs, tables, inline SVG charts), no scripts
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::max
#include <cstddef>      // std::size_t
#include <fstream>      // std::ofstream
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/plot/format.hpp"
#include "aiops/plot/style.hpp"

AIOPS_BEGIN_NAMESPACE
namespace plot {

/// Builds one HTML5 page that needs nothing else: UTF-8, inline CSS with a font stack that covers
/// Chinese, charts as inline SVG, no JavaScript and no external resources, so it can be mailed or
/// archived as a single file. All text is escaped; chart markup is inserted as given.
///
///     plot::html_report r("Nightly analysis of access.log");
///     r.section("Traffic").paragraph("12 anomalies in 24 h.").chart(c.svg(), "Requests per minute");
///     r.section("Top errors").table({"URL", "5xx"}, {{"/api/login", "1523"}});
///     r.save("report.html");
class html_report {
 public:
  /// A report titled `title`; `lang` is the page's language tag ("zh-CN" picks Chinese glyph forms).
  explicit html_report(std::string title, std::string lang = "en") : title_(std::move(title)), lang_(std::move(lang)) {}

  /// Starts a new section with a second-level heading.
  html_report& section(std::string_view heading) {
    close_section();
    body_ += "<section>\n<h2>" + escape_xml(heading) + "</h2>\n";
    in_section_ = true;
    return *this;
  }
  /// A third-level heading inside the current section.
  html_report& heading(std::string_view text) {
    body_ += "<h3>" + escape_xml(text) + "</h3>\n";
    return *this;
  }
  /// A paragraph of plain text; blank lines inside start new paragraphs.
  html_report& paragraph(std::string_view text) {
    body_ += "<p>";
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t blank = text.find("\n\n", i);
      body_ += escape_xml(text.substr(i, blank == std::string_view::npos ? std::string_view::npos : blank - i));
      if (blank == std::string_view::npos) break;
      body_ += "</p>\n<p>";
      i = blank + 2;
    }
    body_ += "</p>\n";
    return *this;
  }
  /// Text shown as is, in a monospace block (log lines, command output).
  html_report& preformatted(std::string_view text) {
    body_ += "<pre>" + escape_xml(text) + "</pre>\n";
    return *this;
  }
  /// A table; numeric cells are right-aligned; short rows are padded with empty cells.
  html_report& table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    body_ += "<div class=\"table\"><table>\n";
    if (!header.empty()) {
      body_ += "<thead><tr>";
      for (const auto& h : header) body_ += "<th>" + escape_xml(h) + "</th>";
      body_ += "</tr></thead>\n";
    }
    body_ += "<tbody>\n";
    for (const auto& row : rows) {
      body_ += "<tr>";
      for (std::size_t i = 0; i < std::max(row.size(), header.size()); ++i) {
        const std::string_view cell = i < row.size() ? std::string_view(row[i]) : std::string_view();
        body_ += parse_double(trim(cell)) ? "<td class=\"num\">" : "<td>";
        body_ += escape_xml(cell) + "</td>";
      }
      body_ += "</tr>\n";
    }
    body_ += "</tbody></table></div>\n";
    return *this;
  }
  /// An SVG chart (from the chart classes) with an optional caption.
  /// @throws std::invalid_argument when `svg` does not start with "<svg".
  html_report& chart(std::string_view svg, std::string_view caption = {}) {
    if (trim(svg).substr(0, 4) != "<svg") throw std::invalid_argument("html_report::chart: expected SVG markup starting with <svg");
    body_ += "<figure>\n";
    body_ += trim(svg);
    body_ += "\n";
    if (!caption.empty()) body_ += "<figcaption>" + escape_xml(caption) + "</figcaption>\n";
    body_ += "</figure>\n";
    return *this;
  }

  /// The whole page.
  std::string html() const {
    std::string out = "<!DOCTYPE html>\n<html lang=\"" + escape_xml(lang_) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"generator\" content=\"aiops " + std::string(version_string) + "\">\n";
    out += "<title>" + escape_xml(title_) + "</title>\n<style>\n";
    out += "body{font-family:" + std::string(font_stack) +
           ";max-width:1040px;margin:2em auto;padding:0 1em;color:#222;background:#fff;line-height:1.55}\n"
           "h1{font-size:1.6em;border-bottom:3px solid #0072B2;padding-bottom:.3em}\n"
           "h2{font-size:1.3em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}\n"
           "h3{font-size:1.08em;margin-top:1.4em}\n"
           ".table{overflow-x:auto}\n"
           "table{border-collapse:collapse;margin:1em 0;font-size:.92em}\n"
           "th,td{border:1px solid #d8d8d8;padding:.35em .7em;text-align:left;vertical-align:top}\n"
           "th{background:#eef3f8}\ntbody tr:nth-child(even){background:#fafafa}\n"
           "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
           "figure{margin:1.2em 0}\nfigure svg{max-width:100%;height:auto;display:block}\n"
           "figcaption{color:#555;font-size:.9em;margin-top:.3em}\n"
           "pre{background:#f6f8fa;border:1px solid #e5e5e5;padding:.8em;overflow-x:auto;font-size:.85em;"
           "font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,'Noto Sans Mono CJK SC',monospace}\n";
    out += "</style>\n</head>\n<body>\n<h1>" + escape_xml(title_) + "</h1>\n" + body_;
    if (in_section_) out += "</section>\n";
    out += "</body>\n</html>\n";
    return out;
  }

  /// Writes html() to `path`.
  /// @throws aiops::error when the file cannot be written.
  void save(const std::string& path) const {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    const std::string page = html();
    out.write(page.data(), std::streamsize(page.size()));
    out.close();
    if (!out) throw error("cannot write the HTML report to " + path);
  }

 private:
  void close_section() {
    if (in_section_) body_ += "</section>\n";
    in_section_ = false;
  }

  std::string title_;
  std::string lang_;
  std::string body_;
  bool in_section_ = false;
};

}  // namespace plot
AIOPS_END_NAMESPACE
