// aiops: week 09-10 graders: a series of datasets/metrics on the dataset's minute grid, and its labels
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <fstream>      // std::ifstream
#include <sstream>      // std::stringstream
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <aiops/core.hpp>
#include <aiops/ts.hpp>

#include "datasets.hpp"

namespace metrics_data {

/// 28 days of minutes from Monday 2026-01-05 00:00Z (datasets/metrics/README.md).
inline constexpr std::size_t minutes = 28 * 1440;
inline aiops::timestamp_ns start() { return aiops::parse_rfc3339("2026-01-05T00:00:00Z").value(); }

inline std::string read(const std::string& relative) {
  std::ifstream in(aiops::testing::dataset(relative));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// "web-01/cpu": one value a minute, NaN where the CSV has no row.
inline std::vector<double> series(const std::string& name) {
  const aiops::ts::csv_table t = aiops::ts::parse_csv(read("metrics/" + name + ".csv")).value();
  std::vector<double> out(minutes, aiops::ts::missing);
  for (std::size_t r = 0; r < t.time.size(); ++r)
    out[static_cast<std::size_t>((t.time[r] - start()) / aiops::ns_per_minute)] = t.columns[0][r];
  return out;
}

/// The minute of an RFC 3339 time on the dataset's grid.
inline std::size_t minute(std::string_view time) {
  return static_cast<std::size_t>((aiops::parse_rfc3339(time).value() - start()) / aiops::ns_per_minute);
}

/// 1 inside each labelled anomaly of the series (labels.csv: first and last minute included).
inline std::vector<int> labels(const std::string& name) {
  std::vector<int> out(minutes, 0);
  const std::string text = read("metrics/labels.csv");  // outlives the views split() returns into it
  for (std::string_view line : aiops::split(text, '\n')) {
    const auto cells = aiops::split(line, ',');
    if (cells.size() != 4 || cells[0] != name) continue;
    for (std::size_t i = minute(cells[1]); i <= minute(cells[2]); ++i) out[i] = 1;
  }
  return out;
}

}  // namespace metrics_data
