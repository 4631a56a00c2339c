// aiops: tests of grok: every standard pattern, real nginx and auth.log lines, custom patterns, types and errors
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <aiops/logs/access.hpp>
#include <aiops/logs/grok.hpp>
#include <aiops/logs/reader.hpp>
#include <aiops/logs/syslog.hpp>

#include "datasets.hpp"
#include "scratch.hpp"

using namespace aiops;
using namespace aiops::logs;

namespace {

grok compile(std::string_view pattern, grok_options options = {}, const grok_library& lib = grok_library::standard()) {
  auto g = grok::compile(pattern, lib, options);
  INFO(pattern << ": " << (g ? "" : g.error().message));
  REQUIRE(g);
  return *g;
}

failure compile_error(std::string_view pattern, const grok_library& lib = grok_library::standard()) {
  auto g = grok::compile(pattern, lib);
  INFO(pattern);
  REQUIRE_FALSE(g);
  return g.error();
}

// Whether `pattern` matches `line` (a grok kept alive only for the call).
bool matches(std::string_view pattern, std::string_view line, grok_options options = {}) {
  const grok g = compile(pattern, options);
  return bool(g.parse(line));
}

// Why `pattern` does not match `line`.
failure mismatch(std::string_view pattern, std::string_view line) {
  const grok g = compile(pattern);
  auto r = g.parse(line);
  INFO(pattern << " on " << line);
  REQUIRE_FALSE(r);
  return r.error();
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Whole strings a pattern matches and whole strings it does not (anchor = full), for both field
// naming schemes unless the pattern differs between them.
struct examples {
  std::vector<std::string> matches;
  std::vector<std::string> rejects;
};

const std::string combined_line =
    R"x(127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)")x";
const std::string common_line = R"(127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326)";
const std::string httpd20_line =
    "[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] client denied by server configuration: /export/home/live/ap/htdocs/test";
const std::string httpd24_line =
    "[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187:52188] File does not exist: "
    "/usr/local/apache2/htdocs/favicon.ico";

const std::map<std::string, examples>& standard_examples() {
  static const std::map<std::string, examples> table = {
      {"USERNAME", {{"alice", "j.doe-2_x"}, {"bob smith", "a@b"}}},
      {"USER", {{"root"}, {"two words"}}},
      {"INT", {{"42", "-7", "+3"}, {"4.2", "x1"}}},
      {"BASE10NUM", {{"3.14", "-0.5", ".5", "12"}, {"1.2.3", "abc"}}},
      {"NUMBER", {{"100", "-2.5"}, {"1,000", "0x10"}}},
      {"BASE16NUM", {{"0x1F", "ff", "-0xA"}, {"0xZZ", "g1"}}},
      {"BASE16FLOAT", {{"0x1.8", "ff.0", "1A"}, {"1.2.3", "zz"}}},
      {"POSINT", {{"1", "8080"}, {"0", "-1", "012"}}},
      {"NONNEGINT", {{"0", "0123"}, {"-1", "1.5"}}},
      {"WORD", {{"hello_world", "abc123"}, {"two words", "a-b"}}},
      {"NOTSPACE", {{"/a/b?c=d", "x"}, {"a b", ""}}},
      {"SPACE", {{"", "  \t"}, {"x"}}},
      {"DATA", {{"", "anything at all"}, {"line\nbreak"}}},
      {"GREEDYDATA", {{"", "anything"}, {"a\nb"}}},
      {"QUOTEDSTRING", {{R"("a \"quoted\" word")", "'single'", "``", "`back`"}, {R"("unterminated)", "no quotes"}}},
      {"QS", {{R"("x")"}, {"x"}}},
      {"UUID", {{"123e4567-e89b-12d3-a456-426614174000"}, {"123e4567-e89b-12d3-a456-42661417400", "g23e4567-e89b-12d3-a456-426614174000"}}},
      {"URN", {{"urn:isbn:0451450523", "urn:ietf:rfc:2648"}, {"urn::x", "isbn:123"}}},
      {"EMAILLOCALPART", {{"john.doe", "a+b"}, {"a b", ".x"}}},
      {"EMAILADDRESS", {{"john.doe@example.com"}, {"john.doe@", "@example.com"}}},
      {"CISCOMAC", {{"0123.4567.89ab"}, {"0123.4567.89"}}},
      {"WINDOWSMAC", {{"01-23-45-67-89-AB"}, {"01:23:45:67:89:AB"}}},
      {"COMMONMAC", {{"01:23:45:67:89:ab"}, {"01-23-45-67-89-ab"}}},
      {"MAC", {{"0123.4567.89ab", "01-23-45-67-89-AB", "01:23:45:67:89:ab"}, {"01:23:45:67:89"}}},
      {"IPV6",
       {{"2001:db8::1", "::1", "fe80::1%eth0", "::ffff:192.0.2.1", "2001:0db8:0000:0000:0000:ff00:0042:8329"},
        {"2001:db8:::1", "12345::1", "1.2.3.4"}}},
      {"IPV4", {{"192.168.0.1", "8.8.8.8", "255.255.255.255"}, {"256.1.1.1", "1.2.3", "1.2.3.4.5"}}},
      {"IP", {{"10.0.0.1", "::1"}, {"example.com"}}},
      {"HOSTNAME", {{"example.com", "web-prod-03", "a.b.c."}, {"-bad.com", "under_score.com"}}},
      {"IPORHOST", {{"10.0.0.1", "db.internal"}, {"bad host"}}},
      {"HOSTPORT", {{"localhost:8080", "10.0.0.1:443"}, {"localhost", "host:0"}}},
      {"PATH", {{"/var/log/syslog", R"(C:\Windows\System32)"}, {"relative/path"}}},
      {"UNIXPATH", {{"/usr/local/bin", "/a/b.c,d~e"}, {"usr/bin", "/a b"}}},
      {"TTY", {{"/dev/pts/1", "/dev/tty0"}, {"/dev/sda1"}}},
      {"WINPATH", {{R"(C:\Program Files\x)", R"(\\server\share)"}, {"/unix/path", "C:"}}},
      {"URIPROTO", {{"https", "svn+ssh"}, {"h", "1http"}}},
      {"URIHOST", {{"example.com:8080", "10.0.0.1"}, {"example.com:"}}},
      {"URIPATH", {{"/index.html", "/a/b;c=d"}, {"no/slash", "/a b"}}},
      {"URIQUERY", {{"a=1&b=2", ""}, {"a b"}}},
      {"URIPARAM", {{"?a=1&b=2", "?"}, {"a=1"}}},
      {"URIPATHPARAM", {{"/search?q=grok", "/x"}, {"search?q=1"}}},
      {"URI", {{"https://user:pw@example.com:8443/a/b?c=d", "http://example.com", "ftp://10.0.0.1/file"}, {"example.com/a", "http:/x"}}},
      {"MONTH", {{"Jan", "January", "Sep", "Dez", "M\xC3\xA4r"}, {"Foo", "Janu"}}},
      {"MONTHNUM", {{"1", "09", "12"}, {"13", "00"}}},
      {"MONTHNUM2", {{"01", "12"}, {"1", "13"}}},
      {"MONTHDAY", {{"1", "09", "31"}, {"32", "00"}}},
      {"DAY", {{"Mon", "Thursday"}, {"Thurs", "Mo"}}},
      {"YEAR", {{"2025", "25"}, {"202", "20255"}}},
      {"HOUR", {{"0", "09", "23"}, {"24"}}},
      {"MINUTE", {{"00", "59"}, {"60", "5"}}},
      {"SECOND", {{"59", "60", "07.123", "7,5"}, {"61"}}},
      {"TIME", {{"23:59:59", "9:05:00", "12:00:60.5"}, {"24:00:00", "12:00"}}},
      {"DATE_US", {{"12/31/2025", "1-2-25"}, {"13/01/2025"}}},
      {"DATE_EU", {{"31.12.2025", "1/2/25"}, {"32.01.2025"}}},
      {"ISO8601_TIMEZONE", {{"Z", "+08:00", "-0530"}, {"UTC", "+8"}}},
      {"ISO8601_SECOND", {{"59", "59.999"}, {"61"}}},
      {"TIMESTAMP_ISO8601",
       {{"2025-06-02T00:00:16Z", "2025-06-02 00:00:16.123+02:00", "2025-06-02T00:00"}, {"2025/06/02T00:00:16", "2025-13-02T00:00:16Z"}}},
      {"TIMESTAMP_CN", {{"2025-06-02 12:34:56.789"}, {"2025-06-02 12:34:56"}}},
      {"DATE", {{"06/02/2025", "02.06.2025"}, {"2025-06-02"}}},
      {"DATESTAMP", {{"06/02/2025 14:12:00", "02.06.2025-14:12:00"}, {"06/02/2025"}}},
      {"TZ", {{"UTC", "PST", "EDT"}, {"GMT", "CEST"}}},
      {"DATESTAMP_RFC822", {{"Mon Jun 02 2025 14:12:00 UTC"}, {"Mon, 02 Jun 2025 14:12:00 +0000"}}},
      {"DATESTAMP_RFC2822", {{"Mon, 02 Jun 2025 14:12:00 +0000"}, {"Mon Jun 02 2025 14:12:00 UTC"}}},
      {"DATESTAMP_OTHER", {{"Mon Jun 02 14:12:00 UTC 2025"}, {"Mon Jun 02 14:12:00 2025"}}},
      {"DATESTAMP_EVENTLOG", {{"20250602141200"}, {"2025-06-02 14:12:00"}}},
      {"HTTPDATE", {{"02/Jun/2025:00:00:16 +0000", "10/Oct/2000:13:55:36 -0700"}, {"02/Jun/2025 00:00:16 +0000", "2025-06-02T00:00:16Z"}}},
      {"SYSLOGTIMESTAMP", {{"Jun  9 00:00:00", "Oct 11 22:14:15"}, {"2025-06-09 00:00:00", "Jun 9"}}},
      {"PROG", {{"sshd", "postfix/smtpd", "systemd-logind"}, {"a b", "x[1]"}}},
      {"SYSLOGPROG", {{"sshd[1234]", "sudo"}, {"sshd[abc]", "sshd[0]"}}},
      {"SYSLOGHOST", {{"web-prod-03", "10.0.0.1"}, {"bad host"}}},
      {"SYSLOGFACILITY", {{"<4.6>"}, {"<4>"}}},
      {"SYSLOGBASE", {{"Jun  9 00:00:00 web-prod-03 CRON[1204000]:"}, {"Jun  9 00:00:00 web-prod-03"}}},
      {"SYSLOGBASE2", {{"Jun  9 00:00:00 web-prod-03 sshd[1]:", "2025-06-09T00:00:00Z web-prod-03"}, {"web-prod-03 sshd[1]:"}}},
      {"SYSLOGLINE", {{"Jun  9 00:00:00 web-prod-03 CRON[1204000]: pam_unix(cron:session): session opened"}, {"not a syslog line"}}},
      {"SYSLOGPAMSESSION",
       {{"Jun  9 00:00:02 web-prod-03 CRON[1204000]: pam_unix(cron:session): session closed for user www-data"},
        {"Jun  9 00:00:02 web-prod-03 sshd[1]: Accepted password for root"}}},
      {"CRON_ACTION", {{"CMD", "RELOAD"}, {"cmd"}}},
      {"CRONLOG",
       {{"Jun  9 00:02:00 web-prod-03 CRON[1204362]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"},
        {"Jun  9 00:02:00 web-prod-03 CRON[1204362]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"}}},
      {"SYSLOG5424PRINTASCII", {{"app-name", "!~"}, {"a b"}}},
      {"SYSLOG5424SD", {{R"([exampleSDID@32473 iut="3"])", "[a][b]"}, {"no brackets"}}},
      {"SYSLOG5424PRI", {{"<165>"}, {"<x>"}}},
      {"SYSLOG5424BASE",
       {{R"(<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"])", "<34>1 - - - - - -"},
        {"<34>x 2003-10-11T22:14:15.003Z host app - - -"}}},
      {"SYSLOG5424LINE",
       {{"<165>1 2003-10-11T22:14:15.003Z host app 1234 ID47 - An application event"}, {"Oct 11 22:14:15 host app: x"}}},
      {"LOGLEVEL", {{"INFO", "warning", "Err", "EMERGENCY"}, {"verbose", "inf0"}}},
      {"HTTPDUSER", {{"alice", "alice@example.com"}, {"two words"}}},
      {"HTTPDERROR_DATE", {{"Wed Oct 11 14:32:52 2000"}, {"Oct 11 14:32:52 2000"}}},
      {"HTTPD_COMMONLOG", {{common_line}, {R"(127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] GET /apache_pb.gif 200 2326)"}}},
      {"HTTPD_COMBINEDLOG", {{combined_line}, {common_line}}},
      {"COMMONAPACHELOG", {{common_line}, {combined_line.substr(0, 40)}}},
      {"COMBINEDAPACHELOG", {{combined_line}, {common_line}}},
      {"HTTPD20_ERRORLOG", {{httpd20_line}, {"[Wed Oct 11 14:32:52 2000] error client denied"}}},
      {"HTTPD24_ERRORLOG", {{httpd24_line}, {"[Fri Sep 09 10:42:29 2011] [error] no pid here"}}},
      {"HTTPD_ERRORLOG", {{httpd20_line, httpd24_line}, {"random text"}}},
  };
  return table;
}

}  // namespace

