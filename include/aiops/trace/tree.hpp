// aiops: span trees: spans grouped into traces, parent links resolved, self time and the critical path
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>      // std::sort, std::stable_sort, std::reverse, std::find, std::min, std::max
#include <cstddef>        // std::size_t
#include <cstdint>        // std::uint64_t
#include <stdexcept>      // std::invalid_argument
#include <unordered_map>  // std::unordered_map (span id -> index, trace id -> spans)
#include <utility>        // std::move
#include <vector>         // std::vector

#include "aiops/config.hpp"
#include "aiops/trace/span.hpp"

AIOPS_BEGIN_NAMESPACE
namespace trace {

namespace detail {

/// Hash of 8 or 16 id bytes (ids are random, so a few bytes are already well spread).
struct id_hash {
  template <std::size_t N>
  std::size_t operator()(const otel::id_bytes<N>& id) const noexcept {
    std::uint64_t h = 0;
    for (std::size_t i = 0; i < N; ++i) h = h * 1099511628211ull ^ id.bytes[i];
    return static_cast<std::size_t>(h);
  }
};

}  // namespace detail

/// "No such span" in index vectors.
inline constexpr std::size_t no_span = static_cast<std::size_t>(-1);

/// The spans of one trace and their parent/child links, spans in start order.
///
/// A span whose parent is missing (not collected yet, dropped) becomes one more root; parent
/// links that form a cycle (hostile or broken input) are cut, so every span is reachable from a root.
struct trace_tree {
  otel::trace_id id;
  std::vector<span> spans;                         ///< sorted by start time, then by span id
  std::vector<std::size_t> parent;                 ///< index of each span's parent, or no_span
  std::vector<std::vector<std::size_t>> children;  ///< children of each span, in start order
  std::vector<std::size_t> roots;                  ///< spans without a parent here, in start order

  /// The trace's first root (the earliest span without a parent); no_span for an empty tree.
  std::size_t root() const noexcept { return roots.empty() ? no_span : roots.front(); }
  /// The root's duration, the latency the caller saw.
  std::uint64_t duration_ns() const noexcept { return roots.empty() ? 0 : spans[roots.front()].duration_ns(); }
};

/// Links the spans of one trace (all with the same trace id) into a tree.
inline trace_tree build_tree(std::vector<span> spans) {
  trace_tree t;
  std::stable_sort(spans.begin(), spans.end(), [](const span& a, const span& b) {
    return a.start_ns != b.start_ns ? a.start_ns < b.start_ns : a.id < b.id;
  });
  if (!spans.empty()) t.id = spans.front().trace_id;
  t.spans = std::move(spans);
  const std::size_t n = t.spans.size();
  std::unordered_map<otel::span_id, std::size_t, detail::id_hash> index;
  index.reserve(n);
  for (std::size_t i = 0; i < n; ++i) index.emplace(t.spans[i].id, i);  // a duplicated id: the first one wins
  t.parent.assign(n, no_span);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = t.spans[i].parent_id;
    if (p.empty()) continue;
    const auto it = index.find(p);
    if (it != index.end() && it->second != i) t.parent[i] = it->second;
  }
  // Walk down from the roots; spans left unvisited sit on a parent cycle: cut it at the earliest.
  t.children.assign(n, {});
  for (std::size_t i = 0; i < n; ++i)
    if (t.parent[i] != no_span) t.children[t.parent[i]].push_back(i);
  std::vector<char> seen(n, 0);
  std::vector<std::size_t> stack;
  const auto visit = [&](std::size_t from) {
    stack.push_back(from);
    while (!stack.empty()) {
      const std::size_t i = stack.back();
      stack.pop_back();
      seen[i] = 1;
      for (std::size_t c : t.children[i])
        if (!seen[c]) stack.push_back(c);
    }
  };
  for (std::size_t i = 0; i < n; ++i)
    if (t.parent[i] == no_span) {
      t.roots.push_back(i);
      visit(i);
    }
  for (std::size_t i = 0; i < n; ++i)
    if (!seen[i]) {
      auto& siblings = t.children[t.parent[i]];
      siblings.erase(std::find(siblings.begin(), siblings.end(), i));
      t.parent[i] = no_span;
      t.roots.push_back(i);
      visit(i);
    }
  std::sort(t.roots.begin(), t.roots.end());
  return t;
}

