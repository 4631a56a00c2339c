// aiops: when the HTTP client tries again: retry policy, backoff, Retry-After and HTTP dates
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::find, std::min
#include <chrono>       // durations, steady_clock, system_clock
#include <cstdint>      // std::int64_t
#include <functional>   // std::function
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <thread>       // std::this_thread::sleep_for
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace http {

/// How often and how long the client waits before trying a request again.
///
/// Attempt n+1 waits a random time in [0, min(cap, base * 2^(n-1))] ("full jitter", so that many
/// clients that failed together do not retry together), or what the server's Retry-After says,
/// cut to `max_retry_after`. No wait ever runs past the call's deadline.
///
///     aiops::http::retry_policy p;
///     p.max_attempts = 5;
///     p.base = std::chrono::milliseconds(100);
struct retry_policy {
  int max_attempts = 3;                                ///< attempts in total, the first one included; 1 = never retry
  std::chrono::milliseconds base{200};                 ///< ceiling of the first backoff
  std::chrono::milliseconds cap{5'000};                ///< ceiling of every backoff
  std::chrono::milliseconds max_retry_after{30'000};   ///< a longer Retry-After is cut to this
  /// Methods retried after a response or a broken exchange: the server may already have acted on
  /// the request, so only methods whose repetition does no harm (RFC 9110 section 9.2.2).
  std::vector<std::string> idempotent_methods{"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"};

  /// A policy that tries once.
  static retry_policy none() {
    retry_policy p;
    p.max_attempts = 1;
    return p;
  }

  bool is_idempotent(std::string_view method) const {
    return std::find(idempotent_methods.begin(), idempotent_methods.end(), method) != idempotent_methods.end();
  }

  /// 429 and the 5xx statuses that can be transient (not 501 Not Implemented, 505 Version Not Supported).
  static constexpr bool is_retryable_status(int status) noexcept {
    return status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
  }

  /// The upper bound of the random wait before retry number `retry` (1 = the second attempt).
  std::chrono::milliseconds backoff_ceiling(int retry) const {
    auto ceiling = base;
    for (int i = 1; i < retry && ceiling < cap; ++i) ceiling *= 2;
    return std::min(ceiling, cap);
  }
};

/// Where the client reads the time and how it waits. Tests replace `sleep` (and the clocks) to
/// check backoff without waiting; the defaults are the real clocks.
struct clock {
  /// Deadlines and timeouts are measured on this clock.
  std::function<std::chrono::steady_clock::time_point()> now = [] { return std::chrono::steady_clock::now(); };
  /// The wall clock that a Retry-After given as an HTTP date is compared with.
  std::function<std::chrono::system_clock::time_point()> wall = [] { return std::chrono::system_clock::now(); };
  std::function<void(std::chrono::milliseconds)> sleep = [](std::chrono::milliseconds d) {
    std::this_thread::sleep_for(d);
  };
};

/// Parses an HTTP date (RFC 9110 section 5.6.7) in any of its three forms:
/// `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT` (years 70-99 are 19xx,
/// 00-69 are 20xx) and `Sun Nov  6 08:49:37 1994`. The day name is not checked against the date.
/// Fails with `errc::bad_timestamp` and the 1-based column of the first unexpected character.
inline result<timestamp_ns> parse_http_date(std::string_view text) {
  aiops::detail::cursor c{trim(text)};
  while (!c.done() && ((c.peek() | 0x20) >= 'a' && (c.peek() | 0x20) <= 'z')) ++c.pos;
  if (c.pos < 3) return c.fail_here("expected a day name such as Sun");

  civil_time t;
  const auto month = [&c] {
    const int m = c.pos + 3 <= c.s.size() ? aiops::detail::month_from_abbrev(c.s.substr(c.pos, 3)) : 0;
    if (m != 0) c.pos += 3;
    return m;
  };
  const auto clock_time = [&c, &t] {
    t.hour = c.digits(2);
    if (t.hour < 0 || !c.eat(':')) return false;
    t.minute = c.digits(2);
    if (t.minute < 0 || !c.eat(':')) return false;
    t.second = c.digits(2);
    return t.second >= 0;
  };

  if (c.eat(',')) {
    if (!c.eat(' ') || (t.day = c.digits(2)) < 0) return c.fail_here("expected ', ' and a 2-digit day");
    const bool rfc850 = c.eat('-');
    if (!rfc850 && !c.eat(' ')) return c.fail_here("expected ' ' or '-' after the day");
    if ((t.month = month()) == 0) return c.fail_here("expected a month such as Nov");
    if (!c.eat(rfc850 ? '-' : ' ')) return c.fail_here("expected a separator after the month");
    if (rfc850) {
      const int yy = c.digits(2);
      if (yy < 0) return c.fail_here("expected a 2-digit year");
      t.year = yy < 70 ? 2000 + yy : 1900 + yy;
    } else if ((t.year = c.digits(4)) < 0) {
      return c.fail_here("expected a 4-digit year");
    }
    if (!c.eat(' ') || !clock_time()) return c.fail_here("expected a time hh:mm:ss");
    if (c.s.substr(c.pos) != " GMT") return c.fail_here("expected ' GMT' at the end");
  } else {
    if (!c.eat(' ') || (t.month = month()) == 0) return c.fail_here("expected ' ' and a month such as Nov");
    if (!c.eat(' ')) return c.fail_here("expected ' ' after the month");
    t.day = c.eat(' ') ? c.digits(1) : c.digits(2);
    if (t.day < 0) return c.fail_here("expected a day of the month");
    if (!c.eat(' ') || !clock_time()) return c.fail_here("expected a time hh:mm:ss");
    if (!c.eat(' ') || (t.year = c.digits(4)) < 0) return c.fail_here("expected a 4-digit year");
    if (!c.done()) return c.fail_here("unexpected text after the year");
  }
  if (!aiops::detail::valid_civil(t)) return fail(errc::bad_timestamp, "no such date or time", 1);
  // Epoch nanoseconds in an int64 reach from 1677 to 2262.
  if (t.year < 1678 || t.year > 2261) return fail(errc::bad_timestamp, "year out of range", 1);
  return to_timestamp(t);
}

/// How long a Retry-After header value asks to wait: delay-seconds (`120`) or an HTTP date,
/// compared with `now` (a date in the past means no wait). Nothing when the value is neither.
inline std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                                  std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (!value.empty() && value.find_first_not_of("0123456789") == std::string_view::npos) {
    constexpr std::int64_t max_seconds = 1'000'000'000;  // beyond any cap; keeps milliseconds in range
    return std::chrono::seconds(std::min(parse_int(value).value_or(max_seconds), max_seconds));
  }
  const auto date = parse_http_date(value);
  if (!date) return std::nullopt;
  // In milliseconds: a difference of two far-apart times in nanoseconds can overflow.
  const auto wait = std::chrono::milliseconds(*date / ns_per_millisecond) -
                    std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  return std::max(wait, std::chrono::milliseconds(0));
}

}  // namespace http
AIOPS_END_NAMESPACE
