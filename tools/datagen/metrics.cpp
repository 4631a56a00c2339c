// aiops: datasets/metrics: four weeks of per-minute host metrics with labelled anomalies of six kinds
// SPDX-License-Identifier: MIT
//
// Four hosts (two web servers, a database, a batch worker), each with CPU, memory, disk I/O and
// request-rate series at 1-minute resolution, with daily and weekly seasonality, trend, noise,
// exporter gaps, and anomalies planted after the clean signal is drawn. labels.csv lists every
// anomaly; datasets/metrics/README.md describes the generator.
#include <algorithm>    // std::clamp, std::sort, std::max
#include <array>        // std::array
#include <cstdint>      // std::int64_t
#include <cstdio>       // std::snprintf
#include <filesystem>   // std::filesystem::path
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "dataset.hpp"
#include "output.hpp"
#include "random.hpp"
#include "shape.hpp"

namespace datagen {

namespace {

constexpr std::uint64_t seed = 20260105;
const timestamp_ns begin = aiops::to_timestamp({2026, 1, 5, 0, 0, 0, 0});  // a Monday
constexpr int days = 28;
constexpr int minutes = days * 24 * 60;
// The first week is kept free of anomalies so week-over-week baselines have a clean reference.
constexpr int first_anomaly_minute = 7 * 24 * 60;

enum class kind { spike, dip, level_shift, variance_change, drift, seasonality_break };
constexpr std::array<std::string_view, 6> kind_names = {"spike",           "dip",   "level_shift",
                                                        "variance_change", "drift", "seasonality_break"};

struct host {
  std::string_view name;
  double peak_requests;  ///< requests per minute at the busiest weekday hour
  double cpu_idle;       ///< CPU % with no traffic
  double cpu_per_load;   ///< CPU % added at peak load
  double mem_base;       ///< memory % after a restart
  double mem_growth;     ///< memory % gained per day (a slow leak, reset by the weekly restart)
  double io_base;        ///< disk MB/s with no traffic
  double io_per_load;    ///< disk MB/s added at peak load
  bool nightly_batch;    ///< a 02:00-03:00 job dominates CPU and disk
};

constexpr std::array<host, 4> hosts = {{
    {"web-01", 1800, 6, 55, 38, 0.9, 1.5, 6, false},
    {"web-02", 1500, 5, 48, 41, 0.6, 1.2, 5, false},
    {"db-01", 600, 12, 40, 62, 0.25, 8, 35, false},
    {"batch-01", 6, 3, 4, 22, 0.1, 0.4, 0.5, true},
}};

constexpr std::array<std::string_view, 4> metric_names = {"cpu", "memory", "disk_io", "requests"};

struct anomaly {
  int metric;
  int start;  ///< first anomalous minute
  int end;    ///< last anomalous minute (inclusive)
  kind what;
  double size;
};

// How long each kind lasts, in minutes.
int duration_of(kind k, rng& r) {
  switch (k) {
    case kind::spike: return static_cast<int>(r.between(1, 6));
    case kind::dip: return static_cast<int>(r.between(10, 40));
    case kind::level_shift: return static_cast<int>(r.between(240, 720));
    case kind::variance_change: return static_cast<int>(r.between(90, 240));
    case kind::drift: return static_cast<int>(r.between(360, 900));
    case kind::seasonality_break: return 24 * 60;
  }
  return 1;
}

// The clean signal of one metric at minute m, before noise: load follows the shared traffic shape.
double clean(const host& h, int metric, int m, timestamp_ns t, double growth) {
  const double load = daily_traffic(t) * growth;
  const int minute_of_day = m % (24 * 60);
  const bool batch = h.nightly_batch && minute_of_day >= 120 && minute_of_day < 180;
  switch (metric) {
    case 0: return h.cpu_idle + h.cpu_per_load * load + (batch ? 70.0 : 0.0);
    case 1: {
      const int minutes_since_restart = m % (7 * 24 * 60);  // restarted every Monday 00:00
      return h.mem_base + h.mem_growth * minutes_since_restart / (24.0 * 60.0) + 4 * load;
    }
    case 2: return h.io_base + h.io_per_load * load + (batch ? 60.0 : 0.0);
    default: return h.peak_requests * load;
  }
}

double noise_sd(const host& h, int metric) {
  switch (metric) {
    case 0: return 1.5 + 0.03 * h.cpu_per_load;
    case 1: return 0.3;
    case 2: return 0.4 + 0.06 * h.io_per_load;
    default: return 0;  // requests are Poisson counts
  }
}

// Values are written as integers of hundredths, so no double is ever formatted.
std::string hundredths(double v) {
  const auto n = static_cast<std::int64_t>(v * 100 + (v < 0 ? -0.5 : 0.5));
  char buf[32];
  const std::int64_t whole = (n < 0 ? -n : n) / 100, frac = (n < 0 ? -n : n) % 100;
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", n < 0 ? "-" : "", static_cast<long long>(whole),
                static_cast<long long>(frac));
  return buf;
}

std::vector<anomaly> plan_anomalies(rng& r) {
  std::vector<anomaly> out;
  // Every host gets every kind once on a random metric, then two more random ones: 8 per host.
  for (int i = 0; i < 8; ++i) {
    const kind k = i < 6 ? static_cast<kind>(i) : static_cast<kind>(r.below(6));
    const int metric = static_cast<int>(r.below(4));
    const int length = duration_of(k, r);
    for (int attempt = 0; attempt < 100; ++attempt) {
      int start = static_cast<int>(r.between(first_anomaly_minute, minutes - length - 60));
      if (k == kind::seasonality_break) start -= start % (24 * 60);  // a whole calendar day
      const int end = start + length - 1;
      bool clash = false;
      for (const auto& a : out)  // keep a quiet day between anomalies of the same series
        clash = clash || (a.metric == metric && start <= a.end + 24 * 60 && a.start <= end + 24 * 60);
      if (clash) continue;
      const double size = r.uniform(0.6, 1.0);
      out.push_back({metric, start, end, k, size});
      break;
    }
  }
  std::sort(out.begin(), out.end(), [](const anomaly& a, const anomaly& b) {
    return a.metric != b.metric ? a.metric < b.metric : a.start < b.start;
  });
  return out;
}

// Scale of a metric's anomalies: what an operator would call "clearly off" for that metric.
double scale_of(const host& h, int metric) {
  switch (metric) {
    case 0: return 0.6 * h.cpu_per_load + 10;
    case 1: return 12;
    case 2: return 0.8 * h.io_per_load + 4;
    default: return 0.6 * h.peak_requests + 6;
  }
}

}  // namespace

