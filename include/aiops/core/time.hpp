// aiops: UTC timestamps as epoch nanoseconds: parsing nginx, RFC 3339 and syslog times, formatting
// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>       // std::chrono::system_clock
#include <cstdint>      // std::int64_t, INT64_MAX
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"

AIOPS_BEGIN_NAMESPACE

/// Nanoseconds since 1970-01-01T00:00:00Z; every timestamp in the library is one of these.
using timestamp_ns = std::int64_t;

inline constexpr timestamp_ns ns_per_millisecond = 1'000'000;
inline constexpr timestamp_ns ns_per_second = 1'000 * ns_per_millisecond;
inline constexpr timestamp_ns ns_per_minute = 60 * ns_per_second;
inline constexpr timestamp_ns ns_per_hour = 60 * ns_per_minute;
inline constexpr timestamp_ns ns_per_day = 24 * ns_per_hour;

/// A broken-down UTC date and time.
struct civil_time {
  int year = 1970;
  int month = 1;   ///< 1..12
  int day = 1;     ///< 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::int64_t nanosecond = 0;
};

constexpr bool is_leap_year(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr int days_in_month(int y, int m) noexcept {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && is_leap_year(y)) ? 29 : days[m - 1];
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the era-based formula, valid for any year).
constexpr std::int64_t days_from_civil(int y, int m, int d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/// The inverse of days_from_civil.
constexpr civil_time civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  civil_time t;
  t.day = int(doy - (153 * mp + 2) / 5 + 1);
  t.month = int(mp < 10 ? mp + 3 : mp - 9);
  t.year = int(yoe + era * 400 + (t.month <= 2));
  return t;
}

/// Epoch nanoseconds of a civil UTC time (fields are not validated; see parse_* for that).
constexpr timestamp_ns to_timestamp(const civil_time& t) noexcept {
  return (days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second) *
             ns_per_second +
         t.nanosecond;
}

constexpr civil_time to_civil(timestamp_ns ns) noexcept {
  std::int64_t secs = ns / ns_per_second;
  std::int64_t frac = ns % ns_per_second;
  if (frac < 0) { frac += ns_per_second; --secs; }
  std::int64_t days = secs / 86400;
  std::int64_t rem = secs % 86400;
  if (rem < 0) { rem += 86400; --days; }
  civil_time t = civil_from_days(days);
  t.hour = int(rem / 3600);
  t.minute = int(rem / 60 % 60);
  t.second = int(rem % 60);
  t.nanosecond = frac;
  return t;
}

