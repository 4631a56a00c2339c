// aiops: tests of the streaming accumulators: counter, time_counter, running_stats, quantile_sketch
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include <aiops/frame.hpp>

using namespace aiops;
using namespace aiops::frame;
using i64 = std::int64_t;

TEST_CASE("counter: exact counts and top-k with ties by key", "[stream]") {
  counter<> paths;
  for (const char* p : {"/b", "/a", "/c", "/b", "/a", "/d", "/b"}) paths.add(p);
  CHECK(paths.total() == 7);
  CHECK(paths.size() == 4);
  CHECK(paths.count("/b") == 3);
  CHECK(paths.count("/zzz") == 0);
  auto top = paths.top(3);
  REQUIRE(top.size() == 3);
  CHECK(top[0] == std::pair<std::string, std::uint64_t>{"/b", 3});
  CHECK(top[1] == std::pair<std::string, std::uint64_t>{"/a", 2});
  CHECK(top[2] == std::pair<std::string, std::uint64_t>{"/c", 1});  // "/c" before "/d"
  counter<> more;
  more.add("/d", 5);
  paths.merge(more);
  CHECK(paths.top(1)[0].first == "/d");
  CHECK(paths.total() == 12);
  table t = paths.to_table("path", "hits", 2);
  CHECK(t["path"].strings() == std::vector<std::string>{"/d", "/b"});
  CHECK(t["hits"].int64s() == std::vector<i64>{6, 3});
}

TEST_CASE("counter with integer keys gives an int64 key column", "[stream]") {
  counter<int> status;
  for (int s : {200, 200, 404, 500, 200, 404}) status.add(s);
  table t = status.to_table("status");
  CHECK(t["status"].int64s() == std::vector<i64>{200, 404, 500});
  CHECK(t["count"].int64s() == std::vector<i64>{3, 2, 1});
}

TEST_CASE("time_counter buckets like resample, empty buckets included", "[stream]") {
  const timestamp_ns t0 = to_timestamp({2024, 1, 1, 10, 0, 0});
  time_counter per_minute(ns_per_minute);
  for (int s : {5, 59, 61, 200, 201, 202}) per_minute.add(t0 + s * ns_per_second);
  CHECK(per_minute.total() == 6);
  CHECK(per_minute.size() == 3);
  CHECK(per_minute.span() == 4);
  auto s = per_minute.series();
  REQUIRE(s.size() == 4);
  CHECK(s[0] == std::pair<timestamp_ns, std::uint64_t>{t0, 2});
  CHECK(s[1].second == 1);
  CHECK(s[2] == std::pair<timestamp_ns, std::uint64_t>{t0 + 2 * ns_per_minute, 0});
  CHECK(s[3].second == 3);
  CHECK(per_minute.series(false).size() == 3);
  CHECK(per_minute.peak() == std::pair<timestamp_ns, std::uint64_t>{t0 + 3 * ns_per_minute, 3});
  CHECK(per_minute.first_time() == t0 + 5 * ns_per_second);  // the times themselves, not their minutes
  CHECK(per_minute.last_time() == t0 + 202 * ns_per_second);
  // The same events through a table and resample give the same counts.
  table t;
  std::vector<timestamp_ns> times;
  for (int sec : {5, 59, 61, 200, 201, 202}) times.push_back(t0 + sec * ns_per_second);
  t.add("t", column::timestamps(times));
  CHECK(resample(t, "t", ns_per_minute, {agg::size().as("count")}) == per_minute.to_table("t"));
  time_counter other(ns_per_minute);
  other.add(t0 - 1);  // 09:59:59.999999999
  per_minute.merge(other);
  CHECK(per_minute.series().front().first == t0 - ns_per_minute);
  CHECK(per_minute.first_time() == t0 - 1);
  CHECK(per_minute.last_time() == t0 + 202 * ns_per_second);
  CHECK_THROWS_AS(per_minute.merge(time_counter(ns_per_hour)), std::invalid_argument);
  // A copy counts on its own: adding to it leaves the original alone.
  time_counter copy = per_minute;
  copy.add(t0 + 3 * ns_per_minute);
  per_minute.add(t0 + 3 * ns_per_minute, 10);
  CHECK(copy.peak().second == 4);
  CHECK(per_minute.peak().second == 13);
  time_counter empty(ns_per_hour);
  CHECK(empty.series().empty());
  CHECK(empty.peak().second == 0);
}

