// aiops: Drain, the fixed-depth prefix tree log parser (He et al., ICWS 2017), streaming with change events
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>        // std::size_t
#include <cstdint>        // std::uint32_t, std::uint64_t
#include <cstring>        // std::memcpy
#include <limits>         // std::numeric_limits
#include <span>           // std::span
#include <stdexcept>      // std::invalid_argument, std::out_of_range, std::length_error
#include <string>         // std::string
#include <string_view>    // std::string_view
#include <utility>        // std::move
#include <vector>         // std::vector

#include "aiops/config.hpp"
#include "aiops/nlp/detail/term_map.hpp"
#include "aiops/nlp/tokenize.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

/// The parameter placeholder in templates.
inline constexpr std::string_view wildcard = "<*>";

/// Drain's parameters, named and defaulted as Drain3 names and defaults them.
struct drain_options {
  /// Depth of the prefix tree, counting the root, the token-count layer and the leaf: a message
  /// is routed by its first `depth - 3` tokens (one with the default 4). At least 3.
  std::size_t depth = 4;
  /// A message joins the most similar cluster of its leaf when the share of positions where the
  /// template has the message's token reaches this (0..1). Template parameters do not count.
  double similarity = 0.4;
  /// Most children of an inner node; further tokens share the `<*>` child. At least 2.
  std::size_t max_children = 100;
  /// Route tokens that contain a digit through the `<*>` child (the paper's heuristic).
  bool parametrize_numeric_tokens = true;
  /// Bytes that separate tokens besides whitespace (Drain3's extra_delimiters).
  std::string extra_delimiters;
  /// Not in Drain (0 turns it off, the default): a cluster that already holds this many messages
  /// no longer takes a message that differs from two or more of its template's constant tokens,
  /// so a rare event is not swallowed by a frequent one it resembles (Windows' "Failed to
  /// internally open package." by "Failed to get next element"). One token apart is left to the
  /// similarity: it is as often a parameter with one value most of the time ("Failed password for
  /// root", 33 times before "for uucp") as a rare word ("... for block <*> Interrupted." after
  /// "terminating"). The refined parser uses it.
  std::size_t freeze_after = 0;
  /// Not in Drain (off by default): a cluster whose template is the message token for token
  /// (`<*>` where the message has a masked `<*>`) takes it whatever the similarity. In Drain the
  /// parameters of a template never count, so a template that is mostly parameters never
  /// reaches the threshold and each of its messages starts one more identical cluster
  /// ("BLOCK* ask <*> to delete <*> <*> <*> <*> <*> <*> <*>": 4 of 11 tokens count, 0.36 < 0.4).
  bool join_identical = false;

  /// Whether a cluster of `size` messages is frozen (see freeze_after).
  bool frozen(std::size_t size) const noexcept { return freeze_after > 0 && size >= freeze_after; }
};

/// A log cluster: the messages that share a template. Ids start at 1 and never change.
struct drain_cluster {
  std::size_t id = 0;
  std::vector<std::string> tokens;  ///< the template, `<*>` where messages differ
  std::size_t size = 0;             ///< messages added to it

  /// The template as text: tokens joined by single spaces.
  std::string template_text() const {
    std::string out;
    for (const std::string& t : tokens) {
      if (!out.empty()) out += ' ';
      out += t;
    }
    return out;
  }
};

/// What adding a message did to its cluster (Drain3's update types).
enum class drain_change {
  none,              ///< the message fits the template as it is
  cluster_created,   ///< no cluster was similar enough: a new one holds the message
  template_changed,  ///< the cluster took the message and its template gained `<*>`
};

/// The cluster a message went to, and how the cluster changed.
struct drain_result {
  std::size_t cluster_id = 0;
  drain_change change = drain_change::none;
};

namespace detail {
struct drain_access;
}

/// Drain: online log template mining with a fixed-depth prefix tree.
///
/// A message (already masked, see masker) is split into tokens; the tree routes it by its token
/// count, then by its first `depth - 3` tokens (tokens with digits, and tokens beyond
/// `max_children` per node, go through the `<*>` child); in the leaf, the cluster whose template
/// has the most tokens in common with the message wins if that share reaches `similarity` (ties:
/// the template with more parameters); the template then gets `<*>` where the message differs.
/// Otherwise the message starts a new cluster. This is the algorithm of the paper as Drain3
/// (logpai/Drain3) implements it, so both give the same clusters on the same tokens.
///
///     aiops::nlp::drain miner;
///     miner.add("Connection closed by <*> port <*>");            // cluster 1, created
///     miner.add("Connection closed by <*> port <*> [preauth]");  // cluster 2: another length
///     auto r = miner.add("Connection reset by <*> port <*>");    // cluster 1, template changed
///     miner.cluster(r.cluster_id).template_text();                // "Connection <*> by <*> port <*>"
///
/// Not thread-safe: one miner per thread, or a lock around `add`.
class drain {
 public:
  /// @throws std::invalid_argument when depth < 3, max_children < 2 or similarity is not in [0, 1].
  explicit drain(drain_options options = {}) : options_(std::move(options)), split_(options_.extra_delimiters) {
    if (options_.depth < 3) throw std::invalid_argument("drain: depth must be at least 3");
    if (options_.max_children < 2) throw std::invalid_argument("drain: max_children must be at least 2");
    if (!(options_.similarity >= 0.0 && options_.similarity <= 1.0))
      throw std::invalid_argument("drain: similarity must be between 0 and 1");
    nodes_.emplace_back();  // the root
  }

