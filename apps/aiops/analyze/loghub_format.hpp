// aiops: `aiops analyze` internals: lines read with a LogHub log-format string, as records for kv_stats
// SPDX-License-Identifier: MIT
#pragma once

#include <array>        // std::array
#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <aiops/core.hpp>
#include <aiops/logs/fields.hpp>
#include <aiops/nlp/log_format.hpp>

namespace aiops::app::analyze {

/// Reads a line with a LogHub log-format string ("<Date> <Time> <Level> <Component>: <Content>",
/// what aiops logparse takes) into a kv_record that kv_stats reads: each field under its name in
/// lower case, <Content> as "msg", and as "time" the first of "Date Time", Time and Timestamp that
/// reads as one. For a format of its own that no detection reads (BGL, HealthApp, Proxifier...).
class loghub_format_parser {
 public:
  explicit loghub_format_parser(nlp::log_format format) : format_(std::move(format)) {
    for (const std::string& name : format_.fields()) names_.push_back(name == "Content" ? "msg" : to_lower(name));
  }

  result<logs::kv_record> operator()(std::string_view line) {
    if (!format_.match(line, values_)) return fail(errc::syntax, "the line does not match the log format", 1);
    std::size_t n = 0;
    std::string_view date, clock, stamp;
    for (std::size_t i = 0; i < values_.size() && n + 1 < fields_.size(); ++i) {
      if (names_[i] == "date") date = values_[i];
      if (names_[i] == "timestamp") stamp = values_[i];
      if (names_[i] == "time") clock = values_[i];
      else fields_[n++] = {names_[i], values_[i]};
    }
    // The first of "Date Time", Time, Timestamp (BGL's epoch seconds) that reads as a time.
    time_.clear();
    for (std::string candidate : {date.empty() || clock.empty() ? std::string() : std::string(date) + " " + std::string(clock),
                                  std::string(clock), std::string(stamp)})
      if (!candidate.empty() && parse_any_time(candidate)) {
        time_ = std::move(candidate);
        break;
      }
    if (!time_.empty()) fields_[n++] = {"time", time_};
    return logs::kv_record(line, std::span<const logs::kv_field>(fields_.data(), n));
  }

 private:
  nlp::log_format format_;
  std::vector<std::string> names_;  // per field
  std::vector<std::string_view> values_;
  std::array<logs::kv_field, nlp::log_format::max_fields + 1> fields_{};
  std::string time_;  // "date time", which the line may not hold together
};

}  // namespace aiops::app::analyze
