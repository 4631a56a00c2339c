// aiops: `aiops ship` internals: one log line to one Elastic Common Schema document, for every format
// SPDX-License-Identifier: MIT
#pragma once

#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include <aiops/core.hpp>
#include <aiops/es.hpp>
#include <aiops/logs.hpp>

#include "../analyze/detect.hpp"

namespace aiops::app::ship {

namespace detail {

// A dotted name a document accepts: no empty part ("a..b", ".a", "a." come from odd JSON keys).
inline bool usable_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  return name.find("..") == std::string_view::npos;
}

// @timestamp from a field's text: RFC 3339, nginx/HTTP time, epoch seconds, or a syslog time.
inline std::optional<timestamp_ns> read_time(std::string_view text, int year) {
  if (auto t = parse_any_time(text)) return *t;
  if (auto t = parse_syslog_time(text, year)) return *t;
  return std::nullopt;
}

}  // namespace detail

/// Turns lines of one format into documents with ECS names. Every line becomes a document: one
/// that does not parse keeps its text in `message` and gets `tags: ["_parse_failure"]` and
/// `error.message`, so nothing is dropped.
///
/// Fields: `message` is the line (replaced by the format's own message part for syslog, JSON,
/// logfmt and grok patterns that capture `message`), `log.file.path`, `log.offset`, then
///   - access logs: `@timestamp`, `source.ip`, `user.name`, `http.request.method`, `url.path`,
///     `url.query`, `http.version`, `http.request.referrer`, `user_agent.original`,
///     `http.response.status_code`, `http.response.body.bytes`, `event.duration` (ns);
///   - syslog: `@timestamp`, `host.hostname`, `process.name`, `process.pid`, `log.syslog.*`, `log.level`
///     (also for access logs through syslog, their message then read as the access line);
///   - JSON lines, logfmt and LogHub log formats: their own fields (nested keys dotted), `@timestamp` from
///     `@timestamp`/`timestamp`/`time`/`ts`, `log.level` from `level`/`lvl`/`severity`;
///   - grok: the pattern's captures (typed with `:int`/`:float`), `@timestamp` from `timestamp`.
class line_mapper {
 public:
  /// `format` as `aiops analyze --format` takes it (empty: detected from `sample`), unless
  /// `grok_patterns` is not empty. @throws aiops::error for a bad format or pattern.
  line_mapper(const std::string& format, const std::vector<std::string>& grok_patterns,
              const std::vector<std::string>& pattern_files, const std::vector<std::string>& sample, int year)
      : year_(year) {
    if (!grok_patterns.empty()) {
      logs::grok_library library = logs::grok_library::standard();
      for (const auto& file : pattern_files) {
        if (auto loaded = library.load(file); !loaded) {
          throw error("--grok-patterns " + file + ": " + loaded.error().message);
        }
      }
      auto compiled = logs::grok::compile(std::span<const std::string>(grok_patterns), library);
      if (!compiled) {
        throw error("bad --grok pattern: " + compiled.error().message + " (column " +
                    std::to_string(compiled.error().column) + ")");
      }
      grok_ = std::move(*compiled);
      label_ = "grok";
      return;
    }
    chosen_ = analyze::choose_format(format, sample, year);
    label_ = chosen_->label;
    if (chosen_->loghub) loghub_.emplace(*chosen_->loghub);
    if (chosen_->w3c) {  // a later #Fields: directive changes the fields of the lines after it
      w3c_.emplace(*chosen_->w3c);
      logs::access_record directive;
      (void)w3c_->parse_into(chosen_->access->text(), directive);  // the sample's, for a file resumed mid-way
    }
  }

  /// The format's name, for messages ("nginx log_format", "syslog", "grok"...).
  const std::string& label() const noexcept { return label_; }

  /// For a W3C extended log, a directive line (#Version:, #Fields:, ...) is no record: it is not
  /// shipped (Filebeat's IIS module drops them too), but a #Fields: changes the fields of the
  /// lines after it. Returns nullopt for any other line, else an empty string, or why the
  /// #Fields: directive cannot be used (the records after it then fail until the next one).
  std::optional<std::string> directive(std::string_view line) {
    if (!w3c_ || !line.starts_with('#')) return std::nullopt;
    logs::access_record ignored;
    const auto why = w3c_->parse_into(line, ignored);
    if (why && why->code != errc::comment) return describe(*why);
    return std::string();
  }

  /// Fills `doc` (cleared first) from `line`; returns an empty string when the line parsed, else why not.
  std::string map(std::string_view line, std::string_view file_path, std::int64_t offset, es::document& doc) {
    doc.clear();
    std::string why;
    std::optional<std::string> message;  // the format's own message part, when it has one
    if (grok_) {
      why = map_grok(line, doc, message);
    } else {
      switch (chosen_->kind) {
        case analyze::log_kind::access: why = map_access(line, doc, message); break;
        case analyze::log_kind::syslog: why = map_syslog(line, doc, message); break;
        case analyze::log_kind::json: why = map_fields(json_(line), doc, message); break;
        case analyze::log_kind::logfmt: why = map_fields(logfmt_(line), doc, message); break;
        case analyze::log_kind::text: why = map_fields(text_(line), doc, message); break;
        case analyze::log_kind::loghub: why = map_fields((*loghub_)(line), doc, message); break;
      }
    }
    es::ecs::add_origin(doc, file_path, offset, line);
    if (message) doc.set("message", *message);
    if (!why.empty()) {
      doc.set_json("tags", R"(["_parse_failure"])");
      doc.set("error.message", why);
    }
    return why;
  }