TEST_CASE("every standard pattern matches its examples and rejects others, with either field naming", "[grok][patterns]") {
  for (const grok_ecs ecs : {grok_ecs::v1, grok_ecs::disabled}) {
    const grok_library& lib = grok_library::standard(ecs);
    CHECK(lib.size() == standard_examples().size());
    for (const std::string_view name : lib.names()) {
      INFO("%{" << name << "}, ecs " << (ecs == grok_ecs::v1 ? "v1" : "disabled"));
      const auto it = standard_examples().find(std::string(name));
      REQUIRE(it != standard_examples().end());  // a new standard pattern needs examples here
      const grok g = compile("%{" + std::string(name) + "}", {.anchor = grok_anchor::full}, lib);
      CHECK(g.jit(0));
      for (const std::string& s : it->second.matches) {
        INFO("should match: " << s);
        auto r = g.parse(s);
        CHECK(r);
      }
      for (const std::string& s : it->second.rejects) {
        INFO("should not match: " << s);
        CHECK_FALSE(g.parse(s));
      }
    }
  }
}

TEST_CASE("the required Logstash patterns are all in the standard library", "[grok][patterns]") {
  for (const char* name :
       {"COMBINEDAPACHELOG", "COMMONAPACHELOG", "HTTPD_COMBINEDLOG", "SYSLOGLINE", "SYSLOGBASE", "SYSLOGTIMESTAMP", "SYSLOGPROG", "IP",
        "IPV4", "IPV6", "HOSTNAME", "IPORHOST", "HOSTPORT", "TIMESTAMP_ISO8601", "HTTPDATE", "NUMBER", "BASE10NUM", "INT", "POSINT",
        "NONNEGINT", "WORD", "NOTSPACE", "SPACE", "DATA", "GREEDYDATA", "QUOTEDSTRING", "QS", "UUID", "LOGLEVEL", "USERNAME", "USER",
        "EMAILADDRESS", "URI", "URIPATH", "URIPARAM", "URIPATHPARAM", "MONTH", "MONTHNUM", "MONTHDAY", "YEAR", "HOUR", "MINUTE",
        "SECOND", "TIME", "DATE", "DATESTAMP", "TZ", "PATH", "UNIXPATH", "MAC"}) {
    INFO(name);
    CHECK(grok_library::standard().find(name));
    CHECK(grok_library::standard(grok_ecs::disabled).find(name));
  }
}

