// aiops: Zipkin's v2 read API over the trace store: services, span names, traces and their filters, trace by id, dependencies, bad parameters
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <aiops/trace/query_api.hpp>
#include <aiops/trace/simulate.hpp>

#include "fixtures.hpp"

namespace trace = aiops::trace;
using nlohmann::json;

namespace {

constexpr std::uint64_t now_ms = 1'800'000'000'000;

/// A trace `n` at `start_ms`: gateway (server) -> gateway client to orders -> orders server, error in orders when asked.
std::vector<trace::span> small_trace(std::uint8_t n, std::uint64_t start_ms, bool error = false) {
  using trace_fixtures::make;
  std::vector<trace::span> t = {make(1, 0, "gateway", start_ms, start_ms + 50),
                                make(2, 1, "gateway", start_ms + 5, start_ms + 45, trace::span_kind::client, error, "orders"),
                                make(3, 2, "orders", start_ms + 10, start_ms + 40, trace::span_kind::server, error)};
  t[2].attributes.push_back({"http.route", std::string("/orders")});
  for (auto& s : t) s.trace_id.bytes[15] = n;
  return t;
}

trace::query_answer get(const trace::store& db, std::string_view path, const trace::query_params& p = {}) {
  return trace::zipkin_query(db, path, p, now_ms);
}

std::vector<std::vector<trace::span>> traces_of(const trace::query_answer& a) {
  REQUIRE(a.status == 200);
  const auto j = json::parse(a.body);
  std::vector<std::vector<trace::span>> out;
  for (const auto& t : j) {
    auto spans = trace::parse_zipkin_json(t.dump());
    REQUIRE(spans);
    out.push_back(std::move(*spans));
  }
  return out;
}

}  // namespace

TEST_CASE("query api: services, span names and remote services") {
  trace::store db;
  db.add(small_trace(1, now_ms - 1000));
  CHECK(json::parse(get(db, "/api/v2/services").body) == json{"gateway", "orders"});
  CHECK(json::parse(get(db, "/api/v2/spans", {{"serviceName", "gateway"}}).body) == json{"op1", "op2"});
  CHECK(json::parse(get(db, "/api/v2/remoteServices", {{"serviceName", "gateway"}}).body) == json{"orders"});
  CHECK(get(db, "/api/v2/spans").status == 400);
}

TEST_CASE("query api: a trace by id, 64-bit ids padded, unknown ids 404") {
  trace::store db;
  db.add(small_trace(1, now_ms - 1000));
  const auto a = get(db, "/api/v2/trace/00000000000000000000000000000001");
  REQUIRE(a.status == 200);
  const auto spans = trace::parse_zipkin_json(a.body);
  REQUIRE(spans);
  CHECK(spans->size() == 3);
  CHECK(get(db, "/api/v2/trace/0000000000000001").status == 200);
  CHECK(get(db, "/api/v2/trace/0000000000000002").status == 404);
  CHECK(get(db, "/api/v2/trace/xyz").status == 400);
  const auto many = traces_of(get(db, "/api/v2/traceMany", {{"traceIds", "0000000000000001,0000000000000002"}}));
  CHECK(many.size() == 1);
  CHECK(get(db, "/api/v2/traceMany", {{"traceIds", "1,zz"}}).status == 400);
}

