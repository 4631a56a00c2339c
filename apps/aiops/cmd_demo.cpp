// aiops: `aiops demo`: the capstone loop on the bundled datasets, with no server: logs -> signals
// and templates -> anomaly scores -> alerts -> an incident timeline and an HTML report
// SPDX-License-Identifier: MIT
#include <algorithm>   // std::sort, std::count_if, std::any_of
#include <cstdio>      // std::printf, std::FILE
#include <filesystem>  // std::filesystem::directory_iterator
#include <fstream>     // std::ifstream
#include <map>         // std::map
#include <string>      // std::string
#include <vector>      // std::vector

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <aiops/core.hpp>
#include <aiops/logs.hpp>
#include <aiops/plot.hpp>
#include <aiops/ts.hpp>

#include "command.hpp"
#include "demo/loop.hpp"

namespace cmd_demo {

namespace demo = aiops::app::demo;
namespace logs = aiops::logs;
using aiops::timestamp_ns;

struct demo_args {
  std::string datasets;
  std::string html = "aiops-demo-report.html";
  int syslog_year = 2025;  // auth.log lines carry no year; datasets/syslog/README.md gives it
  bool json = false;
};

// datasets/nginx/README.md: nginx `combined` plus $request_time.
constexpr std::string_view nginx_format =
    R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time)";

// "/api/v1/orders/4873020" -> "/api/v1/orders/<*>": ids in paths are parameters, names are not.
std::string route_of(std::string_view path) {
  std::string out;
  for (std::string_view segment : aiops::split(path, '/')) {
    if (!out.empty() || path.starts_with('/')) out += '/';
    const bool id = !segment.empty() && segment.find_first_not_of("0123456789") == std::string_view::npos;
    out += id ? "<*>" : std::string(segment);
  }
  return out.substr(path.starts_with('/') ? 1 : 0);
}

demo::signal nginx_errors(const std::string& path) {
  demo::signal s("nginx_5xx", path, "HTTP responses with status >= 500");
  s.mask = aiops::nlp::masker();  // the route below is already masked; status codes must stay
  s.miner = aiops::nlp::drain({.similarity = 0.7});  // three tokens: two in common is another route
  const auto format = logs::access_format::nginx(nginx_format, {.strict_request = true}).value();
  s.bad = logs::for_each_record(path, format, [&](const logs::access_record& r) {
    s.traffic.add(r.time());
    if (r.status() >= 500) s.count(r.time(), std::to_string(r.status()) + " " + std::string(r.method()) + " " + route_of(r.path()));
  });
  return s;
}

demo::signal ssh_failures(const std::string& path, int year) {
  demo::signal s("ssh_failed_logins", path, "failed SSH password attempts");
  s.bad = logs::for_each_record(path, logs::syslog_parser{year}, [&](const logs::syslog_record& r) {
    if (!r.time) return;
    s.traffic.add(*r.time);
    std::string_view msg = r.message;
    std::uint64_t times = 1;
    if (msg.starts_with("message repeated ")) {  // "message repeated 3 times: [ Failed password ...]"
      times = std::uint64_t(aiops::parse_int(aiops::split(msg, ' ').at(2)).value_or(1));
      msg = aiops::trim(msg.substr(std::min(msg.size(), msg.find('[') + 1)));
    }
    if (r.app == "sshd" && msg.starts_with("Failed password")) s.count(*r.time, msg, times);
  });
  return s;
}

demo::signal app_errors(const std::string& path) {
  demo::signal s("app_errors", path, "ERROR lines of the application");
  s.bad = logs::for_each_record(path, logs::json_parser{}, [&](const logs::kv_record& r) {
    auto t = aiops::parse_rfc3339(r.get("ts").value_or(""));
    if (!t) return;
    s.traffic.add(*t);
    if (r.get("level") == "ERROR") s.count(*t, std::string(r.get("logger").value_or("")) + ": " + std::string(r.get("msg").value_or("")));
  });
  return s;
}

// The windows the datasets label as incidents: the logs' truth.json files and the metrics' labels.csv.
struct labelled {
  std::string signal;
  std::string what;
  timestamp_ns start = 0, end = 0;  // end excluded
};

