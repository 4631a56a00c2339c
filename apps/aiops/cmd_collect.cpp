// aiops: `aiops collect`: an OTLP/HTTP collector (receiver -> processors -> JSONL, Prometheus, Zipkin, OpenSearch, trace store exporters; Zipkin's read API on the store)
// SPDX-License-Identifier: MIT
#include <algorithm>           // std::replace (OpenSearch field names)
#include <atomic>              // std::atomic (counters, the stop flag)
#include <cmath>               // std::isfinite (OpenSearch has no NaN)
#include <chrono>              // durations
#include <condition_variable>  // std::condition_variable (the batch worker)
#include <csignal>             // std::signal (SIGINT, SIGTERM stop the collector)
#include <cstdio>              // std::fprintf
#include <fstream>             // std::ofstream (the JSONL exporter)
#include <map>                 // std::map (counters by exporter)
#include <memory>              // std::unique_ptr
#include <mutex>               // std::mutex
#include <optional>            // std::optional
#include <set>                 // std::set (kept services)
#include <string>              // std::string
#include <thread>              // std::thread
#include <vector>              // std::vector

#include <aiops/http/httplib.hpp>
#include <nlohmann/json.hpp>

#include <aiops/core.hpp>
#include <aiops/es.hpp>
#include <aiops/http.hpp>
#include <aiops/otel.hpp>
#include <aiops/trace/query_api.hpp>
#include <aiops/trace/store.hpp>

#include "command.hpp"

namespace cmd_collect {

namespace otel = aiops::otel;

struct collect_args {
  std::string listen = "127.0.0.1:4318";
  std::string jsonl;
  std::string prometheus;
  std::string zipkin;
  std::string opensearch;
  std::string index_prefix = "otel";
  std::size_t batch_size = 512;
  int batch_timeout_ms = 200;
  std::vector<std::string> set_attributes;
  std::vector<std::string> remove_attributes;
  std::string min_severity;
  std::vector<std::string> services;
  double memory_limit_mib = 0;
  std::size_t trace_store = 0;
  std::string query;
  double duration = 0;
};

std::atomic<bool> stop_requested{false};
extern "C" void on_stop_signal(int) { stop_requested = true; }

std::pair<std::string, int> host_port(const std::string& text) {
  const auto colon = text.rfind(':');
  const auto port = colon == std::string::npos ? std::nullopt : aiops::parse_int(std::string_view(text).substr(colon + 1));
  if (!port || *port < 0 || *port > 65535) throw CLI::ValidationError("address", "expected HOST:PORT, got '" + text + "'");
  return {text.substr(0, colon), static_cast<int>(*port)};
}

/// SeverityNumber from a number (1-24) or a level name (TRACE DEBUG INFO WARN ERROR FATAL).
int severity_number(const std::string& text) {
  if (text.empty()) return 0;
  if (const auto n = aiops::parse_int(text); n && *n >= 1 && *n <= 24) return static_cast<int>(*n);
  static const std::pair<const char*, int> names[] = {{"trace", 1}, {"debug", 5}, {"info", 9}, {"warn", 13}, {"error", 17}, {"fatal", 21}};
  for (const auto& [name, number] : names)
    if (aiops::to_lower(text) == name) return number;
  throw CLI::ValidationError("--min-severity", "expected 1-24 or TRACE/DEBUG/INFO/WARN/ERROR/FATAL, got '" + text + "'");
}

constexpr const char* signal_names[] = {"traces", "metrics", "logs"};

template <class Data>
constexpr int signal_index() {
  return std::is_same_v<Data, otel::traces_data> ? 0 : std::is_same_v<Data, otel::metrics_data> ? 1 : 2;
}

/// The resource_* list of a request, whatever the signal.
template <class Data>
auto& resources_of(Data& d) {
  if constexpr (std::is_same_v<Data, otel::traces_data>) {
    return d.resource_spans;
  } else if constexpr (std::is_same_v<Data, otel::metrics_data>) {
    return d.resource_metrics;
  } else {
    return d.resource_logs;
  }
}

/// Processors of the collector's pipeline, applied in the receiver's threads.
struct processors {
  std::vector<std::pair<std::string, std::string>> set;
  std::vector<std::string> remove;
  int min_severity = 0;
  std::set<std::string> services;

