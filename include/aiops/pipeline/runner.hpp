// aiops: the pipeline itself: sources -> parse -> templates -> windowed features -> detectors ->
// alert rules (for, resolve) -> routes (grouping, dedup, silences) -> sinks, driven by the data's
// own time, with its whole state in one file so a killed pipeline resumes without losing or
// repeating an alert, and its own metrics
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min, std::find
#include <atomic>       // std::atomic
#include <chrono>       // durations, steady_clock
#include <cmath>        // std::isfinite
#include <cstdint>      // std::uint64_t
#include <deque>        // std::deque
#include <functional>   // std::function
#include <map>          // std::map
#include <memory>       // std::unique_ptr
#include <set>          // std::set
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <thread>       // std::this_thread::sleep_for
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/alert/expr.hpp"
#include "aiops/alert/notifier.hpp"
#include "aiops/alert/outbox.hpp"
#include "aiops/alert/route.hpp"
#include "aiops/alert/rule.hpp"
#include "aiops/alert/series.hpp"
#include "aiops/alert/webhook.hpp"
#include "aiops/anomaly/registry.hpp"
#include "aiops/config.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/http/error.hpp"
#include "aiops/nlp/drain.hpp"
#include "aiops/nlp/drain_json.hpp"
#include "aiops/nlp/mask.hpp"
#include "aiops/pipeline/config.hpp"
#include "aiops/pipeline/features.hpp"
#include "aiops/pipeline/offsets.hpp"
#include "aiops/pipeline/sinks.hpp"
#include "aiops/pipeline/sources.hpp"
#include "aiops/prom/metrics.hpp"
#include "aiops/prom/writer.hpp"

AIOPS_BEGIN_NAMESPACE
namespace pipeline {

/// Counts of what a pipeline did (since it started, not across restarts).
struct run_stats {
  std::uint64_t records = 0;        ///< log records and metric points taken in
  std::uint64_t bad = 0;            ///< lines or documents that gave no record
  std::uint64_t windows = 0;        ///< windows closed (all sources)
  std::uint64_t fired = 0;          ///< alerts that started firing
  std::uint64_t resolved = 0;       ///< alerts that resolved
  std::uint64_t notifications = 0;  ///< notifications queued
  std::uint64_t delivered = 0;      ///< notifications delivered
  std::uint64_t delivery_errors = 0;
  std::uint64_t source_errors = 0;  ///< polls that failed (a server down): retried at the next cycle by run()
  std::uint64_t coalesced = 0;      ///< queued notifications replaced by a newer state of their group
  std::uint64_t dropped = 0;        ///< notifications dropped, oldest first, because max_outbox were waiting
  std::uint64_t skipped_series = 0; ///< feature series not scored: more than max_series
};

/// A running pipeline. Build it from a `config`, then call `step()` (one poll of every source
/// and what follows) or `run()`. Not thread-safe, except `request_stop()`.
///
///     aiops::pipeline::pipeline p(aiops::pipeline::load_config_file("pipeline.yaml").value());
///     p.run();   // until request_stop(), or with once = true until every source has caught up
///
/// Time is the data's: windows close, rules are evaluated and groups are notified at the times
/// the records carry, so replaying a log gives the same alerts as having watched it live, and a
/// restarted pipeline (same state file) produces exactly the notifications it had not produced.
class pipeline {
 public:
  /// @throws std::invalid_argument for a configuration that cannot run (rules, detectors, sinks);
  /// aiops::error when its state file cannot be read.
  explicit pipeline(config c) : config_(std::move(c)) {
    if (config_.window.count() <= 0) throw std::invalid_argument("window must be positive");
    alert::rule_group group{.name = config_.name, .interval = config_.window, .rules = config_.rules};
    auto engine = alert::rule_engine::compile(group);
    if (!engine) throw std::invalid_argument("rules: " + engine.error().message);
    for (const auto& d : config_.detectors) anomaly::make_detector(d.detector);  // unknown names fail now
    for (const auto& r : config_.rules) collect_selectors(**alert::detail::parser(r.expr).parse());  // compiled above
    std::vector<alert::route> routes = config_.routes;
    if (routes.empty())
      for (const auto& s : config_.sinks) routes.push_back({.receiver = s.name, .group_by = {"alertname", "source"}, .group_wait = {}, .group_interval = std::chrono::minutes(1)});
    for (const auto& r : routes) {
      bool known = false;
      for (const auto& s : config_.sinks) known = known || s.name == r.receiver;
      if (!known) throw std::invalid_argument("route to '" + r.receiver + "': no sink has that name");
    }
    for (const auto& s : config_.sinks) notifiers_[s.name] = make_sink(s);
    for (const auto& sc : config_.sources) {
      // What an OTLP receiver took cannot be read again after a kill: save after every step.
      if (sc.kind == source_kind::otlp) checkpoint_ = {};
      auto l = std::make_unique<lane>(sc, make_source(sc), *engine, log_window(sc.name, config_.max_templates));
      for (const auto& r : routes) {
        l->dispatchers.emplace_back(std::vector<alert::route>{r});
        for (const auto& s : config_.silences) l->dispatchers.back().add_silence(s);
      }
      lanes_.push_back(std::move(l));
    }
    setup_metrics();
    load_state();
  }

