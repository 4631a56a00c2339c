// aiops: a topology drawn as Graphviz DOT and as a self-contained SVG (layered left to right)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max
#include <cstddef>    // std::size_t
#include <map>        // std::map (service -> layer)
#include <string>     // std::string
#include <vector>     // std::vector

#include "aiops/config.hpp"
#include "aiops/plot/format.hpp"
#include "aiops/plot/style.hpp"
#include "aiops/trace/topology.hpp"

AIOPS_BEGIN_NAMESPACE
namespace trace {

/// Error rates above this are drawn in the anomaly colour.
inline constexpr double error_highlight = 0.05;

namespace detail {

inline std::string percent(double rate) { return plot::format_value(rate * 100) + "%"; }

inline std::string node_caption(const service_stats& s) {
  if (s.requests == 0) return "not instrumented";
  return std::to_string(s.requests) + " req, " + percent(s.error_rate()) + " err, p95 " + plot::format_value(s.latency.p95_ms) + " ms";
}

inline std::string edge_caption(const edge_stats& e) {
  return std::to_string(e.calls) + " calls, " + percent(e.error_rate()) + " err, p50/p95/p99 " + plot::format_value(e.latency.p50_ms) +
         "/" + plot::format_value(e.latency.p95_ms) + "/" + plot::format_value(e.latency.p99_ms) + " ms";
}

/// A DOT string literal.
inline std::string dot_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + '"';
}

/// Each service's column: the longest call chain reaching it from a service nobody calls, so every
/// edge of an acyclic graph points right (a cycle stops growing after one pass per service).
inline std::map<std::string, std::size_t> layers(const topology& t) {
  std::map<std::string, std::size_t> layer;
  for (const auto& s : t.services) layer[s.name] = 0;
  for (std::size_t pass = 0; pass < t.services.size(); ++pass) {
    bool moved = false;
    for (const auto& e : t.edges)
      if (e.caller != e.callee && layer[e.callee] < layer[e.caller] + 1 && layer[e.caller] + 1 < t.services.size()) {
        layer[e.callee] = layer[e.caller] + 1;
        moved = true;
      }
    if (!moved) break;
  }
  return layer;
}

}  // namespace detail

/// The topology as a Graphviz digraph: a box per service (requests, error rate, p95), an edge per
/// caller -> callee (calls, error rate, p50/p95/p99); erroring ones in the anomaly colour.
///
///     std::ofstream("topology.dot") << aiops::trace::to_dot(topo);   // dot -Tpng topology.dot
inline std::string to_dot(const topology& t) {
  std::string out = "digraph topology {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n";
  const std::string red(plot::anomaly_colour);
  for (const auto& s : t.services) {
    out += "  " + detail::dot_quote(s.name) + " [label=" + detail::dot_quote(s.name + "\n" + detail::node_caption(s)) + "";
    if (s.error_rate() > error_highlight) out += ", color=\"" + red + "\"";
    out += "];\n";
  }
  for (const auto& e : t.edges) {
    out += "  " + detail::dot_quote(e.caller) + " -> " + detail::dot_quote(e.callee) + " [label=" + detail::dot_quote(detail::edge_caption(e));
    if (e.error_rate() > error_highlight) out += ", color=\"" + red + "\", fontcolor=\"" + red + "\"";
    out += "];\n";
  }
  return out + "}\n";
}

/// The topology as SVG: services in columns by call depth, edges as arrows with their captions.
inline std::string to_svg(const topology& t, const std::string& title = "Service topology") {
  constexpr int box_w = 230;
  constexpr int box_h = 46;
  constexpr int col_w = 420;
  constexpr int row_h = 110;
  constexpr int margin = 40;
  const auto layer = detail::layers(t);
  std::map<std::string, std::pair<int, int>> pos;  // top-left corner of each box
  std::map<std::size_t, int> rows;
  std::size_t columns = 1;
  for (const auto& s : t.services) {
    const std::size_t c = layer.at(s.name);
    columns = std::max(columns, c + 1);
    pos[s.name] = {margin + static_cast<int>(c) * col_w, margin + 30 + rows[c]++ * row_h};
  }
  int max_rows = 1;
  for (const auto& [c, n] : rows) max_rows = std::max(max_rows, n);
  const int width = 2 * margin + static_cast<int>(columns - 1) * col_w + box_w;
  const int height = 2 * margin + 30 + (max_rows - 1) * row_h + box_h;
  const std::string red(plot::anomaly_colour);
  const std::string blue(plot::palette_colour(0));
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
                    "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) + "\" font-family=\"" +
                    plot::escape_xml(plot::font_stack) + "\" font-size=\"11\">\n";
  out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
         "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"" + std::to_string(margin) + "\" y=\"" +
         std::to_string(margin) + "\" font-size=\"16\" font-weight=\"bold\">" + plot::escape_xml(title) + "</text>\n";
  for (const auto& e : t.edges) {
    const auto [fx, fy] = pos.at(e.caller);
    const auto [tx, ty] = pos.at(e.callee);
    const int x1 = fx + box_w;
    const int y1 = fy + box_h / 2;
    const int x2 = tx < fx + box_w ? tx + box_w / 2 : tx;  // a back or same-column edge ends on the box top
    const int y2 = tx < fx + box_w ? ty : ty + box_h / 2;
    const std::string colour = e.error_rate() > error_highlight ? red : std::string("#555");
    out += "<g><title>" + plot::escape_xml(e.caller + " -> " + e.callee + ": " + detail::edge_caption(e)) + "</title><line x1=\"" +
           std::to_string(x1) + "\" y1=\"" + std::to_string(y1) + "\" x2=\"" + std::to_string(x2) + "\" y2=\"" + std::to_string(y2) +
           "\" stroke=\"" + colour + "\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>";
    out += "<text x=\"" + std::to_string((x1 + x2) / 2) + "\" y=\"" + std::to_string((y1 + y2) / 2 - 4) + "\" text-anchor=\"middle\" fill=\"" +
           colour + "\">" + plot::escape_xml(std::to_string(e.calls) + " calls, " + detail::percent(e.error_rate()) + " err, p95 " +
                                             plot::format_value(e.latency.p95_ms) + " ms") +
           "</text></g>\n";
  }
  for (const auto& s : t.services) {
    const auto [x, y] = pos.at(s.name);
    const std::string colour = s.error_rate() > error_highlight ? red : blue;
    out += "<g><title>" + plot::escape_xml(s.name + ": " + detail::node_caption(s)) + "</title><rect x=\"" + std::to_string(x) + "\" y=\"" +
           std::to_string(y) + "\" width=\"" + std::to_string(box_w) + "\" height=\"" + std::to_string(box_h) +
           "\" rx=\"8\" fill=\"white\" stroke=\"" + colour + "\" stroke-width=\"2\"/>";
    out += "<text x=\"" + std::to_string(x + box_w / 2) + "\" y=\"" + std::to_string(y + 19) +
           "\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">" + plot::escape_xml(s.name) + "</text>";
    out += "<text x=\"" + std::to_string(x + box_w / 2) + "\" y=\"" + std::to_string(y + 36) + "\" text-anchor=\"middle\">" +
           plot::escape_xml(detail::node_caption(s)) + "</text></g>\n";
  }
  return out + "</svg>\n";
}

}  // namespace trace
AIOPS_END_NAMESPACE
