// aiops: syslog line parsers: RFC 3164 (BSD, /var/log/auth.log style) and RFC 5424
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min
#include <cstddef>      // std::size_t
#include <optional>     // std::optional
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs {

/// One parameter of an RFC 5424 structured-data element: `[id name="raw_value"]`.
struct sd_param {
  std::string_view id;
  std::string_view name;
  std::string_view raw_value;  ///< as written, with \" \\ \] escapes; see unescape_sd_value
};

/// The value of an SD-PARAM without its escapes (\" \\ \]; other backslashes stay, per RFC 5424 6.3.3).
inline std::string unescape_sd_value(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size() && (raw[i + 1] == '"' || raw[i + 1] == '\\' || raw[i + 1] == ']')) ++i;
    out += raw[i];
  }
  return out;
}

namespace detail {

constexpr bool is_sd_name_char(char c) noexcept { return c > ' ' && c < 127 && c != '=' && c != ']' && c != '"'; }

// Walks RFC 5424 STRUCTURED-DATA (one or more "[id k="v" ...]") starting at s[pos], calling
// on_element(id) and on_param(sd_param); returns the index just past the last ']'. The same
// code checks the line when it is parsed and visits the elements later, so they cannot disagree.
template <class OnElement, class OnParam>
result<std::size_t> walk_structured_data(std::string_view s, std::size_t pos, OnElement&& on_element, OnParam&& on_param) {
  auto name = [&](const char* what) -> result<std::string_view> {
    const std::size_t start = pos;
    while (pos < s.size() && is_sd_name_char(s[pos])) ++pos;
    if (pos == start || pos - start > 32) {
      if (pos >= s.size()) return fail(errc::unexpected_end, std::string("line ends before the ") + what, pos + 1);
      return fail(errc::syntax, std::string("expected an ") + what + " of 1 to 32 printable characters", start + 1);
    }
    return s.substr(start, pos - start);
  };
  do {
    ++pos;  // '['
    auto id = name("SD-ID");
    if (!id) return id.error();
    on_element(*id);
    while (pos < s.size() && s[pos] == ' ') {
      ++pos;
      auto param = name("SD-PARAM name");
      if (!param) return param.error();
      if (pos + 1 >= s.size()) return fail(errc::unexpected_end, "line ends inside structured data", pos + 1);
      if (s[pos] != '=' || s[pos + 1] != '"') return fail(errc::syntax, "expected =\"value\" after an SD-PARAM name", pos + 1);
      pos += 2;
      const std::size_t start = pos;
      while (pos < s.size() && s[pos] != '"') pos += s[pos] == '\\' ? 2 : 1;
      if (pos >= s.size()) return fail(errc::unexpected_end, "SD-PARAM value has no closing quote", start);
      on_param(sd_param{*id, *param, s.substr(start, pos - start)});
      ++pos;
    }
    if (pos >= s.size()) return fail(errc::unexpected_end, "line ends inside structured data", pos + 1);
    if (s[pos] != ']') return fail(errc::syntax, "expected ' ' or ']' in structured data", pos + 1);
    ++pos;
  } while (pos < s.size() && s[pos] == '[');
  return pos;
}

}  // namespace detail

/// RFC 5424 STRUCTURED-DATA, checked when the line was parsed and walked on demand (no allocation).
class structured_data {
 public:
  structured_data() = default;
  explicit structured_data(std::string_view raw) noexcept : raw_(raw) {}

  /// The text as written ("[exampleSDID@32473 iut=\"3\"]"), empty for NILVALUE and RFC 3164.
  std::string_view raw() const noexcept { return raw_; }
  bool empty() const noexcept { return raw_.empty(); }

  /// Calls f(std::string_view sd_id) for every element, parameters or not.
  template <class F>
  void for_each_element(F&& f) const {
    if (!empty()) (void)detail::walk_structured_data(raw_, 0, f, [](const sd_param&) {});
  }
  /// Calls f(const sd_param&) for every parameter of every element, in order.
  template <class F>
  void for_each_param(F&& f) const {
    if (!empty()) (void)detail::walk_structured_data(raw_, 0, [](std::string_view) {}, f);
  }
  /// The raw value of parameter `name` in element `id` (first match), or nothing.
  std::optional<std::string_view> find(std::string_view id, std::string_view name) const {
    std::optional<std::string_view> found;
    for_each_param([&](const sd_param& p) {
      if (!found && p.id == id && p.name == name) found = p.raw_value;
    });
    return found;
  }

