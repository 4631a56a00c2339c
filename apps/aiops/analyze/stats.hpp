// aiops: `aiops analyze` internals: per-format streaming statistics (access logs, syslog, JSON and
// logfmt) built on aiops::frame accumulators: memory grows with groups (minutes, paths, IPs), not lines
// SPDX-License-Identifier: MIT
#pragma once

#include <array>        // std::array
#include <cmath>        // std::isnan
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair, std::move

#include <aiops/core.hpp>
#include <aiops/frame.hpp>
#include <aiops/logs.hpp>
#include <aiops/nlp/mask.hpp>

namespace aiops::app::analyze {

namespace fr = aiops::frame;

/// Latency quantiles are estimated with this relative accuracy (DDSketch).
inline constexpr double latency_accuracy = 0.01;

/// Access logs (nginx, Apache, any log_format): traffic, status codes, top lists, bytes, latency.
struct access_stats {
  fr::time_counter per_minute{ns_per_minute};
  /// 1xx .. 5xx per minute.
  std::array<fr::time_counter, 5> class_per_minute{
      fr::time_counter(ns_per_minute), fr::time_counter(ns_per_minute), fr::time_counter(ns_per_minute),
      fr::time_counter(ns_per_minute), fr::time_counter(ns_per_minute)};
  fr::counter<int> status;
  fr::counter<> paths, ips, agents;
  std::uint64_t bytes = 0;
  fr::quantile_sketch latency{latency_accuracy};  ///< seconds
  fr::running_stats latency_stats;
  // What the format has, so the report leaves out what it cannot know.
  bool has_time = false, has_status = false, has_path = false, has_ip = false, has_agent = false, has_bytes = false,
       has_latency = false;

  /// Notes the fields `format` has (each #Fields: directive of a W3C log may add some).
  void note_fields(const logs::access_format& format) {
    const auto has = [&](std::initializer_list<std::string_view> names) {
      for (auto n : names)
        if (format.index_of(n) >= 0) return true;
      return false;
    };
    has_time |= has({"time_local", "time_iso8601", "msec", "w3c_date"});
    has_status |= has({"status"});
    has_path |= has({"request", "request_uri", "uri", "document_uri"});
    has_ip |= has({"remote_addr"});
    has_agent |= has({"http_user_agent"});
    has_bytes |= has({"body_bytes_sent", "bytes_sent"});
    has_latency |= has({"request_time", "request_time_ms", "request_time_us"});
  }

  void add(const logs::access_record& r) {
    const int s = r.status();
    if (r.has_time()) {
      per_minute.add(r.time());
      if (s >= 100 && s < 600) class_per_minute[std::size_t(s / 100 - 1)].add(r.time());
    }
    if (s) status.add(s);
    if (const std::string_view p = r.path(); !p.empty()) paths.add(p);
    if (has_ip) ips.add(r.remote_addr());
    if (has_agent) agents.add(r.user_agent().empty() ? std::string_view("-") : r.user_agent());
    if (r.bytes() > 0) bytes += std::uint64_t(r.bytes());
    if (!std::isnan(r.request_time())) {
      latency.add(r.request_time());
      latency_stats.add(r.request_time());
    }
  }

  void merge(const access_stats& o) {
    per_minute.merge(o.per_minute);
    for (std::size_t c = 0; c < class_per_minute.size(); ++c) class_per_minute[c].merge(o.class_per_minute[c]);
    status.merge(o.status);
    paths.merge(o.paths);
    ips.merge(o.ips);
    agents.merge(o.agents);
    bytes += o.bytes;
    latency.merge(o.latency);
    latency_stats.merge(o.latency_stats);
  }
};

/// Parses and counts access-log lines with one compiled format, or a W3C log's lines with the
/// format of the #Fields: directive before them (read in order: one sink for the whole log).
class access_sink {
 public:
  explicit access_sink(const logs::access_format& format) : format_(&format) { stats.note_fields(format); }
  explicit access_sink(logs::w3c_parser w3c) : w3c_(std::move(w3c)) {}
  /// Access lines carried as syslog messages ("Oct 10 13:55:36 lb1 haproxy[2345]: 10.0.0.1:54321
  /// [10/Oct/2024:13:55:36.123] ..."), their headers read with `syslog_year` (0: the most recent).
  access_sink(const logs::access_format& format, int syslog_year) : access_sink(format) { syslog_year_ = syslog_year; }
  std::optional<failure> operator()(std::string_view line) {
    std::size_t header = 0;  // the syslog header's length: failures point into the whole line
    if (syslog_year_) {
      auto s = logs::parse_syslog(line, *syslog_year_);
      if (!s) return s.error();
      header = std::size_t(s->message.data() - line.data());
      line = s->message;
    }
    auto why = w3c_ ? w3c_->parse_into(line, record_) : format_->parse_into(line, record_);
    if (why && why->column) why->column += header;
    if (!why) stats.add(record_);
    else if (why->code == errc::comment && w3c_ && w3c_->format()) stats.note_fields(*w3c_->format());
    return why;
  }
  void merge(const access_sink& o) { stats.merge(o.stats); }

