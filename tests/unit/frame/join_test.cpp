// aiops: tests of inner and left joins
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/frame.hpp>

using namespace aiops::frame;
using i64 = std::int64_t;

namespace {
table hits() {
  return table::from_rows({"host", "n"}, {{"web1", i64{10}}, {"db1", i64{3}}, {"web2", i64{7}}, {null, i64{1}},
                                          {"web1", i64{5}}});
}
table owners() {
  return table::from_rows({"host", "team", "n"}, {{"web1", "front", i64{100}}, {"db1", "data", i64{200}},
                                                  {"web1", "ops", i64{300}}, {null, "nobody", i64{0}}});
}
}  // namespace

TEST_CASE("inner join: left order, one row per match, suffixes", "[join]") {
  table j = join(hits(), owners(), {"host"});
  // pandas: hits.merge(owners, on="host", how="inner") with suffixes _x/_y, rows in left order.
  CHECK(j.names() == std::vector<std::string>{"host", "n_x", "team", "n_y"});
  CHECK(j["host"].strings() == std::vector<std::string>{"web1", "web1", "db1", "web1", "web1"});
  CHECK(j["n_x"].int64s() == std::vector<i64>{10, 10, 3, 5, 5});
  CHECK(j["team"].strings() == std::vector<std::string>{"front", "ops", "data", "front", "ops"});
  CHECK(j["n_y"].int64s() == std::vector<i64>{100, 300, 200, 100, 300});
}

TEST_CASE("left join keeps unmatched rows with nulls and null keys match nothing", "[join]") {
  table j = join(hits(), owners(), {"host"}, join_how::left);
  CHECK(j.rows() == 7);
  CHECK(j["n_x"].int64s() == std::vector<i64>{10, 10, 3, 7, 1, 5, 5});
  CHECK(j["team"].is_null(3));  // web2 has no owner
  CHECK(j["team"].is_null(4));  // a null host matches nothing, not even the null owner
  CHECK(j["n_y"].is_null(4));
  CHECK(j["host"].is_null(4));
}

TEST_CASE("join on two keys and type checks", "[join]") {
  table a = table::from_rows({"k1", "k2", "x"}, {{"a", i64{1}, 1.0}, {"a", i64{2}, 2.0}, {"b", i64{1}, 3.0}});
  table b = table::from_rows({"k1", "k2", "y"}, {{"a", i64{2}, "two"}, {"b", i64{1}, "one"}, {"b", i64{2}, "x"}});
  table j = join(a, b, {"k1", "k2"});
  CHECK(j["x"].doubles() == std::vector<double>{2, 3});
  CHECK(j["y"].strings() == std::vector<std::string>{"two", "one"});
  table wrong = table::from_rows({"k1", "k2"}, {{i64{1}, i64{2}}});
  CHECK_THROWS_AS(join(a, wrong, {"k1"}), std::invalid_argument);
  CHECK_THROWS_AS(join(a, b, {}), std::invalid_argument);
  CHECK_THROWS_AS(join(a, b, {"x"}), std::invalid_argument);
  CHECK(join(a.head(0), b, {"k1"}).rows() == 0);
}
