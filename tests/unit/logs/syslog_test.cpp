// aiops: tests of the RFC 3164 and RFC 5424 syslog parsers (the RFCs' own examples, auth.log lines)
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cstdio>  // std::snprintf
#include <string>
#include <vector>

#include <aiops/logs/syslog.hpp>

using namespace aiops;
using namespace aiops::logs;

TEST_CASE("RFC 3164 examples", "[syslog][3164]") {
  auto r = parse_syslog_3164("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", 2003);
  REQUIRE(r);
  CHECK(r->facility() == 4);
  CHECK(r->severity() == 2);
  CHECK(std::string(severity_name(r->severity())) == "crit");
  CHECK(format_rfc3339(*r->time, 0) == "2003-10-11T22:14:15Z");
  CHECK(r->host == "mymachine");
  CHECK(r->app == "su");
  CHECK(r->pid.empty());
  CHECK(r->message == "'su root' failed for lonvick on /dev/pts/8");

  auto untagged = parse_syslog_3164("<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!", 2024);
  REQUIRE(untagged);
  CHECK(format_rfc3339(*untagged->time, 0) == "2024-02-05T17:32:18Z");
  CHECK(untagged->host == "10.0.0.99");
  CHECK(untagged->app.empty());
  CHECK(untagged->message == "Use the BFG!");

  auto hostless = parse_syslog_3164("<34>Oct 11 22:14:15 su: 'su root' failed", 2003);
  REQUIRE(hostless);
  CHECK(hostless->host.empty());
  CHECK(hostless->app == "su");
  CHECK(hostless->message == "'su root' failed");
}

TEST_CASE("auth.log lines (no PRI, year from the caller)", "[syslog][3164]") {
  const std::vector<std::string> lines = {
      "Nov 29 02:38:36 bastion sshd[20345]: Failed password for invalid user admin from 203.0.113.50 port 52144 ssh2",
      "Nov 29 02:38:40 bastion sshd[20345]: Connection closed by invalid user admin 203.0.113.50 port 52144 [preauth]",
      "Mar  3 06:25:01 web-01 CRON[4123]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
      "Nov 29 02:39:01 bastion systemd-logind[612]: New session 42 of user deploy.",
      "Nov 29 02:39:05 mail postfix/smtpd[1999]: connect from unknown[198.51.100.3]",
      "Nov 29 02:39:07 bastion kernel: [12345.678901] usb 1-1: new high-speed USB device number 2",
  };
  auto a = parse_syslog_3164(lines[0], 2026);
  REQUIRE(a);
  CHECK(a->priority == -1);
  CHECK(a->facility() == -1);
  CHECK(a->host == "bastion");
  CHECK(a->app == "sshd");
  CHECK(a->pid == "20345");
  CHECK(a->message.substr(0, 15) == "Failed password");
  CHECK(format_rfc3339(*a->time, 0) == "2026-11-29T02:38:36Z");

  auto cron = parse_syslog_3164(lines[2], 2026);
  REQUIRE(cron);
  CHECK(format_rfc3339(*cron->time, 0) == "2026-03-03T06:25:01Z");
  CHECK(cron->app == "CRON");
  CHECK(cron->message == "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)");

  CHECK(parse_syslog_3164(lines[3], 2026)->app == "systemd-logind");
  auto postfix = parse_syslog_3164(lines[4], 2026);
  CHECK(postfix->app == "postfix/smtpd");
  CHECK(postfix->message == "connect from unknown[198.51.100.3]");
  auto kernel = parse_syslog_3164(lines[5], 2026);
  CHECK(kernel->app == "kernel");
  CHECK(kernel->pid.empty());
  CHECK(kernel->message == "[12345.678901] usb 1-1: new high-speed USB device number 2");

  // rsyslog's high-precision file format (Ubuntu 24.04's default) has an RFC 3339 time.
  auto precise = parse_syslog_3164(
      "2024-03-01T10:00:00.123456+01:00 web-01 sshd[99]: Accepted publickey for deploy from 10.0.0.2 port 50000 ssh2", 1999);
  REQUIRE(precise);
  CHECK(format_rfc3339(*precise->time, 6) == "2024-03-01T09:00:00.123456Z");
  CHECK(precise->host == "web-01");
  CHECK(precise->pid == "99");
}

