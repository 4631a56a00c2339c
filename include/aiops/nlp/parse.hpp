// aiops: parsing a batch of messages with Drain or the refined parser: a group and a template per message
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min, std::max
#include <cstddef>      // std::size_t
#include <deque>        // std::deque
#include <optional>     // std::optional
#include <span>         // std::span
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/ordered_pipeline.hpp"
#include "aiops/nlp/drain.hpp"
#include "aiops/nlp/mask.hpp"
#include "aiops/nlp/refine.hpp"
#include "aiops/nlp/tokenize.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

/// The template miners of this module.
enum class parser_kind {
  drain,    ///< Drain as the paper and Drain3 define it
  refined,  ///< Drain, refined templates and merged clusters (see refined_drain): the more accurate one
};

/// "drain" or "refined".
constexpr std::string_view to_string(parser_kind k) noexcept { return k == parser_kind::drain ? "drain" : "refined"; }

/// The parser called `name` ("drain", "refined"), if there is one.
inline std::optional<parser_kind> parser_kind_from_string(std::string_view name) noexcept {
  if (name == "drain") return parser_kind::drain;
  if (name == "refined") return parser_kind::refined;
  return std::nullopt;
}

/// What parse_messages() runs.
struct parse_options {
  parser_kind parser = parser_kind::refined;
  drain_options drain;            ///< the tree, similarity and tokenizer of both parsers
  std::size_t freeze_after = 32;  ///< refined only (drain_options::freeze_after)
  bool join_identical = true;     ///< refined only (drain_options::join_identical)
  std::size_t min_fillers = 3;    ///< refined only (refine_options::min_fillers)
  std::size_t max_gap = 16;       ///< refined only (refine_options::max_gap)
  std::size_t threads = 1;        ///< threads that mask ahead of the miner (the result is the same)

  /// The refined parser's options from these.
  refine_options refined() const {
    refine_options r;
    r.drain = drain;
    r.drain.freeze_after = freeze_after;
    r.drain.join_identical = join_identical;
    r.min_fillers = min_fillers;
    r.max_gap = max_gap;
    return r;
  }
};

/// The outcome of parsing a batch: the group of each message and each group's template.
struct parsed_messages {
  std::vector<int> group;                ///< per message, 0..templates.size()-1
  std::vector<std::string> templates;    ///< per group
  std::vector<std::size_t> occurrences;  ///< per group: messages in it

  /// The template of message `i`.
  const std::string& template_of(std::size_t i) const { return templates[static_cast<std::size_t>(group[i])]; }
};

/// The miner parse_options chooses, fed split messages: Drain as Drain3 has it (the refined-only
/// options off), or the refined parser. For Drain every cluster is a group of its own, so both
/// answer alike. What parse_messages and `aiops logparse` mine with.
class template_miner {
 public:
  explicit template_miner(const parse_options& options) {
    if (options.parser == parser_kind::refined) {
      refined_.emplace(options.refined());
      return;
    }
    drain_options plain = options.drain;
    plain.freeze_after = 0;
    plain.join_identical = false;
    drain_.emplace(std::move(plain));
  }

  /// How messages are split before add().
  const tokenizer& splitter() const noexcept { return refined_ ? refined_->clusters().splitter() : drain_->splitter(); }

  /// Adds one masked message split by splitter(); returns its Drain cluster's id.
  std::size_t add(std::span<const std::string_view> tokens) {
    return refined_ ? refined_->add(tokens).cluster_id : drain_->add(tokens).cluster_id;
  }

  /// Drain clusters so far: ids 1..clusters().
  std::size_t clusters() const noexcept { return refined_ ? refined_->clusters().clusters().size() : drain_->clusters().size(); }

  /// The groups, ordered by id: the refined parser's, or one per Drain cluster.
  std::vector<template_group> groups() {
    if (refined_) return refined_->groups();
    std::vector<template_group> out;
    for (const drain_cluster& c : drain_->clusters()) out.push_back({c.id, c.template_text(), c.size, {c.id}});
    return out;
  }

  /// The index in groups() of the group of Drain cluster `cluster_id`.
  std::size_t group_of(std::size_t cluster_id) { return refined_ ? refined_->group_of(cluster_id) : cluster_id - 1; }

 private:
  std::optional<drain> drain_;
  std::optional<refined_drain> refined_;
};

/// Messages masked and split into tokens, a block at a time: what threads prepare ahead of a miner
/// (parse_messages, `aiops logparse`), which then adds tokens(0), tokens(1), ... in order. The
/// buffers are reused from block to block.
class masked_block {
 public:
  void clear() noexcept {
    count_ = 0;
    tokens_.clear();
    tokens_end_.clear();
  }

  /// Masks `message` and splits the result.
  void add(std::string_view message, const masker& mask, const tokenizer& split) {
    if (count_ == masked_.size()) masked_.emplace_back();  // a deque: the tokens of earlier messages stay valid
    std::string& text = masked_[count_++];
    mask.apply(message, text);
    split.split(text, tokens_);
    tokens_end_.push_back(tokens_.size());
  }

  std::size_t size() const noexcept { return count_; }

  /// The tokens of the i-th message added.
  std::span<const std::string_view> tokens(std::size_t i) const noexcept {
    const std::size_t from = i == 0 ? 0 : tokens_end_[i - 1];
    return {tokens_.data() + from, tokens_end_[i] - from};
  }

 private:
  std::size_t count_ = 0;
  std::deque<std::string> masked_;
  std::vector<std::string_view> tokens_;   // every message's tokens, one after the other
  std::vector<std::size_t> tokens_end_;    // per message: the end of its tokens in tokens_
};

/// Masks and mines `messages` in order. With `threads` > 1 the messages are masked and split into
/// tokens on that many threads, ahead of the one miner: the same result, sooner.
///
///     auto out = aiops::nlp::parse_messages(contents, aiops::nlp::masker::standard());
///     out.template_of(0);  // "Receiving block <*> src: /<*> dest: /<*>"
inline parsed_messages parse_messages(std::span<const std::string> messages, const masker& mask,
                                      const parse_options& options = {}) {
  constexpr std::size_t block_size = 256;  // a few tens of microseconds of masking: cheap to hand over
  template_miner miner(options);
  const tokenizer& split = miner.splitter();

  struct block {
    std::size_t begin = 0, end = 0;  // the messages [begin, end)
    masked_block masked;
  };
  std::vector<std::size_t> cluster_of;
  cluster_of.reserve(messages.size());
  std::size_t next = 0;
  const auto fill = [&](block& b) {
    b.begin = next;
    b.end = next = std::min(messages.size(), next + block_size);
    return b.begin < b.end;
  };
  const auto work = [&](block& b) {
    b.masked.clear();
    for (std::size_t i = b.begin; i < b.end; ++i) b.masked.add(messages[i], mask, split);
  };
  const auto consume = [&](const block& b) {
    for (std::size_t i = 0; i < b.masked.size(); ++i) cluster_of.push_back(miner.add(b.masked.tokens(i)));
  };
  const std::size_t threads = std::max<std::size_t>(1, options.threads);
  std::vector<block> blocks(2 * threads);
  ordered_pipeline<block>(blocks, threads, fill, work, consume);

  parsed_messages out;
  out.group.reserve(messages.size());
  for (template_group& g : miner.groups()) {
    out.templates.push_back(std::move(g.template_text));
    out.occurrences.push_back(g.size);
  }
  for (std::size_t c : cluster_of) out.group.push_back(static_cast<int>(miner.group_of(c)));
  return out;
}

}  // namespace nlp
AIOPS_END_NAMESPACE
