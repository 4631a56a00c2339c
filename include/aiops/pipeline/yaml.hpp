// aiops: a pipeline's configuration from YAML (yaml-cpp), where every mistake is reported with
// its key path and its line and column: `sources[1].file.paths (line 7, column 12): ...`
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::find
#include <chrono>       // std::chrono::milliseconds
#include <exception>    // std::exception
#include <initializer_list>  // std::initializer_list
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <yaml-cpp/yaml.h>

#include "aiops/alert/expr.hpp"
#include "aiops/alert/rule.hpp"
#include "aiops/anomaly/registry.hpp"
#include "aiops/alert/series.hpp"
#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/pipeline/config.hpp"
#include "aiops/pipeline/offsets.hpp"
#include "aiops/pipeline/schedule.hpp"

AIOPS_BEGIN_NAMESPACE
namespace pipeline {

namespace detail {

// A mistake in the configuration, at a node: thrown inside the loader, returned as a failure.
struct config_mistake {
  std::string message;
};

// A node and where it is: its key path for messages.
class yaml_at {
 public:
  yaml_at(YAML::Node node, std::string path) : node_(std::move(node)), path_(std::move(path)) {}

  const YAML::Node& node() const noexcept { return node_; }
  const std::string& path() const noexcept { return path_; }

  [[noreturn]] void fail(const std::string& what) const {
    const YAML::Mark m = node_.Mark();
    std::string where = path_.empty() ? std::string("the document") : path_;
    if (m.line >= 0) where += " (line " + std::to_string(m.line + 1) + ", column " + std::to_string(m.column + 1) + ")";
    throw config_mistake{where + ": " + what};
  }

  // A mapping whose keys must all be in `allowed`, none twice (yaml-cpp keeps one of two silently).
  void expect_map(std::initializer_list<std::string_view> allowed) const {
    if (!node_.IsMap()) fail("expected a mapping (key: value)");
    std::vector<std::string> seen;
    for (const auto& kv : node_) {
      const std::string key = kv.first.Scalar();
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) yaml_at(kv.first, child_path(key)).fail("key '" + key + "' appears twice");
      seen.push_back(key);
      bool ok = false;
      for (auto a : allowed) ok = ok || a == key;
      if (!ok) {
        std::string known;
        for (auto a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
        yaml_at(kv.first, child_path(key)).fail("unknown key '" + key + "' (known: " + known + ")");
      }
    }
  }

  bool has(const char* key) const { return node_.IsMap() && node_[key]; }
  yaml_at operator[](const char* key) const { return {node_[key], child_path(key)}; }
  yaml_at at(std::size_t i) const { return {node_[i], path_ + "[" + std::to_string(i) + "]"}; }
  std::size_t size() const { return node_.size(); }

  std::string text() const {
    if (!node_.IsScalar()) fail("expected a text value");
    return node_.Scalar();
  }
  bool boolean() const {
    bool v = false;
    if (!node_.IsScalar() || !YAML::convert<bool>::decode(node_, v)) fail("expected true or false");
    return v;
  }
  long long integer(long long low, long long high) const {
    const auto v = node_.IsScalar() ? parse_int(node_.Scalar()) : std::nullopt;
    if (!v) fail("expected a whole number");
    if (*v < low || *v > high) fail(std::to_string(*v) + " is outside " + std::to_string(low) + ".." + std::to_string(high));
    return *v;
  }
  std::chrono::milliseconds duration() const {
    const auto d = alert::parse_duration(text());
    if (!d) fail("expected a duration such as 30s, 5m, 1h30m: " + d.error().message);
    return *d;
  }
  std::vector<std::string> texts() const {  // a list of texts, or one text
    if (node_.IsScalar()) return {node_.Scalar()};
    if (!node_.IsSequence()) fail("expected a list of texts");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < size(); ++i) out.push_back(at(i).text());
    return out;
  }
  alert::label_set labels() const {
    if (!node_.IsMap()) fail("expected a mapping of names to texts");
    alert::label_set out;
    for (const auto& kv : node_) out[kv.first.Scalar()] = yaml_at(kv.second, child_path(kv.first.Scalar())).text();
    return out;
  }
  std::vector<yaml_at> list() const {
    if (!node_.IsSequence()) fail("expected a list");
    std::vector<yaml_at> out;
    for (std::size_t i = 0; i < size(); ++i) out.push_back(at(i));
    return out;
  }