TEST_CASE("COMBINEDAPACHELOG gives the ECS fields of a combined line, typed", "[grok][httpd]") {
  const grok g = compile("%{COMBINEDAPACHELOG}");
  auto r = g.parse(combined_line);
  REQUIRE(r);
  CHECK(r->pattern() == 0);
  CHECK(r->get("source.address") == "127.0.0.1");
  CHECK(r->get("[source][address]") == "127.0.0.1");
  CHECK(r->get("user.name") == "frank");
  CHECK_FALSE(r->get("apache.access.user.identity"));  // "-" is not captured
  CHECK(r->get("timestamp") == "10/Oct/2000:13:55:36 -0700");
  CHECK(r->get("http.request.method") == "GET");
  CHECK(r->get("url.original") == "/apache_pb.gif");
  CHECK(r->get("http.version") == "1.0");
  CHECK(r->integer("http.response.status_code") == 200);
  CHECK(r->find("http.response.status_code")->type == grok_type::integer);
  CHECK(r->integer("[http][response][body][bytes]") == 2326);
  CHECK(r->number("http.version") == 1.0);  // an untyped field read as a number
  CHECK(r->get("http.request.referrer") == "http://www.example.com/start.html");
  CHECK(r->get("user_agent.original") == "Mozilla/4.08 [en] (Win98; I ;Nav)");
  CHECK(r->size() == 10);
  CHECK_FALSE(r->get("clientip"));
  CHECK_FALSE(r->integer("url.original"));
  // Zero copy: the texts are views into the line.
  CHECK(r->get("source.address")->data() == combined_line.data());
  std::vector<std::string_view> names;
  for (const grok_field& f : *r) names.push_back(f.name);
  CHECK(names.front() == "source.address");
  CHECK(names.back() == "user_agent.original");
  CHECK(g.fields().size() == 11);  // the identity too, which this line leaves out
}

