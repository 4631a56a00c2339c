// aiops: datasets/logs: LogHub-style labelled logs of six systems, generated from template tables
// SPDX-License-Identifier: MIT
//
// Each system (loghub_<system>.cpp) is a table of event types (level, component, a message with
// {name} parameters, a weight or an exact count) and a function that draws the value of each
// parameter. The engine here samples the lines, renders them through the system's log-format
// string and writes the raw log, the ground truth `<file>_structured.csv` and
// `<file>_templates.csv` in the layout of the LogHub benchmark (Zhu et al., ICSE-SEIP 2019).
#pragma once

#include <cstddef>      // std::size_t
#include <filesystem>   // std::filesystem::path
#include <functional>   // std::function
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "output.hpp"
#include "random.hpp"

namespace datagen::loghub {

/// One row of a system's template table.
struct event_type {
  std::string_view id;         ///< "E7": the EventId of the ground truth (rows may share one: same template)
  std::string_view level;      ///< the Level header field ("" when the system has none)
  std::string_view component;  ///< the Component header field
  /// The message: `{name}` is a parameter (its value comes from the system's draw function and
  /// its ground truth is `<*>`); `{=text}` is a parameter whose value is always `text` (a number
  /// such as a port is a parameter even when this system always logs the same one); `{{` and
  /// `}}` are literal braces.
  std::string_view text;
  double weight = 0;  ///< relative frequency among the lines not taken by exact counts
  int exact = 0;      ///< when > 0: exactly this many lines, at random places (the rare events)
};

/// A header column of the raw log, in format order; `width` > 0 right-aligns the value in the
/// raw line (Android's logcat pads PIDs) while the CSV keeps it unpadded, as a parser returns it.
struct column {
  std::string_view name;
  int width = 0;
};

struct system_spec {
  std::string_view dir;     ///< datasets/logs/<dir>/
  std::string_view file;    ///< the raw log's name, e.g. "HDFS.log"
  std::string_view format;  ///< the log-format string: `<Field>` placeholders, `<Content>` last
  std::vector<column> columns;
};

/// One generated line: its header values (in `columns` order), the message, its event (index).
struct record {
  std::vector<std::string> header;
  std::string content;
  std::size_t event = 0;
};

/// Draws the value of parameter `name` of event `e` (called left to right through the message).
using param_fn = std::function<std::string(std::string_view name, const event_type& e)>;
/// Fills the header values of line `index` (0-based) of event `e`.
using header_fn = std::function<std::vector<std::string>(std::size_t index, const event_type& e)>;

/// The message of `text` with each `{name}` replaced by `param(name)`.
std::string expand(std::string_view text, const std::function<std::string(std::string_view)>& param);

/// The ground-truth template of `text`: `{name}` becomes `<*>`.
std::string truth_template(std::string_view text);

/// The index of the event with EventId `id` in `events`; throws std::logic_error when there is none.
std::size_t event_index(const std::vector<event_type>& events, std::string_view id);

/// A line of event `e` with its message drawn from `param` (the header is left to the caller).
record make_record(const std::vector<event_type>& events, std::size_t e,
                   const std::function<std::string(std::string_view)>& param);

/// `n` lines: exact-count events at uniformly drawn places, the others drawn by weight.
std::vector<record> sample(rng& r, const std::vector<event_type>& events, std::size_t n, const param_fn& param,
                           const header_fn& header);

/// Writes dir/file, dir/file_structured.csv and dir/file_templates.csv under out/logs/.
void write_system(const std::filesystem::path& out, const system_spec& spec, const std::vector<event_type>& events,
                  const std::vector<record>& records);

// Values several systems use.

/// "10.251.43.21": an address in a data-centre /16.
std::string datacenter_ipv4(rng& r, int second_octet);
/// Picks a value from a list with Zipf-like popularity (s = 1.1), so a few values dominate.
std::string_view popular(rng& r, const std::vector<std::string_view>& values);
/// "Sun Jul 24 02:38:22 2005": a time as ctime(3) writes it.
std::string ctime_string(timestamp_ns t);
/// "Sun": the weekday of a time.
std::string_view weekday(timestamp_ns t);
/// "Jun": the month of a time.
std::string_view month(timestamp_ns t);
/// Zero-padded decimal of `n` in `digits` digits.
std::string padded(std::int64_t n, int digits);
/// A random RFC 4122 version 4 UUID in lower case.
std::string uuid4(rng& r);

void generate_hdfs(const std::filesystem::path& out);     // loghub_hdfs.cpp
void generate_openssh(const std::filesystem::path& out);  // loghub_openssh.cpp
void generate_linux(const std::filesystem::path& out);    // loghub_linux.cpp
void generate_hadoop(const std::filesystem::path& out);   // loghub_hadoop.cpp
void generate_android(const std::filesystem::path& out);  // loghub_android.cpp
void generate_apache(const std::filesystem::path& out);   // loghub_apache.cpp

}  // namespace datagen::loghub