  /// Replaces (or adds) the notifier of sink `name`: tests and programs plug in their own.
  void set_notifier(const std::string& name, std::unique_ptr<alert::notifier> n) { notifiers_[name] = std::move(n); }

  const config& configuration() const noexcept { return config_; }
  const run_stats& stats() const noexcept { return stats_; }
  /// The registry of the pipeline's own metrics (serve it with prom::metrics_server).
  prom::registry& metrics() noexcept { return registry_; }
  /// Notifications waiting for their sink.
  std::size_t pending_notifications() const noexcept { return outbox_.size(); }

  /// The alerts each source's rules hold now (pending, firing, recently resolved).
  std::vector<alert::alert> alerts() const {
    std::vector<alert::alert> out;
    for (const auto& l : lanes_) {
      auto a = l->engine.alerts();
      out.insert(out.end(), a.begin(), a.end());
    }
    return out;
  }

  /// The data time each source has reached (its last closed window's end), by source name.
  std::map<std::string, timestamp_ns> watermarks() const {
    std::map<std::string, timestamp_ns> out;
    for (const auto& l : lanes_) out[l->config.name] = l->evaluated_at;
    return out;
  }

  /// One cycle: polls every source (at most `budget` items each), closes the windows that are
  /// complete, scores, evaluates the rules, queues notifications, delivers them, then saves the
  /// state if a notification was queued or delivered or the checkpoint interval has passed.
  /// Returns how many items were read.
  std::size_t step(std::size_t budget = 50'000) {
    std::size_t read = 0;
    const std::uint64_t queued_before = stats_.notifications;
    for (auto& l : lanes_) {
      lane& ln = *l;
      source_output out;
      out.on_record = [&](const record& r) { on_record(ln, r); };
      out.on_point = [&](timestamp_ns t, const alert::label_set& labels, double v) { ln.points[t].push_back({labels, v}); ++stats_.records; };
      out.on_bad = [&] { ++stats_.bad; };
      std::size_t n = 0;
      try {
        n = ln.src->poll(out, budget);
      } catch (const http::http_error& e) {  // the source's server is down or refusing
        if (!tolerate_source_errors_) throw;
        ++stats_.source_errors;
        last_source_error_ = ln.config.name + ": " + e.what();
        ln.points.clear();  // a poll that failed half-way is read again whole: keep none of it
        continue;
      }
      last_source_error_.clear();
      read += n;
      changed_ = changed_ || n > 0;
      metric_records_->with({ln.config.name}).increment(double(n));
      for (auto& [t, points] : ln.points) close_window(ln, t, std::move(points));
      ln.points.clear();
      if (n == 0 && ln.src->caught_up()) close_idle(ln);
      if (ln.evaluated_at) metric_lag_->with({ln.config.name}).set(double(wall_now() - ln.evaluated_at) / 1e9);
    }
    // Delivered before saved: a kill in between makes the restart queue the same notification
    // again (same id), and deliver it again; saved only now, the ids of what was delivered
    // commit with the offsets and alert state that produced them.
    const bool queued = stats_.notifications != queued_before;
    const bool delivered = deliver();
    if (queued || delivered || (changed_ && std::chrono::steady_clock::now() - saved_at_ >= checkpoint_)) save_state();
    return read;
  }

