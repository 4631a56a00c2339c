// aiops: week 12 grader, tasks 1-5: the closed loop on a real OpenSearch node and a real Alertmanager
// (scripts/servers start opensearch alertmanager), graded by detection delay and by no false alert on the quiet days
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fstream>  // std::ifstream
#include <string>   // std::string
#include <vector>   // std::vector

#include <unistd.h>  // getpid

#include <nlohmann/json.hpp>

#include <aiops/es.hpp>
#include <aiops/http.hpp>
#include <aiops/week12/loop.hpp>

#include "../integration/es_support.hpp"

using namespace aiops::testing;
using aiops::ns_per_minute;
using aiops::timestamp_ns;
using aiops::week12::detection;

namespace {

const nlohmann::json& app_truth() {
  static const nlohmann::json truth = nlohmann::json::parse(std::ifstream(dataset("app/truth.json")));
  return truth;
}

timestamp_ns at(const nlohmann::json& j) { return aiops::parse_rfc3339(j.get<std::string>()).value(); }

// The incident a series carries and the minutes it covers.
struct labelled_series {
  std::string what;
  std::vector<double> per_minute;
  timestamp_ns from = 0, start = 0, end = 0;
};

labelled_series app_errors() {
  const auto& t = app_truth();
  return {"app.jsonl ERROR lines", t["errors_per_minute"].get<std::vector<double>>(), at(t["start"]), at(t["burst"]["start"]),
          at(t["burst"]["end"])};
}

// The nginx week's 5xx per minute, counted from the log itself.
labelled_series nginx_errors() {
  const auto& t = nginx_truth();
  labelled_series s{"access.log 5xx", {}, at(t["start"]), at(t["incident"]["start"]), at(t["incident"]["end"])};
  s.per_minute.assign(static_cast<std::size_t>((at(t["end"]) - s.from) / ns_per_minute), 0.0);
  for_each_valid_nginx_line([&](std::size_t, const aiops::logs::access_record& r, std::string_view) {
    const auto minute = static_cast<std::size_t>((r.time() - s.from) / ns_per_minute);
    if (r.status() >= 500 && minute < s.per_minute.size()) ++s.per_minute[minute];
  });
  return s;
}

// The grade of a series: one alert for its incident, fired at most `max_delay` after it began and
// resolved by 30 minutes after it ended, and nothing anywhere else (the quiet days).
void check_alerts(const labelled_series& s, const std::vector<detection>& found, timestamp_ns max_delay = 10 * ns_per_minute) {
  INFO(s.what << ": incident " << aiops::format_rfc3339(s.start) << " .. " << aiops::format_rfc3339(s.end));
  int on_incident = 0;
  for (const auto& d : found) {
    INFO("alert pending " << aiops::format_rfc3339(d.pending_at) << ", fired " << aiops::format_rfc3339(d.fired_at));
    CHECK(d.pending_at <= d.fired_at);
    CHECK((d.resolved_at == 0 || d.fired_at < d.resolved_at));
    const bool during = d.pending_at >= s.start - 5 * ns_per_minute && d.pending_at < s.end;
    CHECK(during);  // else: a false alert on a quiet day
    if (during && ++on_incident == 1) {
      CHECK(d.fired_at >= s.start);
      CHECK(d.fired_at - s.start <= max_delay);
      CHECK(d.resolved_at != 0);  // a z-score over the past day may get used to a long incident before it ends
      CHECK(d.resolved_at <= s.end + 30 * ns_per_minute);
    }
  }
  CHECK(on_incident == 1);
}

// Tasks 2 and 5 read an index the grader builds itself from truth.json (an ERROR document per counted
// line, an INFO one every minute), so that they do not depend on task 1.
const char* const data_index = "aiops-week12-data";

std::string data_ready() {
  aiops::es::client es = opensearch();
  const auto s = app_errors();
  std::int64_t documents = std::int64_t(s.per_minute.size());
  for (double n : s.per_minute) documents += std::int64_t(n);
  if (es.index_exists(data_index) && (es.refresh(data_index), es.count(data_index) == documents)) return opensearch_url();
  es.delete_index(data_index);
  es.create_index(data_index, aiops::es::ecs::index_body());
  aiops::es::bulk_ingester in(es.url());
  for (std::size_t m = 0; m < s.per_minute.size(); ++m) {
    const timestamp_ns minute = s.from + timestamp_ns(m) * ns_per_minute;
    auto push = [&](const char* level, int second) {
      aiops::es::document d;
      d.set("@timestamp", aiops::format_rfc3339(minute + second * aiops::ns_per_second)).set("log.level", level);
      in.push({aiops::es::bulk_op::index, data_index, "", d.json()});
    };
    push("INFO", 30);
    for (int k = 0; k < int(s.per_minute[m]); ++k) push("ERROR", k % 60);
  }
  REQUIRE(in.close().failed == 0);
  es.refresh(data_index);
  return opensearch_url();
}

std::string unique_alertname(const char* task) { return std::string("Week12Errors") + task + "x" + std::to_string(::getpid()); }

nlohmann::json active(const std::string& alertname) {
  return aiops::http::client(alertmanager_url())
      .get_json("/api/v2/alerts", {{"active", "true"}, {"filter", "alertname=\"" + alertname + "\""}});
}

}  // namespace

