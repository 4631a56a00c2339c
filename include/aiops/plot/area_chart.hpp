// aiops: stacked area charts (e.g. responses per status class 2xx/3xx/4xx/5xx over time)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::max
#include <cmath>        // std::floor
#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"
#include "aiops/plot/detail/frame.hpp"
#include "aiops/plot/detail/series.hpp"
#include "aiops/plot/detail/svg_writer.hpp"
#include "aiops/plot/style.hpp"

AIOPS_BEGIN_NAMESPACE
namespace plot {

/// Layers stacked on a shared x (UTC time or numbers), the first layer at the bottom. NaN and
/// negative values count as zero (a stack has no room for them); with `percent()` each x sums to 100.
///
///     plot::stacked_area_chart c(minutes, {.title = "Responses by status", .y_title = "requests"});
///     c.add_layer("2xx", ok, "#009E73").add_layer("3xx", redirects, "#56B4E9")
///      .add_layer("4xx", client_errors, "#E69F00").add_layer("5xx", server_errors, "#D55E00");
///     std::string svg = c.svg();
///
/// @throws std::invalid_argument from add_layer when its size differs from x's.
class stacked_area_chart {
 public:
  explicit stacked_area_chart(std::vector<double> x, chart_options options = {})
      : x_(std::move(x)), options_(std::move(options)) {
    detail::check_options(options_);
  }
  explicit stacked_area_chart(const std::vector<timestamp_ns>& t, chart_options options = {})
      : stacked_area_chart(detail::to_doubles(t), std::move(options)) {
    time_ = true;
    if (options_.x_title.empty()) options_.x_title = "time (UTC)";
  }

  /// One layer on top of the previous ones; `colour` empty takes the next palette colour.
  stacked_area_chart& add_layer(std::string name, std::vector<double> y, std::string colour = {}) {
    detail::check_sizes(x_.size(), y.size(), "stacked_area_chart::add_layer");
    if (colour.empty()) colour = std::string(palette_colour(layers_.size()));
    layers_.push_back({std::move(name), std::move(y), std::move(colour)});
    return *this;
  }

  /// Shows each layer's share of the total at every x, 0..100.
  stacked_area_chart& percent(bool on = true) {
    percent_ = on;
    return *this;
  }

  /// The chart as an SVG 1.1 document, also valid inline in HTML; "no data" without plottable x or layers.
  std::string svg() const {
    // Columns of the stack in x order: one per plottable x.
    std::vector<std::size_t> order;
    for (std::size_t i : detail::x_order(x_))
      if (detail::plottable(x_[i])) order.push_back(i);
    const bool no_data = order.empty() || layers_.empty();
    std::vector<std::vector<double>> tops;  // tops[k][j]: height of layers 0..k at column j
    detail::range xr, yr;
    yr.add(0);
    if (!no_data) {
      tops = stack(order);
      for (double v : tops.back()) yr.add(v);
      xr.add(x_[order.front()]);
      xr.add(x_[order.back()]);
    } else {
      xr = {0, 1};
    }
    if (time_ && xr.lo == xr.hi) {
      xr.lo -= double(ns_per_minute / 2);
      xr.hi += double(ns_per_minute / 2);
    }
    if (percent_) yr.hi = 100;
    std::vector<detail::legend_entry> legend;
    for (const auto& l : layers_) legend.push_back({l.name, l.colour, detail::swatch::area});
    const double font = options_.font_size;
    detail::frame f(options_, std::move(legend), options_.height);
    f.layout([&](double len) { return detail::value_axis(0, std::max(yr.hi, 1e-9), len, font, options_.y_min, options_.y_max); },
             [&](double len) {
               return time_ ? detail::time_x_axis(xr.lo, xr.hi, len, font) : detail::numeric_x_axis(xr.lo, xr.hi, len, font);
             });
    return f.render(no_data ? std::string() : draw(f, order, tops), no_data);
  }

 private:
  struct layer {
    std::string name;
    std::vector<double> y;
    std::string colour;
  };

  std::vector<std::vector<double>> stack(const std::vector<std::size_t>& order) const {
    std::vector<std::vector<double>> tops(layers_.size(), std::vector<double>(order.size()));
    for (std::size_t j = 0; j < order.size(); ++j) {
      double sum = 0;
      for (std::size_t k = 0; k < layers_.size(); ++k) {
        const double v = layers_[k].y[order[j]];
        sum += detail::plottable(v) && v > 0 ? v : 0;
        tops[k][j] = sum;
      }
      if (percent_)
        for (auto& t : tops) t[j] = sum > 0 ? t[j] / sum * 100 : 0;
    }
    return tops;
  }

  // Each layer is the polygon between its top and the top of the layer below. Columns are averaged
  // per pixel when there are many more of them than pixels, which keeps the SVG small.
  std::string draw(const detail::frame& f, const std::vector<std::size_t>& order,
                   const std::vector<std::vector<double>>& tops) const {
    std::vector<double> px;
    std::vector<std::vector<double>> heights(tops.size());
    const bool thin = double(order.size()) > 2 * f.area_width();
    double column = 0, count = 0;
    auto close_column = [&] {  // sums so far become means
      if (count == 0) return;
      px.back() /= count;
      for (auto& h : heights) h.back() /= count;
    };
    for (std::size_t j = 0; j < order.size(); ++j) {
      const double x = f.x_px(x_[order[j]]);
      if (px.empty() || !thin || std::floor(x) != column) {
        close_column();
        column = std::floor(x);
        count = 0;
        px.push_back(0);
        for (auto& h : heights) h.push_back(0);
      }
      px.back() += x;
      for (std::size_t k = 0; k < tops.size(); ++k) heights[k].back() += tops[k][j];
      ++count;
    }
    close_column();

    detail::svg_writer w;
    for (std::size_t k = 0; k < heights.size(); ++k) {
      detail::path_data d;
      d.move(px[0], f.y_px(heights[k][0]));
      for (std::size_t j = 1; j < px.size(); ++j) d.line(px[j], f.y_px(heights[k][j]));
      for (std::size_t j = px.size(); j-- > 0;) d.line(px[j], f.y_px(k == 0 ? 0 : heights[k - 1][j]));
      d.close();
      w.path(d.str(), detail::attr("fill", layers_[k].colour) + detail::attr("fill-opacity", 0.85));
    }
    return std::move(w).str();
  }

  std::vector<double> x_;
  chart_options options_;
  bool time_ = false;
  bool percent_ = false;
  std::vector<layer> layers_;
};

}  // namespace plot
AIOPS_END_NAMESPACE
