// aiops: week 02 grader, tasks 5-6: datasets/app/app.jsonl against datasets/app/truth.json
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fstream>  // std::ifstream

#include <nlohmann/json.hpp>

#include <aiops/week02/jsonl.hpp>

#include "datasets.hpp"

namespace {
nlohmann::json truth() { return nlohmann::json::parse(std::ifstream(aiops::testing::dataset("app/truth.json"))); }
}  // namespace

TEST_CASE("task-5: lines per level and the malformed lines", "[week-02][task-5]") {
  INFO("Hint: exercises/week-02/README.md, task 5");
  const auto t = truth();
  auto report = aiops::week02::count_levels(aiops::testing::dataset("app/app.jsonl"));
  std::vector<std::int64_t> malformed;
  for (const auto& m : t["malformed_lines"]) malformed.push_back(m["line"].get<std::int64_t>());
  CHECK(report.malformed_lines == malformed);
  CHECK(report.lines_per_level.size() == t["lines_per_level"].size());
  for (const auto& [level, n] : t["lines_per_level"].items()) {
    CAPTURE(level);
    CHECK(report.lines_per_level[level] == n.get<std::int64_t>());
  }
}

TEST_CASE("task-6: the error burst, within two minutes at each end", "[week-02][task-6]") {
  INFO("Hint: exercises/week-02/README.md, task 6");
  const auto t = truth();
  const auto start = aiops::parse_rfc3339(t["burst"]["start"].get<std::string>()).value();
  const auto end = aiops::parse_rfc3339(t["burst"]["end"].get<std::string>()).value();
  auto found = aiops::week02::find_error_burst(aiops::testing::dataset("app/app.jsonl"));
  CAPTURE(aiops::format_rfc3339(found.start), aiops::format_rfc3339(found.end));
  CHECK(found.start < found.end);
  CHECK(std::llabs(found.start - start) <= 2 * aiops::ns_per_minute);
  CHECK(std::llabs(found.end - end) <= 2 * aiops::ns_per_minute);
}