TEST_CASE("task-1: the application log shipped to OpenSearch", "[week-12][task-1]") {
  INFO("Hint: exercises/week-12/README.md, task 1. " << server_hint("opensearch", opensearch_url()));
  const std::string index = "aiops-week12-task1";
  const std::int64_t valid = app_truth()["valid_lines"].get<std::int64_t>();
  CHECK(aiops::week12::ship_app_log(opensearch_url(), index, dataset("app/app.jsonl")) == valid);
  aiops::es::client es = opensearch();
  es.refresh(index);
  CHECK(es.count(index) == valid);
  CHECK(es.field_type(index, "@timestamp") == "date");
  CHECK(es.field_type(index, "log.level") == "keyword");
  for (const char* level : {"INFO", "WARN", "ERROR"}) {
    CAPTURE(level);
    CHECK(es.count(index, aiops::es::term("log.level", level)) == app_truth()["lines_per_level"][level].get<std::int64_t>());
  }
  const auto& burst = app_truth()["burst"];
  CHECK(es.count(index, aiops::es::bool_query()
                            .filter(aiops::es::time_range("@timestamp", at(burst["start"]), at(burst["end"])))
                            .filter(aiops::es::term("log.level", "ERROR"))) == burst["error_lines"].get<std::int64_t>());
  CHECK(es.count(index, aiops::es::term("log.logger", "scheduler")) > 0);
}

TEST_CASE("task-2: ERROR lines per minute queried back", "[week-12][task-2]") {
  INFO("Hint: exercises/week-12/README.md, task 2. " << server_hint("opensearch", opensearch_url()));
  const std::string url = data_ready();
  const auto s = app_errors();
  const timestamp_ns end = s.from + timestamp_ns(s.per_minute.size()) * ns_per_minute;
  CHECK(aiops::week12::errors_per_minute(url, data_index, s.from, end) == s.per_minute);
  // The hour of the burst alone, quiet minutes included.
  const timestamp_ns hour = s.start - s.start % aiops::ns_per_hour;
  const auto first = s.per_minute.begin() + (hour - s.from) / ns_per_minute;
  CHECK(aiops::week12::errors_per_minute(url, data_index, hour, hour + aiops::ns_per_hour) == std::vector<double>(first, first + 60));
}

TEST_CASE("task-3: the planted incidents detected promptly, the quiet days quiet", "[week-12][task-3]") {
  INFO("Hint: exercises/week-12/README.md, task 3");
  for (const auto& s : {app_errors(), nginx_errors()}) check_alerts(s, aiops::week12::detect(s.per_minute, s.from));
  const timestamp_ns monday = aiops::parse_rfc3339("2025-06-02T00:00:00Z").value();
  // A silent day, and one with a single busy minute (no `for`: no alert).
  CHECK(aiops::week12::detect(std::vector<double>(1440, 0.0), monday).empty());
  std::vector<double> blip(1440, 1.0);
  blip[700] = 40;
  CHECK(aiops::week12::detect(blip, monday).empty());
}

TEST_CASE("task-4: the alert's state delivered to Alertmanager and read back", "[week-12][task-4]") {
  INFO("Hint: exercises/week-12/README.md, task 4. " << server_hint("alertmanager", alertmanager_url()));
  const std::string name = unique_alertname("Task4");
  const timestamp_ns t0 = aiops::parse_rfc3339("2025-06-17T10:00:00Z").value();
  const std::vector<detection> found = {{t0, t0 + 2 * ns_per_minute, t0 + 30 * ns_per_minute},
                                        {t0 + 118 * ns_per_minute, t0 + 120 * ns_per_minute, 0}};
  // Before anything fired: nothing to tell.
  CHECK(aiops::week12::deliver(alertmanager_url(), name, found, t0 + ns_per_minute) == 0);
  // During the first alert: active, since it fired.
  CHECK(aiops::week12::deliver(alertmanager_url(), name, found, t0 + 10 * ns_per_minute) == 1);
  auto alerts = active(name);
  REQUIRE(alerts.size() == 1);
  CHECK(aiops::parse_rfc3339(alerts[0]["startsAt"].get<std::string>()).value() == found[0].fired_at);
  CHECK(alerts[0]["labels"]["severity"] == "warning");
  // After it resolved: no longer active.
  CHECK(aiops::week12::deliver(alertmanager_url(), name, found, t0 + 60 * ns_per_minute) == 0);
  CHECK(active(name).empty());
  // The second one fires.
  CHECK(aiops::week12::deliver(alertmanager_url(), name, found, t0 + 150 * ns_per_minute) == 1);
  alerts = active(name);
  REQUIRE(alerts.size() == 1);
  CHECK(aiops::parse_rfc3339(alerts[0]["startsAt"].get<std::string>()).value() == found[1].fired_at);
}

TEST_CASE("task-5: the loop, from the index to Alertmanager", "[week-12][task-5]") {
  INFO("Hint: exercises/week-12/README.md, task 5. " << server_hint("opensearch", opensearch_url()) << "; "
                                                      << server_hint("alertmanager", alertmanager_url()));
  const std::string url = data_ready(), name = unique_alertname("Task5");
  const auto s = app_errors();
  // Run up to twelve minutes into the burst: the alert is firing in Alertmanager.
  const auto early = aiops::week12::run_loop(url, data_index, alertmanager_url(), name, s.from, s.start + 12 * ns_per_minute);
  REQUIRE(early.size() == 1);
  CHECK(early[0].resolved_at == 0);
  CHECK(early[0].fired_at - s.start <= 10 * ns_per_minute);
  const auto alerts = active(name);
  REQUIRE(alerts.size() == 1);
  CHECK(aiops::parse_rfc3339(alerts[0]["startsAt"].get<std::string>()).value() == early[0].fired_at);
  // Over both days: one alert, resolved after the burst, and Alertmanager says so.
  const timestamp_ns end = s.from + timestamp_ns(s.per_minute.size()) * ns_per_minute;
  check_alerts(s, aiops::week12::run_loop(url, data_index, alertmanager_url(), name, s.from, end));
  CHECK(active(name).empty());
}
