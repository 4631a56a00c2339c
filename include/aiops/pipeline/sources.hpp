// aiops: a pipeline's sources: log files (followed through rotation), an OpenSearch index read
// incrementally by time + search_after, PromQL query_range, and an OTLP/HTTP receiver; each one
// saves and restores its position so a restarted pipeline neither skips nor rereads
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min, std::max
#include <chrono>       // system_clock
#include <cmath>        // std::llround
#include <cstdint>      // std::uint64_t
#include <deque>        // std::deque
#include <functional>   // std::function
#include <memory>       // std::unique_ptr
#include <mutex>        // std::mutex, std::lock_guard
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"
#include "aiops/es/client.hpp"
#include "aiops/es/query.hpp"
#include "aiops/otel/receiver.hpp"
#include "aiops/pipeline/config.hpp"
#include "aiops/pipeline/features.hpp"
#include "aiops/pipeline/offsets.hpp"
#include "aiops/pipeline/tail.hpp"
#include "aiops/prom/api.hpp"

AIOPS_BEGIN_NAMESPACE
namespace pipeline {

/// What a source hands the stages: log records, or metric values that are features already.
struct source_output {
  std::function<void(const record&)> on_record;
  /// A metric value at time `t` for the series `labels` (`feature` is the query's name).
  std::function<void(timestamp_ns t, const alert::label_set& labels, double value)> on_point;
  /// Lines (or documents) that did not give a record.
  std::function<void()> on_bad;
};

/// A source of a pipeline. Not thread-safe: the pipeline polls its sources from one thread.
class source {
 public:
  virtual ~source() = default;
  /// Hands out what is new, at most about `budget` items; returns how many were read.
  virtual std::size_t poll(const source_output& out, std::size_t budget) = 0;
  /// True when there is nothing more to read now (the next poll would return 0 but for new data).
  virtual bool caught_up() const = 0;
  /// True when it will never have more (a file source that does not follow, at its end).
  virtual bool finished() const { return false; }
  /// Where it is, for the state file: a restart continues from there.
  virtual nlohmann::json save() const = 0;
  virtual void restore(const nlohmann::json& j) = 0;
};

/// Log files, each followed through rename+create and copytruncate rotation; lines are parsed
/// with the source's format. Offsets are those of the next line to read.
class file_source final : public source {
 public:
  /// @throws std::invalid_argument for a bad format (its message).
  explicit file_source(const source_config& c) : config_(c), parser_(make_parser(c)) {
    for (const auto& p : c.paths) files_.push_back({p, nullptr});
  }

  std::size_t poll(const source_output& out, std::size_t budget) override {
    std::size_t read = 0;
    caught_up_ = true;
    for (auto& f : files_) {
      if (!f.file) {
        if (!identify(f.path)) continue;
        f.file = std::make_unique<tailed_file>(f.path, 0);
      }
      const auto on_line = [&](const line_event& e) {
        ++read;
        if (e.skipped || e.truncated || trim(e.text).empty()) return;
        if (parser_.parse(e.text, record_)) {
          out.on_record(record_);
        } else if (out.on_bad) {
          out.on_bad();
        }
      };
      const std::size_t bytes = f.file->read_available(on_line, budget * 128);
      if (bytes >= budget * 128) caught_up_ = false;
      if (bytes > 0) continue;
      const auto now = identify(f.path);
      if (config_.follow && (!now || *now != f.file->id())) {
        // Rotated by rename: the old file is complete (read to its end above); start on the new one.
        f.file->finish(on_line);
        f.file = now ? std::make_unique<tailed_file>(f.path, 0) : nullptr;
        caught_up_ = false;
      } else if (config_.follow && f.file->truncated()) {
        f.file->rewind();
        caught_up_ = false;
      } else if (!config_.follow && !f.done) {
        f.file->finish(on_line);
        f.done = true;
      }
    }
    return read;
  }