  access_stats stats;

 private:
  const logs::access_format* format_ = nullptr;
  std::optional<logs::w3c_parser> w3c_;
  std::optional<int> syslog_year_;  // set: each line is a syslog header and an access line
  logs::access_record record_;      // reused for every line
};

/// An sshd authentication event found in a syslog message.
struct sshd_event {
  enum kind_t { none, failed, invalid_user, accepted } kind = none;
  bool invalid_user_name = false;  ///< "Failed password for invalid user X"
  std::string_view user, ip;
  std::uint64_t repeat = 1;  ///< rsyslog's "message repeated N times: [ ... ]"
};

/// Reads OpenSSH's "Failed <method> for [invalid user] USER from IP port N ssh2",
/// "Invalid user USER from IP [port N]" and "Accepted <method> for USER from IP port N ssh2".
inline sshd_event parse_sshd(std::string_view msg) {
  sshd_event e;
  constexpr std::string_view repeated = "message repeated ";
  if (msg.substr(0, repeated.size()) == repeated) {
    const std::size_t times = msg.find(" times: [");
    const auto n = times == std::string_view::npos ? std::nullopt : parse_int(msg.substr(repeated.size(), times - repeated.size()));
    if (!n || *n <= 0) return e;
    e.repeat = std::uint64_t(*n);
    msg = trim(msg.substr(times + 9));
    if (!msg.empty() && msg.back() == ']') msg = trim(msg.substr(0, msg.size() - 1));
  }
  const auto starts = [&](std::string_view p) { return msg.substr(0, p.size()) == p; };
  std::size_t who = std::string_view::npos;
  if (starts("Failed ") || starts("Accepted ")) {
    const std::size_t f = msg.find(" for ");
    if (f == std::string_view::npos) return e;
    e.kind = starts("Failed ") ? sshd_event::failed : sshd_event::accepted;
    who = f + 5;
    constexpr std::string_view invalid = "invalid user ";
    if (msg.substr(who, invalid.size()) == invalid) {
      e.invalid_user_name = true;
      who += invalid.size();
    }
  } else if (starts("Invalid user ")) {
    e.kind = sshd_event::invalid_user;
    who = 13;
  } else {
    return e;
  }
  // The address follows the last " from ", so a user name with spaces stays whole.
  const std::size_t from = msg.rfind(" from ");
  if (from == std::string_view::npos || from + 1 < who) return sshd_event{};
  e.user = msg.substr(who, from - std::min(from, who));
  std::string_view rest = msg.substr(from + 6);
  e.ip = rest.substr(0, rest.find(' '));
  if (e.ip.empty()) return sshd_event{};
  return e;
}

/// At most `n` bytes of `s`, cut on a UTF-8 character boundary.
inline std::string_view utf8_prefix(std::string_view s, std::size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

/// A message with its values (numbers, addresses, ids, times, sizes...) masked as <*>, at most 200
/// bytes: "Connection from 10.0.0.7 port 52314" and "Connection from 10.0.0.9 port 40022" are one
/// message of the report. Paths stay ("GET /health 200" and "GET /api 200" are different news).
/// A view into a per-thread buffer, valid until the next call.
inline std::string_view message_pattern(std::string_view message) {
  static const nlp::masker mask = [] {
    nlp::masker m;
    for (nlp::mask_kind k : nlp::all_mask_kinds)
      if (k != nlp::mask_kind::path) m.add(k);
    return m;
  }();
  thread_local std::string out;
  mask.apply(trim(message), out);
  return utf8_prefix(out, 200);
}

/// Syslog (RFC 3164 and 5424): events per minute, programs, hosts, severities, messages, sshd logins.
struct syslog_stats {
  fr::time_counter per_minute{ns_per_minute};
  fr::time_counter ssh_failed_per_minute{ns_per_minute};
  fr::counter<> apps, hosts, severities, messages;
  fr::counter<> failed_by_ip, invalid_by_ip, accepted_by_ip, failed_users;

  void add(const logs::syslog_record& r) {
    if (r.time) per_minute.add(*r.time);
    apps.add(r.app.empty() ? std::string_view("-") : r.app);
    if (!r.host.empty()) hosts.add(r.host);
    if (r.priority >= 0) severities.add(logs::severity_name(r.severity()));
    messages.add(message_pattern(r.message));
    if (r.app.substr(0, 4) != "sshd") return;  // sshd, and sshd-session since OpenSSH 9.8
    const sshd_event e = parse_sshd(r.message);
    switch (e.kind) {
      case sshd_event::failed:
        failed_by_ip.add(e.ip, e.repeat);
        failed_users.add(e.user, e.repeat);
        if (r.time) ssh_failed_per_minute.add(*r.time, e.repeat);
        break;
      case sshd_event::invalid_user: invalid_by_ip.add(e.ip, e.repeat); break;
      case sshd_event::accepted: accepted_by_ip.add(e.ip, e.repeat); break;
      case sshd_event::none: break;
    }
  }

  void merge(const syslog_stats& o) {
    per_minute.merge(o.per_minute);
    ssh_failed_per_minute.merge(o.ssh_failed_per_minute);
    apps.merge(o.apps);
    hosts.merge(o.hosts);
    severities.merge(o.severities);
    messages.merge(o.messages);
    failed_by_ip.merge(o.failed_by_ip);
    invalid_by_ip.merge(o.invalid_by_ip);
    accepted_by_ip.merge(o.accepted_by_ip);
    failed_users.merge(o.failed_users);
  }
};

/// A duration as seconds: "1.5s", "250ms", "1m2.5s", "3µs", or a bare number times `unit`.
inline std::optional<double> parse_duration(std::string_view s, double unit) {
  s = trim(s);
  if (auto v = parse_double(s)) return *v * unit;
  double total = 0;
  bool any = false;
  while (!s.empty()) {
    std::size_t n = 0;
    while (n < s.size() && (is_digit(s[n]) || s[n] == '.')) ++n;
    auto v = parse_double(s.substr(0, n));
    if (!v) return std::nullopt;
    s.remove_prefix(n);
    std::size_t u = 0;
    while (u < s.size() && !is_digit(s[u]) && s[u] != '.') ++u;
    const std::string_view name = s.substr(0, u);
    s.remove_prefix(u);
    double scale = 0;
    if (name == "h") scale = 3600;
    else if (name == "m") scale = 60;
    else if (name == "s") scale = 1;
    else if (name == "ms") scale = 1e-3;
    else if (name == "us" || name == "\xC2\xB5s" || name == "\xCE\xBCs") scale = 1e-6;  // µ as micro sign or mu
    else if (name == "ns") scale = 1e-9;
    else return std::nullopt;
    total += *v * scale;
    any = true;
  }
  if (!any) return std::nullopt;
  return total;
}

/// JSON-lines and logfmt logs: events per minute, levels, errors per minute, top messages,
/// HTTP status and latency when such fields exist.
struct kv_stats {
  fr::time_counter per_minute{ns_per_minute};
  fr::time_counter errors_per_minute{ns_per_minute};
  fr::counter<> levels, messages;
  fr::counter<int> status;
  fr::quantile_sketch latency{latency_accuracy};
  fr::running_stats latency_stats;
  // Bare numbers under a duration key that names no unit, kept as logged: Go's slog writes
  // nanoseconds there, Envoy and zerolog milliseconds, Caddy and zap seconds.
  fr::quantile_sketch unitless{latency_accuracy};
  fr::running_stats unitless_stats;
  std::string unitless_key;
  std::uint64_t without_time = 0;
  std::uint64_t errors = 0;  // with a time or not

  /// The field names tried, first match wins: the usual loggers' (logrus, zap, pino, structlog,
  /// ECS), Serilog's compact JSON (@t, @l, @m), journalctl -o json's, GELF's, nginx's JSON
  /// log_format, Envoy's, Kubernetes audit's, MongoDB's, Traefik's, GCP's.
  static constexpr std::string_view time_keys[] = {
      "time", "ts", "timestamp", "@timestamp", "t", "date", "datetime", "@t", "__REALTIME_TIMESTAMP", "time_iso8601",
      "time_local", "start_time", "requestReceivedTimestamp", "t.$date", "StartUTC"};
  static constexpr std::string_view level_keys[] = {"level", "lvl", "severity", "log.level", "loglevel", "levelname", "@l",
                                                    "PRIORITY"};
  static constexpr std::string_view message_keys[] = {"msg",     "message", "event", "error", "log",  // log: Docker's json-file
                                                      "MESSAGE", "short_message", "@m", "@mt"};
  static constexpr std::string_view status_keys[] = {"status",         "http.status",        "status_code",     "http.status_code",
                                                     "http.response.status_code", "response.status", "response_code",
                                                     "httpRequest.status", "DownstreamStatus", "responseStatus.code"};
  struct duration_key {
    std::string_view name;
    double unit;  // seconds per unit of a bare number; 0: not stated
  };
  static constexpr duration_key duration_keys[] = {
      {"duration", 0}, {"latency", 0}, {"elapsed", 0}, {"took", 0}, {"request_time", 1}, {"response_time", 0},
      {"duration_ms", 1e-3}, {"latency_ms", 1e-3}, {"elapsed_ms", 1e-3}, {"took_ms", 1e-3}, {"duration_us", 1e-6},
      {"duration_ns", 1e-9}, {"http.duration", 0}};

  template <std::size_t N>
  static const logs::kv_field* first(const logs::kv_record& r, const std::string_view (&keys)[N]) {
    for (std::string_view k : keys)
      if (const logs::kv_field* f = r.find(k)) return f;
    return nullptr;
  }

  // Numeric levels by name: syslog's severities 0-7 (journald's PRIORITY, GELF's level), pino's
  // and bunyan's 10-60; other numbers as they are.
  static std::string numeric_level(std::string_view number) {
    if (number.size() == 1 && number[0] <= '7') return logs::severity_name(number[0] - '0');
    static constexpr std::pair<std::string_view, std::string_view> names[] = {
        {"10", "trace"}, {"20", "debug"}, {"30", "info"}, {"40", "warn"}, {"50", "error"}, {"60", "fatal"}};
    for (const auto& [n, name] : names)
      if (number == n) return std::string(name);
    return std::string(number);
  }

  static bool is_error_level(std::string_view level) {
    for (std::string_view e : {"error", "err", "fatal", "critical", "crit", "panic", "dpanic", "emerg", "emergency", "alert"})
      if (iequals(level, e)) return true;
    return false;
  }

  void add(const logs::kv_record& r) {
    std::optional<timestamp_ns> t;
    if (const logs::kv_field* f = first(r, time_keys)) {
      if (auto v = f->kind == logs::value_kind::number ? parse_epoch(f->value) : parse_any_time(f->value)) t = *v;
    }
    if (t) per_minute.add(*t);
    else ++without_time;
    if (const logs::kv_field* f = first(r, level_keys)) {
      const bool digits = !f->value.empty() && f->value.find_first_not_of("0123456789") == std::string_view::npos;
      const std::string level = digits ? numeric_level(f->value) : to_lower(f->value);  // journald writes "6"
      levels.add(level);
      if (is_error_level(level)) {
        ++errors;
        if (t) errors_per_minute.add(*t);
      }
    } else {
      levels.add("(none)");
    }
    if (const logs::kv_field* f = first(r, message_keys)) messages.add(message_pattern(f->value));
    if (const logs::kv_field* f = first(r, status_keys))
      if (auto s = parse_int(f->value); s && *s >= 100 && *s < 600) status.add(int(*s));
    for (const duration_key& k : duration_keys)
      if (const logs::kv_field* f = r.find(k.name)) {
        if (const auto bare = parse_double(f->value); k.unit == 0 && bare) {
          if (*bare >= 0) {
            unitless.add(*bare);
            unitless_stats.add(*bare);
            if (unitless_key.empty()) unitless_key = k.name;
          }
        } else if (auto d = parse_duration(f->value, k.unit); d && *d >= 0) {  // "1.5s", "250ms": the unit is written
          latency.add(*d);
          latency_stats.add(*d);
        }
        break;
      }
  }

  void merge(const kv_stats& o) {
    per_minute.merge(o.per_minute);
    errors_per_minute.merge(o.errors_per_minute);
    levels.merge(o.levels);
    messages.merge(o.messages);
    status.merge(o.status);
    latency.merge(o.latency);
    latency_stats.merge(o.latency_stats);
    unitless.merge(o.unitless);
    unitless_stats.merge(o.unitless_stats);
    if (unitless_key.empty()) unitless_key = o.unitless_key;
    without_time += o.without_time;
    errors += o.errors;
  }
};

/// Parses lines with `Parser` (a callable giving result<record>: logs::syslog_parser,
/// logs::json_parser, logs::logfmt_parser, logs::text_parser) and counts the records into `Stats`.
template <class Parser, class Stats>
class parsing_sink {
 public:
  parsing_sink() = default;
  explicit parsing_sink(Parser parse) : parse_(std::move(parse)) {}
  std::optional<failure> operator()(std::string_view line) {
    auto r = parse_(line);
    if (!r) return r.error();
    stats.add(*r);
    return std::nullopt;
  }
  void merge(const parsing_sink& o) { stats.merge(o.stats); }

  Stats stats;

 private:
  Parser parse_;
};

}  // namespace aiops::app::analyze
