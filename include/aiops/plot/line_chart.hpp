// aiops: line charts over time or numbers, with gaps, anomaly markers, shaded intervals and forecast bands
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min, std::max, std::find_if
#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <utility>      // std::move, std::swap
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"
#include "aiops/plot/detail/frame.hpp"
#include "aiops/plot/detail/series.hpp"
#include "aiops/plot/detail/svg_writer.hpp"
#include "aiops/plot/style.hpp"

AIOPS_BEGIN_NAMESPACE
namespace plot {

/// How one line is drawn.
struct line_style {
  std::string colour{};  ///< any SVG colour; empty takes the next palette colour
  bool dashed = false;  ///< e.g. for a forecast
  double width = 1.6;   ///< stroke width in pixels
};

/// A line chart: series over UTC time (`timestamp_ns`) or plain numbers, NaN leaves a gap.
/// Anomalies go on top as markers, incidents as shaded intervals, forecasts with a band.
///
///     plot::line_chart c({.title = "Requests per minute", .y_title = "requests"});
///     c.add_line("requests", minutes, counts)
///      .add_markers("anomaly", anomaly_minutes, anomaly_counts)
///      .add_interval(incident_start, incident_end, "incident");
///     std::string svg = c.svg();
///
/// Data is copied in; `svg()` is deterministic (same calls, same bytes).
/// @throws std::invalid_argument from the add_ functions when x and y sizes differ or when
///         timestamps and plain numbers are mixed on x.
class line_chart {
 public:
  explicit line_chart(chart_options options = {}) : options_(std::move(options)) { detail::check_options(options_); }

  /// A series over plain numbers.
  line_chart& add_line(std::string name, std::vector<double> x, std::vector<double> y, line_style style = {}) {
    return add_line_at(detail::x_kind::number, std::move(name), std::move(x), std::move(y), std::move(style));
  }
  /// A series over UTC timestamps.
  line_chart& add_line(std::string name, const std::vector<timestamp_ns>& t, std::vector<double> y, line_style style = {}) {
    return add_line_at(detail::x_kind::time, std::move(name), detail::to_doubles(t), std::move(y), std::move(style));
  }
  /// A series over its indices 0, 1, 2...
  line_chart& add_line(std::string name, std::vector<double> y, line_style style = {}) {
    std::vector<double> x(y.size());
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = double(i);
    return add_line(std::move(name), std::move(x), std::move(y), std::move(style));
  }

  /// A shaded band between `lower` and `upper` (a forecast's prediction interval); its colour
  /// defaults to that of the line added last.
  line_chart& add_band(std::string name, std::vector<double> x, std::vector<double> lower, std::vector<double> upper,
                       std::string colour = {}) {
    return add_band_at(detail::x_kind::number, std::move(name), std::move(x), std::move(lower), std::move(upper),
                       std::move(colour));
  }
  line_chart& add_band(std::string name, const std::vector<timestamp_ns>& t, std::vector<double> lower,
                       std::vector<double> upper, std::string colour = {}) {
    return add_band_at(detail::x_kind::time, std::move(name), detail::to_doubles(t), std::move(lower), std::move(upper),
                       std::move(colour));
  }

  /// Point markers (anomalies): a filled circle at each (x, y).
  line_chart& add_markers(std::string name, std::vector<double> x, std::vector<double> y,
                          std::string colour = std::string(anomaly_colour)) {
    return add_markers_at(detail::x_kind::number, std::move(name), std::move(x), std::move(y), std::move(colour));
  }
  line_chart& add_markers(std::string name, const std::vector<timestamp_ns>& t, std::vector<double> y,
                          std::string colour = std::string(anomaly_colour)) {
    return add_markers_at(detail::x_kind::time, std::move(name), detail::to_doubles(t), std::move(y), std::move(colour));
  }

  /// A shaded vertical interval [from, to] across the plot (an anomaly window, an incident);
  /// intervals with the same label share one legend entry. The parts outside the data are cut off.
  line_chart& add_interval(double from, double to, std::string label = {}, std::string colour = std::string(anomaly_colour)) {
    detail::use_kind(kind_, detail::x_kind::number, "line_chart");
    intervals_.push_back({from, to, std::move(label), std::move(colour)});
    return *this;
  }
  line_chart& add_interval(timestamp_ns from, timestamp_ns to, std::string label = {},
                           std::string colour = std::string(anomaly_colour)) {
    detail::use_kind(kind_, detail::x_kind::time, "line_chart");
    intervals_.push_back({double(from), double(to), std::move(label), std::move(colour)});
    return *this;
  }

