// aiops: tests of tables: building, select, filter, assign, nulls, dedupe, sort
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/frame.hpp>

using namespace aiops::frame;
using i64 = std::int64_t;

namespace {
// host, status, ms; one null ms, one null host.
table requests() {
  return table::from_rows({"host", "status", "ms"}, {{"a", i64{200}, 10.0},
                                                     {"b", i64{200}, 30.0},
                                                     {"a", i64{500}, null},
                                                     {"a", i64{200}, 20.0},
                                                     {"b", i64{404}, 5.0},
                                                     {null, i64{200}, 1.0}});
}
std::vector<std::string> strings_of(const column& c) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < c.size(); ++i) out.push_back(c.is_null(i) ? "null" : c.strings()[i]);
  return out;
}
}  // namespace

TEST_CASE("from_rows infers each column's dtype", "[table]") {
  table t = requests();
  CHECK(t.rows() == 6);
  CHECK(t.cols() == 3);
  CHECK(t.names() == std::vector<std::string>{"host", "status", "ms"});
  CHECK(t["host"].type() == dtype::string);
  CHECK(t["status"].type() == dtype::int64);
  CHECK(t["ms"].type() == dtype::float64);
  CHECK(t["ms"].is_null(2));
  CHECK(t.get(4, "status") == value(i64{404}));
  CHECK_THROWS_AS(t["nope"], std::invalid_argument);
  CHECK_THROWS_AS(table::from_rows({"a", "b"}, {{i64{1}}}), std::invalid_argument);
}

TEST_CASE("from_records fills missing fields with null", "[table]") {
  table t = table::from_records({{{"level", "info"}, {"ms", 3.5}},
                                 {{"ms", i64{4}}, {"user", "bob"}},
                                 {{"level", "error"}}});
  CHECK(t.names() == std::vector<std::string>{"level", "ms", "user"});
  CHECK(t.rows() == 3);
  CHECK(strings_of(t["level"]) == std::vector<std::string>{"info", "null", "error"});
  CHECK(t["ms"].type() == dtype::float64);  // 3.5 and 4 mix to float64
  CHECK(t["ms"].doubles()[1] == 4.0);
  CHECK(t["ms"].is_null(2));
  CHECK(strings_of(t["user"]) == std::vector<std::string>{"null", "bob", "null"});
  CHECK_THROWS_AS(table::from_records({{{"a", i64{1}}, {"a", i64{2}}}}), std::invalid_argument);
}

TEST_CASE("add checks lengths and replaces by name", "[table]") {
  table t;
  t.add("x", std::vector<i64>{1, 2});
  CHECK_THROWS_AS(t.add("y", std::vector<i64>{1}), std::invalid_argument);
  t.add("x", std::vector<double>{1.5, 2.5});
  CHECK(t.cols() == 1);
  CHECK(t["x"].type() == dtype::float64);
  t.remove("x");
  CHECK(t.cols() == 0);
}

TEST_CASE("select, filter by predicate, mask and bool column", "[table]") {
  table t = requests();
  table s = t.select({"ms", "host"});
  CHECK(s.names() == std::vector<std::string>{"ms", "host"});
  // A null ms compares false, as NaN does in pandas.
  table slow = t.filter([](const row_view& r) { return r.number("ms") > 9.0; });
  CHECK(slow.rows() == 3);
  CHECK(strings_of(slow["host"]) == std::vector<std::string>{"a", "b", "a"});
  table by_mask = t.filter(std::vector<bool>{true, false, false, false, false, true});
  CHECK(by_mask["status"].int64s() == std::vector<i64>{200, 200});
  CHECK_THROWS_AS(t.filter(std::vector<bool>{true}), std::invalid_argument);
  table errors = t.assign("error", [](const row_view& r) { return value(*r.int64("status") >= 400); });
  CHECK(errors["error"].type() == dtype::boolean);
  CHECK(errors.filter(errors["error"]).rows() == 2);
  CHECK(t.head(2).rows() == 2);
  CHECK(t.head(100).rows() == 6);
}

