// aiops: plain-text application logs (a timestamp, a level word, the message): Python's logging,
// logback/log4j, Go's log, Kubernetes' klog, CRI container lines, Tomcat, Rails, Celery, Redis
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min
#include <array>        // std::array
#include <cstddef>      // std::size_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"
#include "aiops/logs/fields.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs {

/// The level a word of a text log names (any case: "ERROR", "Warning", "crit", Postgres' "LOG"),
/// as a report names it: trace, debug, info, notice, warning, error, critical, alert, emergency,
/// fatal; nothing for other words.
inline std::optional<std::string_view> level_name(std::string_view word) noexcept {
  struct entry {
    std::string_view word, level;
  };
  static constexpr entry words[] = {
      {"trace", "trace"},   {"debug", "debug"},        {"info", "info"},     {"information", "info"},
      {"notice", "notice"}, {"warn", "warning"},       {"warning", "warning"}, {"error", "error"},
      {"err", "error"},     {"critical", "critical"},  {"crit", "critical"}, {"fatal", "fatal"},
      {"severe", "error"},  {"panic", "fatal"},        {"alert", "alert"},   {"emerg", "emergency"},
      {"emergency", "emergency"}, {"log", "info"},   {"dpanic", "critical"},
      // logrus' four-letter forms
      {"trac", "trace"}, {"debu", "debug"}, {"erro", "error"}, {"fata", "fatal"}, {"pani", "fatal"}};
  for (const entry& e : words)
    if (iequals(word, e.word)) return e.level;
  return std::nullopt;
}

namespace detail {

// How long the date-and-time at the start of `s` is: yyyy-mm-dd or yyyy/mm/dd, ' ' or 'T',
// hh:mm:ss, a fraction after '.' or ',', a zone (Z, +hh:mm, +hhmm, +hh); 0 when there is none.
inline std::size_t stamp_length(std::string_view s) noexcept {
  const auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i)
      if (!is_digit(s[i])) return false;
    return true;
  };
  if (s.size() < 19) return 0;
  const char sep = s[4];
  if (!(sep == '-' || sep == '/') || !digits(0, 4) || !digits(5, 2) || s[7] != sep || !digits(8, 2) ||
      !(s[10] == ' ' || s[10] == 'T' || s[10] == 't') || !digits(11, 2) || s[13] != ':' || !digits(14, 2) || s[16] != ':' ||
      !digits(17, 2))
    return 0;
  std::size_t n = 19;
  if (n + 1 < s.size() && (s[n] == '.' || s[n] == ',') && is_digit(s[n + 1]))
    for (++n; n < s.size() && is_digit(s[n]);) ++n;
  if (n < s.size() && (s[n] == 'Z' || s[n] == 'z')) return n + 1;
  if (n < s.size() && (s[n] == '+' || s[n] == '-') && digits(n + 1, 2)) {
    if (n + 3 < s.size() && s[n + 3] == ':' && digits(n + 4, 2)) return n + 6;
    if (digits(n + 3, 2)) return n + 5;
    return n + 3;
  }
  return n;
}

}  // namespace detail

