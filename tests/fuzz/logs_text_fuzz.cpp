// aiops: fuzz target: plain-text log parser (leading time, level word, message; klog; CRI)
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

#include <aiops/logs/text.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using aiops::fuzz::check;
  static aiops::logs::text_parser parse(2024);
  const std::string_view line = aiops::fuzz::text(data, size);
  auto r = parse(line);
  if (!r) {
    check(r.error().column >= 1 && r.error().column <= line.size() + 1, "failure column outside the line");
    return 0;
  }
  // A record has a readable time, or is a line that starts with its level or a time of day: then
  // the level is what made it a record.
  if (const auto time = r->get("time")) check(aiops::parse_rfc3339(*time).has_value(), "a time that does not read");
  else check(r->get("level").has_value(), "a record with neither a time nor a level");
  const auto msg = r->get("msg");
  check(msg && aiops::fuzz::inside(*msg, line), "message outside the line");
  if (const auto level = r->get("level")) check(!level->empty(), "empty level");
  return 0;
}
