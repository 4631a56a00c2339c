// aiops: the parts every chart shares: layout (margins from measured labels), axes, grid, legend, titles
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::max, std::min, std::clamp
#include <cmath>        // std::isfinite, std::llround
#include <cstddef>      // std::size_t
#include <optional>     // std::optional
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"
#include "aiops/plot/detail/svg_writer.hpp"
#include "aiops/plot/detail/text_metrics.hpp"
#include "aiops/plot/style.hpp"
#include "aiops/plot/ticks.hpp"

AIOPS_BEGIN_NAMESPACE
namespace plot::detail {

inline constexpr double pad = 10;  // canvas edge to any text
inline constexpr const char* ink = "#333333";
inline constexpr const char* axis_ink = "#595959";
inline constexpr const char* grid_ink = "#e3e3e3";

// Values at or beyond this magnitude are treated as missing: they would swamp every axis.
constexpr bool plottable(double v) noexcept { return v == v && v > -1e300 && v < 1e300; }

inline void check_options(const chart_options& o) {
  if (o.width < 160 || o.width > 20000 || o.height < 120 || o.height > 20000)
    throw std::invalid_argument("chart_options: width must be 160..20000 and height 120..20000 pixels");
  if (o.font_size < 6 || o.font_size > 48) throw std::invalid_argument("chart_options: font_size must be 6..48");
  if ((o.y_min && !plottable(*o.y_min)) || (o.y_max && !plottable(*o.y_max)) ||
      (o.y_min && o.y_max && *o.y_min >= *o.y_max))
    throw std::invalid_argument("chart_options: y_min and y_max must be finite and y_min < y_max");
}

enum class swatch { line, dashed_line, area, marker, interval };

struct legend_entry {
  std::string label;
  std::string colour;
  swatch kind = swatch::line;
};

// One axis: its domain, where the ticks go and what they say.
struct axis {
  double lo = 0;
  double hi = 1;
  std::vector<double> ticks;
  std::vector<std::string> labels;
  std::vector<std::string> tooltips;  // full text of labels that were truncated, or empty
  bool grid = true;                   // grid lines at the ticks (value axes, not categories)
  bool rotate = false;                // x labels turned 45 degrees (crowded categories)
};

// Whether centred labels at these pixel positions keep a gap of about one em between them.
inline bool labels_fit(const std::vector<double>& px, const std::vector<std::string>& labels, double font) {
  for (std::size_t i = 1; i < px.size(); ++i)
    if (px[i] - px[i - 1] < (text_width(labels[i - 1], font) + text_width(labels[i], font)) / 2 + font) return false;
  return true;
}

// A value axis on [lo, hi] (y_min/y_max override the data range), extended to nice ticks about
// three ems apart.
inline axis value_axis(double lo, double hi, double length, double font, std::optional<double> fixed_lo = {},
                       std::optional<double> fixed_hi = {}) {
  if (fixed_lo) lo = *fixed_lo;
  if (fixed_hi) hi = *fixed_hi;
  if (fixed_lo && !fixed_hi && hi <= lo) hi = lo + 1;
  if (fixed_hi && !fixed_lo && lo >= hi) lo = hi - 1;
  const int max_ticks = std::max(2, int(length / (font * 3.2)));
  numeric_ticks t = nice_ticks(lo, hi, max_ticks, true);
  axis a;
  a.lo = fixed_lo ? *fixed_lo : t.lo;
  a.hi = fixed_hi ? *fixed_hi : t.hi;
  for (std::size_t i = 0; i < t.values.size(); ++i)
    if (t.values[i] >= a.lo - 1e-9 * t.step && t.values[i] <= a.hi + 1e-9 * t.step) {
      a.ticks.push_back(t.values[i]);
      a.labels.push_back(t.labels[i]);
    }
  return a;
}

// A horizontal axis over [lo, hi] (extended to the outer ticks with `extend`), with as many
// ticks as fit their labels.
inline axis numeric_x_axis(double lo, double hi, double length, double font, bool extend = false) {
  for (int n = std::max(2, int(length / (font * 4))); ; --n) {
    numeric_ticks t = nice_ticks(lo, hi, n, extend);
    axis a{t.lo, t.hi, t.values, t.labels, {}, true, false};
    std::vector<double> px;
    for (double v : a.ticks) px.push_back((v - a.lo) / (a.hi - a.lo) * length);
    if (n == 2 || labels_fit(px, a.labels, font)) return a;
  }
}

// A UTC time axis over exactly [lo, hi] (nanoseconds as doubles), as many ticks as fit their labels.
inline axis time_x_axis(double lo, double hi, double length, double font) {
  constexpr double limit = 4.6e18;  // inside int64 nanoseconds; time_axis_ticks clamps further
  const auto t_lo = timestamp_ns(std::clamp(lo, -limit, limit));
  const auto t_hi = timestamp_ns(std::clamp(hi, -limit, limit));
  for (int n = std::max(2, int(length / (font * 4))); ; --n) {
    time_ticks t = time_axis_ticks(t_lo, t_hi, n);
    axis a;
    a.lo = lo;
    a.hi = hi;
    a.labels = t.labels;
    std::vector<double> px;
    for (timestamp_ns v : t.values) {
      a.ticks.push_back(double(v));
      px.push_back((double(v) - lo) / (hi - lo) * length);
    }
    if (n == 2 || labels_fit(px, a.labels, font)) return a;
  }
}

// Category slots [i, i+1) with labels centred; crowded labels are turned 45 degrees, long ones
// shortened in the middle with "…" (the full text stays as a tooltip), and when even turned ones collide only
// every k-th is shown.
inline axis category_x_axis(const std::vector<std::string>& names, double length, double font, double max_label_px) {
  axis a;
  a.lo = 0;
  a.hi = double(std::max<std::size_t>(names.size(), 1));
  a.grid = false;
  const double slot = length / a.hi;
  double widest = 0;
  for (const auto& n : names) widest = std::max(widest, text_width(n, font));
  a.rotate = widest > slot - font * 0.5;
  const std::size_t every = a.rotate ? std::max<std::size_t>(1, std::size_t(font * 1.3 / slot) + 1) : 1;
  for (std::size_t i = 0; i < names.size(); i += every) {
    a.ticks.push_back(double(i) + 0.5);
    std::string shown = truncate_middle_to_width(names[i], a.rotate ? max_label_px : slot, font);
    a.tooltips.push_back(shown == names[i] ? std::string() : names[i]);
    a.labels.push_back(std::move(shown));
  }
  return a;
}

// Categories down the y axis, the first at the top, labels shortened to `max_label_px`.
inline axis category_y_axis(const std::vector<std::string>& names, double font, double max_label_px) {
  axis a;
  a.lo = 0;
  a.hi = double(std::max<std::size_t>(names.size(), 1));
  a.grid = false;
  for (std::size_t i = 0; i < names.size(); ++i) {
    a.ticks.push_back(a.hi - double(i) - 0.5);
    std::string shown = truncate_middle_to_width(names[i], max_label_px, font);
    a.tooltips.push_back(shown == names[i] ? std::string() : names[i]);
    a.labels.push_back(std::move(shown));
  }
  return a;
}

// The canvas of one chart: computes the plot area from the measured titles, legend and tick
// labels, maps data to pixels, and draws everything but the data.
class frame {
 public:
  frame(const chart_options& o, std::vector<legend_entry> legend, double height)
      : o_(o), font_(o.font_size), width_(o.width), height_(height) {
    // One plain line needs no legend: the title names it.
    if (o_.legend && !(legend.size() == 1 && legend[0].kind == swatch::line)) legend_ = std::move(legend);
    top_ = pad + (o_.title.empty() ? 0 : font_ * 1.3 + 8);
    legend_rows_ = layout_legend();
    top_ += double(legend_rows_.size()) * (font_ + 8) + (legend_rows_.empty() ? 6 : 4);
  }