TEST_CASE("ecs disabled gives Logstash's older field names", "[grok][httpd]") {
  const grok g = compile("%{COMBINEDAPACHELOG}", {}, grok_library::standard(grok_ecs::disabled));
  auto r = g.parse(combined_line);
  REQUIRE(r);
  CHECK(r->get("clientip") == "127.0.0.1");
  CHECK(r->get("ident") == "-");
  CHECK(r->get("auth") == "frank");
  CHECK(r->get("verb") == "GET");
  CHECK(r->get("request") == "/apache_pb.gif");
  CHECK(r->get("httpversion") == "1.0");
  CHECK(r->get("response") == "200");
  CHECK(r->integer("bytes") == 2326);  // untyped in the legacy patterns, still readable as a number
  CHECK(r->get("referrer") == "\"http://www.example.com/start.html\"");
  CHECK(r->get("agent") == "\"Mozilla/4.08 [en] (Win98; I ;Nav)\"");
}

TEST_CASE("COMBINEDAPACHELOG agrees with access_format on every line of the nginx dataset", "[grok][httpd][dataset]") {
  const grok g = compile("%{COMBINEDAPACHELOG}");
  const auto format = access_format::nginx("combined", {.allow_trailing_text = true}).value();
  const auto lines = read_lines(testing::dataset("nginx/access.log"));
  REQUIRE(lines.size() == 136685);
  std::size_t both = 0, neither = 0, bad_requests = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    INFO("line " << i + 1 << ": " << line);
    auto r = g.parse(line);
    auto a = format.parse(line);
    REQUIRE(bool(r) == bool(a));
    if (!r) {
      ++neither;
      CHECK(r.error().code == errc::syntax);
      continue;
    }
    ++both;
    CHECK(r->get("source.address") == a->remote_addr());
    CHECK(r->get("user.name").value_or("") == a->remote_user());
    CHECK(r->get("timestamp") == a->get("time_local"));
    CHECK(r->integer("http.response.status_code") == a->status());
    CHECK(r->integer("http.response.body.bytes") == a->bytes());
    CHECK(r->get("http.request.referrer").value_or("") == a->referer());
    CHECK(r->get("user_agent.original").value_or("") == a->user_agent());
    if (a->request_line_ok()) {
      CHECK(r->get("http.request.method") == a->method());
      CHECK(std::string(*r->get("url.original")) ==
            std::string(a->path()) + (a->query().empty() ? "" : "?" + std::string(a->query())));
      CHECK("HTTP/" + std::string(r->get("http.version").value_or("")) == a->protocol());
    } else {
      ++bad_requests;  // "\x16\x03\x01...": grok's %{DATA} alternative, no method
      CHECK_FALSE(r->get("http.request.method"));
    }
  }
  CHECK(both == 136682);
  CHECK(neither == 3);  // the truncated lines (datasets/nginx/README.md)
  CHECK(bad_requests == 7);  // the TLS handshakes
}

