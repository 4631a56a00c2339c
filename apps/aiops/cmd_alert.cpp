// aiops: `aiops alert rules.yaml`: evaluate Prometheus-style alert rules on series and notify
// SPDX-License-Identifier: MIT
#include <algorithm>   // std::min, std::max, std::find
#include <chrono>      // durations
#include <cstdio>      // std::printf, std::fprintf
#include <cstdlib>     // std::getenv
#include <fstream>     // std::ifstream
#include <initializer_list>  // std::initializer_list
#include <limits>      // std::numeric_limits
#include <map>         // std::map
#include <memory>      // std::make_shared, std::unique_ptr
#include <set>         // std::set
#include <string>      // std::string
#include <string_view>  // std::string_view
#include <vector>      // std::vector

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <aiops/alert.hpp>
#include <aiops/core.hpp>

#include "command.hpp"

namespace alert = aiops::alert;

namespace cmd_alert {

struct alert_args {
  std::string rules;
  std::string series;
  bool export_rules = false;
  std::string step;
  std::vector<std::string> group_by{"alertname"};
  std::string group_wait = "0s";
  std::string group_interval = "5m";
  std::string repeat_interval = "4h";
  std::string alertmanager;
  std::string webhook;
  std::string dingtalk;
  std::string smtp;
  std::string mail_from;
  std::vector<std::string> mail_to;
  std::string outbox = "aiops-outbox";
};

[[noreturn]] void bad_yaml(const YAML::Node& node, const std::string& what) {
  throw aiops::parse_error(what, std::size_t(node.Mark().line + 1), std::size_t(node.Mark().column + 1));
}

std::string scalar(const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) bad_yaml(node, what + " must be a string");
  return node.as<std::string>();
}

std::chrono::milliseconds duration(const YAML::Node& node, const std::string& what) {
  const auto d = alert::parse_duration(scalar(node, what));
  if (!d) bad_yaml(node, what + ": " + d.error().message);
  return *d;
}

// The keys of a map, each allowed and none twice (yaml-cpp keeps one of two equal keys silently).
void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed) {
  std::set<std::string> seen;
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) bad_yaml(kv.first, "unknown field \"" + key + "\"");
    if (!seen.insert(key).second) bad_yaml(kv.first, "field \"" + key + "\" appears twice");
  }
}

// Labels and annotations: names to values (the names are checked by rule_engine::compile).
alert::label_set string_map(const YAML::Node& node, const std::string& what) {
  alert::label_set out;
  if (!node) return out;
  if (!node.IsMap()) bad_yaml(node, what + " must be a map");
  for (const auto& kv : node) {
    const std::string name = scalar(kv.first, what);
    if (out.count(name)) bad_yaml(kv.first, what + ": \"" + name + "\" appears twice");
    out[name] = scalar(kv.second, what + "." + name);
  }
  return out;
}

