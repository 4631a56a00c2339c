// aiops: tests of CSV reading and writing (RFC 4180, inference, bad rows)
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include <aiops/frame.hpp>

using namespace aiops;
using namespace aiops::frame;
using i64 = std::int64_t;

TEST_CASE("RFC 4180: quotes, doubled quotes, embedded newlines, CRLF", "[csv]") {
  const std::string text =
      "id,msg,ok\r\n"
      "1,\"hello, world\",true\r\n"
      "2,\"she said \"\"hi\"\"\",false\r\n"
      "3,\"two\r\nlines\",TRUE\r\n"
      "4,plain,False\r\n";
  csv_result r = parse_csv(text);
  CHECK(r.bad_rows == 0);
  const table& t = r.data;
  REQUIRE(t.rows() == 4);
  CHECK(t["id"].int64s() == std::vector<i64>{1, 2, 3, 4});
  CHECK(t["msg"].strings() == std::vector<std::string>{"hello, world", "she said \"hi\"", "two\r\nlines", "plain"});
  CHECK(t["ok"].type() == dtype::boolean);
  CHECK(t["ok"].bools() == std::vector<std::uint8_t>{1, 0, 1, 0});
}

TEST_CASE("type inference per column, with nulls", "[csv]") {
  csv_result r = parse_csv(
      "i,f,s,t,n,big\n"
      "1,1.5,x,2024-01-01T00:00:00Z,,99999999999999999999\n"
      "-2,+2,7,10/Oct/2000:13:55:36 -0700,NA,1\n"
      ",3e2,,2024-01-01 00:00:01.5,null,2\n");
  const table& t = r.data;
  CHECK(t["i"].type() == dtype::int64);
  CHECK(t["i"].is_null(2));
  CHECK(t["f"].type() == dtype::float64);
  CHECK(t["f"].doubles() == std::vector<double>{1.5, 2, 300});
  CHECK(t["s"].type() == dtype::string);  // "x" and "7" share only string
  CHECK(t["s"].strings()[1] == "7");
  CHECK(t["s"].is_null(2));
  CHECK(t["t"].type() == dtype::timestamp);
  CHECK(t["t"].int64s()[1] == to_timestamp({2000, 10, 10, 20, 55, 36}));
  CHECK(t["t"].int64s()[2] == to_timestamp({2024, 1, 1, 0, 0, 1, 500000000}));
  CHECK(t["n"].type() == dtype::float64);  // all null, as pandas
  CHECK(t["n"].null_count() == 3);
  CHECK(t["big"].type() == dtype::float64);  // beyond int64
}

TEST_CASE("declared types override inference and cells that do not convert make bad rows", "[csv]") {
  csv_options o;
  o.types = {{"code", dtype::string}, {"ms", dtype::float64}, {"at", dtype::timestamp}};
  csv_result r = parse_csv(
      "code,ms,at\n"
      "007,1,1700000000\n"
      "008,fast,1700000001\n"
      "009,3,yesterday\n"
      "010,4,2023-11-14T22:13:24Z\n",
      o);
  CHECK(r.data.rows() == 2);
  CHECK(r.data["code"].strings() == std::vector<std::string>{"007", "010"});  // leading zeros kept
  CHECK(r.data["ms"].doubles() == std::vector<double>{1, 4});
  CHECK(r.data["at"].int64s()[0] == 1700000000 * ns_per_second);  // declared timestamps take epoch digits
  REQUIRE(r.bad_rows == 2);
  CHECK(r.examples[0].line == 3);
  CHECK(r.examples[0].reason == "column 'ms': 'fast' is not float64");
  CHECK(r.examples[1].line == 4);
  CHECK(r.examples[1].reason == "column 'at': 'yesterday' is not timestamp");
}

TEST_CASE("bad rows are counted with the line where they start", "[csv]") {
  csv_options o;
  o.max_examples = 3;
  csv_result r = parse_csv(
      "a,b\n"             // 1
      "1,2\n"             // 2
      "3\n"               // 3: too few
      "\"x\ny\",4\n"      // 4-5: fine, spans two lines
      "5,6,7\n"           // 6: too many
      "\"ab\"c,8\n"       // 7: junk after a closing quote
      "\n"                // 8: blank, skipped
      "9,10\n"            // 9
      "11,\"unterminated\n12,13\n",  // 10: the quote runs to the end
      o);
  CHECK(r.data.rows() == 3);
  CHECK(r.data["b"].int64s() == std::vector<i64>{2, 4, 10});
  CHECK(r.bad_rows == 4);
  REQUIRE(r.examples.size() == 3);
  CHECK(r.examples[0].line == 3);
  CHECK(r.examples[0].reason == "expected 2 fields, found 1");
  CHECK(r.examples[1].line == 6);
  CHECK(r.examples[1].reason == "expected 2 fields, found 3");
  CHECK(r.examples[2].line == 7);
  CHECK(r.examples[2].reason == "unexpected character after a closing quote at column 5");
  o.max_examples = 10;
  csv_result all = parse_csv("a,b\n11,\"unterminated\n12,13\n", o);
  REQUIRE(all.examples.size() == 1);
  CHECK(all.examples[0].line == 2);
  CHECK(all.examples[0].reason == "unterminated quoted field opened on line 2, column 4");
}

