// aiops: charts for the terminal: Unicode sparklines and horizontal text bars for top-N lists
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::max, std::clamp
#include <cmath>        // std::lround
#include <cstddef>      // std::size_t
#include <limits>       // std::numeric_limits
#include <optional>     // std::optional
#include <span>         // std::span
#include <string>       // std::string
#include <utility>      // std::pair
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/plot/detail/series.hpp"
#include "aiops/plot/detail/text_metrics.hpp"
#include "aiops/plot/format.hpp"

AIOPS_BEGIN_NAMESPACE
namespace plot {

/// Options of sparkline().
struct sparkline_options {
  std::optional<double> min{};  ///< value of the lowest block (default: the smallest value); lower values clamp
  std::optional<double> max{};  ///< value of the highest block (default: the largest value); higher values clamp
  std::size_t width = 0;        ///< characters; 0 or more than the values: one per value, else means of equal buckets
};

/// The values as one line of "▁▂▃▄▅▆▇█", NaN (or a bucket of only NaNs) as a space; a flat series
/// is a row of "▄", or of "▁" when it lies at `min` (all zeros over a floor of 0). Returns UTF-8.
///
///     std::cout << plot::sparkline(requests_per_minute) << '\n';   // ▁▂▄▆█▆▄▂▁
inline std::string sparkline(std::span<const double> values, const sparkline_options& options = {}) {
  std::vector<double> shown(values.begin(), values.end());
  if (options.width > 0 && options.width < values.size()) {
    shown.assign(options.width, 0);
    for (std::size_t j = 0; j < options.width; ++j) {
      const std::size_t from = j * values.size() / options.width, to = (j + 1) * values.size() / options.width;
      double sum = 0;
      std::size_t n = 0;
      for (std::size_t i = from; i < to; ++i)
        if (detail::plottable(values[i])) { sum += values[i]; ++n; }
      shown[j] = n ? sum / double(n) : std::numeric_limits<double>::quiet_NaN();
    }
  }
  detail::range r;
  for (double v : shown) r.add(v);
  const double lo = options.min.value_or(r.lo), hi = options.max.value_or(r.hi);
  static constexpr const char* blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  std::string out;
  for (double v : shown) {
    if (!detail::plottable(v)) out += ' ';
    else if (!(hi > lo)) out += options.min && v <= *options.min ? blocks[0] : blocks[3];
    else out += blocks[std::clamp(long(std::lround((v - lo) / (hi - lo) * 7)), 0L, 7L)];
  }
  return out;
}

/// A top-N list as text, one row per (label, value): the label padded to a common width (wide CJK
/// characters count two columns; longer labels are shortened in the middle with "…"), a bar of `bar_width`
/// columns at most drawn with eighth blocks, and the value. Bars scale to the largest value;
/// negative and NaN values get no bar. Every row ends with '\n'.
///
///     /api/login     ████████████████████████████▌ 1523
///     /static/app.js ███████▏                        387
inline std::string text_bars(const std::vector<std::pair<std::string, double>>& rows, std::size_t bar_width = 30,
                             std::size_t max_label_columns = 40) {
  std::vector<std::string> labels, values;
  std::size_t label_cols = 0, value_cols = 0;
  double most = 0;
  for (const auto& [label, value] : rows) {
    labels.push_back(detail::truncate_middle_to_columns(label, max_label_columns));
    values.push_back(format_value(value));
    label_cols = std::max(label_cols, terminal_columns(labels.back()));
    value_cols = std::max(value_cols, values.back().size());
    if (detail::plottable(value)) most = std::max(most, value);
  }
  static constexpr const char* eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  std::string out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out += labels[i] + std::string(label_cols - terminal_columns(labels[i]) + 1, ' ');
    const double v = rows[i].second;
    const std::size_t total = detail::plottable(v) && v > 0 && most > 0
                                  ? std::size_t(std::lround(v / most * double(bar_width) * 8))
                                  : 0;
    for (std::size_t k = 0; k < total / 8; ++k) out += "█";
    out += eighths[total % 8];
    out += std::string(bar_width - total / 8 - (total % 8 ? 1 : 0) + 1, ' ');
    out += std::string(value_cols - values[i].size(), ' ') + values[i] + '\n';
  }
  return out;
}

}  // namespace plot
AIOPS_END_NAMESPACE
