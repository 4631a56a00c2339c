// aiops: the parse and feature stages of a pipeline: a log line to a record (time, message,
// error, latency), and records to per-window features (lines, errors, error rate, new
// templates, counts per template, latency quantiles)
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>        // std::log, std::exp, std::isfinite, NAN
#include <cstdint>      // std::uint64_t
#include <limits>       // std::numeric_limits
#include <map>          // std::map
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <variant>      // std::variant
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/alert/series.hpp"
#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"
#include "aiops/logs/access.hpp"
#include "aiops/logs/grok.hpp"
#include "aiops/logs/json.hpp"
#include "aiops/logs/logfmt.hpp"
#include "aiops/logs/syslog.hpp"
#include "aiops/logs/text.hpp"
#include "aiops/pipeline/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace pipeline {

/// One event of a source, as the feature stage sees it.
struct record {
  timestamp_ns time = 0;
  std::string_view message;  ///< what templates are mined from (valid until the next record)
  bool error = false;
  double latency = std::numeric_limits<double>::quiet_NaN();  ///< seconds; NaN when unknown
};

/// Whether a record with this status, level and message is an error by `e`.
inline bool is_error(const error_config& e, int status, std::string_view level, std::string_view message) {
  if (status >= e.min_status && e.min_status > 0) return true;
  for (const auto& l : e.levels)
    if (!level.empty() && iequals(level, l)) return true;
  for (const auto& c : e.contains)
    if (message.find(c) != std::string_view::npos) return true;
  return false;
}

/// "/api/v1/orders/4873020" -> "/api/v1/orders/<*>": numeric path segments are parameters.
inline void append_route(std::string& out, std::string_view path) {
  std::size_t i = 0;
  while (i <= path.size()) {
    const std::size_t slash = path.find('/', i);
    const std::string_view segment = path.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
    const bool id = !segment.empty() && segment.find_first_not_of("0123456789") == std::string_view::npos;
    out += id ? std::string_view("<*>") : segment;
    if (slash == std::string_view::npos) break;
    out += '/';
    i = slash + 1;
  }
}

/// The parse stage: turns lines of one format into records. Bad lines are counted, never thrown.
class line_parser {
 public:
  /// @returns a failure naming what is wrong with the format or a grok pattern.
  static result<line_parser> make(const parse_config& p, const error_config& errors) {
    line_parser lp;
    lp.config_ = p;
    lp.errors_ = errors;
    const std::string& f = p.format;
    if (f == "nginx" || f == "apache") {
      std::string_view fmt = p.log_format;
      if (f == "apache" && fmt == "combined") fmt = logs::apache_combined_format;
      if (f == "apache" && fmt == "common") fmt = logs::apache_common_format;
      auto a = f == "nginx" ? logs::access_format::nginx(fmt) : logs::access_format::apache(fmt);
      if (!a) return fail(a.error().code, "log_format: " + a.error().message, a.error().column);
      lp.kind_.emplace<logs::access_format>(std::move(*a));
    } else if (f == "syslog") {
      lp.kind_.emplace<logs::syslog_parser>(logs::syslog_parser{p.year});
    } else if (f == "json") {
      lp.kind_.emplace<logs::json_parser>();
    } else if (f == "logfmt") {
      lp.kind_.emplace<logs::logfmt_parser>();
    } else if (f == "text") {
      lp.kind_.emplace<logs::text_parser>(p.year);
    } else if (f == "grok") {
      if (p.grok.empty()) return fail(errc::syntax, "grok: at least one pattern is needed");
      auto g = logs::grok::compile(p.grok);
      if (!g) return fail(g.error().code, "grok: " + g.error().message, g.error().column);
      lp.kind_.emplace<logs::grok>(std::move(*g));
    } else {
      return fail(errc::syntax, "format: '" + f + "' is not one of nginx, apache, syslog, json, logfmt, text, grok");
    }
    return lp;
  }

  /// Parses `line` into `out` (its message stays valid until the next call); false when the
  /// line does not parse or has no time.
  bool parse(std::string_view line, record& out) {
    message_.clear();
    out = record{};
    return std::visit([&](auto& parser) { return parse_with(parser, line, out); }, kind_);
  }

 private:
  line_parser() = default;