/// Reads plain-text log lines into a kv_record of `time` (RFC 3339, UTC), `level` (trace,
/// debug, info, notice, warning, error, critical, alert, emergency, fatal; absent when the
/// line has none), `stream` (CRI lines) and `msg`:
///
///     2024-10-10 13:55:36,123 - app.db - ERROR - connection lost        Python's logging
///     2024-10-10 13:55:36.123 ERROR 1234 --- [main] c.e.App : failed    logback, log4j
///     [2024-10-10T13:55:36.123+02:00] WARN slow query                   bracketed ISO 8601
///     2024/10/10 13:55:36 listening on :8080                            Go's log
///     E1010 13:55:36.123456    1234 reflector.go:138] list failed       klog (no year)
///     2024-10-10T13:55:36.123456789Z stderr F panic: boom              CRI (containerd, CRI-O)
///     2024/10/10 13:55:36 [error] 1234#0: *5 connect() failed           nginx's error log
///     [Fri Oct 11 14:32:52.123456 2024] [core:error] [pid 42] AH00126   Apache's error log
///     10-Oct-2024 13:55:36.123 SEVERE [main] o.a.c.StandardContext ...  Tomcat's catalina.out
///     I, [2024-10-10T13:55:36.123456 #1234]  INFO -- : Started GET      Ruby's Logger (Rails)
///     [2024-10-10 13:55:36,123: ERROR/ForkPoolWorker-1] Task failed     Celery
///     1:M 10 Oct 2024 13:55:36.123 # Server started                   Redis (# warning, * notice)
///
/// The time must start the line (after a '[' at most); a time without a zone is read as UTC.
/// The level is the first of the next five words that is a level name (in brackets or not),
/// and the message what follows it, without leading separators (" - ", ": ", "] "); without a
/// level word the message is all that follows the time. A line may also start with its level
/// (Python's default "WARNING:app:msg", logrus' "WARN[0001] msg", winston's "warn: msg", "[WARN]
/// time msg"): its record has no time unless one follows the level; so has a line that starts with
/// a time of day and has a level (log4j2's default "13:55:36.123 [main] INFO ..."). Other lines
/// fail; a line
/// of a stack trace (an indented frame, an exception's type and message, Python's "Traceback",
/// Go's "panic:" and "goroutine") fails with errc::continuation, and a W3C extended log's
/// directive (IIS's "#Software:", "#Fields:") with errc::comment: bad_line_summary counts both
/// apart from bad lines.
/// klog writes no year: `year` gives it, 0 meaning the most recent that fits (time_in_recent_year).
///
/// The record views the line and this parser's buffer: it is valid until the next call.
class text_parser {
 public:
  explicit text_parser(int year = 0) : year_(year) {}

  result<kv_record> operator()(std::string_view line) { return parse(line); }

  result<kv_record> parse(std::string_view line) {
    count_ = 0;
    if (!line.empty() && line[0] == '#' && w3c_directive(line)) return fail(errc::comment, "a W3C extended log directive, not a record", 1);
    std::size_t pos = 0;
    std::optional<std::string_view> level;
    if (auto klog = klog_time(line)) {
      level = klog->level;
      pos = klog->end;
      const std::size_t bracket = line.find("] ", pos);  // "    1234 file.go:12] message"
      if (bracket != std::string_view::npos) pos = bracket + 2;
    } else if (auto end = apache_time(line)) {
      pos = *end;
    } else if (auto dated = day_month_time(line)) {
      pos = dated->end;
      if (!dated->level.empty()) level = dated->level;
    } else if (auto dated = short_date_time(line)) {
      pos = dated->end;
      if (!dated->level.empty()) level = dated->level;
    } else {
      // Ruby's Logger writes "I, [" before its time and " #pid]" after it.
      const bool ruby = line.size() > 4 && std::string_view("DIWEFA").find(line[0]) != std::string_view::npos &&
                        line.substr(1, 3) == ", [";
      const bool bracketed = ruby || (!line.empty() && line[0] == '[');
      const std::size_t open = ruby ? 4 : std::size_t(bracketed);
      const std::string_view from = line.substr(open);
      std::size_t n = detail::stamp_length(from);
      std::string stamp(from.substr(0, n));
      if (n > 0 && n + 6 < from.size() && from[n] == ' ' && (from[n + 1] == '+' || from[n + 1] == '-') &&
          from.substr(n + 2, 4).find_first_not_of("0123456789") == std::string_view::npos) {
        stamp += from.substr(n + 1, 5);  // "13:56:07 +0000": gunicorn's, Go's time.String()
        n += 6;
      }
      if (n == 0 && continues_record(line))
        return fail(errc::continuation, "a line of a stack trace without a time: the rest of the previous record", 1);
      if (n == 0) {
        if (auto record = level_first(line)) return *record;
        if (auto record = clock_only(line)) return *record;
      }
      // After a bracketed time: ']', Ruby's " #1234]", or Celery's ": INFO/MainProcess]".
      std::size_t close = n;
      if (bracketed && n > 0 && n + 1 < from.size() && (from.substr(n, 2) == " #" || from.substr(n, 2) == ": ")) {
        close = from.find(']', n);
        if (from[n] == ':' && close != std::string_view::npos) {
          const std::string_view inside = from.substr(n + 2, close - n - 2);
          level = level_name(inside.substr(0, inside.find('/')));
        }
      }
      if (n == 0 || (bracketed && (close >= from.size() || from[close] != ']')))
        return fail(errc::bad_timestamp, "expected a date and time at the start of the line, such as 2024-10-10 13:55:36", 1);
      auto t = read_stamp(std::move(stamp));
      if (!t) return fail(errc::bad_timestamp, t.error().message, open + (t.error().column ? t.error().column : 1));
      pos = open + close + bracketed;
      if (auto why = skip_zone_name(line, pos)) return *why;
      set_time(*t);
    }
    std::string_view rest = trim(line.substr(std::min(pos, line.size())));
    if (auto stream = cri_stream(rest)) {  // "stdout F message"
      add("stream", stream->first);
      rest = stream->second;
    } else if (!level) {
      level = find_level(rest);
    }
    return finish(line, level, rest);
  }

