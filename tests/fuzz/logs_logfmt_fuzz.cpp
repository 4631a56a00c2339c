// aiops: fuzz target: logfmt parser
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

#include <aiops/logs/logfmt.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using aiops::fuzz::check;
  static aiops::logs::logfmt_parser parse;
  const std::string_view line = aiops::fuzz::text(data, size);
  auto r = parse(line);
  if (!r) {
    check(r.error().column >= 1 && r.error().column <= line.size() + 1, "failure column outside the line");
    return 0;
  }
  for (const aiops::logs::kv_field& f : *r) {
    check(!f.key.empty() && aiops::fuzz::inside(f.key, line), "bad key");
    check(f.value.size() <= line.size(), "value longer than the line");
    (void)r->number(f.key);
  }
  return 0;
}