  bool parse_with(const logs::access_format& format, std::string_view line, record& out) {
    const auto r = format.parse(line);
    if (!r || !r->has_time()) return false;
    out.time = r->time();
    message_ = std::to_string(r->status());
    message_ += ' ';
    message_ += r->method();
    message_ += ' ';
    append_route(message_, r->path());
    out.latency = r->request_time();
    out.error = is_error(errors_, r->status(), {}, message_);
    out.message = message_;
    return true;
  }

  bool parse_with(const logs::syslog_parser& parser, std::string_view line, record& out) {
    const auto r = parser(line);
    if (!r || !r->time) return false;
    out.time = *r->time;
    std::string_view msg = r->message;
    if (msg.starts_with("message repeated ")) {  // "message repeated 3 times: [ Failed password ...]"
      const std::size_t open = msg.find('[');
      msg = trim(msg.substr(open == std::string_view::npos ? msg.size() : open + 1));
      if (msg.ends_with(']')) msg.remove_suffix(1);
    }
    message_.assign(r->app);
    message_ += ": ";
    message_ += msg;
    const int severity = r->severity();
    out.error = (severity >= 0 && severity <= 3) || is_error(errors_, 0, {}, message_);
    out.message = message_;
    return true;
  }

  bool parse_with(logs::json_parser& parser, std::string_view line, record& out) { return parse_kv(parser, line, out); }
  bool parse_with(logs::logfmt_parser& parser, std::string_view line, record& out) { return parse_kv(parser, line, out); }
  bool parse_with(logs::text_parser& parser, std::string_view line, record& out) { return parse_kv(parser, line, out); }

  template <class KvParser>
  bool parse_kv(KvParser& parser, std::string_view line, record& out) {
    const auto r = parser.parse(line);
    if (!r) return false;
    const auto first = [&](const std::string& configured, std::initializer_list<std::string_view> usual) -> std::optional<std::string_view> {
      if (!configured.empty()) return r->get(configured);
      for (auto name : usual)
        if (auto v = r->get(name)) return v;
      return std::nullopt;
    };
    const auto t = first(config_.time_field, {"@timestamp", "timestamp", "time", "ts"});
    if (!t) return false;
    const auto time = parse_any_time(*t);
    if (!time) return false;
    out.time = *time;
    if (!config_.prefix_field.empty()) {
      message_ = r->get(config_.prefix_field).value_or("");
      message_ += ": ";
    }
    message_ += first(config_.message_field, {"message", "msg"}).value_or("");
    if (!config_.latency_field.empty()) out.latency = r->number(config_.latency_field).value_or(out.latency);
    const auto status = r->number("status");
    out.error = is_error(errors_, status ? int(*status) : 0, first(config_.level_field, {"level", "lvl", "severity"}).value_or(""), message_);
    out.message = message_;
    return true;
  }

  bool parse_with(const logs::grok& g, std::string_view line, record& out) {
    const auto r = g.parse(line);
    if (!r) return false;
    const auto t = r->get(config_.time_field.empty() ? "timestamp" : config_.time_field);
    if (!t) return false;
    auto time = parse_any_time(*t);
    if (!time) time = parse_syslog_time(*t, config_.year);
    if (!time) return false;
    out.time = *time;
    message_ = r->get(config_.message_field.empty() ? "message" : config_.message_field).value_or(line);
    if (!config_.latency_field.empty())
      if (const auto v = r->get(config_.latency_field)) out.latency = parse_double(*v).value_or(out.latency);
    const int status = int(r->integer("http.response.status_code").value_or(r->integer("status").value_or(0)));
    out.error = is_error(errors_, status, r->get(config_.level_field.empty() ? "level" : config_.level_field).value_or(""), message_);
    out.message = message_;
    return true;
  }

  parse_config config_;
  error_config errors_;
  std::variant<logs::access_format, logs::syslog_parser, logs::json_parser, logs::logfmt_parser, logs::text_parser, logs::grok> kind_{
      logs::syslog_parser{0}};
  std::string message_;
};