TEST_CASE("RFC 3164 without a year: the most recent year that does not put the line in the future", "[syslog][3164]") {
  // "Mon dd hh:mm:ss" of a time, as a syslog line writes it.
  const auto line_at = [](timestamp_ns t) {
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const civil_time c = to_civil(t);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %2d %02d:%02d:%02d host sshd[1]: x", months[c.month - 1], c.day, c.hour, c.minute, c.second);
    return std::string(buf);
  };
  const timestamp_ns now = wall_now() / ns_per_second * ns_per_second;
  const auto earlier = parse_syslog_3164(line_at(now - 3 * ns_per_hour), 0);
  REQUIRE(earlier);
  CHECK(*earlier->time == now - 3 * ns_per_hour);
  // Three days ahead is not now: it is that day of the year before (a December line read in January).
  const timestamp_ns ahead = now + 3 * ns_per_day;
  const auto last_year = parse_syslog_3164(line_at(ahead), 0);
  REQUIRE(last_year);
  CHECK(to_civil(*last_year->time).year == to_civil(ahead).year - 1);
  CHECK(*last_year->time < now);
  const auto leap = parse_syslog_3164("Feb 29 12:00:00 host app: x", 0);  // the last leap year's
  REQUIRE(leap);
  const int y = to_civil(*leap->time).year;
  CHECK((y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
  CHECK(*leap->time < now + ns_per_day);
}

TEST_CASE("malformed RFC 3164 lines", "[syslog][3164]") {
  auto month = parse_syslog_3164("Foo 11 22:14:15 host x: y", 2024);
  REQUIRE_FALSE(month);
  CHECK(month.error().code == errc::bad_timestamp);
  CHECK(month.error().column == 1);
  auto pri = parse_syslog_3164("<999>Oct 11 22:14:15 host x: y", 2024);
  REQUIRE_FALSE(pri);
  CHECK(pri.error().code == errc::syntax);
  CHECK(parse_syslog_3164("<34", 2024).error().code == errc::unexpected_end);
  CHECK(parse_syslog_3164("<034>Oct 11 22:14:15 host x: y", 2024).error().code == errc::syntax);
  CHECK(parse_syslog_3164("Oct 11 22:14", 2024).error().code == errc::unexpected_end);
  CHECK(parse_syslog_3164("Oct 11 22:14:15", 2024).error().code == errc::unexpected_end);
  CHECK(parse_syslog_3164("Feb 30 22:14:15 host x: y", 2024).error().code == errc::bad_timestamp);
  CHECK(parse_syslog_3164("Oct 11 22:14:15.123 host x", 2024).error().column == 16);
  CHECK_FALSE(parse_syslog_3164("", 2024));
  // A date alone is no syslog time: Python's logging line is not syslog with "13:55:36,123" for a host.
  CHECK(parse_syslog_3164("2024-10-10 13:55:36,123 - app - ERROR - lost", 2024).error().code == errc::bad_timestamp);
  CHECK(parse_syslog_3164("2024-10-10t13:55:36.5+02:00 host app: x", 2024));  // RFC 3339 allows the lower case t
}

TEST_CASE("journalctl's markers between records are comments, not bad lines", "[syslog]") {
  for (std::string_view line : {"-- Logs begin at Thu 2024-10-10 13:00:00 CEST, end at Thu 2024-10-10 14:00:00 CEST. --",
                                "-- Boot 3f1e2d8c9b7a4c6d8e0f1a2b3c4d5e6f --", "-- No entries --", "-- Reboot --"}) {
    auto r = parse_syslog(line, 2024);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::comment);
  }
  CHECK(parse_syslog("-- Boot", 2024).error().code != errc::comment);
  CHECK(parse_syslog("Oct 11 22:14:15 host app: -- marker --", 2024));
}

TEST_CASE("RFC 5424 examples from the RFC", "[syslog][5424]") {
  auto one = parse_syslog_5424(
      "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \xEF\xBB\xBF'su root' failed for lonvick on /dev/pts/8");
  REQUIRE(one);
  CHECK(one->version == 1);
  CHECK(one->facility() == 4);
  CHECK(one->severity() == 2);
  CHECK(format_rfc3339(*one->time, 3) == "2003-10-11T22:14:15.003Z");
  CHECK(one->host == "mymachine.example.com");
  CHECK(one->app == "su");
  CHECK(one->pid.empty());
  CHECK(one->msgid == "ID47");
  CHECK(one->sd.empty());
  CHECK(one->bom);
  CHECK(one->message == "'su root' failed for lonvick on /dev/pts/8");

  auto two = parse_syslog_5424("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
  REQUIRE(two);
  CHECK(two->facility() == 20);
  CHECK(two->severity() == 5);
  CHECK(format_rfc3339(*two->time, 6) == "2003-08-24T12:14:15.000003Z");
  CHECK(two->pid == "8710");
  CHECK(two->msgid.empty());
  CHECK_FALSE(two->bom);
  CHECK(two->message == "%% It's time to make the do-nuts.");

  auto three = parse_syslog_5424(
      "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" "
      "eventSource=\"Application\" eventID=\"1011\"] \xEF\xBB\xBF" "An application event log entry...");
  REQUIRE(three);
  CHECK(three->sd.find("exampleSDID@32473", "eventSource") == "Application");
  CHECK(three->sd.find("exampleSDID@32473", "iut") == "3");
  CHECK_FALSE(three->sd.find("exampleSDID@32473", "missing"));
  CHECK(three->message == "An application event log entry...");

  auto four = parse_syslog_5424(
      "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" "
      "eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]");
  REQUIRE(four);
  CHECK(four->message.empty());
  std::vector<std::string> ids, params;
  four->sd.for_each_element([&](std::string_view id) { ids.emplace_back(id); });
  four->sd.for_each_param([&](const sd_param& p) { params.push_back(std::string(p.id) + "/" + std::string(p.name) + "=" + std::string(p.raw_value)); });
  CHECK(ids == std::vector<std::string>{"exampleSDID@32473", "examplePriority@32473"});
  CHECK(params == std::vector<std::string>{"exampleSDID@32473/iut=3", "exampleSDID@32473/eventSource=Application",
                                           "exampleSDID@32473/eventID=1011", "examplePriority@32473/class=high"});
}

TEST_CASE("RFC 5424 escapes, NILVALUE and elements without parameters", "[syslog][5424]") {
  auto r = parse_syslog_5424(R"(<14>1 2026-11-29T02:38:36+08:00 host app 42 - [origin@1 note="say \"hi\" \\ and \] done" x="a\b"][meta@1] hello)");
  REQUIRE(r);
  auto note = r->sd.find("origin@1", "note");
  REQUIRE(note);
  CHECK(unescape_sd_value(*note) == R"(say "hi" \ and ] done)");
  CHECK(unescape_sd_value(*r->sd.find("origin@1", "x")) == R"(a\b)");
  int elements = 0;
  r->sd.for_each_element([&](std::string_view) { ++elements; });
  CHECK(elements == 2);
  CHECK(r->message == "hello");

  auto nil = parse_syslog_5424("<14>1 - - - - - -");
  REQUIRE(nil);
  CHECK_FALSE(nil->time);
  CHECK(nil->host.empty());
  CHECK(nil->app.empty());
  CHECK(nil->message.empty());
}

TEST_CASE("malformed RFC 5424 lines", "[syslog][5424]") {
  auto column = [](std::string_view line) { return parse_syslog_5424(line).error().column; };
  CHECK(column("<14>0 - - - - - -") == 5);
  CHECK(parse_syslog_5424("<14>1 2003-13-11T22:14:15Z h a p m -").error().code == errc::bad_timestamp);
  CHECK(column("<14>1 2003-13-11T22:14:15Z h a p m -") == 7);
  CHECK(parse_syslog_5424("<14>1 - " + std::string(256, 'h') + " a p m -").error().message.find("HOSTNAME") != std::string::npos);
  CHECK(parse_syslog_5424("<14>1 - h a p " + std::string(33, 'm') + " -").error().code == errc::syntax);
  CHECK(parse_syslog_5424("<14>1 - h a p m [x@1 a=\"b\"").error().code == errc::unexpected_end);
  CHECK(parse_syslog_5424("<14>1 - h a p m [x@1 a=\"b").error().code == errc::unexpected_end);
  CHECK(parse_syslog_5424("<14>1 - h a p m [ a=\"b\"]").error().code == errc::syntax);
  CHECK(parse_syslog_5424("<14>1 - h a p m [x@1 a=b]").error().code == errc::syntax);
  CHECK(column("<14>1 - h a p m [x@1]msg") == 22);
  CHECK(column("<14>1 - h a p m x") == 17);
  CHECK(parse_syslog_5424("<14>1 - h a p").error().code == errc::unexpected_end);
  CHECK(parse_syslog_5424("<14>1 - h\x01 a p m -").error().code == errc::syntax);
  CHECK_FALSE(parse_syslog_5424("Oct 11 22:14:15 host app: x"));
  CHECK(parse_syslog_5424("<14>1 2003-10-11 h a p m -").error().code == errc::bad_timestamp);  // the date alone
}

TEST_CASE("parse_syslog tells the two formats apart", "[syslog]") {
  syslog_parser parse{2025};
  CHECK(parse("<165>1 2003-10-11T22:14:15.003Z host app - - - msg")->version == 1);
  CHECK(parse("<34>Oct 11 22:14:15 host su: msg")->version == 0);
  CHECK(parse("Oct 11 22:14:15 host su: msg")->version == 0);
  CHECK(format_rfc3339(*parse("Jan  1 00:00:00 host su: msg")->time, 0) == "2025-01-01T00:00:00Z");
}
