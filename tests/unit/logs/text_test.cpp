// aiops: tests of the plain-text log parser on the lines real loggers write, and on bad input
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include <aiops/logs/reader.hpp>
#include <aiops/logs/text.hpp>

using namespace aiops;
using namespace aiops::logs;

namespace {
// The record's fields as "key=value" joined by '|', for compact checks.
std::string fields(text_parser& parse, std::string_view line) {
  auto r = parse(line);
  if (!r) return "error: " + r.error().message;
  std::string out;
  for (const kv_field& f : *r) out += (out.empty() ? "" : "|") + std::string(f.key) + "=" + std::string(f.value);
  return out;
}
}  // namespace

TEST_CASE("text logs: time, level and message of the usual loggers", "[text]") {
  text_parser parse(2024);
  CHECK(fields(parse, "2024-10-10 13:55:36,123 - app.db - ERROR - connection lost") ==
        "time=2024-10-10T13:55:36.123Z|level=error|msg=connection lost");  // Python's logging
  CHECK(fields(parse, "2024-10-10 13:55:36.123  INFO 1234 --- [main] c.e.App : Started") ==
        "time=2024-10-10T13:55:36.123Z|level=info|msg=1234 --- [main] c.e.App : Started");  // Spring Boot
  CHECK(fields(parse, "2024-10-10 13:55:36,123 [main] WARN  com.example.Cache - evicting") ==
        "time=2024-10-10T13:55:36.123Z|level=warning|msg=com.example.Cache - evicting");  // log4j
  CHECK(fields(parse, "[2024-10-10T13:55:36.5+02:00] [Error] disk full") ==
        "time=2024-10-10T11:55:36.500Z|level=error|msg=disk full");  // bracketed, with a zone
  CHECK(fields(parse, "2024/10/10 13:55:36 listening on :8080") == "time=2024-10-10T13:55:36Z|msg=listening on :8080");  // Go
  CHECK(fields(parse, "2024-10-10T13:55:36Z Information: request served") ==
        "time=2024-10-10T13:55:36Z|level=info|msg=request served");
  CHECK(fields(parse, "2024-10-10T13:55:36.000001-0700 SEVERE: out of memory") ==
        "time=2024-10-10T20:55:36.000001Z|level=error|msg=out of memory");  // java.util.logging's SEVERE
}

TEST_CASE("text logs: klog and CRI container lines", "[text]") {
  text_parser parse(2024);
  CHECK(fields(parse, "E1010 13:55:36.123456    1234 reflector.go:138] failed to list *v1.Pod") ==
        "time=2024-10-10T13:55:36.123456Z|level=error|msg=failed to list *v1.Pod");
  CHECK(fields(parse, "I0229 00:00:01.000000       1 main.go:1] leap day") == "time=2024-02-29T00:00:01Z|level=info|msg=leap day");
  CHECK(fields(parse, "2024-10-10T13:55:36.123456789Z stderr F panic: boom") ==
        "time=2024-10-10T13:55:36.123456789Z|stream=stderr|msg=panic: boom");
  CHECK(fields(parse, "2024-10-10T13:55:36.123456789Z stdout P ") == "time=2024-10-10T13:55:36.123456789Z|stream=stdout|msg=");
  // klog without a year: this year, or the last when this one puts the line more than a day ahead.
  text_parser this_year;
  auto r = this_year("I0101 00:00:00.000000 1 a.go:1] new year");
  REQUIRE(r);
  CHECK(parse_rfc3339(*r->get("time")).value() <= wall_now() + ns_per_day);
  // Feb 29 goes back to a leap year, as syslog's lines without a year do (it failed in other years).
  auto leap = this_year("I0229 00:00:01.000000 1 main.go:1] leap day");
  REQUIRE(leap);
  const civil_time day = to_civil(parse_rfc3339(*leap->get("time")).value());
  CHECK((day.month == 2 && day.day == 29 && is_leap_year(day.year) && day.year <= to_civil(wall_now()).year));
}

