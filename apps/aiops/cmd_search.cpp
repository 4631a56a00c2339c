// aiops: `aiops search --es URL --index NAME 'query_string' [--agg ...]`: Kibana Discover and
// Visualize in a terminal: matching documents, then aggregation tables (nested ones indented)
// SPDX-License-Identifier: MIT
#include <chrono>       // durations
#include <cmath>        // std::isnan, std::floor, std::abs
#include <optional>     // std::optional
#include <cstdio>       // stdout
#include <memory>       // std::make_shared
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <aiops/core.hpp>
#include <aiops/es.hpp>

#include "command.hpp"
#include "es_connection.hpp"

namespace cmd_search {

namespace es = aiops::es;

struct search_args {
  aiops::app::es_connection server;
  std::string index;
  std::string query = "*";
  std::vector<std::string> aggs;
  std::int64_t size = 10;
  std::vector<std::string> sort;
  std::vector<std::string> fields;
  std::string from;
  std::string to;
  std::string time_field = "@timestamp";
  bool json = false;
  double timeout = 60;
};

// One level of an --agg spec, `KIND:FIELD[:PARAMETER]`, and the levels nested in it.
struct agg_node {
  std::string name;  // "terms(url.path)"
  es::aggregation agg;
  std::vector<agg_node> children;

  bool has_buckets() const { return agg.kind() == "terms" || agg.kind() == "date_histogram" || agg.kind() == "histogram"; }