TEST_CASE("assign computes a column and leaves the original alone", "[table]") {
  table t = requests();
  table u = t.assign("sec", [](const row_view& r) -> value {
    if (auto ms = r.number("ms")) return *ms / 1000;
    return null;
  });
  CHECK(t.cols() == 3);
  REQUIRE(u.cols() == 4);
  CHECK(u["sec"].doubles()[0] == Approx(0.010));
  CHECK(u["sec"].is_null(2));
  CHECK_THROWS_AS(t.filter([](const row_view& r) { return r.int64("ms") > 1; }), std::invalid_argument);
}

TEST_CASE("drop_nulls and fill_nulls", "[table]") {
  table t = requests();
  CHECK(t.drop_nulls().rows() == 4);
  CHECK(t.drop_nulls({"ms"}).rows() == 5);
  table filled = t.fill_nulls("ms", 0.0).fill_nulls("host", std::string("?"));
  CHECK(filled["ms"].null_count() == 0);
  CHECK(filled["ms"].doubles()[2] == 0.0);
  CHECK(filled["host"].strings()[5] == "?");
  CHECK(t.fill_nulls("ms", i64{7})["ms"].doubles()[2] == 7.0);
  CHECK_THROWS_AS(t.fill_nulls("ms", std::string("x")), std::invalid_argument);
}

TEST_CASE("dedupe keeps the first or last of equal rows and nulls are equal", "[table]") {
  table t = table::from_rows({"k", "v"}, {{"a", i64{1}}, {"b", i64{2}}, {"a", i64{1}}, {null, i64{3}},
                                          {null, i64{3}}, {"a", i64{4}}});
  CHECK(t.dedupe().rows() == 4);
  table by_key = t.dedupe({"k"});
  CHECK(by_key["v"].int64s() == std::vector<i64>{1, 2, 3});
  table last = t.dedupe({"k"}, keep::last);
  CHECK(last["v"].int64s() == std::vector<i64>{2, 3, 4});
  CHECK(table().dedupe().rows() == 0);
}

TEST_CASE("sort_by several keys is stable and puts nulls last", "[table]") {
  table t = requests();
  // pandas: df.sort_values(["status", "ms"], ascending=[False, True]) -> indexes 2, 4, 5, 0, 3, 1
  table s = t.sort_by({{"status", false}, {"ms", true}});
  CHECK(s["status"].int64s() == std::vector<i64>{500, 404, 200, 200, 200, 200});
  CHECK(s["ms"].doubles() == std::vector<double>{0, 5, 1, 10, 20, 30});
  CHECK(s["ms"].is_null(0));
  // Descending still puts the null last; equal keys keep their order (stable).
  table d = t.sort_by({{"ms", false}});
  CHECK(strings_of(d["host"]) == std::vector<std::string>{"b", "a", "a", "b", "null", "a"});
  CHECK(d["ms"].is_null(5));
  table h = t.sort_by({{"host", true}});
  CHECK(strings_of(h["host"]) == std::vector<std::string>{"a", "a", "a", "b", "b", "null"});
  CHECK(h["ms"].doubles()[0] == 10);  // first "a" row stays first
  CHECK(h["ms"].doubles()[2] == 20);
}

TEST_CASE("row_view gives typed cells", "[table]") {
  table t = requests();
  row_view r(t, 5);
  CHECK_FALSE(r.str("host"));
  CHECK(r.is_null("host"));
  CHECK(*r.int64("status") == 200);
  CHECK(*r.number("status") == 200.0);
  CHECK(r["ms"] == value(1.0));
  CHECK_THROWS_AS(r.time("ms"), std::invalid_argument);
  CHECK_THROWS_AS(r.str("ms"), std::invalid_argument);
}
