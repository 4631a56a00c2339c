// aiops: tests of LogHub log-format strings: syntax errors with columns, regex-like matching
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <aiops/nlp/log_format.hpp>

using aiops::nlp::log_format;
using views = std::vector<std::string_view>;

TEST_CASE("log formats of the LogHub systems split their lines", "[nlp][log_format]") {
  views v;
  const log_format hdfs("<Date> <Time> <Pid> <Level> <Component>: <Content>");
  CHECK(hdfs.fields() == std::vector<std::string>{"Date", "Time", "Pid", "Level", "Component", "Content"});
  CHECK(hdfs.content_index() == 5);
  REQUIRE(hdfs.match("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38 terminating", v));
  CHECK(v == views{"081109", "203615", "148", "INFO", "dfs.DataNode$PacketResponder", "PacketResponder 1 for block blk_38 terminating"});

  const log_format ssh(R"(<Date> <Day> <Time> <Component> sshd\[<Pid>\]: <Content>)");
  REQUIRE(ssh.match("Dec  9 06:55:46 LabSZ sshd[24200]: Failed password for root from 1.2.3.4 port 22 ssh2", v));
  CHECK(v == views{"Dec", "9", "06:55:46", "LabSZ", "24200", "Failed password for root from 1.2.3.4 port 22 ssh2"});

  // Android pads PIDs: a run of spaces in the line matches one space of the format.
  const log_format android("<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>");
  REQUIRE(android.match("03-17 16:13:38.811   702  2395 D WindowManager: a: b", v));
  CHECK(v == views{"03-17", "16:13:38.811", "702", "2395", "D", "WindowManager", "a: b"});

  // A field with spaces, literal brackets, and trailing whitespace of the line ignored.
  const log_format apache("[<Time>] [<Module>:<Level>] [pid <Pid>:tid <Tid>] <Content>");
  REQUIRE(apache.match("[Thu Dec 04 04:48:15.320204 2025] [ssl:info] [pid 12:tid 14] [client 1.2.3.4:1] AH02008: x \r", v));
  CHECK(v[0] == "Thu Dec 04 04:48:15.320204 2025");
  CHECK(v[5] == "[client 1.2.3.4:1] AH02008: x");
}

TEST_CASE("LogHub's own formats with regex operators are LogHub's regex, lines are stripped at both ends", "[nlp][log_format]") {
  views v;
  // Linux and Thunderbird in LogHub: the PID is an optional group.
  const log_format linux(R"(<Month> <Date> <Time> <Level> <Component>(\[<PID>\])?: <Content>)");
  REQUIRE(linux.match("Jun  8 13:53:00 combo sshd(pam_unix)[13155]: check pass; user unknown", v));
  CHECK(v == views{"Jun", "8", "13:53:00", "combo", "sshd(pam_unix)", "13155", "check pass; user unknown"});
  REQUIRE(linux.match("Jun  9 06:06:20 combo syslogd 1.4.1: restart.", v));
  CHECK(v[4] == "syslogd 1.4.1");
  CHECK(v[5].empty());  // the optional group did not take part
  const log_format mac(R"(<Month>  <Date> <Time> <User> <Component>\[<PID>\]( \(<Address>\))?: <Content>)");
  REQUIRE(mac.match("Jul  1 09:00:55 calvisitor-10-105-160-95 kernel[0]: IOThunderboltSwitch<0>(0x0)::listenerCallback", v));
  CHECK(v[4] == "kernel");
  CHECK(v[6].empty());  // no " (Address)"
  CHECK(v[7] == "IOThunderboltSwitch<0>(0x0)::listenerCallback");
  CHECK_FALSE(log_format::parse("<Date> <Content>)?"));  // a regex with an unbalanced group: PCRE2's reason
  CHECK(log_format("<Time>|<Component>|<Content>").match("t|c|m", v));  // no group: | is text
  const log_format hdfs("<Date> <Time> <Pid> <Level> <Component>: <Content>");
  REQUIRE(hdfs.match("  081109 203615 148 INFO c: hello world 2", v));  // leading blanks, as LogHub's strip()
  CHECK(v == views{"081109", "203615", "148", "INFO", "c", "hello world 2"});
}

TEST_CASE("fields are lazy but the whole line must match, with backtracking", "[nlp][log_format]") {
  views v;
  const log_format f("<A>: <B>: <Content>");
  REQUIRE(f.match("a: b: c: d", v));
  CHECK(v == views{"a", "b", "c: d"});
  // The first ": " after A leads nowhere unless B takes more: the matcher must try again.
  const log_format g("<A> x <B> y<Content>");
  REQUIRE(g.match("1 x 2 x 3 y!", v));
  CHECK(v == views{"1", "2 x 3", "!"});
  const log_format end("<Content> [end]");
  REQUIRE(end.match("a [end] b [end]", v));
  CHECK(v == views{"a [end] b"});
  CHECK_FALSE(end.match("a [end] b", v));
  REQUIRE(f.match(": : x", v));  // fields may be empty, as (.*?) may
  CHECK(v == views{"", "", "x"});
  CHECK_FALSE(f.match("no colon here", v));
  CHECK_FALSE(log_format("x<Content>").match("y", v));
}

TEST_CASE("long whitespace runs take linear time (a fuzzer found plain backtracking quartic)", "[nlp][log_format]") {
  // Before: a line with 800 blank bytes and no match took 15 s (time grew as the run's 4th
  // power); these lines of 200,000 would not finish within CTest's timeout.
  views v;
  const log_format f("<Date> <Time> <Level> [<Process>] <Component>: <Content>");
  const std::string blanks(200'000, '\f');
  CHECK_FALSE(f.match("20" + blanks + "x y z", v));
  const std::string line = "d" + blanks + "t l [p]\t" + blanks + "c: message" + blanks + "end";  // v views it
  REQUIRE(f.match(line, v));
  CHECK(v == views{"d", "t", "l", "p", "c", "message" + blanks + "end"});
  std::string words;  // every blank a candidate end for every field
  for (int i = 0; i < 100'000; ++i) words += "a ";
  CHECK_FALSE(f.match(words, v));
}

TEST_CASE("bad format strings fail with a column", "[nlp][log_format]") {
  const auto column_of = [](std::string_view spec) {
    const auto r = log_format::parse(spec);
    REQUIRE_FALSE(r);
    return r.error().column;
  };
  CHECK(column_of("<Date> <Time") == 8);
  CHECK(column_of("<Date> <1x> <Content>") == 9);
  CHECK(column_of("<Date><Time> <Content>") == 7);
  CHECK(column_of("<Date> <Date> <Content>") == 9);
  CHECK(column_of("<Date> <Time>") == 14);  // no <Content>
  CHECK(column_of("<Content> \\") == 11);
  CHECK(column_of("<> <Content>") == 2);
  CHECK(log_format::parse("\\<literal\\> <Content>"));
  CHECK_THROWS_AS(log_format("<Date>"), std::invalid_argument);
  std::string many;
  for (int i = 0; i < 64; ++i) many += "<F" + std::to_string(i) + "> ";
  CHECK(column_of(many + "<Content>") == many.size() + 1);
}