// A Prometheus rule file: groups of alerting rules (recording rules are refused).
std::vector<alert::rule_group> read_rule_file(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw aiops::error("cannot read " + path);
  } catch (const YAML::ParserException& e) {
    throw aiops::error(path + ": " + aiops::parse_error(e.msg, std::size_t(e.mark.line + 1), std::size_t(e.mark.column + 1)).what());
  }
  try {
    if (!root.IsMap() || !root["groups"] || !root["groups"].IsSequence()) bad_yaml(root, "a rule file has a list \"groups\"");
    check_keys(root, {"groups"});
    std::vector<alert::rule_group> groups;
    for (const auto& g : root["groups"]) {
      if (!g.IsMap() || !g["name"]) bad_yaml(g, "a group needs a name");
      check_keys(g, {"name", "interval", "rules"});  // Prometheus' limit and query_offset are not supported
      alert::rule_group group{scalar(g["name"], "name"), std::chrono::minutes(1), {}};
      for (const auto& other : groups)
        if (other.name == group.name) bad_yaml(g["name"], "group \"" + group.name + "\" appears twice");
      if (g["interval"]) group.interval = duration(g["interval"], "interval");
      if (group.interval.count() <= 0) bad_yaml(g["interval"], "interval must be positive");
      if (!g["rules"] || !g["rules"].IsSequence()) bad_yaml(g, "group \"" + group.name + "\" needs a list \"rules\"");
      for (const auto& r : g["rules"]) {
        if (!r.IsMap()) bad_yaml(r, "a rule is a map");
        if (r["record"]) bad_yaml(r, "recording rules are not supported, only alerting rules");
        if (!r["alert"] || !r["expr"]) bad_yaml(r, "an alerting rule needs \"alert\" and \"expr\"");
        check_keys(r, {"alert", "expr", "for", "keep_firing_for", "labels", "annotations"});
        alert::rule rule{scalar(r["alert"], "alert"), scalar(r["expr"], "expr")};
        if (r["for"]) rule.for_duration = duration(r["for"], "for");
        if (r["keep_firing_for"]) rule.keep_firing_for = duration(r["keep_firing_for"], "keep_firing_for");
        rule.labels = string_map(r["labels"], "labels");
        rule.annotations = string_map(r["annotations"], "annotations");
        // Report the line of what does not compile: an annotation or label template, else the expression.
        auto check = alert::rule_engine::compile({group.name, group.interval, {rule}});
        if (!check) {
          for (const char* part : {"annotations", "labels"})
            if (r[part])
              for (const auto& kv : r[part])
                if (check.error().message.find(std::string(part) + "." + kv.first.as<std::string>() + ":") != std::string::npos)
                  bad_yaml(kv.second, check.error().message);
          bad_yaml(r["expr"], check.error().message);
        }
        group.rules.push_back(std::move(rule));
      }
      groups.push_back(std::move(group));
    }
    return groups;
  } catch (const aiops::parse_error& e) {
    throw aiops::error(path + ": " + e.what());
  }
}

// VictoriaMetrics' /api/v1/export JSON lines: {"metric":{"__name__":..,...},"values":[..],"timestamps":[ms..]}.
struct series_file {
  alert::series_store store;
  aiops::timestamp_ns first = 0, last = 0;
};