void generate_metrics(const std::filesystem::path& out) {
  rng root(seed, "metrics");
  std::string labels = "series,start,end,kind\n";
  for (const host& h : hosts) {
    rng plan = root.fork(std::string("plan/") + std::string(h.name));
    const std::vector<anomaly> planned = plan_anomalies(plan);
    // Traffic grows 1.5% a week for everyone; one draw per host decides its own extra trend.
    rng trend = root.fork(std::string("trend/") + std::string(h.name));
    const double weekly_growth = 0.015 + trend.uniform(0.0, 0.02);
    for (int metric = 0; metric < 4; ++metric) {
      const std::string series = concat({h.name, "/", metric_names[metric]});
      rng noise = root.fork("noise/" + series);
      rng gaps = root.fork("gaps/" + series);
      std::vector<bool> missing(minutes, false);
      // Isolated lost scrapes, plus three exporter outages of 5 minutes to 3 hours.
      for (int m = 0; m < minutes; ++m) missing[m] = gaps.chance(0.002);
      for (int g = 0; g < 3; ++g) {
        const int length = static_cast<int>(gaps.between(5, 180));
        const int start = static_cast<int>(gaps.between(0, minutes - length));
        for (int m = start; m < start + length; ++m) missing[m] = true;
      }
      std::string csv = "timestamp,value\n";
      const double sd = noise_sd(h, metric), scale = scale_of(h, metric);
      for (int m = 0; m < minutes; ++m) {
        const timestamp_ns t = begin + m * aiops::ns_per_minute;
        const double growth = 1 + weekly_growth * m / (7.0 * 24 * 60);
        double value = clean(h, metric, m, t, growth);
        double sigma = sd;
        for (const anomaly& a : planned) {
          if (a.metric != metric || m < a.start || m > a.end) continue;
          const double progress = static_cast<double>(m - a.start + 1) / (a.end - a.start + 1);
          switch (a.what) {
            case kind::spike: value += a.size * scale * 1.6; break;
            case kind::dip: value -= a.size * 0.8 * (value - clean(h, metric, m, t, 0)); break;
            case kind::level_shift: value += a.size * scale * 0.5; break;
            case kind::variance_change: sigma = 5 * sd + 0.08 * scale; break;
            case kind::drift: value += a.size * scale * 0.9 * progress; break;
            case kind::seasonality_break:  // the day runs on a clock 8 hours off
              value = clean(h, metric, m, t + 8 * aiops::ns_per_hour, growth);
              break;
          }
        }
        double observed;
        if (metric == 3) {
          const double rate = std::max(0.0, value);
          observed = static_cast<double>(noise.poisson(rate));
          if (sigma > sd) {  // variance change on counts: bursts and lulls around the same mean
            const double jitter = noise.normal(0, sigma * rate / 20 + 2);
            observed = std::max(0.0, observed + jitter);
            observed = static_cast<double>(static_cast<std::int64_t>(observed));
          }
        } else {
          const double e = noise.normal(0, sigma);
          observed = value + e;
          if (metric != 2) observed = std::clamp(observed, 0.0, 100.0);
          else observed = std::max(0.0, observed);
        }
        if (missing[m]) continue;
        csv += rfc3339(t, 0);
        csv += ',';
        csv += metric == 3 ? std::to_string(static_cast<std::int64_t>(observed)) : hundredths(observed);
        csv += '\n';
      }
      write_file(out, concat({"metrics/", series, ".csv"}), csv);
      for (const anomaly& a : planned) {
        if (a.metric != metric) continue;
        labels += concat({series, ",", rfc3339(begin + a.start * aiops::ns_per_minute, 0), ",",
                          rfc3339(begin + a.end * aiops::ns_per_minute, 0), ",",
                          kind_names[static_cast<int>(a.what)], "\n"});
      }
    }
  }
  write_file(out, "metrics/labels.csv", labels);
}

}  // namespace datagen