TEST_CASE("text logs: short years: Spark, old Hadoop, Android's logcat", "[text]") {
  text_parser parse(2024);
  // Spark's log4j default (yy/MM/dd) and HDFS's "yyMMdd HHmmss" (LogHub's samples), POSIX's %y years.
  CHECK(fields(parse, "17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers") ==
        "time=2017-06-09T20:10:40Z|level=info|msg=executor.CoarseGrainedExecutorBackend: Registered signal handlers");
  CHECK(fields(parse, "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating") ==
        "time=2008-11-09T20:36:15Z|level=info|msg=dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating");
  CHECK(parse_rfc3339(*parse("991231 235959 1 WARN x: y")->get("time")).value() == parse_rfc3339("1999-12-31T23:59:59Z").value());
  // logcat's threadtime ("-v threadtime", the default) and "-v time": no year; the level letter.
  CHECK(fields(parse, "03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken") ==
        "time=2024-03-17T16:13:38.811Z|level=debug|msg=WindowManager: printFreezingDisplayLogsopening app wtoken");
  CHECK(fields(parse, "03-17 16:13:38.811 E/AndroidRuntime( 1702): FATAL EXCEPTION: main") ==
        "time=2024-03-17T16:13:38.811Z|level=error|msg=AndroidRuntime( 1702): FATAL EXCEPTION: main");
  CHECK(fields(parse, "03-17 16:13:38.811  1702  2395 W") == "time=2024-03-17T16:13:38.811Z|level=warning|msg=");
  // Not dates: a month 13, a line of numbers.
  CHECK_FALSE(parse("171309 203615 148 INFO x: y"));
  CHECK_FALSE(parse("13-17 16:13:38.811  1702  2395 D x: y"));
}

TEST_CASE("text logs: a line without a leading date and time fails", "[text]") {
  text_parser parse(2024);
  for (std::string_view bad : {"", "hello world", "2024-10-10 error", "2024-13-10 13:55:36 month 13",
                               "[2024-10-10 13:55:36 no bracket", "10/Oct/2024:13:55:36 +0000 nginx time", "X1010 13:55:36.1 1 a] x"}) {
    INFO(bad);
    auto r = parse(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::bad_timestamp);
    CHECK(r.error().column >= 1);
  }
  // A level word after the fifth word is part of the message.
  CHECK(fields(parse, "2024-10-10 13:55:36 a b c d e error") == "time=2024-10-10T13:55:36Z|msg=a b c d e error");
}

TEST_CASE("text logs: nginx's and Apache's error logs", "[text]") {
  text_parser parse(2024);
  CHECK(fields(parse, "2024/10/10 13:55:36 [error] 1234#0: *5 connect() failed (111: Connection refused)") ==
        "time=2024-10-10T13:55:36Z|level=error|msg=1234#0: *5 connect() failed (111: Connection refused)");
  CHECK(fields(parse, "[Fri Oct 11 14:32:52.123456 2024] [core:error] [pid 42:tid 7] [client 10.0.0.1:5] AH00126: bad URI") ==
        "time=2024-10-11T14:32:52.123456Z|level=error|msg=[pid 42:tid 7] [client 10.0.0.1:5] AH00126: bad URI");
  CHECK(fields(parse, "[Fri Oct 11 14:32:52 2024] [notice] Apache/2.2 configured") ==
        "time=2024-10-11T14:32:52Z|level=notice|msg=Apache/2.2 configured");
  CHECK_FALSE(parse("[Fri Oct 11 14:32:52.123456 2024 missing bracket"));
  CHECK_FALSE(parse("[Fri Foo 11 14:32:52 2024] bad month"));
}

