// aiops: `aiops detect FILE.csv`: anomaly scores and labels for every row of a time-series CSV
// SPDX-License-Identifier: MIT
#include <algorithm>  // std::max, std::copy, std::sort
#include <cmath>      // std::isnan
#include <cstdio>     // std::fprintf
#include <fstream>    // std::ofstream
#include <iostream>   // std::cout
#include <numeric>    // std::iota
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <vector>     // std::vector

#include <fmt/core.h>

#include <aiops/anomaly.hpp>
#include <aiops/plot.hpp>
#include <aiops/ts.hpp>

#include "command.hpp"
#include "series_file.hpp"

namespace cmd_detect {

namespace an = aiops::anomaly;
namespace ts = aiops::ts;

struct detect_args {
  std::string file;
  std::string detector = "ensemble";
  bool online = false;
  std::string plot;
  std::string out;
  double threshold = -1;
  double percentile = -1;
  double risk = 1e-3;
};

// Scores of one column in 0..1 for each row of the table (NaN where the detector has none yet,
// online): the column is put on its typical step (gaps become NaN), scored there, and each row
// takes the score of its bucket.
std::vector<double> score_column(const ts::csv_table& t, std::size_t c, const detect_args& a, aiops::timestamp_ns step) {
  ts::series grid = ts::resample({t.time, t.columns[c]}, step);
  aiops::app::scale_for_models(grid.value);  // scores are normalised: nothing to scale back
  std::vector<double> raw;
  try {
    auto d = an::make_detector(a.detector, step, grid.size());
    if (a.online) {
      raw = an::causal_scores(*d, grid.value);
    } else {
      d->fit(grid.value);
      raw = d->score(grid.value);
    }
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "aiops detect: %s: column '%s': the %s detector cannot score this series (%zu points of %.0f s): %s\n",
                 a.file.c_str(), t.names[c].c_str(), a.detector.c_str(), grid.size(), static_cast<double>(step) / aiops::ns_per_second,
                 e.what());
    throw CLI::RuntimeError(1);
  }
  std::vector<double> norm(raw.size());
  if (a.detector == "ensemble") {
    norm = raw;
  } else if (a.online) {
    an::score_normaliser n;
    for (std::size_t i = 0; i < raw.size(); ++i) norm[i] = n.update(raw[i]);
  } else {
    an::score_normaliser n;
    n.fit(raw);
    for (std::size_t i = 0; i < raw.size(); ++i) norm[i] = n.normalise(raw[i]);
  }
  std::vector<double> rows(t.time.size());
  for (std::size_t r = 0; r < rows.size(); ++r)
    rows[r] = norm[static_cast<std::size_t>((t.time[r] - grid.time.front()) / step)];
  return rows;
}

std::vector<int> label(const std::vector<double>& score, const detect_args& a) {
  if (a.threshold >= 0) return an::apply_threshold(score, a.threshold);
  if (a.percentile >= 0) return an::apply_threshold(score, an::percentile_threshold(score, a.percentile));
  // SPOT, calibrated on everything in batch; online on the first fifth (at least 1000 points) of
  // the scored points, after the detector's warm-up. With fewer than 30 peaks no tail is fitted (a
  // GPD of a dozen excesses put the alarm under the echoes of a spike on a flat series): a
  // normalised score above 0.5 (beyond the mean + 3 sd of the scores) is an anomaly.
  std::size_t first = 0;
  while (first < score.size() && std::isnan(score[first])) ++first;
  const std::size_t scored = score.size() - first;
  const std::size_t calibration = a.online ? std::min(scored, std::max<std::size_t>(1000, scored / 5)) : scored;
  if (calibration < 10) return an::apply_threshold(score, 0.5);
  std::vector<int> labels(score.size(), 0);
  const std::vector<double> rest(score.begin() + static_cast<std::ptrdiff_t>(first), score.end());
  const std::vector<int> l = an::spot_labels(rest, calibration, {.q = a.risk, .min_peaks = 30, .fallback = 0.5});
  std::copy(l.begin(), l.end(), labels.begin() + static_cast<std::ptrdiff_t>(first));
  return labels;
}

