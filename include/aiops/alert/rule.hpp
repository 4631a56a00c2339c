// aiops: alerting rules, the alert state machine (inactive -> pending -> firing -> resolved) and the
// Prometheus rule file they export to (standard library only)
// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>       // std::chrono::milliseconds, nanoseconds
#include <cstddef>      // std::size_t
#include <map>          // std::map
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <tuple>        // std::tuple
#include <iterator>     // std::next
#include <vector>       // std::vector

#include "aiops/alert/expr.hpp"
#include "aiops/alert/series.hpp"
#include "aiops/alert/template.hpp"
#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace alert {

/// An alerting rule as it appears in a Prometheus rule file.
///
///     aiops::alert::rule high_load{.name = "HighLoad", .expr = "node_load1 > 4", .for_duration = 5min,
///                                  .labels = {{"severity", "warning"}},
///                                  .annotations = {{"summary", "{{ $labels.instance }} load {{ $value }}"}}};
struct rule {
  std::string name;                             ///< `alert:`, becomes the label `alertname`
  std::string expr;                             ///< see `expression` for the supported PromQL
  std::chrono::milliseconds for_duration{0};    ///< `for:` pending this long before firing
  std::chrono::milliseconds keep_firing_for{0}; ///< `keep_firing_for:` stay firing this long after the expression clears
  label_set labels;                             ///< added to the alert's labels; values are templates
  label_set annotations;                        ///< templates: `{{ $labels.instance }}`, `{{ $value }}`
};

/// A named group of rules evaluated together every `interval`.
struct rule_group {
  std::string name;
  std::chrono::milliseconds interval{60'000};
  std::vector<rule> rules;
};

/// Where an alert is in its life.
enum class alert_state { inactive, pending, firing, resolved };

constexpr const char* to_string(alert_state s) noexcept {
  switch (s) {
    case alert_state::inactive: return "inactive";
    case alert_state::pending: return "pending";
    case alert_state::firing: return "firing";
    case alert_state::resolved: return "resolved";
  }
  return "unknown";
}

/// One alert: a rule's result for one label set.
struct alert {
  label_set labels;       ///< series labels (without `__name__`), rule labels and `alertname`
  label_set annotations;  ///< rendered with the latest value
  alert_state state = alert_state::inactive;
  double value = 0;               ///< the expression's value at the last evaluation where it held
  timestamp_ns active_at = 0;     ///< when it became pending
  timestamp_ns fired_at = 0;      ///< when it started firing (`startsAt`); 0 when it never fired
  timestamp_ns resolved_at = 0;   ///< when it resolved (`endsAt`); 0 while active
  timestamp_ns last_true_at = 0;  ///< the last evaluation where the expression held
};

/// Evaluates a rule group on a series store and keeps each alert's state between evaluations.
///
///     auto engine = aiops::alert::rule_engine::compile(group);   // result: bad expr/template = failure
///     for (const auto& a : engine->evaluate(store, now)) if (a.state == alert_state::firing) ...;
///
/// A result that holds becomes `pending`, then `firing` once it has held `for_duration` (at once when 0).
/// A pending alert whose result clears is dropped; a firing one becomes `resolved` (after
/// `keep_firing_for`) and is kept, resolved, for `resolved_retention` so notifiers can say so;
/// if it holds again it starts over as a new pending alert. Not thread-safe.
class rule_engine {
 public:
  /// How long resolved alerts stay in `alerts()` (Prometheus keeps them 15 minutes).
  std::chrono::milliseconds resolved_retention = std::chrono::minutes(15);

  /// Checks every rule (name, expression, templates); a failure names the rule and the field.
  static result<rule_engine> compile(rule_group group) {
    rule_engine engine;
    for (std::size_t k = 0; k < group.rules.size(); ++k) {
      const rule& r = group.rules[k];
      const std::string where = "rule " + std::to_string(k + 1) + " (" + (r.name.empty() ? "unnamed" : r.name) + "): ";
      if (!is_identifier(r.name)) return fail(errc::syntax, where + "alert name must match [a-zA-Z_][a-zA-Z0-9_]*");
      auto e = expression::parse(r.expr);
      if (!e) return fail(errc::syntax, where + "expr: " + e.error().message, e.error().column);
      if (e->returns_scalar()) return fail(errc::syntax, where + "expr: an alert needs series, not a number (use vector(1) in Prometheus)");
      compiled c{r, std::move(*e), {}, {}, {}};
      if (r.for_duration.count() < 0 || r.keep_firing_for.count() < 0)
        return fail(errc::syntax, where + "negative duration");
      for (const auto& [field, source, target] : {std::tuple{"labels", &r.labels, &c.label_templates},
                                                  std::tuple{"annotations", &r.annotations, &c.annotation_templates}}) {
        for (const auto& [name, text] : *source) {
          if (!is_identifier(name))  // promtool refuses them too
            return fail(errc::syntax, where + field + "." + name + ": \"" + name + "\" is not a valid name ([a-zA-Z_][a-zA-Z0-9_]*)");
          auto t = text_template::parse(text);
          if (!t) return fail(errc::syntax, where + field + "." + name + ": " + t.error().message, t.error().column);
          target->emplace(name, std::move(*t));
        }
      }
      engine.rules_.push_back(std::move(c));
    }
    engine.group_ = std::move(group);
    return engine;
  }