 private:
  std::string_view raw_;
};

/// A syslog message. The views point into the parsed line. NILVALUE ("-") fields of RFC 5424
/// are empty views; RFC 3164 lines leave msgid and structured data empty.
struct syslog_record {
  int priority = -1;  ///< facility * 8 + severity, or -1 when the line has no "<PRI>" (log files)
  int version = 0;    ///< 1 for RFC 5424, 0 for RFC 3164
  std::optional<timestamp_ns> time;  ///< empty only for an RFC 5424 NILVALUE timestamp
  std::string_view host;
  std::string_view app;     ///< RFC 5424 APP-NAME or the RFC 3164 tag ("sshd", "postfix/smtpd")
  std::string_view pid;     ///< RFC 5424 PROCID or the RFC 3164 "[pid]"; text, not always a number
  std::string_view msgid;
  structured_data sd;
  std::string_view message;
  bool bom = false;  ///< RFC 5424: the message started with a UTF-8 BOM (removed from `message`)

  /// 0 (kern) .. 23 (local7), or -1 without PRI.
  int facility() const noexcept { return priority < 0 ? -1 : priority >> 3; }
  /// 0 (emerg) .. 7 (debug), or -1 without PRI.
  int severity() const noexcept { return priority < 0 ? -1 : priority & 7; }
};

/// The keyword of a severity ("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug").
constexpr const char* severity_name(int severity) noexcept {
  constexpr const char* names[] = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
  return severity >= 0 && severity < 8 ? names[severity] : "";
}

namespace detail {

// "<PRI>" at the start of `s`: sets `priority` and returns the index after '>'.
inline result<std::size_t> parse_priority(std::string_view s, int& priority) {
  std::size_t pos = 1;
  int value = 0;
  while (pos < s.size() && pos <= 4 && s[pos] >= '0' && s[pos] <= '9') value = value * 10 + (s[pos++] - '0');
  if (pos == 1 || pos > 4 || pos >= s.size() || s[pos] != '>' || value > 191 || (s[1] == '0' && pos > 2))
    return fail(pos >= s.size() ? errc::unexpected_end : errc::syntax, "expected <PRI> with PRI from 0 to 191", pos + 1);
  priority = value;
  return pos + 1;
}

// The next space-separated token from s[pos], moving pos past one following space.
inline std::string_view next_token(std::string_view s, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < s.size() && s[pos] != ' ') ++pos;
  std::string_view token = s.substr(start, pos - start);
  if (pos < s.size()) ++pos;
  return token;
}

// A syslog TIMESTAMP: RFC 3339's date "T" time (RFC 5424; rsyslog's high-precision format), not
// the date alone or the other short forms parse_rfc3339 takes from spreadsheets: with those,
// "2024-10-10 13:55:36,123 - app - ERROR" read as syslog with "13:55:36,123" for its host.
inline result<timestamp_ns> parse_syslog_stamp(std::string_view token) {
  if (token.size() < 19 || (token[10] != 'T' && token[10] != 't') || token[13] != ':' || token[16] != ':')
    return fail(errc::bad_timestamp, "expected an RFC 3339 date and time such as 2024-10-10T13:55:36Z", 1);
  return parse_rfc3339(token);
}

}  // namespace detail

