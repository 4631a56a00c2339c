// aiops: fuzz target: compile the first line as a grok pattern (with the custom patterns that follow,
// up to a blank line), then match the other lines with it and with standard patterns
// SPDX-License-Identifier: MIT
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
#include <optional>     // std::optional
#include <string_view>  // std::string_view

#include <aiops/logs/grok.hpp>

#include "fuzz_support.hpp"

namespace {

using aiops::logs::grok;
using aiops::logs::grok_library;

void exercise(const grok& g, std::string_view line) {
  using aiops::fuzz::check;
  auto r = g.parse(line);
  if (!r) {
    check(r.error().column >= 1 && r.error().column <= line.size() + 1, "failure column outside the line");
    check(!r.error().message.empty(), "failure without a reason");
    return;
  }
  check(r->pattern() < g.size(), "record names a pattern the grok does not have");
  check(r->size() <= aiops::logs::max_grok_fields, "more fields than a record holds");
  for (const aiops::logs::grok_field& f : *r) {
    check(aiops::fuzz::inside(f.text, line), "field outside the line");
    check(!f.name.empty(), "field without a name");
    const auto first = r->find(f.name);
    check(first.has_value(), "field not found by its name");
    if (f.type == aiops::logs::grok_type::integer) check(r->integer(f.name).has_value(), "typed integer that does not read back");
    if (f.type == aiops::logs::grok_type::floating) check(r->number(f.name).has_value(), "typed number that does not read back");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using aiops::fuzz::check;
  const std::string_view input = aiops::fuzz::text(data, size);
  const std::size_t first_newline = input.find('\n');
  const std::string_view pattern = input.substr(0, first_newline);
  std::string_view rest = first_newline == std::string_view::npos ? std::string_view() : input.substr(first_newline + 1);

  // Custom pattern lines, when a blank line ends them.
  std::optional<grok_library> custom;
  if (const std::size_t blank = rest.find("\n\n"); blank != std::string_view::npos) {
    custom = grok_library::standard();
    auto added = custom->add_patterns(rest.substr(0, blank));
    if (!added) check(!added.error().message.empty() && added.error().column >= 1, "pattern file failure without a place");
    rest = rest.substr(blank + 2);
  }

  static const grok combined = grok::compile("%{COMBINEDAPACHELOG}").value();
  static const grok syslog = grok::compile({"%{SYSLOG5424LINE}", "%{SYSLOGLINE}", "%{HTTPD_ERRORLOG}"}).value();
  // The pattern's length picks the options, so the corpus reaches all of them.
  const aiops::logs::grok_options options{.anchor = aiops::logs::grok_anchor(pattern.size() % 3),
                                          .break_on_match = pattern.size() % 2 == 0,
                                          .keep_empty_captures = pattern.size() % 5 == 0};
  auto compiled = grok::compile({pattern, "%{WORD:w} %{NUMBER:n:float}"}, custom ? *custom : grok_library::standard(), options);
  if (!compiled) {
    check(compiled.error().column >= 1 && compiled.error().column <= pattern.size() + 1, "compile failure column outside the pattern");
    check(!compiled.error().message.empty(), "compile failure without a reason");
  }

  std::size_t start = 0;
  while (start <= rest.size()) {
    std::size_t end = rest.find('\n', start);
    if (end == std::string_view::npos) end = rest.size();
    const std::string_view line = rest.substr(start, end - start);
    if (compiled) exercise(*compiled, line);
    exercise(combined, line);
    exercise(syslog, line);
    start = end + 1;
  }
  return 0;
}
