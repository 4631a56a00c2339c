// aiops: fuzz target: RFC 5424 syslog lines and their structured data
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

#include <aiops/logs/syslog.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using aiops::fuzz::check;
  using aiops::fuzz::inside;
  const std::string_view line = aiops::fuzz::text(data, size);
  auto r = aiops::logs::parse_syslog_5424(line);
  if (!r) {
    check(r.error().column >= 1 && r.error().column <= line.size() + 1, "failure column outside the line");
    return 0;
  }
  for (std::string_view part : {r->host, r->app, r->pid, r->msgid, r->message, r->sd.raw()})
    check(inside(part, line), "field outside the line");
  check(r->priority >= 0 && r->priority <= 191 && r->version >= 1, "PRI or VERSION out of range");
  std::size_t elements = 0;
  r->sd.for_each_element([&](std::string_view id) {
    check(!id.empty() && id.size() <= 32 && inside(id, line), "bad SD-ID");
    ++elements;
  });
  check(r->sd.empty() == (elements == 0), "structured data without elements");
  r->sd.for_each_param([&](const aiops::logs::sd_param& p) {
    check(inside(p.raw_value, line) && !p.name.empty(), "bad SD-PARAM");
    check(aiops::logs::unescape_sd_value(p.raw_value).size() <= p.raw_value.size(), "unescaping grew the value");
    check(r->sd.find(p.id, p.name).has_value(), "parameter not found by find()");
  });
  return 0;
}
