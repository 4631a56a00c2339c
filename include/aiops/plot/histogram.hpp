// aiops: histograms: binning by count or by width, and the chart of the bins
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min, std::max, std::clamp
#include <cmath>        // std::floor, std::ceil, std::log2
#include <cstddef>      // std::size_t
#include <span>         // std::span
#include <stdexcept>    // std::invalid_argument
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

/// One histogram bin: values in [lo, hi) (the last bin also holds hi).
struct bin {
  double lo = 0;
  double hi = 0;
  std::size_t count = 0;
};

/// The most bins make_bins and make_bins_by_width will make.
inline constexpr std::size_t max_bins = 100000;

/// `count` equal bins from the smallest to the largest value (0: Sturges' rule, 1 + log2 n);
/// NaN and infinite values are left out; no values give no bins, equal values one bin around them.
/// @throws std::invalid_argument when count > max_bins.
inline std::vector<bin> make_bins(std::span<const double> values, std::size_t count = 0) {
  if (count > max_bins) throw std::invalid_argument("make_bins: at most 100000 bins");
  detail::range r;
  std::size_t n = 0;
  for (double v : values)
    if (detail::plottable(v)) { r.add(v); ++n; }
  if (n == 0) return {};
  if (count == 0) count = std::size_t(std::ceil(std::log2(double(n)))) + 1;
  if (r.lo == r.hi) {
    r.lo -= 0.5;
    r.hi += 0.5;
    count = 1;
  }
  std::vector<bin> bins(count);
  const double width = (r.hi - r.lo) / double(count);
  for (std::size_t k = 0; k < count; ++k) {
    bins[k].lo = r.lo + double(k) * width;
    bins[k].hi = k + 1 == count ? r.hi : r.lo + double(k + 1) * width;
  }
  for (double v : values)
    if (detail::plottable(v)) bins[std::min(count - 1, std::size_t((v - r.lo) / width))].count++;
  return bins;
}

/// Bins of `width` aligned on its multiples ([0, 50), [50, 100)... for width 50) covering every
/// value; NaN and infinite values are left out.
/// @throws std::invalid_argument when width is not positive and finite or the bins would be more than max_bins.
inline std::vector<bin> make_bins_by_width(std::span<const double> values, double width) {
  if (!(width > 0 && width < 1e300)) throw std::invalid_argument("make_bins_by_width: width must be positive and finite");
  detail::range r;
  for (double v : values) r.add(v);
  if (r.empty()) return {};
  const double first = std::floor(r.lo / width), last = std::floor(r.hi / width);
  if (!(last - first + 1 <= double(max_bins)))  // also catches inf - inf when width is tiny
    throw std::invalid_argument("make_bins_by_width: width " + format_value(width) + " makes more than 100000 bins for the range " +
                                format_value(r.lo) + ".." + format_value(r.hi));
  std::vector<bin> bins(std::size_t(last - first) + 1);
  for (std::size_t k = 0; k < bins.size(); ++k) {
    bins[k].lo = (first + double(k)) * width;
    bins[k].hi = (first + double(k) + 1) * width;
  }
  for (double v : values)
    if (detail::plottable(v))
      bins[std::min(bins.size() - 1, std::size_t(std::max(0.0, std::floor(v / width) - first)))].count++;
  return bins;
}

/// A histogram of values (latencies, scores), with optional vertical marker lines (a threshold,
/// the median).
///
///     plot::histogram h(latencies_ms, {.title = "Latency", .x_title = "ms", .y_title = "requests"});
///     h.bin_width(25).add_vline(p99, "p99");
///     std::string svg = h.svg();
class histogram {
 public:
  explicit histogram(std::vector<double> values, chart_options options = {})
      : values_(std::move(values)), options_(std::move(options)) {
    detail::check_options(options_);
  }

  /// `count` equal bins (0: Sturges' rule, the default).
  histogram& bins(std::size_t count) {
    if (count > max_bins) throw std::invalid_argument("histogram::bins: at most 100000 bins");
    count_ = count;
    width_ = 0;
    return *this;
  }
  /// Bins of a fixed width aligned on its multiples.
  /// @throws std::invalid_argument when width is not positive and finite.
  histogram& bin_width(double width) {
    if (!(width > 0 && width < 1e300)) throw std::invalid_argument("histogram::bin_width: width must be positive and finite");
    width_ = width;
    return *this;
  }
  /// A dashed vertical line at `x`, named in the legend when `label` is not empty.
  histogram& add_vline(double x, std::string label = {}, std::string colour = std::string(anomaly_colour)) {
    vlines_.push_back({x, std::move(label), std::move(colour)});
    return *this;
  }

  /// The bins the chart draws.
  /// @throws std::invalid_argument when the bin width makes more than max_bins bins.
  std::vector<bin> compute_bins() const { return width_ > 0 ? make_bins_by_width(values_, width_) : make_bins(values_, count_); }

  /// The chart as an SVG 1.1 document, also valid inline in HTML; "no data" without finite values.
  std::string svg() const {
    const std::vector<bin> bins = compute_bins();
    std::size_t most = 0;
    for (const bin& b : bins) most = std::max(most, b.count);
    const double font = options_.font_size;
    const double lo = bins.empty() ? 0 : bins.front().lo, hi = bins.empty() ? 1 : bins.back().hi;
    std::vector<detail::legend_entry> legend;
    for (const auto& v : vlines_)
      if (!v.label.empty()) legend.push_back({v.label, v.colour, detail::swatch::dashed_line});
    detail::frame f(options_, std::move(legend), options_.height);
    f.layout([&](double len) { return detail::value_axis(0, double(std::max<std::size_t>(most, 1)), len, font, options_.y_min, options_.y_max); },
             [&](double len) { return detail::numeric_x_axis(lo, hi, len, font); });
    return f.render(bins.empty() ? std::string() : draw(f, bins), bins.empty());
  }

 private:
  struct vline {
    double x;
    std::string label, colour;
  };

  std::string draw(const detail::frame& f, const std::vector<bin>& bins) const {
    using detail::attr;
    detail::svg_writer w;
    const std::string fill = attr("fill", palette_colour(0));
    for (const bin& b : bins) {
      if (b.count == 0) continue;
      const double x0 = f.x_px(b.lo), x1 = f.x_px(b.hi), y = f.y_px(double(b.count));
      // A hairline gap between neighbours, unless the bins are too thin to spare it.
      const double gap = x1 - x0 > 4 ? 1 : 0;
      w.raw("<g>");
      w.rect(x0, y, x1 - x0 - gap, f.bottom() - y, fill);
      w.raw("<title>[" + format_value(b.lo) + ", " + format_value(b.hi) + "): " + std::to_string(b.count) + "</title></g>\n");
    }
    for (const auto& v : vlines_) {
      if (!detail::plottable(v.x) || v.x < f.x_axis().lo || v.x > f.x_axis().hi) continue;
      const double x = f.x_px(v.x);
      w.line(x, f.top(), x, f.bottom(), attr("stroke", v.colour) + attr("stroke-width", 1.5) + attr("stroke-dasharray", "5 3"));
    }
    return std::move(w).str();
  }

  std::vector<double> values_;
  chart_options options_;
  std::size_t count_ = 0;
  double width_ = 0;
  std::vector<vline> vlines_;
};

}  // namespace plot
AIOPS_END_NAMESPACE