  /// Applies the filters and attribute edits; returns the number of items filtered out.
  template <class Data>
  std::size_t apply(Data& d) const {
    const std::size_t before = otel::item_count(d);
    auto& resources = resources_of(d);
    if (!services.empty())
      std::erase_if(resources, [this](const auto& r) { return services.count(otel::service_name(r.resource)) == 0; });
    if constexpr (std::is_same_v<Data, otel::logs_data>) {
      if (min_severity > 0)
        for (auto& rl : resources)
          for (auto& sl : rl.scope_logs)
            std::erase_if(sl.log_records, [this](const otel::log_record& l) {
              return l.severity_number != 0 && l.severity_number < min_severity;  // unset severity is kept
            });
    }
    if (!set.empty() || !remove.empty()) for_each_item(d, [this](otel::attributes& a) { edit(a); });
    return before - otel::item_count(d);
  }

 private:
  void edit(otel::attributes& attrs) const {
    for (const auto& key : remove) otel::remove_attribute(attrs, key);
    for (const auto& [key, value] : set) otel::set_attribute(attrs, key, value);
  }
  static void for_each_item(otel::traces_data& d, const std::function<void(otel::attributes&)>& f) {
    for (auto& rs : d.resource_spans)
      for (auto& ss : rs.scope_spans)
        for (auto& s : ss.spans) f(s.attributes);
  }
  static void for_each_item(otel::logs_data& d, const std::function<void(otel::attributes&)>& f) {
    for (auto& rl : d.resource_logs)
      for (auto& sl : rl.scope_logs)
        for (auto& l : sl.log_records) f(l.attributes);
  }
  static void for_each_item(otel::metrics_data& d, const std::function<void(otel::attributes&)>& f) {
    for (auto& rm : d.resource_metrics)
      for (auto& sm : rm.scope_metrics)
        for (auto& m : sm.metrics)
          std::visit(
              [&f](auto& data) {
                if constexpr (!std::is_same_v<std::decay_t<decltype(data)>, std::monostate>)
                  for (auto& p : data.data_points) f(p.attributes);
              },
              m.data);
  }
};

/// Items by signal.
struct signal_counter {
  std::atomic<std::uint64_t> by_signal[3] = {0, 0, 0};
};

/// OpenSearch field names cannot hold '.', which would make objects: Data Prepper's '@' instead.
std::string field_key(const std::string& key) {
  std::string out = key;
  std::replace(out.begin(), out.end(), '.', '@');
  return out;
}

/// An attribute as a typed JSON value (arrays, maps and bytes as their string form).
nlohmann::json field_value(const otel::any_value& v) {
  if (const auto* i = v.int64()) return *i;
  if (const auto* d = v.float64()) return std::isfinite(*d) ? nlohmann::json(*d) : nlohmann::json(otel::tag_value(v));
  if (const auto* b = v.boolean()) return *b;
  return otel::tag_value(v);
}

void add_fields(nlohmann::json& doc, const std::string& prefix, const otel::attributes& attrs) {
  for (const auto& kv : attrs) doc[prefix + field_key(kv.key)] = field_value(kv.value);
}

std::string rfc3339(std::uint64_t ns) { return aiops::format_rfc3339(static_cast<aiops::timestamp_ns>(ns), 9); }

/// Spans and log records as OpenSearch documents, in the layout of OpenSearch's Data Prepper
/// (`traceId`, `spanId`, `serviceName`, `span.attributes.http@route`...); spans get their span id as _id.
std::vector<aiops::es::bulk_action> opensearch_actions(const otel::traces_data& traces, const otel::logs_data& logs,
                                                       const std::string& prefix) {
  std::vector<aiops::es::bulk_action> out;
  static constexpr const char* kinds[] = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
                                          "SPAN_KIND_CLIENT",      "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"};
  for (const auto& rs : traces.resource_spans)
    for (const auto& ss : rs.scope_spans)
      for (const auto& s : ss.spans) {
        nlohmann::json doc{{"traceId", s.trace_id.hex()},
                           {"spanId", s.span_id.hex()},
                           {"parentSpanId", s.parent_span_id.empty() ? "" : s.parent_span_id.hex()},
                           {"name", s.name},
                           {"kind", kinds[static_cast<std::size_t>(s.kind) < 6 ? static_cast<std::size_t>(s.kind) : 0]},
                           {"startTime", rfc3339(s.start_time_unix_nano)},
                           {"endTime", rfc3339(s.end_time_unix_nano)},
                           {"durationInNanos", s.end_time_unix_nano - std::min(s.start_time_unix_nano, s.end_time_unix_nano)},
                           {"serviceName", otel::service_name(rs.resource)},
                           {"status.code", static_cast<int>(s.status.code)},
                           {"status.message", s.status.message},
                           {"instrumentationScope.name", ss.scope.name}};
        add_fields(doc, "span.attributes.", s.attributes);
        add_fields(doc, "resource.attributes.", rs.resource.attributes);
        out.push_back({aiops::es::bulk_op::index, prefix + "-spans", s.trace_id.hex() + "-" + s.span_id.hex(), doc.dump()});
      }
  // A record without an observed time was observed now, by this collector (OTLP's data model);
  // one without a time either happened then too (not in 1970).
  const auto now = static_cast<std::uint64_t>(aiops::wall_now());
  for (const auto& rl : logs.resource_logs)
    for (const auto& sl : rl.scope_logs)
      for (const auto& l : sl.log_records) {
        const std::uint64_t observed = l.observed_time_unix_nano != 0 ? l.observed_time_unix_nano : now;
        nlohmann::json doc{{"time", rfc3339(l.time_unix_nano != 0 ? l.time_unix_nano : observed)},
                           {"observedTime", rfc3339(observed)},
                           {"severityNumber", l.severity_number},
                           {"severityText", l.severity_text},
                           {"body", otel::tag_value(l.body)},
                           {"serviceName", otel::service_name(rl.resource)}};
        if (!l.trace_id.empty()) doc["traceId"] = l.trace_id.hex();
        if (!l.span_id.empty()) doc["spanId"] = l.span_id.hex();
        add_fields(doc, "log.attributes.", l.attributes);
        add_fields(doc, "resource.attributes.", rl.resource.attributes);
        out.push_back({aiops::es::bulk_op::index, prefix + "-logs", "", doc.dump()});
      }
  return out;
}

