// aiops: the time-series CSV of `aiops detect` and `aiops forecast`: read, checked, its step found
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max
#include <cmath>      // std::abs, std::isfinite, std::ldexp, std::ilogb
#include <cstdio>    // std::fprintf
#include <fstream>   // std::ifstream
#include <iostream>  // std::cin
#include <iterator>  // std::istreambuf_iterator
#include <string>    // std::string
#include <utility>   // std::move

#include <fmt/core.h>

#include <aiops/core.hpp>
#include <aiops/ts.hpp>

#include "command.hpp"

namespace aiops::app {

/// A series file and the step between its points (the most frequent one).
struct series_file {
  ts::csv_table table;
  timestamp_ns step = 0;
};

/// The points a regular grid of `step` over the file's span has.
inline std::size_t grid_points(const series_file& f) {
  return static_cast<std::size_t>((f.table.time.back() - f.table.time.front()) / f.step) + 1;
}

/// Reads `file` ("-": standard input), prints its bad rows and cells on stderr as
/// "aiops COMMAND: FILE: line N: ...", and stops the command (CLI::RuntimeError 1, 2 when the file
/// cannot be opened) with a clear message when the file holds no usable series: no numeric
/// column, fewer than `min_rows` rows at distinct times, or a span that its step would cut into
/// more than 20 points per row and 100,000 more (a stray timestamp: a year 2099 among minutes
/// made a grid of 39 million points), named with its two neighbours.
inline series_file read_series_file(const std::string& command, const std::string& file, std::size_t min_rows) {
  const auto stop = [&](const std::string& why, int code = 1) {
    std::fprintf(stderr, "aiops %s: %s: %s\n", command.c_str(), file.c_str(), why.c_str());
    throw CLI::RuntimeError(code);
  };
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) stop("cannot open", 2);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto parsed = ts::parse_csv(text);
  if (!parsed) stop(parsed.error().message);
  series_file f{std::move(parsed.value()), 0};
  for (const auto& e : f.table.first_errors) std::fprintf(stderr, "aiops %s: %s: %s\n", command.c_str(), file.c_str(), e.c_str());
  f.step = ts::typical_step(f.table.time);
  if (f.step <= 0 || f.table.time.size() < min_rows) stop("needs at least " + std::to_string(min_rows) + " rows at distinct times");
  const std::size_t rows = f.table.time.size();
  if (grid_points(f) > 20 * rows + 100'000) {
    std::size_t widest = 1;
    for (std::size_t i = 1; i < rows; ++i)
      if (f.table.time[i] - f.table.time[i - 1] > f.table.time[widest] - f.table.time[widest - 1]) widest = i;
    stop(fmt::format("the rows at {} and {} are {} steps apart (the step is {} s): a wrong timestamp? On its grid the "
                     "series would have {} points for {} rows",
                     format_rfc3339(f.table.time[widest - 1], 0), format_rfc3339(f.table.time[widest], 0),
                     (f.table.time[widest] - f.table.time[widest - 1]) / f.step, static_cast<double>(f.step) / ns_per_second,
                     grid_points(f), rows));
  }
  return f;
}

/// Divides `values` by the power of two that brings them near 1 when their largest magnitude is
/// beyond 1e100 or under 1e-100, where the models' sums of squares overflow or underflow (values
/// near 1e306 gave NaN forecasts), and returns it (1 otherwise: nothing changes). Dividing by a
/// power of two is exact: no digit changes.
inline double scale_for_models(std::vector<double>& values) {
  double largest = 0;
  for (double v : values)
    if (std::isfinite(v)) largest = std::max(largest, std::abs(v));
  if (largest == 0 || (largest < 1e100 && largest > 1e-100)) return 1;
  const double scale = std::ldexp(1.0, std::ilogb(largest));
  for (double& v : values) v /= scale;
  return scale;
}

}  // namespace aiops::app
