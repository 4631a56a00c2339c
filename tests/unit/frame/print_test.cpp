// aiops: tests of the text printer and the optional range-v3 views
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <sstream>

#include <aiops/frame.hpp>
#include <aiops/frame/ranges.hpp>
#include <range/v3/view/filter.hpp>

using namespace aiops::frame;
using i64 = std::int64_t;

TEST_CASE("to_string aligns numbers right and text left", "[print]") {
  table t = table::from_rows({"path", "hits", "ms"}, {{"/", i64{12}, 0.5}, {"/login", i64{3}, null}});
  CHECK(to_string(t) ==
        "path    hits    ms\n"
        "/         12   0.5\n"
        "/login     3  null\n");
  std::ostringstream os;
  os << t;
  CHECK(os.str() == to_string(t));
}

TEST_CASE("to_string cuts long tables and cells", "[print]") {
  std::vector<i64> n;
  for (i64 i = 0; i < 30; ++i) n.push_back(i);
  table t;
  t.add("n", n);
  t.add("s", std::vector<std::string>(30, "abcdefghijklmnop\nqrstuvwxyz"));
  print_options o;
  o.max_rows = 4;
  o.max_width = 10;
  CHECK(to_string(t, o) ==
        " n  s\n"
        " 0  abcdefg...\n"
        " 1  abcdefg...\n"
        "...\n"
        "28  abcdefg...\n"
        "29  abcdefg...\n"
        "[30 rows x 2 columns]\n");
  table timed;
  timed.add("t", column::timestamps({1'500'000'000}));
  timed.add("x", std::vector<double>{1.0 / 3});
  CHECK(to_string(timed) == "                       t         x\n1970-01-01T00:00:01.500Z  0.333333\n");
}

TEST_CASE("to_string pads and cuts by terminal columns: CJK takes two, a cut never splits a character", "[print]") {
  table t = table::from_rows({"user agent", "n"}, {{std::string("日本語のブラウザ"), i64{2}}, {std::string("curl"), i64{10}}});
  CHECK(to_string(t) ==
        "user agent         n\n"
        "日本語のブラウザ   2\n"
        "curl              10\n");
  print_options o;
  o.max_width = 8;  // 5 columns and "...": two wide characters and a half: the half is left out
  CHECK(to_string(table::from_rows({"s"}, {{std::string("日本語のブラウザ")}}), o) == "s\n日本...\n");
}

TEST_CASE("range-v3 views over rows and cells", "[print]") {
  table t = table::from_rows({"ms"}, {{1.0}, {null}, {600.0}, {900.0}});
  int slow = 0;
  for (const row_view& r : rows(t) | ranges::views::filter([](const row_view& r) { return r.number("ms") > 500; }))
    slow += int(r.index());
  CHECK(slow == 2 + 3);
  double sum = 0;
  for (double x : numbers(t["ms"])) sum += x;
  CHECK(sum == 1501);
  int nulls = 0;
  for (const value& v : cells(t["ms"])) nulls += v.index() == 0;
  CHECK(nulls == 1);
}
