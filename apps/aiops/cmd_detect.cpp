// aiops: `aiops detect FILE.csv`: anomaly scores and labels for every row of a time-series CSV
// SPDX-License-Identifier: MIT
#include <algorithm>  // std::max
#include <cstdio>     // std::fprintf
#include <fstream>    // std::ifstream, std::ofstream
#include <iostream>   // std::cin, std::cout
#include <iterator>   // std::istreambuf_iterator
#include <string>     // std::string
#include <vector>     // std::vector

#include <fmt/core.h>

#include <aiops/anomaly.hpp>
#include <aiops/plot.hpp>
#include <aiops/ts.hpp>

#include "command.hpp"

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

std::string read_input(const std::string& file) {
  if (file == "-") return {std::istreambuf_iterator<char>(std::cin), {}};
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "aiops detect: cannot open %s\n", file.c_str());
    throw CLI::RuntimeError(2);
  }
  return {std::istreambuf_iterator<char>(in), {}};
}

// Scores of one column in 0..1 for each row of the table: the column is put on its typical
// step (gaps become NaN), scored there, and each row takes the score of its bucket.
std::vector<double> score_column(const ts::csv_table& t, std::size_t c, const detect_args& a, aiops::timestamp_ns step) {
  const ts::series grid = ts::resample({t.time, t.columns[c]}, step);
  auto d = an::make_detector(a.detector, step, grid.size());
  std::vector<double> raw;
  if (a.online) {
    raw = an::causal_scores(*d, grid.value);
  } else {
    d->fit(grid.value);
    raw = d->score(grid.value);
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
  // SPOT: calibrated on the first fifth (at least 1000 points) when online, on everything in batch.
  const std::size_t calibration = a.online ? std::min(score.size(), std::max<std::size_t>(1000, score.size() / 5)) : score.size();
  if (calibration < 10) return an::apply_threshold(score, 0.5);
  return an::spot_labels(score, calibration, {.q = a.risk});
}

void run(const detect_args& a) {
  const auto parsed = ts::parse_csv(read_input(a.file));
  if (!parsed) {
    std::fprintf(stderr, "aiops detect: %s: %s\n", a.file.c_str(), parsed.error().message.c_str());
    throw CLI::RuntimeError(1);
  }
  const ts::csv_table& t = parsed.value();
  for (const auto& e : t.first_errors) std::fprintf(stderr, "aiops detect: %s: %s\n", a.file.c_str(), e.c_str());
  const aiops::timestamp_ns step = ts::typical_step(t.time);
  if (step <= 0 || t.time.size() < 16) {
    std::fprintf(stderr, "aiops detect: %s: needs at least 16 rows at distinct times\n", a.file.c_str());
    throw CLI::RuntimeError(1);
  }
  std::vector<double> score(t.time.size(), 0.0);
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const std::vector<double> s = score_column(t, c, a, step);
    for (std::size_t r = 0; r < score.size(); ++r) score[r] = std::max(score[r], s[r]);
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
  out << t.header << ",anomaly_score,label\n";
  std::string line;
  std::size_t flagged = 0;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    line.clear();
    for (const auto& cell : t.rows[r]) { line += cell; line += ','; }
    line += fmt::format("{:.4f},{}\n", score[r], labels[r]);
    out << line;
    flagged += labels[r];
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
