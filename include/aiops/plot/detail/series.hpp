// aiops: turning data series into pixel geometry: x ordering, runs between gaps, per-pixel thinning
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::stable_sort, std::is_sorted
#include <cmath>        // std::floor
#include <cstddef>      // std::size_t
#include <numeric>      // std::iota
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"
#include "aiops/plot/detail/frame.hpp"
#include "aiops/plot/detail/svg_writer.hpp"

AIOPS_BEGIN_NAMESPACE
namespace plot::detail {

enum class x_kind { unset, number, time };

// Charts take numbers or timestamps on x, not both: the axis would mean nothing.
inline void use_kind(x_kind& current, x_kind wanted, const char* chart) {
  if (current != x_kind::unset && current != wanted)
    throw std::invalid_argument(std::string(chart) + ": x values must be all timestamps or all numbers");
  current = wanted;
}

inline std::vector<double> to_doubles(const std::vector<timestamp_ns>& t) { return {t.begin(), t.end()}; }

inline void check_sizes(std::size_t a, std::size_t b, const char* what) {
  if (a != b)
    throw std::invalid_argument(std::string(what) + ": x has " + std::to_string(a) + " values but y has " +
                                std::to_string(b));
}

// Indices of `x` in ascending x order (stable, so ties keep their input order); missing x go last,
// which also keeps the comparison a strict weak order when there are NaNs.
inline std::vector<std::size_t> x_order(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  auto before = [&](std::size_t a, std::size_t b) {
    const double ka = plottable(x[a]) ? x[a] : 1e301, kb = plottable(x[b]) ? x[b] : 1e301;
    return ka < kb;
  };
  if (!std::is_sorted(order.begin(), order.end(), before)) std::stable_sort(order.begin(), order.end(), before);
  return order;
}

struct point {
  double x;
  double y;
};

// At most four points per pixel column (first, lowest, highest, last, in input order), which
// draws the same line as all of them when there are many more points than columns.
inline std::vector<point> thin(const std::vector<point>& run, double columns) {
  if (double(run.size()) <= 4 * columns) return run;
  std::vector<point> out;
  for (std::size_t i = 0; i < run.size();) {
    const double column = std::floor(run[i].x);
    std::size_t end = i, lo = i, hi = i;
    for (; end < run.size() && std::floor(run[end].x) == column; ++end) {
      if (run[end].y < run[lo].y) lo = end;
      if (run[end].y > run[hi].y) hi = end;
    }
    std::size_t keep[] = {i, std::min(lo, hi), std::max(lo, hi), end - 1};
    for (int k = 0; k < 4; ++k)
      if (k == 0 || keep[k] != keep[k - 1]) out.push_back(run[keep[k]]);
    i = end;
  }
  return out;
}

// Pixel runs of consecutive plottable (x, y) points in x order; a missing value ends a run.
inline std::vector<std::vector<point>> pixel_runs(const frame& f, const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<std::vector<point>> runs(1);
  for (std::size_t i : x_order(x)) {
    if (!plottable(x[i]) || !plottable(y[i])) {
      if (!runs.back().empty()) runs.emplace_back();
      continue;
    }
    runs.back().push_back({f.x_px(x[i]), f.y_px(y[i])});
  }
  if (runs.back().empty()) runs.pop_back();
  for (auto& r : runs) r = thin(r, f.area_width());
  return runs;
}

// Polyline paths for the runs; a lone point between gaps becomes a dot so it stays visible.
inline void draw_runs(svg_writer& w, const std::vector<std::vector<point>>& runs, const std::string& colour,
                      double width, bool dashed) {
  path_data d;
  for (const auto& r : runs) {
    if (r.size() == 1) {
      w.circle(r[0].x, r[0].y, width, attr("fill", colour));
      continue;
    }
    d.move(r[0].x, r[0].y);
    for (std::size_t i = 1; i < r.size(); ++i) d.line(r[i].x, r[i].y);
  }
  if (d.empty()) return;
  w.path(d.str(), attr("fill", "none") + attr("stroke", colour) + attr("stroke-width", width) +
                      attr("stroke-linejoin", "round") + attr("stroke-linecap", "round") +
                      (dashed ? attr("stroke-dasharray", "6 4") : std::string()));
}

// Running minimum and maximum of the plottable values, for axis ranges.
struct range {
  double lo = 1e300;
  double hi = -1e300;
  void add(double v) {
    if (!plottable(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return lo > hi; }
};

}  // namespace plot::detail
AIOPS_END_NAMESPACE
