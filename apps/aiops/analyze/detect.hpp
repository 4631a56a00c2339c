// aiops: `aiops analyze` internals: choosing the log format from --format and the first lines
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::find_if
#include <cstddef>      // std::size_t
#include <iterator>     // std::make_move_iterator
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <aiops/core.hpp>
#include <aiops/logs.hpp>
#include <aiops/nlp/log_format.hpp>

#include "loghub_format.hpp"

namespace aiops::app::analyze {

/// The families of logs analyze knows.
enum class log_kind { access, syslog, json, logfmt, text, loghub };

/// A format ready to parse with: its family, a name for the report, and for access logs the
/// compiled log_format (of a W3C log, its first #Fields: directive).
struct chosen_format {
  log_kind kind = log_kind::access;
  std::string label;
  std::optional<logs::access_format> access;
  std::optional<logs::w3c_options> w3c;  ///< set for a W3C extended log, read with a logs::w3c_parser
  bool in_syslog = false;                 ///< access lines as the messages of syslog lines (HAProxy)
  std::optional<nlp::log_format> loghub;  ///< a LogHub log-format string asked for with --format
};

namespace detail {

// Whether a parsed access line's times look like what its format writes: nginx's
// $request_time is seconds with three decimals, Apache's %D whole microseconds, 10 at least (a
// request takes more). Else the microseconds of "... %D" read as seconds by "... $request_time",
// a thousandfold error, and the seconds of "... %T" (0, 1, 3) as microseconds.
inline bool plausible_times(const logs::access_record& r) {
  if (const auto t = r.get("request_time"); t && *t != "-" && t->find('.') == std::string_view::npos) return false;
  if (const auto t = r.get("request_time_us"); t && (t->size() < 2 || t->find_first_not_of("0123456789") != std::string_view::npos))
    return false;
  return true;
}

// Whether a line syslog parsed is syslog, not a text log that its RFC 3339 form also reads
// ("TIME HOST rest"): the host of a text log is a level word ("ERROR", "[ERROR]"), a thread
// number (MySQL), the stream of a CRI container line ("stdout F msg"), or a word of a message
// without a program tag after it (docker logs -t); an address is no program (AWS ELB).
inline bool plausible_syslog(const logs::syslog_record& r, std::string_view line) {
  const std::string_view host = r.host;
  if (host.empty() || host.find_first_of("[]") != std::string_view::npos || host.find_first_not_of("0123456789") == std::string_view::npos ||
      logs::level_name(host) || host == "stdout" || host == "stderr")
    return false;
  if (!r.app.empty() && is_digit(r.app[0])) return false;  // AWS ELB: "my-lb 192.168.131.39:2817 ..."
  return !is_digit(line.empty() ? ' ' : line[0]) || !r.app.empty();  // RFC 3339 stamp: needs "app:" or "app[pid]:"
}

// Whether a logfmt line is mostly key=value pairs: plain words parse as flags, so a text line
// with "order=981" in its message, or a base64 token ending in "==" among 30 words, is not logfmt.
inline bool plausible_logfmt(const logs::kv_record& r) {
  std::size_t pairs = 0;
  for (const auto& field : r) pairs += field.kind != logs::value_kind::none;
  return pairs > 0 && 2 * pairs >= r.size();
}

// How many sample lines `f` reads, counting only plausible readings (above), and for access logs
// a client address without spaces: nginx's "$remote_addr - " also reads Apache's
// "host:443 10.0.0.1 - ", wrongly.
inline std::size_t score(const chosen_format& f, const std::vector<std::string>& sample, int year) {
  std::size_t ok = 0;
  logs::json_parser json;
  logs::logfmt_parser logfmt;
  logs::text_parser text(year);
  std::optional<logs::w3c_parser> w3c;  // follows the #Fields: directives among the sample lines
  if (f.w3c) w3c.emplace(*f.w3c);
  std::size_t text_records = 0;  // indented lines count for text only after a record (not for a YAML file)
  for (const auto& line : sample) {
    switch (f.kind) {
      case log_kind::access: {
        std::string_view text = line;
        if (f.in_syslog) {
          auto s = logs::parse_syslog(line, year);
          if (!s) break;
          text = s->message;
        }
        if (auto r = w3c ? w3c->parse(text) : f.access->parse(text))
          ok += r->remote_addr().find(' ') == std::string_view::npos && plausible_times(*r);
        else ok += w3c && r.error().code == errc::comment;  // its directives are read too (a small IIS file is mostly them)
        break;
      }
      case log_kind::syslog:
        if (auto r = logs::parse_syslog(line, year)) ok += plausible_syslog(*r, line);
        break;
      case log_kind::json: ok += bool(json(line)); break;
      case log_kind::text:  // a stack trace's indented frames belong to the record before them
        if (auto r = text(line)) ++text_records;
        else ok += r.error().code == errc::continuation;
        break;
      case log_kind::logfmt:
        if (auto r = logfmt(line)) ok += plausible_logfmt(*r);
        break;
      case log_kind::loghub: ok += bool(loghub_format_parser(*f.loghub)(line)); break;
    }
  }
  if (f.kind == log_kind::text) return text_records ? text_records + ok : 0;
  return ok;
}

inline chosen_format access(std::string label, result<logs::access_format> compiled) {
  if (!compiled)
    throw error("bad --format: " + compiled.error().message + " (at column " + std::to_string(compiled.error().column) + ")");
  return {log_kind::access, std::move(label), std::move(*compiled)};
}

/// A W3C extended log (IIS, CloudFront) names its fields in a "#Fields:" directive; nothing
/// without one. IIS writes time-taken in milliseconds, the standard (CloudFront) in seconds.
inline std::optional<chosen_format> w3c(const std::vector<std::string>& sample) {
  const auto fields = std::find_if(sample.begin(), sample.end(), [](const std::string& l) { return l.starts_with("#Fields:"); });
  if (fields == sample.end()) return std::nullopt;
  logs::w3c_options o;
  for (const std::string& l : sample) o.time_taken_ms = o.time_taken_ms || l.starts_with("#Software: Microsoft Internet Information Services");
  const auto first = std::find_if(fields, sample.end(), [](const std::string& l) { return !l.starts_with("#"); });
  if (first != sample.end() && first->find('\t') != std::string::npos) o.separator = '\t';
  const std::string label = o.time_taken_ms                                        ? "W3C extended (IIS)"
                            : fields->find("x-edge-location") != std::string::npos ? "W3C extended (CloudFront)"
                                                                                     : "W3C extended";
  chosen_format chosen = access(label, logs::access_format::w3c(*fields, o));
  chosen.w3c = o;
  return chosen;
}

}  // namespace detail

/// The names --format accepts, for the help text.
inline constexpr std::string_view format_help =
    "nginx (combined, main, combined + $request_time [$upstream_response_time], ingress-nginx's upstreaminfo, or combined "
    "and more fields), ingress-nginx, apache (combined, combined + %D, common or vhost_combined), alb, elb (AWS load balancers), envoy, istio, traefik, haproxy, lighttpd, squid, w3c (IIS, CloudFront: "
    "fields from the #Fields: line; also iis, cloudfront), syslog, json, logfmt, text (a "
    "time, a level word, the message: Python's logging, logback, Go's log, klog, CRI container lines), a preset "
    "(combined, main, common, vhost_combined), or a log_format string: nginx '$remote_addr ... $request_time' "
    "or Apache '%h %l %u %t \"%r\" %>s %b %D', or a LogHub log format as aiops logparse takes ('<Date> <Time> <Level> "
    "<Component>: <Content>'); default: detected from the first lines";

/// The format named by `requested` (empty: any) that reads the most of `sample`.
/// @throws aiops::error for an unknown name or a log_format that does not compile, and when
///         nothing was requested and no format reads half the sample lines (binary data, or
///         a format of its own: ask for --format rather than report on a guess).
inline chosen_format choose_format(std::string_view requested, const std::vector<std::string>& sample, int year) {
  using logs::access_format;
  std::vector<chosen_format> candidates;
  const bool any = requested.empty() || requested == "auto";
  if (any || requested == "nginx" || requested == "combined")
    candidates.push_back(detail::access("nginx combined", access_format::nginx("combined")));
  if (any || requested == "nginx" || requested == "main")
    candidates.push_back(detail::access("nginx main", access_format::nginx("main")));
  if (any || requested == "nginx") {  // the usual additions to combined
    const std::string timed = std::string(logs::nginx_combined_format) + " $request_time";
    candidates.push_back(detail::access("nginx combined + $request_time", access_format::nginx(timed)));
    candidates.push_back(detail::access("nginx combined + $request_time $upstream_response_time",
                                        access_format::nginx(timed + " $upstream_response_time")));
  }
  if (requested == "apache") candidates.push_back(detail::access("apache combined", access_format::apache("combined")));
  if (any || requested == "apache")
    candidates.push_back(detail::access("apache combined + %D", access_format::apache(std::string(logs::apache_combined_format) + " %D")));
  if (any || requested == "apache" || requested == "common")
    candidates.push_back(detail::access("apache common", access_format::apache("common")));
  if (any || requested == "apache" || requested == "vhost_combined")
    candidates.push_back(detail::access("apache vhost_combined", access_format::apache("vhost_combined")));
  // ingress-nginx's upstreaminfo, read up to its upstream fields: $upstream_addr and the ones after
  // it hold ", "-separated lists when a request was retried, so no space-separated format fits them.
  if (any || requested == "nginx" || requested == "ingress-nginx")
    candidates.push_back(detail::access("ingress-nginx upstreaminfo",
                                        access_format::nginx(std::string(logs::nginx_combined_format) +
                                                                 " $request_length $request_time [$proxy_upstream_name] "
                                                                 "[$proxy_alternative_upstream_name]",
                                                             {.allow_trailing_text = true})));
  if (any || requested == "traefik") candidates.push_back(detail::access("traefik", access_format::nginx(logs::traefik_format)));
  // lighttpd: combined with the host where combined has "-"; after combined, which wins the lines with "-"
  if (any || requested == "lighttpd") candidates.push_back(detail::access("lighttpd", access_format::apache(logs::lighttpd_format)));
  if (any || requested == "haproxy") candidates.push_back(detail::access("haproxy", access_format::nginx(logs::haproxy_http_format)));
  // combined, then fields of the site's own (rt=$request_time uct=...): the combined ones are
  // read. The last access format, since the first of equal scores wins.
  if (any || requested == "nginx")
    candidates.push_back(detail::access("nginx combined + fields not read", access_format::nginx("combined", {.allow_trailing_text = true})));
  if (any || requested == "alb")
    candidates.push_back(detail::access("AWS ALB", access_format::nginx(logs::aws_alb_format, {.allow_trailing_text = true})));
  if (any || requested == "elb") candidates.push_back(detail::access("AWS ELB (classic)", access_format::nginx(logs::aws_elb_format)));
  if (any || requested == "envoy" || requested == "istio") {  // both: fields added at the end are common
    candidates.push_back(detail::access("istio", access_format::nginx(logs::istio_format, {.allow_trailing_text = true})));
    candidates.push_back(detail::access("envoy", access_format::nginx(logs::envoy_format, {.allow_trailing_text = true})));
  }
  if (any || requested == "squid")
    candidates.push_back(detail::access("squid", access_format::nginx(logs::squid_format, {.allow_trailing_text = true, .pad_spaces = true})));
  if (any || requested == "w3c" || requested == "iis" || requested == "cloudfront") {
    if (auto w3c = detail::w3c(sample)) candidates.push_back(std::move(*w3c));
    else if (!any) throw error("--format " + std::string(requested) + ": no \"#Fields:\" directive in the first lines");
  }
  if (any || requested == "syslog") candidates.push_back({log_kind::syslog, "syslog", std::nullopt});
  if (any || requested == "json") candidates.push_back({log_kind::json, "json lines", std::nullopt});
  // text before logfmt: a text line with key=value pairs in its message keeps its time and level
  if (any || requested == "text") candidates.push_back({log_kind::text, "text (time, level, message)", std::nullopt});
  if (any || requested == "logfmt") candidates.push_back({log_kind::logfmt, "logfmt", std::nullopt});
  if (candidates.empty()) {
    if (requested.find("<Content>") != std::string_view::npos) {
      auto format = nlp::log_format::parse(requested);
      if (!format)
        throw error("bad --format: " + format.error().message + " (at column " + std::to_string(format.error().column) + ")");
      candidates.push_back({log_kind::loghub, "log format " + std::string(requested), std::nullopt, std::nullopt, false, std::move(*format)});
    } else if (requested.find('$') != std::string_view::npos)
      candidates.push_back(detail::access("nginx log_format", access_format::nginx(requested)));
    else if (requested.find('%') != std::string_view::npos)
      candidates.push_back(detail::access("apache LogFormat", access_format::apache(requested)));
    else
      throw error("unknown --format '" + std::string(requested) + "': use " + std::string(format_help));
  }
  // Access logs sent through syslog (HAProxy's usual way, nginx's "access_log syslog:..."): each
  // access format also on the messages of syslog lines, ahead of syslog itself, which reads them too.
  std::vector<chosen_format> through_syslog;
  for (const chosen_format& c : candidates)
    if (c.kind == log_kind::access && !c.w3c) {
      through_syslog.push_back(c);
      through_syslog.back().in_syslog = true;
      through_syslog.back().label += " through syslog";
    }
  const auto first_other = std::find_if(candidates.begin(), candidates.end(), [](const chosen_format& c) { return c.kind != log_kind::access; });
  candidates.insert(first_other, std::make_move_iterator(through_syslog.begin()), std::make_move_iterator(through_syslog.end()));
  // A syslog file whose messages are mostly access lines is an access log, its other messages
  // (HAProxy's "Server app2 is DOWN") lines not read: a reading through syslog counts twice, so it
  // beats syslog when it reads half the lines syslog reads.
  std::size_t best = 0, best_score = 0, best_weight = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::size_t s = detail::score(candidates[i], sample, year);
    if (const std::size_t weight = candidates[i].in_syslog ? 2 * s : s; weight > best_weight) best = i, best_score = s, best_weight = weight;
  }
  if (any && sample.empty()) candidates[best].label = "none (no lines to tell it from)";
  if (any && 2 * best_score < sample.size())
    throw error("cannot tell the log format from the first " + std::to_string(sample.size()) + " lines" +
                (best_score ? " (the best guess, " + candidates[best].label + ", reads " + std::to_string(best_score) + ")" : std::string()) +
                ": pass --format: nginx, apache, syslog, json, logfmt, text, a preset or a log_format string (--help lists them)");
  return std::move(candidates[best]);
}

}  // namespace aiops::app::analyze
