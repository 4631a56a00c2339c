// aiops: the outbox stays bounded while a receiver is down: coalescing by receiver and group, a hard cap that reports what it drops
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <filesystem>  // std::filesystem
#include <string>      // std::string
#include <vector>      // std::vector

#include <unistd.h>  // ::getpid

#include <aiops/alert.hpp>

#include "scratch.hpp"

using namespace aiops::alert;
using aiops::testing::scratch_dir;

namespace {

alert make_alert(const std::string& instance, alert_state state) {
  alert a;
  a.labels = {{"alertname", "HighLoad"}, {"instance", instance}};
  a.state = state;
  a.fired_at = 1'000;
  if (state == alert_state::resolved) a.resolved_at = 2'000;
  return a;
}

notification group(const std::string& receiver, const std::string& key, std::vector<alert> alerts) {
  return {receiver, key, {{"alertname", "HighLoad"}}, std::move(alerts)};
}

// Records what it is sent; fails while `down`.
struct recording_notifier final : notifier {
  bool down = false;
  std::vector<notification> sent;
  void send(const notification& n) override {
    if (down) throw aiops::error("receiver down");
    sent.push_back(n);
  }
};

const alert* find(const notification& n, const std::string& instance) {
  for (const auto& a : n.alerts)
    if (a.labels.at("instance") == instance) return &a;
  return nullptr;
}

}  // namespace

TEST_CASE("coalesce keeps each alert's newest state and the alerts only the older notification holds", "[alert][outbox]") {
  notification newer = group("ops", "g", {make_alert("web-1", alert_state::resolved)});
  coalesce(newer, group("ops", "g", {make_alert("web-1", alert_state::firing), make_alert("web-2", alert_state::resolved)}));
  REQUIRE(newer.alerts.size() == 2);
  CHECK(find(newer, "web-1")->state == alert_state::resolved);  // a resolve replaces a firing
  CHECK(find(newer, "web-2")->state == alert_state::resolved);  // forgotten by the dispatcher since: kept
  CHECK(queue_key(newer) != queue_key(group("chat", "g", {})));
}

TEST_CASE("while a receiver is down the outbox holds one notification per receiver and group, and delivers the newest state",
          "[alert][outbox]") {
  const scratch_dir dir("coalesce");
  recording_notifier ops;
  ops.down = true;
  {
    outbox queue(dir);
    // Until a delivery failed, every state is queued: a receiver that is up gets them all.
    queue.add(group("ops", "g1", {make_alert("web-1", alert_state::firing)}));
    CHECK_FALSE(queue.add(group("ops", "g1", {make_alert("web-1", alert_state::resolved)})).coalesced);
    queue.add(group("ops", "g2", {make_alert("db-1", alert_state::firing)}));
    queue.add(group("chat", "g1", {make_alert("web-1", alert_state::firing)}));  // another receiver: its own group
    CHECK(queue.deliver({{"ops", &ops}, {"chat", &ops}}).pending == 4);
    // Then the alert flaps a thousand times while the receiver is down: it stays one notification.
    for (int i = 0; i < 1000; ++i) {
      const auto state = i % 2 ? alert_state::resolved : alert_state::firing;
      const add_report r = queue.add(group("ops", "g1", {make_alert("web-1", state)}));
      CHECK(r.coalesced);
      CHECK(r.dropped == 0);
    }
    CHECK(queue.size() == 4);  // the first g1 firing, and the newest g1 state merged into the second
    CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 4);
  }
  // After a restart the groups are known again, and a receiver that left notifications counts as
  // down: a new state replaces its queued one at once (a run replaying the same alerts adds none).
  outbox queue(dir);
  CHECK(queue.add(group("ops", "g2", {make_alert("db-1", alert_state::resolved)})).coalesced);
  CHECK(queue.deliver({{"ops", &ops}, {"chat", &ops}}).pending == 4);
  CHECK(queue.add(group("ops", "g2", {make_alert("db-1", alert_state::resolved)})).coalesced);
  REQUIRE(queue.size() == 4);
  ops.down = false;
  const delivery_report r = queue.deliver({{"ops", &ops}, {"chat", &ops}});
  CHECK(r.delivered == 4);
  CHECK(queue.size() == 0);
  REQUIRE(ops.sent.size() == 4);
  CHECK(ops.sent[0].group_key == "g1");
  CHECK(ops.sent[0].alerts.at(0).state == alert_state::firing);
  CHECK(ops.sent[2].group_key == "g1");
  CHECK(ops.sent[2].alerts.at(0).state == alert_state::resolved);  // the 1000th state, the last one
  CHECK(ops.sent[3].group_key == "g2");
  CHECK(ops.sent[3].alerts.at(0).state == alert_state::resolved);
  // Up again: the next state is queued as it is, not merged.
  CHECK_FALSE(queue.add(group("ops", "g2", {make_alert("db-1", alert_state::firing)})).coalesced);
}

TEST_CASE("past max_queued the outbox drops the oldest and says how many", "[alert][outbox]") {
  const scratch_dir dir("cap");
  outbox queue(dir, {.max_queued = 3});
  for (int i = 0; i < 5; ++i) {
    const add_report r = queue.add(group("ops", "g" + std::to_string(i), {make_alert("web-" + std::to_string(i), alert_state::firing)}));
    CHECK(r.dropped == (i >= 3 ? 1u : 0u));
  }
  CHECK(queue.size() == 3);
  CHECK(queue.dropped() == 2);
  const auto left = queue.peek();
  REQUIRE(left.size() == 3);
  CHECK(left.front().group_key == "g2");  // g0 and g1, the oldest, went
  CHECK(left.back().group_key == "g4");
  CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 3);
  // A dropped group comes back as a new notification, not coalesced with a file that is gone.
  CHECK_FALSE(queue.add(group("ops", "g0", {make_alert("web-0", alert_state::resolved)})).coalesced);
  CHECK_THROWS_AS(outbox(dir, {.max_queued = 0}), std::invalid_argument);
}