  bool caught_up() const override { return caught_up_; }
  bool finished() const override {
    if (config_.follow) return false;
    for (const auto& f : files_)
      if (!f.done && identify(f.path)) return false;
    return true;
  }

  nlohmann::json save() const override {
    std::vector<file_offset> offsets;
    for (const auto& f : files_)
      if (f.file) offsets.push_back({f.path, f.file->id(), f.file->position()});
    return {{"files", offsets_to_json(offsets)}};
  }

  void restore(const nlohmann::json& j) override {
    if (!j.is_object() || !j.contains("files")) return;
    for (const auto& o : offsets_from_json(j["files"])) {
      for (auto& f : files_) {
        if (f.path != o.path) continue;
        const auto now = identify(f.path);
        if (now && *now == o.id) f.file = std::make_unique<tailed_file>(f.path, o.offset);
        // A file rotated away while the pipeline was down starts over with the new one.
      }
    }
  }

 private:
  struct followed {
    std::string path;
    std::unique_ptr<tailed_file> file;
    bool done = false;
  };

  static line_parser make_parser(const source_config& c) {
    auto p = line_parser::make(c.parse, c.errors);
    if (!p) throw std::invalid_argument("source " + c.name + ": parse: " + p.error().message);
    return std::move(*p);
  }

  source_config config_;
  line_parser parser_;
  std::vector<followed> files_;
  record record_;
  bool caught_up_ = false;
};

/// An OpenSearch/Elasticsearch index read in `@timestamp` order (ties by `tiebreaker`), each
/// poll continuing after the last document read (`search_after`), up to `delay` before now.
class opensearch_source final : public source {
 public:
  explicit opensearch_source(const source_config& c, es::client_options options = {})
      : config_(c), client_(c.url, std::move(options)) {}

  std::size_t poll(const source_output& out, std::size_t budget) override {
    std::size_t read = 0;
    caught_up_ = false;
    const timestamp_ns until = wall_now() - std::chrono::duration_cast<std::chrono::nanoseconds>(config_.delay).count();
    while (read < budget) {
      es::search_request r;
      r.query = es::bool_query().filter(es::query_string(config_.query)).filter(es::range(config_.time_field).lte(es::date_value(until)));
      r.size = std::int64_t(std::min(config_.page_size, budget - read));
      r.sort = {{config_.time_field}, {config_.tiebreaker}};
      r.track_total_hits = false;
      if (!after_.is_null()) r.search_after = after_;
      const es::search_response page = client_.search(config_.index, r);
      for (const auto& h : page.hits) {
        ++read;
        after_ = h.sort;
        if (!to_record(h.source)) {
          if (out.on_bad) out.on_bad();
          continue;
        }
        out.on_record(record_);
      }
      if (std::int64_t(page.hits.size()) < r.size) {
        caught_up_ = true;
        break;
      }
    }
    return read;
  }

  bool caught_up() const override { return caught_up_; }
  nlohmann::json save() const override { return {{"search_after", after_}}; }
  void restore(const nlohmann::json& j) override {
    if (j.is_object() && j.contains("search_after") && j["search_after"].is_array()) after_ = j["search_after"];
  }

 private:
  // A dotted name in a document: nested objects ({"http":{"response":...}}) or a flat key.
  static const nlohmann::json* field(const nlohmann::json& doc, const std::string& name) {
    if (const auto it = doc.find(name); it != doc.end()) return &*it;
    const nlohmann::json* at = &doc;
    for (std::string_view part : split(name, '.')) {
      if (!at->is_object()) return nullptr;
      const auto it = at->find(std::string(part));
      if (it == at->end()) return nullptr;
      at = &*it;
    }
    return at;
  }