TEST_CASE("running_stats matches the two-pass answers and merges", "[stream]") {
  const std::vector<double> x{10, 30, 20, 5, 7.5, 40, 1};
  running_stats all, left, right;
  for (std::size_t i = 0; i < x.size(); ++i) {
    all.add(x[i]);
    (i < 3 ? left : right).add(x[i]);
  }
  all.add(std::nan(""));  // ignored
  left.merge(right);
  for (const running_stats* s : {&all, &left}) {
    CHECK(s->count() == 7);
    CHECK(s->sum() == Approx(113.5));
    CHECK(s->mean() == Approx(16.2142857142857153));
    CHECK(s->stddev() == Approx(14.3870808449141343));  // pandas Series.std()
    CHECK(s->min() == 1);
    CHECK(s->max() == 40);
  }
  running_stats none;
  CHECK(std::isnan(none.mean()));
  CHECK(std::isnan(none.stddev()));
}

TEST_CASE("quantile_sketch stays within its relative error of the exact quantile", "[stream]") {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> latency(-2.0, 1.0);  // seconds, a long right tail
  std::vector<double> exact;
  quantile_sketch a, b;
  for (int i = 0; i < 20000; ++i) {
    const double x = i % 50 == 0 ? 0.0 : latency(rng);  // nginx logs 0.000 for cached responses
    exact.push_back(x);
    (i % 2 ? a : b).add(x);
  }
  a.merge(b);
  std::sort(exact.begin(), exact.end());
  CHECK(a.count() == 20000);
  for (double q : {0.0, 0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
    const double truth = quantile_sorted(exact, q);
    INFO("q = " << q);
    CHECK(std::abs(a.quantile(q) - truth) <= 0.01 * truth + 1e-12);
  }
  CHECK(a.quantile(0) == exact.front());
  CHECK(a.quantile(1) == exact.back());
  CHECK(a.buckets() < 1500);  // bounded by the range of values, not their number
  CHECK_THROWS_AS(a.quantile(1.1), std::invalid_argument);
  CHECK_THROWS_AS(a.merge(quantile_sketch(0.05)), std::invalid_argument);
  CHECK_THROWS_AS(quantile_sketch(0), std::invalid_argument);
}

TEST_CASE("quantile_sketch handles negatives, repeats and tiny inputs", "[stream]") {
  quantile_sketch s(0.02);
  CHECK(std::isnan(s.quantile(0.5)));
  s.add(5);
  CHECK(s.quantile(0.5) == 5);  // clamped to the exact min and max
  for (double x : {-10.0, -1.0, 0.0, 1.0, 10.0}) s.add(x);
  // exact, sorted: -10 -1 0 1 5 10; the median interpolates 0 and 1.
  CHECK(s.quantile(0.5) == Approx(0.5).margin(0.02));
  CHECK(s.quantile(0.2) == Approx(-1).epsilon(0.02));
  s.add(3, 1000);
  CHECK(s.count() == 1006);
  CHECK(s.quantile(0.5) == Approx(3).epsilon(0.02));
}

TEST_CASE("per_key keeps one accumulator per group", "[stream]") {
  per_key<running_stats> by_path;
  by_path["/a"].add(1);
  by_path["/b"].add(10);
  by_path["/a"].add(3);
  per_key<running_stats> other;
  other["/a"].add(5);
  other["/c"].add(7);
  by_path.merge(other);
  CHECK(by_path.size() == 3);
  REQUIRE(by_path.find("/a"));
  CHECK(by_path.find("/a")->mean() == 3);
  CHECK(by_path.find("/zz") == nullptr);
  auto sorted = by_path.sorted();
  CHECK(sorted[0].first == "/a");
  CHECK(sorted[2].first == "/c");
  per_key<quantile_sketch, int> by_status(quantile_sketch(0.05));
  by_status[200].add(1.0);
  CHECK(by_status.find(200)->relative_accuracy() == 0.05);
}

TEST_CASE("string_map finds every key after growing, the empty key included", "[stream]") {
  frame::detail::string_map<int> m;
  CHECK(m.find("x") == nullptr);
  for (int i = 0; i < 5000; ++i) m.get_or_insert("/products/" + std::to_string(i), 0) += i;
  m.get_or_insert("", 7);
  CHECK(m.size() == 5001);
  for (int i = 0; i < 5000; ++i) REQUIRE(*m.find("/products/" + std::to_string(i)) == i);
  CHECK(*m.find("") == 7);
  CHECK(m.find("/products/5000") == nullptr);
  CHECK(m.get_or_insert("/products/42", 0) == 42);  // existing: not reset
  std::size_t seen = 0;
  long long sum = 0;
  m.for_each([&](std::string_view k, int v) {
    ++seen;
    sum += v;
    if (!k.empty()) REQUIRE(k.substr(0, 10) == "/products/");
  });
  CHECK(seen == 5001);
  CHECK(sum == 4999LL * 5000 / 2 + 7);
}

TEST_CASE("string_map tells apart keys that differ in one byte, at every length and position", "[stream]") {
  frame::detail::string_map<int> m;
  int n = 0;
  for (std::size_t size = 0; size <= 48; ++size) {  // short keys, the loop-free 8 to 32 bytes, and longer
    m.get_or_insert(std::string(size, 'q'), 0) = ++n;
    for (std::size_t at = 0; at < size; ++at) {
      std::string key(size, 'q');
      key[at] = 'Z';
      m.get_or_insert(key, 0) = ++n;
    }
  }
  REQUIRE(m.size() == std::size_t(n));
  n = 0;
  for (std::size_t size = 0; size <= 48; ++size) {
    REQUIRE(*m.find(std::string(size, 'q')) == ++n);
    for (std::size_t at = 0; at < size; ++at) {
      std::string key(size, 'q');
      key[at] = 'Z';
      REQUIRE(*m.find(key) == ++n);
    }
  }
  CHECK(m.find(std::string(49, 'q')) == nullptr);
}

TEST_CASE("counters of many keys merge to the counts of one pass, top-k copies only k keys", "[stream]") {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> key_of(0, 20000), length(0, 40);
  std::map<std::string, std::uint64_t> expected;
  counter<> parts[2];
  per_key<running_stats> stats[2];
  for (int i = 0; i < 60000; ++i) {
    const int k = key_of(random);  // keys of 0-40 bytes: every branch of the hash
    const std::string key = std::to_string(k) + std::string(std::size_t(k % 41), 'x');
    ++expected[key];
    parts[i % 3 == 0].add(key);
    stats[i % 3 == 0][key].add(1);
  }
  parts[0].merge(parts[1]);
  stats[0].merge(stats[1]);
  CHECK(parts[0].size() == expected.size());
  CHECK(parts[0].total() == 60000);
  CHECK(stats[0].size() == expected.size());
  for (const auto& [key, n] : expected) {
    REQUIRE(parts[0].count(key) == n);
    REQUIRE(stats[0].find(key)->count() == n);
  }
  std::vector<std::pair<std::string, std::uint64_t>> by_count(expected.begin(), expected.end());
  std::stable_sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  by_count.resize(25);
  CHECK(parts[0].top(25) == by_count);
}
