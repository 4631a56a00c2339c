// aiops: fuzz target: LogHub log-format strings and the lines they split, and template parameters
// SPDX-License-Identifier: MIT
//
// Input: a format string, a newline, then log lines. The format may be anything; when it parses,
// every line is matched against it and, as a template, against the other lines.
#include <algorithm>    // std::min
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <aiops/nlp/log_format.hpp>
#include <aiops/nlp/loghub.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using aiops::fuzz::check;
  std::string_view input = aiops::fuzz::text(data, size);
  const std::size_t newline = input.find('\n');
  const std::string_view spec = input.substr(0, newline);
  const std::string_view rest = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  const auto format = aiops::nlp::log_format::parse(spec);
  if (!format) {
    check(format.error().column >= 1 && format.error().column <= spec.size() + 1, "failure column outside the format");
    return 0;
  }
  check(format->content_index() < format->fields().size(), "no Content field");
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (start <= rest.size()) {
    const std::size_t end = std::min(rest.find('\n', start), rest.size());
    const std::string_view line = rest.substr(start, end - start);
    if (format->match(line, fields)) {
      check(fields.size() == format->fields().size(), "one value per field");
      for (std::string_view f : fields) check(aiops::fuzz::inside(f, line), "a field outside the line");
    }
    // The line as a template, the format as a message: any pair of texts must be safe.
    const auto params = aiops::nlp::template_parameters(line, spec);
    for (std::string_view p : params) check(aiops::fuzz::inside(p, spec) || p.empty(), "a parameter outside the message");
    (void)aiops::nlp::parameter_list(params);
    start = end + 1;
  }
  return 0;
}