std::vector<labelled> labels(const std::string& dir) {
  auto load = [&](const std::string& file) { return nlohmann::json::parse(std::ifstream(dir + "/" + file)); };
  auto at = [](const nlohmann::json& j) { return aiops::parse_rfc3339(j.get<std::string>()).value(); };
  const auto nginx = load("nginx/truth.json"), syslog = load("syslog/truth.json"), app = load("app/truth.json");
  std::vector<labelled> out = {
      {"nginx_5xx", "upstream outage: 5xx on /api/", at(nginx["incident"]["start"]), at(nginx["incident"]["end"])},
      {"ssh_failed_logins", "SSH brute force", at(syslog["burst"]["start"]), at(syslog["burst"]["end"])},
      {"app_errors", "database connection pool exhausted", at(app["burst"]["start"]), at(app["burst"]["end"])}};
  // series,start,end,kind with both ends included (datasets/metrics/README.md).
  std::ifstream csv(dir + "/metrics/labels.csv");
  std::string line;
  for (std::getline(csv, line); std::getline(csv, line);) {
    const auto cell = aiops::split(aiops::trim(line), ',');
    if (cell.size() != 4) throw aiops::error("metrics/labels.csv: expected series,start,end,kind: " + line);
    out.push_back({std::string(cell[0]), std::string(cell[3]), aiops::parse_rfc3339(cell[1]).value(),
                   aiops::parse_rfc3339(cell[2]).value() + aiops::ns_per_minute});
  }
  return out;
}

// Every <host>/<metric>.csv under metrics/, in name order.
std::vector<demo::metric> host_metrics(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& host : std::filesystem::directory_iterator(dir + "/metrics"))
    if (host.is_directory())
      for (const auto& f : std::filesystem::directory_iterator(host.path()))
        if (f.path().extension() == ".csv") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  std::vector<demo::metric> out;
  for (const auto& f : files) {
    const std::string host = f.parent_path().filename().string(), name = f.stem().string();
    out.push_back(demo::read_metric(host + "/" + name, f.string(), name + " of " + host));
  }
  return out;
}

std::string hhmm(timestamp_ns t) { return aiops::format_rfc3339(t, 0).substr(0, 16).replace(10, 1, " "); }

// A series with the windows where alerts fired and the windows the labels give.
std::string chart(const std::string& title, const std::string& name, const std::vector<timestamp_ns>& x, std::vector<double> y,
                  const std::vector<demo::incident>& found, const std::vector<labelled>& truth) {
  aiops::plot::line_chart c({.title = title, .width = 1000, .height = 260});
  c.add_line(name, x, std::move(y));
  for (const auto& l : truth)
    if (l.signal == name) c.add_interval(l.start, l.end, "labelled", "#999999");
  for (const auto& inc : found) c.add_interval(inc.pending_at, demo::window_end(inc, x.back()), "alert");
  return c.svg();
}

std::string chart(const demo::signal& s, const std::vector<demo::incident>& found, const std::vector<labelled>& truth) {
  std::vector<timestamp_ns> x;
  std::vector<double> y;
  std::map<timestamp_ns, double> counted;
  for (const auto& [t, n] : s.counts.series(false)) counted[t] = double(n);
  for (const auto& [t, lines] : s.traffic.series()) {
    x.push_back(t);
    y.push_back(counted.count(t) ? counted[t] : 0.0);
  }
  return chart(s.what + " per minute", s.name, x, y, found, truth);
}

