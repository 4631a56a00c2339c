// aiops: the trace store: spans from OTLP, lookup by trace id, the bound and its drops, concurrent writers
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <thread>  // std::thread (concurrent adds)

#include <aiops/trace/simulate.hpp>
#include <aiops/trace/store.hpp>

namespace trace = aiops::trace;

TEST_CASE("store: spans in, traces out by id") {
  trace::simulation_options o;
  o.traces = 20;
  const auto spans = trace::simulate(trace::shop_system(), o);
  trace::store db;
  CHECK(db.add(trace::to_otel(spans)) == spans.size());
  CHECK(db.span_count() == spans.size());
  CHECK(db.trace_count() == 20);
  std::size_t first = 0;
  for (const auto& s : spans) first += s.trace_id == spans[0].trace_id ? 1 : 0;
  const auto one = db.trace(spans[0].trace_id);
  CHECK(one.size() == first);
  CHECK(trace::build_tree(one).roots.size() == 1);
  CHECK(db.trace(trace::trace_id{}).empty());
  CHECK(db.dropped() == 0);
}

TEST_CASE("store: a bounded store refuses and counts what does not fit") {
  trace::simulation_options o;
  o.traces = 5;
  const auto spans = trace::simulate(trace::shop_system(), o);
  trace::store db(10);
  CHECK(db.add(spans) == 10);
  CHECK(db.add(spans) == 0);
  CHECK(db.span_count() == 10);
  CHECK(db.dropped() == 2 * spans.size() - 10);
}

TEST_CASE("store: concurrent writers lose nothing") {
  trace::store db;
  std::vector<std::thread> writers;
  for (std::uint64_t w = 1; w <= 4; ++w)
    writers.emplace_back([&db, w] {
      trace::simulation_options o;
      o.seed = w;
      o.traces = 50;
      for (const auto& s : trace::simulate(trace::shop_system(), o)) db.add(std::vector<trace::span>{s});
    });
  for (auto& t : writers) t.join();
  CHECK(db.trace_count() == 200);
}
