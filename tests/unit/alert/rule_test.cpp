// aiops: templates, the alert state machine (for, keep_firing_for) and the Prometheus rule file
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>   // NAN, INFINITY
#include <string>  // std::string

#include <aiops/alert/rule.hpp>

#include "support.hpp"

using namespace aiops::alert;
using aiops::testing::t0;
using aiops::testing::sec;
using aiops::ns_per_second;
using namespace std::chrono_literals;

TEST_CASE("values print as Go prints them in Prometheus templates", "[alert][template]") {
  CHECK(format_value(0.25) == "0.25");
  CHECK(format_value(42) == "42");
  CHECK(format_value(123456) == "123456");
  CHECK(format_value(1e6) == "1e+06");
  CHECK(format_value(1234567) == "1.234567e+06");
  CHECK(format_value(0.0001) == "0.0001");
  CHECK(format_value(0.00001) == "1e-05");
  CHECK(format_value(-2.5) == "-2.5");
  CHECK(format_value(NAN) == "NaN");
  CHECK(format_value(INFINITY) == "+Inf");
  CHECK(humanize(1234.5) == "1.234k");
  CHECK(humanize(2.5e9) == "2.5G");
  CHECK(humanize(0.012) == "12m");
  CHECK(humanize(0) == "0");
}

TEST_CASE("templates render labels and values and reject what they cannot render", "[alert][template]") {
  const auto t = text_template::parse("{{ $labels.instance }} at {{ $value | humanizePercentage }} ({{printf \"%.1f\" $value}}, {{ $value }})");
  REQUIRE(t);
  CHECK(t->render({{"instance", "web-1"}}, 0.934) == "web-1 at 93.4% (0.9, 0.934)");
  CHECK(t->render({}, 1) == " at 100% (1.0, 1)");  // a missing label renders empty
  CHECK(text_template::parse("no actions")->render({}, 0) == "no actions");

  const auto bad = [](const char* text, std::size_t column) {
    const auto r = text_template::parse(text);
    REQUIRE_FALSE(r);
    CAPTURE(text, r.error().message);
    CHECK(r.error().column == column);
  };
  bad("x {{ $labels.instance ", 3);
  bad("{{ .Foo }}", 1);
  bad("ok {{ $value | title }}", 4);
  bad("{{ printf \"%s\" $value }}", 1);
  bad("{{ printf \"%f %f\" $value }}", 1);
  bad("{{ $labels.9x }}", 1);
}

TEST_CASE("an alert goes inactive -> pending -> firing -> resolved", "[alert][rule]") {
  rule_group group{"node", 15s, {rule{.name = "HighLoad", .expr = "node_load1 > 4", .for_duration = 30s,
                                      .labels = {{"severity", "warning"}, {"host", "{{ $labels.instance }}"}},
                                      .annotations = {{"summary", "load {{ $value }} on {{ $labels.instance }}"}}}}};
  auto engine = rule_engine::compile(group);
  REQUIRE(engine);
  series_store store;
  const auto load = [&](int s, double v) { store.add("node_load1", {{"instance", "a"}}, sec(s), v); };

  load(0, 1);
  CHECK(engine->evaluate(store, sec(0)).empty());
  load(15, 5);
  auto alerts = engine->evaluate(store, sec(15));
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].state == alert_state::pending);
  CHECK(alerts[0].labels == label_set{{"alertname", "HighLoad"}, {"host", "a"}, {"instance", "a"}, {"severity", "warning"}});
  CHECK(alerts[0].annotations.at("summary") == "load 5 on a");
  load(30, 6);
  CHECK(engine->evaluate(store, sec(30))[0].state == alert_state::pending);
  load(45, 7);
  alerts = engine->evaluate(store, sec(45));
  CHECK(alerts[0].state == alert_state::firing);
  CHECK(alerts[0].fired_at == sec(45));
  CHECK(alerts[0].active_at == sec(15));
  CHECK(alerts[0].annotations.at("summary") == "load 7 on a");
  load(60, 1);
  alerts = engine->evaluate(store, sec(60));
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].state == alert_state::resolved);
  CHECK(alerts[0].resolved_at == sec(60));
  // Kept resolved for the retention, then forgotten.
  load(75, 1);
  CHECK(engine->evaluate(store, sec(75)).size() == 1);
  CHECK(engine->evaluate(store, sec(60 + 15 * 60 + 1)).empty());
}

