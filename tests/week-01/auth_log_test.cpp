// aiops: week 01 grader, task 2: failed SSH logins, on fixed lines and on datasets/syslog/auth.log
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fstream>  // std::ifstream

#include <nlohmann/json.hpp>

#include <aiops/week01/auth_log.hpp>

#include "datasets.hpp"

using aiops::week01::parse_failed_login;

TEST_CASE("task-2: failed password lines, plain and repeated", "[week-01][task-2]") {
  INFO("Hint: exercises/week-01/README.md, task 2");
  auto a = parse_failed_login("Jun  9 03:12:44 web-prod-03 sshd[20211]: Failed password for root from 218.92.0.112 port 41372 ssh2");
  REQUIRE(a);
  CHECK(a->user == "root");
  CHECK(a->source_ip == "218.92.0.112");
  CHECK_FALSE(a->invalid_user);
  CHECK(a->attempts == 1);
  auto b = parse_failed_login("Jun 10 11:00:01 web-prod-03 sshd[311]: Failed password for invalid user oracle from 2001:db8::7 port 52210 ssh2");
  REQUIRE(b);
  CHECK(b->user == "oracle");
  CHECK(b->source_ip == "2001:db8::7");
  CHECK(b->invalid_user);
  auto c = parse_failed_login("Jun 10 11:00:05 web-prod-03 sshd[311]: message repeated 5 times: [ Failed password for root from 61.177.172.140 port 2201 ssh2]");
  REQUIRE(c);
  CHECK(c->attempts == 5);
  CHECK(c->source_ip == "61.177.172.140");
  for (const char* other : {"Jun  9 00:00:00 web-prod-03 CRON[1204000]: pam_unix(cron:session): session opened for user root",
                            "Jun  9 03:12:40 web-prod-03 sshd[20211]: Invalid user admin from 218.92.0.112 port 41370",
                            "Jun  9 03:12:44 web-prod-03 sshd[20211]: Accepted publickey for deploy from 10.0.0.5 port 50022 ssh2",
                            "not a syslog line at all"}) {
    CAPTURE(other);
    CHECK_FALSE(parse_failed_login(other));
  }
}

TEST_CASE("task-2: failed logins per source address in the bundled auth.log", "[week-01][task-2]") {
  INFO("Hint: exercises/week-01/README.md, task 2 (repeated messages count N times)");
  nlohmann::json truth = nlohmann::json::parse(std::ifstream(aiops::testing::dataset("syslog/truth.json")));
  auto by_ip = aiops::week01::failed_logins_by_ip(aiops::testing::dataset("syslog/auth.log"));
  std::int64_t total = 0;
  for (const auto& [ip, n] : by_ip) total += n;
  CHECK(total == truth["failed_logins_total"].get<std::int64_t>());
  CHECK(by_ip.size() == truth["failed_logins_by_ip"].size());
  for (const auto& [ip, n] : truth["failed_logins_by_ip"].items()) {
    CAPTURE(ip);
    CHECK(by_ip[ip] == n.get<std::int64_t>());
  }
}
