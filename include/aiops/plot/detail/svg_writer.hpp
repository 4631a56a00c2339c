// aiops: a small SVG 1.1 element writer with fixed number formatting and escaped text
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::clamp, std::max
#include <utility>      // std::move
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/plot/format.hpp"
#include "aiops/plot/style.hpp"

AIOPS_BEGIN_NAMESPACE
namespace plot::detail {

// A coordinate with at most two decimals and no trailing zeros; clamped so that values far off
// the canvas (the nested viewport clips them) never print as hundreds of digits.
inline std::string num(double v) {
  std::string s = format_fixed(std::clamp(v, -1e6, 1e6), 2);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

// ` name="value"` with the value escaped.
inline std::string attr(std::string_view name, std::string_view value) {
  std::string out = " ";
  out += name;
  out += "=\"";
  out += escape_xml(value);
  out += '"';
  return out;
}

inline std::string attr(std::string_view name, double value) { return " " + std::string(name) + "=\"" + num(value) + "\""; }

// Appends SVG elements to a string; `begin` and `end` make it a whole document.
class svg_writer {
 public:
  void begin(double width, double height, std::string_view title, int font_size) {
    out_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"" + attr("width", width) + attr("height", height) +
            " viewBox=\"0 0 " + num(width) + " " + num(height) + "\"" + attr("font-family", font_stack) +
            attr("font-size", double(font_size)) + ">\n";
    if (!title.empty()) out_ += "<title>" + escape_xml(title) + "</title>\n";
    rect(0, 0, width, height, attr("fill", "#ffffff"));
  }
  void end() { out_ += "</svg>\n"; }

  void rect(double x, double y, double w, double h, const std::string& attrs) {
    out_ += "<rect" + attr("x", x) + attr("y", y) + attr("width", std::max(w, 0.0)) + attr("height", std::max(h, 0.0)) +
            attrs + "/>\n";
  }
  void line(double x1, double y1, double x2, double y2, const std::string& attrs) {
    out_ += "<line" + attr("x1", x1) + attr("y1", y1) + attr("x2", x2) + attr("y2", y2) + attrs + "/>\n";
  }
  void circle(double cx, double cy, double r, const std::string& attrs) {
    out_ += "<circle" + attr("cx", cx) + attr("cy", cy) + attr("r", r) + attrs + "/>\n";
  }
  void path(const std::string& d, const std::string& attrs) { out_ += "<path d=\"" + d + "\"" + attrs + "/>\n"; }
  // Text with `tooltip` shown on hover when it differs from the text (the full form of a shortened label).
  void text(double x, double y, std::string_view content, const std::string& attrs, std::string_view tooltip = {}) {
    out_ += "<text" + attr("x", x) + attr("y", y) + attrs + ">";
    if (!tooltip.empty() && tooltip != content) out_ += "<title>" + escape_xml(tooltip) + "</title>";
    out_ += escape_xml(content) + "</text>\n";
  }
  void raw(std::string_view s) { out_ += s; }

  std::string str() && { return std::move(out_); }

 private:
  std::string out_;
};

// Path data "Mx,yLx,y..." for a polyline or polygon.
class path_data {
 public:
  void move(double x, double y) { d_ += "M" + num(x) + "," + num(y); }
  void line(double x, double y) { d_ += "L" + num(x) + "," + num(y); }
  void close() { d_ += "Z"; }
  bool empty() const { return d_.empty(); }
  const std::string& str() const { return d_; }

 private:
  std::string d_;
};

}  // namespace plot::detail
AIOPS_END_NAMESPACE
