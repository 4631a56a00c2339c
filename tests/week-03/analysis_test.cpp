// aiops: week 03 grader: the nginx analysis against datasets/nginx/truth.json, and the chart
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>       // std::abs
#include <fstream>     // std::ifstream
#include <sstream>     // std::stringstream

#include <nlohmann/json.hpp>

#include <aiops/week03/analysis.hpp>

#include "datasets.hpp"
#include "scratch.hpp"

namespace {

const std::string log_path = aiops::testing::dataset("nginx/access.log");

const nlohmann::json& truth() {
  static const nlohmann::json t = nlohmann::json::parse(std::ifstream(aiops::testing::dataset("nginx/truth.json")));
  return t;
}

aiops::timestamp_ns time_of(const std::string& rfc3339) { return aiops::parse_rfc3339(rfc3339).value(); }

}  // namespace

TEST_CASE("task-1: status distribution", "[week-03][task-1]") {
  INFO("Hint: exercises/week-03/README.md, task 1");
  auto counts = aiops::week03::status_counts(log_path);
  CHECK(counts.size() == truth()["status_counts"].size());
  for (const auto& [code, n] : truth()["status_counts"].items()) {
    CAPTURE(code);
    CHECK(counts[std::stoi(code)] == n.get<std::int64_t>());
  }
}

TEST_CASE("task-2: requests per minute, and the busiest minute", "[week-03][task-2]") {
  INFO("Hint: exercises/week-03/README.md, task 2");
  auto series = aiops::week03::requests_per_minute(log_path);
  const auto& expected = truth()["requests_per_minute"];
  const aiops::timestamp_ns start = time_of(truth()["start"].get<std::string>());
  REQUIRE(!series.empty());
  std::size_t compared = 0;
  std::pair<aiops::timestamp_ns, std::int64_t> peak{0, -1};
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& [minute, n] = series[i];
    if (i > 0) REQUIRE(minute == series[i - 1].first + aiops::ns_per_minute);  // every minute, in order
    if (n > peak.second) peak = {minute, n};
    const auto index = (minute - start) / aiops::ns_per_minute;
    if (minute < start || index >= std::int64_t(expected.size())) continue;
    CAPTURE(aiops::format_rfc3339(minute));
    REQUIRE(n == expected[std::size_t(index)].get<std::int64_t>());
    ++compared;
  }
  CHECK(compared >= expected.size() - 2);
  CHECK(aiops::format_rfc3339(peak.first, 0) == truth()["peak_minute"]["minute"].get<std::string>());
  CHECK(peak.second == truth()["peak_minute"]["count"].get<std::int64_t>());
}

TEST_CASE("task-3: the ten most requested paths", "[week-03][task-3]") {
  INFO("Hint: exercises/week-03/README.md, task 3");
  auto top = aiops::week03::top_paths(log_path, 10);
  REQUIRE(top.size() == 10);
  for (std::size_t i = 0; i < 10; ++i) {
    CAPTURE(i);
    CHECK(top[i].first == truth()["top_paths"][i]["path"].get<std::string>());
    CHECK(top[i].second == truth()["top_paths"][i]["count"].get<std::int64_t>());
  }
}

TEST_CASE("task-4: request time quantiles within 2%", "[week-03][task-4]") {
  INFO("Hint: exercises/week-03/README.md, task 4");
  auto q = aiops::week03::request_time_quantiles(log_path);
  const auto& expected = truth()["request_time_seconds"];
  CHECK(q.p50 == Approx(expected["p50"].get<double>()).epsilon(0.02));
  CHECK(q.p95 == Approx(expected["p95"].get<double>()).epsilon(0.02));
  CHECK(q.p99 == Approx(expected["p99"].get<double>()).epsilon(0.02));
}

TEST_CASE("task-5: the 5xx incident is found, and nothing else", "[week-03][task-5]") {
  INFO("Hint: exercises/week-03/README.md, task 5");
  const auto start = time_of(truth()["incident"]["start"].get<std::string>());
  const auto end = time_of(truth()["incident"]["end"].get<std::string>());
  auto spikes = aiops::week03::error_spikes(log_path);
  for (const auto& s : spikes) UNSCOPED_INFO("found " << aiops::format_rfc3339(s.start) << " .. " << aiops::format_rfc3339(s.end));
  REQUIRE(spikes.size() == 1);  // one incident in the week; quiet days raise no alarm
  CHECK(std::llabs(spikes[0].start - start) <= 5 * aiops::ns_per_minute);
  CHECK(std::llabs(spikes[0].end - end) <= 5 * aiops::ns_per_minute);
}

TEST_CASE("task-6: an SVG chart of the traffic", "[week-03][task-6]") {
  INFO("Hint: exercises/week-03/README.md, task 6");
  const aiops::testing::scratch_dir dir("week03");
  const auto out = dir / "traffic.svg";
  aiops::week03::write_traffic_chart(log_path, out.string());
  std::stringstream text;
  text << std::ifstream(out).rdbuf();
  const std::string svg = text.str();
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  CHECK(svg.rfind("</svg>") != std::string::npos);
  CHECK((svg.find("<path") != std::string::npos || svg.find("<polyline") != std::string::npos));
  CHECK(svg.find("Jun") != std::string::npos);  // a time axis labelled with dates
  CHECK(svg.size() > 10000);                      // a week of minutes is a lot of points
}