  /// A dashed horizontal line at `y` (a threshold), labelled at its right end.
  line_chart& add_hline(double y, std::string label = {}, std::string colour = "#595959") {
    hlines_.push_back({y, std::move(label), std::move(colour)});
    return *this;
  }

  /// The chart as an SVG 1.1 document, also valid inline in HTML; "no data" when nothing is plottable.
  std::string svg() const {
    chart_options o = options_;
    if (o.x_title.empty() && kind_ == detail::x_kind::time) o.x_title = "time (UTC)";
    detail::range xr, yr;
    for (const auto& l : lines_)
      for (std::size_t i = 0; i < l.x.size(); ++i)
        if (detail::plottable(l.y[i])) { xr.add(l.x[i]); yr.add(l.y[i]); }
    for (const auto& b : bands_)
      for (std::size_t i = 0; i < b.x.size(); ++i)
        if (detail::plottable(b.lower[i]) && detail::plottable(b.upper[i])) {
          xr.add(b.x[i]);
          yr.add(b.lower[i]);
          yr.add(b.upper[i]);
        }
    for (const auto& m : markers_)
      for (std::size_t i = 0; i < m.x.size(); ++i)
        if (detail::plottable(m.y[i])) { xr.add(m.x[i]); yr.add(m.y[i]); }
    const bool no_data = xr.empty() || yr.empty();
    for (const auto& h : hlines_) yr.add(h.y);
    if (no_data) xr = yr = detail::range{0, 1};
    if (kind_ == detail::x_kind::time && xr.lo == xr.hi) {
      xr.lo -= double(ns_per_minute / 2);
      xr.hi += double(ns_per_minute / 2);
    }

    detail::frame f(o, legend(), o.height);
    const double font = o.font_size;
    f.layout([&](double len) { return detail::value_axis(yr.lo, yr.hi, len, font, o.y_min, o.y_max); },
             [&](double len) {
               return kind_ == detail::x_kind::time ? detail::time_x_axis(xr.lo, xr.hi, len, font)
                                                    : detail::numeric_x_axis(xr.lo, xr.hi, len, font);
             });
    return f.render(no_data ? std::string() : data_layer(f), no_data);
  }

 private:
  struct line {
    std::string name;
    std::vector<double> x, y;
    line_style style;
  };
  struct band {
    std::string name;
    std::vector<double> x, lower, upper;
    std::string colour;
  };
  struct markers {
    std::string name;
    std::vector<double> x, y;
    std::string colour;
  };
  struct interval {
    double from, to;
    std::string label, colour;
  };
  struct hline {
    double y;
    std::string label, colour;
  };

  // Checks come before any change, so a rejected call leaves the chart as it was.
  line_chart& add_line_at(detail::x_kind kind, std::string name, std::vector<double> x, std::vector<double> y,
                          line_style style) {
    detail::check_sizes(x.size(), y.size(), "line_chart::add_line");
    detail::use_kind(kind_, kind, "line_chart");
    if (style.colour.empty()) style.colour = palette_colour(lines_.size());
    lines_.push_back({std::move(name), std::move(x), std::move(y), std::move(style)});
    return *this;
  }
  line_chart& add_band_at(detail::x_kind kind, std::string name, std::vector<double> x, std::vector<double> lower,
                          std::vector<double> upper, std::string colour) {
    detail::check_sizes(x.size(), lower.size(), "line_chart::add_band (lower)");
    detail::check_sizes(x.size(), upper.size(), "line_chart::add_band (upper)");
    detail::use_kind(kind_, kind, "line_chart");
    if (colour.empty()) colour = lines_.empty() ? std::string(palette_colour(0)) : lines_.back().style.colour;
    bands_.push_back({std::move(name), std::move(x), std::move(lower), std::move(upper), std::move(colour)});
    return *this;
  }
  line_chart& add_markers_at(detail::x_kind kind, std::string name, std::vector<double> x, std::vector<double> y,
                             std::string colour) {
    detail::check_sizes(x.size(), y.size(), "line_chart::add_markers");
    detail::use_kind(kind_, kind, "line_chart");
    markers_.push_back({std::move(name), std::move(x), std::move(y), std::move(colour)});
    return *this;
  }

