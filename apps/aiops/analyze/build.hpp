// aiops: `aiops analyze` internals: turning the streaming statistics of each log family into a report
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::max
#include <cmath>        // std::round
#include <cstddef>      // std::size_t
#include <cstdint>      // std::int64_t, std::uint64_t
#include <string>       // std::string
#include <utility>      // std::pair
#include <vector>       // std::vector

#include <fmt/core.h>

#include <aiops/core.hpp>
#include <aiops/frame.hpp>

#include "report.hpp"
#include "scan.hpp"
#include "stats.hpp"

namespace aiops::app::analyze {

/// How the scan went, for the summary.
struct run_info {
  std::string path;
  std::string format;
  double seconds = 0;
  scan_totals totals;
  std::size_t top = 10;
};

namespace detail {

inline double percent(double part, double whole) { return whole > 0 ? std::round(10000 * part / whole) / 100 : 0; }

// Whether the time axis of `per_minute` shows its empty minutes: not when they would be most of a
// long table (one line with a wrong clock, 1970 among 2024, would add 28 million of them).
inline bool shows_empty_minutes(const fr::time_counter& per_minute) {
  return per_minute.span() <= std::max<std::uint64_t>(100'000, 20 * std::uint64_t(per_minute.size()));
}

// The count columns of a minute series: `main` makes the time axis (shows_empty_minutes), the
// others are looked up on it.
inline fr::table minute_table(const fr::time_counter& main, const std::string& main_name,
                              const std::vector<std::pair<std::string, const fr::time_counter*>>& others) {
  fr::table t = main.to_table("time", main_name, shows_empty_minutes(main));
  const std::vector<std::int64_t> times = t["time"].int64s();  // a copy: add() below moves the columns
  for (const auto& [name, counter] : others) {
    const auto s = counter->series(false);
    std::vector<std::int64_t> counts(times.size(), 0);
    std::size_t k = 0;
    for (std::size_t i = 0; i < times.size(); ++i) {
      while (k < s.size() && s[k].first < times[i]) ++k;
      if (k < s.size() && s[k].first == times[i]) counts[i] = std::int64_t(s[k].second);
    }
    t.add(name, fr::column(std::move(counts)));
  }
  return t;
}

// Adds "share %" of `count` in `total`.
inline fr::table with_share(fr::table t, const std::string& count, double total) {
  std::vector<double> share;
  for (std::int64_t n : t[count].int64s()) share.push_back(percent(double(n), total));
  t.add("share %", fr::column(std::move(share)));
  return t;
}

template <class Key>
block top_block(std::string key, std::string title, const fr::counter<Key>& c, const std::string& label, std::size_t n,
                double total) {
  block b{std::move(key), std::move(title), with_share(c.to_table(label, "count", n), "count", total),
          chart_kind::bars, {"count"}, {}};
  if (c.size() > n) b.note = fmt::format("{} of {} distinct values", n, grouped(c.size()));
  return b;
}

// The most frequent messages, counted with their values masked (message_pattern).
inline block messages_block(const fr::counter<>& messages, std::size_t n, double total) {
  block b = top_block("top_messages", "Top messages", messages, "message", n, total);
  b.note = (b.note.empty() ? "" : b.note + "; ") + "numbers, addresses, ids and times masked as <*>";
  return b;
}

// A report with its title, the bad lines and the facts of the scan itself, for any kind of log.
inline report new_report(const run_info& run) {
  report r;
  r.title = "aiops analyze: " + run.path;
  r.bad = run.totals.summary;
  const auto& s = run.totals.summary;
  r.facts.push_back({"file", "file", run.path, {}});
  r.facts.push_back({"format", "format", run.format, {}});
  r.facts.push_back({"lines", "lines", s.lines, grouped(s.lines)});
  r.facts.push_back({"records", "records", s.records, grouped(s.records)});
  r.facts.push_back({"bad", "bad lines", s.bad, grouped(s.bad)});
  r.facts.push_back({"blank", "blank lines", s.blank, grouped(s.blank)});
  if (s.continued) r.facts.push_back({"continued", "lines continuing a record", s.continued, grouped(s.continued) + " (stack traces)"});
  if (s.comments) r.facts.push_back({"comments", "header or marker lines", s.comments, grouped(s.comments) + " (skipped)"});
  const double mb_s = run.seconds > 0 ? double(run.totals.bytes) / 1e6 / run.seconds : 0;
  r.facts.push_back({"bytes_read", "read", run.totals.bytes,
                     fmt::format("{} in {:.2f} s ({:.0f} MB/s, {} thread{})", human_bytes(double(run.totals.bytes)),
                                 run.seconds, mb_s, run.totals.threads, run.totals.threads == 1 ? "" : "s")});
  r.facts.push_back({"seconds", "time", run.seconds, fmt::format("{:.3f} s", run.seconds)});
  return r;
}

// First and last time, mean and peak per minute of `per_minute` (nothing when it is empty).
inline void time_facts(report& r, const fr::time_counter& per_minute, const std::string& what) {
  const auto s = per_minute.series(false);
  if (s.empty()) return;
  const auto [peak_t, peak_n] = per_minute.peak();
  const double minutes = double(per_minute.span());
  r.facts.push_back({"first", "first", when(per_minute.first_time()), {}});
  r.facts.push_back({"last", "last", when(per_minute.last_time()), {}});
  r.facts.push_back({what + "_per_minute_mean", what + " per minute (mean)", double(per_minute.total()) / minutes,
                     fmt::format("{:.1f} over {} minutes", double(per_minute.total()) / minutes, grouped(per_minute.span()))});
  r.facts.push_back({what + "_per_minute_peak", what + " per minute (peak)", {{"time", when(peak_t)}, {"count", peak_n}},
                     fmt::format("{} at {}", grouped(peak_n), when(peak_t))});
}

// Quantiles, max and mean of durations in seconds, or of numbers whose unit the log does not say.
inline block latency_block(const fr::quantile_sketch& q, const fr::running_stats& s, const std::string& what, bool seconds_unit = true) {
  std::vector<std::string> names;
  std::vector<double> values;
  for (auto [name, p] : {std::pair{"p50", 0.5}, {"p90", 0.9}, {"p95", 0.95}, {"p99", 0.99}, {"p99.9", 0.999}}) {
    names.emplace_back(name);
    values.push_back(q.quantile(p));
  }
  names.emplace_back("max");
  values.push_back(s.max());
  names.emplace_back("mean");
  values.push_back(s.mean());
  fr::table t;
  t.add("statistic", fr::column(std::move(names)));
  if (!seconds_unit) {
    t.add("as logged", fr::column(values));
    return {"duration_as_logged", "Durations (" + what + ", as logged: the log does not say the unit)", std::move(t),
            chart_kind::none, {},
            fmt::format("{} values; quantiles from a DDSketch, within {:.0f}% of the exact value; p50 {:g}, p99 {:g}",
                        grouped(q.count()), 100 * q.relative_accuracy(), values[0], values[3])};
  }
  t.add("seconds", fr::column(values));
  return {"latency", "Latency (" + what + ")", std::move(t), chart_kind::none, {},
          fmt::format("{} values; quantiles from a DDSketch, within {:.0f}% of the exact value; p50 {}, p99 {}",
                      grouped(q.count()), 100 * q.relative_accuracy(), human_seconds(values[0]),
                      human_seconds(values[3]))};
}

}  // namespace detail

/// The report of an access log.
inline report build(const access_stats& s, const run_info& run) {
  report r = detail::new_report(run);
  const double total = double(s.status.total() ? s.status.total() : run.totals.summary.records);
  detail::time_facts(r, s.per_minute, "requests");
  if (s.has_status) {
    const double c4 = double(s.class_per_minute[3].total()), c5 = double(s.class_per_minute[4].total());
    r.facts.push_back({"error_rate_4xx", "4xx rate", detail::percent(c4, total) / 100,
                       fmt::format("{:.2f}% ({} responses)", detail::percent(c4, total), grouped(std::uint64_t(c4)))});
    r.facts.push_back({"error_rate_5xx", "5xx rate", detail::percent(c5, total) / 100,
                       fmt::format("{:.2f}% ({} responses)", detail::percent(c5, total), grouped(std::uint64_t(c5)))});
  }
  if (s.has_bytes)
    r.facts.push_back({"bytes_sent", "bytes sent", s.bytes,
                       fmt::format("{} ({} per response)", human_bytes(double(s.bytes)),
                                   human_bytes(total > 0 ? double(s.bytes) / total : 0))});

  if (s.per_minute.total() > 0) {
    std::vector<std::pair<std::string, const fr::time_counter*>> classes;
    for (std::size_t c = 0; c < s.class_per_minute.size(); ++c)
      if (s.class_per_minute[c].total() > 0) classes.emplace_back(std::to_string(c + 1) + "xx", &s.class_per_minute[c]);
    fr::table minutes = detail::minute_table(s.per_minute, "requests", classes);
    const auto [peak_t, peak_n] = s.per_minute.peak();
    r.blocks.push_back({"requests_per_minute", "Requests per minute", minutes.select({"time", "requests"}),
                        chart_kind::timeline, {"requests"},
                        fmt::format("peak {} at {}", grouped(peak_n), when(peak_t))});
    if (classes.size() > 0) {
      std::vector<std::string> layers{"time"};
      for (const auto& c : classes) layers.push_back(c.first);
      r.blocks.push_back({"status_per_minute", "Responses per minute by status class", minutes.select(layers),
                          chart_kind::stacked, {}, {}});
    }
    for (const char* cls : {"4xx", "5xx"})
      if (!minutes.has(cls)) minutes.add(cls, fr::column(std::vector<std::int64_t>(minutes.rows(), 0)));
    r.blocks.push_back({"errors_per_minute", "Errors per minute", minutes.select({"time", "4xx", "5xx"}),
                        chart_kind::timeline, {"4xx", "5xx"}, {}});
    // Hours from the minutes: frame's resample does the bucketing (empty hours left out too when
    // the minutes leave theirs out).
    fr::table hours = fr::resample(minutes, "time", ns_per_hour,
                                   {fr::agg::sum("requests").as("requests"), fr::agg::sum("4xx").as("4xx"),
                                    fr::agg::sum("5xx").as("5xx")});
    if (!detail::shows_empty_minutes(s.per_minute)) {
      std::vector<bool> busy;
      for (const std::int64_t n : hours["requests"].int64s()) busy.push_back(n > 0);
      hours = hours.filter(busy);
    }
    std::vector<double> p4, p5;
    for (std::size_t i = 0; i < hours.rows(); ++i) {
      const double n = double(hours["requests"].int64s()[i]);
      p4.push_back(detail::percent(double(hours["4xx"].int64s()[i]), n));
      p5.push_back(detail::percent(double(hours["5xx"].int64s()[i]), n));
    }
    hours.add("4xx %", fr::column(std::move(p4)));
    hours.add("5xx %", fr::column(std::move(p5)));
    r.blocks.push_back({"errors_per_hour", "Errors per hour", std::move(hours), chart_kind::timeline, {"4xx %", "5xx %"}, {}});
  }
  if (s.has_status) r.blocks.push_back(detail::top_block("status", "Status codes", s.status, "status", 1000, total));
  if (s.has_path) r.blocks.push_back(detail::top_block("top_paths", "Top paths", s.paths, "path", run.top, total));
  if (s.has_ip) r.blocks.push_back(detail::top_block("top_ips", "Top client addresses", s.ips, "address", run.top, total));
  if (s.has_agent)
    r.blocks.push_back(detail::top_block("top_user_agents", "Top user agents", s.agents, "user agent", run.top, total));
  if (s.has_latency && s.latency.count() > 0)
    r.blocks.push_back(detail::latency_block(s.latency, s.latency_stats, "request_time"));
  return r;
}

/// The report of a syslog file, with sshd logins by source address.
inline report build(const syslog_stats& s, const run_info& run) {
  report r = detail::new_report(run);
  detail::time_facts(r, s.per_minute, "events");
  r.facts.push_back({"ssh_failed", "sshd failed logins", s.failed_by_ip.total(),
                     fmt::format("{} from {} addresses", grouped(s.failed_by_ip.total()), grouped(s.failed_by_ip.size()))});
  r.facts.push_back({"ssh_invalid_user", "sshd invalid users", s.invalid_by_ip.total(), grouped(s.invalid_by_ip.total())});
  r.facts.push_back({"ssh_accepted", "sshd accepted logins", s.accepted_by_ip.total(), grouped(s.accepted_by_ip.total())});
  const double total = double(run.totals.summary.records);

  if (s.per_minute.total() > 0) {
    fr::table minutes = detail::minute_table(s.per_minute, "events", {{"ssh failed", &s.ssh_failed_per_minute}});
    const auto [peak_t, peak_n] = s.per_minute.peak();
    r.blocks.push_back({"events_per_minute", "Events per minute", std::move(minutes), chart_kind::timeline, {},
                        fmt::format("peak {} at {}", grouped(peak_n), when(peak_t))});
  }
  // Addresses ranked by their worst count: an attacker may show only "Invalid user" lines.
  fr::counter<> attempts;
  for (const auto& [ip, n] : s.failed_by_ip.top()) attempts.add(ip, n);
  for (const auto& [ip, n] : s.invalid_by_ip.top())
    if (n > s.failed_by_ip.count(ip)) attempts.add(ip, n - s.failed_by_ip.count(ip));
  std::vector<std::string> ips;
  std::vector<std::int64_t> failed, invalid, accepted;
  for (const auto& [ip, n] : attempts.top(run.top)) {
    ips.push_back(ip);
    failed.push_back(std::int64_t(s.failed_by_ip.count(ip)));
    invalid.push_back(std::int64_t(s.invalid_by_ip.count(ip)));
    accepted.push_back(std::int64_t(s.accepted_by_ip.count(ip)));
  }
  fr::table by_ip;
  by_ip.add("address", fr::column(std::move(ips)));
  by_ip.add("failed", fr::column(std::move(failed)));
  by_ip.add("invalid user", fr::column(std::move(invalid)));
  by_ip.add("accepted", fr::column(std::move(accepted)));
  block logins{"ssh_failed_by_ip", "Failed SSH logins by source address", std::move(by_ip), chart_kind::bars, {"failed"},
               "\"Failed <method> for [invalid user] USER from IP\" and \"Invalid user USER from IP\" lines of sshd"};
  if (attempts.size() > run.top) logins.note += fmt::format("; top {} of {} addresses", run.top, grouped(attempts.size()));
  r.blocks.push_back(std::move(logins));
  r.blocks.push_back(detail::top_block("ssh_users", "Users tried in failed SSH logins", s.failed_users, "user", run.top,
                                       double(s.failed_by_ip.total())));
  r.blocks.push_back(detail::top_block("programs", "Programs", s.apps, "program", run.top, total));
  r.blocks.push_back(detail::top_block("hosts", "Hosts", s.hosts, "host", run.top, total));
  if (s.severities.total() > 0) r.blocks.push_back(detail::top_block("severities", "Severities", s.severities, "severity", 8, total));
  if (s.messages.total() > 0) r.blocks.push_back(detail::messages_block(s.messages, run.top, total));
  return r;
}

/// The report of a JSON-lines or logfmt file: levels, events and errors per minute, messages.
inline report build(const kv_stats& s, const run_info& run) {
  report r = detail::new_report(run);
  detail::time_facts(r, s.per_minute, "events");
  r.facts.push_back({"without_time", "records without a time", s.without_time, grouped(s.without_time)});
  r.facts.push_back({"errors", "error records", s.errors, grouped(s.errors)});
  const double total = double(run.totals.summary.records);
  if (s.per_minute.total() > 0) {
    fr::table minutes = detail::minute_table(s.per_minute, "events", {{"errors", &s.errors_per_minute}});
    const auto [peak_t, peak_n] = s.per_minute.peak();
    r.blocks.push_back({"events_per_minute", "Events per minute", std::move(minutes), chart_kind::timeline, {},
                        fmt::format("peak {} at {}", grouped(peak_n), when(peak_t))});
  }
  r.blocks.push_back(detail::top_block("levels", "Levels", s.levels, "level", 100, total));
  if (s.status.total() > 0)
    r.blocks.push_back(detail::top_block("status", "Status codes", s.status, "status", 1000, double(s.status.total())));
  if (s.messages.total() > 0) r.blocks.push_back(detail::messages_block(s.messages, run.top, total));
  if (s.latency.count() > 0) r.blocks.push_back(detail::latency_block(s.latency, s.latency_stats, "duration fields"));
  if (s.unitless.count() > 0) r.blocks.push_back(detail::latency_block(s.unitless, s.unitless_stats, s.unitless_key, false));
  return r;
}

}  // namespace aiops::app::analyze