  bool to_record(const nlohmann::json& doc) {
    record_ = record{};
    const nlohmann::json* t = field(doc, config_.time_field);
    if (!t) return false;
    if (t->is_string()) {
      const auto parsed = parse_any_time(t->get<std::string>());
      if (!parsed) return false;
      record_.time = *parsed;
    } else if (t->is_number()) {
      record_.time = timestamp_ns(t->get<double>() * 1e6);  // epoch_millis
    } else {
      return false;
    }
    const nlohmann::json* m = field(doc, config_.message_field);
    message_ = m && m->is_string() ? m->get<std::string>() : std::string();
    int status = 0;
    if (const auto* s = field(doc, "http.response.status_code"); s && s->is_number()) {
      status = s->get<int>();
      const auto* method = field(doc, "http.request.method");
      const auto* path = field(doc, "url.path");
      if (method && method->is_string() && path && path->is_string()) {  // access logs: mine routes, as files do
        message_ = std::to_string(status) + " " + method->get<std::string>() + " ";
        append_route(message_, path->get<std::string>());
      }
    }
    if (const auto* d = field(doc, "event.duration"); d && d->is_number()) record_.latency = d->get<double>() / 1e9;
    const auto* level = field(doc, "log.level");
    record_.error = is_error(config_.errors, status, level && level->is_string() ? level->get_ref<const std::string&>() : std::string_view(), message_);
    record_.message = message_;
    return true;
  }

  source_config config_;
  es::client client_;
  nlohmann::json after_;
  record record_;
  std::string message_;
  bool caught_up_ = false;
};

/// PromQL queries evaluated with `query_range` over the time since the last poll, one point per
/// `step`; each query's result series become features named after the query.
class prometheus_source final : public source {
 public:
  explicit prometheus_source(const source_config& c, http::client_options options = {})
      : config_(c), api_(c.url, std::move(options)) {
    if (!c.start.empty()) {
      const auto t = parse_rfc3339(c.start);
      if (!t) throw std::invalid_argument("source " + c.name + ": start: " + t.error().message);
      next_ = *t;
    }
  }

