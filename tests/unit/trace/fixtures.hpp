// aiops: small hand-made traces shared by the trace module's tests
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>  // std::uint64_t
#include <string>   // std::string
#include <vector>   // std::vector

#include <aiops/trace/span.hpp>

namespace trace_fixtures {

namespace trace = aiops::trace;

/// A span of trace 1 with id `id` (0: none for the parent), times in milliseconds.
inline trace::span make(int id, int parent, std::string service, std::uint64_t start_ms, std::uint64_t end_ms,
                        trace::span_kind kind = trace::span_kind::server, bool error = false, std::string remote = {}) {
  trace::span s;
  s.trace_id.bytes[15] = 1;
  s.id.bytes[7] = static_cast<std::uint8_t>(id);
  if (parent != 0) s.parent_id.bytes[7] = static_cast<std::uint8_t>(parent);
  s.service = std::move(service);
  s.name = "op" + std::to_string(id);
  s.kind = kind;
  s.start_ns = start_ms * 1'000'000;
  s.end_ns = end_ms * 1'000'000;
  s.error = error;
  s.remote_service = std::move(remote);
  return s;
}

}  // namespace trace_fixtures
