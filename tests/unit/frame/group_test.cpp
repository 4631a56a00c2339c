// aiops: tests of group-by aggregations, value_counts and describe against pandas 1.5 results
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/frame.hpp>

using namespace aiops::frame;
using i64 = std::int64_t;

namespace {
// The same rows as the pandas session that produced the expected numbers:
// host,status,ms / a,200,10 / b,200,30 / a,500, / a,200,20 / b,404,5 / c,200,7.5 / a,200,40 / ,200,1
table pandas_rows() {
  return parse_csv("host,status,ms\na,200,10\nb,200,30\na,500,\na,200,20\nb,404,5\nc,200,7.5\na,200,40\n,200,1\n").data;
}
}  // namespace

TEST_CASE("group_by one key: every aggregation against pandas", "[group]") {
  table t = pandas_rows();
  // df.groupby("host").agg(size=("ms","size"), count=("ms","count"), ...); the null host is dropped.
  table g = group_by(t, {"host"}).agg({agg::size(), agg::count("ms"), agg::sum("ms"), agg::mean("ms"),
                                       agg::min("ms"), agg::max("ms"), agg::quantile("ms", 0.95),
                                       agg::nunique("status"), agg::stddev("ms")});
  CHECK(g.names() == std::vector<std::string>{"host", "size", "ms_count", "ms_sum", "ms_mean", "ms_min", "ms_max",
                                              "ms_p95", "status_nunique", "ms_std"});
  CHECK(g["host"].strings() == std::vector<std::string>{"a", "b", "c"});
  CHECK(g["size"].int64s() == std::vector<i64>{4, 2, 1});
  CHECK(g["ms_count"].int64s() == std::vector<i64>{3, 2, 1});
  CHECK(g["ms_sum"].doubles() == std::vector<double>{70, 35, 7.5});
  CHECK(g["ms_mean"].doubles()[0] == Approx(23.33333333333333215));
  CHECK(g["ms_mean"].doubles()[1] == 17.5);
  CHECK(g["ms_min"].doubles() == std::vector<double>{10, 5, 7.5});
  CHECK(g["ms_max"].doubles() == std::vector<double>{40, 30, 7.5});
  CHECK(g["ms_p95"].doubles()[0] == Approx(38.0));
  CHECK(g["ms_p95"].doubles()[1] == Approx(28.75));
  CHECK(g["ms_p95"].doubles()[2] == 7.5);
  CHECK(g["status_nunique"].int64s() == std::vector<i64>{2, 2, 1});
  CHECK(g["ms_std"].doubles()[0] == Approx(15.27525231651946669));
  CHECK(g["ms_std"].doubles()[1] == Approx(17.67766952966368876));
  CHECK(g["ms_std"].is_null(2));  // one value: no sample std
}

TEST_CASE("group_by two keys sorted by both with all-null groups", "[group]") {
  table t = pandas_rows();
  grouped by = group_by(t, {"host", "status"});
  CHECK(by.groups() == 5);
  table g = by.agg({agg::size().as("n"), agg::sum("ms").as("s"), agg::median("ms").as("m")});
  CHECK(g["host"].strings() == std::vector<std::string>{"a", "a", "b", "b", "c"});
  CHECK(g["status"].int64s() == std::vector<i64>{200, 500, 200, 404, 200});
  CHECK(g["n"].int64s() == std::vector<i64>{3, 1, 1, 1, 1});
  CHECK(g["s"].doubles() == std::vector<double>{70, 0, 30, 5, 7.5});  // an all-null group sums to 0
  CHECK(g["m"].doubles()[0] == 20);
  CHECK(g["m"].is_null(1));
  CHECK(by.rows(0).size() == 3);
  CHECK(by.rows(0)[2] == 6);
}

TEST_CASE("group sums keep int64 and min or max keep any dtype", "[group]") {
  table t = table::from_rows({"k", "n", "s", "ok"}, {{"x", i64{3}, "pear", true},
                                                     {"y", i64{5}, "apple", false},
                                                     {"x", i64{4}, "fig", false}});
  table g = group_by(t, {"k"}).agg({agg::sum("n"), agg::sum("ok"), agg::min("s"), agg::max("s"), agg::mean("ok")});
  CHECK(g["n_sum"].type() == dtype::int64);
  CHECK(g["n_sum"].int64s() == std::vector<i64>{7, 5});
  CHECK(g["ok_sum"].int64s() == std::vector<i64>{1, 0});
  CHECK(g["s_min"].strings() == std::vector<std::string>{"fig", "apple"});
  CHECK(g["s_max"].strings() == std::vector<std::string>{"pear", "apple"});
  CHECK(g["ok_mean"].doubles() == std::vector<double>{0.5, 0});
  CHECK_THROWS_AS(group_by(t, {"k"}).agg({agg::mean("s")}), std::invalid_argument);
  CHECK_THROWS_AS(group_by(t, {}), std::invalid_argument);
  CHECK_THROWS_AS(agg::quantile("n", 1.5), std::invalid_argument);
  CHECK(agg::quantile("ms", 0.999).output_name() == "ms_p99.9");
}

TEST_CASE("value_counts: count descending, ties by key", "[group]") {
  table t = table::from_rows({"path"}, {{"/b"}, {"/a"}, {"/c"}, {"/b"}, {null}, {"/a"}, {"/d"}});
  table v = value_counts(t, "path");
  CHECK(v["path"].strings() == std::vector<std::string>{"/a", "/b", "/c", "/d"});
  CHECK(v["count"].int64s() == std::vector<i64>{2, 2, 1, 1});
}

TEST_CASE("describe matches pandas", "[group]") {
  table d = describe(pandas_rows());
  CHECK(d.names() == std::vector<std::string>{"stat", "status", "ms"});
  CHECK(d["stat"].strings() ==
        std::vector<std::string>{"count", "mean", "std", "min", "25%", "50%", "75%", "max"});
  // pandas: status 8, 263, 119.44155773551227639, 200, 200, 200, 251, 500
  const std::vector<double> status{8, 263, 119.44155773551227639, 200, 200, 200, 251, 500};
  const std::vector<double> ms{7, 16.2142857142857153, 14.3870808449141343, 1, 6.25, 10, 25, 40};
  for (std::size_t i = 0; i < 8; ++i) {
    CHECK(d["status"].doubles()[i] == Approx(status[i]));
    CHECK(d["ms"].doubles()[i] == Approx(ms[i]));
  }
}

TEST_CASE("quantile_sorted interpolates like numpy", "[group]") {
  const std::vector<double> v{1, 5, 7.5, 10, 20, 30, 40};
  CHECK(quantile_sorted(v, 0.1) == Approx(3.4));
  CHECK(quantile_sorted(v, 0.25) == Approx(6.25));
  CHECK(quantile_sorted(v, 0.9) == Approx(34));
  CHECK(quantile_sorted(v, 0) == 1);
  CHECK(quantile_sorted(v, 1) == 40);
  CHECK(quantile_sorted(std::vector<double>{4}, 0.5) == 4);
}
