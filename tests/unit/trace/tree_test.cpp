// aiops: span trees: parent links, orphans and cycles, self time, critical path
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/trace/tree.hpp>

#include "fixtures.hpp"

namespace trace = aiops::trace;
using trace_fixtures::make;

namespace {

// A [0,100] -> B [10,40], C [30,90]; C -> D [40,60]; spans given out of order.
std::vector<trace::span> diamond() {
  return {make(4, 3, "d", 40, 60), make(1, 0, "a", 0, 100), make(3, 1, "c", 30, 90), make(2, 1, "b", 10, 40)};
}

std::size_t index_of(const trace::trace_tree& t, const std::string& service) {
  for (std::size_t i = 0; i < t.spans.size(); ++i)
    if (t.spans[i].service == service) return i;
  return trace::no_span;
}

}  // namespace

TEST_CASE("tree: spans sorted by start, parents and children linked") {
  const auto t = trace::build_tree(diamond());
  REQUIRE(t.spans.size() == 4);
  CHECK(t.spans[0].service == "a");
  CHECK(t.roots == std::vector<std::size_t>{0});
  CHECK(t.children[0] == std::vector<std::size_t>{1, 2});  // b then c, in start order
  CHECK(t.parent[index_of(t, "d")] == index_of(t, "c"));
  CHECK(t.duration_ns() == 100'000'000);
}

TEST_CASE("tree: self time counts overlapping children once") {
  const auto t = trace::build_tree(diamond());
  const auto times = trace::self_times(t);
  CHECK(times[index_of(t, "a")].child_ns == 80'000'000);  // [10,40] u [30,90]
  CHECK(times[index_of(t, "a")].self_ns == 20'000'000);
  CHECK(times[index_of(t, "c")].self_ns == 40'000'000);
  CHECK(times[index_of(t, "d")].self_ns == 20'000'000);
}

TEST_CASE("tree: the critical path follows the last child to finish and tiles the root") {
  const auto t = trace::build_tree(diamond());
  const auto path = trace::critical_path(t);
  std::vector<std::pair<std::string, std::uint64_t>> got;
  std::uint64_t total = 0;
  for (const auto& seg : path) {
    got.emplace_back(t.spans[seg.span].service, seg.start_ns / 1'000'000);
    total += seg.end_ns - seg.start_ns;
  }
  const std::vector<std::pair<std::string, std::uint64_t>> expected = {{"a", 0}, {"b", 10}, {"c", 30}, {"d", 40}, {"c", 60}, {"a", 90}};
  CHECK(got == expected);
  CHECK(total == t.duration_ns());
  CHECK(trace::critical_path(t, index_of(t, "c")).size() == 3);
  CHECK_THROWS_AS(trace::critical_path(t, 99), std::invalid_argument);
}

TEST_CASE("tree: children outside their parent (clock skew, async) are clipped") {
  // The child starts before and ends after its parent: only the overlap counts.
  const auto t = trace::build_tree({make(1, 0, "a", 10, 50), make(2, 1, "b", 5, 70)});
  const auto path = trace::critical_path(t);
  REQUIRE(path.size() == 1);
  CHECK(t.spans[path[0].span].service == "b");
  CHECK(path[0].start_ns == 10'000'000);
  CHECK(path[0].end_ns == 50'000'000);
  CHECK(trace::self_times(t)[t.root()].self_ns == 0);
}

TEST_CASE("tree: missing parents make extra roots, parent cycles are cut") {
  // 2's parent 9 never arrived; 3 and 4 are each other's parent.
  const auto t = trace::build_tree({make(1, 0, "a", 0, 10), make(2, 9, "b", 1, 5), make(3, 4, "c", 2, 6), make(4, 3, "d", 3, 4)});
  CHECK(t.roots.size() == 3);
  std::size_t linked = 0;
  for (auto p : t.parent) linked += p != trace::no_span ? 1 : 0;
  CHECK(linked == 1);  // one link of the cycle survives
  // A span that names itself as parent is a root.
  CHECK(trace::build_tree({make(5, 5, "e", 0, 1)}).roots.size() == 1);
  CHECK(trace::critical_path(trace::build_tree({})).empty());
}

TEST_CASE("tree: build_traces groups by trace id in start order") {
  auto spans = diamond();
  auto other = make(1, 0, "x", 5, 6);
  other.trace_id.bytes[15] = 2;
  spans.push_back(other);
  const auto traces = trace::build_traces(spans);
  REQUIRE(traces.size() == 2);
  CHECK(traces[0].spans.size() == 4);
  CHECK(traces[1].spans[0].service == "x");
}

TEST_CASE("tree: a deep chain does not exhaust the stack") {
  std::vector<trace::span> chain;
  for (int i = 0; i < 20000; ++i) {
    trace::span s = make(0, 0, "s", static_cast<std::uint64_t>(i), 40000 - static_cast<std::uint64_t>(i));
    s.id.bytes[6] = static_cast<std::uint8_t>((i + 1) >> 8);
    s.id.bytes[7] = static_cast<std::uint8_t>(i + 1);
    if (i > 0) {
      s.parent_id.bytes[6] = static_cast<std::uint8_t>(i >> 8);
      s.parent_id.bytes[7] = static_cast<std::uint8_t>(i);
    }
    chain.push_back(s);
  }
  const auto t = trace::build_tree(chain);
  CHECK(t.roots.size() == 1);
  CHECK(trace::critical_path(t).size() == 2 * 20000 - 1);
}