/// Latency quantiles in bounded memory: counts in log-spaced buckets 10% wide, from 0.1 ms up;
/// a quantile is accurate to about 5%.
class latency_histogram {
 public:
  void add(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return;
    ++buckets_[index(seconds)];
    ++count_;
  }
  std::uint64_t count() const noexcept { return count_; }
  /// The `q` quantile (0..1) in seconds; NaN when empty.
  double quantile(double q) const {
    if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
    const double rank = q * double(count_);
    std::uint64_t seen = 0;
    for (const auto& [i, n] : buckets_) {
      seen += n;
      if (double(seen) >= rank) return value(i);
    }
    return value(buckets_.rbegin()->first);
  }
  nlohmann::json to_json() const {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& [i, n] : buckets_) j.push_back({i, n});
    return j;
  }
  void from_json(const nlohmann::json& j) {
    *this = {};
    if (!j.is_array()) return;
    for (const auto& b : j)
      if (b.is_array() && b.size() == 2 && b[0].is_number_integer() && b[1].is_number_unsigned())
        buckets_[b[0].get<int>()] += b[1].get<std::uint64_t>(), count_ += b[1].get<std::uint64_t>();
  }

 private:
  static constexpr double floor_ = 1e-4;
  static int index(double s) { return s <= floor_ ? 0 : int(std::log(s / floor_) / std::log(1.1)) + 1; }
  static double value(int i) { return i == 0 ? floor_ : floor_ * std::exp((double(i) - 0.5) * std::log(1.1)); }
  std::map<int, std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
};

/// A feature value of one window: `aiops_feature{source="nginx",feature="errors"}`.
struct feature_point {
  alert::label_set labels;  ///< `source`, `feature`, and `template` for counts per template
  double value = 0;
};

/// The feature stage of one log source: counts what falls in the current window, and gives the
/// window's features when it closes.
class log_window {
 public:
  log_window() = default;
  log_window(std::string source, std::size_t max_templates) : source_(std::move(source)), max_templates_(max_templates) {}

  timestamp_ns start() const noexcept { return start_; }
  bool empty() const noexcept { return lines_ == 0; }
  void restart(timestamp_ns start) {
    const std::string source = source_;
    const std::size_t max = max_templates_;
    *this = log_window(source, max);
    start_ = start;
  }

  /// Counts a record whose message went to template `template_id` (`created`: a new template).
  void add(const record& r, std::size_t template_id, bool created) {
    ++lines_;
    errors_ += r.error;
    new_templates_ += created;
    if (template_id != 0 && (templates_.size() < max_templates_ || templates_.count(template_id))) ++templates_[template_id];
    latency_.add(r.latency);
  }

  /// The window's features. Templates seen in earlier windows (`known`) that did not occur in
  /// this one count 0, so their series stay regular.
  std::vector<feature_point> features(const std::vector<std::size_t>& known) const {
    std::vector<feature_point> out;
    const auto add = [&](const char* name, double v) { out.push_back({{{"source", source_}, {"feature", name}}, v}); };
    add("lines", double(lines_));
    add("errors", double(errors_));
    add("error_rate", lines_ ? double(errors_) / double(lines_) : 0.0);
    add("new_templates", double(new_templates_));
    if (latency_.count() > 0) {
      add("latency_p50", latency_.quantile(0.5));
      add("latency_p95", latency_.quantile(0.95));
      add("latency_p99", latency_.quantile(0.99));
    }
    std::map<std::size_t, std::uint64_t> counts;
    for (std::size_t id : known) counts[id] = 0;
    for (const auto& [id, n] : templates_) counts[id] = n;
    for (const auto& [id, n] : counts)
      out.push_back({{{"source", source_}, {"feature", "template"}, {"template", std::to_string(id)}}, double(n)});
    return out;
  }

  nlohmann::json to_json() const {
    nlohmann::json t = nlohmann::json::object();
    for (const auto& [id, n] : templates_) t[std::to_string(id)] = n;
    return {{"start", start_}, {"lines", lines_}, {"errors", errors_}, {"new_templates", new_templates_},
            {"templates", t}, {"latency", latency_.to_json()}};
  }
  void from_json(const nlohmann::json& j) {
    restart(j.value("start", timestamp_ns{0}));
    lines_ = j.value("lines", std::uint64_t{0});
    errors_ = j.value("errors", std::uint64_t{0});
    new_templates_ = j.value("new_templates", std::uint64_t{0});
    if (j.contains("templates") && j["templates"].is_object())
      for (const auto& [id, n] : j["templates"].items())
        if (n.is_number_unsigned()) templates_[std::size_t(parse_int(id).value_or(0))] = n.get<std::uint64_t>();
    if (j.contains("latency")) latency_.from_json(j["latency"]);
  }

 private:
  std::string source_;
  std::size_t max_templates_ = 0;
  timestamp_ns start_ = 0;
  std::uint64_t lines_ = 0, errors_ = 0, new_templates_ = 0;
  std::map<std::size_t, std::uint64_t> templates_;
  latency_histogram latency_;
};

}  // namespace pipeline
AIOPS_END_NAMESPACE
