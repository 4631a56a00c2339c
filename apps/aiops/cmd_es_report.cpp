// aiops: `aiops es-report --es URL --index NAME`: a Kibana-like report of an access-log index, made
// of aggregations (requests over time, status codes, top paths, clients, latency), written as
// text, JSON or the same HTML/SVG page `aiops analyze` writes
// SPDX-License-Identifier: MIT
#include <chrono>      // durations
#include <cmath>       // std::isnan
#include <cstdint>     // std::int64_t
#include <cstdio>      // std::fprintf
#include <fstream>     // std::ofstream
#include <memory>      // std::make_shared
#include <string>      // std::string
#include <utility>     // std::pair
#include <vector>      // std::vector

#include <fmt/core.h>

#include <aiops/core.hpp>
#include <aiops/es.hpp>
#include <aiops/frame.hpp>

#include "analyze/report.hpp"
#include "command.hpp"
#include "es_connection.hpp"

namespace cmd_es_report {

namespace es = aiops::es;
namespace an = aiops::app::analyze;
namespace fr = aiops::frame;

struct report_args {
  aiops::app::es_connection server;
  std::string index;
  std::string query = "*";
  std::string from;
  std::string to;
  std::string interval;
  int top = 10;
  bool json = false;
  std::string html;
};

// A date_histogram interval giving 100-400 buckets over `span`.
std::string auto_interval(aiops::timestamp_ns span) {
  const std::pair<const char*, aiops::timestamp_ns> steps[] = {
      {"1m", aiops::ns_per_minute},      {"5m", 5 * aiops::ns_per_minute},  {"15m", 15 * aiops::ns_per_minute},
      {"30m", 30 * aiops::ns_per_minute}, {"1h", aiops::ns_per_hour},        {"3h", 3 * aiops::ns_per_hour},
      {"12h", 12 * aiops::ns_per_hour},  {"1d", aiops::ns_per_day}};
  for (const auto& [name, length] : steps) {
    if (span / length <= 400) return name;
  }
  return "1d";
}

double percent(double part, double whole) { return whole > 0 ? 100.0 * part / whole : 0.0; }

// A "top" block: label, requests, share of all requests, and the p95 request time of each bucket.
an::block top_block(const std::string& key, const std::string& title, const std::string& label, const std::string& plural,
                    const std::vector<es::bucket>& buckets, double total, std::int64_t others) {
  std::vector<std::string> labels;
  std::vector<std::int64_t> counts;
  std::vector<double> shares, p95;
  for (const auto& b : buckets) {
    labels.push_back(b.key_string());
    counts.push_back(b.doc_count);
    shares.push_back(percent(double(b.doc_count), total));
    p95.push_back(b.aggs.percentile("latency", 95) / 1e9);
  }
  fr::table t;
  t.add(label, labels).add("requests", counts).add("share %", shares).add("p95 s", p95);
  return {key, title, std::move(t), an::chart_kind::bars, {"requests"},
          others > 0 ? fmt::format("{} more requests in other {}", an::grouped(std::uint64_t(others)), plural) : ""};
}

an::report build(es::client& client, const report_args& args) {
  // The query and time range every aggregation below shares.
  es::bool_query filter;
  const std::string text(aiops::trim(args.query));
  filter.must(text.empty() || text == "*" ? es::match_all() : es::query_string(text));
  if (!args.from.empty() || !args.to.empty()) {
    es::range r("@timestamp");
    if (!args.from.empty()) r.gte(args.from);
    if (!args.to.empty()) r.lt(args.to);
    filter.filter(r);
  }
  const es::query scope = filter;

  // First pass: totals and the time span (which decides the histogram's interval).
  es::search_request first;
  first.size = 0;
  first.query = scope;
  first.aggs.emplace_back("first", es::aggregation::min("@timestamp"));
  first.aggs.emplace_back("last", es::aggregation::max("@timestamp"));
  first.aggs.emplace_back("bytes", es::aggregation::sum("http.response.body.bytes"));
  first.aggs.emplace_back("clients", es::aggregation::cardinality("source.ip").precision_threshold(40000));
  first.aggs.emplace_back("latency", es::aggregation::percentiles("event.duration", {50, 95, 99}));
  first.aggs.emplace_back("4xx", es::aggregation::filter(es::range("http.response.status_code").gte(400).lt(500)));
  first.aggs.emplace_back("5xx", es::aggregation::filter(es::range("http.response.status_code").gte(500)));
  const es::search_response totals = client.search(args.index, first);

  an::report r;
  r.title = "aiops es-report: " + args.index + " at " + args.server.url;
  const es::server_info& server = client.info();
  r.facts.push_back({"server", "server",
                     (server.distribution == es::distribution::opensearch ? "OpenSearch " : "Elasticsearch ") + server.version, ""});
  const double total = double(totals.total);
  r.facts.push_back({"documents", "requests", totals.total, an::grouped(std::uint64_t(totals.total))});
  if (totals.total == 0) return r;
  const double first_ms = totals.aggs.value("first"), last_ms = totals.aggs.value("last");
  const bool timed = !std::isnan(first_ms);
  if (timed) {
    r.facts.push_back({"first", "first request", an::when(aiops::timestamp_ns(first_ms) * aiops::ns_per_millisecond), ""});
    r.facts.push_back({"last", "last request", an::when(aiops::timestamp_ns(last_ms) * aiops::ns_per_millisecond), ""});
  }
  for (const char* cls : {"4xx", "5xx"}) {
    const double n = double(totals.aggs.doc_count(cls));
    r.facts.push_back({std::string("error_rate_") + cls, std::string(cls) + " rate", percent(n, total) / 100,
                       fmt::format("{:.2f}% ({} responses)", percent(n, total), an::grouped(std::uint64_t(n)))});
  }
  r.facts.push_back({"bytes_sent", "bytes sent", totals.aggs.value("bytes"), an::human_bytes(totals.aggs.value("bytes"))});
  r.facts.push_back({"clients", "client addresses", totals.aggs.value("clients"),
                     an::grouped(std::uint64_t(totals.aggs.value("clients")))});
  const auto latency = totals.aggs.percentiles("latency");
  if (!latency.empty() && !std::isnan(latency[0].second)) {
    r.facts.push_back({"latency", "request time p50 / p95 / p99",
                       {{"p50", latency[0].second / 1e9}, {"p95", latency[1].second / 1e9}, {"p99", latency[2].second / 1e9}},
                       fmt::format("{} / {} / {}", an::human_seconds(latency[0].second / 1e9),
                                   an::human_seconds(latency[1].second / 1e9), an::human_seconds(latency[2].second / 1e9))});
  }

  // Second pass: over time, by status class, and the top lists.
  const auto p95 = [] { return es::aggregation::percentiles("event.duration", {95}); };
  es::search_request second;
  second.size = 0;
  second.query = scope;
  if (timed) {
    const std::string interval = args.interval.empty()
                                     ? auto_interval(aiops::timestamp_ns(last_ms - first_ms) * aiops::ns_per_millisecond)
                                     : args.interval;
    second.aggs.emplace_back(
        "time", es::aggregation::date_histogram("@timestamp")
                    .fixed_interval(interval)
                    .min_doc_count(0)
                    .sub("class", es::aggregation::range("http.response.status_code",
                                                         {{100, 200}, {200, 300}, {300, 400}, {400, 500}, {500, 600}})));
    r.facts.push_back({"interval", "time bucket", interval, ""});
  }
  second.aggs.emplace_back("status", es::aggregation::terms("http.response.status_code", 1000).sub("latency", p95()));
  second.aggs.emplace_back("paths", es::aggregation::terms("url.path", args.top).sub("latency", p95()));
  second.aggs.emplace_back("clients", es::aggregation::terms("source.ip", args.top).sub("latency", p95()));
  second.aggs.emplace_back("agents", es::aggregation::terms("user_agent.original", args.top).sub("latency", p95()));
  const es::search_response detail = client.search(args.index, second);

  if (timed) {
    std::vector<aiops::timestamp_ns> times;
    std::vector<std::int64_t> requests;
    std::vector<std::vector<std::int64_t>> classes(5);
    for (const auto& b : detail.aggs.buckets("time")) {
      times.push_back(b.key_time());
      requests.push_back(b.doc_count);
      const auto ranges = b.aggs.buckets("class");
      for (std::size_t c = 0; c < classes.size(); ++c) classes[c].push_back(c < ranges.size() ? ranges[c].doc_count : 0);
    }
    fr::table t;
    t.add("time", fr::column::timestamps(times)).add("requests", requests);
    std::vector<std::string> layers{"time"};
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const std::string name = std::to_string(c + 1) + "xx";
      t.add(name, classes[c]);
      std::int64_t sum = 0;
      for (auto v : classes[c]) sum += v;
      if (sum > 0) layers.push_back(name);
    }
    std::size_t peak = 0;
    for (std::size_t i = 0; i < requests.size(); ++i) peak = requests[i] > requests[peak] ? i : peak;
    r.blocks.push_back({"requests_over_time", "Requests over time", t.select({"time", "requests"}), an::chart_kind::timeline,
                        {"requests"}, fmt::format("peak {} at {}", an::grouped(std::uint64_t(requests[peak])), an::when(times[peak]))});
    r.blocks.push_back({"status_over_time", "Responses over time by status class", t.select(layers), an::chart_kind::stacked, {}, {}});
    r.blocks.push_back({"errors_over_time", "Errors over time", t.select({"time", "4xx", "5xx"}), an::chart_kind::timeline,
                        {"4xx", "5xx"}, {}});
  }
  r.blocks.push_back(top_block("status", "Status codes", "status", "statuses", detail.aggs.buckets("status"), total,
                               detail.aggs.sum_other_doc_count("status")));
  r.blocks.push_back(top_block("top_paths", "Top paths", "path", "paths", detail.aggs.buckets("paths"), total,
                               detail.aggs.sum_other_doc_count("paths")));
  r.blocks.push_back(top_block("top_ips", "Top client addresses", "address", "addresses", detail.aggs.buckets("clients"), total,
                               detail.aggs.sum_other_doc_count("clients")));
  r.blocks.push_back(top_block("top_user_agents", "Top user agents", "user agent", "user agents", detail.aggs.buckets("agents"), total,
                               detail.aggs.sum_other_doc_count("agents")));
  return r;
}

