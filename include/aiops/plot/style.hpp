// aiops: what every chart shares: options (title, size, axis titles), colours and fonts
// SPDX-License-Identifier: MIT
#pragma once

#include <array>        // std::array
#include <cstddef>      // std::size_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace plot {

/// The Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), in the
/// order series take it; yellow comes last because it is faint on white.
inline constexpr std::array<std::string_view, 8> palette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                                            "#56B4E9", "#D55E00", "#000000", "#F0E442"};

/// The palette colour of the i-th series, cycling.
constexpr std::string_view palette_colour(std::size_t i) noexcept { return palette[i % palette.size()]; }

/// Default colour of anomaly markers and anomaly/incident intervals (Okabe-Ito vermillion).
inline constexpr std::string_view anomaly_colour = "#D55E00";

/// Fonts for SVG text and the HTML report: system sans-serif faces first, then CJK faces so that
/// Chinese, Japanese and Korean labels render on Linux, macOS and Windows.
inline constexpr std::string_view font_stack =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'DejaVu Sans', "
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', "
    "'WenQuanYi Micro Hei', sans-serif";

/// Options every chart takes; the defaults make an 800x360 chart with no titles.
struct chart_options {
  std::string title{};    ///< above the chart, bold; empty for none
  std::string x_title{};  ///< under the x axis; time axes default to "time (UTC)"
  std::string y_title{};  ///< along the y axis, rotated
  int width = 800;      ///< pixels, 160..20000
  int height = 360;     ///< pixels, 120..20000 (horizontal bar charts grow to fit their rows)
  int font_size = 12;   ///< pixels of tick labels and legend, 6..48; the title is 1.3 times larger
  std::optional<double> y_min{};  ///< fixed start of the value axis instead of one from the data
  std::optional<double> y_max{};  ///< fixed end of the value axis
  bool legend = true;           ///< show a legend when there is something to tell apart
};

}  // namespace plot
AIOPS_END_NAMESPACE
