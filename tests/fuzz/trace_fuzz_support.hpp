// aiops: what the trace fuzz targets check on any input: failures inside the input, a re-encoding fixed point, sound analysis
// SPDX-License-Identifier: MIT
#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view

#include <aiops/trace.hpp>

#include "fuzz_support.hpp"

namespace aiops::fuzz {

/// Decodes `input` as `f`; on success writes it back, decodes that, and checks the second writing
/// equals the first (the first may normalise: a zero duration becomes 1 us), then runs the analyses.
inline void exercise_trace_format(std::string_view input, trace::format f) {
  auto spans = trace::parse_spans(input, f);
  if (!spans) {
    check(spans.error().column <= input.size() + 1, "failure offset outside the input");
    return;
  }
  const std::string once = trace::write_spans(*spans, f);
  const auto again = trace::parse_spans(once, f);
  check(static_cast<bool>(again), "our own encoding does not decode");
  check(trace::write_spans(*again, f) == once, "encoding is not a fixed point");
  const auto traces = trace::build_traces(std::move(*spans));
  for (const auto& t : traces) {
    std::uint64_t total = 0;
    for (const auto& seg : trace::critical_path(t)) {
      check(seg.end_ns > seg.start_ns, "empty critical path segment");
      total += seg.end_ns - seg.start_ns;
    }
    check(total == t.duration_ns(), "the critical path does not tile the root span");
  }
  auto topo = trace::build_topology(traces);
  (void)trace::to_svg(topo);
  (void)trace::to_dot(topo);
  (void)trace::rank_root_causes(traces, traces);
}

}  // namespace aiops::fuzz
