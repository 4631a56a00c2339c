// aiops: fuzz target: the exposition parser (text 0.0.4 and OpenMetrics) and the writer's round trip
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

#include <aiops/prom/parser.hpp>
#include <aiops/prom/writer.hpp>

#include "fuzz_support.hpp"

namespace {
std::size_t count_samples(const aiops::prom::parse_result& r) {
  std::size_t n = 0;
  for (const auto& f : r.families) n += f.samples.size();
  return n;
}
}  // namespace

// The first byte picks the format; the rest is the page.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace prom = aiops::prom;
  using aiops::fuzz::check;
  if (size == 0) return 0;
  const auto f = (data[0] & 1) ? prom::format::openmetrics : prom::format::text;
  const std::string_view page = aiops::fuzz::text(data + 1, size - 1);
  const auto r = prom::parse(page, f);
  check(r.errors.size() <= r.error_count, "more errors kept than counted");
  for (const auto& e : r.errors) check(e.line >= 1 && e.line <= r.lines + 1 && e.column >= 1, "error outside the page");

  // Fed in two pieces, the parser sees the same page.
  const std::size_t cut = page.size() / 2;
  struct counter {
    std::size_t samples = 0, errors = 0;
    void on_family(const prom::family_view&) {}
    void on_sample(const prom::family_view&, const prom::sample_view&) { ++samples; }
    void on_error(const prom::parse_issue&) { ++errors; }
  } c;
  prom::parser p(f);
  p.feed(page.substr(0, cut), c);
  p.feed(page.substr(cut), c);
  p.finish(c);
  check(c.errors == r.error_count && c.samples == count_samples(r), "chunked parse differs");

  // What parses cleanly is written back in the same format and parses cleanly again.
  if (r.ok()) {
    const auto again = prom::parse(prom::write(r.families, f), f);
    check(again.ok(), "the writer's output does not parse");
    if (f == prom::format::text) check(count_samples(again) == count_samples(r), "samples lost in a text round trip");
  }
  return 0;
}