 private:
  static std::string describe(const failure& f) {
    return (f.column != 0 ? "column " + std::to_string(f.column) + ": " : std::string()) + f.message;
  }

  std::string map_access(std::string_view line, es::document& doc, std::optional<std::string>& message) {
    if (chosen_->in_syslog) {  // HAProxy's way: a syslog header, then the access line as its message
      if (std::string why = map_syslog(line, doc, message); !why.empty()) return why;
      line = *message;
    }
    const auto r = w3c_ ? w3c_->parse(line) : chosen_->access->parse(line);
    if (!r) return describe(r.error());
    es::ecs::add(doc, es::ecs::http_request_of(*r));
    return {};
  }

  std::string map_syslog(std::string_view line, es::document& doc, std::optional<std::string>& message) const {
    const auto r = logs::parse_syslog(line, year_);
    if (!r) return describe(r.error());
    if (r->time) doc.set_time("@timestamp", *r->time);
    if (!r->host.empty()) doc.set("host.hostname", r->host);
    if (!r->app.empty()) doc.set("process.name", r->app);
    if (const auto pid = parse_int(r->pid)) doc.set("process.pid", *pid);
    if (!r->msgid.empty()) doc.set("log.syslog.msgid", r->msgid);
    if (r->priority >= 0) {
      doc.set("log.syslog.priority", r->priority);
      doc.set("log.syslog.facility.code", r->facility());
      doc.set("log.syslog.severity.code", r->severity());
      doc.set("log.level", logs::severity_name(r->severity()));
    }
    message = std::string(r->message);
    return {};
  }

  // Where a line's own top-level field goes when the ECS mapping makes its name an object (a
  // string there was dropped, or rejected by the index): into the ECS field that means it, else
  // beside it as NAME_value.
  static std::string_view ecs_name(std::string_view key) {
    static constexpr std::pair<std::string_view, std::string_view> meaning[] = {
        {"error", "error.message"},     {"user", "user.name"},   {"host", "host.hostname"},
        {"source", "source.address"},   {"event", "event.action"}, {"url", "url.original"},
        {"user_agent", "user_agent.original"}, {"log", "log.original"}, {"http", "http_value"}, {"process", "process_value"}};
    for (const auto& [name, target] : meaning)
      if (key == name) return target;
    return key;
  }

  std::string map_fields(const result<logs::kv_record>& r, es::document& doc, std::optional<std::string>& message) const {
    if (!r) return describe(r.error());
    std::optional<timestamp_ns> time;
    std::optional<std::string> docker_log;  // Docker's json-file: {"log":"the line\n","stream":...}
    for (const auto& f : *r) {
      if (!detail::usable_name(f.key)) continue;
      const std::string_view key = f.kind == logs::value_kind::object ? f.key : ecs_name(f.key);
      switch (f.kind) {
        case logs::value_kind::string: doc.set(key, f.value); break;
        case logs::value_kind::number:
        case logs::value_kind::boolean:
        case logs::value_kind::null:
        case logs::value_kind::array: doc.set_json(key, f.value); break;
        case logs::value_kind::object: break;  // an empty object says nothing
        case logs::value_kind::none: doc.set(key, true); break;
      }
      if (f.key == "log" && f.kind == logs::value_kind::string) docker_log = std::string(trim(f.value));
      if (!time && (f.key == "@timestamp" || f.key == "timestamp" || f.key == "time" || f.key == "ts")) {
        time = detail::read_time(f.value, year_);
      }
      if (f.key == "level" || f.key == "lvl" || f.key == "severity") doc.set("log.level", to_lower(f.value));
      if ((f.key == "msg" || f.key == "message") && f.kind == logs::value_kind::string) message = std::string(f.value);
    }
    if (!message && docker_log) message = std::move(docker_log);
    if (time) doc.set_time("@timestamp", *time);
    return {};
  }

  std::string map_grok(std::string_view line, es::document& doc, std::optional<std::string>& message) const {
    const auto r = grok_->parse(line);
    if (!r) return describe(r.error());
    for (const auto& f : *r) {
      if (!detail::usable_name(f.name)) continue;
      switch (f.type) {
        case logs::grok_type::integer: doc.set(f.name, f.integer); break;
        case logs::grok_type::floating: doc.set(f.name, f.floating); break;
        case logs::grok_type::string: doc.set(f.name, f.text); break;
      }
      if (f.name == "message") message = std::string(f.text);
    }
    for (const char* name : {"@timestamp", "timestamp"}) {
      if (const auto text = r->get(name)) {
        if (const auto t = detail::read_time(*text, year_)) {
          doc.set_time("@timestamp", *t);
          break;
        }
      }
    }
    return {};
  }

  int year_;
  std::string label_;
  std::optional<analyze::chosen_format> chosen_;
  std::optional<logs::grok> grok_;
  logs::json_parser json_;
  logs::logfmt_parser logfmt_;
  logs::text_parser text_{year_};
  std::optional<analyze::loghub_format_parser> loghub_;  // for a LogHub log-format string
  std::optional<logs::w3c_parser> w3c_;                  // for a W3C extended log (IIS, CloudFront)
};

}  // namespace aiops::app::ship
