// aiops: tests of the JSON-lines parser: flattening, unescaping, numbers, limits and errors
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include <aiops/logs/json.hpp>

using namespace aiops;
using namespace aiops::logs;

TEST_CASE("JSON lines: nested objects flattened, arrays raw, scalars kept", "[json]") {
  json_parser parse;
  const std::string line =
      R"({"ts":"2026-11-29T02:38:36Z","level":"error","msg":"db \"timeout\"","http":{"status":503,"latency_ms":12.5,"req":{"method":"GET"}},"tags":["a", {"b":[1,2]}],"ok":false,"user":null,"n":-0.5e+3})";
  auto r = parse(line);
  REQUIRE(r);
  REQUIRE(r->size() == 10);
  CHECK(r->get("ts") == "2026-11-29T02:38:36Z");
  CHECK(r->get("msg") == R"(db "timeout")");
  CHECK(r->get("http.status") == "503");
  CHECK(r->find("http.status")->kind == value_kind::number);
  CHECK(r->number("http.latency_ms") == 12.5);
  CHECK(r->get("http.req.method") == "GET");
  CHECK(r->get("tags") == R"(["a", {"b":[1,2]}])");
  CHECK(r->find("tags")->kind == value_kind::array);
  CHECK(r->find("ok")->kind == value_kind::boolean);
  CHECK(r->get("ok") == "false");
  CHECK(r->find("user")->kind == value_kind::null);
  CHECK(r->number("n") == -500.0);
  CHECK_FALSE(r->get("http"));
  CHECK((*r)[0].key == "ts");
  // Unescaped-free keys and values are views into the line.
  CHECK(r->get("level")->data() > line.data());
  CHECK(r->get("level")->data() < line.data() + line.size());
}

TEST_CASE("JSON strings: escapes, u-escapes and surrogate pairs into UTF-8", "[json]") {
  json_parser parse;
  auto r = parse(R"({"s":"caf\u00e9 \ud83d\ude00 tab\there\nline \/ \\", "lone":"\ud800x", "low":"\udc00", "a\u0062":{"c":1}})");
  REQUIRE(r);
  CHECK(r->get("s") == "caf\xC3\xA9 \xF0\x9F\x98\x80 tab\there\nline / \\");
  CHECK(r->get("lone") == "\xEF\xBF\xBDx");
  CHECK(r->get("low") == "\xEF\xBF\xBD");
  CHECK(r->get("ab.c") == "1");
}

TEST_CASE("JSON: empty objects, duplicate keys, white space, reuse", "[json]") {
  json_parser parse;
  auto empty = parse("  {}  ");
  REQUIRE(empty);
  CHECK(empty->empty());
  auto nested_empty = parse(R"({"a":{},"b":{"c":{}}})");
  REQUIRE(nested_empty);
  CHECK(nested_empty->find("a")->kind == value_kind::object);
  CHECK(nested_empty->get("b.c") == "{}");
  auto dup = parse(R"({"k":1,"k":2})");
  CHECK(dup->get("k") == "2");
  CHECK(parse("\t{ \"a\" : [ ] , \"b\" : { \"c\" : true } }\r")->get("b.c") == "true");
  // The record of the last call stays right after many calls that grew the buffers.
  for (int i = 0; i < 100; ++i) REQUIRE(parse(R"({"x":{"y":"\u0041)" + std::to_string(i) + R"("}})"));
  auto last = parse(R"({"x":{"y":"\u0041z"},"q":"\""})");
  CHECK(last->get("x.y") == "Az");
  CHECK(last->get("q") == "\"");
}

TEST_CASE("JSON: depth and size limits", "[json]") {
  auto nested = [](int depth) {
    std::string s;
    for (int i = 0; i < depth; ++i) s += R"({"k":)";
    s += "1";
    for (int i = 0; i < depth; ++i) s += "}";
    return s;
  };
  json_parser parse;
  CHECK(parse(nested(64)));
  auto deep = parse(nested(65));
  REQUIRE_FALSE(deep);
  CHECK(deep.error().code == errc::too_long);
  CHECK(parse(R"({"a":)" + std::string(64, '[') + std::string(64, ']') + "}").error().code == errc::too_long);
  json_parser small(json_options{64, 100});
  auto big = small(R"({"a":{"b":")" + std::string(200, 'x') + R"(\n"}})");
  REQUIRE_FALSE(big);
  CHECK(big.error().code == errc::too_long);
}

TEST_CASE("JSON: malformed lines give column and reason", "[json]") {
  json_parser parse;
  auto check = [&](const std::string& line, errc code, std::size_t column) {
    auto r = parse(line);
    INFO(line);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == code);
    CHECK(r.error().column == column);
  };
  check("", errc::unexpected_end, 1);
  check("   ", errc::unexpected_end, 4);
  check("[1,2]", errc::syntax, 1);
  check(R"({"a":1,})", errc::syntax, 8);
  check(R"({"a" 1})", errc::syntax, 6);
  check(R"({"a":tru})", errc::syntax, 6);
  check(R"({"a":01})", errc::syntax, 7);
  check(R"({"a":1.})", errc::syntax, 8);
  check(R"({"a":-})", errc::syntax, 7);
  check(R"({"a":1e})", errc::syntax, 8);
  check(R"({"a":"x)", errc::unexpected_end, 8);
  check(R"({"a":1)", errc::unexpected_end, 7);
  check(R"({"a":1} x)", errc::syntax, 9);
  check("{\"a\":\"x\ty\"}", errc::syntax, 8);
  check(R"({"a":"\q"})", errc::syntax, 7);
  check(R"({"a":"\u12"})", errc::syntax, 7);
  check(R"({a:1})", errc::syntax, 2);
  check(R"({"a":[1 2]})", errc::syntax, 9);
  check(R"({"a":{"b" 1}})", errc::syntax, 11);
  check(R"({"a":})", errc::syntax, 6);
}