TEST_CASE("SYSLOGLINE reads every auth.log line as parse_syslog_3164 does", "[grok][syslog][dataset]") {
  const grok g = compile("%{SYSLOGLINE}");
  const auto lines = read_lines(testing::dataset("syslog/auth.log"));
  REQUIRE(lines.size() == 21313);
  std::size_t with_pid = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    INFO("line " << i + 1 << ": " << line);
    auto r = g.parse(line);
    auto s = parse_syslog_3164(line, 2025);
    REQUIRE(r);
    REQUIRE(s);
    CHECK(r->get("timestamp") == std::string_view(line).substr(0, 15));
    CHECK(r->get("host.hostname") == s->host);
    CHECK(r->get("process.name") == s->app);
    if (!s->pid.empty()) {
      ++with_pid;
      CHECK(r->integer("process.pid") == parse_int(s->pid));
    }
    CHECK(trim(*r->get("message")) == trim(s->message));
  }
  CHECK(with_pid > 17000);  // sshd, CRON, systemd-logind, systemd
}

TEST_CASE("SYSLOGBASE2 takes either timestamp into one field, alternatives that do not match set nothing", "[grok][syslog]") {
  const grok g = compile("%{SYSLOGLINE}");
  auto iso = g.parse("2025-06-09T00:00:00.123+00:00 web-01 app[7]: started");
  REQUIRE(iso);
  CHECK(iso->get("timestamp") == "2025-06-09T00:00:00.123+00:00");
  CHECK(iso->integer("process.pid") == 7);
  auto bsd = g.parse("Jun  9 00:00:00 web-01 app: started");
  REQUIRE(bsd);
  CHECK(bsd->get("timestamp") == "Jun  9 00:00:00");
  CHECK_FALSE(bsd->get("process.pid"));
  CHECK(bsd->get("message") == "started");
}

TEST_CASE("custom patterns: raw regex, nested references, pattern files", "[grok][custom]") {
  grok_library lib = grok_library::standard();
  auto added = lib.add_patterns("# postfix\r\n\r\nQUEUEID [0-9A-F]{10,11}\r\n  POSTFIX_QUEUE %{QUEUEID:[postfix][queue_id]}:\t\r\n",
                                "postfix.grok");
  REQUIRE(added);
  CHECK(*added == 2);
  CHECK(*lib.find("POSTFIX_QUEUE") == "%{QUEUEID:[postfix][queue_id]}:\t");  // the rest of the line, '\r' removed
  const grok g = compile(R"(%{SYSLOGBASE} %{POSTFIX_QUEUE}\s*(?<action>\w+)=<%{DATA:email}>)", {}, lib);
  auto r = g.parse("Jun  9 10:00:00 mail postfix/smtpd[99]: 4B2C11A07F1:\tfrom=<alice@example.com>, size=1234");
  REQUIRE(r);
  CHECK(r->get("postfix.queue_id") == "4B2C11A07F1");
  CHECK(r->get("action") == "from");  // a raw named group is a field too
  CHECK(r->get("email") == "alice@example.com");
  CHECK(r->get("process.name") == "postfix/smtpd");

  // The standard library is not changed by adding to a copy of it.
  CHECK_FALSE(grok_library::standard().find("QUEUEID"));
  CHECK_THROWS_AS(lib.add("BAD NAME", "x"), std::invalid_argument);
}