  // Keeps `px` free right of the plot area, for labels drawn past its end.
  void reserve_right(double px) { right_extra_ = std::max(0.0, px); }

  // Lays out the plot area; make_y(height) and make_x(width) build the axes for a given length.
  template <class MakeY, class MakeX>
  void layout(MakeY make_y, MakeX make_x) {
    // Turned x labels need more room below and, for the first ones, to the left; both depend on
    // the plot size they change, so a few passes settle it.
    double x_label_h = font_ + 8, min_left = 0;
    const double x_title_h = o_.x_title.empty() ? 0 : font_ + 8;
    for (int pass = 0; pass < 3; ++pass) {
      const double bottom = pad + x_label_h + x_title_h;
      area_h_ = std::max(20.0, height_ - top_ - bottom);
      y_ = make_y(area_h_);
      double widest = 0;
      for (const auto& l : y_.labels) widest = std::max(widest, text_width(l, font_));
      left_ = std::max(pad + (o_.y_title.empty() ? 0 : font_ + 10) + widest + 8, min_left);
      area_w_ = std::max(20.0, width_ - left_ - pad - 10 - right_extra_);
      x_ = make_x(area_w_);
      double needed_h = font_ + 8, needed_left = 0;
      if (x_.rotate && !x_.ticks.empty()) {
        double longest = 0;
        for (const auto& l : x_.labels) longest = std::max(longest, text_width(l, font_));
        needed_h = longest * 0.7071 + font_ + 8;
        // The turned first label reaches left by its length and its ascent, both at 45 degrees.
        needed_left = left_ + pad / 2 + (text_width(x_.labels[0], font_) + font_ * 0.75) * 0.7071 - x_px(x_.ticks[0]);
      }
      if (needed_h <= x_label_h && needed_left <= left_) break;
      x_label_h = std::max(x_label_h, needed_h);
      min_left = std::max(min_left, needed_left);
    }
  }

