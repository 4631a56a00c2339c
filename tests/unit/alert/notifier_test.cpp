// aiops: webhook JSON, the webhook and DingTalk notifiers against an in-process HTTP receiver, and the outbox
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <filesystem>  // std::filesystem
#include <fstream>     // std::ofstream
#include <mutex>       // std::mutex, std::lock_guard
#include <string>      // std::string
#include <thread>      // std::thread
#include <vector>      // std::vector

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <aiops/alert.hpp>

#include "scratch.hpp"
#include "support.hpp"

using namespace aiops::alert;
using aiops::testing::scratch_dir;
using aiops::testing::t0;
using aiops::ns_per_second;

namespace {
// A real HTTP receiver on a free loopback port, recording what it was sent.
class receiver {
 public:
  explicit receiver(int status = 200, std::string answer = "") {
    server_.Post(".*", [this, status, answer](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex_);
      bodies_.push_back(req.body);
      targets_.push_back(req.target);
      res.status = status;
      res.set_content(answer, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  std::vector<std::string> bodies() {
    std::lock_guard<std::mutex> lock(mutex_);
    return bodies_;
  }
  std::vector<std::string> targets() {
    std::lock_guard<std::mutex> lock(mutex_);
    return targets_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::vector<std::string> bodies_;
  std::vector<std::string> targets_;
};

notification sample_notification(const std::string& receiver_name = "ops") {
  alert firing;
  firing.labels = {{"alertname", "HighLoad"}, {"instance", "web-1"}, {"severity", "warning"}};
  firing.annotations = {{"summary", "load 7 on web-1"}};
  firing.state = alert_state::firing;
  firing.fired_at = t0;
  alert resolved = firing;
  resolved.labels["instance"] = "web-2";
  resolved.annotations["summary"] = "load 1 on web-2";
  resolved.state = alert_state::resolved;
  resolved.resolved_at = t0 + 60 * ns_per_second;
  return {receiver_name, "ops:{alertname=\"HighLoad\"}", {{"alertname", "HighLoad"}}, {firing, resolved}};
}

aiops::http::client_options no_retry() {
  aiops::http::client_options o;
  o.retry = aiops::http::retry_policy::none();
  o.deadline = std::chrono::milliseconds(3000);
  return o;
}

}  // namespace

TEST_CASE("notifications become Alertmanager's webhook JSON and back", "[alert][webhook]") {
  const notification n = sample_notification();
  const nlohmann::json j = to_webhook_json(n, "http://aiops.local");
  CHECK(j["version"] == "4");
  CHECK(j["status"] == "firing");
  CHECK(j["receiver"] == "ops");
  CHECK(j["groupLabels"] == nlohmann::json{{"alertname", "HighLoad"}});
  CHECK(j["commonLabels"] == nlohmann::json{{"alertname", "HighLoad"}, {"severity", "warning"}});
  CHECK(j["commonAnnotations"].empty());
  CHECK(j["externalURL"] == "http://aiops.local");
  REQUIRE(j["alerts"].size() == 2);
  CHECK(j["alerts"][0]["status"] == "firing");
  CHECK(j["alerts"][0]["startsAt"] == "2026-11-18T11:06:40.000Z");
  CHECK(j["alerts"][0]["endsAt"] == "0001-01-01T00:00:00Z");
  CHECK(j["alerts"][1]["endsAt"] == "2026-11-18T11:07:40.000Z");
  CHECK(j["alerts"][0]["fingerprint"].get<std::string>().size() == 16);

  const notification back = from_webhook_json(j);
  CHECK(back.receiver == "ops");
  CHECK(back.group_key == n.group_key);
  REQUIRE(back.alerts.size() == 2);
  CHECK(back.alerts[0].labels == n.alerts[0].labels);
  CHECK(back.alerts[0].fired_at == t0);
  CHECK(back.alerts[1].state == alert_state::resolved);
  CHECK(back.alerts[1].resolved_at == n.alerts[1].resolved_at);
  CHECK_THROWS_AS(from_webhook_json(nlohmann::json::parse("{\"alerts\": 3}")), aiops::parse_error);
  CHECK_THROWS_AS(from_webhook_json(nlohmann::json::parse("{\"alerts\": [{\"labels\": {\"a\": 1}}]}")), aiops::parse_error);
}

TEST_CASE("the webhook notifier posts the JSON to a real HTTP receiver", "[alert][webhook]") {
  receiver hook;
  webhook_notifier notifier(hook.url("/alerts?team=ops"), no_retry());
  notifier.send(sample_notification());
  REQUIRE(hook.bodies().size() == 1);
  CHECK(hook.targets()[0] == "/alerts?team=ops");
  const auto j = nlohmann::json::parse(hook.bodies()[0]);
  CHECK(j["alerts"][0]["labels"]["instance"] == "web-1");

  receiver failing(500);
  webhook_notifier broken(failing.url("/"), no_retry());
  CHECK_THROWS_AS(broken.send(sample_notification()), aiops::http::http_error);
}

TEST_CASE("DingTalk requests are signed as DingTalk documents", "[alert][dingtalk]") {
  // Computed independently with Python: base64(hmac.new(secret, f"{ts}\n{secret}", sha256).digest()).
  CHECK(dingtalk_sign(1700000000000, "SEC0123456789abcdef") == "TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=");

  receiver robot(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
  dingtalk_notifier ding({.webhook_url = robot.url("/robot/send?access_token=T0K"), .secret = "SEC0123456789abcdef",
                          .at_mobiles = {"13800000000"}},
                         no_retry());
  ding.send(sample_notification());
  REQUIRE(robot.targets().size() == 1);
  const std::string target = robot.targets()[0];
  CHECK(target.rfind("/robot/send?access_token=T0K&timestamp=", 0) == 0);
  // The sign is percent-encoded (base64's '+', '/' and '=') and matches the timestamp sent.
  const auto ts_at = target.find("timestamp=") + 10;
  const std::string ts = target.substr(ts_at, target.find('&', ts_at) - ts_at);
  const std::string sign = target.substr(target.find("sign=") + 5);
  CHECK(sign == aiops::http::percent_encode(dingtalk_sign(std::stoll(ts), "SEC0123456789abcdef")));
  const auto body = nlohmann::json::parse(robot.bodies()[0]);
  CHECK(body["msgtype"] == "markdown");
  CHECK(body["markdown"]["title"] == "[FIRING:1] HighLoad");
  CHECK(body["markdown"]["text"].get<std::string>().find("- FIRING HighLoad web-1 (warning): load 7 on web-1") != std::string::npos);
  CHECK(body["at"]["atMobiles"][0] == "13800000000");

  receiver refusing(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
  dingtalk_notifier bad({.webhook_url = refusing.url("/robot/send?access_token=x"), .secret = "s", .markdown = false}, no_retry());
  CHECK_THROWS_WITH(bad.send(sample_notification()), Catch::Contains("sign not match"));
  CHECK(nlohmann::json::parse(refusing.bodies()[0])["msgtype"] == "text");
}

TEST_CASE("the outbox keeps notifications until their receiver takes them, across restarts", "[alert][outbox]") {
  const scratch_dir dir("outbox");
  {
    outbox queue(dir);
    queue.add(sample_notification("ops"));
    notification other_group = sample_notification("ops");
    other_group.group_key = "ops:{alertname=\"DiskFull\"}";
    queue.add(other_group);
    queue.add(sample_notification("chat"));
    CHECK(queue.size() == 3);
    // Nobody to deliver to: every notification stays, each receiver is reported once.
    webhook_notifier down("http://127.0.0.1:1/", no_retry());
    const auto report = queue.deliver({{"ops", &down}});
    CHECK(report.delivered == 0);
    CHECK(report.pending == 3);
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0].rfind("ops: ", 0) == 0);
    CHECK(report.errors[1] == "chat: no notifier for this receiver");
  }
  // A new process finds them, in order, and delivers them once the receiver is up.
  outbox queue(dir);
  REQUIRE(queue.size() == 3);
  CHECK(queue.peek()[2].receiver == "chat");
  receiver hook;
  webhook_notifier up(hook.url("/"), no_retry());
  const auto report = queue.deliver({{"ops", &up}, {"chat", &up}});
  CHECK(report.delivered == 3);
  CHECK(report.errors.empty());
  CHECK(queue.size() == 0);
  CHECK(hook.bodies().size() == 3);
  CHECK(std::filesystem::is_empty(dir));

  // A damaged file is set aside, not lost and not blocking the rest.
  std::ofstream(dir / "00000000000000000099.json") << "{not json";
  outbox damaged(dir);
  damaged.add(sample_notification("ops"));
  const auto r = damaged.deliver({{"ops", &up}});
  CHECK(r.delivered == 1);
  REQUIRE(r.errors.size() == 1);
  CHECK(std::filesystem::exists(dir / "00000000000000000099.json.bad"));
}

TEST_CASE("DingTalk and webhook JSON of the wrong shape is an aiops error, not a json type_error", "[alert][dingtalk]") {
  for (const char* answer : {R"({"errcode":"0","errmsg":"ok"})", R"({"errcode":1.5})", R"([0])", R"({"errcode":7,"errmsg":5})"}) {
    INFO(answer);
    receiver odd(200, answer);
    dingtalk_notifier ding({.webhook_url = odd.url("/robot/send?access_token=x")}, no_retry());
    CHECK_THROWS_AS(ding.send(sample_notification()), aiops::error);
  }
  receiver terse(200, R"({"errmsg":"ok"})");  // no errcode: nothing refused
  dingtalk_notifier ding({.webhook_url = terse.url("/robot/send?access_token=x")}, no_retry());
  CHECK_NOTHROW(ding.send(sample_notification()));

  CHECK_THROWS_WITH(from_webhook_json(nlohmann::json::parse(R"({"receiver":5,"alerts":[]})")),
                    "webhook JSON: receiver is not a string");
  CHECK_THROWS_WITH(from_webhook_json(nlohmann::json::parse(R"({"alerts":[{"status":true}]})")),
                    "webhook JSON: status is not a string");
}
