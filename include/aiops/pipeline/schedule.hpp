// aiops: when a pipeline runs: a fixed interval or a 5-field cron expression ("*/5 * * * *"), in UTC
// SPDX-License-Identifier: MIT
#pragma once

#include <array>        // std::array
#include <bitset>       // std::bitset
#include <chrono>       // std::chrono::milliseconds
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace pipeline {

/// A cron expression as crontab(5) writes it: minute, hour, day of month, month, day of week,
/// each `*`, a number, a range `a-b`, a step `*/n` or `a-b/n` or `a/n`, or a comma list of these;
/// months and days may be names (`jan`, `mon`), Sunday is 0 or 7; the macros `@yearly`
/// (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`) and `@hourly` are accepted.
/// As in Vixie cron, when both day fields are restricted a day matching either one fires.
/// Times are UTC.
///
///     auto every5 = aiops::pipeline::cron_expression::parse("*/5 * * * *").value();
///     aiops::timestamp_ns next = *every5.next_after(now);
class cron_expression {
 public:
  /// Parses `text`; a failure names the field and its column (1-based).
  static result<cron_expression> parse(std::string_view text) {
    const std::string_view trimmed = trim(text);
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> macros{{
        {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
        {"@daily", "0 0 * * *"}, {"@midnight", "0 0 * * *"}, {"@hourly", "0 * * * *"}}};
    for (const auto& [name, expansion] : macros)
      if (iequals(trimmed, name)) return parse(expansion);
    if (!trimmed.empty() && trimmed.front() == '@') return fail(errc::syntax, "unknown cron macro '" + std::string(trimmed) + "'", 1);

    cron_expression c;
    std::size_t field = 0;
    std::size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && is_space(text[i])) ++i;
      if (i == text.size()) break;
      const std::size_t start = i;
      while (i < text.size() && !is_space(text[i])) ++i;
      if (field == 5) return fail(errc::syntax, "a cron expression has 5 fields; the 6th starts here", start + 1);
      if (auto failed = c.parse_field(field, text.substr(start, i - start), start)) return *failed;
      ++field;
    }
    if (field != 5) return fail(errc::syntax, "a cron expression has 5 fields (minute hour day-of-month month day-of-week), not " + std::to_string(field), text.size() + 1);
    c.text_ = std::string(trimmed);
    return c;
  }

  /// The text it was parsed from.
  const std::string& text() const noexcept { return text_; }

  /// Whether the minute that starts at `t` (seconds are ignored) is one to fire at.
  bool matches(timestamp_ns t) const noexcept {
    const civil_time c = to_civil(t);
    return minutes_[std::size_t(c.minute)] && hours_[std::size_t(c.hour)] && months_[std::size_t(c.month)] && day_matches(c, t);
  }

  /// The first minute strictly after `t` that fires; nothing when none does within 8 years
  /// (a date that never exists, such as `0 0 30 2 *`).
  std::optional<timestamp_ns> next_after(timestamp_ns t) const noexcept {
    timestamp_ns m = (t / ns_per_minute - (t % ns_per_minute < 0) + 1) * ns_per_minute;  // next whole minute
    const timestamp_ns limit = m + 8 * 366 * ns_per_day;
    while (m < limit) {
      civil_time c = to_civil(m);
      if (!months_[std::size_t(c.month)]) {  // to the first day of the next month
        c = civil_time{c.month == 12 ? c.year + 1 : c.year, c.month == 12 ? 1 : c.month + 1, 1};
        m = to_timestamp(c);
      } else if (!day_matches(c, m)) {
        m = (m / ns_per_day + 1) * ns_per_day;
      } else if (!hours_[std::size_t(c.hour)]) {
        m = (m / ns_per_hour + 1) * ns_per_hour;
      } else if (!minutes_[std::size_t(c.minute)]) {
        m += ns_per_minute;
      } else {
        return m;
      }
    }
    return std::nullopt;
  }

 private:
  struct field_spec {
    const char* name;
    int low;
    int high;
  };
  static constexpr std::array<field_spec, 5> specs_{{{"minute", 0, 59}, {"hour", 0, 23}, {"day of month", 1, 31},
                                                      {"month", 1, 12}, {"day of week", 0, 7}}};

  bool day_matches(const civil_time& c, timestamp_ns t) const noexcept {
    const bool dom = days_[std::size_t(c.day)];
    const bool dow = weekdays_[std::size_t(day_of_week(t))];
    if (dom_star_ || dow_star_) return dom && dow;
    return dom || dow;
  }

  static std::optional<int> name_value(std::size_t field, std::string_view word) {
    static constexpr std::array<std::string_view, 12> months{"jan", "feb", "mar", "apr", "may", "jun",
                                                            "jul", "aug", "sep", "oct", "nov", "dec"};
    static constexpr std::array<std::string_view, 7> days{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    if (field == 3)
      for (std::size_t k = 0; k < months.size(); ++k)
        if (iequals(word, months[k])) return int(k + 1);
    if (field == 4)
      for (std::size_t k = 0; k < days.size(); ++k)
        if (iequals(word, days[k])) return int(k);
    return std::nullopt;
  }

  // A number or (month, weekday) name in the field's range.
  static result<int> value(std::size_t field, std::string_view word, std::size_t column) {
    const field_spec& spec = specs_[field];
    std::optional<int> v;
    if (!word.empty() && is_digit(word.front())) {
      if (const auto n = parse_int(word); n && *n <= 1000) v = int(*n);
    } else {
      v = name_value(field, word);
    }
    if (!v) return fail(errc::syntax, std::string(spec.name) + ": '" + std::string(word) + "' is not a number or name", column);
    if (*v < spec.low || *v > spec.high)
      return fail(errc::bad_number, std::string(spec.name) + ": " + std::to_string(*v) + " is outside " +
                                          std::to_string(spec.low) + "-" + std::to_string(spec.high), column);
    return *v;
  }

  std::optional<failure> parse_field(std::size_t field, std::string_view text, std::size_t offset) {
    const field_spec& spec = specs_[field];
    std::bitset<60> bits;
    std::size_t item_start = 0;
    for (std::string_view item : split(text, ',')) {
      const std::size_t column = offset + item_start + 1;
      item_start += item.size() + 1;
      if (item.empty()) return fail(errc::syntax, std::string(spec.name) + ": empty list item", column);
      int step = 1;
      bool stepped = false;
      if (const std::size_t slash = item.find('/'); slash != std::string_view::npos) {
        const auto s = parse_int(item.substr(slash + 1));
        if (!s || *s < 1 || *s > spec.high) return fail(errc::syntax, std::string(spec.name) + ": bad step '" + std::string(item.substr(slash + 1)) + "'", column + slash + 1);
        step = int(*s);
        stepped = true;
        item = item.substr(0, slash);
        if (slash == 0) return fail(errc::syntax, std::string(spec.name) + ": a step needs '*' or a range before '/'", column);
      }
      int low = spec.low, high = spec.high;
      if (item == "*") {
        if (field == 4) high = 6;  // 7 is Sunday again
      } else {
        const std::size_t dash = item.find('-');
        const auto a = value(field, item.substr(0, dash), column);
        if (!a) return a.error();
        low = high = *a;
        if (dash != std::string_view::npos) {
          const auto b = value(field, item.substr(dash + 1), column + dash + 1);
          if (!b) return b.error();
          high = *b;
          if (high < low) return fail(errc::syntax, std::string(spec.name) + ": range " + std::string(item) + " goes backwards", column);
        } else if (stepped) {
          high = spec.high;  // "a/n": from a to the end, every n
        }
      }
      for (int v = low; v <= high; v += step) bits.set(std::size_t(field == 4 && v == 7 ? 0 : v));
    }
    const bool star = text.front() == '*';
    switch (field) {
      case 0: minutes_ = bits; break;
      case 1: hours_ = bits; break;
      case 2: days_ = bits, dom_star_ = star; break;
      case 3: months_ = bits; break;
      default: weekdays_ = bits, dow_star_ = star; break;
    }
    return std::nullopt;
  }

  std::bitset<60> minutes_, hours_, days_, months_, weekdays_;
  bool dom_star_ = true;
  bool dow_star_ = true;
  std::string text_;
};

/// When a pipeline runs its sources and stages: continuously (every `interval`), or at the minutes
/// a cron expression names.
struct schedule {
  std::chrono::milliseconds interval{1000};  ///< used when `cron` is empty
  std::optional<cron_expression> cron;

  /// The next run strictly after `t`.
  timestamp_ns next_after(timestamp_ns t) const {
    if (cron) {
      if (const auto n = cron->next_after(t)) return *n;
      return t + 366 * ns_per_day;  // a date that never comes: look again in a year
    }
    return t + std::chrono::duration_cast<std::chrono::nanoseconds>(interval).count();
  }
};

}  // namespace pipeline
AIOPS_END_NAMESPACE