  double x_px(double x) const { return left_ + (x - x_.lo) / (x_.hi - x_.lo) * area_w_; }
  double y_px(double y) const { return top_ + area_h_ - (y - y_.lo) / (y_.hi - y_.lo) * area_h_; }
  double left() const { return left_; }
  double top() const { return top_; }
  double right() const { return left_ + area_w_; }
  double bottom() const { return top_ + area_h_; }
  double area_width() const { return area_w_; }
  double area_height() const { return area_h_; }
  const axis& x_axis() const { return x_; }
  const axis& y_axis() const { return y_; }

  // The whole SVG around `data` (elements in canvas coordinates, clipped to the plot area plus a
  // few pixels so markers on the edge stay whole) and `overlay` (not clipped, drawn last);
  // `no_data` draws the "no data" notice instead of both.
  std::string render(const std::string& data, bool no_data, const std::string& overlay = {}) const {
    svg_writer w;
    w.begin(width_, height_, o_.title, o_.font_size);
    // Titles longer than their room are shortened; the full title stays in the SVG <title>.
    if (!o_.title.empty())
      w.text(width_ / 2, pad + font_ * 1.3, truncate_to_width(o_.title, width_ - 2 * pad, font_ * 1.3 * 1.1),
             attr("text-anchor", "middle") + attr("font-size", font_ * 1.3) + attr("font-weight", "bold") +
                 attr("fill", "#111111"));
    draw_legend(w);
    if (!no_data) draw_grid(w);
    const double margin = 6;
    const std::string box = num(left_ - margin) + " " + num(top_ - margin) + " " + num(area_w_ + 2 * margin) + " " +
                            num(area_h_ + 2 * margin);
    if (!no_data)
      w.raw("<svg" + attr("x", left_ - margin) + attr("y", top_ - margin) + attr("width", area_w_ + 2 * margin) +
            attr("height", area_h_ + 2 * margin) + " viewBox=\"" + box + "\" overflow=\"hidden\">\n" + data + "</svg>\n");
    const std::string axis_stroke = attr("stroke", axis_ink) + attr("stroke-width", 1.0) + attr("shape-rendering", "crispEdges");
    w.line(left_, bottom(), right(), bottom(), axis_stroke);
    w.line(left_, top_, left_, bottom(), axis_stroke);
    if (no_data) {
      w.text(left_ + area_w_ / 2, top_ + area_h_ / 2 + font_ * 0.35, "no data",
             attr("text-anchor", "middle") + attr("fill", "#888888") + attr("font-size", font_ * 1.2));
    } else {
      draw_tick_labels(w, axis_stroke);
      w.raw(overlay);
    }
    if (!o_.x_title.empty())
      w.text(left_ + area_w_ / 2, height_ - pad, truncate_to_width(o_.x_title, area_w_, font_),
             attr("text-anchor", "middle") + attr("fill", ink), o_.x_title);
    if (!o_.y_title.empty()) {
      const double x = pad + font_ * 0.8, y = top_ + area_h_ / 2;
      w.text(x, y, truncate_to_width(o_.y_title, area_h_, font_),
             attr("text-anchor", "middle") + attr("fill", ink) + " transform=\"rotate(-90 " + num(x) + " " + num(y) + ")\"",
             o_.y_title);
    }
    w.end();
    return std::move(w).str();
  }

