// aiops: the refined parser: Drain, then templates refined per token and clusters merged across one gap
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>      // std::min, std::sort, std::max, std::any_of
#include <cstddef>        // std::size_t
#include <cstdint>        // std::uint64_t
#include <functional>     // std::hash
#include <numeric>        // std::iota
#include <span>           // std::span
#include <string>         // std::string
#include <string_view>    // std::string_view
#include <unordered_set>  // std::unordered_set
#include <utility>        // std::move
#include <vector>         // std::vector

#include "aiops/config.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/nlp/drain.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

/// The refined parser's parameters.
struct refine_options {
  /// The Drain underneath; `freeze_after` and `join_identical` are on by default here (see drain_options).
  drain_options drain = [] {
    drain_options o;
    o.freeze_after = 32;
    o.join_identical = true;
    return o;
  }();
  /// A gap filled by at least this many different words (or free texts) is a parameter.
  std::size_t min_fillers = 3;
  /// The longest gap, in tokens, the merge pass looks at.
  std::size_t max_gap = 16;
  /// Templates longer than this (in tokens) are not merged: the pass keys every split of a
  /// template around a gap, len x max_gap of them, and a 200,000-token line took 1.8 GB and 30 s.
  std::size_t max_merge_tokens = 1024;
};

/// A template and the messages it covers, after refinement.
struct template_group {
  std::size_t id = 0;                  ///< the smallest Drain cluster id in the group
  std::string template_text;           ///< tokens joined by single spaces
  std::size_t size = 0;                ///< messages
  std::vector<std::size_t> clusters;   ///< the Drain clusters merged into it, ascending
};

namespace detail {

constexpr bool is_alnum_byte(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
}

// Bytes that may end the constant text before a value ("user=", "(", "tag=\"", "SHA256:")
// or start the constant text after one ("):", "]", "\",", ".").
constexpr bool opens_value(char c) noexcept { return std::string_view("=([{\"':/@#<>").find(c) != std::string_view::npos; }
constexpr bool closes_value(char c) noexcept { return std::string_view(")]}\"',:;.<>").find(c) != std::string_view::npos; }

// The common prefix of a and b, cut back so that it ends with a byte that opens a value.
inline std::size_t value_prefix(std::string_view a, std::string_view b) noexcept {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  while (n > 0 && !opens_value(a[n - 1])) --n;
  return n;
}

// The common suffix of a and b, cut so that it starts with a byte that closes a value.
inline std::size_t value_suffix(std::string_view a, std::string_view b) noexcept {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[a.size() - 1 - n] == b[b.size() - 1 - n]) ++n;
  while (n > 0 && !closes_value(a[a.size() - n])) --n;
  return n;
}

// One token standing for two different values: the constant text they share around a `<*>`.
inline std::string generalize_token(std::string_view a, std::string_view b) {
  if (a == b) return std::string(a);
  std::size_t p = value_prefix(a, b), s = value_suffix(a, b);
  if (p + s > std::min(a.size(), b.size())) s = 0;  // "<*>" vs "<*>>" would overlap
  std::string out(a.substr(0, p));
  out += wildcard;
  out += a.substr(a.size() - s);
  // "<*><*>" and "<*>x<*>" forms collapse: the token is one value.
  if (out.find(wildcard) != out.rfind(wildcard) && out.size() <= 2 * wildcard.size() + 1) return std::string(wildcard);
  // So do two values side by side ("rhost=<*>" and "rhost=<*>.dsl.example.net" give "rhost=<*>").
  const std::string twice = std::string(wildcard) + std::string(wildcard);
  for (std::size_t at; (at = out.find(twice)) != std::string::npos;) out.erase(at, wildcard.size());
  return out;
}

inline bool is_variable(std::string_view token) noexcept { return token.find(wildcard) != std::string_view::npos; }

// Whether `value` (text without spaces) is one of the values of the token `pattern`: its
// constant pieces in order around the `<*>` ("user=<*>" covers "user=root").
inline bool covers(std::string_view pattern, std::string_view value) noexcept {
  if (value.find(' ') != std::string_view::npos) return false;
  std::size_t at = 0;
  for (std::size_t from = 0;;) {
    const std::size_t hole = pattern.find(wildcard, from);
    const std::string_view piece = pattern.substr(from, hole == std::string_view::npos ? std::string_view::npos : hole - from);
    if (from == 0 && !value.starts_with(piece)) return false;
    if (hole == std::string_view::npos) return value.size() >= at + piece.size() && value.ends_with(piece);
    if (from > 0 && (at = value.find(piece, at)) == std::string_view::npos) return false;
    at += piece.size();
    from = hole + wildcard.size();
  }
}

