// aiops: tests of result<T>, the error types and string helpers
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/core.hpp>

using namespace aiops;

TEST_CASE("result holds a value or a failure", "[result]") {
  result<int> ok = 42;
  REQUIRE(ok);
  CHECK(*ok == 42);
  CHECK(ok.value_or(0) == 42);
  result<int> bad = fail(errc::bad_number, "not a number", 7);
  REQUIRE_FALSE(bad);
  CHECK(bad.value_or(-1) == -1);
  CHECK(bad.error().column == 7);
  CHECK(std::string(to_string(bad.error().code)) == "bad_number");
  CHECK_THROWS_AS(bad.value(), parse_error);
}

TEST_CASE("errors carry their position", "[error]") {
  parse_error e("unterminated quote", 12, 5);
  CHECK(e.line() == 12);
  CHECK(e.column() == 5);
  CHECK(std::string(e.what()) == "line 12, column 5: unterminated quote");
  CHECK(e.reason() == "unterminated quote");
  not_implemented stub("week01::parse_combined");
  CHECK(std::string(stub.what()).find("week01::parse_combined") != std::string::npos);
  const error& base = stub;  // every library exception is an aiops::error
  CHECK(base.what() != nullptr);
}

TEST_CASE("string helpers", "[strings]") {
  CHECK(trim("  a b \t\n") == "a b");
  CHECK(split("a,,b", ',').size() == 3);
  CHECK(split_ws("  a  b c ").size() == 3);
  CHECK(parse_int("-12") == -12);
  CHECK_FALSE(parse_int("12x"));
  CHECK_FALSE(parse_int(""));
  CHECK(parse_double("0.25") == 0.25);
  CHECK_FALSE(parse_double("0.25s"));
  CHECK(without_plus("+5") == "5");
  CHECK(without_plus("+inf") == "inf");
  CHECK(without_plus("+-5") == "+-5");  // not a number: left for the parser to refuse
  CHECK(without_plus("++5") == "++5");
  CHECK(without_plus("+") == "+");
  CHECK(is_identifier("job_1"));
  CHECK(is_identifier("_"));
  CHECK_FALSE(is_identifier("1job"));
  CHECK_FALSE(is_identifier("a-b"));
  CHECK_FALSE(is_identifier(""));
  CHECK(iequals("GET", "get"));
  std::vector<std::string> parts{"a", "b"};
  CHECK(join(parts, ", ") == "a, b");
}