  /// True when every source has nothing more to read now.
  bool caught_up() const {
    for (const auto& l : lanes_)
      if (!l->src->caught_up() && !l->src->finished()) return false;
    return true;
  }

  /// Steps on the configured schedule until `request_stop()` (or, with `once`, until every source
  /// has caught up and every notification that can be delivered was); saves the state at the end.
  /// `progress` is called after each step. Live (not `once`), a source whose server is down or
  /// refusing is polled again at the next cycle (`last_source_error`, `run_stats::source_errors`)
  /// instead of ending the run; `once` stops at the error (http::http_error).
  void run(bool once = false, const std::function<void(const pipeline&)>& progress = {}) {
    tolerate_source_errors_ = !once;
    while (!stop_) {
      std::size_t read = step();
      while (read > 0 && !stop_ && !caught_up()) read = step();  // a backlog: no waiting
      if (progress) progress(*this);
      if (once && caught_up()) break;
      const timestamp_ns now = wall_now();
      const timestamp_ns next = config_.every.next_after(now);
      for (timestamp_ns t = now; t < next && !stop_; t = wall_now())
        std::this_thread::sleep_for(std::chrono::nanoseconds(std::min<timestamp_ns>(next - t, 100'000'000)));
    }
    save_state();
  }

  /// Asks `run` to return after the current step (safe from a signal handler's thread).
  void request_stop() noexcept { stop_ = true; }

  /// Writes the state file now (nothing without one).
  void save_state() {
    if (config_.state.empty()) return;
    nlohmann::json lanes = nlohmann::json::object();
    for (const auto& l : lanes_) lanes[l->config.name] = save_lane(*l);
    nlohmann::json outbox = nlohmann::json::array();
    for (const auto& e : outbox_) outbox.push_back({{"id", e.id}, {"notification", alert::to_webhook_json(e.n)}});
    const nlohmann::json j = {{"version", 1}, {"pipeline", config_.name}, {"lanes", lanes}, {"outbox", outbox}, {"delivered", settled_}};
    write_file_atomically(config_.state, j.dump() + "\n");
    saved_at_ = std::chrono::steady_clock::now();
    changed_ = false;
    metric_saves_->increment();
    metric_outbox_->set(double(outbox_.size()));
  }

 private:
  struct series_state {
    std::unique_ptr<anomaly::detector> detector;
    const detector_config* spec = nullptr;
    std::deque<double> history;  // the last spec->history values, to rebuild the detector
    std::size_t seen = 0;
  };
  struct sample_at {
    std::string metric;
    alert::label_set labels;
    double value;
  };
  struct evaluation {
    timestamp_ns time;
    std::vector<sample_at> samples;
  };
  struct lane {
    lane(source_config c, std::unique_ptr<source> s, alert::rule_engine e, log_window w)
        : config(std::move(c)), src(std::move(s)), window(std::move(w)), engine(std::move(e)) {}
    source_config config;
    std::unique_ptr<source> src;
    // Access-log messages are short ("<*> GET <*>" once masked): with its parameters not
    // counting, such a template never reaches Drain's similarity, and each message would start
    // one more identical cluster that every later line is compared with.
    nlp::drain miner{nlp::drain_options{.join_identical = true}};
    nlp::masker mask = nlp::masker::standard();
    std::string masked;
    log_window window;
    bool window_open = false;
    std::set<std::size_t> known_templates;
    std::map<timestamp_ns, std::vector<feature_point>> points;  // metric points of this poll, by time
    std::map<std::string, series_state> series;
    alert::rule_engine engine;
    std::vector<alert::dispatcher> dispatchers;
    alert::series_store store;
    std::deque<evaluation> replay;  // what the rules saw, to rebuild their state after a restart
    timestamp_ns evaluated_at = 0;
  };
  struct queued {
    std::string id;
    alert::notification n;
  };

  inline static const std::string feature_metric = "aiops_feature", score_metric = "anomaly_score";

  timestamp_ns window_ns() const { return std::chrono::duration_cast<std::chrono::nanoseconds>(config_.window).count(); }
  static timestamp_ns ns(std::chrono::milliseconds d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); }
  timestamp_ns floor_window(timestamp_ns t) const { return t / window_ns() * window_ns() - (t % window_ns() < 0 ? window_ns() : 0); }

