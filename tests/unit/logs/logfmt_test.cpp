// aiops: tests of the logfmt parser
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include <aiops/logs/logfmt.hpp>

using namespace aiops;
using namespace aiops::logs;

TEST_CASE("logfmt: bare and quoted values, flags, empty values", "[logfmt]") {
  logfmt_parser parse;
  auto r = parse(R"(level=info msg="hello world" duration=1.5s debug empty= quoted="")");
  REQUIRE(r);
  REQUIRE(r->size() == 6);
  CHECK(r->get("level") == "info");
  CHECK(r->get("msg") == "hello world");
  CHECK(r->get("duration") == "1.5s");
  CHECK_FALSE(r->number("duration"));
  CHECK(r->find("debug")->kind == value_kind::none);
  CHECK(r->get("empty") == "");
  CHECK(r->find("empty")->kind == value_kind::string);
  CHECK(r->get("quoted") == "");
}

TEST_CASE("logfmt: a Heroku router line", "[logfmt]") {
  logfmt_parser parse;
  auto r = parse(
      R"(at=info method=GET path="/" host=myapp.herokuapp.com request_id=8601b555-6a83-4c12-8269-97c8e32cdb22 fwd="204.204.204.204" dyno=web.1 connect=1ms service=18ms status=200 bytes=13 protocol=https)");
  REQUIRE(r);
  CHECK(r->size() == 12);
  CHECK(r->number("status") == 200);
  CHECK(r->get("fwd") == "204.204.204.204");
  CHECK(r->get("path") == "/");
}

TEST_CASE("logfmt: escapes, tabs, '=' in bare values", "[logfmt]") {
  logfmt_parser parse;
  auto r = parse("msg=\"say \\\"hi\\\"\\n\\u00e9\"\tk=a=b  trailing ");
  REQUIRE(r);
  CHECK(r->get("msg") == "say \"hi\"\n\xC3\xA9");
  CHECK(r->get("k") == "a=b");
  CHECK(r->find("trailing")->kind == value_kind::none);
  CHECK(parse("")->empty());
  CHECK(parse("   ")->empty());
}

TEST_CASE("logfmt: malformed lines", "[logfmt]") {
  logfmt_parser parse;
  auto check = [&](const std::string& line, errc code, std::size_t column) {
    auto r = parse(line);
    INFO(line);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == code);
    CHECK(r.error().column == column);
  };
  check(R"(a="unterminated)", errc::unexpected_end, 3);
  check(R"(a="ends with backslash\")", errc::unexpected_end, 3);
  check("=x", errc::syntax, 1);
  check(R"(a="x"y)", errc::syntax, 6);
  check(R"(a=b"c)", errc::syntax, 4);
  check(R"("quoted"=key)", errc::syntax, 1);
  check(R"(ke"y=1)", errc::syntax, 3);
}
