// aiops: fuzz target: JSON-lines parser, with the default limits and with tight ones
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

#include <aiops/logs/json.hpp>

#include "fuzz_support.hpp"

namespace {

void exercise(aiops::logs::json_parser& parse, std::string_view line) {
  using aiops::fuzz::check;
  auto r = parse(line);
  if (!r) {
    check(r.error().column >= 1 && r.error().column <= line.size() + 1, "failure column outside the line");
    return;
  }
  for (const aiops::logs::kv_field& f : *r) {
    check(r->find(f.key) != nullptr, "field not found by its key");
    (void)r->number(f.key);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static aiops::logs::json_parser defaults;
  static aiops::logs::json_parser tight(aiops::logs::json_options{4, 64});
  const std::string_view line = aiops::fuzz::text(data, size);
  exercise(defaults, line);
  exercise(tight, line);
  return 0;
}