/// Wall-clock time now, in epoch nanoseconds.
inline timestamp_ns wall_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// 0 = Sunday .. 6 = Saturday.
constexpr int day_of_week(timestamp_ns ns) noexcept {
  std::int64_t days = ns / ns_per_day - (ns % ns_per_day < 0);
  return int(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
}

namespace detail {

struct cursor {
  std::string_view s;
  std::size_t pos = 0;
  bool done() const { return pos >= s.size(); }
  char peek() const { return done() ? '\0' : s[pos]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos;
    return true;
  }
  // Exactly `n` digits, or -1.
  int digits(int n) {
    int v = 0;
    for (int i = 0; i < n; ++i, ++pos) {
      if (done() || s[pos] < '0' || s[pos] > '9') return -1;
      v = v * 10 + (s[pos] - '0');
    }
    return v;
  }
  // The digits after a decimal point ('.' or ','), when there is one, added to `ns`; false for
  // a point without digits.
  bool fraction(std::int64_t& ns) {
    if (!eat('.') && !eat(',')) return true;
    const std::size_t start = pos;
    for (std::int64_t scale = 1'000'000'000; !done() && s[pos] >= '0' && s[pos] <= '9'; ++pos)
      if (scale > 1) ns += (s[pos] - '0') * (scale /= 10);
    return pos > start;
  }
  failure fail_here(std::string what) const { return fail(errc::bad_timestamp, std::move(what), pos + 1); }
};

inline int month_from_abbrev(std::string_view m) noexcept {
  constexpr std::string_view names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  if (m.size() != 3) return 0;
  for (int i = 0; i < 12; ++i) {
    const std::string_view n = names[i];
    bool same = true;
    for (int k = 0; k < 3; ++k) same = same && ((m[k] | 0x20) == n[k]);
    if (same) return i + 1;
  }
  return 0;
}

// timestamp_ns spans 1677-09-21 .. 2262-04-11: whole years inside, with a day to spare for offsets.
inline constexpr int min_year = 1678;
inline constexpr int max_year = 2261;

// A failure naming the year when timestamp_ns cannot hold it; `column` is where the year starts.
inline std::optional<failure> year_out_of_range(int year, std::size_t column) {
  if (year >= min_year && year <= max_year) return std::nullopt;
  return fail(errc::bad_timestamp, "year " + std::to_string(year) + " is outside 1678..2261, the range of timestamp_ns", column);
}

inline bool valid_civil(const civil_time& t) noexcept {
  return t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= days_in_month(t.year, t.month) &&
         t.hour <= 23 && t.minute <= 59 && t.second <= 60;  // 60: a leap second, counted as :59 + 1 s
}

// "+hh:mm", "+hhmm", "Z" (or nothing when `optional`): offset in seconds east of UTC.
inline result<int> parse_offset(cursor& c, bool optional) {
  if (c.eat('Z') || c.eat('z')) return 0;
  if (c.done() && optional) return 0;
  int sign = c.eat('+') ? 1 : c.eat('-') ? -1 : 0;
  if (sign == 0) return c.fail_here("expected a UTC offset such as Z, +08:00 or -0700");
  int hh = c.digits(2);
  if (hh >= 0 && hh <= 23 && c.done()) return sign * hh * 3600;  // "+05": hours only (ISO 8601)
  c.eat(':');
  int mm = c.digits(2);
  if (hh < 0 || mm < 0 || hh > 23 || mm > 59) return c.fail_here("bad UTC offset");
  return sign * (hh * 3600 + mm * 60);
}

}  // namespace detail

/// Parses nginx `$time_local` / Apache `%t` ("10/Oct/2000:13:55:36 -0700", brackets optional),
/// also with a fraction of seconds and without the offset, as HAProxy writes its accept date
/// ("10/Oct/2000:13:55:36.123": UTC, as an RFC 3339 time without an offset).
inline result<timestamp_ns> parse_nginx_time(std::string_view text) {
  std::string_view s = text;
  if (!s.empty() && s.front() == '[') s.remove_prefix(1);
  if (!s.empty() && s.back() == ']') s.remove_suffix(1);
  detail::cursor c{s};
  civil_time t;
  t.day = c.digits(2);
  if (t.day < 0 || !c.eat('/')) return c.fail_here("expected dd/Mon/yyyy:hh:mm:ss +zzzz");
  t.month = detail::month_from_abbrev(s.substr(c.pos, 3));
  if (t.month == 0) return c.fail_here("unknown month name");
  c.pos += 3;
  const std::size_t year_column = c.pos + 2;
  if (!c.eat('/') || (t.year = c.digits(4)) < 0 || !c.eat(':') || (t.hour = c.digits(2)) < 0 || !c.eat(':') ||
      (t.minute = c.digits(2)) < 0 || !c.eat(':') || (t.second = c.digits(2)) < 0)
    return c.fail_here("expected dd/Mon/yyyy:hh:mm:ss +zzzz");
  if (auto why = detail::year_out_of_range(t.year, year_column + (s.data() != text.data()))) return *why;
  if (!c.fraction(t.nanosecond)) return c.fail_here("expected digits after the decimal point");
  if (!detail::valid_civil(t)) return fail(errc::bad_timestamp, "date or time out of range");
  if (c.done()) return to_timestamp(t);  // HAProxy's accept date: milliseconds, no offset (UTC, as RFC 3339 without one)
  if (!c.eat(' ')) return c.fail_here("expected a space before the UTC offset");
  auto off = detail::parse_offset(c, false);
  if (!off) return off.error();
  if (!c.done()) return c.fail_here("trailing characters after the time");
  return to_timestamp(t) - timestamp_ns(*off) * ns_per_second;
}

/// Parses RFC 3339 / ISO 8601 ("2026-11-29T02:38:36.5Z", "2026-11-29 02:38:36+08:00"), and the
/// shorter ISO 8601 forms spreadsheets and exports write: a date alone (midnight), hh:mm without
/// seconds, an offset of hours alone ("+05"). A missing offset means UTC.
inline result<timestamp_ns> parse_rfc3339(std::string_view s) {
  detail::cursor c{s};
  civil_time t;
  if ((t.year = c.digits(4)) < 0 || !c.eat('-') || (t.month = c.digits(2)) < 0 || !c.eat('-') ||
      (t.day = c.digits(2)) < 0)
    return c.fail_here("expected yyyy-mm-dd");
  if (auto why = detail::year_out_of_range(t.year, 1)) return *why;
  if (c.done()) {
    if (!detail::valid_civil(t)) return fail(errc::bad_timestamp, "date out of range");
    return to_timestamp(t);
  }
  if (!(c.eat('T') || c.eat('t') || c.eat(' ')))
    return c.fail_here("expected 'T' between date and time");
  if ((t.hour = c.digits(2)) < 0 || !c.eat(':') || (t.minute = c.digits(2)) < 0)
    return c.fail_here("expected hh:mm:ss");
  const bool seconds = c.eat(':');
  if (seconds && (t.second = c.digits(2)) < 0) return c.fail_here("expected hh:mm:ss");
  if (seconds && !c.fraction(t.nanosecond)) return c.fail_here("expected digits after the decimal point");
  if (!detail::valid_civil(t)) return fail(errc::bad_timestamp, "date or time out of range");
  auto off = detail::parse_offset(c, true);
  if (!off) return off.error();
  if (!c.done()) return c.fail_here("trailing characters after the time");
  return to_timestamp(t) - timestamp_ns(*off) * ns_per_second;
}

namespace detail {

// An RFC 3164 syslog time in `year` (see parse_syslog_time).
inline result<timestamp_ns> syslog_time_in(std::string_view s, int year) {
  cursor c{s};
  civil_time t;
  t.year = year;
  t.month = month_from_abbrev(s.substr(0, 3));
  if (t.month == 0) return c.fail_here("unknown month name");
  c.pos = 3;
  if (!c.eat(' ')) return c.fail_here("expected 'Mon dd hh:mm:ss'");
  if (c.eat(' ')) {
    t.day = c.digits(1);
  } else {
    t.day = c.digits(2);
  }
  if (t.day < 0 || !c.eat(' ') || (t.hour = c.digits(2)) < 0 || !c.eat(':') || (t.minute = c.digits(2)) < 0 ||
      !c.eat(':') || (t.second = c.digits(2)) < 0)
    return c.fail_here("expected 'Mon dd hh:mm:ss'");
  if (auto why = year_out_of_range(t.year, 0)) return *why;
  if (!valid_civil(t)) return fail(errc::bad_timestamp, "date or time out of range");
  if (!c.done()) return c.fail_here("trailing characters after the time");
  return to_timestamp(t);
}

}  // namespace detail

/// Epoch seconds or milliseconds/micro/nanoseconds as digits, told apart by magnitude
/// (a 10-digit number is seconds, 13 milliseconds, 16 microseconds, 19 nanoseconds); a fraction is allowed on seconds.
inline result<timestamp_ns> parse_epoch(std::string_view s) {
  std::size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  if (whole.empty() || whole.size() > 19) return fail(errc::bad_timestamp, "expected epoch digits");
  std::int64_t v = 0;
  for (char ch : whole) {
    if (ch < '0' || ch > '9') return fail(errc::bad_timestamp, "expected epoch digits");
    if (v > (INT64_MAX - (ch - '0')) / 10) return fail(errc::bad_timestamp, "epoch value out of range of timestamp_ns");
    v = v * 10 + (ch - '0');
  }
  const timestamp_ns scale = whole.size() <= 11 ? ns_per_second : whole.size() <= 14 ? ns_per_millisecond : whole.size() <= 17 ? 1'000 : 1;
  if (v > INT64_MAX / scale - 1) return fail(errc::bad_timestamp, "epoch value out of range of timestamp_ns");
  timestamp_ns ns = v * scale;
  if (dot != std::string_view::npos) {
    if (whole.size() > 11) return fail(errc::bad_timestamp, "a fraction is only allowed on epoch seconds");
    timestamp_ns scale = ns_per_second;
    std::string_view frac = s.substr(dot + 1);
    if (frac.empty()) return fail(errc::bad_timestamp, "expected digits after the decimal point");
    for (char ch : frac) {
      if (ch < '0' || ch > '9') return fail(errc::bad_timestamp, "expected epoch digits");
      if (scale > 1) { scale /= 10; ns += (ch - '0') * scale; }
    }
  }
  return ns;
}

/// Tries RFC 3339, then nginx time, then epoch digits: for columns whose format is not declared.
inline result<timestamp_ns> parse_any_time(std::string_view s) {
  if (auto r = parse_rfc3339(s)) return r;
  if (auto r = parse_nginx_time(s)) return r;
  if (auto r = parse_epoch(s)) return r;
  return fail(errc::bad_timestamp, "not a timestamp: expected RFC 3339, nginx time or epoch digits");
}

/// The time of a log line that writes no year (syslog RFC 3164, klog), read by `at(year)`: in
/// `year`, or when `year` is 0 in the most recent year, this one back to four before, in which
/// the date exists and the line is not more than a day in the future. So December lines read in
/// January and "Feb 29" keep their year. Returns the last attempt's failure when none reads.
template <class At>
result<timestamp_ns> time_in_recent_year(int year, At&& at) {
  if (year != 0) return at(year);
  const timestamp_ns now = wall_now();
  const int this_year = to_civil(now).year;
  result<timestamp_ns> t = at(this_year);
  for (int back = 1; back <= 4 && (!t || *t > now + ns_per_day); ++back) t = at(this_year - back);
  return t;
}

/// Parses the RFC 3164 syslog time ("Oct 11 22:14:15", "Oct  1 02:03:04"), which has no year
/// and no zone: `year` supplies the year (0: the most recent that fits, time_in_recent_year) and
/// the time is taken as UTC.
inline result<timestamp_ns> parse_syslog_time(std::string_view s, int year) {
  return time_in_recent_year(year, [&](int y) { return detail::syslog_time_in(s, y); });
}

/// The fewest fraction digits (0, 3, 6 or 9) that write `ns`, a time or a duration, exactly.
inline int exact_fraction_digits(timestamp_ns ns) noexcept {
  const timestamp_ns frac = (ns % ns_per_second + ns_per_second) % ns_per_second;
  return frac == 0 ? 0 : frac % ns_per_millisecond == 0 ? 3 : frac % 1'000 == 0 ? 6 : 9;
}

/// RFC 3339 in UTC with `fraction_digits` (0..9) digits of seconds: "2026-11-29T02:38:36.123Z".
inline std::string format_rfc3339(timestamp_ns ns, int fraction_digits = 3) {
  const civil_time t = to_civil(ns);
  char buf[40];
  auto put = [&](char* p, std::int64_t v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) p[i] = char('0' + v % 10);
  };
  int y = t.year;
  if (y < 0 || y > 9999) y = y < 0 ? 0 : 9999;  // RFC 3339 has four year digits
  put(buf, y, 4);
  buf[4] = '-'; put(buf + 5, t.month, 2);
  buf[7] = '-'; put(buf + 8, t.day, 2);
  buf[10] = 'T'; put(buf + 11, t.hour, 2);
  buf[13] = ':'; put(buf + 14, t.minute, 2);
  buf[16] = ':'; put(buf + 17, t.second, 2);
  std::size_t n = 19;
  if (fraction_digits > 0) {
    if (fraction_digits > 9) fraction_digits = 9;
    buf[n++] = '.';
    std::int64_t frac = t.nanosecond;
    for (int i = fraction_digits; i < 9; ++i) frac /= 10;
    put(buf + n, frac, fraction_digits);
    n += std::size_t(fraction_digits);
  }
  buf[n++] = 'Z';
  return std::string(buf, n);
}

AIOPS_END_NAMESPACE