/// Parses an RFC 3164 line: "<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed", with or
/// without the "<PRI>" (files such as /var/log/auth.log have none). The timestamp has no year,
/// so `year` supplies it (the time is taken as UTC), or, when `year` is 0, the most recent year that
/// does not put the line more than a day ahead of now (a December line read in January is last
/// year's; "Feb 29" is the last leap year's), as for the files of the machine itself; an RFC 3339 timestamp
/// ("2024-03-01T10:00:00.123456+01:00", rsyslog's high-precision file format) is accepted too.
/// A first word that ends with ':' is the tag of a message without a host name.
/// @throws std::invalid_argument when `year` is not 0 and outside 1678..2261 (what timestamp_ns holds).
inline result<syslog_record> parse_syslog_3164(std::string_view line, int year) {
  if (year != 0 && (year < aiops::detail::min_year || year > aiops::detail::max_year))
    throw std::invalid_argument("parse_syslog_3164: year " + std::to_string(year) + " is outside 1678..2261");
  syslog_record r;
  std::size_t pos = 0;
  if (!line.empty() && line[0] == '<') {
    auto after = detail::parse_priority(line, r.priority);
    if (!after) return after.error();
    pos = *after;
  }
  const std::size_t time_start = pos;
  if (pos < line.size() && line[pos] >= '0' && line[pos] <= '9') {
    auto t = detail::parse_syslog_stamp(detail::next_token(line, pos));
    if (!t) return fail(errc::bad_timestamp, t.error().message, time_start + (t.error().column ? t.error().column : 1));
    r.time = *t;
  } else {
    const std::string_view text = line.substr(pos, 15);
    auto t = parse_syslog_time(text, year);
    if (!t) {
      const std::size_t col = time_start + (t.error().column ? t.error().column : 1);
      return fail(line.size() < time_start + 15 ? errc::unexpected_end : errc::bad_timestamp,
                  "expected a timestamp such as 'Oct 11 22:14:15': " + t.error().message, col);
    }
    r.time = *t;
    pos += 15;
    if (pos < line.size()) {
      if (line[pos] != ' ') return fail(errc::bad_timestamp, "expected a space after the timestamp", pos + 1);
      ++pos;
    }
  }
  if (pos >= line.size()) return fail(errc::unexpected_end, "line ends after the timestamp", pos + 1);
  std::size_t word_start = pos;
  std::string_view word = detail::next_token(line, pos);
  if (word.empty() || word.back() != ':') {
    r.host = word;
    word_start = pos;
  }
  // TAG[PID]: or TAG: ; anything else means the message has no tag.
  std::size_t p = word_start;
  while (p < line.size() && line[p] != ' ' && line[p] != ':' && line[p] != '[') ++p;
  std::size_t message_start = word_start;
  if (p > word_start && p < line.size() && line[p] == '[') {
    const std::size_t close = line.find(']', p);
    const std::size_t space = line.find(' ', p);
    if (close != std::string_view::npos && close < space) {
      r.app = line.substr(word_start, p - word_start);
      r.pid = line.substr(p + 1, close - p - 1);
      message_start = close + 1;
      if (message_start < line.size() && line[message_start] == ':') ++message_start;
    }
  } else if (p > word_start && p < line.size() && line[p] == ':') {
    r.app = line.substr(word_start, p - word_start);
    message_start = p + 1;
  }
  if (message_start > word_start && message_start < line.size() && line[message_start] == ' ') ++message_start;
  r.message = line.substr(std::min(message_start, line.size()));
  return r;
}