  void on_record(lane& l, const record& r) {
    ++stats_.records;
    const timestamp_ns w = window_ns();
    if (!l.window_open) {
      l.window.restart(floor_window(r.time));
      l.window_open = true;
    }
    while (r.time >= l.window.start() + w + ns(config_.lateness)) {
      const timestamp_ns next = l.window.start() + w;
      close_log_window(l);
      if ((floor_window(r.time) - next) / w > timestamp_ns(config_.max_gap_windows)) {
        l.window.restart(floor_window(r.time));  // a long silence: start over rather than fill zeros
      } else {
        l.window.restart(next);
      }
    }
    l.mask.apply(r.message, l.masked);
    const nlp::drain_result d = l.miner.add(l.masked);
    l.window.add(r, d.cluster_id, d.change == nlp::drain_change::cluster_created);
  }

  // With nothing new to read, windows that ended (by the clock) close empty: a source that went
  // quiet resolves its alerts instead of leaving them hanging.
  void close_idle(lane& l) {
    if (!config_.idle_close || !l.window_open) return;
    const timestamp_ns w = window_ns();
    const timestamp_ns now = wall_now() - ns(config_.lateness);
    if ((now - l.window.start()) / w > timestamp_ns(config_.max_gap_windows)) return;  // old data, not a live source
    while (l.window.start() + w <= now) {
      const timestamp_ns next = l.window.start() + w;
      close_log_window(l);
      l.window.restart(next);
    }
  }

  void close_log_window(lane& l) {
    const std::vector<std::size_t> known(l.known_templates.begin(), l.known_templates.end());
    close_window(l, l.window.start() + window_ns(), l.window.features(known));
  }

  // A template whose series is scored or read by a rule counts 0 in the windows it is absent
  // from, so that series stays regular; the others (beyond max_series) cost nothing when absent.
  void keep_regular(lane& l, const alert::label_set& labels) const {
    const auto t = labels.find("template");
    if (t == labels.end() || l.known_templates.size() >= config_.max_templates) return;
    if (const auto id = parse_int(t->second)) l.known_templates.insert(std::size_t(*id));
  }

  // The selectors of every rule. The rules read no sample that none of them matches, so such
  // samples are neither stored nor kept for the replay: with a feature per template, most are.
  // (The rule engine keeps its expressions' trees to itself; alert's parser gives the same.)
  void collect_selectors(const alert::detail::node& n) {
    if (n.type == alert::detail::node::kind::selector) selectors_.push_back(n.matchers);
    for (const auto& a : n.args) collect_selectors(*a);
  }

  // Whether a rule can read the series `metric{labels}`.
  bool watched(const std::string& metric, const alert::label_set& labels) const {
    static const std::string none;
    for (const auto& selector : selectors_) {
      bool all = true;
      for (const auto& m : selector) {
        const auto it = labels.find(m.name);
        all = all && m.matches(m.name == "__name__" ? metric : it == labels.end() ? none : it->second);
      }
      if (all) return true;
    }
    return false;
  }

  static std::string series_key(const alert::label_set& labels) {
    std::string k;
    for (const auto& [n, v] : labels) k += n + "=" + v + ",";
    return k;
  }

  const detector_config* detector_for(const alert::label_set& labels) const {
    for (const auto& d : config_.detectors) {
      bool ok = true;
      for (const auto& [n, v] : d.match) {
        const auto it = labels.find(n);
        ok = ok && it != labels.end() && (v == "*" || it->second == v);
      }
      if (ok) return &d;
    }
    return nullptr;
  }

  // Features -> scores -> the rules at the window's end `t`.
  void close_window(lane& l, timestamp_ns t, std::vector<feature_point> features) {
    if (t <= l.evaluated_at) return;  // already evaluated (a metric point again after a restart)
    ++stats_.windows;
    changed_ = true;
    metric_windows_->with({l.config.name}).increment();
    evaluation e{t, {}};
    for (auto& f : features) {
      const bool read = watched(feature_metric, f.labels);
      if (read) e.samples.push_back({feature_metric, f.labels, f.value});
      const detector_config* spec = detector_for(f.labels);
      auto it = spec ? l.series.find(series_key(f.labels)) : l.series.end();
      if (spec && it == l.series.end()) {
        if (l.series.size() < config_.max_series) {
          it = l.series.emplace(series_key(f.labels), series_state{anomaly::make_detector(spec->detector, window_ns()), spec, {}, 0}).first;
        } else {
          ++stats_.skipped_series;
        }
      }
      if (read || it != l.series.end()) keep_regular(l, f.labels);
      if (it == l.series.end()) continue;
      const double score = feed(it->second, f.value);
      alert::label_set labels = std::move(f.labels);
      labels["detector"] = spec->detector;
      if (watched(score_metric, labels)) e.samples.push_back({score_metric, std::move(labels), score});
    }
    evaluate(l, std::move(e), true);
  }