TEST_CASE("text logs: the sweep's real lines", "[text]") {
  text_parser parse(2024);
  // Go's log has no levels: a level word inside the message is not one.
  CHECK(fields(parse, "2024/10/10 13:55:37 http: TLS handshake error from 10.0.0.5:51234: EOF") ==
        "time=2024-10-10T13:55:37Z|msg=http: TLS handshake error from 10.0.0.5:51234: EOF");
  CHECK(fields(parse, "2024/10/10 13:55:38 no error found in config, continuing") ==
        "time=2024-10-10T13:55:38Z|msg=no error found in config, continuing");
  // zap's development console format separates with tabs; its dpanic is critical.
  CHECK(fields(parse, "2024-10-10T13:55:38.789+0200\tERROR\tserver/handler.go:91\trequest failed") ==
        "time=2024-10-10T11:55:38.789Z|level=error|msg=server/handler.go:91\trequest failed");
  CHECK(fields(parse, "2024-10-10T13:55:38Z\tDPANIC\tx") == "time=2024-10-10T13:55:38Z|level=critical|msg=x");
  // PostgreSQL: UTC is read, a zone name without a fixed offset fails the line; LOG is info.
  CHECK(fields(parse, "2024-10-10 13:55:36.123 UTC [1234] LOG:  database system is ready") ==
        "time=2024-10-10T13:55:36.123Z|level=info|msg=database system is ready");
  auto cest = parse("2024-10-10 13:55:40.000 CEST [1300] ERROR:  relation \"users\" does not exist");
  REQUIRE_FALSE(cest);
  CHECK(cest.error().message.find("CEST") != std::string::npos);
  // gunicorn writes a space before its offset.
  CHECK(fields(parse, "[2024-10-10 13:56:07 +0200] [1] [CRITICAL] WORKER TIMEOUT (pid:7)") ==
        "time=2024-10-10T11:56:07Z|level=critical|msg=WORKER TIMEOUT (pid:7)");
}

TEST_CASE("text logs: Tomcat, Rails, Celery and Redis", "[text]") {
  text_parser parse(2024);
  CHECK(fields(parse, "10-Oct-2024 13:55:37.456 SEVERE [main] org.apache.catalina.core.StandardContext.startInternal failed") ==
        "time=2024-10-10T13:55:37.456Z|level=error|msg=[main] org.apache.catalina.core.StandardContext.startInternal failed");
  CHECK(fields(parse, "I, [2024-10-10T13:55:36.123456 #1234]  INFO -- : [a1b2] Started GET \"/users\"") ==
        "time=2024-10-10T13:55:36.123456Z|level=info|msg=[a1b2] Started GET \"/users\"");
  CHECK(fields(parse, "E, [2024-10-10T13:55:38.000001 #1234] ERROR -- app: boom") ==
        "time=2024-10-10T13:55:38.000001Z|level=error|msg=app: boom");
  CHECK(fields(parse, "[2024-10-10 13:55:38,789: ERROR/ForkPoolWorker-1] Task app.tasks.add[1a2b] raised") ==
        "time=2024-10-10T13:55:38.789Z|level=error|msg=Task app.tasks.add[1a2b] raised");
  CHECK(fields(parse, "1:M 10 Oct 2024 13:55:36.123 # Warning: no config file specified") ==
        "time=2024-10-10T13:55:36.123Z|level=warning|msg=Warning: no config file specified");
  CHECK(fields(parse, "1:C 10 Oct 2024 13:55:36.123 * Ready to accept connections tcp") ==
        "time=2024-10-10T13:55:36.123Z|level=notice|msg=Ready to accept connections tcp");
  // Near misses stay bad lines: no month of that name, a bracket that never closes.
  CHECK_FALSE(parse("10-Foo-2024 13:55:37.456 INFO x"));
  CHECK_FALSE(parse("I, [2024-10-10T13:55:36.123456 #1234  INFO -- : x"));
}