// What a token says besides its parameters, when that is a word: "rhost=" of "rhost=<*>", all of
// "user"; nothing for "<*>" or "<*>,".
inline std::string constant_text(std::string_view token) {
  std::string out;
  for (std::size_t at = 0; at <= token.size();) {
    const std::size_t next = std::min(token.find(wildcard, at), token.size());
    out.append(token.substr(at, next - at));
    at = next + wildcard.size();
  }
  return std::any_of(out.begin(), out.end(), [](char c) { return is_alnum(c); }) ? out : std::string();
}

inline std::string join(std::span<const std::string> tokens) {
  std::string out;
  for (const std::string& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

// Two templates as one: position by position when they have the same length, otherwise their
// common first and last tokens around one gap that becomes a single (variable-length) value.
inline std::vector<std::string> generalize(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  if (a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i) out.push_back(generalize_token(a[i], b[i]));
    return out;
  }
  const std::size_t shorter = std::min(a.size(), b.size());
  std::size_t head = 0, tail = 0;
  while (head < shorter && a[head] == b[head]) ++head;
  while (tail < shorter - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  // Parameters next to the gap belong to it: "delete <*>" and "delete <*> <*> <*>" give "delete <*>".
  while (head > 0 && a[head - 1] == wildcard) --head;
  while (tail > 0 && a[a.size() - tail] == wildcard) --tail;
  out.assign(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(head));
  const std::string gap_a = join(std::span(a).subspan(head, a.size() - head - tail));
  const std::string gap_b = join(std::span(b).subspan(head, b.size() - head - tail));
  std::string gap = gap_a.empty() || gap_b.empty() ? std::string(wildcard) : generalize_token(gap_a, gap_b);
  if (gap.find(' ') != std::string::npos) gap = std::string(wildcard);  // never a token with a space in it
  out.push_back(std::move(gap));
  out.insert(out.end(), a.end() - static_cast<std::ptrdiff_t>(tail), a.end());
  return out;
}

// Union-find over cluster indices.
struct disjoint_sets {
  std::vector<std::size_t> parent;
  explicit disjoint_sets(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);  // the smaller index (older cluster) leads
  }
};

}  // namespace detail

/// The refined parser: more accurate groups and templates than Drain where Drain is known to
/// fail, at the cost of a pass over the clusters when the groups are asked for.
///
/// 1. Drain (same tree, similarity and masks), with `freeze_after`: a big cluster no longer
///    absorbs a message that differs from it in two words it has always had, so rare events keep
///    their own template instead of being merged into a frequent look-alike; and with
///    `join_identical`: a template equal to the message takes it, where Drain would start one
///    more copy of a template made mostly of parameters.
/// 2. Token refinement: where a cluster's messages differ, the template keeps what the values
///    have in common around them: `user=<*>`, `(<*>):`, `tag="<*>",` instead of a bare `<*>`.
/// 3. Gap merging: clusters whose templates are equal except for one run of tokens (the gap)
///    are merged when the gap is a parameter, that is when (a) every filler is a run of
///    parameters of varying length (lists of ids, "SyncTimes(ms): 12 7", an empty user name)
///    whose values were masked, had digits or were many, or (b) the gap takes
///    at least `min_fillers` different values sharing no word (user names, services, free text
///    of varying length that Drain split by length or by first tokens), or (c) at least
///    `min_fillers` different values between the same punctuation (`tag="..."`), or (d) one
///    member's one-token gap took many values and covers the others' (`for <*>` and `for root`,
///    where a cluster froze on one value). The text around the gap must hold at least two tokens
///    that are not bare parameters, so that two short unrelated templates never merge, and the
///    first words of a frozen cluster name its event. The merged template has one `<*>` for the gap.
///
///     aiops::nlp::refined_drain parser;
///     for (const std::string& m : masked_messages) parser.add(m);
///     for (const auto& g : parser.groups()) std::cout << g.size << ' ' << g.template_text << '\n';
///
/// Not thread-safe.
class refined_drain {
 public:
  explicit refined_drain(refine_options options = {}) : options_(std::move(options)), drain_(options_.drain) {}