  static double feed(series_state& s, double value) {
    double score = s.detector->update(value);
    if (s.seen++ < s.spec->warmup || !std::isfinite(score)) score = 0;
    s.history.push_back(value);
    while (s.history.size() > s.spec->history) s.history.pop_front();
    return score;
  }

  void evaluate(lane& l, evaluation e, bool live) {
    for (const auto& s : e.samples) l.store.add(s.metric, s.labels, e.time, s.value);
    const std::vector<alert::alert> before = live ? l.engine.alerts() : std::vector<alert::alert>{};
    const std::vector<alert::alert> now = l.engine.evaluate(l.store, e.time);
    for (auto& d : l.dispatchers) {
      auto notes = d.process(now, e.time);
      if (live) for (auto& n : notes) enqueue(std::move(n), e.time);
    }
    if (live) count_transitions(before, now);
    l.store.drop_before(e.time - ns(config_.lookback));
    l.evaluated_at = e.time;
    l.replay.push_back(std::move(e));
    // Keep what rebuilding the rules needs: the lookback, and the life of every alert still held.
    timestamp_ns keep_from = l.evaluated_at - ns(config_.lookback);
    for (const auto& a : now) keep_from = std::min(keep_from, a.active_at);
    keep_from = std::max(keep_from, l.evaluated_at - ns(config_.max_replay));
    while (!l.replay.empty() && l.replay.front().time < keep_from) l.replay.pop_front();
  }

  void count_transitions(const std::vector<alert::alert>& before, const std::vector<alert::alert>& now) {
    std::map<alert::label_set, alert::alert_state> was;
    for (const auto& a : before) was[a.labels] = a.state;
    for (const auto& a : now) {
      const auto it = was.find(a.labels);
      const alert::alert_state prior = it == was.end() ? alert::alert_state::inactive : it->second;
      if (a.state == alert::alert_state::firing && prior != alert::alert_state::firing) ++stats_.fired, metric_alerts_->with({"firing"}).increment();
      if (a.state == alert::alert_state::resolved && prior == alert::alert_state::firing) ++stats_.resolved, metric_alerts_->with({"resolved"}).increment();
    }
  }

  // A notification's id: the same notification made again (a restart replaying data whose
  // notifications were already queued) has the same id, and is dropped.
  static std::string notification_id(const alert::notification& n, timestamp_ns t) {
    std::string key = n.receiver + "\n" + n.group_key + "\n" + std::to_string(t);
    for (const auto& a : n.alerts)
      key += "\n" + alert::fingerprint_hex(a.labels) + alert::to_string(a.state) + std::to_string(a.fired_at) + "/" + std::to_string(a.resolved_at);
    return alert::fingerprint_hex({{"id", key}});
  }

  // Bounded while a sink is down: a newer state of a group waiting for a sink that refused its
  // last delivery replaces the queued one (merged, so no alert's state is lost; a sink that is up
  // gets every state), and past max_outbox the oldest goes, counted. The ids replaced or dropped
  // are settled, so a replay does not queue those older states again.
  void enqueue(alert::notification n, timestamp_ns t) {
    const std::string id = notification_id(n, t);
    if (std::find(settled_.begin(), settled_.end(), id) != settled_.end()) return;
    for (const auto& q : outbox_)
      if (q.id == id) return;
    ++stats_.notifications;
    const std::string key = alert::queue_key(n);
    const auto same = down_.count(n.receiver) ? std::find_if(outbox_.begin(), outbox_.end(), [&](const queued& q) { return alert::queue_key(q.n) == key; })
                                              : outbox_.end();
    if (same != outbox_.end()) {
      alert::coalesce(n, same->n);
      settle(same->id);
      ++stats_.coalesced;
      metric_notifications_->with({n.receiver, "coalesced"}).increment();
      outbox_.erase(same);
    }
    outbox_.push_back({id, std::move(n)});
    while (outbox_.size() > config_.max_outbox) {
      const queued& oldest = outbox_.front();
      ++stats_.dropped;
      metric_notifications_->with({oldest.n.receiver, "dropped"}).increment();
      settle(oldest.id);
      outbox_.pop_front();
    }
  }

