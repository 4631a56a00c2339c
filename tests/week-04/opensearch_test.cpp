// aiops: week 04 grader, tasks 1-4: the nginx log in a real OpenSearch node (scripts/servers start
// opensearch), questions answered with queries and aggregations, checked against truth.json
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::sort, std::min
#include <map>        // std::map
#include <string>     // std::string
#include <vector>     // std::vector

#include <aiops/es.hpp>
#include <aiops/week04/opensearch.hpp>

#include "../integration/es_support.hpp"

using namespace aiops::testing;

namespace {

const aiops::timestamp_ns week_start = aiops::parse_rfc3339("2025-06-02T00:00:00Z").value();
const aiops::timestamp_ns week_end = aiops::parse_rfc3339("2025-06-09T00:00:00Z").value();

// Tasks 2-4 read an index the grader builds itself, so that they do not depend on task 1.
const char* const data_index = "aiops-week04-data";

std::string data_ready() {
  aiops::es::client es = opensearch();
  ensure_nginx_index(es, data_index);
  return opensearch_url();
}

}  // namespace

TEST_CASE("task-1: the nginx log indexed into OpenSearch with ECS fields", "[week-04][task-1]") {
  INFO("Hint: exercises/week-04/README.md, task 1. " << server_hint("opensearch", opensearch_url()));
  const std::string index = "aiops-week04-task1";
  const std::int64_t valid = nginx_truth()["valid_lines"].get<std::int64_t>();
  const std::int64_t returned = aiops::week04::index_access_log(opensearch_url(), index, dataset("nginx/access.log"));
  CHECK(returned == valid);

  aiops::es::client es = opensearch();
  es.refresh(index);
  CHECK(es.count(index) == valid);
  // The types that make the later questions answerable.
  CHECK(es.field_type(index, "@timestamp") == "date");
  CHECK(es.field_type(index, "http.response.status_code") == "long");
  CHECK(es.field_type(index, "url.path") == "keyword");
  CHECK(es.field_type(index, "source.ip") == "ip");
  CHECK(es.field_type(index, "event.duration") == "long");
  // The busiest path, and the incident's 5xx counted in its UTC window: paths and times are right.
  CHECK(es.count(index, aiops::es::term("url.path", nginx_truth()["top_paths"][0]["path"])) ==
        nginx_truth()["top_paths"][0]["count"].get<std::int64_t>());
  const auto& incident = nginx_truth()["incident"];
  CHECK(es.count(index, aiops::es::bool_query()
                            .filter(aiops::es::time_range("@timestamp", aiops::parse_rfc3339(incident["start"].get<std::string>()).value(),
                                                          aiops::parse_rfc3339(incident["end"].get<std::string>()).value()))
                            .filter(aiops::es::range("http.response.status_code").gte(500))) ==
        incident["status_5xx"].get<std::int64_t>());
  CHECK(es.count(index, aiops::es::term("source.ip", "10.0.1.37")) == 5040);
}

TEST_CASE("task-2: errors per hour over the week", "[week-04][task-2]") {
  INFO("Hint: exercises/week-04/README.md, task 2. " << server_hint("opensearch", opensearch_url()));
  const std::string url = data_ready();
  const std::vector<std::int64_t> hours = aiops::week04::errors_per_hour(url, data_index, week_start, week_end);
  const auto expected = nginx_truth()["status_5xx_per_hour"].get<std::vector<std::int64_t>>();
  REQUIRE(hours.size() == expected.size());
  CHECK(hours == expected);
  // One day only: 24 hours, the incident's afternoon among them.
  const aiops::timestamp_ns thursday = week_start + 3 * aiops::ns_per_day;
  const auto day = aiops::week04::errors_per_hour(url, data_index, thursday, thursday + aiops::ns_per_day);
  CHECK(day == std::vector<std::int64_t>(expected.begin() + 72, expected.begin() + 96));
}

TEST_CASE("task-3: the paths that fail most", "[week-04][task-3]") {
  INFO("Hint: exercises/week-04/README.md, task 3. " << server_hint("opensearch", opensearch_url()));
  const std::string url = data_ready();
  // Offline, from the log itself: count the 5xx per path, most first, ties by path.
  std::map<std::string, std::int64_t> failing;
  for_each_valid_nginx_line([&failing](std::size_t, const aiops::logs::access_record& r, std::string_view) {
    if (r.status() >= 500) ++failing[std::string(r.path())];
  });
  std::vector<std::pair<std::string, std::int64_t>> expected(failing.begin(), failing.end());
  std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.second > b.second; });

  for (int n : {5, 12}) {
    CAPTURE(n);
    const auto top = aiops::week04::top_failing_paths(url, data_index, n);
    REQUIRE(top.size() == std::min<std::size_t>(static_cast<std::size_t>(n), expected.size()));
    for (std::size_t i = 0; i < top.size(); ++i) {
      CAPTURE(i);
      CHECK(top[i].path == expected[i].first);
      CHECK(top[i].count == expected[i].second);
    }
  }
}

TEST_CASE("task-4: p95 latency of the week", "[week-04][task-4]") {
  INFO("Hint: exercises/week-04/README.md, task 4. " << server_hint("opensearch", opensearch_url()));
  const std::string url = data_ready();
  const double p95 = aiops::week04::p95_latency_seconds(url, data_index);
  // The server estimates percentiles (t-digest); truth.json has the exact nearest-rank value.
  CHECK(p95 == Approx(nginx_truth()["request_time_seconds"]["p95"].get<double>()).epsilon(0.02));
}