/// Groups spans by trace id and builds each tree; traces in order of their first span's start.
inline std::vector<trace_tree> build_traces(std::vector<span> spans) {
  std::unordered_map<otel::trace_id, std::size_t, detail::id_hash> which;
  std::vector<std::vector<span>> groups;
  for (auto& s : spans) {
    const auto [it, added] = which.emplace(s.trace_id, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(std::move(s));
  }
  std::vector<trace_tree> out;
  out.reserve(groups.size());
  for (auto& g : groups) out.push_back(build_tree(std::move(g)));
  std::stable_sort(out.begin(), out.end(), [](const trace_tree& a, const trace_tree& b) {
    return a.spans.front().start_ns < b.spans.front().start_ns;
  });
  return out;
}

/// How a span's time splits between itself and the children it waited for.
struct span_time {
  std::uint64_t self_ns = 0;   ///< duration not covered by any child
  std::uint64_t child_ns = 0;  ///< the union of the children's intervals, clipped to the span
};

/// Self and child time of every span (children running in parallel count once).
inline std::vector<span_time> self_times(const trace_tree& t) {
  std::vector<span_time> out(t.spans.size());
  for (std::size_t i = 0; i < t.spans.size(); ++i) {
    const span& s = t.spans[i];
    std::uint64_t covered = 0;
    std::uint64_t reach = s.start_ns;  // children are in start order: merge intervals in one pass
    for (std::size_t c : t.children[i]) {
      const std::uint64_t lo = std::max(t.spans[c].start_ns, reach);
      const std::uint64_t hi = std::min(t.spans[c].end_ns, s.end_ns);
      if (hi > lo) {
        covered += hi - lo;
        reach = hi;
      }
    }
    out[i] = {s.duration_ns() - covered, covered};
  }
  return out;
}

/// A stretch of the critical path: span `span` was the one doing the work from start to end.
struct path_segment {
  std::size_t span = no_span;
  std::uint64_t start_ns = 0;
  std::uint64_t end_ns = 0;
  friend bool operator==(const path_segment&, const path_segment&) = default;
};

/// The critical path under span `from` (default: the first root), in time order: walking back
/// from the end, each span's time is its own until the child that finished last (clipped to the
/// parent) takes over; the segments tile the span exactly, so their lengths sum to its duration.
inline std::vector<path_segment> critical_path(const trace_tree& t, std::size_t from = no_span) {
  if (from == no_span) from = t.root();
  if (from == no_span) return {};
  if (from >= t.spans.size()) throw std::invalid_argument("critical_path: span index out of range");
  struct task {
    bool self;  // a finished self segment, or a span still to decompose
    path_segment seg;
  };
  std::vector<path_segment> out;  // built latest first, reversed at the end
  std::vector<task> stack{{false, {from, t.spans[from].start_ns, t.spans[from].end_ns}}};
  std::vector<task> items;
  std::vector<std::size_t> by_end;
  while (!stack.empty()) {
    const task k = stack.back();
    stack.pop_back();
    if (k.self) {
      out.push_back(k.seg);
      continue;
    }
    by_end = t.children[k.seg.span];
    std::sort(by_end.begin(), by_end.end(), [&](std::size_t a, std::size_t b) { return t.spans[a].end_ns > t.spans[b].end_ns; });
    items.clear();
    std::uint64_t cursor = k.seg.end_ns;
    for (std::size_t c : by_end) {
      if (cursor <= k.seg.start_ns) break;
      const span& child = t.spans[c];
      if (child.start_ns >= cursor) continue;
      const std::uint64_t e = std::min(child.end_ns, cursor);
      const std::uint64_t s = std::max(child.start_ns, k.seg.start_ns);
      if (e <= s) continue;
      if (cursor > e) items.push_back({true, {k.seg.span, e, cursor}});
      items.push_back({false, {c, s, e}});
      cursor = s;
    }
    if (cursor > k.seg.start_ns) items.push_back({true, {k.seg.span, k.seg.start_ns, cursor}});
    stack.insert(stack.end(), items.rbegin(), items.rend());  // latest on top
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace trace
AIOPS_END_NAMESPACE
