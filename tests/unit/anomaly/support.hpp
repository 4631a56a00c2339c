// aiops: test helpers: a series of datasets/metrics on a 1-minute grid with its 0/1 labels
// SPDX-License-Identifier: MIT
#pragma once

#include <fstream>  // std::ifstream
#include <sstream>  // std::stringstream
#include <string>   // std::string
#include <vector>   // std::vector

#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"
#include "aiops/ts/series.hpp"
#include "datasets.hpp"

namespace anomaly_test {

inline std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct labelled_series {
  aiops::ts::series s;       // regular, 1 minute, NaN in gaps
  std::vector<int> labels;   // 1 inside a labelled anomaly
};

/// datasets/metrics/<name>.csv resampled to minutes, labelled from labels.csv.
inline labelled_series load(const std::string& name) {
  const auto table = aiops::ts::parse_csv(read(aiops::testing::dataset("metrics/" + name + ".csv"))).value();
  labelled_series out;
  out.s = aiops::ts::resample({table.time, table.columns[0]}, aiops::ns_per_minute);
  out.labels.assign(out.s.size(), 0);
  const std::string label_rows = read(aiops::testing::dataset("metrics/labels.csv"));  // split's views point into it
  for (std::string_view line : aiops::split(label_rows, '\n')) {
    const auto cells = aiops::split(line, ',');
    if (cells.size() != 4 || cells[0] != name) continue;
    const auto from = aiops::parse_rfc3339(cells[1]).value(), to = aiops::parse_rfc3339(cells[2]).value();
    for (std::size_t i = 0; i < out.s.size(); ++i)
      if (out.s.time[i] >= from && out.s.time[i] <= to) out.labels[i] = 1;
  }
  return out;
}

}  // namespace anomaly_test
