// aiops: fuzz target: masks, Drain, the refined parser and Drain's JSON state on arbitrary bytes
// SPDX-License-Identifier: MIT
//
// Each input line is masked and mined by both parsers; the Drain state is saved, reloaded, and
// must then behave as the original on the same lines. The input is also read as a saved state.
#include <algorithm>    // std::min
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
#include <string>       // std::string
#include <string_view>  // std::string_view

#include <aiops/nlp/drain_json.hpp>
#include <aiops/nlp/mask.hpp>
#include <aiops/nlp/refine.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using aiops::fuzz::check;
  const std::string_view input = aiops::fuzz::text(data, size);
  static const aiops::nlp::masker mask = aiops::nlp::masker::standard();
  aiops::nlp::drain_options o;
  o.max_children = 3;  // reach the <*> children with few lines
  o.extra_delimiters = "=,";
  aiops::nlp::drain drain(o);
  aiops::nlp::refine_options ro;
  ro.drain.freeze_after = 2;
  aiops::nlp::refined_drain refined(ro);
  std::string masked;
  std::size_t start = 0, lines = 0;
  while (start <= input.size()) {
    const std::size_t end = std::min(input.find('\n', start), input.size());
    mask.apply(input.substr(start, end - start), masked);
    const auto r = drain.add(masked);
    check(r.cluster_id >= 1 && r.cluster_id <= drain.clusters().size(), "cluster id out of range");
    refined.add(masked);
    ++lines;
    start = end + 1;
  }
  std::size_t grouped = 0;
  for (const auto& g : refined.groups()) grouped += g.size;
  check(grouped == lines, "the refined groups do not hold every line once");

  auto loaded = aiops::nlp::load_drain(aiops::nlp::save_drain(drain));
  check(loaded.has_value(), "a saved state does not load");
  check(aiops::nlp::save_drain(*loaded) == aiops::nlp::save_drain(drain), "the reloaded state differs");
  start = 0;
  while (start <= input.size()) {
    const std::size_t end = std::min(input.find('\n', start), input.size());
    mask.apply(input.substr(start, end - start), masked);
    check(drain.add(masked).cluster_id == loaded->add(masked).cluster_id, "the reloaded miner behaves differently");
    start = end + 1;
  }
  if (auto other = aiops::nlp::load_drain(input)) {  // arbitrary text read as a state: safe to use
    const std::size_t n = other->clusters().size();
    for (std::size_t id = 1; id <= n; ++id) other->add(other->cluster(id).template_text());
    (void)aiops::nlp::save_drain(*other);
  }
  return 0;
}