/// What is waiting for the exporters.
struct batch {
  otel::traces_data traces;
  otel::metrics_data metrics;
  otel::logs_data logs;
  std::size_t items = 0;
  std::size_t bytes = 0;
};

class collector {
 public:
  explicit collector(const collect_args& a) : args_(a) {
    for (const auto& kv : a.set_attributes) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) throw CLI::ValidationError("--set-attribute", "expected KEY=VALUE, got '" + kv + "'");
      procs_.set.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    procs_.remove = a.remove_attributes;
    procs_.min_severity = severity_number(a.min_severity);
    procs_.services.insert(a.services.begin(), a.services.end());
    if (!a.jsonl.empty()) {
      jsonl_.open(a.jsonl, std::ios::app | std::ios::binary);
      if (!jsonl_) throw aiops::error("aiops collect: cannot open " + a.jsonl + " for appending");
    }
    if (!a.zipkin.empty()) {
      aiops::http::client_options o;
      o.deadline = std::chrono::seconds(10);
      zipkin_ = std::make_unique<aiops::http::client>(a.zipkin, o);
    }
    if (!a.opensearch.empty()) opensearch_ = std::make_unique<aiops::es::client>(a.opensearch);
    if (a.trace_store > 0) store_ = std::make_unique<aiops::trace::store>(aiops::trace::store_limits{.max_traces = a.trace_store});
  }

  /// The trace store, or nullptr without --trace-store.
  const aiops::trace::store* trace_store() const noexcept { return store_.get(); }

  otel::receiver_handlers handlers() {
    return {.traces = [this](otel::traces_data&& d) { return take(std::move(d)); },
            .metrics = [this](otel::metrics_data&& d) { return take(std::move(d)); },
            .logs = [this](otel::logs_data&& d) { return take(std::move(d)); }};
  }

  void run_batches() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait_for(lock, std::chrono::milliseconds(args_.batch_timeout_ms),
                     [this] { return stopping_ || pending_.items >= args_.batch_size; });
      batch ready = std::move(pending_);
      pending_ = batch{};
      const bool last = stopping_;
      lock.unlock();
      export_batch(ready);
      lock.lock();
      in_flight_bytes_ = 0;
      if (last && pending_.items == 0) return;
    }
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
  }

  /// The collector's own counters and the converted OTLP metrics, in Prometheus text format.
  std::string metrics_page(const otel::receiver_stats& rx) const {
    std::string out = prom_.exposition();
    const auto family = [&out](const char* name, const char* type, const char* help) {
      out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
    };
    const auto per_signal = [&](const char* name, const char* help, const signal_counter& c) {
      family(name, "counter", help);
      for (int s = 0; s < 3; ++s)
        out += std::string(name) + "{signal=\"" + signal_names[s] + "\"} " + std::to_string(c.by_signal[s].load()) + "\n";
    };
    per_signal("aiops_collect_received_items_total", "Spans, data points and log records received.", received_);
    per_signal("aiops_collect_filtered_items_total", "Items dropped by the severity and service filters.", filtered_);
    per_signal("aiops_collect_refused_items_total", "Items refused with 503 because of the memory limit.", refused_);
    {
      std::lock_guard lock(mutex_);
      family("aiops_collect_exported_items_total", "counter", "Items the exporters delivered.");
      for (const auto& [key, n] : exported_)
        out += "aiops_collect_exported_items_total{exporter=\"" + key.first + "\",signal=\"" + key.second + "\"} " + std::to_string(n) + "\n";
      family("aiops_collect_export_failed_items_total", "counter", "Items an exporter failed to deliver (dropped).");
      for (const auto& [key, n] : failed_)
        out += "aiops_collect_export_failed_items_total{exporter=\"" + key.first + "\",signal=\"" + key.second + "\"} " + std::to_string(n) + "\n";
      family("aiops_collect_queue_bytes", "gauge", "Estimated bytes waiting for the exporters.");
      out += "aiops_collect_queue_bytes " + std::to_string(pending_.bytes + in_flight_bytes_) + "\n";
    }
    if (store_) {
      const auto gauge = [&](const char* name, const char* type, const char* help, std::uint64_t v) {
        family(name, type, help);
        out += std::string(name) + " " + std::to_string(v) + "\n";
      };
      gauge("aiops_collect_trace_store_traces", "gauge", "Traces held by the trace store.", store_->trace_count());
      gauge("aiops_collect_trace_store_spans", "gauge", "Spans held by the trace store.", store_->span_count());
      gauge("aiops_collect_trace_store_evicted_traces_total", "counter", "Oldest traces evicted to keep --trace-store traces.",
            store_->evicted_traces());
      gauge("aiops_collect_trace_store_evicted_spans_total", "counter", "Spans of the evicted traces.", store_->evicted_spans());
    }
    family("aiops_collect_requests_total", "counter", "OTLP/HTTP requests by outcome.");
    out += "aiops_collect_requests_total{outcome=\"bad_request\"} " + std::to_string(rx.bad_requests) + "\n";
    out += "aiops_collect_requests_total{outcome=\"unsupported_media_type\"} " + std::to_string(rx.unsupported) + "\n";
    out += "aiops_collect_requests_total{outcome=\"overloaded\"} " + std::to_string(rx.overloaded) + "\n";
    out += "aiops_collect_requests_total{outcome=\"all\"} " + std::to_string(rx.requests) + "\n";
    return out;
  }

  /// One JSON line: the counters, printed when the collector stops.
  std::string summary() const {
    std::string out = "{";
    const auto per_signal = [&out](const char* name, const signal_counter& c) {
      out += std::string(out.size() > 1 ? "," : "") + "\"" + name + "\":{";
      for (int s = 0; s < 3; ++s) out += std::string(s ? "," : "") + "\"" + signal_names[s] + "\":" + std::to_string(c.by_signal[s].load());
      out += "}";
    };
    per_signal("received", received_);
    per_signal("filtered", filtered_);
    per_signal("refused", refused_);
    std::lock_guard lock(mutex_);
    for (const auto* table : {&exported_, &failed_}) {
      out += table == &exported_ ? ",\"exported\":{" : ",\"failed\":{";
      bool first = true;
      for (const auto& [key, n] : *table) {
        out += std::string(first ? "" : ",") + "\"" + key.first + "." + key.second + "\":" + std::to_string(n);
        first = false;
      }
      out += "}";
    }
    if (store_)
      out += ",\"trace_store\":{\"traces\":" + std::to_string(store_->trace_count()) + ",\"spans\":" + std::to_string(store_->span_count()) +
             ",\"evicted_traces\":" + std::to_string(store_->evicted_traces()) + "}";
    return out + "}";
  }

 private:
  const collect_args& args_;
  processors procs_;
  otel::prometheus_converter prom_;
  std::ofstream jsonl_;
  std::unique_ptr<aiops::http::client> zipkin_;      // used by the batch thread only
  std::unique_ptr<aiops::es::client> opensearch_;    // used by the batch thread only
  std::unique_ptr<aiops::trace::store> store_;       // written by the batch thread, read by the query API's threads
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  batch pending_;
  std::size_t in_flight_bytes_ = 0;
  bool stopping_ = false;
  signal_counter received_, filtered_, refused_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> exported_, failed_;

  template <class Data>
  otel::export_result take(Data&& d) {
    constexpr int s = signal_index<Data>();
    received_.by_signal[s] += otel::item_count(d);
    filtered_.by_signal[s] += procs_.apply(d);
    const std::size_t items = otel::item_count(d);
    if (items == 0) return {};
    // The protobuf size is a fair, cheap-to-explain estimate of what the batch holds.
    const std::size_t bytes = args_.memory_limit_mib > 0 ? otel::encode_protobuf(d).size() : 0;
    std::lock_guard lock(mutex_);
    if (args_.memory_limit_mib > 0 &&
        static_cast<double>(pending_.bytes + in_flight_bytes_ + bytes) > args_.memory_limit_mib * 1024 * 1024) {
      refused_.by_signal[s] += items;
      return {{}, std::chrono::seconds(1)};
    }
    auto& into = resources_of(std::get<s>(std::tie(pending_.traces, pending_.metrics, pending_.logs)));
    for (auto& r : resources_of(d)) into.push_back(std::move(r));
    pending_.items += items;
    pending_.bytes += bytes;
    if (pending_.items >= args_.batch_size) wake_.notify_all();
    return {};
  }

  void count(std::map<std::pair<std::string, std::string>, std::uint64_t>& table, const char* exporter, int s, std::size_t n) {
    std::lock_guard lock(mutex_);
    table[{exporter, signal_names[s]}] += n;
  }

  void export_batch(batch& b) {
    {
      std::lock_guard lock(mutex_);
      in_flight_bytes_ = b.bytes;
    }
    if (b.items == 0) return;
    const std::size_t counts[3] = {otel::item_count(b.traces), otel::item_count(b.metrics), otel::item_count(b.logs)};
    if (jsonl_.is_open()) {
      if (counts[0] > 0) jsonl_ << otel::encode_json(b.traces) << '\n';
      if (counts[1] > 0) jsonl_ << otel::encode_json(b.metrics) << '\n';
      if (counts[2] > 0) jsonl_ << otel::encode_json(b.logs) << '\n';
      jsonl_.flush();
      for (int s = 0; s < 3; ++s)
        if (counts[s] > 0) count(jsonl_ ? exported_ : failed_, "jsonl", s, counts[s]);
    }
    if (!args_.prometheus.empty() && counts[1] > 0) {
      prom_.add(b.metrics);
      count(exported_, "prometheus", 1, counts[1]);
    }
    if (zipkin_ && counts[0] > 0) {
      aiops::http::request q;
      q.method = "POST";
      q.path = "/api/v2/spans";
      q.body = otel::to_zipkin_json(b.traces);
      q.content_type = "application/json";
      q.idempotent = true;
      try {
        aiops::http::client::ensure_ok(zipkin_->send(q));
        count(exported_, "zipkin", 0, counts[0]);
      } catch (const aiops::error& e) {
        count(failed_, "zipkin", 0, counts[0]);
        std::fprintf(stderr, "aiops collect: zipkin: %s\n", e.what());
      }
    }
    if (opensearch_ && counts[0] + counts[2] > 0) export_opensearch(b, counts[0], counts[2]);
    if (store_ && counts[0] > 0) {
      store_->add(b.traces);
      count(exported_, "trace_store", 0, counts[0]);
    }
  }

  /// Spans and log records through `_bulk` (429/503 items retried by aiops::es), counted per item.
  void export_opensearch(const batch& b, std::size_t spans, std::size_t logs) {
    std::size_t failed_spans = 0;
    std::size_t failed_logs = 0;
    try {
      aiops::es::bulk_options options;
      const std::string spans_index = args_.index_prefix + "-spans";
      options.on_failure = [&](const aiops::es::bulk_failure& f) {
        ++(f.index == spans_index ? failed_spans : failed_logs);
      };
      const auto report = opensearch_->bulk(opensearch_actions(b.traces, b.logs, args_.index_prefix), options);
      if (report.failed > 0) std::fprintf(stderr, "aiops collect: opensearch: %s\n", report.describe().c_str());
    } catch (const aiops::error& e) {
      failed_spans = spans;
      failed_logs = logs;
      std::fprintf(stderr, "aiops collect: opensearch: %s\n", e.what());
    }
    if (spans > 0) {
      count(exported_, "opensearch", 0, spans - failed_spans);
      if (failed_spans > 0) count(failed_, "opensearch", 0, failed_spans);
    }
    if (logs > 0) {
      count(exported_, "opensearch", 2, logs - failed_logs);
      if (failed_logs > 0) count(failed_, "opensearch", 2, failed_logs);
    }
  }
};