  const refine_options& options() const noexcept { return options_; }

  /// Adds one (masked) message; the result is its Drain cluster (see group_of() for its group).
  drain_result add(std::string_view message) {
    tokens_.clear();
    drain_.splitter().split(message, tokens_);
    return add(std::span<const std::string_view>(tokens_));
  }

  /// Adds one masked message split by clusters().splitter().
  drain_result add(std::span<const std::string_view> tokens) {
    const drain_result r = drain_.add(tokens);
    if (r.cluster_id > values_.size()) values_.resize(r.cluster_id);
    std::vector<position>& v = values_[r.cluster_id - 1];
    if (v.empty()) {
      for (std::string_view t : tokens) v.push_back({std::string(t), std::string(t), false, looks_valued(t), {std::string(t)}});
    } else {
      for (std::size_t i = 0; i < tokens.size(); ++i) v[i].observe(tokens[i]);
    }
    dirty_ = true;
    return r;
  }

  /// The Drain clusters underneath.
  const drain& clusters() const noexcept { return drain_; }

  /// The groups: Drain clusters refined and merged, ordered by id.
  const std::vector<template_group>& groups() {
    if (dirty_) rebuild();
    return groups_;
  }

  /// The index in groups() of the group that holds Drain cluster `cluster_id`.
  std::size_t group_of(std::size_t cluster_id) {
    if (dirty_) rebuild();
    return group_index_.at(cluster_id - 1);
  }

 private:
  // What the messages of a cluster had at one position: the first value, the constant text
  // all values share around their difference, and whether they differ at all.
  struct position {
    std::string first;
    std::string shared;  // generalize_token of all values so far
    bool differs = false;
    bool valued = true;  // every value had a digit or was masked: a value, not a word
    std::vector<std::string> distinct;  // the first few different values (up to max_distinct)
    void observe(std::string_view token) {
      if (token == first) return;  // most positions of most messages: nothing to learn
      valued = valued && looks_valued(token);
      if (distinct.size() < max_distinct && std::find(distinct.begin(), distinct.end(), token) == distinct.end())
        distinct.emplace_back(token);
      if (!differs) {
        differs = true;
        shared = detail::generalize_token(first, token);
        return;
      }
      // Already "P<*>S": a value that starts with P and ends with S changes nothing.
      const std::size_t star = shared.find(wildcard);
      const std::string_view p = std::string_view(shared).substr(0, star), s = std::string_view(shared).substr(star + wildcard.size());
      if (token.size() >= p.size() + s.size() && token.starts_with(p) && token.ends_with(s)) return;
      shared = detail::generalize_token(shared, token);
    }
  };

  static constexpr std::size_t max_distinct = 8;

  static bool looks_valued(std::string_view token) noexcept {
    if (token.find(wildcard) != std::string_view::npos) return true;
    for (char c : token)
      if (c >= '0' && c <= '9') return true;
    return false;
  }