  // The request: this level with its children as sub-aggregations.
  es::aggregation request() const {
    es::aggregation a = agg;
    for (const auto& c : children) a.sub(c.name, c.request());
    return a;
  }
};

// A calendar unit for date_histogram (`1w`, `1M`, `month`...) rather than a fixed length (`90s`, `1h`, `7d`).
bool calendar_unit(std::string_view interval) {
  for (std::string_view unit : {"1w", "1M", "1q", "1y", "minute", "hour", "day", "week", "month", "quarter", "year"}) {
    if (interval == unit) return true;
  }
  return false;
}

std::vector<double> numbers(std::string_view list) {
  std::vector<double> out;
  for (auto part : aiops::split(list, ',')) {
    const auto v = aiops::parse_double(aiops::trim(part));
    if (!v) throw aiops::error("--agg: '" + std::string(part) + "' is not a number");
    out.push_back(*v);
  }
  return out;
}

agg_node parse_level(std::string_view spec) {
  const std::size_t first = spec.find(':');
  if (first == std::string_view::npos || first == 0 || first + 1 == spec.size()) {
    throw aiops::error("--agg '" + std::string(spec) + "': expected KIND:FIELD[:PARAMETER]");
  }
  const std::string kind(spec.substr(0, first));
  const std::size_t second = spec.find(':', first + 1);
  const std::string field(spec.substr(first + 1, second == std::string_view::npos ? std::string_view::npos : second - first - 1));
  const std::string_view param = second == std::string_view::npos ? std::string_view() : spec.substr(second + 1);
  agg_node node{kind + "(" + field + ")", es::aggregation::avg(field), {}};
  if (kind == "terms") {
    const auto size = param.empty() ? std::optional<std::int64_t>(10) : aiops::parse_int(param);
    if (!size || *size <= 0) throw aiops::error("--agg terms: the size must be a positive integer, not '" + std::string(param) + "'");
    node.agg = es::aggregation::terms(field, static_cast<int>(*size));
  } else if (kind == "date_histogram") {
    const std::string interval = param.empty() ? "1h" : std::string(param);
    node.agg = es::aggregation::date_histogram(field);
    if (calendar_unit(interval)) {
      node.agg.calendar_interval(interval);
    } else {
      node.agg.fixed_interval(interval);
    }
  } else if (kind == "histogram") {
    if (param.empty()) throw aiops::error("--agg histogram needs an interval: histogram:FIELD:INTERVAL");
    node.agg = es::aggregation::histogram(field, numbers(param).at(0));
  } else if (kind == "percentiles") {
    node.agg = es::aggregation::percentiles(field, param.empty() ? std::vector<double>{50, 95, 99} : numbers(param));
  } else if (kind == "avg") {
    node.agg = es::aggregation::avg(field);
  } else if (kind == "sum") {
    node.agg = es::aggregation::sum(field);
  } else if (kind == "min") {
    node.agg = es::aggregation::min(field);
  } else if (kind == "max") {
    node.agg = es::aggregation::max(field);
  } else if (kind == "value_count") {
    node.agg = es::aggregation::value_count(field);
  } else if (kind == "stats") {
    node.agg = es::aggregation::stats(field);
  } else if (kind == "cardinality") {
    node.agg = es::aggregation::cardinality(field).precision_threshold(40000);
  } else {
    throw aiops::error("--agg: unknown kind '" + kind +
                       "' (terms, date_histogram, histogram, percentiles, avg, sum, min, max, value_count, stats, "
                       "cardinality)");
  }
  return node;
}

// `A>B>C`: C inside each bucket of B, B inside each bucket of A.
agg_node parse_agg(std::string_view spec) {
  const auto levels = aiops::split(spec, '>');
  agg_node inner = parse_level(levels.back());
  for (std::size_t i = levels.size() - 1; i-- > 0;) {
    agg_node outer = parse_level(levels[i]);
    if (!outer.has_buckets()) throw aiops::error("--agg '" + std::string(spec) + "': only bucket aggregations can hold others");
    outer.children.push_back(std::move(inner));
    inner = std::move(outer);
  }
  return inner;
}

std::string number(double v) {
  if (std::isnan(v)) return "-";
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{:.6g}", v);
}

// A metric aggregation's value(s) on one line.
std::string metric_text(const es::aggregations& aggs, const agg_node& node) {
  if (node.agg.kind() == "percentiles") {
    std::string out;
    for (const auto& [p, v] : aggs.percentiles(node.name)) {
      out += fmt::format("{}p{}={}", out.empty() ? "" : " ", number(p), number(v));
    }
    return out;
  }
  if (node.agg.kind() == "stats") {
    const auto s = aggs.stats(node.name);
    return fmt::format("count={} min={} max={} avg={} sum={}", s.count, number(s.min), number(s.max), number(s.avg),
                       number(s.sum));
  }
  return number(aggs.value(node.name));
}

// Buckets as rows `key  doc_count  metric...`, bucket sub-aggregations indented under each row.
void print_agg(const es::aggregations& aggs, const agg_node& node, int depth) {
  const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  if (!node.has_buckets()) {
    fmt::print("{}{}: {}\n", indent, node.name, metric_text(aggs, node));
    return;
  }
  const auto buckets = aggs.buckets(node.name);
  fmt::print("{}{}: {} buckets{}\n", indent, node.name, buckets.size(),
             node.agg.kind() == "terms" ? fmt::format(", {} documents in others", aggs.sum_other_doc_count(node.name))
                                        : std::string());
  for (const auto& b : buckets) {
    const std::string key = node.agg.kind() == "date_histogram" ? aiops::format_rfc3339(b.key_time(), 0) : b.key_string();
    std::string metrics;
    for (const auto& c : node.children) {
      if (!c.has_buckets()) metrics += "  " + c.name + "=" + metric_text(b.aggs, c);
    }
    fmt::print("{}  {:<40} {:>10}{}\n", indent, key, b.doc_count, metrics);
    for (const auto& c : node.children) {
      if (c.has_buckets()) print_agg(b.aggs, c, depth + 2);
    }
  }
}

// The value of a dotted field in a _source, as text ("" when missing).
std::string field_text(const nlohmann::json& source, std::string_view field) {
  const nlohmann::json* node = &source;
  if (const auto flat = source.find(field); flat != source.end()) return flat->is_string() ? flat->get<std::string>() : flat->dump();
  for (auto part : aiops::split(field, '.')) {
    if (!node->is_object()) return {};
    const auto it = node->find(part);
    if (it == node->end()) return {};
    node = &*it;
  }
  return node->is_string() ? node->get<std::string>() : node->dump();
}

void search(const search_args& args) {
  es::client_options options = args.server.client_options();
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::duration<double>(args.timeout));
  options.http.deadline = timeout;
  options.http.read_timeout = timeout;
  es::client client(args.server.url, options);