TEST_CASE("headers: BOM, duplicates, empty names, no header", "[csv]") {
  csv_result r = parse_csv("\xEF\xBB\xBF" "a,a,,b\n1,2,3,4\n");
  CHECK(r.data.names() == std::vector<std::string>{"a", "a.1", "Unnamed: 2", "b"});
  csv_options o;
  o.header = false;
  o.delimiter = ';';
  csv_result n = parse_csv("1;x\n2;y", o);
  CHECK(n.data.names() == std::vector<std::string>{"0", "1"});
  CHECK(n.data["0"].int64s() == std::vector<i64>{1, 2});
  CHECK(parse_csv("").data.cols() == 0);
  CHECK(parse_csv("a,b\n").data.rows() == 0);
  CHECK(parse_csv("a,b\n1,").data["b"].is_null(0));  // a last empty field without a newline
  // A header named by a second BOM is quoted on the way out, so it is not skipped as a BOM when read back.
  csv_result bom = parse_csv("\xEF\xBB\xBF\xEF\xBB\xBF\nx\ny\n");
  REQUIRE(bom.data.rows() == 2);
  CHECK(to_csv(bom.data).starts_with("\"\xEF\xBB\xBF\""));
  CHECK(parse_csv(to_csv(bom.data)).data.rows() == 2);
}

TEST_CASE("garbage never crashes the reader", "[csv]") {
  const std::string inputs[] = {"\"", "\"\"\"", ",,,\n\r\n\"", "a\n\"\"x\"", "\r", "a\r\rb\n1\r2\n", std::string(3, '\0')};
  for (const auto& in : inputs) {
    csv_result r = parse_csv(in);
    CHECK(r.data.rows() + r.bad_rows <= 3);
  }
  // A lone CR is data, not a line end.
  csv_result cr = parse_csv("a\nx\ry\n");
  CHECK(cr.data["a"].strings()[0] == "x\ry");
}

TEST_CASE("random CSV-like bytes: every record is a row or a bad row", "[csv]") {
  // Short texts over the characters that matter to the scanner, including NUL and a BOM byte.
  const char alphabet[] = {',', '"', '\n', '\r', 'a', '1', ' ', '\0', '\xEF'};
  std::uint64_t state = 12345;
  const auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  for (int round = 0; round < 3000; ++round) {
    std::string text(next() >> 59, ' ');
    for (char& ch : text) ch = alphabet[(next() >> 33) % sizeof alphabet];
    csv_result r = parse_csv(text);
    const std::size_t records = r.data.rows() + r.bad_rows;
    REQUIRE(records <= text.size());
    for (std::size_t c = 0; c < r.data.cols(); ++c) REQUIRE(r.data.at(c).size() == r.data.rows());
    // What was read writes and reads back as the same table.
    if (r.bad_rows == 0 && r.data.cols() > 0) {
      csv_options same_types;
      for (std::size_t c = 0; c < r.data.cols(); ++c) same_types.types[r.data.names()[c]] = r.data.at(c).type();
      const table again = parse_csv(to_csv(r.data), same_types).data;
      REQUIRE(again.rows() == r.data.rows());
    }
  }
}

TEST_CASE("writing quotes what needs it and reads back the same table", "[csv]") {
  table t;
  t.add("s", std::vector<std::string>{"plain", "a,b", "say \"hi\"", "two\nlines"});
  t.add("x", column::from_values({0.1, null, 1e300, -2.5}));
  t.add("n", std::vector<i64>{1, 2, 3, 4});
  t.add("t", column::timestamps({0, ns_per_second + 5'000'000, 7, 1}));
  t.add("b", std::vector<bool>{true, false, true, true});
  const std::string text = to_csv(t);
  CHECK(text.substr(0, 34) == "s,x,n,t,b\nplain,0.1,1,1970-01-01T0");
  CHECK(text.find("\"a,b\",,2,1970-01-01T00:00:01.005Z,false\n") != std::string::npos);
  CHECK(text.find("\"say \"\"hi\"\"\"") != std::string::npos);
  CHECK(text.find("1970-01-01T00:00:00.000000007Z") != std::string::npos);
  csv_options o;
  o.types = {{"t", dtype::timestamp}};
  csv_result back = parse_csv(text, o);
  CHECK(back.bad_rows == 0);
  CHECK(back.data == t);
  CHECK(to_csv(t, {';', false, "\r\n", "NA"}).substr(0, 34) == "plain;0.1;1;1970-01-01T00:00:00Z;t");
  // A one-column row with a null is not written as a blank line, which would be skipped.
  const table one = table::from_rows({"x"}, {{1.5}, {null}});
  CHECK(to_csv(one) == "x\n1.5\n\"\"\n");
  CHECK(parse_csv(to_csv(one)).data == one);
}

TEST_CASE("files: read, write, and errors for missing files", "[csv]") {
  const std::string path = "frame_csv_test.csv";
  table t = table::from_rows({"k", "v"}, {{"a", 1.5}, {"b", null}});
  write_csv(t, path);
  csv_result r = read_csv(path);
  CHECK(r.data == t);
  std::remove(path.c_str());
  CHECK_THROWS_AS(read_csv("/nonexistent/x.csv"), aiops::error);
  CHECK_THROWS_AS(write_csv(t, std::string("/nonexistent/x.csv")), aiops::error);
}