  const rule_group& group() const noexcept { return group_; }

  /// Evaluates every rule at `now` and returns the alerts held afterwards (pending, firing, and
  /// resolved ones within `resolved_retention`), ordered by rule then labels.
  std::vector<alert> evaluate(const series_store& store, timestamp_ns now) {
    for (auto& c : rules_) step(c, store, now);
    return alerts();
  }

  /// The alerts held now, as `evaluate` returns them.
  std::vector<alert> alerts() const {
    std::vector<alert> out;
    for (const auto& c : rules_)
      for (const auto& [fp, a] : c.active) out.push_back(a);
    return out;
  }

 private:
  struct compiled {
    rule spec;
    expression expr;
    std::map<std::string, text_template> label_templates;
    std::map<std::string, text_template> annotation_templates;
    std::map<label_set, alert> active;  // by the alert's labels
  };

  static timestamp_ns ns(std::chrono::milliseconds d) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  }

  void step(compiled& c, const series_store& store, timestamp_ns now) {
    std::map<label_set, bool> seen;
    for (const element& e : c.expr.evaluate(store, now)) {
      label_set set = e.labels;
      set.erase("__name__");
      const label_set series_labels = set;
      for (const auto& [name, t] : c.label_templates) set[name] = t.render(series_labels, e.value);
      set["alertname"] = c.spec.name;
      seen[set] = true;
      alert& a = c.active[set];
      if (a.state == alert_state::inactive || a.state == alert_state::resolved) {
        a = alert{set, {}, alert_state::pending, e.value, now, 0, 0, now};
      }
      a.value = e.value;
      a.last_true_at = now;
      if (a.state == alert_state::pending && now - a.active_at >= ns(c.spec.for_duration)) {
        a.state = alert_state::firing;
        a.fired_at = now;
      }
      a.annotations.clear();
      for (const auto& [name, t] : c.annotation_templates) a.annotations[name] = t.render(series_labels, e.value);
    }
    for (auto it = c.active.begin(); it != c.active.end();) {
      alert& a = it->second;
      bool drop = false;
      if (!seen.count(it->first)) {
        if (a.state == alert_state::pending) {
          drop = true;
        } else if (a.state == alert_state::firing && now - a.last_true_at >= ns(c.spec.keep_firing_for)) {
          a.state = alert_state::resolved;
          a.resolved_at = now;
        } else if (a.state == alert_state::resolved && now - a.resolved_at > ns(resolved_retention)) {
          drop = true;
        }
      }
      it = drop ? c.active.erase(it) : std::next(it);
    }
  }

  rule_group group_;
  std::vector<compiled> rules_;
};

namespace detail {

// A YAML double-quoted scalar: safe for any text (PromQL quotes, colons, template braces).
inline std::string yaml_quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          static constexpr char hex[] = "0123456789abcdef";
          out += "\\x";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else {
          out += char(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace detail

/// The groups as a Prometheus rule file (YAML) that `promtool check rules` accepts.
/// `keep_firing_for` is written only when set: it needs Prometheus 2.45 or later.
inline std::string to_prometheus_rules(const std::vector<rule_group>& groups) {
  using detail::yaml_quote;
  std::string out = "groups:\n";
  for (const auto& g : groups) {
    out += "  - name: " + yaml_quote(g.name) + "\n";
    out += "    interval: " + format_duration(g.interval) + "\n";
    out += "    rules:\n";
    for (const auto& r : g.rules) {
      out += "      - alert: " + yaml_quote(r.name) + "\n";
      out += "        expr: " + yaml_quote(r.expr) + "\n";
      if (r.for_duration.count() > 0) out += "        for: " + format_duration(r.for_duration) + "\n";
      if (r.keep_firing_for.count() > 0) out += "        keep_firing_for: " + format_duration(r.keep_firing_for) + "\n";
      for (const auto& [key, map] : {std::pair{"labels", &r.labels}, std::pair{"annotations", &r.annotations}}) {
        if (map->empty()) continue;
        out += std::string("        ") + key + ":\n";
        for (const auto& [name, value] : *map) out += "          " + yaml_quote(name) + ": " + yaml_quote(value) + "\n";
      }
    }
  }
  return out;
}

}  // namespace alert
AIOPS_END_NAMESPACE