/// Parses an RFC 5424 line: "<165>1 2003-10-11T22:14:15.003Z host app procid msgid [sd] msg".
/// Enforced: PRI 0..191, VERSION, an RFC 3339 timestamp or '-', the header fields as printable
/// ASCII within the RFC's lengths (host 255, app 48, procid 128, msgid 32), well-formed
/// structured data. A UTF-8 BOM that starts the message is removed and noted in `bom`.
inline result<syslog_record> parse_syslog_5424(std::string_view line) {
  syslog_record r;
  if (line.empty() || line[0] != '<') return fail(errc::syntax, "expected '<' (an RFC 5424 line starts with <PRI>)", 1);
  auto after = detail::parse_priority(line, r.priority);
  if (!after) return after.error();
  std::size_t pos = *after;
  const std::size_t version_start = pos;
  while (pos < line.size() && pos - version_start < 3 && line[pos] >= '0' && line[pos] <= '9')
    r.version = r.version * 10 + (line[pos++] - '0');
  if (pos == version_start || line[version_start] == '0' || pos >= line.size() || line[pos] != ' ')
    return fail(pos >= line.size() ? errc::unexpected_end : errc::syntax, "expected VERSION (1-999) and a space after <PRI>",
                version_start + 1);
  ++pos;

  std::size_t start = pos;
  std::string_view stamp = detail::next_token(line, pos);
  if (stamp.empty()) return fail(start >= line.size() ? errc::unexpected_end : errc::bad_timestamp, "expected TIMESTAMP or '-'", start + 1);
  if (stamp != "-") {
    auto t = detail::parse_syslog_stamp(stamp);
    if (!t) return fail(errc::bad_timestamp, t.error().message, start + (t.error().column ? t.error().column : 1));
    r.time = *t;
  }
  struct header_field {
    std::string_view* into;
    std::size_t max;
    const char* name;
  };
  for (const header_field& f : {header_field{&r.host, 255, "HOSTNAME"}, header_field{&r.app, 48, "APP-NAME"},
                                header_field{&r.pid, 128, "PROCID"}, header_field{&r.msgid, 32, "MSGID"}}) {
    start = pos;
    if (pos >= line.size()) return fail(errc::unexpected_end, std::string("line ends before ") + f.name, pos + 1);
    std::string_view token = detail::next_token(line, pos);
    for (std::size_t i = 0; i < token.size(); ++i)
      if (token[i] < '!' || token[i] > '~') return fail(errc::syntax, std::string(f.name) + " must be printable ASCII", start + i + 1);
    if (token.empty() || token.size() > f.max)
      return fail(errc::syntax, std::string(f.name) + " must have 1 to " + std::to_string(f.max) + " characters", start + 1);
    *f.into = token == "-" ? std::string_view() : token;
  }

  if (pos >= line.size()) return fail(errc::unexpected_end, "line ends before STRUCTURED-DATA", pos + 1);
  if (line[pos] == '-') {
    ++pos;
  } else if (line[pos] == '[') {
    start = pos;
    auto end = detail::walk_structured_data(line, pos, [](std::string_view) {}, [](const sd_param&) {});
    if (!end) return end.error();
    pos = *end;
    r.sd = structured_data(line.substr(start, pos - start));
  } else {
    return fail(errc::syntax, "expected '-' or '[' for STRUCTURED-DATA", pos + 1);
  }
  if (pos < line.size()) {
    if (line[pos] != ' ') return fail(errc::syntax, "expected a space before the message", pos + 1);
    r.message = line.substr(pos + 1);
    if (r.message.substr(0, 3) == "\xEF\xBB\xBF") {
      r.message.remove_prefix(3);
      r.bom = true;
    }
  }
  return r;
}

/// Parses either kind: "<PRI>digit " starts RFC 5424, anything else is RFC 3164 (`year` as there).
/// journalctl's markers between records ("-- Boot 3f1e... --", "-- No entries --", "-- Logs begin
/// at ... --") fail with errc::comment, which bad_line_summary counts apart from bad lines.
/// @throws std::invalid_argument when `year` is outside 1678..2261.
inline result<syslog_record> parse_syslog(std::string_view line, int year) {
  if (line.size() >= 6 && line.substr(0, 3) == "-- " && line.substr(line.size() - 3) == " --")
    return fail(errc::comment, "a journalctl marker, not a record", 1);
  const std::size_t close = line.substr(0, 5).find('>');
  const bool rfc5424 = !line.empty() && line[0] == '<' && close != std::string_view::npos && close + 2 < line.size() &&
                       line[close + 1] >= '1' && line[close + 1] <= '9' && line.find(' ', close) < close + 5;
  return rfc5424 ? parse_syslog_5424(line) : parse_syslog_3164(line, year);
}

/// A syslog parser for bulk reading (for_each_record): RFC 3164 and 5424 lines, in any mix.
struct syslog_parser {
  int year;  ///< the year of RFC 3164 timestamps, which have none

  result<syslog_record> operator()(std::string_view line) const { return parse_syslog(line, year); }
};

}  // namespace logs
AIOPS_END_NAMESPACE