TEST_CASE("text logs: lines that start with their level", "[text]") {
  text_parser parse(2024);
  CHECK(fields(parse, "WARNING:myapp.db:slow query") == "level=warning|msg=slow query");  // Python's default format
  CHECK(fields(parse, "ERRO[0002] Failed to connect      error=\"refused\"") == "level=error|msg=Failed to connect      error=\"refused\"");
  CHECK(fields(parse, "error: connect ECONNREFUSED 127.0.0.1:5432 {\"service\":\"api\"}") ==
        "level=error|msg=connect ECONNREFUSED 127.0.0.1:5432 {\"service\":\"api\"}");  // winston
  CHECK(fields(parse, "[WARN] 2024-10-10 13:55:36 disk almost full") == "time=2024-10-10T13:55:36Z|level=warning|msg=disk almost full");
  CHECK(fields(parse, "INFO 2024/10/10 13:55:36 started") == "time=2024-10-10T13:55:36Z|level=info|msg=started");
  // A time of day and a level (log4j2's default): no date, so no time.
  CHECK(fields(parse, "13:55:38.789 [worker-1] ERROR com.example.Db - Connection refused") ==
        "level=error|msg=com.example.Db - Connection refused");
  CHECK_FALSE(parse("13:55:38 just a clock"));
  // A level word that is just a word: lower case without ':', no logger after "LEVEL:", a count in brackets.
  for (std::string_view line : {"error handling is hard", "INFO:no logger", "INFO[12a] x", "Information wants to be free"})
    CHECK_FALSE(parse(line));
}

TEST_CASE("text logs: a stack trace's indented frames continue the record before them", "[text]") {
  text_parser parse(2024);
  for (std::string_view frame : {"\tat com.example.App.main(App.java:12)", "  File \"app.py\", line 3, in <module>", "    raise x"}) {
    auto r = parse(frame);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::continuation);
  }
  // The unindented lines of Java's, Python's and Go's traces continue it too.
  for (std::string_view line :
       {"java.lang.IllegalStateException: boom", "Caused by: java.io.IOException: disk full", "Exception in thread \"main\" java.lang.Error",
        "Traceback (most recent call last):", "ValueError: invalid literal for int() with base 10: 'x'", "KeyboardInterrupt",
        "During handling of the above exception, another exception occurred:", "panic: runtime error: index out of range",
        "goroutine 1 [running]:", "main.(*Server).handle(0xc000010000, {0x6b2f40, 0xc0000a4000})", "created by main.main",
        "main.handler", "go.uber.org/zap.Stack"}) {
    auto r = parse(line);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::continuation);
  }
  // Other lines without a time are bad lines: a name that is no exception's, a call without a package.
  for (std::string_view line : {"nonsense", "Connection: close", "ErrorCount: 3 errors", "run(1)", "Errors seen: 4", "N/A", "1.2.3"})
    CHECK(parse(line).error().code == errc::bad_timestamp);
  // bad_line_summary counts continuations apart.
  bad_line_summary summary;
  summary.add(2, "\tat x", parse("\tat x").error());
  summary.add(3, "nonsense", parse("nonsense").error());
  CHECK(summary.continued == 1);
  CHECK(summary.bad == 1);
  CHECK(summary.examples.size() == 1);
  CHECK(summary.describe().find("1 continuing a record") != std::string::npos);
}

TEST_CASE("text logs: a W3C extended log's directives (IIS) are comments, not bad lines", "[text]") {
  text_parser parse(2024);
  bad_line_summary summary;
  std::size_t n = 0;
  for (std::string_view line : {"#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0", "#Date: 2024-10-10 13:55:36",
                                "#Fields: date time s-ip cs-method cs-uri-stem sc-status time-taken", "#Remark: rotated"}) {
    auto r = parse(line);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::comment);
    summary.add(++n, line, r.error());
  }
  CHECK(parse("2024-10-10 13:55:36 10.0.0.5 GET /default.aspx 200 15"));
  // Other lines that start with '#' are still bad lines.
  for (std::string_view line : {"# a shell comment", "#Fieldset: x", "#Fields"}) CHECK(parse(line).error().code != errc::comment);
  CHECK(summary.comments == 5);
  CHECK(summary.bad == 0);
  CHECK(summary.describe().find("5 headers or markers") != std::string::npos);
}