  std::size_t poll(const source_output& out, std::size_t budget) override {
    const timestamp_ns step = std::chrono::duration_cast<std::chrono::nanoseconds>(config_.step).count();
    const timestamp_ns until = wall_now() - std::chrono::duration_cast<std::chrono::nanoseconds>(config_.delay).count();
    if (next_ == 0) next_ = (until - std::chrono::duration_cast<std::chrono::nanoseconds>(config_.lookback).count()) / step * step;
    // At most `budget` steps (and Prometheus' 11000 points) per poll.
    const timestamp_ns end = std::min(until / step * step, next_ + step * timestamp_ns(std::min<std::size_t>(budget, 10'000) - 1));
    caught_up_ = end >= until / step * step;
    if (end < next_) return 0;
    std::size_t read = 0;
    for (const auto& [name, promql] : config_.queries) {
      const prom::query_result r = api_.query_range(promql, double(next_) / 1e9, double(end) / 1e9, double(step) / 1e9);
      for (const auto& s : r.matrix) {
        alert::label_set labels(s.metric.begin(), s.metric.end());
        labels.erase("__name__");
        labels["source"] = config_.name;
        labels["feature"] = name;
        for (const auto& p : s.points) {
          out.on_point(timestamp_ns(std::llround(p.time * 1e3)) * ns_per_millisecond, labels, p.value);
          ++read;
        }
      }
    }
    next_ = end + step;
    return read;
  }

  bool caught_up() const override { return caught_up_; }
  nlohmann::json save() const override { return {{"next", next_}}; }
  void restore(const nlohmann::json& j) override {
    if (j.is_object() && j.contains("next") && j["next"].is_number_integer()) next_ = j["next"].get<timestamp_ns>();
  }

 private:
  source_config config_;
  prom::api_client api_;
  timestamp_ns next_ = 0;
  bool caught_up_ = false;
};

/// An OTLP/HTTP receiver: spans (message: the span name, latency: its duration, error: status
/// ERROR) and log records (message: the body, error: severity ERROR or above) wait in a bounded
/// queue; when it is full, exporters are told to retry later (HTTP 503). What was received but
/// not yet processed when the pipeline stops is lost: OTLP cannot be replayed.
class otlp_source final : public source {
 public:
  /// @throws otel::receiver_error when `listen` cannot be bound.
  explicit otlp_source(const source_config& c) : config_(c), receiver_(handlers()) {
    const std::size_t colon = c.listen.rfind(':');
    const auto port = parse_int(colon == std::string::npos ? std::string_view() : std::string_view(c.listen).substr(colon + 1));
    if (!port) throw std::invalid_argument("source " + c.name + ": listen: HOST:PORT expected, not '" + c.listen + "'");
    receiver_.start(c.listen.substr(0, colon), int(*port));
  }
  ~otlp_source() override { receiver_.stop(); }

  int port() const noexcept { return receiver_.port(); }

  std::size_t poll(const source_output& out, std::size_t budget) override {
    std::deque<queued> batch;
    {
      std::lock_guard lock(mutex_);
      const std::size_t n = std::min(budget, queue_.size());
      batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.begin() + std::ptrdiff_t(n)));
      queue_.erase(queue_.begin(), queue_.begin() + std::ptrdiff_t(n));
      caught_up_ = queue_.empty();
    }
    for (const auto& q : batch) {
      record r;
      r.time = q.time;
      r.message = q.message;
      r.error = q.error;
      r.latency = q.latency;
      out.on_record(r);
    }
    return batch.size();
  }

  bool caught_up() const override { return caught_up_; }
  nlohmann::json save() const override { return nlohmann::json::object(); }
  void restore(const nlohmann::json&) override {}

 private:
  struct queued {
    timestamp_ns time;
    std::string message;
    bool error;
    double latency;
  };

  otel::receiver_handlers handlers() {
    otel::receiver_handlers h;
    h.traces = [this](otel::traces_data&& d) {
      std::vector<queued> items;
      for (const auto& rs : d.resource_spans)
        for (const auto& ss : rs.scope_spans)
          for (const auto& s : ss.spans)
            items.push_back({timestamp_ns(s.start_time_unix_nano), s.name, s.status.code == otel::status_code::error,
                             double(s.end_time_unix_nano - std::min(s.start_time_unix_nano, s.end_time_unix_nano)) / 1e9});
      return push(std::move(items));
    };
    h.logs = [this](otel::logs_data&& d) {
      std::vector<queued> items;
      for (const auto& rl : d.resource_logs)
        for (const auto& sl : rl.scope_logs)
          for (const auto& l : sl.log_records) {
            const auto* body = std::get_if<std::string>(&l.body.value);
            const bool error = l.severity_number >= 17 || is_error(config_.errors, 0, l.severity_text, body ? *body : "");
            items.push_back({timestamp_ns(l.time_unix_nano ? l.time_unix_nano : l.observed_time_unix_nano),
                             body ? *body : std::string(), error, std::numeric_limits<double>::quiet_NaN()});
          }
      return push(std::move(items));
    };
    return h;
  }

  otel::export_result push(std::vector<queued>&& items) {
    std::lock_guard lock(mutex_);
    if (queue_.size() + items.size() > config_.queue) {
      otel::export_result full;
      full.retry_after = std::chrono::seconds(1);
      return full;
    }
    for (auto& i : items) queue_.push_back(std::move(i));
    return {};
  }

  source_config config_;
  std::mutex mutex_;
  std::deque<queued> queue_;
  bool caught_up_ = true;
  otel::receiver receiver_;
};

/// The source a configuration describes. @throws std::invalid_argument for a bad one.
inline std::unique_ptr<source> make_source(const source_config& c) {
  switch (c.kind) {
    case source_kind::file: return std::make_unique<file_source>(c);
    case source_kind::opensearch: return std::make_unique<opensearch_source>(c);
    case source_kind::prometheus: return std::make_unique<prometheus_source>(c);
    case source_kind::otlp: return std::make_unique<otlp_source>(c);
  }
  throw std::invalid_argument("unknown source kind");
}

}  // namespace pipeline
AIOPS_END_NAMESPACE