 private:
  double entry_width(const legend_entry& e) const { return 22 + text_width(e.label, font_); }

  // Entries grouped into rows that fit the canvas width.
  std::vector<std::vector<std::size_t>> layout_legend() const {
    std::vector<std::vector<std::size_t>> rows;
    double used = 0;
    for (std::size_t i = 0; i < legend_.size(); ++i) {
      const double w = entry_width(legend_[i]) + 16;
      if (rows.empty() || used + w > width_ - 2 * pad) {
        rows.emplace_back();
        used = 0;
      }
      rows.back().push_back(i);
      used += w;
    }
    return rows;
  }

  void draw_legend(svg_writer& w) const {
    double y = pad + (o_.title.empty() ? 0 : font_ * 1.3 + 8) + 2;
    for (const auto& row : legend_rows_) {
      double total = -16;
      for (std::size_t i : row) total += entry_width(legend_[i]) + 16;
      double x = std::max(pad, (width_ - total) / 2);
      const double mid = y + (font_ + 4) / 2;
      for (std::size_t i : row) {
        const legend_entry& e = legend_[i];
        switch (e.kind) {
          case swatch::line:
          case swatch::dashed_line:
            w.line(x, mid, x + 16, mid,
                   attr("stroke", e.colour) + attr("stroke-width", 2.5) +
                       (e.kind == swatch::dashed_line ? attr("stroke-dasharray", "5 3") : std::string()));
            break;
          case swatch::area: w.rect(x, mid - 5, 16, 10, attr("fill", e.colour) + attr("fill-opacity", 0.8)); break;
          case swatch::interval: w.rect(x, mid - 6, 16, 12, attr("fill", e.colour) + attr("fill-opacity", 0.18)); break;
          case swatch::marker:
            w.circle(x + 8, mid, 4, attr("fill", e.colour) + attr("stroke", "#ffffff") + attr("stroke-width", 1.0));
            break;
        }
        w.text(x + 22, mid + font_ * 0.35, e.label, attr("fill", ink));
        x += entry_width(e) + 16;
      }
      y += font_ + 8;
    }
  }

  void draw_grid(svg_writer& w) const {
    const std::string stroke = attr("stroke", grid_ink) + attr("stroke-width", 1.0) + attr("shape-rendering", "crispEdges");
    if (y_.grid)
      for (double v : y_.ticks) w.line(left_, y_px(v), right(), y_px(v), stroke);
    if (x_.grid)
      for (double v : x_.ticks) w.line(x_px(v), top_, x_px(v), bottom(), stroke);
  }

  void draw_tick_labels(svg_writer& w, const std::string& tick_stroke) const {
    const std::string fill = attr("fill", ink);
    for (std::size_t i = 0; i < y_.ticks.size(); ++i) {
      const double y = y_px(y_.ticks[i]);
      w.line(left_ - 4, y, left_, y, tick_stroke);
      w.text(left_ - 7, y + font_ * 0.35, y_.labels[i], attr("text-anchor", "end") + fill,
             y_.tooltips.empty() ? std::string_view() : y_.tooltips[i]);
    }
    for (std::size_t i = 0; i < x_.ticks.size(); ++i) {
      const double x = x_px(x_.ticks[i]);
      const std::string_view tooltip = x_.tooltips.empty() ? std::string_view() : x_.tooltips[i];
      w.line(x, bottom(), x, bottom() + 4, tick_stroke);
      if (x_.rotate) {
        const double y = bottom() + font_ * 0.9;
        w.text(x, y, x_.labels[i],
               attr("text-anchor", "end") + fill + " transform=\"rotate(-45 " + num(x) + " " + num(y) + ")\"", tooltip);
        continue;
      }
      // Centred, but kept inside the canvas at both ends.
      const double half = text_width(x_.labels[i], font_) / 2;
      const double cx = std::clamp(x, pad / 2 + half, width_ - pad / 2 - half);
      w.text(cx, bottom() + font_ + 5, x_.labels[i], attr("text-anchor", "middle") + fill, tooltip);
    }
  }

  const chart_options& o_;
  double font_;
  double width_;
  double height_;
  std::vector<legend_entry> legend_;
  std::vector<std::vector<std::size_t>> legend_rows_;
  double top_ = 0, left_ = 0, area_w_ = 0, area_h_ = 0, right_extra_ = 0;
  axis x_, y_;
};

}  // namespace plot::detail
AIOPS_END_NAMESPACE
