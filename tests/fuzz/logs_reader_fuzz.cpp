// aiops: fuzz target: the line reader over plain bytes, and the gzip decoder over the same bytes
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t
#include <memory>   // std::make_unique
#include <string>   // std::string

#include <aiops/logs/gzip.hpp>

#include "fuzz_support.hpp"

namespace {

// Reads every line with a small limit; returns the number of bytes seen in lines.
std::size_t drain(aiops::logs::line_reader& reader, std::size_t limit) {
  std::size_t bytes = 0, expected = 1;
  while (auto l = reader.next()) {
    aiops::fuzz::check(l->number == expected++, "line numbers not consecutive");
    aiops::fuzz::check(l->text.size() <= limit, "line longer than the limit");
    aiops::fuzz::check(l->text.find('\n') == std::string_view::npos, "newline inside a line");
    bytes += l->text.size();
  }
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(aiops::fuzz::text(data, size));
  const std::size_t limit = size ? 1 + data[0] % 64 : 1;
  aiops::logs::line_reader plain(std::make_unique<aiops::logs::memory_source>(input), {limit});
  aiops::fuzz::check(drain(plain, limit) <= size, "more bytes out than in");
  try {
    // Any bytes: most are not gzip, which must be an io_error, never a crash.
    aiops::logs::line_reader gz(
        std::make_unique<aiops::logs::gzip_source>(std::make_unique<aiops::logs::memory_source>(input)), {limit});
    drain(gz, limit);
  } catch (const aiops::logs::io_error&) {
  }
  return 0;
}