TEST_CASE("pattern files: bad lines fail with their line and column, and add nothing", "[grok][custom]") {
  grok_library lib;
  auto no_regex = lib.add_patterns("A [a-z]+\n# ok\nB   \n", "mine.grok");
  REQUIRE_FALSE(no_regex);
  CHECK(no_regex.error().message == "mine.grok:3: pattern B has no regex after its name");
  CHECK(no_regex.error().column == 5);
  CHECK(lib.size() == 0);
  auto bad_name = lib.add_patterns("A [a-z]+\nB-2 x\n");
  REQUIRE_FALSE(bad_name);
  CHECK(bad_name.error().message.find("<patterns>:2: bad pattern name 'B-2'") == 0);
  CHECK(bad_name.error().column == 1);
  CHECK(lib.size() == 0);

  const aiops::testing::scratch_dir dir("grok");
  const std::string path = (dir / "patterns.grok").string();
  std::ofstream(path) << "GREETING (?:hello|hi)\nTARGET %{NAME:target}\nNAME \\w+\n";
  auto loaded = lib.load(path);
  std::remove(path.c_str());
  REQUIRE(loaded);
  CHECK(*loaded == 3);
  const grok g = compile("%{GREETING:greeting} %{TARGET}", {}, lib);
  auto r = g.parse("hi world");
  REQUIRE(r);
  CHECK(r->get("greeting") == "hi");
  CHECK(r->get("target") == "world");
  CHECK_THROWS_AS(lib.load(path), io_error);
}

TEST_CASE("type conversion: int and float, long and double, what is not a number", "[grok][types]") {
  const grok g = compile("%{NUMBER:a:int} %{NUMBER:b:float} %{INT:c:long} %{NUMBER:d:double} %{NOTSPACE:e}");
  auto r = g.parse("+42 -2.5 -7 0.125 x");
  REQUIRE(r);
  CHECK(r->find("a")->integer == 42);
  CHECK(r->find("b")->type == grok_type::floating);
  CHECK(r->find("b")->floating == -2.5);
  CHECK(r->integer("c") == -7);
  CHECK(r->number("d") == 0.125);
  CHECK(r->number("a") == 42.0);
  CHECK(r->find("e")->type == grok_type::string);
  CHECK_FALSE(r->number("e"));

  // NUMBER matches "1", then the ":int" capture of "1.5": not an integer, so no match.
  const failure fraction = mismatch("%{NUMBER:n:int}", "1.5");
  CHECK(fraction.code == errc::bad_number);
  CHECK(fraction.message == R"(field n: "1.5" is not a 64-bit integer)");
  CHECK(fraction.column == 1);
  CHECK(mismatch("x=%{INT:n:int}", "x=99999999999999999999").column == 3);
  CHECK(mismatch("%{NOTSPACE:f:float}", "nan").code == errc::bad_number);

  // A pattern whose number does not convert counts as not matching: the next one is tried.
  const grok both = *grok::compile({"pid=%{NOTSPACE:pid:int}", "pid=%{NOTSPACE:pid}"});
  auto text_pid = both.parse("pid=abc");
  REQUIRE(text_pid);
  CHECK(text_pid->pattern() == 1);
  CHECK(text_pid->find("pid")->type == grok_type::string);
  CHECK(both.parse("pid=12")->pattern() == 0);
}

TEST_CASE("empty captures are dropped unless kept", "[grok][types]") {
  const std::string line = "user= end";
  const grok drop = compile("user=%{DATA:user} end");
  auto dropped = drop.parse(line);
  REQUIRE(dropped);
  CHECK(dropped->empty());
  const grok keep = compile("user=%{DATA:user} end", {.keep_empty_captures = true});
  auto kept = keep.parse(line);
  REQUIRE(kept);
  CHECK(kept->get("user") == "");
}

TEST_CASE("anchoring: anywhere, at the start, the whole line", "[grok][anchor]") {
  const std::string line = "GET /x 200 extra";
  CHECK(matches("%{URIPATH:path} %{INT:status}", line));
  CHECK_FALSE(matches("%{URIPATH:path} %{INT:status}", line, {.anchor = grok_anchor::start}));
  CHECK(matches("%{WORD:m} %{URIPATH:path}", line, {.anchor = grok_anchor::start}));
  CHECK_FALSE(matches("%{WORD:m} %{URIPATH:path} %{INT:status}", line, {.anchor = grok_anchor::full}));
  const grok full = compile("%{WORD:m} %{URIPATH:path} %{INT:status} %{WORD:rest}", {.anchor = grok_anchor::full});
  auto whole = full.parse(line);
  REQUIRE(whole);
  CHECK(whole->get("rest") == "extra");
}

