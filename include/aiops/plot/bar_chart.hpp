// aiops: bar charts of categories, vertical or horizontal (for "top N" lists with long labels)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min, std::max, std::clamp
#include <cmath>        // std::abs
#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/plot/detail/frame.hpp"
#include "aiops/plot/detail/series.hpp"
#include "aiops/plot/detail/svg_writer.hpp"
#include "aiops/plot/format.hpp"
#include "aiops/plot/style.hpp"

AIOPS_BEGIN_NAMESPACE
namespace plot {

/// A bar per category, in the order added. Vertical bars turn crowded labels 45 degrees;
/// horizontal bars (`horizontal()`) suit "top N" lists: labels on the left (shortened in the
/// middle with "…" beyond 40% of the width, the full text kept as a tooltip), values at the bar
/// ends, and the chart grows taller (up to 20000 pixels) so every row stays readable. Negative
/// values extend left of / below zero.
///
///     plot::bar_chart top({.title = "Top URLs by 5xx"});
///     for (auto& [url, n] : top_urls) top.add(url, n);
///     std::string svg = top.horizontal().svg();
class bar_chart {
 public:
  explicit bar_chart(chart_options options = {}) : options_(std::move(options)) { detail::check_options(options_); }

  /// One bar; `colour` empty takes the first palette colour. A NaN value leaves the slot empty.
  bar_chart& add(std::string label, double value, std::string colour = {}) {
    if (colour.empty()) colour = std::string(palette_colour(0));
    bars_.push_back({std::move(label), value, std::move(colour)});
    return *this;
  }

  /// Bars grow to the right from labels on the left, first bar at the top.
  bar_chart& horizontal(bool on = true) {
    horizontal_ = on;
    return *this;
  }

  /// The chart as an SVG 1.1 document, also valid inline in HTML; "no data" without plottable bars.
  std::string svg() const {
    detail::range vr;
    vr.add(0);
    std::vector<std::string> names;
    bool no_data = true;
    for (const auto& b : bars_) {
      names.push_back(b.label);
      if (detail::plottable(b.value)) no_data = false;
      vr.add(b.value);
    }
    const double font = options_.font_size;
    std::vector<std::string> values;
    double widest_value = 0;
    for (const auto& b : bars_) {
      values.push_back(detail::plottable(b.value) ? format_value(b.value) : std::string());
      widest_value = std::max(widest_value, detail::text_width(values.back(), font));
    }
    if (horizontal_) {
      // Rows of 1.7 em at least: the height given, or what the rows need plus the usual margins.
      const double overhead = 2 * detail::pad + (options_.title.empty() ? 0 : font * 1.3 + 8) + 3 * (font + 8);
      const double height =
          std::clamp(double(bars_.size()) * font * 1.7 + overhead, double(options_.height), 20000.0);
      detail::frame f(options_, {}, height);
      f.reserve_right(widest_value + 4);
      f.layout([&](double) { return detail::category_y_axis(names, font, options_.width * 0.4); },
               [&](double len) { return detail::numeric_x_axis(vr.lo, vr.hi, len, font, true); });
      return no_data ? f.render({}, true) : f.render(horizontal_bars(f), false, horizontal_labels(f, values));
    }
    // Head room for the value labels above the bars.
    const double top = vr.hi > 0 ? vr.hi * 1.08 : vr.hi, bottom = vr.lo < 0 ? vr.lo * 1.08 : vr.lo;
    detail::frame f(options_, {}, options_.height);
    f.layout([&](double len) { return detail::value_axis(bottom, top, len, font, options_.y_min, options_.y_max); },
             [&](double len) { return detail::category_x_axis(names, len, font, std::min(options_.height * 0.4, 200.0)); });
    return no_data ? f.render({}, true) : f.render(vertical_bars(f, values), false);
  }

 private:
  struct bar {
    std::string label;
    double value;
    std::string colour;
  };

  std::string tooltip(const bar& b) const { return b.label + ": " + format_value(b.value); }

  std::string vertical_bars(const detail::frame& f, const std::vector<std::string>& values) const {
    using detail::attr;
    detail::svg_writer w;
    const double slot = f.area_width() / double(bars_.size()), zero = f.y_px(0);
    const bool show_values = slot >= 0.9 * options_.font_size * 4;
    for (std::size_t i = 0; i < bars_.size(); ++i) {
      const bar& b = bars_[i];
      if (!detail::plottable(b.value)) continue;
      const double x = f.x_px(double(i)) + slot * 0.15, y = f.y_px(b.value);
      w.raw("<g>");
      w.rect(x, std::min(y, zero), slot * 0.7, std::max(std::abs(zero - y), 0.5), attr("fill", b.colour));
      w.raw("<title>" + escape_xml(tooltip(b)) + "</title></g>\n");
      if (show_values && detail::text_width(values[i], options_.font_size) <= slot)
        w.text(x + slot * 0.35, b.value >= 0 ? y - 4 : y + options_.font_size + 2, values[i],
               attr("text-anchor", "middle") + attr("fill", detail::ink));
    }
    if (f.y_axis().lo < 0) w.line(f.left(), zero, f.right(), zero, attr("stroke", detail::axis_ink));
    return std::move(w).str();
  }

  std::string horizontal_bars(const detail::frame& f) const {
    using detail::attr;
    detail::svg_writer w;
    const double slot = f.area_height() / double(bars_.size()), zero = f.x_px(0);
    for (std::size_t i = 0; i < bars_.size(); ++i) {
      const bar& b = bars_[i];
      if (!detail::plottable(b.value)) continue;
      const double x = f.x_px(b.value), y = f.top() + slot * (double(i) + 0.15);
      w.raw("<g>");
      w.rect(std::min(x, zero), y, std::max(std::abs(x - zero), 0.5), slot * 0.7, attr("fill", b.colour));
      w.raw("<title>" + escape_xml(tooltip(b)) + "</title></g>\n");
    }
    if (f.x_axis().lo < 0) w.line(zero, f.top(), zero, f.bottom(), attr("stroke", detail::axis_ink));
    return std::move(w).str();
  }

  // Values at the bar ends, outside the clipped plot so that the longest bar's label shows too.
  std::string horizontal_labels(const detail::frame& f, const std::vector<std::string>& values) const {
    using detail::attr;
    detail::svg_writer w;
    const double slot = f.area_height() / double(bars_.size()), font = options_.font_size;
    for (std::size_t i = 0; i < bars_.size(); ++i) {
      if (values[i].empty()) continue;
      const double x = f.x_px(bars_[i].value), y = f.top() + slot * (double(i) + 0.5) + font * 0.35;
      const bool negative = bars_[i].value < 0;
      w.text(negative ? x - 4 : x + 4, y, values[i], attr("text-anchor", negative ? "end" : "start") + attr("fill", detail::ink));
    }
    return std::move(w).str();
  }

  chart_options options_;
  std::vector<bar> bars_;
  bool horizontal_ = false;
};

}  // namespace plot
AIOPS_END_NAMESPACE