  std::vector<detail::legend_entry> legend() const {
    using detail::swatch;
    std::vector<detail::legend_entry> out;
    auto add = [&](const std::string& label, const std::string& colour, swatch kind) {
      const bool seen = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.label == label; }) != out.end();
      if (!label.empty() && !seen) out.push_back({label, colour, kind});
    };
    for (const auto& l : lines_) add(l.name, l.style.colour, l.style.dashed ? swatch::dashed_line : swatch::line);
    for (const auto& b : bands_) add(b.name, b.colour, swatch::interval);
    for (const auto& m : markers_) add(m.name, m.colour, swatch::marker);
    for (const auto& i : intervals_) add(i.label, i.colour, swatch::interval);
    for (const auto& h : hlines_) add(h.label, h.colour, swatch::dashed_line);
    return out;
  }

  // Drawn back to front: intervals, bands, lines, thresholds, markers.
  std::string data_layer(const detail::frame& f) const {
    using detail::attr;
    using detail::plottable;
    detail::svg_writer w;
    for (const auto& i : intervals_) {
      if (!plottable(i.from) || !plottable(i.to)) continue;
      const double a = std::max(std::min(i.from, i.to), f.x_axis().lo), b = std::min(std::max(i.from, i.to), f.x_axis().hi);
      if (a > b) continue;
      // A zero-length interval (one anomalous sample) still shows as a one-pixel stripe.
      w.rect(f.x_px(a), f.top(), std::max(f.x_px(b) - f.x_px(a), 1.0), f.area_height(),
             attr("fill", i.colour) + attr("fill-opacity", 0.15));
    }
    for (const auto& b : bands_) draw_band(w, f, b);
    for (const auto& l : lines_)
      detail::draw_runs(w, detail::pixel_runs(f, l.x, l.y), l.style.colour, l.style.width, l.style.dashed);
    for (const auto& h : hlines_) {
      if (!plottable(h.y) || h.y < f.y_axis().lo || h.y > f.y_axis().hi) continue;
      const double y = f.y_px(h.y);
      w.line(f.left(), y, f.right(), y, attr("stroke", h.colour) + attr("stroke-width", 1.2) + attr("stroke-dasharray", "4 3"));
      // Above the line, or below it when the line runs along the top of the plot.
      const double label_y = y - f.top() < options_.font_size + 2 ? y + options_.font_size + 2 : y - 4;
      if (!h.label.empty())
        w.text(f.right() - 4, label_y, h.label,
               attr("text-anchor", "end") + attr("fill", h.colour) + attr("font-size", options_.font_size * 0.9));
    }
    for (const auto& m : markers_)
      for (std::size_t i = 0; i < m.x.size(); ++i)
        if (plottable(m.x[i]) && plottable(m.y[i]))
          w.circle(f.x_px(m.x[i]), f.y_px(m.y[i]), 4,
                   attr("fill", m.colour) + attr("stroke", "#ffffff") + attr("stroke-width", 1.0));
    return std::move(w).str();
  }

  // One polygon per run of points with both bounds: the upper edge forwards, the lower backwards.
  static void draw_band(detail::svg_writer& w, const detail::frame& f, const band& b) {
    std::vector<detail::point> upper, lower;
    detail::path_data d;
    auto flush = [&] {
      if (upper.size() >= 2) {
        upper = detail::thin(upper, f.area_width());
        lower = detail::thin(lower, f.area_width());
        d.move(upper[0].x, upper[0].y);
        for (std::size_t i = 1; i < upper.size(); ++i) d.line(upper[i].x, upper[i].y);
        for (std::size_t i = lower.size(); i-- > 0;) d.line(lower[i].x, lower[i].y);
        d.close();
      }
      upper.clear();
      lower.clear();
    };
    for (std::size_t i : detail::x_order(b.x)) {
      if (!detail::plottable(b.x[i]) || !detail::plottable(b.lower[i]) || !detail::plottable(b.upper[i])) {
        flush();
        continue;
      }
      upper.push_back({f.x_px(b.x[i]), f.y_px(b.upper[i])});
      lower.push_back({f.x_px(b.x[i]), f.y_px(b.lower[i])});
    }
    flush();
    if (!d.empty()) w.path(d.str(), detail::attr("fill", b.colour) + detail::attr("fill-opacity", 0.18));
  }

  chart_options options_;
  detail::x_kind kind_ = detail::x_kind::unset;
  std::vector<line> lines_;
  std::vector<band> bands_;
  std::vector<markers> markers_;
  std::vector<interval> intervals_;
  std::vector<hline> hlines_;
};

}  // namespace plot
AIOPS_END_NAMESPACE