TEST_CASE("a pending alert that clears is dropped, a firing one resolves", "[alert][rule]") {
  rule_group group{"g", 10s, {rule{.name = "Flappy", .expr = "x > 0", .for_duration = 20s, .keep_firing_for = 30s},
                              rule{.name = "Now", .expr = "x > 0"}}};
  auto engine = rule_engine::compile(group);
  REQUIRE(engine);
  series_store store;
  store.add("x", {}, sec(0), 1);
  auto alerts = engine->evaluate(store, sec(0));
  REQUIRE(alerts.size() == 2);
  CHECK(alerts[0].state == alert_state::pending);
  CHECK(alerts[1].state == alert_state::firing);  // no `for`: fires at once
  store.add("x", {}, sec(10), 0);
  alerts = engine->evaluate(store, sec(10));
  REQUIRE(alerts.size() == 1);  // Flappy dropped while pending, Now resolved
  CHECK(alerts[0].labels.at("alertname") == "Now");
  CHECK(alerts[0].state == alert_state::resolved);

  // True again: Flappy starts a new pending period, Now fires as a new alert.
  store.add("x", {}, sec(40), 1);
  alerts = engine->evaluate(store, sec(40));
  REQUIRE(alerts.size() == 2);
  CHECK(alerts[0].state == alert_state::pending);
  CHECK(alerts[0].active_at == sec(40));
  CHECK(alerts[1].state == alert_state::firing);
  CHECK(alerts[1].fired_at == sec(40));
}

TEST_CASE("keep_firing_for keeps firing after the condition clears", "[alert][rule]") {
  auto engine = rule_engine::compile({"g", 10s, {rule{.name = "Sticky", .expr = "x > 0", .keep_firing_for = 30s}}});
  REQUIRE(engine);
  series_store store;
  store.add("x", {}, sec(0), 1);
  CHECK(engine->evaluate(store, sec(0))[0].state == alert_state::firing);
  store.add("x", {}, sec(10), 0);
  CHECK(engine->evaluate(store, sec(10))[0].state == alert_state::firing);
  CHECK(engine->evaluate(store, sec(29))[0].state == alert_state::firing);
  const auto alerts = engine->evaluate(store, sec(30));
  CHECK(alerts[0].state == alert_state::resolved);
  CHECK(alerts[0].resolved_at == sec(30));
  // Firing again afterwards is a new alert with a new start.
  store.add("x", {}, sec(40), 2);
  const auto again = engine->evaluate(store, sec(40));
  CHECK(again[0].state == alert_state::firing);
  CHECK(again[0].fired_at == sec(40));
}

TEST_CASE("compile names the rule and field that is wrong", "[alert][rule]") {
  const auto fails = [](rule r, const char* reason) {
    const auto e = rule_engine::compile({"g", 1min, {rule{.name = "Ok", .expr = "up == 0"}, std::move(r)}});
    REQUIRE_FALSE(e);
    CAPTURE(e.error().message);
    CHECK(e.error().message.find(reason) != std::string::npos);
  };
  fails(rule{.name = "Bad", .expr = "rate(x)"}, "rule 2 (Bad): expr: ");
  fails(rule{.name = "bad name", .expr = "x"}, "alert name");
  fails(rule{.name = "Num", .expr = "1 > bool 0"}, "not a number");
  fails(rule{.name = "T", .expr = "x", .annotations = {{"summary", "{{ $nope }}"}}}, "rule 2 (T): annotations.summary: ");
  fails(rule{.name = "L", .expr = "x", .labels = {{"team", "{{"}}}, "labels.team");
}

TEST_CASE("rule groups export as a Prometheus rule file", "[alert][rule]") {
  const rule_group g{"host", 30s, {rule{.name = "DiskFull", .expr = "node_filesystem_avail_bytes{fstype!=\"tmpfs\"} < 1e9",
                                        .for_duration = 10min, .labels = {{"severity", "critical"}},
                                        .annotations = {{"summary", "{{ $labels.mountpoint }}: \"{{ $value | humanize }}B\" left"}}},
                                   rule{.name = "Sticky", .expr = "up == 0", .keep_firing_for = 5min}}};
  const std::string yaml = to_prometheus_rules({g});
  CHECK(yaml ==
        "groups:\n"
        "  - name: \"host\"\n"
        "    interval: 30s\n"
        "    rules:\n"
        "      - alert: \"DiskFull\"\n"
        "        expr: \"node_filesystem_avail_bytes{fstype!=\\\"tmpfs\\\"} < 1e9\"\n"
        "        for: 10m\n"
        "        labels:\n"
        "          \"severity\": \"critical\"\n"
        "        annotations:\n"
        "          \"summary\": \"{{ $labels.mountpoint }}: \\\"{{ $value | humanize }}B\\\" left\"\n"
        "      - alert: \"Sticky\"\n"
        "        expr: \"up == 0\"\n"
        "        keep_firing_for: 5m\n");
}