void run(const report_args& args) {
  es::client_options options = args.server.client_options();
  es::client client(args.server.url, options);
  const an::report r = build(client, args);
  if (args.json) {
    fmt::print("{}\n", an::to_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    fmt::print("{}", an::to_text(r));
  }
  if (!args.html.empty()) {
    std::ofstream out(args.html, std::ios::binary | std::ios::trunc);
    out << an::to_html(r);
    out.close();
    if (!out) throw aiops::error("cannot write the HTML report to " + args.html);
    std::fprintf(stderr, "es-report: HTML report written to %s\n", args.html.c_str());
  }
}

void setup(CLI::App& sub) {
  auto args = std::make_shared<report_args>();
  args->server.add_options(sub);
  sub.add_option("--index", args->index, "an index of ECS access-log documents (aiops ship writes them)")->required();
  sub.add_option("--query", args->query, "only the requests matching this query_string")->capture_default_str();
  sub.add_option("--from", args->from, "time range start (RFC 3339 or date math: now-1d)");
  sub.add_option("--to", args->to, "time range end, excluded");
  sub.add_option("--interval", args->interval, "time bucket (90s, 5m, 1h, 1d; default: 100-400 buckets)");
  sub.add_option("--top", args->top, "rows in each top list")->capture_default_str()->check(CLI::Range(1, 10'000));
  sub.add_flag("--json", args->json, "print the report as JSON");
  sub.add_option("--html", args->html, "also write a self-contained HTML report with SVG charts to this file");
  sub.footer("  aiops es-report --es http://127.0.0.1:19200 --index web --html web.html\n"
             "  aiops es-report --es http://127.0.0.1:19200 --index web --query 'url.path:\\/api*' --from 2025-06-05 --to 2025-06-06");
  sub.callback([args] { run(*args); });
}

const aiops::app::register_command reg{{"es-report", "Report on an access-log index: traffic, errors, top lists, latency", setup}};

}  // namespace cmd_es_report
