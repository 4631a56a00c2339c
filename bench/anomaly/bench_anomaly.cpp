// aiops: the aiops side of bench/anomaly: Isolation Forest, Holt-Winters and the Prophet-style model
// on the data compare.py wrote; prints timings and fitted values as JSON, writes scores and forecasts
// SPDX-License-Identifier: MIT
//
//   bench-anomaly DATA_DIR REPEATS SEEDS      (run by bench/anomaly/compare.py)
//
// DATA_DIR/manifest.txt has one line per data set:
//   iforest NAME COLS   NAME.x.f64: row-major doubles, COLS columns; writes NAME.aiops-scores-SEED.f64
//   ts NAME PERIOD      NAME.train.f64 and NAME.test.f64: rows of (epoch seconds, value); writes
//                       NAME.aiops-hw.f64 and NAME.aiops-prophet.f64, forecasts of the test rows
// Timings are the best of REPEATS runs; Isolation Forest scores are written for seeds 0..SEEDS-1.
#include <cstdint>     // std::int64_t, std::uint64_t
#include <filesystem>  // std::filesystem::file_size
#include <fstream>     // std::ifstream, std::ofstream
#include <iostream>    // std::cout, std::cerr
#include <sstream>     // std::istringstream
#include <stdexcept>   // std::runtime_error
#include <string>      // std::string, std::stoi, std::getline
#include <vector>      // std::vector

#include "aiops/anomaly/isolation_forest.hpp"

#include "../support/timing.hpp"
#include "aiops/ts/holt_winters.hpp"
#include "aiops/ts/prophet.hpp"

namespace an = aiops::anomaly;
namespace ts = aiops::ts;

namespace {

/// The doubles of a file as numpy's tofile wrote them.
std::vector<double> read_doubles(const std::string& path) {
  std::vector<double> v(std::filesystem::file_size(path) / sizeof(double));
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(sizeof(double) * v.size()));
  if (!in) throw std::runtime_error("cannot read " + path);
  return v;
}

void write_doubles(const std::string& path, const std::vector<double>& v) {
  std::ofstream out(path, std::ios::binary);
  if (!out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(sizeof(double) * v.size())))
    throw std::runtime_error("cannot write " + path);
}

using aiops::bench::best_of;
using aiops::bench::timing;

/// A timing as JSON members `"NAME_s": wall, "NAME_cpu_s": cpu`.
struct timed {
  const char* name;
  timing t;
};

std::ostream& operator<<(std::ostream& out, const timed& x) {
  return out << '"' << x.name << "_s\": " << x.t.wall << ", \"" << x.name << "_cpu_s\": " << x.t.cpu;
}

/// Fit + score on the same rows (what scikit-learn's fit then score_samples does), seed 0 timed.
std::string isolation_forest(const std::string& base, Eigen::Index cols, int repeats, int seeds) {
  const std::vector<double> raw = read_doubles(base + ".x.f64");
  const Eigen::MatrixXd x = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      raw.data(), static_cast<Eigen::Index>(raw.size()) / cols, cols);
  const an::isolation_forest_options options{.trees = 100, .subsample = 256};
  Eigen::VectorXd s;
  const timing t = best_of(repeats, [&] { s = an::isolation_forest(options).fit(x).score(x); });
  for (int seed = 0; seed < seeds; ++seed) {
    auto o = options;
    o.seed = static_cast<std::uint64_t>(seed);
    s = an::isolation_forest(o).fit(x).score(x);
    write_doubles(base + ".aiops-scores-" + std::to_string(seed) + ".f64", {s.data(), s.data() + s.size()});
  }
  std::ostringstream out;
  out << "{" << timed{"fit_score", t} << "}";
  return out.str();
}

/// Columns of a (seconds, value) row-major file: times in nanoseconds and values.
struct series {
  std::vector<aiops::timestamp_ns> time;
  std::vector<double> value;
};

series read_series(const std::string& path) {
  const std::vector<double> raw = read_doubles(path);
  series s;
  for (std::size_t i = 0; i + 1 < raw.size(); i += 2) {
    s.time.push_back(static_cast<std::int64_t>(raw[i]) * aiops::ns_per_second);
    s.value.push_back(raw[i + 1]);
  }
  return s;
}

std::string holt_winters(const std::string& base, const series& train, std::size_t horizon, std::size_t period, int repeats) {
  ts::holt_winters model({.trend = ts::trend_kind::additive, .seasonal = ts::seasonal_kind::additive, .period = period});
  const timing fit = best_of(repeats, [&] { model.fit(train.value); });
  ts::forecast f;
  const timing predict = best_of(repeats, [&] { f = model.predict(horizon); });
  write_doubles(base + ".aiops-hw.f64", f.mean);
  std::ostringstream out;
  out.precision(10);
  out << "{" << timed{"fit", fit} << ", " << timed{"predict", predict} << ", \"alpha\": " << model.alpha()
      << ", \"beta\": " << model.beta() << ", \"gamma\": " << model.gamma() << ", \"sse\": " << model.sse() << "}";
  return out.str();
}

std::string prophet(const std::string& base, const series& train, const series& test, int repeats) {
  ts::prophet model;
  const timing fit = best_of(repeats, [&] { model.fit(train.time, train.value); });
  ts::forecast f;
  const timing predict = best_of(repeats, [&] { f = model.predict(test.time); });
  write_doubles(base + ".aiops-prophet.f64", f.mean);
  std::ostringstream out;
  out << "{" << timed{"fit", fit} << ", " << timed{"predict", predict} << "}";
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: bench-anomaly DATA_DIR REPEATS SEEDS\n";
    return 2;
  }
  const std::string dir = argv[1];
  const int repeats = std::stoi(argv[2]), seeds = std::stoi(argv[3]);
  try {
    std::ifstream manifest(dir + "/manifest.txt");
    if (!manifest) throw std::runtime_error("cannot open " + dir + "/manifest.txt");
    std::cout << "{";
    const char* sep = "\n";
    for (std::string line; std::getline(manifest, line);) {
      std::istringstream fields(line);
      std::string kind, name;
      long arg = 0;
      if (!(fields >> kind >> name >> arg) || arg < 1) throw std::runtime_error("bad manifest line: " + line);
      const std::string base = dir + "/" + name;
      if (kind == "iforest") {
        std::cout << sep << "  \"iforest/" << name << "\": " << isolation_forest(base, arg, repeats, seeds);
      } else if (kind == "ts") {
        const series train = read_series(base + ".train.f64"), test = read_series(base + ".test.f64");
        std::cout << sep << "  \"hw/" << name << "\": "
                  << holt_winters(base, train, test.value.size(), static_cast<std::size_t>(arg), repeats);
        std::cout << ",\n  \"prophet/" << name << "\": " << prophet(base, train, test, repeats);
      } else {
        throw std::runtime_error("bad manifest line: " + line);
      }
      sep = ",\n";
      std::cout.flush();
    }
    std::cout << "\n}\n";
  } catch (const std::exception& e) {
    std::cerr << "bench-anomaly: " << e.what() << "\n";
    return 1;
  }
}
