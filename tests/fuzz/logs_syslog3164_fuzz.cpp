// aiops: fuzz target: RFC 3164 syslog lines (and the format detection of parse_syslog)
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

#include <aiops/logs/syslog.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using aiops::fuzz::check;
  using aiops::fuzz::inside;
  const std::string_view line = aiops::fuzz::text(data, size);
  auto r = aiops::logs::parse_syslog_3164(line, 2024);
  if (r) {
    for (std::string_view part : {r->host, r->app, r->pid, r->message}) check(inside(part, line), "field outside the line");
    check(r->priority >= -1 && r->priority <= 191, "priority out of range");
    check(r->time.has_value(), "RFC 3164 record without a time");
    check(r->sd.empty() && r->msgid.empty(), "RFC 3164 record with RFC 5424 fields");
  } else {
    check(r.error().column >= 1 && r.error().column <= line.size() + 1, "failure column outside the line");
  }
  (void)aiops::logs::parse_syslog(line, 1970);
  return 0;
}