 private:
  // The header lines of IIS and other W3C extended logs: "#Version: 1.0", "#Fields: date time ...".
  static bool w3c_directive(std::string_view line) noexcept {
    for (std::string_view d : {"#Version:", "#Fields:", "#Software:", "#Date:", "#Remark:", "#Start-Date:", "#End-Date:"})
      if (line.starts_with(d)) return true;
    return false;
  }

  // The lines of a stack trace, which follow the record that logged it: indented frames
  // ("\tat App.main(App.java:12)", "  File \"app.py\", line 3"), and the unindented lines
  // around them: Java's "java.lang.IllegalStateException: boom", "Caused by: ...", "Exception in
  // thread \"main\" ..."; Python's "Traceback (most recent call last):", "ValueError: bad" and
  // the lines between chained exceptions; Go's "panic: ...", "goroutine 1 [running]:",
  // "main.(*Server).handle(...)", "created by ..." and zap's "main.handler".
  static bool continues_record(std::string_view line) {
    if (line.empty()) return false;
    if (line[0] == ' ' || line[0] == '\t') return true;
    for (std::string_view start : {"Traceback (most recent call last):", "Caused by: ", "Suppressed: ", "Exception in thread \"",
                                   "During handling of the above exception", "The above exception was the direct cause",
                                   "panic: ", "goroutine ", "created by "})
      if (line.substr(0, start.size()) == start) return true;
    // A name (an identifier, dotted and with '/' for Go's packages), then ": message" or nothing:
    // an exception's type; a Go function alone (zap's "main.handler") or with its arguments.
    if (line[0] >= '0' && line[0] <= '9') return false;
    std::size_t end = 0;
    while (end < line.size() && (is_word(line[end]) || line[end] == '.' || line[end] == '$' || line[end] == '/')) ++end;
    const std::string_view name = line.substr(0, end), after = line.substr(end);
    if (name.empty()) return false;
    const bool qualified = name.find('.') != std::string_view::npos;
    if (after.empty() || after.substr(0, 2) == ": ") {
      for (std::string_view kind : {"Exception", "Error", "Throwable", "Exit", "Interrupt", "Warning"})
        if (name.size() >= kind.size() && name.substr(name.size() - kind.size()) == kind) return true;
      return after.empty() && qualified;
    }
    return qualified && after[0] == '(' && line.back() == ')';  // main.(*T).run(0xc0000a)
  }

