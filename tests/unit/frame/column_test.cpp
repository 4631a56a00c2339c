// aiops: tests of frame columns: dtypes, nulls, inference, typed access
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>

#include <aiops/frame.hpp>

using namespace aiops;
using namespace aiops::frame;

TEST_CASE("columns hold one dtype with a validity mask", "[column]") {
  column ints(std::vector<std::int64_t>{1, 2, 3});
  CHECK(ints.type() == dtype::int64);
  CHECK(ints.size() == 3);
  CHECK(ints.null_count() == 0);
  ints.push_back(null);
  ints.push_back(std::int64_t{7});
  CHECK(ints.size() == 5);
  CHECK(ints.is_null(3));
  CHECK(ints.int64s()[3] == 0);  // a null slot holds a default
  CHECK(ints.get(4) == value(std::int64_t{7}));
  CHECK(ints.get(3) == value(null));
  CHECK(ints.number(1) == 2.0);
  CHECK_FALSE(ints.number(3));
  ints.set(0, null);
  CHECK(ints.null_count() == 2);
  CHECK_THROWS_AS(ints.push_back(std::string("x")), std::invalid_argument);
  CHECK_THROWS_AS(ints.doubles(), std::invalid_argument);
}

TEST_CASE("NaN is null, as in pandas", "[column]") {
  column d(std::vector<double>{1.5, std::nan(""), 3});
  CHECK(d.is_null(1));
  CHECK(d.null_count() == 1);
  d.push_back(std::nan(""));
  CHECK(d.is_null(3));
  d.push_back(std::int64_t{4});  // an int64 fits a float64 column
  CHECK(d.get(4) == value(4.0));
}

TEST_CASE("from_values infers the common dtype", "[column]") {
  CHECK(column::from_values({std::int64_t{1}, null, std::int64_t{3}}).type() == dtype::int64);
  CHECK(column::from_values({std::int64_t{1}, 2.5}).type() == dtype::float64);
  CHECK(column::from_values({std::string("a"), null}).type() == dtype::string);
  CHECK(column::from_values({timestamp{5}}).type() == dtype::timestamp);
  CHECK(column::from_values({true, false, null}).type() == dtype::boolean);
  CHECK(column::from_values({null, null}).type() == dtype::float64);
  CHECK(column::from_values({}).size() == 0);
  CHECK_THROWS_AS(column::from_values({std::int64_t{1}, std::string("a")}), std::invalid_argument);
  CHECK_THROWS_AS(column::from_values({true, std::int64_t{1}}), std::invalid_argument);
  // A declared type converts int64 into float64 and refuses the rest.
  CHECK(column::from_values({std::int64_t{1}}, dtype::float64).doubles()[0] == 1.0);
  CHECK_THROWS_AS(column::from_values({std::string("a")}, dtype::int64), std::invalid_argument);
}

TEST_CASE("timestamps and int64 are different cells", "[column]") {
  column t = column::timestamps({to_timestamp({2024, 1, 1}), 0});
  CHECK(t.type() == dtype::timestamp);
  CHECK(t.get(0) == value(timestamp{to_timestamp({2024, 1, 1})}));
  CHECK_FALSE(t.get(1) == value(std::int64_t{0}));
  CHECK_THROWS_AS(t.number(0), std::invalid_argument);
  CHECK_THROWS_AS(t.push_back(std::int64_t{1}), std::invalid_argument);
}

TEST_CASE("take gathers rows and no_row gives null", "[column]") {
  column s(std::vector<std::string>{"a", "b", "c"});
  std::vector<std::size_t> rows{2, no_row, 0, 2};
  column t = s.take(rows);
  CHECK(t.size() == 4);
  CHECK(t.strings()[0] == "c");
  CHECK(t.is_null(1));
  CHECK(t.strings()[3] == "c");
  column bools(std::vector<bool>{true, false});
  bools.append(column(std::vector<bool>{true}));
  CHECK(bools.size() == 3);
  CHECK(bools.get(2) == value(true));
  CHECK_THROWS_AS(bools.append(s), std::invalid_argument);
}

TEST_CASE("columns compare by type, nulls and values", "[column]") {
  column a = column::from_values({std::int64_t{1}, null});
  column b = column::from_values({std::int64_t{1}, null});
  CHECK(a == b);
  b.set(1, std::int64_t{0});
  CHECK_FALSE(a == b);  // 0 is not null although the slot holds 0 in both
  CHECK_FALSE(column(std::vector<std::int64_t>{1}) == column::timestamps({1}));
}