  es::bool_query q;
  const std::string text(aiops::trim(args.query));
  q.must(text.empty() || text == "*" ? es::match_all() : es::query_string(text));
  if (!args.from.empty() || !args.to.empty()) {
    es::range r(args.time_field);
    if (!args.from.empty()) r.gte(args.from);
    if (!args.to.empty()) r.lt(args.to);
    q.filter(r);
  }
  es::search_request request;
  request.query = q;
  request.size = args.size;
  for (const auto& s : args.sort) {
    const std::size_t colon = s.rfind(':');
    const std::string order = colon == std::string::npos ? "" : s.substr(colon + 1);
    if (order == "asc" || order == "desc") {
      request.sort.push_back({s.substr(0, colon), order == "desc"});
    } else {
      request.sort.push_back({s, false});
    }
  }
  if (!args.fields.empty()) request.source_includes = args.fields;
  std::vector<agg_node> aggs;
  for (const auto& spec : args.aggs) {
    aggs.push_back(parse_agg(spec));
    request.aggs.emplace_back(aggs.back().name, aggs.back().request());
  }

  if (args.json) {
    const nlohmann::json answer = client.call("POST", "/" + args.index + "/_search", request.to_json());
    fmt::print("{}\n", answer.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  const es::search_response answer = client.search(args.index, request);
  fmt::print("{} hits{} in {} ms\n", answer.total, answer.total_exact ? "" : " or more", answer.took_ms);
  if (!args.fields.empty() && !answer.hits.empty()) {
    std::string header;
    for (const auto& f : args.fields) header += (header.empty() ? "" : "\t") + f;
    fmt::print("{}\n", header);
  }
  for (const auto& h : answer.hits) {
    if (args.fields.empty()) {
      fmt::print("{}\n", h.source.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      continue;
    }
    std::string row;
    for (const auto& f : args.fields) row += (row.empty() ? "" : "\t") + field_text(h.source, f);
    fmt::print("{}\n", row);
  }
  for (const auto& node : aggs) print_agg(answer.aggs, node, 0);
}

void setup(CLI::App& sub) {
  auto args = std::make_shared<search_args>();
  sub.add_option("query", args->query, "Lucene query_string, as typed in Kibana (default: everything)");
  args->server.add_options(sub);
  sub.add_option("--index", args->index, "index, alias, pattern or comma list")->required();
  sub.add_option("--agg", args->aggs,
                 "aggregation KIND:FIELD[:PARAM], nested with '>' (repeatable): terms:url.path:10, "
                 "date_histogram:@timestamp:1h, percentiles:event.duration:50,95, avg|sum|min|max|stats|"
                 "cardinality|value_count:FIELD, histogram:FIELD:INTERVAL");
  sub.add_option("--size,-n", args->size, "hits to show")->capture_default_str()->check(CLI::Range(0, 10'000));
  sub.add_option("--sort", args->sort, "FIELD[:asc|desc] (repeatable)");
  sub.add_option("--fields", args->fields, "show only these fields, tab-separated")->delimiter(',');
  sub.add_option("--from", args->from, "time range start (RFC 3339 or date math: now-1h)");
  sub.add_option("--to", args->to, "time range end, excluded");
  sub.add_option("--time-field", args->time_field, "the field --from and --to apply to")->capture_default_str();
  sub.add_flag("--json", args->json, "print the server's answer as JSON");
  sub.add_option("--timeout", args->timeout, "seconds for the whole call")->capture_default_str()->check(CLI::PositiveNumber);
  sub.footer(
      "Examples:\n"
      "  aiops search --es http://127.0.0.1:19200 --index web 'http.response.status_code:>=500' \\\n"
      "    --fields @timestamp,url.path,http.response.status_code --sort @timestamp:desc\n"
      "  aiops search --es http://127.0.0.1:19200 --index web -n 0 'url.path:\\/api*' \\\n"
      "    --agg 'date_histogram:@timestamp:1d>terms:http.response.status_code:5' \\\n"
      "    --agg 'terms:url.path:5>percentiles:event.duration:95'");
  sub.callback([args] { search(*args); });
}

const aiops::app::register_command reg{{"search", "Search an Elasticsearch/OpenSearch index; aggregations as tables", setup}};

}  // namespace cmd_search