TEST_CASE("several patterns: the first that matches wins, break_on_match off merges them", "[grok][match]") {
  const std::vector<std::string> patterns = {"%{IP:client} %{WORD:method}", "%{HOSTNAME:client} %{WORD:method}", "%{WORD:method}"};
  const grok g = *grok::compile(patterns);
  CHECK(g.size() == 3);
  CHECK(g.pattern(1) == patterns[1]);
  auto ip = g.parse("10.0.0.1 GET");
  REQUIRE(ip);
  CHECK(ip->pattern() == 0);
  CHECK(ip->size() == 2);
  auto host = g.parse("web.example GET");
  REQUIRE(host);
  CHECK(host->pattern() == 1);
  CHECK(host->get("client") == "web.example");
  auto none = g.parse("!!!");
  REQUIRE_FALSE(none);
  CHECK(none.error().code == errc::syntax);
  CHECK(none.error().message == "no match for any of the 3 patterns");
  CHECK(mismatch("%{IP:ip}", "x").message == "no match for %{IP:ip}");

  const grok all = *grok::compile(patterns, grok_library::standard(), {.break_on_match = false});
  auto merged = all.parse("10.0.0.1 GET");
  REQUIRE(merged);
  CHECK(merged->pattern() == 0);
  CHECK(merged->size() == 5);  // client and method from the first two, method from the third
  CHECK(merged->get("client") == "10.0.0.1");
}

TEST_CASE("errors: unknown pattern, bad reference, cycle, with their position", "[grok][errors]") {
  auto unknown = compile_error("%{IP:ip} %{NOPE:x}");
  CHECK(unknown.code == errc::syntax);
  CHECK(unknown.message == "unknown pattern %{NOPE}");
  CHECK(unknown.column == 10);

  grok_library lib = grok_library::standard();
  lib.add("OUTER", "a %{INNER}").add("INNER", "b %{MISSING}");
  auto nested = compile_error("x %{OUTER:o}", lib);
  CHECK(nested.message == "unknown pattern %{MISSING} in the definition of INNER (character 3), reached through OUTER -> INNER");
  CHECK(nested.column == 3);

  lib.add("A", "%{B}").add("B", "x%{C}").add("C", "%{A}").add("SELF", "a|%{SELF}");
  auto cycle = compile_error("start %{A}", lib);
  CHECK(cycle.message == "pattern cycle: A -> B -> C -> A");
  CHECK(cycle.column == 7);
  CHECK(compile_error("%{SELF}", lib).message == "pattern cycle: SELF -> SELF");

  CHECK(compile_error("a %{WORD").message == "'%{' without its closing '}'");
  CHECK(compile_error("%{}").message.find("bad reference %{}") == 0);
  CHECK(compile_error("%{WORD:}").message.find("bad field name ''") == 0);
  CHECK(compile_error("%{WORD:[a]b}").message.find("bad field name '[a]b'") == 0);
  CHECK(compile_error("%{WORD:a b}").message.find("bad field name 'a b'") == 0);
  auto type = compile_error("%{WORD:w} %{NUMBER:n:bool}");
  CHECK(type.message == "unknown type 'bool' in %{NUMBER:n:bool}: use int or float");
  CHECK(type.column == 11);
  // "\%{" is a literal '%' then '{'.
  CHECK(matches(R"(100\%{2})", "100%%"));

  auto second = grok::compile({"%{IP:ip}", "%{NOPE}"});
  REQUIRE_FALSE(second);
  CHECK(second.error().message == "pattern 2: unknown pattern %{NOPE}");
  CHECK(second.error().column == 1);
  CHECK_THROWS_AS(grok::compile(std::span<const std::string>()), std::invalid_argument);
}

TEST_CASE("errors: a regex PCRE2 rejects, with its message, placed in the pattern or in the library", "[grok][errors]") {
  auto top = compile_error("%{IP:ip} (?<user");
  CHECK(top.message.find("bad regex: syntax error in subpattern name (missing terminator?) (PCRE2 error 142 at offset ") == 0);
  CHECK(top.column == 17);
  auto paren = compile_error("%{WORD:w} ab)");
  CHECK(paren.message.find("bad regex: unmatched closing parenthesis") == 0);
  CHECK(paren.column == 13);
  auto open = compile_error("(%{WORD:w}");
  CHECK(open.message.find("bad regex: missing closing parenthesis") == 0);
  CHECK(open.column == 11);  // the end of the pattern

  // PCRE2 places a missing ']' at the end of the regex: the library pattern at fault is found.
  grok_library lib;
  lib.add("BROKEN", "ab[c").add("USES", "x %{BROKEN}").add("REPEAT", "ab{2,1}c").add("USES2", "x %{REPEAT:r}");
  auto inner = compile_error("start %{USES:u}", lib);
  CHECK(inner.message.find("bad regex: missing terminating ] for character class in the definition of BROKEN (PCRE2 error 106 at ") == 0);
  CHECK(inner.column == 7);
  auto placed = compile_error("start %{USES2:u}", lib);
  CHECK(placed.message.find("bad regex: numbers out of order in {} quantifier in the definition of REPEAT (character 7) (PCRE2 ") == 0);
  CHECK(placed.column == 7);
}

