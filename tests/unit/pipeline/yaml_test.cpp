// aiops: tests of the YAML pipeline configuration: a full file, and mistakes reported with key path, line and column
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include <aiops/pipeline.hpp>

#include "datasets.hpp"

namespace pl = aiops::pipeline;

namespace {

std::string mistake(const std::string& yaml) {
  const auto c = pl::load_config(yaml);
  REQUIRE_FALSE(c);
  return c.error().message;
}

constexpr const char* minimal = R"(sources:
  - name: web
    file: {paths: [access.log]}
    parse: {format: nginx}
)";

}  // namespace

TEST_CASE("yaml: the example configurations load, with every section", "[pipeline][yaml]") {
  for (const char* file : {"deploy/pipeline/bundled.yaml", "deploy/pipeline/servers.yaml"}) {
    INFO(file);
    const auto c = pl::load_config_file(aiops::testing::source_path(file));
    if (!c) FAIL(c.error().message);
    CHECK_FALSE(c->sources.empty());
    CHECK_FALSE(c->rules.empty());
    CHECK_FALSE(c->sinks.empty());
  }
}

TEST_CASE("yaml: fields land in the structs", "[pipeline][yaml]") {
  const auto c = pl::load_config(R"(name: shop
state: /tmp/x.json
checkpoint: 1m
window: 30s
schedule: "*/5 * * * *"
sources:
  - name: web
    file: {paths: [a.log, b.log], follow: false}
    parse: {format: nginx, log_format: combined}
    errors: {min_status: 400, contains: [timeout]}
  - name: hosts
    prometheus:
      url: http://127.0.0.1:19090
      queries: {cpu: 'avg by (instance) (rate(node_cpu_seconds_total{mode!="idle"}[1m]))'}
      step: 1m
detectors:
  - match: {feature: errors}
    detector: mad
    warmup: 30
rules:
  - alert: WebErrors
    expr: anomaly_score{feature="errors"} > 6
    for: 2m
    keep_firing_for: 5m
    labels: {severity: page}
    annotations: {summary: "{{ $labels.source }} errors"}
sinks:
  - {name: am, kind: alertmanager, url: "http://127.0.0.1:19093"}
  - {name: log, kind: jsonl, path: alerts.jsonl}
routes:
  - receiver: am
    matchers: ['severity="page"']
    group_by: [alertname]
    group_wait: 0s
  - receiver: log
silences:
  - matchers: ['source="hosts"']
    starts: 2026-01-01T00:00:00Z
    ends: 2026-01-02T00:00:00Z
)");
  if (!c) FAIL(c.error().message);
  CHECK(c->name == "shop");
  CHECK(c->window == std::chrono::seconds(30));
  CHECK(c->checkpoint == std::chrono::minutes(1));
  REQUIRE(c->every.cron);
  CHECK(c->every.cron->text() == "*/5 * * * *");
  REQUIRE(c->sources.size() == 2);
  CHECK(c->sources[0].paths == std::vector<std::string>{"a.log", "b.log"});
  CHECK_FALSE(c->sources[0].follow);
  CHECK(c->sources[0].errors.min_status == 400);
  CHECK(c->sources[1].kind == pl::source_kind::prometheus);
  CHECK(c->sources[1].queries.count("cpu") == 1);
  CHECK(c->detectors.at(0).warmup == 30);
  CHECK(c->rules.at(0).for_duration == std::chrono::minutes(2));
  CHECK(c->rules.at(0).keep_firing_for == std::chrono::minutes(5));
  CHECK(c->routes.at(0).matchers.size() == 1);
  CHECK(c->routes.at(0).group_wait.count() == 0);
  CHECK(c->silences.at(0).ends_at - c->silences.at(0).starts_at == aiops::ns_per_day);
}

TEST_CASE("yaml: every mistake names its key path, line and column", "[pipeline][yaml]") {
  CHECK(mistake(std::string(minimal) + "window: 1m\nwindow: 2m\n").find("key 'window' appears twice") != std::string::npos);
  CHECK(mistake(std::string(minimal) + "sinks: [{name: a, kind: stdout}, {name: b, kind: stdout}]\nroutes: [{receiver: a}]\n")
            .find("no route sends to sink 'b'") != std::string::npos);
  CHECK(mistake(std::string(minimal) + "windw: 1m\n") == "windw (line 5, column 1): unknown key 'windw' (known: name, state, checkpoint, window, lateness, idle_close, max_gap_windows, max_series, max_templates, lookback, max_replay, max_outbox, interval, schedule, metrics, sources, detectors, rules, routes, silences, sinks)");
  CHECK(mistake(std::string(minimal) + "window: soon\n").starts_with("window (line 5, column 9): expected a duration"));
  CHECK(mistake(std::string(minimal) + "schedule: '*/5 * * *'\n").starts_with("schedule (line 5, column 11): cron expression:"));
  CHECK(mistake(R"(sources:
  - name: web
    file: {paths: [access.log]}
    parse: {format: ngnix}
)") == "sources[0].parse.format (line 4, column 21): 'ngnix' is not one of nginx, apache, syslog, json, logfmt, text, grok");
  CHECK(mistake(R"(sources:
  - file: {paths: [access.log]}
    parse: {format: nginx}
)") == "sources[0] (line 2, column 5): a source needs a name");
  CHECK(mistake(R"(sources:
  - name: web
    file: {paths: []}
    parse: {format: nginx}
)").starts_with("sources[0].file.paths (line 3, column 19): at least one path"));
  CHECK(mistake(std::string(minimal) + R"(rules:
  - alert: Bad
    expr: anomaly_score >
)").starts_with("rules[0] (line 6, column 5): expr:"));
  CHECK(mistake(std::string(minimal) + R"(sinks:
  - {name: am, kind: alertmanager, url: "http://x"}
routes:
  - receiver: pager
)") == "routes[0].receiver (line 8, column 15): no sink is named 'pager'");
  CHECK(mistake(std::string(minimal) + R"(sinks:
  - {name: am, kind: pagerduty}
)").starts_with("sinks[0].kind (line 6, column 22): 'pagerduty' is not one of"));
  CHECK(mistake(std::string(minimal) + R"(detectors:
  - {match: {feature: errors}, detector: magic}
)") == "detectors[0].detector (line 6, column 42): unknown detector 'magic'");
  CHECK(mistake(std::string(minimal) + "max_series: -3\n") == "max_series (line 5, column 13): -3 is outside 1..10000000");
  CHECK(mistake(std::string(minimal) + R"(  - name: web
    otlp: {}
)") == "sources[1].name (line 5, column 11): another source is named 'web'");
  CHECK(mistake("sources: [\n").find("line 2") != std::string::npos);  // yaml-cpp's own position
  CHECK(mistake("") == "the configuration is empty");
  CHECK(mistake("- a\n- b\n") == "the document (line 1, column 1): expected a mapping (key: value)");
}
