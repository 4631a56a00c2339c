// aiops: the dispatcher: grouping, group_wait/group_interval/repeat_interval, dedup, silences, inhibition
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>  // std::string
#include <vector>  // std::vector

#include <aiops/alert/route.hpp>

#include "support.hpp"

using namespace aiops::alert;
using aiops::testing::t0;
using aiops::testing::sec;
using aiops::ns_per_second;
using namespace std::chrono_literals;

namespace {
alert make(const char* name, const char* instance, const char* severity, alert_state state = alert_state::firing) {
  alert a;
  a.labels = {{"alertname", name}, {"instance", instance}, {"severity", severity}};
  a.state = state;
  a.fired_at = t0;
  if (state == alert_state::resolved) a.resolved_at = t0;
  return a;
}

route ops() {
  return route{.receiver = "ops", .group_by = {"alertname"}, .group_wait = 10s, .group_interval = 60s, .repeat_interval = 1h};
}
}  // namespace

TEST_CASE("alerts are grouped by labels and sent after group_wait", "[alert][route]") {
  dispatcher d({ops()});
  const std::vector<alert> alerts = {make("HighLoad", "a", "warning"), make("HighLoad", "b", "warning"),
                                     make("DiskFull", "a", "critical"), make("Pending", "a", "warning", alert_state::pending)};
  CHECK(d.process(alerts, sec(0)).empty());  // group_wait
  const auto sent = d.process(alerts, sec(10));
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].group_labels == label_set{{"alertname", "DiskFull"}});
  CHECK(sent[0].group_key == "ops:{alertname=\"DiskFull\"}");
  CHECK(sent[0].alerts.size() == 1);
  CHECK(sent[1].alerts.size() == 2);
  CHECK(sent[1].status() == "firing");
  for (const auto& n : sent) CHECK(n.receiver == "ops");
}

TEST_CASE("an unchanged group is not sent again until repeat_interval", "[alert][route]") {
  dispatcher d({ops()});
  std::vector<alert> alerts = {make("HighLoad", "a", "warning")};
  CHECK(d.process(alerts, sec(10)).empty());
  CHECK(d.process(alerts, sec(20)).size() == 1);
  for (int s = 30; s < 3600; s += 300) CHECK(d.process(alerts, sec(s)).empty());  // dedup
  CHECK(d.process(alerts, sec(20 + 3600)).size() == 1);                             // repeat

  // A new alert in the group waits for group_interval, then the group is sent with both.
  alerts.push_back(make("HighLoad", "b", "warning"));
  CHECK(d.process(alerts, sec(20 + 3600 + 30)).empty());
  const auto changed = d.process(alerts, sec(20 + 3600 + 60));
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].alerts.size() == 2);

  // Resolution is a change: sent once with the resolved alert, which is then forgotten.
  alerts[0].state = alert_state::resolved;
  const auto resolved = d.process(alerts, sec(20 + 3600 + 120));
  REQUIRE(resolved.size() == 1);
  CHECK(resolved[0].alerts[0].state == alert_state::resolved);
  CHECK(resolved[0].status() == "firing");
  alerts.erase(alerts.begin());
  alerts[0].state = alert_state::resolved;
  const auto all_clear = d.process(alerts, sec(20 + 3600 + 180));
  REQUIRE(all_clear.size() == 1);
  CHECK(all_clear[0].status() == "resolved");
  CHECK(all_clear[0].alerts.size() == 1);
  CHECK(d.process(alerts, sec(20 + 3600 + 240 + 3600)).empty());
}

TEST_CASE("an alert resolved before its group was sent is never sent", "[alert][route]") {
  dispatcher d({ops()});
  CHECK(d.process({make("Blip", "a", "warning")}, sec(0)).empty());
  CHECK(d.process({make("Blip", "a", "warning", alert_state::resolved)}, sec(5)).empty());
  CHECK(d.process({make("Blip", "a", "warning", alert_state::resolved)}, sec(20)).empty());
}

TEST_CASE("silences mute matching alerts while active", "[alert][route]") {
  dispatcher d({ops()});
  const auto id = d.add_silence({.matchers = parse_matchers("{instance=\"a\"}").value(), .starts_at = sec(0),
                                 .ends_at = sec(100), .created_by = "test", .comment = "maintenance"});
  const std::vector<alert> alerts = {make("HighLoad", "a", "warning"), make("HighLoad", "b", "warning")};
  CHECK(d.process(alerts, sec(0)).empty());
  const auto sent = d.process(alerts, sec(10));
  REQUIRE(sent.size() == 1);
  REQUIRE(sent[0].alerts.size() == 1);
  CHECK(sent[0].alerts[0].labels.at("instance") == "b");
  CHECK(d.silenced(alerts[0].labels, sec(50)));
  CHECK_FALSE(d.silenced(alerts[0].labels, sec(100)));
  CHECK(d.expire(id, sec(20)));
  CHECK_FALSE(d.expire(id + 1, sec(20)));
  // Un-silenced: the group changed, sent after group_interval with both.
  const auto later = d.process(alerts, sec(70));
  REQUIRE(later.size() == 1);
  CHECK(later[0].alerts.size() == 2);
}

TEST_CASE("a critical alert inhibits warnings with the same instance", "[alert][route]") {
  dispatcher d({route{.receiver = "ops", .group_by = {"instance"}, .group_wait = 0s}},
               {inhibit_rule{.source = parse_matchers("{severity=\"critical\"}").value(),
                             .target = parse_matchers("{severity=\"warning\"}").value(),
                             .equal = {"instance"}}});
  const std::vector<alert> alerts = {make("HostDown", "a", "critical"), make("HighLoad", "a", "warning"),
                                     make("HighLoad", "b", "warning")};
  CHECK(d.inhibited(alerts[1], alerts));
  CHECK_FALSE(d.inhibited(alerts[2], alerts));
  CHECK_FALSE(d.inhibited(alerts[0], alerts));
  const auto sent = d.process(alerts, sec(0));
  REQUIRE(sent.size() == 2);
  REQUIRE(sent[0].alerts.size() == 1);
  CHECK(sent[0].alerts[0].labels.at("alertname") == "HostDown");
  CHECK(sent[1].alerts[0].labels.at("instance") == "b");
  // A resolved source no longer inhibits.
  std::vector<alert> after = alerts;
  after[0].state = alert_state::resolved;
  CHECK_FALSE(d.inhibited(after[1], after));
}

TEST_CASE("routes pick the first match, misuse throws", "[alert][route]") {
  dispatcher d({route{.receiver = "pager", .matchers = parse_matchers("{severity=\"critical\"}").value(), .group_wait = 0s},
                route{.receiver = "chat", .group_wait = 0s}});
  const auto sent = d.process({make("A", "a", "critical"), make("B", "a", "warning")}, sec(0));
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].receiver == "chat");
  CHECK(sent[1].receiver == "pager");
  CHECK_THROWS_AS(dispatcher({}), std::invalid_argument);
  CHECK_THROWS_AS(dispatcher({route{}}), std::invalid_argument);
}
