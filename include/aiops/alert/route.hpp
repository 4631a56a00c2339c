// aiops: routing of alerts to receivers: grouping by labels, dedup, repeat interval, silences and
// inhibition, as Alertmanager does it (standard library only)
// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>     // std::chrono::milliseconds, nanoseconds
#include <cstdint>    // std::uint64_t
#include <iterator>   // std::next
#include <map>        // std::map
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <utility>    // std::move
#include <vector>     // std::vector

#include "aiops/alert/expr.hpp"
#include "aiops/alert/rule.hpp"
#include "aiops/alert/series.hpp"
#include "aiops/config.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace alert {

/// Where matching alerts go and how they are batched (Alertmanager's `route`).
struct route {
  std::string receiver;                ///< the name a notifier is registered under
  std::vector<matcher> matchers;       ///< empty: every alert (see `parse_matchers`)
  std::vector<std::string> group_by;   ///< one notification per distinct value set; empty: one group
  std::chrono::milliseconds group_wait{30'000};        ///< wait before the first notification of a new group
  std::chrono::milliseconds group_interval{300'000};   ///< at least this between notifications of a changed group
  std::chrono::milliseconds repeat_interval{14'400'000};  ///< resend an unchanged firing group this often
};

/// Mutes the alerts it matches between `starts_at` and `ends_at`.
struct silence {
  std::vector<matcher> matchers;
  timestamp_ns starts_at = 0;
  timestamp_ns ends_at = 0;
  std::string created_by;
  std::string comment;
};

/// Mutes `target` alerts while a firing `source` alert has the same values of the `equal` labels:
/// a critical "host down" hides the warnings of that host.
struct inhibit_rule {
  std::vector<matcher> source;
  std::vector<matcher> target;
  std::vector<std::string> equal;
};

/// What one receiver is told about one group: every alert of the group, firing and resolved.
struct notification {
  std::string receiver;
  std::string group_key;   ///< stable id of the group: receiver and group label values
  label_set group_labels;  ///< the `group_by` labels and their values
  std::vector<alert> alerts;

  /// "firing" when any alert fires, else "resolved" (Alertmanager's `status`).
  std::string status() const {
    for (const auto& a : alerts)
      if (a.state == alert_state::firing) return "firing";
    return "resolved";
  }
};

/// Turns the alerts of each evaluation into notifications, as Alertmanager's dispatcher does.
///
///     aiops::alert::dispatcher d({{.receiver = "ops", .group_by = {"alertname", "instance"}}});
///     for (auto& n : d.process(engine.evaluate(store, now), now)) outbox.add(n);
///
/// Only firing and resolved alerts take part (pending ones wait). Silenced and inhibited alerts
/// are left out. A group is notified `group_wait` after its first alert; later only when its
/// content changed (an alert appeared or resolved) and `group_interval` has passed, or
/// `repeat_interval` after the last notification while something fires (dedup: an unchanged group
/// is never sent twice within `repeat_interval`). A resolved alert is forgotten once notified.
/// Not thread-safe.
class dispatcher {
 public:
  /// The first route whose matchers match takes an alert; alerts no route matches are dropped.
  /// @throws std::invalid_argument when `routes` is empty or a route has no receiver.
  explicit dispatcher(std::vector<route> routes, std::vector<inhibit_rule> inhibit = {})
      : routes_(std::move(routes)), inhibit_(std::move(inhibit)) {
    if (routes_.empty()) throw std::invalid_argument("aiops::alert::dispatcher: no route");
    for (const auto& r : routes_)
      if (r.receiver.empty()) throw std::invalid_argument("aiops::alert::dispatcher: a route without receiver");
  }

  /// Adds a silence and returns its id (for `expire`).
  std::uint64_t add_silence(silence s) {
    silences_.emplace(++next_silence_, std::move(s));
    return next_silence_;
  }

  /// Ends a silence at `now`; false when there is no such silence.
  bool expire(std::uint64_t silence_id, timestamp_ns now) {
    const auto it = silences_.find(silence_id);
    if (it == silences_.end()) return false;
    it->second.ends_at = now;
    return true;
  }

  /// Whether an active silence mutes these labels at `now`.
  bool silenced(const label_set& set, timestamp_ns now) const {
    for (const auto& [id, s] : silences_)
      if (s.starts_at <= now && now < s.ends_at && matches_all(s.matchers, set)) return true;
    return false;
  }

  /// Whether a firing alert of `current` inhibits `target` (an alert never inhibits itself).
  bool inhibited(const alert& target, const std::vector<alert>& current) const {
    for (const auto& rule : inhibit_) {
      if (!matches_all(rule.target, target.labels)) continue;
      for (const auto& source : current) {
        if (source.state != alert_state::firing || source.labels == target.labels) continue;
        if (!matches_all(rule.source, source.labels)) continue;
        bool equal = true;
        for (const auto& name : rule.equal) equal = equal && value_of(source.labels, name) == value_of(target.labels, name);
        if (equal) return true;
      }
    }
    return false;
  }

  /// Takes the alerts of an evaluation at `now` and returns the notifications due now.
  std::vector<notification> process(const std::vector<alert>& current, timestamp_ns now) {
    for (const auto& a : current) {
      if (a.state != alert_state::firing && a.state != alert_state::resolved) continue;
      const route* r = route_of(a.labels);
      if (r == nullptr) continue;
      const bool muted = silenced(a.labels, now) || inhibited(a, current);
      label_set key_labels;
      for (const auto& name : r->group_by) key_labels[name] = value_of(a.labels, name);
      group& g = groups_[{r->receiver, key_labels}];
      if (g.alerts.empty() && g.sent.empty()) g.first_seen = now, g.spec = r;
      if (muted) {
        g.alerts.erase(a.labels);
        continue;
      }
      g.alerts[a.labels] = a;
    }
    std::vector<notification> out;
    for (auto it = groups_.begin(); it != groups_.end();) {
      group& g = it->second;
      if (due(g, now)) {
        notification n{it->first.first, group_key(it->first), it->first.second, {}};
        g.sent.clear();
        for (const auto& [set, a] : g.alerts) {
          n.alerts.push_back(a);
          if (a.state == alert_state::firing) g.sent[set] = a.state;
        }
        g.last_sent = now;
        // A resolved alert has been told: forget it.
        for (auto a = g.alerts.begin(); a != g.alerts.end();)
          a = a->second.state == alert_state::resolved ? g.alerts.erase(a) : std::next(a);
        out.push_back(std::move(n));
      } else if (g.last_sent == 0 && !has_firing(g)) {
        g.alerts.clear();  // resolved before its first notification: nothing to say
      }
      it = g.alerts.empty() && g.sent.empty() ? groups_.erase(it) : std::next(it);
    }
    return out;
  }

 private:
  struct group {
    const route* spec = nullptr;
    std::map<label_set, alert> alerts;
    std::map<label_set, alert_state> sent;  // the firing alerts of the last notification
    timestamp_ns first_seen = 0;
    timestamp_ns last_sent = 0;
  };

  static std::string value_of(const label_set& set, const std::string& name) {
    const auto it = set.find(name);
    return it == set.end() ? std::string() : it->second;
  }

  static timestamp_ns ns(std::chrono::milliseconds d) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  }

  static bool has_firing(const group& g) {
    for (const auto& [set, a] : g.alerts)
      if (a.state == alert_state::firing) return true;
    return false;
  }

  static std::string group_key(const std::pair<std::string, label_set>& key) {
    std::string out = key.first + ":{";
    bool first = true;
    for (const auto& [name, value] : key.second) {
      out += (first ? "" : ",") + name + "=\"" + value + "\"";
      first = false;
    }
    return out + "}";
  }

  const route* route_of(const label_set& set) const {
    for (const auto& r : routes_)
      if (matches_all(r.matchers, set)) return &r;
    return nullptr;
  }

  bool due(const group& g, timestamp_ns now) const {
    if (g.last_sent == 0) return has_firing(g) && now - g.first_seen >= ns(g.spec->group_wait);
    bool changed = false;
    for (const auto& [set, a] : g.alerts) {
      const auto it = g.sent.find(set);
      changed = changed || it == g.sent.end() || it->second != a.state;
    }
    for (const auto& [set, state] : g.sent) changed = changed || !g.alerts.count(set);
    if (changed && !g.alerts.empty() && now - g.last_sent >= ns(g.spec->group_interval)) return true;
    return has_firing(g) && now - g.last_sent >= ns(g.spec->repeat_interval);
  }

  std::vector<route> routes_;
  std::vector<inhibit_rule> inhibit_;
  std::map<std::uint64_t, silence> silences_;
  std::uint64_t next_silence_ = 0;
  std::map<std::pair<std::string, label_set>, group> groups_;
};

}  // namespace alert
AIOPS_END_NAMESPACE