/// An HTTP server on its own thread, stopped (requests in flight finished) when destroyed.
class background_server {
 public:
  httplib::Server server;

  /// Binds HOST:PORT (port 0: any free port) and serves; returns the port.
  int start(const std::string& address) {
    const auto [host, port] = host_port(address);
    const int bound = aiops::http::bind(server, host, port);
    if (bound < 0) throw aiops::error("aiops collect: cannot listen on " + address);
    thread_ = aiops::http::serve_in_background(server);
    return bound;
  }
  void stop() {
    if (!thread_.joinable()) return;
    server.stop();
    thread_.join();
  }
  ~background_server() { stop(); }

 private:
  std::thread thread_;
};

/// Zipkin's v2 read API on the store, under /api/v2/.
void serve_queries(httplib::Server& server, const aiops::trace::store& db) {
  server.Get(R"(/api/v2/.*)", [&db](const httplib::Request& q, httplib::Response& r) {
    aiops::trace::query_params params;
    for (const auto& [key, value] : q.params) params.emplace(key, value);  // the first of a repeated parameter wins
    const auto now_ms = aiops::wall_now() / aiops::ns_per_millisecond;
    const auto answer = aiops::trace::zipkin_query(db, q.path, params, static_cast<std::uint64_t>(now_ms));
    r.status = answer.status;
    r.set_content(answer.body, answer.content_type);
  });
}