  const drain_options& options() const noexcept { return options_; }

  /// Adds one message: splits it with the miner's tokenizer, then as add(tokens).
  drain_result add(std::string_view message) {
    scratch_.clear();
    split_.split(message, scratch_);
    return add(std::span<const std::string_view>(scratch_));
  }

  /// Adds one tokenized message and learns from it.
  drain_result add(std::span<const std::string_view> tokens) {
    keys_of(tokens, scratch_keys_);
    if (const place found = search(tokens, scratch_keys_); found.slot != none) {
      node& leaf = nodes_[found.leaf];
      const std::uint32_t id = leaf.clusters[found.slot];
      drain_cluster& c = clusters_[id - 1];
      token_key* keys = leaf.keys.data() + found.slot * tokens.size();
      ++c.size;
      bool changed = false;
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!keys[i].is_wildcard() && !same(keys[i], scratch_keys_[i], c.tokens, i, tokens[i])) {
          c.tokens[i] = wildcard;
          keys[i] = token_key::of(wildcard);
          changed = true;
        }
      }
      return {id, changed ? drain_change::template_changed : drain_change::none};
    }
    drain_cluster c;
    c.id = clusters_.size() + 1;
    if (c.id > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("drain: too many clusters");
    c.tokens.assign(tokens.begin(), tokens.end());
    c.size = 1;
    clusters_.push_back(std::move(c));
    insert(clusters_.back());
    return {clusters_.back().id, drain_change::cluster_created};
  }

  /// The cluster a message would join, without learning from it (0 when none is similar enough).
  std::size_t match(std::string_view message) const {
    std::vector<std::string_view> tokens;
    split_.split(message, tokens);
    std::vector<token_key> keys;
    keys_of(tokens, keys);
    const place found = search(tokens, keys);
    return found.slot == none ? 0 : nodes_[found.leaf].clusters[found.slot];
  }

  /// The cluster with id `id` (1 <= id <= clusters().size()).
  /// @throws std::out_of_range for any other id.
  const drain_cluster& cluster(std::size_t id) const {
    if (id == 0 || id > clusters_.size()) throw std::out_of_range("drain: no cluster " + std::to_string(id));
    return clusters_[id - 1];
  }

  /// All clusters, by id (clusters()[i].id == i + 1).
  std::span<const drain_cluster> clusters() const noexcept { return clusters_; }

  const tokenizer& splitter() const noexcept { return split_; }

 private:
  friend struct detail::drain_access;

  // A token's length and first 8 bytes: the leaf search compares two integers per token, and
  // the bytes only of long tokens that agree on both (equal keys and equal tails: equal tokens).
  struct token_key {
    std::uint64_t head = 0;
    std::uint64_t size = 0;

    static token_key of(std::string_view t) noexcept {
      token_key k;
      k.size = t.size();
      if (t.size() >= sizeof k.head) {
        std::memcpy(&k.head, t.data(), sizeof k.head);  // a constant size: one load, no call
      } else {
        for (std::size_t i = 0; i < t.size(); ++i) k.head |= std::uint64_t{static_cast<unsigned char>(t[i])} << (8 * i);
      }
      return k;
    }
    bool operator==(const token_key&) const = default;
    bool is_wildcard() const noexcept { return *this == wildcard_key; }
  };
  static inline const token_key wildcard_key = token_key::of(wildcard);

  struct node {
    detail::term_map<std::uint32_t> children;  // token -> node, found by a token view without a copy
    std::vector<std::uint32_t> clusters;       // in a leaf
    // In a leaf, the keys of its clusters' templates, one after the other (all have the same
    // length): the leaf search reads one contiguous array.
    std::vector<token_key> keys;
  };

  // Where search() found a cluster: nodes_[leaf].clusters[slot] (slot `none`: nowhere).
  static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  struct place {
    std::uint32_t leaf = 0;
    std::size_t slot = none;
  };

  // Whether template token `i` of `tokens` (key `a`) is the message token `text` (key `b`):
  // the template's text is read only for a long token whose key matches.
  static bool same(const token_key& a, const token_key& b, const std::vector<std::string>& tokens, std::size_t i,
                   std::string_view text) noexcept {
    return a == b && (a.size <= sizeof a.head || tokens[i] == text);
  }

  static void keys_of(std::span<const std::string_view> tokens, std::vector<token_key>& out) {
    out.clear();
    for (std::string_view t : tokens) out.push_back(token_key::of(t));
  }

  // Puts cluster `id` in leaf `at`, its template's keys after those of the leaf's other clusters.
  void place_in(std::uint32_t at, std::uint32_t id) {
    nodes_[at].clusters.push_back(id);
    for (const std::string& t : clusters_[id - 1].tokens) nodes_[at].keys.push_back(token_key::of(t));
  }

  static bool has_digit(std::string_view s) noexcept {
    for (char c : s)
      if (c >= '0' && c <= '9') return true;
    return false;
  }

  // The first node for messages of `count` tokens. The root's children are keyed by the count as
  // text, as in Drain3 (and in the saved state); by_length_ finds them without formatting it.
  std::uint32_t length_node(std::size_t count) const { return count < by_length_.size() ? by_length_[count] : 0; }

  std::uint32_t add_length_node(std::size_t count) {
    const std::uint32_t at = child(0, std::to_string(count));
    if (count >= by_length_.size()) by_length_.resize(count + 1, 0);
    by_length_[count] = at;
    return at;
  }

  place search(std::span<const std::string_view> tokens, const std::vector<token_key>& keys) const {
    std::uint32_t at = length_node(tokens.size());
    if (at == 0) return {};
    const std::size_t max_depth = options_.depth - 2;
    std::size_t depth = 1;
    for (std::string_view token : tokens) {
      if (depth >= max_depth || depth == tokens.size()) break;
      const auto& children = nodes_[at].children;
      auto it = children.find(token);
      if (it == children.end()) it = children.find(wildcard);
      if (it == children.end()) return {};
      at = it->second;
      ++depth;
    }
    return {at, best_in(nodes_[at], tokens, keys)};
  }

  // The slot of the most similar cluster of a leaf, if similar enough (else `none`).
  std::size_t best_in(const node& leaf, std::span<const std::string_view> tokens, const std::vector<token_key>& keys) const {
    const std::size_t n = tokens.size();
    if (n == 0) return leaf.clusters.empty() ? none : 0;
    // Candidates of a leaf have the message's length: comparing counts of equal tokens is
    // comparing similarities.
    std::size_t best = none, best_same = 0, best_parameters = 0;
    for (std::size_t slot = 0; slot < leaf.clusters.size(); ++slot) {
      const drain_cluster& c = clusters_[leaf.clusters[slot] - 1];
      const token_key* template_keys = leaf.keys.data() + slot * n;
      std::size_t equal = 0, parameters = 0, masked = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (template_keys[i].is_wildcard()) {
          ++parameters;
          masked += keys[i].is_wildcard();
        } else if (same(template_keys[i], keys[i], c.tokens, i, tokens[i])) {
          ++equal;
        }
      }
      if (options_.frozen(c.size) && n - parameters - equal >= 2) continue;  // one word apart may be a lopsided parameter
      if (options_.join_identical && equal + masked == n) return slot;
      if (best == none || equal > best_same || (equal == best_same && parameters > best_parameters)) {
        best = slot;
        best_same = equal;
        best_parameters = parameters;
      }
    }
    const double similarity = static_cast<double>(best_same) / static_cast<double>(tokens.size());
    return best != none && similarity >= options_.similarity ? best : none;
  }

  std::uint32_t child(std::uint32_t at, std::string_view key) {
    const std::uint32_t fresh = static_cast<std::uint32_t>(nodes_.size());
    const auto [it, inserted] = nodes_[at].children.try_emplace(std::string(key), fresh);
    if (inserted) nodes_.emplace_back();
    return it->second;
  }

  void insert(const drain_cluster& c) {
    const std::size_t count = c.tokens.size();
    std::uint32_t at = add_length_node(count);
    const std::size_t max_depth = options_.depth - 2;
    std::size_t depth = 1;
    for (const std::string& token : c.tokens) {
      if (depth >= max_depth || depth >= count) break;
      const auto& children = nodes_[at].children;
      if (children.contains(token)) {
        at = children.find(token)->second;
      } else if (options_.parametrize_numeric_tokens && has_digit(token)) {
        at = child(at, wildcard);
      } else if (children.contains(wildcard)) {
        at = children.size() < options_.max_children ? child(at, token) : child(at, wildcard);
      } else {
        at = children.size() + 1 < options_.max_children ? child(at, token) : child(at, wildcard);
      }
      ++depth;
    }
    place_in(at, static_cast<std::uint32_t>(c.id));
  }

  drain_options options_;
  tokenizer split_;
  std::vector<node> nodes_;
  std::vector<std::uint32_t> by_length_;  // token count -> the root's child for it (0: none)
  std::vector<drain_cluster> clusters_;
  std::vector<std::string_view> scratch_;
  std::vector<token_key> scratch_keys_;
};

}  // namespace nlp
AIOPS_END_NAMESPACE