  // A line that starts with its level: Python's default "WARNING:app.db:slow query" (the logger's
  // name is dropped), logrus' "WARN[0001] slow query" (seconds since start: no time), winston's
  // "warn: slow query", "[WARN] 2024-10-10 13:55:36 slow query" (the time after the level is
  // read). The level word is in capitals, bracketed, or followed by ':'.
  std::optional<kv_record> level_first(std::string_view line) {
    const bool bracketed = !line.empty() && line[0] == '[';
    std::size_t end = bracketed;
    while (end < line.size() && end - bracketed < 12 && is_alpha(line[end])) ++end;
    const std::string_view word = line.substr(bracketed, end - bracketed);
    const auto level = level_name(word);
    if (!level || end >= line.size()) return std::nullopt;
    if (bracketed ? line[end] != ']' : !(line[end] == ':' || (in_capitals(word) && (line[end] == ' ' || line[end] == '['))))
      return std::nullopt;
    std::string_view rest = line.substr(end + 1);
    if (!bracketed && line[end] == ':' && !rest.empty() && rest[0] != ' ') {  // Python: "LEVEL:logger:message"
      const std::size_t colon = rest.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      rest.remove_prefix(colon + 1);
    } else if (!bracketed && line[end] == '[') {  // logrus: "INFO[0000]"
      const std::size_t close = rest.find(']');
      if (close == std::string_view::npos || rest.substr(0, close).find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
      rest.remove_prefix(close + 1);
    }
    rest = trim(rest);
    if (const std::size_t n = detail::stamp_length(rest)) {
      if (auto t = read_stamp(std::string(rest.substr(0, n)))) {
        set_time(*t);
        rest = trim(rest.substr(n));
      }
    }
    return finish(line, level, rest);
  }

  // "13:55:36.123 [main] INFO c.e.App - starting": log4j2's default pattern, a time of day with no
  // date to place it on. The level and message are read; the record has no time.
  std::optional<kv_record> clock_only(std::string_view line) {
    if (line.size() < 9 || line[2] != ':' || line[5] != ':') return std::nullopt;
    for (std::size_t i : {0, 1, 3, 4, 6, 7})
      if (!is_digit(line[i])) return std::nullopt;
    std::size_t end = 8;
    if (end + 1 < line.size() && (line[end] == '.' || line[end] == ',') && is_digit(line[end + 1]))
      for (++end; end < line.size() && is_digit(line[end]);) ++end;
    if (end >= line.size() || line[end] != ' ') return std::nullopt;
    std::string_view rest = trim(line.substr(end));
    const auto level = find_level(rest);
    if (!level) return std::nullopt;  // a level makes it a log line, not any text that starts with a time
    return finish(line, level, rest);
  }

  // A stamp stamp_length() measured, "2024/10/10 ..." or "2024-10-10 ...", as a time.
  static result<timestamp_ns> read_stamp(std::string stamp) {
    if (stamp[4] == '/') stamp[4] = stamp[7] = '-';
    return parse_rfc3339(stamp);
  }

  // The time of a date written with the month's name (its number here) and a clock "hh:mm:ss[.,]f".
  static result<timestamp_ns> named_month_time(std::string_view year, int month, std::string_view day, std::string_view clock) {
    std::string stamp = std::string(year) + (month < 10 ? "-0" : "-") + std::to_string(month) + "-" + std::string(day) + "T" +
                        std::string(clock);
    if (stamp.size() > 19 && stamp[19] == ',') stamp[19] = '.';
    return parse_rfc3339(stamp);
  }

  // Whether `word` has no lower-case letter ("ERROR", "WARN"): a level word then counts anywhere.
  static bool in_capitals(std::string_view word) {
    for (char c : word)
      if (c >= 'a' && c <= 'z') return false;
    return true;
  }

  // The record of the fields set so far, then the level (if any) and the message.
  kv_record finish(std::string_view line, std::optional<std::string_view> level, std::string_view msg) {
    if (level) add("level", *level);
    add("msg", msg);
    return kv_record(line, std::span<const kv_field>(fields_.data(), count_));
  }

  struct klog_stamp {
    std::string_view level;
    std::size_t end;
  };

  // "I1010 13:55:36.123456": klog's level letter, month and day, time; sets the time.
  std::optional<klog_stamp> klog_time(std::string_view line) {
    static constexpr std::string_view letters = "IWEF", levels[] = {"info", "warning", "error", "fatal"};
    if (line.size() < 21 || letters.find(line[0]) == std::string_view::npos || line[5] != ' ' || line[8] != ':' ||
        line[11] != ':' || line[14] != '.')
      return std::nullopt;
    for (std::size_t i : {1, 2, 3, 4, 6, 7, 9, 10, 12, 13, 15})
      if (!is_digit(line[i])) return std::nullopt;
    std::size_t end = 15;
    while (end < line.size() && is_digit(line[end])) ++end;
    const auto t = time_in_recent_year(year_, [&](int y) {
      return parse_rfc3339(std::to_string(y) + "-" + std::string(line.substr(1, 2)) + "-" + std::string(line.substr(3, 2)) + "T" +
                           std::string(line.substr(6, end - 6)));
    });
    if (!t) return std::nullopt;
    set_time(*t);
    return klog_stamp{levels[letters.find(line[0])], end};
  }

  // After a time without an offset, a zone's name: UTC and GMT are skipped, the others fail the
  // line, since "CEST" or "CST" cannot be turned into an offset (CST is three zones).
  static std::optional<failure> skip_zone_name(std::string_view line, std::size_t& pos) {
    if (pos >= line.size() || line[pos] != ' ' || (pos > 0 && (line[pos - 1] == 'Z' || line[pos - 1] == 'z'))) return std::nullopt;
    std::size_t end = pos + 1;
    while (end < line.size() && line[end] >= 'A' && line[end] <= 'Z') ++end;
    const std::string_view name = line.substr(pos + 1, end - pos - 1);
    if (end < line.size() && line[end] != ' ') return std::nullopt;
    if (name == "UTC" || name == "GMT") {
      pos = end;
      return std::nullopt;
    }
    static constexpr std::string_view zones[] = {"CET", "CEST", "EET",  "EEST", "WET",  "WEST", "BST",  "IST",  "MSK", "EST",
                                                 "EDT", "CST",  "CDT",  "MST",  "MDT",  "PST",  "PDT",  "AKST", "AKDT", "HST",
                                                 "JST", "KST",  "AEST", "AEDT", "ACST", "AWST", "NZST", "NZDT", "SGT",  "HKT"};
    for (std::string_view z : zones)
      if (name == z)
        return fail(errc::bad_timestamp, "the time zone " + std::string(name) + " has no fixed offset: log in UTC or with an offset", pos + 2);
    return std::nullopt;
  }

  struct dated_stamp {
    std::size_t end;
    std::string_view level;  // empty: not written with the time
  };

  // "10-Oct-2024 13:55:36.123" (Tomcat's catalina.out), or Redis's "1:M 10 Oct 2024 13:55:36.123 *"
  // (pid, role, time, then a mark for the level: . debug, - verbose, * notice, # warning); sets
  // the time.
  std::optional<dated_stamp> day_month_time(std::string_view line) {
    std::size_t at = 0;
    while (at < line.size() && is_digit(line[at])) ++at;
    const bool redis = at > 0 && at + 3 < line.size() && line[at] == ':' &&
                       std::string_view("XCSM").find(line[at + 1]) != std::string_view::npos && line[at + 2] == ' ';
    at = redis ? at + 3 : 0;
    const std::string_view s = line.substr(at);
    if (s.size() < 20) return std::nullopt;
    const char sep = s[2];
    if (!(sep == '-' || sep == ' ') || s[6] != sep || s[11] != ' ' || s[14] != ':' || s[17] != ':') return std::nullopt;
    for (std::size_t i : {0, 1, 7, 8, 9, 10, 12, 13, 15, 16, 18, 19})
      if (!is_digit(s[i])) return std::nullopt;
    const int month = aiops::detail::month_from_abbrev(s.substr(3, 3));
    if (month == 0) return std::nullopt;
    std::size_t end = 20;
    if (end + 1 < s.size() && (s[end] == '.' || s[end] == ',') && is_digit(s[end + 1]))
      for (++end; end < s.size() && is_digit(s[end]);) ++end;
    const auto t = named_month_time(s.substr(7, 4), month, s.substr(0, 2), s.substr(12, end - 12));
    if (!t) return std::nullopt;
    set_time(*t);
    dated_stamp out{at + end, {}};
    if (redis && out.end + 2 < line.size() && line[out.end] == ' ' && line[out.end + 2] == ' ') {
      static constexpr std::string_view marks = ".-*#", levels[] = {"debug", "info", "notice", "warning"};
      if (const std::size_t m = marks.find(line[out.end + 1]); m != std::string_view::npos) {
        out.level = levels[m];
        out.end += 2;
      }
    }
    return out;
  }

  // Dates with a short year or none, each with a digit at every place the pattern says:
  // Spark's "17/06/09 20:10:40" (yy/MM/dd, log4j's default there), old Hadoop's "081109 203526"
  // (yyMMdd HHmmss), and Android's logcat "03-17 16:13:38.811  1702  2395 D Tag: msg" (no year,
  // see `year`; its level letter after the pid and tid, or "D/Tag( 1702):" with -v time). Sets
  // the time. Two-digit years are read as POSIX's %y: 69-99 the 1900s, 00-68 the 2000s.
  std::optional<dated_stamp> short_date_time(std::string_view line) {
    const auto shaped = [&](std::string_view shape) {  // '9' a digit, anything else itself
      if (line.size() <= shape.size() || line[shape.size()] != ' ') return false;
      for (std::size_t i = 0; i < shape.size(); ++i)
        if (shape[i] == '9' ? !is_digit(line[i]) : line[i] != shape[i]) return false;
      return true;
    };
    const auto century = [](std::string_view yy) { return std::string(yy[0] >= '7' || (yy[0] == '6' && yy[1] == '9') ? "19" : "20") + std::string(yy); };
    std::size_t end = 0;
    bool logcat = false;
    result<timestamp_ns> t = fail(errc::bad_timestamp, "no short date", 1);
    if (shaped("99/99/99 99:99:99")) {
      end = 17;
      t = parse_rfc3339(century(line.substr(0, 2)) + "-" + std::string(line.substr(3, 2)) + "-" + std::string(line.substr(6, 2)) + "T" +
                        std::string(line.substr(9, 8)));
    } else if (shaped("999999 999999")) {
      end = 13;
      t = parse_rfc3339(century(line.substr(0, 2)) + "-" + std::string(line.substr(2, 2)) + "-" + std::string(line.substr(4, 2)) + "T" +
                        std::string(line.substr(7, 2)) + ":" + std::string(line.substr(9, 2)) + ":" + std::string(line.substr(11, 2)));
    } else if (shaped("99-99 99:99:99.999")) {
      end = 18;
      logcat = true;
      t = time_in_recent_year(year_, [&](int y) {
        return parse_rfc3339(std::to_string(y) + "-" + std::string(line.substr(0, 5)) + "T" + std::string(line.substr(6, 12)));
      });
    } else {
      return std::nullopt;
    }
    if (!t) return std::nullopt;
    set_time(*t);
    dated_stamp out{end, {}};
    if (logcat) {  // "  1702  2395 D Tag: msg" (threadtime) or " D/Tag( 1702): msg" (time)
      static constexpr std::string_view letters = "VDIWEFA", levels[] = {"trace", "debug", "info", "warning", "error", "fatal", "fatal"};
      std::size_t at = end;
      const auto skip = [&](auto is) { while (at < line.size() && is(line[at])) ++at; };
      skip(is_space);
      if (at + 1 < line.size() && line[at + 1] != '/') {
        skip(is_digit), skip(is_space), skip(is_digit), skip(is_space);
        if (at + 1 < line.size() && line[at + 1] != ' ') return out;
      }
      if (const std::size_t letter = at < line.size() ? letters.find(line[at]) : std::string_view::npos; letter != std::string_view::npos) {
        out.level = levels[letter];
        out.end = at + 1 + (at + 1 < line.size() && line[at + 1] == '/');
      }
    }
    return out;
  }

  // "[Wed Oct 11 14:32:52.123456 2023]": Apache's error log; sets the time and gives its end.
  std::optional<std::size_t> apache_time(std::string_view line) {
    if (line.size() < 26 || line[0] != '[' || line[4] != ' ' || line[8] != ' ' || line[11] != ' ' || line[14] != ':' ||
        line[17] != ':')
      return std::nullopt;
    const int month = aiops::detail::month_from_abbrev(line.substr(5, 3));
    std::size_t end = 20;  // after the seconds
    if (end < line.size() && line[end] == '.')
      for (++end; end < line.size() && is_digit(line[end]);) ++end;
    if (month == 0 || end + 6 > line.size() || line[end] != ' ' || line[end + 5] != ']') return std::nullopt;
    const auto t = named_month_time(line.substr(end + 1, 4), month, line.substr(9, 2), line.substr(12, end - 12));
    if (!t) return std::nullopt;
    set_time(*t);
    return end + 6;
  }

  // The stream of a CRI line's "stdout F " or "stderr P ", and the message after it.
  static std::optional<std::pair<std::string_view, std::string_view>> cri_stream(std::string_view rest) {
    for (std::string_view stream : {"stdout", "stderr"})
      if (rest.size() >= 8 && rest.substr(0, 6) == stream && rest[6] == ' ' && (rest[7] == 'F' || rest[7] == 'P') &&
          (rest.size() == 8 || rest[8] == ' '))
        return std::pair{rest.substr(0, 6), rest.substr(std::min<std::size_t>(9, rest.size()))};
    return std::nullopt;
  }

  // The level among the first five words of `rest` (split at spaces and tabs: zap's console
  // format), which then starts after it. A level word counts first, in capitals or in brackets:
  // "http: TLS handshake error from ..." and "no error found" have none.
  static std::optional<std::string_view> find_level(std::string_view& rest) {
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    std::size_t pos = 0;
    for (int word = 0; word < 5 && pos < rest.size(); ++word) {
      while (pos < rest.size() && blank(rest[pos])) ++pos;
      const std::size_t start = pos;
      while (pos < rest.size() && !blank(rest[pos])) ++pos;
      std::string_view w = rest.substr(start, pos - start);
      const bool bracketed = !w.empty() && std::string_view("[(<").find(w.front()) != std::string_view::npos;
      while (!w.empty() && std::string_view("[(<|-").find(w.front()) != std::string_view::npos) w.remove_prefix(1);
      while (!w.empty() && std::string_view("])>|:,-").find(w.back()) != std::string_view::npos) w.remove_suffix(1);
      if (const std::size_t colon = w.rfind(':'); colon != std::string_view::npos && !level_name(w))
        w.remove_prefix(colon + 1);  // Apache's "[core:error]"
      if (auto level = level_name(w); level && (word == 0 || in_capitals(w) || bracketed)) {
        std::size_t after = pos;
        while (after < rest.size() && std::string_view(" \t-:|]>").find(rest[after]) != std::string_view::npos) ++after;
        rest = rest.substr(after);
        return level;
      }
    }
    return std::nullopt;
  }

  void set_time(timestamp_ns t) {
    time_ = format_rfc3339(t, exact_fraction_digits(t));
    add("time", time_);
  }
  void add(std::string_view key, std::string_view value) { fields_[count_++] = kv_field{key, value, value_kind::string}; }

  int year_;
  std::string time_;
  std::array<kv_field, 4> fields_{};
  std::size_t count_ = 0;
};

}  // namespace logs
AIOPS_END_NAMESPACE