void collect(const collect_args& args) {
  collector c(args);
  otel::receiver rx(c.handlers());
  background_server otlp;
  rx.attach(otlp.server);
  background_server query;
  if (const auto* db = c.trace_store()) serve_queries(args.query.empty() ? otlp.server : query.server, *db);
  background_server metrics;
  if (!args.prometheus.empty()) {
    metrics.server.Get("/metrics", [&c, &rx](const httplib::Request&, httplib::Response& r) {
      r.set_content(c.metrics_page(rx.stats()), "text/plain; version=0.0.4; charset=utf-8");
    });
    std::fprintf(stderr, "aiops collect: /metrics on http://%s:%d/metrics\n", host_port(args.prometheus).first.c_str(),
                 metrics.start(args.prometheus));
  }
  const int port = otlp.start(args.listen);
  const std::string host = host_port(args.listen).first;
  std::fprintf(stderr, "aiops collect: OTLP/HTTP on http://%s:%d (/v1/traces, /v1/metrics, /v1/logs)\n", host.c_str(), port);
  if (c.trace_store() != nullptr) {
    const int query_port = args.query.empty() ? port : query.start(args.query);
    const std::string query_host = args.query.empty() ? host : host_port(args.query).first;
    std::fprintf(stderr, "aiops collect: Zipkin read API on http://%s:%d/api/v2/ (the last %zu traces)\n", query_host.c_str(), query_port,
                 args.trace_store);
  }
  std::thread batches([&c] { c.run_batches(); });

  stop_requested = false;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  const auto start = std::chrono::steady_clock::now();
  while (!stop_requested &&
         (args.duration <= 0 || std::chrono::steady_clock::now() - start < std::chrono::duration<double>(args.duration)))
    std::this_thread::sleep_for(std::chrono::milliseconds(50));

  otlp.stop();  // requests in flight finish, then the last batch is exported
  c.stop();
  batches.join();
  query.stop();
  metrics.stop();
  std::printf("%s\n", c.summary().c_str());
}