void run(const demo_args& args) {
  const std::string dir = args.datasets.empty() ? aiops::app::source_dir() + "/datasets" : args.datasets;
  const demo::loop_options options;
  const demo::loop_options metric_options = demo::metric_options();
  // With --json, stdout is for the machine; the timeline a person reads goes to stderr.
  std::FILE* const text = args.json ? stderr : stdout;
  std::fprintf(stderr, "demo: reading the bundled logs and host metrics in %s\n", dir.c_str());
  std::vector<demo::signal> signals;
  signals.push_back(nginx_errors(dir + "/nginx/access.log"));
  signals.push_back(ssh_failures(dir + "/syslog/auth.log", args.syslog_year));
  signals.push_back(app_errors(dir + "/app/app.jsonl"));
  const std::vector<demo::metric> metrics = host_metrics(dir);

  std::vector<demo::incident> timeline;
  std::map<std::string, std::vector<demo::incident>> by_signal;
  auto add = [&](const std::string& name, std::vector<demo::incident> found) {
    timeline.insert(timeline.end(), found.begin(), found.end());
    by_signal[name] = std::move(found);
  };
  for (const auto& s : signals) add(s.name, demo::incidents(s, demo::score(s, options), options));
  for (const auto& m : metrics) add(m.name, demo::incidents(m, demo::score(m, metric_options), metric_options));
  std::sort(timeline.begin(), timeline.end(), [](const auto& a, const auto& b) { return a.pending_at < b.pending_at; });

  // Against the datasets' labels: each labelled incident found, and how late; alerts nobody labelled.
  const auto truth = labels(dir);
  auto label_of = [&](const demo::incident& inc) -> const labelled* {
    const timestamp_ns end = inc.resolved_at ? inc.resolved_at : inc.fired_at;
    for (const auto& l : truth)
      if (l.signal == inc.signal && inc.pending_at < l.end && end > l.start) return &l;
    return nullptr;
  };

  nlohmann::json out = {{"incidents", nlohmann::json::array()}, {"labelled", nlohmann::json::array()}};
  fmt::print(text, "aiops demo: logs and host metrics -> templates -> anomaly scores -> alerts, on the bundled datasets (no server)\n\n");
  for (const auto& s : signals)
    fmt::print(text, "  {:<18} {:>8} events of {:>8} lines ({} bad) in {}\n", s.name, s.counts.total(), s.bad.lines, s.bad.bad,
               s.source.substr(dir.size() + 1));
  fmt::print(text, "  {:<18} {:>8} series of {} minutes in {}/\n", "host metrics", metrics.size(),
             metrics.empty() ? 0 : metrics.front().grid.size(), "metrics");
  fmt::print(text, "\nIncident timeline (rules: anomaly_score > {} for {}m on the logs, a causal z-score over the last day;\n"
                   "> {} for {}m on the host metrics, against the same minute of the same weekday 1-3 weeks ago, yesterday until two are known):\n",
             options.score_threshold, options.for_duration.count(), metric_options.score_threshold,
             metric_options.for_duration.count());
  for (const auto& inc : timeline) {
    const labelled* l = label_of(inc);
    const bool is_log = std::any_of(signals.begin(), signals.end(), [&](const auto& s) { return s.name == inc.signal; });
    fmt::print(text, "\n  {}  {} became anomalous; alert fired {}, {}\n", hhmm(inc.pending_at), inc.signal, hhmm(inc.fired_at),
               inc.resolved_at ? "resolved " + hhmm(inc.resolved_at) : std::string("still firing at the end"));
    const std::string evidence = is_log ? fmt::format("{} in the window", inc.messages) : fmt::format("{:.1f} at the worst minute", inc.peak_value);
    fmt::print(text, "      {}: {}, peak score {:.1f}{}\n", inc.what, evidence, inc.peak_score,
               l ? " — matches the labelled \"" + l->what + "\"" : " — no labelled incident here");
    for (const auto& t : inc.templates) fmt::print(text, "      {:>5} x {}{}\n", t.during, t.text, t.is_new ? "   (new template)" : "");
    nlohmann::json templates = nlohmann::json::array();
    for (const auto& t : inc.templates) templates.push_back({{"template", t.text}, {"count", t.during}, {"new", t.is_new}});
    out["incidents"].push_back({{"signal", inc.signal}, {"pending_at", aiops::format_rfc3339(inc.pending_at, 0)},
                                {"fired_at", aiops::format_rfc3339(inc.fired_at, 0)},
                                {"resolved_at", inc.resolved_at ? aiops::format_rfc3339(inc.resolved_at, 0) : ""},
                                {"peak_score", inc.peak_score}, {"labelled", l != nullptr},
                                {"label", l ? l->what : ""}, {"source", is_log ? "logs" : "metrics"}});
    if (is_log) out["incidents"].back().update({{"messages", inc.messages}, {"templates", templates}});
    else out["incidents"].back()["value"] = inc.peak_value;
  }
  fmt::print(text, "\nAgainst the labels in datasets/*/truth.json and datasets/metrics/labels.csv:\n");
  std::size_t found = 0;
  for (const auto& l : truth) {
    const demo::incident* hit = nullptr;
    for (const auto& inc : by_signal[l.signal])
      if (label_of(inc) == &l && !hit) hit = &inc;
    found += hit != nullptr;
    const std::string what = l.signal + ": " + l.what;
    if (hit) fmt::print(text, "  found   {:<44} labelled {} .. {}, alert fired {} min after it began\n", what, hhmm(l.start),
                        hhmm(l.end), (hit->fired_at - l.start) / aiops::ns_per_minute);
    else fmt::print(text, "  MISSED  {:<44} labelled {} .. {}\n", what, hhmm(l.start), hhmm(l.end));
    out["labelled"].push_back({{"signal", l.signal}, {"what", l.what}, {"start", aiops::format_rfc3339(l.start, 0)},
                               {"found", hit != nullptr},
                               {"delay_minutes", hit ? (hit->fired_at - l.start) / aiops::ns_per_minute : -1}});
  }
  const auto unlabelled = std::count_if(timeline.begin(), timeline.end(), [&](const auto& inc) { return !label_of(inc); });
  out["summary"] = {{"labelled", truth.size()}, {"found", found}, {"alerts", timeline.size()}, {"unlabelled_alerts", unlabelled}};
  fmt::print(text, "\n{} of {} labelled incidents found; {} of {} alerts match no label.\n", found, truth.size(), unlabelled, timeline.size());

  aiops::plot::html_report report("aiops demo: incidents in the bundled datasets");
  report.section("Timeline").paragraph(fmt::format("{} alerts fired over {} log signals and {} host metrics; {} of {} labelled incidents found.",
                                                   timeline.size(), signals.size(), metrics.size(), found, truth.size()));
  std::vector<std::vector<std::string>> rows;
  for (const auto& inc : timeline)
    rows.push_back({inc.signal, hhmm(inc.pending_at), hhmm(inc.fired_at), inc.resolved_at ? hhmm(inc.resolved_at) : "-",
                    inc.templates.empty() ? "" : inc.templates.front().text, label_of(inc) ? label_of(inc)->what : "no"});
  report.table({"signal", "anomalous", "fired", "resolved", "top template", "labelled"}, rows);
  for (const auto& s : signals) report.section(s.what).chart(chart(s, by_signal[s.name], truth), s.source.substr(dir.size() + 1));
  report.section("Host metrics");
  for (const auto& m : metrics) {
    // Ten-minute means: a 1000-pixel chart of a month shows 40 minutes a pixel anyway, and a lone
    // missed scrape would otherwise cut the line into runs too short to thin.
    const aiops::ts::series coarse = aiops::ts::resample(m.grid, 10 * aiops::ns_per_minute);
    report.chart(chart(m.what, m.name, coarse.time, coarse.value, by_signal[m.name], truth), m.source.substr(dir.size() + 1));
  }
  report.save(args.html);

  fmt::print(text, "\nHTML report: {}\n", args.html);
  fmt::print(text, "Still to come in this demo (see learning-plan.md): delivery to a real Alertmanager and\n"
                   "`aiops run pipeline.yaml` against live servers (week 12).\n");
  if (args.json) std::printf("%s\n", out.dump().c_str());  // one line: easy to grep, to pipe to jq
}

const aiops::app::register_command reg{{"demo", "Run the closed loop (logs -> detection -> alert) on the bundled datasets",
                                        [](CLI::App& sub) {
  auto args = std::make_shared<demo_args>();
  sub.add_option("--datasets", args->datasets, "the datasets directory (default: the source tree's datasets/)");
  sub.add_option("--html", args->html, "where to write the HTML report")->capture_default_str();
  sub.add_option("--syslog-year", args->syslog_year, "year of the auth.log lines, which carry none")->capture_default_str();
  sub.add_flag("--json", args->json, "print the incidents and the labels check as JSON on stdout (the timeline goes to stderr)");
  sub.callback([args] { run(*args); });
}}};

}  // namespace cmd_demo
