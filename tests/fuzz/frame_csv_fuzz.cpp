// aiops: fuzz target: RFC 4180 CSV reader (and a write/read round trip of what it accepts)
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

#include <aiops/frame/csv.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using aiops::fuzz::check;
  const std::string_view text = aiops::fuzz::text(data, size);
  const auto parsed = aiops::frame::parse_csv(text);
  check(parsed.examples.size() <= parsed.bad_rows, "more examples than bad rows");
  for (const auto& bad : parsed.examples) check(bad.line >= 1 && !bad.reason.empty(), "bad row without a line or reason");
  // What was read writes back out and reads again with the same shape.
  const auto again = aiops::frame::parse_csv(aiops::frame::to_csv(parsed.data));
  check(again.data.rows() == parsed.data.rows() || parsed.data.cols() == 0, "round trip changed the row count");
  return 0;
}