 private:
  std::string child_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  YAML::Node node_;
  std::string path_;
};

// Fails at `at` unless `value` is one of `allowed`.
inline void require_one_of(const yaml_at& at, const std::string& value, std::initializer_list<std::string_view> allowed) {
  std::string list;
  for (auto a : allowed) {
    if (a == value) return;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  at.fail("'" + value + "' is not one of " + list);
}

template <class T, class Read>
void optional(const yaml_at& parent, const char* key, T& into, Read read) {
  if (parent.has(key)) into = read(parent[key]);
}

inline parse_config read_parse(const yaml_at& n) {
  n.expect_map({"format", "log_format", "grok", "year", "time_field", "message_field", "level_field", "latency_field", "prefix_field"});
  parse_config p;
  optional(n, "format", p.format, [](const yaml_at& v) { return v.text(); });
  optional(n, "log_format", p.log_format, [](const yaml_at& v) { return v.text(); });
  optional(n, "grok", p.grok, [](const yaml_at& v) { return v.texts(); });
  optional(n, "year", p.year, [](const yaml_at& v) { return int(v.integer(1678, 2261)); });
  optional(n, "time_field", p.time_field, [](const yaml_at& v) { return v.text(); });
  optional(n, "message_field", p.message_field, [](const yaml_at& v) { return v.text(); });
  optional(n, "level_field", p.level_field, [](const yaml_at& v) { return v.text(); });
  optional(n, "latency_field", p.latency_field, [](const yaml_at& v) { return v.text(); });
  optional(n, "prefix_field", p.prefix_field, [](const yaml_at& v) { return v.text(); });
  require_one_of(n.has("format") ? n["format"] : n, p.format, {"nginx", "apache", "syslog", "json", "logfmt", "text", "grok"});
  if (p.format == "grok" && p.grok.empty()) n.fail("format grok needs grok: with at least one pattern");
  return p;
}

inline source_config read_source(const yaml_at& n) {
  n.expect_map({"name", "file", "opensearch", "prometheus", "otlp", "parse", "errors", "delay"});
  source_config s;
  if (!n.has("name")) n.fail("a source needs a name");
  s.name = n["name"].text();
  int kinds = 0;
  for (const char* k : {"file", "opensearch", "prometheus", "otlp"}) kinds += n.has(k);
  if (kinds != 1) n.fail("a source has exactly one of file, opensearch, prometheus, otlp");
  const auto text = [](const yaml_at& v) { return v.text(); };
  if (n.has("file")) {
    const yaml_at f = n["file"];
    s.kind = source_kind::file;
    f.expect_map({"paths", "follow"});
    if (!f.has("paths")) f.fail("a file source needs paths");
    s.paths = f["paths"].texts();
    if (s.paths.empty()) f["paths"].fail("at least one path is needed");
    optional(f, "follow", s.follow, [](const yaml_at& v) { return v.boolean(); });
  } else if (n.has("opensearch")) {
    const yaml_at o = n["opensearch"];
    s.kind = source_kind::opensearch;
    o.expect_map({"url", "index", "query", "time_field", "tiebreaker", "message_field", "page_size"});
    if (!o.has("url") || !o.has("index")) o.fail("an opensearch source needs url and index");
    s.url = o["url"].text();
    s.index = o["index"].text();
    optional(o, "query", s.query, text);
    optional(o, "time_field", s.time_field, text);
    optional(o, "tiebreaker", s.tiebreaker, text);
    optional(o, "message_field", s.message_field, text);
    optional(o, "page_size", s.page_size, [](const yaml_at& v) { return std::size_t(v.integer(1, 10'000)); });
  } else if (n.has("prometheus")) {
    const yaml_at p = n["prometheus"];
    s.kind = source_kind::prometheus;
    p.expect_map({"url", "queries", "step", "start", "lookback"});
    if (!p.has("url") || !p.has("queries")) p.fail("a prometheus source needs url and queries");
    s.url = p["url"].text();
    s.queries = p["queries"].labels();
    if (s.queries.empty()) p["queries"].fail("at least one query is needed (name: PromQL)");
    optional(p, "step", s.step, [](const yaml_at& v) { return v.duration(); });
    if (s.step.count() < 1000) p["step"].fail("step must be at least 1s");
    optional(p, "start", s.start, [](const yaml_at& v) {
      const std::string t = v.text();
      if (!parse_rfc3339(t)) v.fail("expected an RFC 3339 time such as 2026-01-05T00:00:00Z");
      return t;
    });
    optional(p, "lookback", s.lookback, [](const yaml_at& v) { return v.duration(); });
  } else {
    const yaml_at o = n["otlp"];
    s.kind = source_kind::otlp;
    o.expect_map({"listen", "queue"});
    optional(o, "listen", s.listen, text);
    optional(o, "queue", s.queue, [](const yaml_at& v) { return std::size_t(v.integer(1, 100'000'000)); });
  }
  if (n.has("parse")) {
    if (s.kind != source_kind::file) n["parse"].fail("only file sources have parse");
    s.parse = read_parse(n["parse"]);
  } else if (s.kind == source_kind::file) {
    n.fail("a file source needs parse: (format: nginx, apache, syslog, json, logfmt or grok)");
  }
  if (n.has("errors")) {
    const yaml_at e = n["errors"];
    e.expect_map({"min_status", "levels", "contains"});
    optional(e, "min_status", s.errors.min_status, [](const yaml_at& v) { return int(v.integer(0, 999)); });
    optional(e, "levels", s.errors.levels, [](const yaml_at& v) { return v.texts(); });
    optional(e, "contains", s.errors.contains, [](const yaml_at& v) { return v.texts(); });
  }
  optional(n, "delay", s.delay, [](const yaml_at& v) { return v.duration(); });
  return s;
}

inline std::vector<alert::matcher> read_matchers(const yaml_at& n) {
  std::vector<alert::matcher> out;
  for (const auto& text : n.texts()) {
    const std::string selector = text.starts_with("{") ? text : "{" + text + "}";
    auto m = alert::parse_matchers(selector);
    if (!m) n.fail("bad matcher '" + text + "': " + m.error().message);
    out.insert(out.end(), m->begin(), m->end());
  }
  return out;
}

inline config read_config(const yaml_at& root) {
  root.expect_map({"name", "state", "checkpoint", "window", "lateness", "idle_close", "max_gap_windows", "max_series", "max_templates",
                   "lookback", "max_replay", "max_outbox", "interval", "schedule", "metrics", "sources", "detectors", "rules", "routes",
                   "silences", "sinks"});
  config c;
  const auto text = [](const yaml_at& v) { return v.text(); };
  const auto duration = [](const yaml_at& v) { return v.duration(); };
  const auto count = [](const yaml_at& v) { return std::size_t(v.integer(1, 10'000'000)); };
  optional(root, "name", c.name, text);
  optional(root, "state", c.state, text);
  optional(root, "checkpoint", c.checkpoint, duration);
  optional(root, "window", c.window, duration);
  if (c.window.count() < 1000) root["window"].fail("window must be at least 1s");
  optional(root, "lateness", c.lateness, duration);
  optional(root, "idle_close", c.idle_close, [](const yaml_at& v) { return v.boolean(); });
  optional(root, "max_gap_windows", c.max_gap_windows, count);
  optional(root, "max_series", c.max_series, count);
  optional(root, "max_templates", c.max_templates, count);
  optional(root, "lookback", c.lookback, duration);
  optional(root, "max_replay", c.max_replay, duration);
  optional(root, "max_outbox", c.max_outbox, count);
  if (root.has("interval") && root.has("schedule")) root["schedule"].fail("give either interval or schedule, not both");
  optional(root, "interval", c.every.interval, duration);
  if (c.every.interval.count() < 1) root["interval"].fail("interval must be positive");
  if (root.has("schedule")) {
    auto cron = cron_expression::parse(root["schedule"].text());
    if (!cron) root["schedule"].fail("cron expression: " + cron.error().message + " (at column " + std::to_string(cron.error().column) + ")");
    c.every.cron = std::move(*cron);
  }
  optional(root, "metrics", c.metrics_listen, text);

  if (!root.has("sources")) root.fail("a pipeline needs sources");
  for (const auto& s : root["sources"].list()) {
    c.sources.push_back(read_source(s));
    for (std::size_t i = 0; i + 1 < c.sources.size(); ++i)
      if (c.sources[i].name == c.sources.back().name) s["name"].fail("another source is named '" + c.sources.back().name + "'");
  }
  if (c.sources.empty()) root["sources"].fail("at least one source is needed");

  if (root.has("detectors"))
    for (const auto& d : root["detectors"].list()) {
      d.expect_map({"match", "detector", "warmup", "history"});
      detector_config dc;
      optional(d, "match", dc.match, [](const yaml_at& v) { return v.labels(); });
      optional(d, "detector", dc.detector, text);
      bool known = false;
      for (const auto& name : anomaly::detector_names()) known = known || name == dc.detector;
      if (!known) d["detector"].fail("unknown detector '" + dc.detector + "'");
      optional(d, "warmup", dc.warmup, [](const yaml_at& v) { return std::size_t(v.integer(0, 10'000'000)); });
      optional(d, "history", dc.history, count);
      c.detectors.push_back(std::move(dc));
    }

  if (root.has("rules"))
    for (const auto& r : root["rules"].list()) {
      r.expect_map({"alert", "expr", "for", "keep_firing_for", "labels", "annotations"});
      if (!r.has("alert") || !r.has("expr")) r.fail("a rule needs alert and expr");
      alert::rule rule{.name = r["alert"].text(), .expr = r["expr"].text()};
      optional(r, "for", rule.for_duration, duration);
      optional(r, "keep_firing_for", rule.keep_firing_for, duration);
      optional(r, "labels", rule.labels, [](const yaml_at& v) { return v.labels(); });
      optional(r, "annotations", rule.annotations, [](const yaml_at& v) { return v.labels(); });
      // The rule engine checks names, expressions and templates: report its finding here.
      auto one = alert::rule_engine::compile(alert::rule_group{.name = "check", .rules = {rule}});
      if (!one) r.fail(one.error().message.substr(one.error().message.find(": ") + 2));
      c.rules.push_back(std::move(rule));
    }

  if (root.has("sinks"))
    for (const auto& s : root["sinks"].list()) {
      s.expect_map({"name", "kind", "url", "path", "secret", "firing_ttl", "host", "port", "from", "to", "user", "password", "starttls"});
      if (!s.has("name") || !s.has("kind")) s.fail("a sink needs name and kind");
      sink_config k;
      k.name = s["name"].text();
      k.kind = s["kind"].text();
      optional(s, "url", k.url, text);
      optional(s, "path", k.path, text);
      optional(s, "secret", k.secret, text);
      optional(s, "firing_ttl", k.firing_ttl, duration);
      optional(s, "host", k.host, text);
      optional(s, "port", k.port, [](const yaml_at& v) { return int(v.integer(1, 65535)); });
      optional(s, "from", k.from, text);
      optional(s, "to", k.to, [](const yaml_at& v) { return v.texts(); });
      optional(s, "user", k.user, text);
      optional(s, "password", k.password, text);
      optional(s, "starttls", k.starttls, [](const yaml_at& v) { return v.boolean(); });
      require_one_of(s["kind"], k.kind, {"alertmanager", "webhook", "dingtalk", "email", "jsonl", "stdout"});
      const bool needs_url = k.kind == "alertmanager" || k.kind == "webhook" || k.kind == "dingtalk";
      if (needs_url && k.url.empty()) s.fail(k.kind + " needs url");
      if (k.kind == "jsonl" && k.path.empty()) s.fail("jsonl needs path");
      if (k.kind == "email" && (k.host.empty() || k.from.empty() || k.to.empty())) s.fail("email needs host, from and to");
      for (const auto& other : c.sinks)
        if (other.name == k.name) s["name"].fail("another sink is named '" + k.name + "'");
      c.sinks.push_back(std::move(k));
    }

  if (root.has("routes"))
    for (const auto& r : root["routes"].list()) {
      r.expect_map({"receiver", "matchers", "group_by", "group_wait", "group_interval", "repeat_interval"});
      if (!r.has("receiver")) r.fail("a route needs a receiver (a sink name)");
      alert::route route{.receiver = r["receiver"].text()};
      bool known = false;
      for (const auto& s : c.sinks) known = known || s.name == route.receiver;
      if (!known) r["receiver"].fail("no sink is named '" + route.receiver + "'");
      optional(r, "matchers", route.matchers, read_matchers);
      optional(r, "group_by", route.group_by, [](const yaml_at& v) { return v.texts(); });
      optional(r, "group_wait", route.group_wait, duration);
      optional(r, "group_interval", route.group_interval, duration);
      optional(r, "repeat_interval", route.repeat_interval, duration);
      c.routes.push_back(std::move(route));
    }
  if (root.has("routes"))  // with routes, a sink that none names would never hear of an alert
    for (std::size_t i = 0; i < c.sinks.size(); ++i) {
      bool routed = false;
      for (const auto& r : c.routes) routed = routed || r.receiver == c.sinks[i].name;
      if (!routed) root["sinks"].at(i)["name"].fail("no route sends to sink '" + c.sinks[i].name + "': add a route or remove it");
    }

  if (root.has("silences"))
    for (const auto& s : root["silences"].list()) {
      s.expect_map({"matchers", "starts", "ends", "created_by", "comment"});
      if (!s.has("matchers") || !s.has("starts") || !s.has("ends")) s.fail("a silence needs matchers, starts and ends");
      alert::silence silence;
      silence.matchers = read_matchers(s["matchers"]);
      const auto time = [](const yaml_at& v) {
        const auto t = parse_rfc3339(v.text());
        if (!t) v.fail("expected an RFC 3339 time: " + t.error().message);
        return *t;
      };
      silence.starts_at = time(s["starts"]);
      silence.ends_at = time(s["ends"]);
      if (silence.ends_at <= silence.starts_at) s["ends"].fail("a silence must end after it starts");
      optional(s, "created_by", silence.created_by, text);
      optional(s, "comment", silence.comment, text);
      c.silences.push_back(std::move(silence));
    }
  return c;
}

}  // namespace detail

/// A pipeline configuration from YAML text. Every failure names the key path and its line and
/// column: `sources[0].parse.format (line 6, column 13): 'ngnix' is not one of nginx, ...`.
inline result<config> load_config(std::string_view yaml_text) {
  try {
    const YAML::Node root = YAML::Load(std::string(yaml_text));
    if (!root || root.IsNull()) return fail(errc::syntax, "the configuration is empty");
    return detail::read_config(detail::yaml_at(root, ""));
  } catch (const detail::config_mistake& m) {
    return fail(errc::syntax, m.message);
  } catch (const YAML::Exception& e) {
    // yaml-cpp's own message already says "yaml-cpp: error at line L, column C: ...".
    return fail(errc::syntax, e.what(), std::size_t(e.mark.column + 1));
  }
}

/// A pipeline configuration from a YAML file (see load_config).
/// @throws aiops::error when the file cannot be read.
inline result<config> load_config_file(const std::string& path) {
  const auto text = read_file_if_exists(path);
  if (!text) throw error("no such file: " + path);
  auto c = load_config(*text);
  if (!c) return fail(c.error().code, path + ": " + c.error().message, c.error().column);
  return c;
}

}  // namespace pipeline
AIOPS_END_NAMESPACE