TEST_CASE("errors: limits on fields, size and depth", "[grok][errors]") {
  std::string many;
  for (int i = 0; i <= int(max_grok_fields); ++i) many += "%{INT:f" + std::to_string(i) + "} ";
  auto too_many = compile_error(many);
  CHECK(too_many.code == errc::too_long);
  CHECK(too_many.message == "more than 64 fields");

  grok_library doubling;
  doubling.add("L0", "ab");
  for (int i = 1; i < 20; ++i) doubling.add("L" + std::to_string(i), "%{L" + std::to_string(i - 1) + "}%{L" + std::to_string(i - 1) + "}");
  auto huge = compile_error("x %{L19}", doubling);
  CHECK(huge.code == errc::too_long);
  CHECK(huge.message == "the pattern expands to more than 256 KiB of regex");

  grok_library deep;
  deep.add("D0", "x");
  for (int i = 1; i < 100; ++i) deep.add("D" + std::to_string(i), "%{D" + std::to_string(i - 1) + "}");
  auto nested = compile_error("%{D99}", deep);
  CHECK(nested.code == errc::too_long);
  CHECK(nested.message == "patterns nest more than 64 levels deep");
}

TEST_CASE("field names: bracketed and dotted names are the same field", "[grok][fields]") {
  const grok g = compile("%{IP:[source][ip]} %{INT:destination.port:int} %{WORD:@tag}");
  CHECK(g.fields() == std::vector<std::string_view>{"source.ip", "destination.port", "@tag"});
  auto r = g.parse("10.1.2.3 443 x");
  REQUIRE(r);
  for (const char* name : {"source.ip", "[source][ip]"}) CHECK(r->get(name) == "10.1.2.3");
  CHECK(r->integer("[destination][port]") == 443);
  CHECK_FALSE(r->get("[source]"));
  CHECK_FALSE(r->get("[source][ip"));
  CHECK_FALSE(r->get("source"));
  CHECK(r->get("@tag") == "x");
}

TEST_CASE("grok is a parser for for_each_record: bad lines counted with reasons", "[grok][reader]") {
  const grok g = compile("%{IPORHOST:host} %{INT:status:int}");
  line_reader reader(std::make_unique<memory_source>("10.0.0.1 200\n\nnot-a-line\nweb 99999999999999999999\nweb 404\n"));
  std::map<std::string, long> status;
  auto summary = for_each_record(reader, g, [&](const grok_record& r) { status[std::string(*r.get("host"))] += *r.integer("status"); });
  CHECK(summary.records == 2);
  CHECK(summary.blank == 1);
  CHECK(summary.bad == 2);
  REQUIRE(summary.examples.size() == 2);
  CHECK(summary.examples[0].number == 3);
  CHECK(summary.examples[0].why.code == errc::syntax);
  CHECK(summary.examples[1].number == 4);
  CHECK(summary.examples[1].why.code == errc::bad_number);
  CHECK(summary.examples[1].why.column == 5);
  CHECK(status == std::map<std::string, long>{{"10.0.0.1", 200}, {"web", 404}});
}

TEST_CASE("copies share the compiled patterns, records outlive the grok they came from through a copy", "[grok][lifetime]") {
  static_assert(!std::is_invocable_v<grok&&, std::string_view>, "parsing with a temporary grok would dangle");
  std::optional<grok> original = compile("%{WORD:w}");
  const grok copy = *original;
  const std::string line = "hello";
  auto r = original->parse(line);
  original.reset();
  REQUIRE(r);
  CHECK(r->find("w")->name == "w");
  CHECK(copy.parse("x")->get("w") == "x");
}

TEST_CASE("concurrent parse() from several threads gives the same records", "[grok][threads]") {
  const grok g = compile("%{COMBINEDAPACHELOG}");
  const auto lines = read_lines(testing::dataset("nginx/access.log"));
  auto digest = [&](std::size_t from, std::size_t to) {
    std::size_t sum = 0;
    for (std::size_t i = from; i < to; ++i)
      if (auto r = g.parse(lines[i]))
        for (const grok_field& f : *r) sum = sum * 31 + f.text.size() + std::size_t(f.integer);
    return sum;
  };
  const std::size_t n = 20000;
  const std::size_t expected = digest(0, n);
  std::size_t a = 0, b = 0;
  std::thread t1([&] { a = digest(0, n); });
  std::thread t2([&] { b = digest(0, n); });
  t1.join();
  t2.join();
  CHECK(a == expected);
  CHECK(b == expected);
}