  // Remembers the id of a notification delivered, replaced or dropped (the last 10,000).
  void settle(const std::string& id) {
    settled_.push_back(id);
    if (settled_.size() > 10'000) settled_.erase(settled_.begin());
  }

  // Delivers the queue in order; a sink that fails keeps its notifications (and the later ones
  // for it) for the next step. Returns whether anything changed.
  bool deliver() {
    bool changed = false;
    std::set<std::string> failed;
    for (auto it = outbox_.begin(); it != outbox_.end();) {
      const std::string& receiver = it->n.receiver;
      if (failed.count(receiver)) {
        ++it;
        continue;
      }
      try {
        const auto sink = notifiers_.find(receiver);
        if (sink == notifiers_.end() || !sink->second) throw error("no sink named " + receiver);
        sink->second->send(it->n);
        ++stats_.delivered;
        metric_notifications_->with({receiver, "delivered"}).increment();
        settle(it->id);
        down_.erase(receiver);
        it = outbox_.erase(it);
        changed = true;
      } catch (const std::exception& e) {
        ++stats_.delivery_errors;
        metric_notifications_->with({receiver, "failed"}).increment();
        last_error_ = receiver + ": " + e.what();
        failed.insert(receiver);
        down_.insert(receiver);
        ++it;
      }
    }
    return changed;
  }

  nlohmann::json save_lane(const lane& l) const {
    nlohmann::json series = nlohmann::json::object();
    for (const auto& [key, s] : l.series) series[key] = {{"seen", s.seen}, {"history", s.history}};
    nlohmann::json replay = nlohmann::json::array();
    for (const auto& e : l.replay) {
      nlohmann::json samples = nlohmann::json::array();
      for (const auto& s : e.samples) samples.push_back({s.metric, s.labels, std::isfinite(s.value) ? nlohmann::json(s.value) : nlohmann::json()});
      replay.push_back({{"time", e.time}, {"samples", samples}});
    }
    return {{"source", l.src->save()},
            {"window", l.window_open ? l.window.to_json() : nlohmann::json()},
            {"templates", std::vector<std::size_t>(l.known_templates.begin(), l.known_templates.end())},
            {"drain", nlp::save_drain(l.miner)},
            {"series", series},
            {"replay", replay},
            {"evaluated_at", l.evaluated_at}};
  }

  void load_state() {
    if (config_.state.empty()) return;
    const auto text = read_file_if_exists(config_.state);
    if (!text) return;
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object() || j.value("version", 0) != 1 || !j.contains("lanes") || !j["lanes"].is_object())
      throw error("state file " + config_.state + " is not an aiops pipeline state (version 1); move it away to start over");
    try {
      for (auto& l : lanes_)
        if (j["lanes"].contains(l->config.name)) restore_lane(*l, j["lanes"][l->config.name]);
      for (const auto& q : j.value("outbox", nlohmann::json::array()))
        outbox_.push_back({q.at("id").get<std::string>(), alert::from_webhook_json(q.at("notification"))});
      settled_ = j.value("delivered", std::vector<std::string>{});
    } catch (const nlohmann::json::exception& e) {
      throw error("state file " + config_.state + " is damaged (" + e.what() + "); move it away to start over");
    }
  }