void run(const detect_args& a) {
  const aiops::app::series_file f = aiops::app::read_series_file("detect", a.file, 16);
  const ts::csv_table& t = f.table;
  // Each row: the highest score of its columns (NaN while no detector has one yet).
  std::vector<double> score(t.time.size(), ts::missing);
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const std::vector<double> s = score_column(t, c, a, f.step);
    for (std::size_t r = 0; r < score.size(); ++r)
      if (!std::isnan(s[r])) score[r] = std::isnan(score[r]) ? s[r] : std::max(score[r], s[r]);
  }
  const std::vector<int> labels = label(score, a);

  std::ofstream file;
  if (!a.out.empty()) {
    file.open(a.out, std::ios::binary);
    if (!file) {
      std::fprintf(stderr, "aiops detect: cannot write %s\n", a.out.c_str());
      throw CLI::RuntimeError(2);
    }
  }
  std::ostream& out = a.out.empty() ? std::cout : file;
  std::string line;
  const auto put = [&](const std::vector<std::string>& cells, const std::string& rest) {
    line.clear();
    for (const auto& cell : cells) {
      aiops::append_csv_field(line, cell, t.delimiter);
      line += t.delimiter;
    }
    line += rest;
    out << line;
  };
  put(t.header, fmt::format("anomaly_score{}label\n", t.delimiter));
  std::size_t flagged = 0;
  // In the file's order (the table is in time order); no score yet (online warm-up) is written as 0.
  std::vector<std::size_t> order(t.rows.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return t.lines[a] < t.lines[b]; });
  for (const std::size_t r : order) {
    put(t.rows[r], fmt::format("{:.4f}{}{}\n", std::isnan(score[r]) ? 0.0 : score[r], t.delimiter, labels[r]));
    flagged += static_cast<std::size_t>(labels[r]);
  }
  std::fprintf(stderr, "aiops detect: %zu rows, %zu bad rows, %zu bad cells, %zu flagged by %s%s\n", t.rows.size(), t.bad_lines,
               t.bad_cells, flagged, a.detector.c_str(), a.online ? " (online)" : "");

  if (!a.plot.empty()) {
    aiops::plot::line_chart chart({.title = a.file + ": " + a.detector, .y_title = t.names[0]});
    chart.add_line(t.names[0], t.time, t.columns[0]);
    std::vector<aiops::timestamp_ns> at;
    std::vector<double> y;
    for (std::size_t r = 0; r < labels.size(); ++r)
      if (labels[r]) { at.push_back(t.time[r]); y.push_back(t.columns[0][r]); }
    chart.add_markers("anomaly", at, y);
    std::ofstream svg(a.plot, std::ios::binary);
    if (!(svg << chart.svg())) {
      std::fprintf(stderr, "aiops detect: cannot write %s\n", a.plot.c_str());
      throw CLI::RuntimeError(2);
    }
  }
}

const aiops::app::register_command reg{{"detect", "Score a time-series CSV for anomalies", [](CLI::App& sub) {
  auto a = std::make_shared<detect_args>();
  sub.add_option("file", a->file, "CSV with a timestamp column (RFC 3339 or epoch) and value columns; - for stdin")->required();
  sub.add_option("--detector", a->detector, "the detector that scores the points (docs/anomaly.md)")
      ->check(CLI::IsMember(an::detector_names()))
      ->capture_default_str();
  sub.add_flag("--online", a->online, "causal scores: each point is scored with the points before it only");
  sub.add_option("--plot", a->plot, "write an SVG chart of the first column with the anomalies");
  sub.add_option("--out", a->out, "write the CSV here instead of standard output");
  sub.add_option("--threshold", a->threshold, "label anomaly_score > X (0..1) instead of SPOT")->check(CLI::Range(0.0, 1.0));
  sub.add_option("--percentile", a->percentile, "label the scores above this percentile instead of SPOT")->check(CLI::Range(0.0, 100.0));
  sub.add_option("--risk", a->risk, "SPOT's risk q: the chance that a normal score is flagged")->check(CLI::Range(1e-9, 0.5))->capture_default_str();
  sub.callback([a] { run(*a); });
}}};

}  // namespace cmd_detect
