// aiops: week 06 grader, tasks 3-4: a real Alertmanager (scripts/servers) and a real HTTP webhook receiver
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>     // std::chrono
#include <exception>  // std::exception_ptr, std::rethrow_exception
#include <mutex>   // std::mutex
#include <string>  // std::string
#include <thread>  // std::thread
#include <vector>  // std::vector

#include <unistd.h>  // getpid

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <aiops/http.hpp>
#include <aiops/week06/notify.hpp>

#include "servers.hpp"

namespace alert = aiops::alert;
using namespace aiops::testing;
using aiops::wall_now;

namespace {
alert::alert make(const std::string& name, const std::string& instance, alert::alert_state state) {
  alert::alert a;
  a.labels = {{"alertname", name}, {"instance", instance}, {"severity", "warning"}};
  a.annotations = {{"summary", "disk of " + instance + " is almost full"}};
  a.state = state;
  a.fired_at = wall_now() - 60 * aiops::ns_per_second;
  if (state == alert::alert_state::resolved) a.resolved_at = wall_now();
  return a;
}

nlohmann::json active(const std::string& name) {
  aiops::http::client am(alertmanager_url());
  return am.get_json("/api/v2/alerts", {{"active", "true"}, {"filter", "alertname=\"" + name + "\""}});
}
}  // namespace

TEST_CASE("task-3: Alertmanager receives and then resolves the alerts", "[week-06][task-3]") {
  INFO("Hint: exercises/week-06/README.md, task 3. " << server_hint("alertmanager", alertmanager_url()));
  const std::string name = "Week06Disk" + std::to_string(::getpid());
  aiops::week06::notify_alertmanager(alertmanager_url(), {make(name, "db-1", alert::alert_state::firing),
                                                          make(name, "db-2", alert::alert_state::firing)});
  const auto firing = active(name);
  REQUIRE(firing.size() == 2);
  CHECK(firing[0]["annotations"]["summary"].get<std::string>().find("almost full") != std::string::npos);
  aiops::week06::notify_alertmanager(alertmanager_url(), {make(name, "db-1", alert::alert_state::resolved),
                                                          make(name, "db-2", alert::alert_state::resolved)});
  CHECK(active(name).empty());
}

TEST_CASE("task-4: a webhook receiver gets Alertmanager's webhook JSON", "[week-06][task-4]") {
  INFO("Hint: exercises/week-06/README.md, task 4");
  httplib::Server server;
  std::mutex mutex;
  std::vector<std::string> bodies;
  server.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mutex);
    bodies.push_back(req.body);
    res.status = 200;
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::yield();

  const alert::notification n{"ops", "ops:{alertname=\"DiskFull\"}", {{"alertname", "DiskFull"}},
                              {make("DiskFull", "db-1", alert::alert_state::firing), make("DiskFull", "db-2", alert::alert_state::resolved)}};
  std::exception_ptr failed;
  try {
    aiops::week06::notify_webhook("http://127.0.0.1:" + std::to_string(port) + "/hook", n);
  } catch (...) {
    failed = std::current_exception();
  }
  server.stop();
  thread.join();
  if (failed) std::rethrow_exception(failed);
  REQUIRE(bodies.size() == 1);
  const auto j = nlohmann::json::parse(bodies[0], nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["version"] == "4");
  CHECK(j["status"] == "firing");
  CHECK(j["receiver"] == "ops");
  CHECK(j["groupLabels"]["alertname"] == "DiskFull");
  REQUIRE(j["alerts"].size() == 2);
  CHECK(j["alerts"][0]["labels"]["instance"] == "db-1");
  CHECK(j["alerts"][0]["status"] == "firing");
  CHECK(j["alerts"][1]["status"] == "resolved");
  CHECK(j["alerts"][0]["startsAt"].get<std::string>().size() >= 20);
}