  // A token of a refined template, for the merge buckets: its text hashed.
  static std::uint64_t mix(std::uint64_t h, std::uint64_t v) noexcept {
    return (h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2))) * 0x100000001b3ULL;
  }

  void rebuild() {
    const std::span<const drain_cluster> cs = drain_.clusters();
    const std::size_t n = cs.size();
    std::vector<std::vector<std::string>> refined(n);
    // Per token: a parameter whose values were values (masked, with digits) or many words, not a
    // few words that Drain merged ("Task" and "TaskAttempt").
    std::vector<std::vector<bool>> valued(n);
    for (std::size_t c = 0; c < n; ++c)
      for (const position& p : values_[c]) {
        refined[c].push_back(p.differs ? p.shared : p.first);
        valued[c].push_back(p.valued || p.distinct.size() >= options_.min_fillers);
      }

    // Buckets of (cluster, gap) keyed by (prefix tokens, suffix tokens); the gap is in between.
    // One flat array sorted by key (stably: a bucket's members stay in cluster order), not a hash
    // map of vectors: 30,000 distinct templates made 5 million entries, 900 MB and 12 s that way.
    struct entry {
      std::uint64_t key;
      std::uint32_t cluster, begin, end;
    };
    std::vector<entry> buckets;
    std::vector<std::uint64_t> token_hash;
    for (std::size_t c = 0; c < n; ++c) {
      const auto& t = refined[c];
      const std::size_t len = t.size();
      if (len > options_.max_merge_tokens) continue;
      token_hash.clear();
      // A parameter of words ("Task"/"TaskAttempt") does not align with one of values (ids).
      for (std::size_t i = 0; i < len; ++i)
        token_hash.push_back(std::hash<std::string>{}(t[i]) ^ (valued[c][i] ? 0 : 0x2545f4914f6cdd1dULL));
      std::vector<std::uint64_t> prefix(len + 1, 0x84222325ULL), suffix(len + 1, 0x1b3ULL);
      for (std::size_t i = 0; i < len; ++i) prefix[i + 1] = mix(prefix[i], token_hash[i]);
      for (std::size_t i = 0; i < len; ++i) suffix[i + 1] = mix(suffix[i], token_hash[len - 1 - i]);
      // Every split of the template into prefix a, gap, suffix b with a gap of at most max_gap
      // tokens: len x max_gap of them (counting b from 0 made long lines quadratic).
      for (std::size_t a = 0; a <= len; ++a)
        for (std::size_t b = len - a > options_.max_gap ? len - a - options_.max_gap : 0; a + b <= len; ++b) {
          const std::uint64_t key = mix(mix(mix(prefix[a], a), suffix[b]), b + 0x5bd1e995ULL);
          buckets.push_back({key, std::uint32_t(c), std::uint32_t(a), std::uint32_t(len - b)});
        }
    }

    std::stable_sort(buckets.begin(), buckets.end(), [](const entry& x, const entry& y) { return x.key < y.key; });
    detail::disjoint_sets sets(n);
    std::vector<std::string> fillers;
    for (std::size_t from = 0, to = 0; from < buckets.size(); from = to) {
      while (to < buckets.size() && buckets[to].key == buckets[from].key) ++to;
      if (to - from < 2) continue;
      const std::span<const entry> members(buckets.data() + from, to - from);
      const entry& first = members.front();
      const auto& anchor = refined[first.cluster];
      std::size_t strength = 0;
      for (std::size_t i = 0; i < anchor.size(); ++i)
        if ((i < first.begin || i >= first.end) && anchor[i] != wildcard) ++strength;
      fillers.clear();
      bool all_variable = true;
      const std::string* widest = nullptr;  // a one-token gap holding many values, such as "user=<*>"
      std::size_t widest_cluster = 0, largest = 0;
      for (const entry& m : members) {
        const auto& t = refined[m.cluster];
        largest = std::max(largest, cs[m.cluster].size);
        for (std::size_t i = m.begin; i < m.end; ++i) all_variable = all_variable && t[i] == wildcard && valued[m.cluster][i];
        if (m.end == m.begin + 1 && detail::is_variable(t[m.begin]) && valued[m.cluster][m.begin]) {
          widest = &t[m.begin];
          widest_cluster = m.cluster;
        }
        fillers.push_back(detail::join(std::span(t).subspan(m.begin, m.end - m.begin)));
      }
      // A cluster that froze on one value of a parameter ("Failed password for root") joins the
      // cluster of the other values ("for <*>"), which covers it; members without the slot stay.
      if (widest && strength >= 2)
        for (std::size_t k = 0; k < members.size(); ++k)
          if (detail::covers(*widest, fillers[k])) sets.unite(members[k].cluster, widest_cluster);
      if (!gap_is_parameter(fillers, all_variable, strength, first.begin == 0 && options_.drain.frozen(largest))) continue;
      for (const entry& m : members) sets.unite(first.cluster, m.cluster);
    }

    // Groups: members in id order, the template folded from the biggest member down.
    std::vector<std::size_t> index_of_root(n, static_cast<std::size_t>(-1));
    groups_.clear();
    group_index_.assign(n, 0);
    std::vector<std::vector<std::size_t>> members;
    for (std::size_t c = 0; c < n; ++c) {
      const std::size_t root = sets.find(c);
      if (index_of_root[root] == static_cast<std::size_t>(-1)) {
        index_of_root[root] = groups_.size();
        groups_.push_back({cs[c].id, {}, 0, {}});
        members.emplace_back();
      }
      const std::size_t g = index_of_root[root];
      group_index_[c] = g;
      groups_[g].clusters.push_back(cs[c].id);
      groups_[g].size += cs[c].size;
      members[g].push_back(c);
    }
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      auto& m = members[g];
      std::stable_sort(m.begin(), m.end(), [&](std::size_t x, std::size_t y) { return cs[x].size > cs[y].size; });
      std::vector<std::string> t = refined[m[0]];
      for (std::size_t i = 1; i < m.size(); ++i) t = detail::generalize(t, refined[m[i]]);
      groups_[g].template_text = detail::join(t);
    }
    dirty_ = false;
  }

  // `named`: the gap starts the message and one of the clusters is frozen.
  bool gap_is_parameter(std::vector<std::string>& fillers, bool all_variable, std::size_t strength, bool named) const {
    std::sort(fillers.begin(), fillers.end());
    fillers.erase(std::unique(fillers.begin(), fillers.end()), fillers.end());
    if (fillers.size() < 2) return true;  // the same template twice (Drain routed them apart)
    if (all_variable) return strength >= 2;
    // A template without the slot is not one of its values ("Job", "Task" and "" before "Transitioned").
    if (fillers.size() < options_.min_fillers || fillers.front().empty()) return false;
    std::vector<std::vector<std::string_view>> words;
    bool single = true;
    for (const std::string& f : fillers) {
      words.push_back(tokenizer()(f));
      single = single && words.back().size() == 1;
    }
    // When every filler starts (or ends) with the same token, that token belongs around the gap:
    // the bucket with the longer prefix (suffix) decides.
    bool same_first = true, same_last = true;
    for (const auto& w : words) {
      same_first = same_first && w.front() == words[0].front();
      same_last = same_last && w.back() == words[0].back();
    }
    if (same_first || same_last) return false;
    // (c) values between the same punctuation: `tag="View Lock",`, `tag="RILJ",`. The text around
    // must be constant and leave room for a value in every filler: "rhost=<*>" and "rhost=<*>
    // user=<*>" share a parameter ("rhost=<*>", "=<*>"), not punctuation around one.
    std::size_t p = fillers[0].size(), s = fillers[0].size(), shortest = fillers[0].size();
    for (const std::string& f : fillers) {
      p = std::min(p, detail::value_prefix(fillers[0], f));
      s = std::min(s, detail::value_suffix(fillers[0], f));
      shortest = std::min(shortest, f.size());
    }
    const std::string_view first = fillers[0];
    const bool punctuated = p > 0 && s > 0 && p + s <= shortest && !detail::is_variable(first.substr(0, p)) &&
                            !detail::is_variable(first.substr(first.size() - s));
    if (punctuated && strength >= 1) return true;
    // The first words of a frequent event name it (Drain's tree rests on that): "boot (command 12)"
    // 67 times and "wait (command 13)" 66 times are two events. Rare first words are values ("cups
    // startup succeeded", "atd startup succeeded"), as are those of one key ("ugi=root", "ugi=hive").
    if (named && p == 0 && s == 0) return false;
    // (b) different values that share no word: not a sub-template ("invalid user <*>" and
    // "authenticating user <*>" share "user"; "rhost=<*>" and "rhost=<*> user=<*>" share the key
    // "rhost="). Longer values need more context around them.
    if (single ? strength + (p > 0 || s > 0 ? 1 : 0) < 2 : strength < 3) return false;
    std::unordered_set<std::string> seen;
    for (const auto& w : words) {
      std::unordered_set<std::string> mine;
      for (std::string_view word : w)
        if (std::string key = detail::constant_text(word); !key.empty()) mine.insert(std::move(key));
      for (const std::string& key : mine)
        if (!seen.insert(key).second) return false;
    }
    return true;
  }

  refine_options options_;
  drain drain_;
  std::vector<std::string_view> tokens_;
  std::vector<std::vector<position>> values_;  // per cluster, per position
  std::vector<template_group> groups_;
  std::vector<std::size_t> group_index_;  // per cluster
  bool dirty_ = true;
};

}  // namespace nlp
AIOPS_END_NAMESPACE