  void restore_lane(lane& l, const nlohmann::json& j) {
    l.src->restore(j.at("source"));
    if (j.at("window").is_object()) {
      l.window.from_json(j["window"]);
      l.window_open = true;
    }
    for (std::size_t id : j.at("templates").get<std::vector<std::size_t>>()) l.known_templates.insert(id);
    auto miner = nlp::load_drain(j.at("drain").get<std::string>());
    if (!miner) throw error("state file " + config_.state + ": templates of " + l.config.name + ": " + miner.error().message);
    l.miner = std::move(*miner);
    // Detectors are rebuilt by feeding them the values they last saw.
    for (const auto& [key, s] : j.at("series").items()) {
      alert::label_set labels;
      for (std::string_view part : split(key, ',')) {
        const std::size_t eq = part.find('=');
        if (eq != std::string_view::npos) labels[std::string(part.substr(0, eq))] = std::string(part.substr(eq + 1));
      }
      const detector_config* spec = detector_for(labels);
      if (spec == nullptr) continue;
      series_state st{anomaly::make_detector(spec->detector, window_ns()), spec, {}, 0};
      for (const auto& v : s.at("history")) feed(st, v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN());
      st.seen = s.at("seen").get<std::size_t>();
      l.series.emplace(key, std::move(st));
    }
    // The rules and routes are rebuilt by evaluating again what they saw; their notifications
    // were queued (or delivered) before the state was saved.
    for (const auto& e : j.at("replay")) {
      evaluation ev{e.at("time").get<timestamp_ns>(), {}};
      for (const auto& s : e.at("samples"))
        ev.samples.push_back({s.at(0).get<std::string>(), s.at(1).get<alert::label_set>(),
                              s.at(2).is_number() ? s.at(2).get<double>() : std::numeric_limits<double>::quiet_NaN()});
      evaluate(l, std::move(ev), false);
    }
    l.evaluated_at = j.at("evaluated_at").get<timestamp_ns>();
  }

  void setup_metrics() {
    metric_records_ = &registry_.add_counter("aiops_pipeline_records_total", "Log records and metric points read, by source.", {"source"});
    metric_windows_ = &registry_.add_counter("aiops_pipeline_windows_total", "Feature windows closed, by source.", {"source"});
    metric_lag_ = &registry_.add_gauge("aiops_pipeline_lag_seconds", "Wall-clock time minus the data time a source has reached.", {"source"});
    metric_alerts_ = &registry_.add_counter("aiops_pipeline_alerts_total", "Alert transitions: firing, resolved.", {"state"});
    metric_notifications_ = &registry_.add_counter("aiops_pipeline_notifications_total", "Notifications by sink and result: delivered, failed, coalesced (replaced by a newer state of their group while queued), dropped (the outbox was full).", {"receiver", "result"});
    metric_saves_ = &registry_.add_counter("aiops_pipeline_state_saves_total", "Times the state file was written.").with();
    metric_outbox_ = &registry_.add_gauge("aiops_pipeline_outbox", "Notifications waiting for their sink.").with();
  }

 public:
  /// The last delivery error ("receiver: message"), empty when none happened.
  const std::string& last_error() const noexcept { return last_error_; }
  /// The last failed poll of a source ("name: reason"), empty once a poll succeeds again.
  const std::string& last_source_error() const noexcept { return last_source_error_; }

 private:
  config config_;
  std::vector<std::unique_ptr<lane>> lanes_;
  std::map<std::string, std::unique_ptr<alert::notifier>> notifiers_;
  std::deque<queued> outbox_;
  std::vector<std::string> settled_;  // ids delivered, replaced or dropped: never queued again
  std::set<std::string> down_;        // sinks whose last delivery failed: their queue coalesces
  run_stats stats_;
  std::string last_error_;
  std::string last_source_error_;
  bool tolerate_source_errors_ = false;  // run() when live
  std::vector<std::vector<alert::matcher>> selectors_;
  std::chrono::milliseconds checkpoint_ = config_.checkpoint;
  bool changed_ = false;  // read or evaluated something since the state was saved
  std::chrono::steady_clock::time_point saved_at_ = std::chrono::steady_clock::now();
  std::atomic<bool> stop_{false};
  prom::registry registry_;
  prom::family<prom::counter>* metric_records_ = nullptr;
  prom::family<prom::counter>* metric_windows_ = nullptr;
  prom::family<prom::counter>* metric_alerts_ = nullptr;
  prom::family<prom::counter>* metric_notifications_ = nullptr;
  prom::family<prom::gauge>* metric_lag_ = nullptr;
  prom::counter* metric_saves_ = nullptr;
  prom::gauge* metric_outbox_ = nullptr;
};

}  // namespace pipeline
AIOPS_END_NAMESPACE