series_file read_series(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw aiops::error("cannot read " + path);
  series_file out;
  std::string line;
  std::size_t number = 0;
  bool any = false;
  while (std::getline(in, line)) {
    ++number;
    if (aiops::trim(line).empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    const auto fail = [&](const std::string& why) { throw aiops::error(path + ": line " + std::to_string(number) + ": " + why); };
    if (!j.is_object() || !j.contains("metric") || !j["metric"].is_object()) fail("expected {\"metric\":{...},\"values\":[...],\"timestamps\":[...]}");
    const auto& values = j.value("values", nlohmann::json::array());
    const auto& times = j.value("timestamps", nlohmann::json::array());
    if (!values.is_array() || !times.is_array() || values.size() != times.size()) fail("values and timestamps must be arrays of the same length");
    alert::label_set labels;
    for (const auto& [name, value] : j["metric"].items()) {
      if (!value.is_string()) fail("label " + name + " is not a string");
      labels[name] = value.get<std::string>();
    }
    const std::string name = labels["__name__"];
    if (name.empty()) fail("the metric has no __name__");
    labels.erase("__name__");
    for (std::size_t k = 0; k < values.size(); ++k) {
      if (!values[k].is_number() || !times[k].is_number_integer()) fail("values must be numbers and timestamps integers (ms)");
      const std::int64_t ms = times[k].get<std::int64_t>();
      // In nanoseconds a millisecond time must fit in 64 bits (up to 2262): a larger one is in
      // micro- or nanoseconds, whose product overflowed into nothing.
      if (ms < 0 || ms > std::numeric_limits<std::int64_t>::max() / aiops::ns_per_millisecond)
        fail("timestamp " + std::to_string(ms) + " is not in milliseconds since 1970 (microseconds or nanoseconds?)");
      const aiops::timestamp_ns t = ms * aiops::ns_per_millisecond;
      out.store.add(name, labels, t, values[k].get<double>());
      out.first = any ? std::min(out.first, t) : t;
      out.last = any ? std::max(out.last, t) : t;
      any = true;
    }
  }
  if (!any) throw aiops::error(path + ": no samples");
  return out;
}

std::string describe(const alert::alert& a) {
  std::string labels;
  for (const auto& [name, value] : a.labels)
    if (name != "alertname") labels += (labels.empty() ? "" : ",") + name + "=\"" + value + "\"";
  return a.labels.at("alertname") + "{" + labels + "}";
}

void run(const alert_args& args) {
  const auto groups = read_rule_file(args.rules);
  if (args.export_rules) {
    std::fputs(alert::to_prometheus_rules(groups).c_str(), stdout);
    return;
  }
  if (args.series.empty()) throw CLI::RequiredError("--series (or --export-rules)");
  const series_file data = read_series(args.series);

  std::vector<alert::rule_engine> engines;
  std::chrono::milliseconds step = std::chrono::hours(24);
  for (const auto& g : groups) {
    engines.push_back(alert::rule_engine::compile(g).value());
    step = std::min(step, g.interval);
  }
  if (!args.step.empty()) step = alert::parse_duration(args.step).value();
  if (step.count() <= 0) {
    fmt::print(stderr, "aiops: alert: the evaluation step must be positive\n");
    throw CLI::RuntimeError(105);
  }

  const auto d = [](const std::string& text) { return alert::parse_duration(text).value(); };
  alert::dispatcher dispatcher({alert::route{.receiver = "default", .group_by = args.group_by, .group_wait = d(args.group_wait),
                                             .group_interval = d(args.group_interval), .repeat_interval = d(args.repeat_interval)}});

  // One notifier per kind, named after it: the outbox keeps what a later run must still deliver.
  std::map<std::string, std::unique_ptr<alert::notifier>> notifiers;
  if (!args.alertmanager.empty()) notifiers["alertmanager"] = std::make_unique<alert::alertmanager_notifier>(args.alertmanager);
  if (!args.webhook.empty()) notifiers["webhook"] = std::make_unique<alert::webhook_notifier>(args.webhook);
  if (!args.dingtalk.empty()) {
    const char* secret = std::getenv("AIOPS_DINGTALK_SECRET");
    notifiers["dingtalk"] = std::make_unique<alert::dingtalk_notifier>(alert::dingtalk_options{args.dingtalk, secret ? secret : ""});
  }
  if (!args.smtp.empty()) {
    const auto colon = args.smtp.rfind(':');
    alert::smtp_options o{.host = args.smtp.substr(0, colon), .from = args.mail_from, .to = args.mail_to};
    if (colon != std::string::npos) o.port = int(aiops::parse_int(args.smtp.substr(colon + 1)).value_or(25));
    if (const char* user = std::getenv("AIOPS_SMTP_USER")) o.user = user;
    if (const char* password = std::getenv("AIOPS_SMTP_PASSWORD")) o.password = password;
    notifiers["smtp"] = std::make_unique<alert::smtp_notifier>(o);
  }
  std::map<std::string, alert::notifier*> receivers;
  for (const auto& [name, n] : notifiers) receivers[name] = n.get();
  std::unique_ptr<alert::outbox> queue;
  if (!notifiers.empty()) queue = std::make_unique<alert::outbox>(args.outbox);

  std::map<alert::label_set, alert::alert_state> last;
  std::size_t notifications = 0, dropped = 0;
  const aiops::timestamp_ns step_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(step).count();
  for (aiops::timestamp_ns t = data.first; t <= data.last; t += step_ns) {
    std::vector<alert::alert> current;
    for (auto& e : engines)
      for (auto& a : e.evaluate(data.store, t)) current.push_back(std::move(a));
    for (const auto& a : current) {
      auto& before = last[a.labels];
      if (before == a.state) continue;
      before = a.state;
      fmt::print("{} {:<8} {} value={}\n", aiops::format_rfc3339(t, 0), alert::to_string(a.state), describe(a),
                 alert::format_value(a.value));
      if (a.state == alert::alert_state::firing)
        for (const auto& [name, text] : a.annotations) fmt::print("    {}: {}\n", name, text);
    }
    for (auto& n : dispatcher.process(current, t)) {
      ++notifications;
      for (const auto& [name, target] : receivers) {
        n.receiver = name;  // the dispatcher has one route; each notifier gets its copy
        dropped += queue->add(n).dropped;
      }
    }
  }
  fmt::print("{} notifications\n", notifications);
  if (dropped > 0)
    fmt::print(stderr, "aiops: alert: the outbox {} was full: its {} oldest notifications were dropped\n", args.outbox, dropped);
  if (queue) {
    const auto report = queue->deliver(receivers);
    fmt::print("delivered {}, waiting in {} {}\n", report.delivered, args.outbox, report.pending);
    for (const auto& e : report.errors) fmt::print(stderr, "aiops: alert: {}\n", e);
    if (report.pending > 0) throw CLI::RuntimeError(3);
  }
}

void setup(CLI::App& sub) {
  auto args = std::make_shared<alert_args>();
  sub.add_option("rules", args->rules, "Prometheus rule file (alerting rules)")->required()->check(CLI::ExistingFile);
  sub.add_option("--series", args->series, "series to evaluate on: JSON lines as VictoriaMetrics' /api/v1/export writes them")
      ->check(CLI::ExistingFile);
  sub.add_flag("--export-rules", args->export_rules, "check the rules and print them as a Prometheus rule file");
  sub.add_option("--step", args->step, "evaluation step (default: the smallest group interval)");
  sub.add_option("--group-by", args->group_by, "labels that group alerts into one notification")->delimiter(',');
  sub.add_option("--group-wait", args->group_wait, "wait before the first notification of a group")->capture_default_str();
  sub.add_option("--group-interval", args->group_interval, "wait between notifications of a changed group")->capture_default_str();
  sub.add_option("--repeat-interval", args->repeat_interval, "resend a firing group this often")->capture_default_str();
  sub.add_option("--alertmanager", args->alertmanager, "Alertmanager base URL (POST /api/v2/alerts)");
  sub.add_option("--webhook", args->webhook, "URL receiving Alertmanager's webhook JSON");
  sub.add_option("--dingtalk", args->dingtalk, "DingTalk robot URL (secret in AIOPS_DINGTALK_SECRET)");
  sub.add_option("--smtp", args->smtp, "SMTP server HOST:PORT (AIOPS_SMTP_USER, AIOPS_SMTP_PASSWORD)");
  sub.add_option("--mail-from", args->mail_from, "sender address for --smtp");
  sub.add_option("--mail-to", args->mail_to, "recipient addresses for --smtp")->delimiter(',');
  sub.add_option("--outbox", args->outbox, "directory of undelivered notifications (kept across runs)")->capture_default_str();
  sub.callback([args] {
    for (const auto& text : {args->group_wait, args->group_interval, args->repeat_interval, args->step}) {
      if (!text.empty() && !alert::parse_duration(text)) {
        fmt::print(stderr, "aiops: alert: bad duration \"{}\"\n", text);
        throw CLI::RuntimeError(105);
      }
    }
    if (!args->smtp.empty() && (args->mail_from.empty() || args->mail_to.empty())) {
      fmt::print(stderr, "aiops: alert: --smtp needs --mail-from and --mail-to\n");
      throw CLI::RuntimeError(105);
    }
    run(*args);
  });
}

const aiops::app::register_command reg{{"alert", "Evaluate alert rules on series and notify", setup}};

}  // namespace cmd_alert