TEST_CASE("query api: traces newest first, limited, in the time window") {
  trace::store db;
  for (std::uint8_t n = 1; n <= 5; ++n) db.add(small_trace(n, now_ms - 60'000 + n * 1000u));
  const auto all = traces_of(get(db, "/api/v2/traces", {{"limit", "100"}}));
  REQUIRE(all.size() == 5);
  CHECK(all[0][0].trace_id.bytes[15] == 5);
  for (const auto& t : all) CHECK(t.size() == 3);
  CHECK(traces_of(get(db, "/api/v2/traces")).size() == 5);  // default limit 10
  CHECK(traces_of(get(db, "/api/v2/traces", {{"limit", "2"}})).size() == 2);
  // endTs/lookback: only traces 2 and 3 lie in [now-58.95 s, now-56.95 s]
  const std::uint64_t end = now_ms - 57'000 + 50;
  const auto window = traces_of(get(db, "/api/v2/traces", {{"endTs", std::to_string(end)}, {"lookback", "2000"}}));
  REQUIRE(window.size() == 2);
  CHECK(window[0][0].trace_id.bytes[15] == 3);
  CHECK(window[1][0].trace_id.bytes[15] == 2);
}

TEST_CASE("query api: serviceName, spanName, durations and annotationQuery filter traces") {
  trace::store db;
  db.add(small_trace(1, now_ms - 3000));
  db.add(small_trace(2, now_ms - 2000, true));
  const auto count = [&db](trace::query_params p) { return traces_of(get(db, "/api/v2/traces", p)).size(); };
  CHECK(count({{"serviceName", "orders"}}) == 2);
  CHECK(count({{"serviceName", "payments"}}) == 0);
  CHECK(count({{"serviceName", "orders"}, {"spanName", "op3"}}) == 2);
  CHECK(count({{"serviceName", "orders"}, {"spanName", "op1"}}) == 0);
  CHECK(count({{"serviceName", "orders"}, {"minDuration", "30000"}}) == 2);  // 30 ms
  CHECK(count({{"serviceName", "orders"}, {"minDuration", "30001"}}) == 0);
  CHECK(count({{"serviceName", "gateway"}, {"minDuration", "45000"}, {"maxDuration", "50000"}}) == 2);
  CHECK(count({{"annotationQuery", "error"}}) == 1);
  CHECK(count({{"annotationQuery", "http.route=/orders and error"}}) == 1);
  CHECK(count({{"serviceName", "gateway"}, {"annotationQuery", "http.route"}}) == 0);  // the tag is on an orders span
  CHECK(get(db, "/api/v2/traces", {{"limit", "x"}}).status == 400);
  CHECK(get(db, "/api/v2/traces", {{"limit", "0"}}).status == 400);
  CHECK(get(db, "/api/v2/traces", {{"lookback", "-5"}}).status == 400);
}

TEST_CASE("query api: dependencies are the topology's edges of the window") {
  trace::store db;
  db.add(small_trace(1, now_ms - 3000));
  db.add(small_trace(2, now_ms - 2000, true));
  CHECK(get(db, "/api/v2/dependencies").status == 400);  // endTs is required
  const auto links = json::parse(get(db, "/api/v2/dependencies", {{"endTs", std::to_string(now_ms)}}).body);
  CHECK(links == json::parse(R"([{"parent":"gateway","child":"orders","callCount":2,"errorCount":1}])"));
  const auto later = json::parse(get(db, "/api/v2/dependencies", {{"endTs", std::to_string(now_ms)}, {"lookback", "2500"}}).body);
  REQUIRE(later.size() == 1);
  CHECK(later[0]["callCount"] == 1);
}

TEST_CASE("query api: the traces read back give the topology of the spans put in") {
  trace::simulation_options o;
  o.traces = 60;
  o.faults.push_back({trace::fault_kind::erroring_service, "payments", "", 5, 0.5});
  const auto spans = trace::simulate(trace::shop_system(), o);
  trace::store db;
  db.add(spans);
  std::vector<trace::span> back;
  for (auto& t : traces_of(get(db, "/api/v2/traces", {{"limit", "1000"}, {"endTs", std::to_string(now_ms)}})))
    back.insert(back.end(), t.begin(), t.end());
  CHECK(back.size() == spans.size());
  const auto a = trace::build_topology(trace::build_traces(spans));
  const auto b = trace::build_topology(trace::build_traces(back));
  REQUIRE(a.edges.size() == b.edges.size());
  for (std::size_t i = 0; i < a.edges.size(); ++i) {
    CHECK(a.edges[i].caller == b.edges[i].caller);
    CHECK(a.edges[i].callee == b.edges[i].callee);
    CHECK(a.edges[i].calls == b.edges[i].calls);
    CHECK(a.edges[i].errors == b.edges[i].errors);
  }
  CHECK(get(db, "/api/v1/services").status == 404);
}
