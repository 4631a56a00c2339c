// aiops: the trace store: spans from OTLP, lookup by trace id, eviction of the oldest traces by trace and span bounds, concurrent writers and readers
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <atomic>  // std::atomic (the reader's count)
#include <map>     // std::map (spans per trace)
#include <thread>  // std::thread (concurrent adds)

#include <aiops/trace/simulate.hpp>
#include <aiops/trace/store.hpp>

namespace trace = aiops::trace;

namespace {

std::vector<trace::span> shop(std::size_t traces, std::uint64_t seed = 1) {
  trace::simulation_options o;
  o.traces = traces;
  o.seed = seed;
  return trace::simulate(trace::shop_system(), o);
}

/// The spans of each trace, in order of first appearance (how an SDK's batch sends them).
std::vector<std::vector<trace::span>> split_traces(const std::vector<trace::span>& spans) {
  std::vector<std::vector<trace::span>> out;
  std::map<trace::trace_id, std::size_t> index;
  for (const auto& s : spans) {
    const auto [it, added] = index.emplace(s.trace_id, out.size());
    if (added) out.emplace_back();
    out[it->second].push_back(s);
  }
  return out;
}

/// Trace ids in order of first appearance, and spans per trace.
std::pair<std::vector<trace::trace_id>, std::map<trace::trace_id, std::size_t>> by_trace(const std::vector<trace::span>& spans) {
  std::vector<trace::trace_id> order;
  std::map<trace::trace_id, std::size_t> count;
  for (const auto& s : spans)
    if (count[s.trace_id]++ == 0) order.push_back(s.trace_id);
  return {order, count};
}

trace::span one_span(std::uint8_t trace_no, std::uint8_t span_no) {
  trace::span s;
  s.trace_id.bytes[15] = trace_no;
  s.id.bytes[7] = span_no;
  s.service = "svc" + std::to_string(trace_no % 3);
  return s;
}

}  // namespace

TEST_CASE("store: spans in, traces out by id") {
  const auto spans = shop(20);
  trace::store db;
  db.add(trace::to_otel(spans));
  CHECK(db.span_count() == spans.size());
  CHECK(db.trace_count() == 20);
  const auto [order, count] = by_trace(spans);
  const auto one = db.trace(order[0]);
  CHECK(one.size() == count.at(order[0]));
  CHECK(trace::build_tree(one).roots.size() == 1);
  CHECK(db.trace(trace::trace_id{}).empty());
  CHECK(db.evicted_traces() == 0);
  CHECK(db.services() == std::vector<std::string>{"auth",      "cache",    "catalog",         "db",
                                                        "gateway",   "inventory", "orders", "payments", "recommendations", "shipping"});
}

TEST_CASE("store: max_traces evicts the oldest traces, whole, and counts them") {
  const auto spans = shop(30);
  const auto [order, count] = by_trace(spans);
  trace::store db({.max_traces = 10});
  db.add(spans);
  REQUIRE(db.trace_count() == 10);
  CHECK(db.evicted_traces() == 20);
  std::size_t kept = 0;
  std::size_t evicted = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto held = db.trace(order[i]).size();
    if (i < 20) {
      CHECK(held == 0);
      evicted += count.at(order[i]);
    } else {
      CHECK(held == count.at(order[i]));  // the newest ten, complete
      kept += held;
    }
  }
  CHECK(db.span_count() == kept);
  CHECK(db.evicted_spans() == evicted);
  CHECK(db.spans().size() == kept);
}

TEST_CASE("store: a late span joins its trace and keeps the trace's age") {
  trace::store db({.max_traces = 2});
  db.add({one_span(1, 1), one_span(2, 1), one_span(1, 2)});  // trace 1 stays the oldest
  db.add({one_span(3, 1)});
  CHECK(db.trace(one_span(1, 0).trace_id).empty());
  CHECK(db.trace(one_span(2, 0).trace_id).size() == 1);
  CHECK(db.trace(one_span(3, 0).trace_id).size() == 1);
  CHECK(db.evicted_traces() == 1);
  CHECK(db.evicted_spans() == 2);
}

TEST_CASE("store: max_spans evicts oldest traces until the spans fit, a trace larger than the bound is not kept") {
  trace::store db({.max_spans = 3});
  db.add({one_span(1, 1), one_span(1, 2), one_span(2, 1), one_span(2, 2)});
  CHECK(db.trace_count() == 1);
  CHECK(db.span_count() == 2);
  CHECK(db.trace(one_span(2, 0).trace_id).size() == 2);
  db.add({one_span(3, 1), one_span(3, 2), one_span(3, 3), one_span(3, 4)});
  CHECK(db.trace_count() == 0);
  CHECK(db.span_count() == 0);
  CHECK(db.evicted_traces() == 3);
  CHECK(db.evicted_spans() == 8);
  CHECK(db.services().empty());
}

TEST_CASE("store: services follow evictions") {
  trace::store db({.max_traces = 2});
  db.add({one_span(1, 1), one_span(2, 1), one_span(3, 1)});  // svc1, svc2, svc0: svc1 goes
  CHECK(db.services() == std::vector<std::string>{"svc0", "svc2"});
}

TEST_CASE("store: find returns matching traces newest first, up to a limit") {
  trace::store db;
  for (std::uint8_t t = 1; t <= 6; ++t) db.add({one_span(t, 1)});
  const auto found = db.find([](const auto& spans) { return spans.front().service != "svc1"; }, 3);
  REQUIRE(found.size() == 3);
  CHECK(found[0].front().trace_id.bytes[15] == 6);
  CHECK(found[1].front().trace_id.bytes[15] == 5);
  CHECK(found[2].front().trace_id.bytes[15] == 3);
  CHECK(db.find([](const auto&) { return true; }).size() == 6);
}

TEST_CASE("store: concurrent writers and readers under a bound keep the counts consistent") {
  trace::store db({.max_traces = 120});
  std::vector<std::thread> threads;
  std::size_t total_spans = 0;
  std::vector<std::vector<std::vector<trace::span>>> inputs;
  for (std::uint64_t w = 1; w <= 4; ++w) {
    const auto spans = shop(50, w);
    total_spans += spans.size();
    inputs.push_back(split_traces(spans));
  }
  for (const auto& input : inputs)
    threads.emplace_back([&db, &input] {
      for (const auto& t : input) db.add(t);
    });
  std::atomic<int> empty_traces{0};  // Catch2's assertions are not thread-safe: count, check after
  threads.emplace_back([&db, &empty_traces] {
    for (int i = 0; i < 200; ++i)
      for (const auto& t : db.find([](const auto&) { return true; }, 5)) empty_traces += t.empty() ? 1 : 0;
  });
  for (auto& t : threads) t.join();
  CHECK(empty_traces == 0);
  CHECK(db.trace_count() == 120);
  CHECK(db.evicted_traces() == 80);
  CHECK(db.span_count() + db.evicted_spans() == total_spans);
  CHECK(db.spans().size() == db.span_count());
}