const aiops::app::register_command reg{{"collect", "Receive OTLP/HTTP, process, export (JSONL, Prometheus, Zipkin, OpenSearch, a queryable trace store)", [](CLI::App& sub) {
  auto args = std::make_shared<collect_args>();
  sub.add_option("--listen", args->listen, "OTLP/HTTP address HOST:PORT")->capture_default_str();
  sub.add_option("--jsonl", args->jsonl, "append each batch as OTLP/JSON lines to this file");
  sub.add_option("--prometheus", args->prometheus, "serve /metrics (converted OTLP metrics and own counters) on HOST:PORT");
  sub.add_option("--zipkin", args->zipkin, "Zipkin base URL: spans are POSTed to /api/v2/spans");
  sub.add_option("--opensearch", args->opensearch, "OpenSearch/Elasticsearch URL: spans and log records go to PREFIX-spans and PREFIX-logs");
  sub.add_option("--index-prefix", args->index_prefix, "index name prefix for --opensearch")->capture_default_str();
  sub.add_option("--batch-size", args->batch_size, "export when this many items wait")->capture_default_str()->check(CLI::Range(1, 1 << 20));
  sub.add_option("--batch-timeout", args->batch_timeout_ms, "export at least this often (ms)")->capture_default_str()->check(CLI::Range(1, 3600000));
  sub.add_option("--set-attribute", args->set_attributes, "KEY=VALUE set on every span, data point and log record");
  sub.add_option("--remove-attribute", args->remove_attributes, "KEY removed from every span, data point and log record");
  sub.add_option("--min-severity", args->min_severity, "drop log records below this severity (1-24 or INFO, WARN...)");
  sub.add_option("--service", args->services, "keep only telemetry of this service.name (repeatable)");
  sub.add_option("--memory-limit-mib", args->memory_limit_mib, "answer 503 + Retry-After while more than this waits")->check(CLI::NonNegativeNumber);
  auto* store = sub.add_option("--trace-store", args->trace_store,
                               "keep the last N traces in memory (oldest evicted) and serve Zipkin's read API /api/v2/ on them")
                    ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  sub.add_option("--query", args->query, "serve the read API on this HOST:PORT instead of --listen's")->needs(store);
  sub.add_option("--duration", args->duration, "stop after this many seconds (default: at SIGINT/SIGTERM)")->check(CLI::NonNegativeNumber);
  sub.callback([args] { collect(*args); });
}}};

}  // namespace cmd_collect
