// aiops: internals: cells as text, shared by the CSV writer and the printer
// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>  // std::to_chars
#include <cmath>     // std::isfinite
#include <cstddef>   // std::size_t
#include <string>    // std::string

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"
#include "aiops/frame/column.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame::detail {

/// The shortest text that reads back as the same double ("0.1", "1e+300"); `precision` > 0 gives
/// that many significant digits instead.
inline std::string format_double(double v, int precision = 0) {
  char buf[64];
  const auto r = precision > 0 ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, precision)
                               : std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

/// RFC 3339 with as few fraction digits (0, 3, 6 or 9) as the value needs.
inline std::string format_time(timestamp_ns ns) { return format_rfc3339(ns, exact_fraction_digits(ns)); }

/// Row `i` of `c` as text; `null_text` for a null.
inline std::string format_cell(const column& c, std::size_t i, const std::string& null_text, int precision = 0) {
  if (c.is_null(i)) return null_text;
  switch (c.type()) {
    case dtype::int64: return std::to_string(c.int64s()[i]);
    case dtype::float64: return format_double(c.doubles()[i], precision);
    case dtype::string: return c.strings()[i];
    case dtype::timestamp: return format_time(c.int64s()[i]);
    case dtype::boolean: return c.bools()[i] ? "true" : "false";
  }
  return null_text;
}

}  // namespace frame::detail
AIOPS_END_NAMESPACE
