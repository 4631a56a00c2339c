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
  const auto time = r->get("time");
  check(time && aiops::parse_rfc3339(*time).has_value(), "a parsed line without a readable time");
  const auto msg = r->get("msg");
  check(msg && aiops::fuzz::inside(*msg, line), "message outside the line");
  if (const auto level = r->get("level")) check(!level->empty(), "empty level");
  return 0;
}
