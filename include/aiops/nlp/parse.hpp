// aiops: parsing a batch of messages with Drain or the refined parser: a group and a template per message
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <optional>     // std::optional
#include <span>         // std::span
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/nlp/drain.hpp"
#include "aiops/nlp/mask.hpp"
#include "aiops/nlp/refine.hpp"

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

/// Masks and mines `messages` in order.
///
///     auto out = aiops::nlp::parse_messages(contents, aiops::nlp::masker::standard());
///     out.template_of(0);  // "Receiving block <*> src: /<*> dest: /<*>"
inline parsed_messages parse_messages(std::span<const std::string> messages, const masker& mask,
                                      const parse_options& options = {}) {
  parsed_messages out;
  out.group.reserve(messages.size());
  std::string masked;
  if (options.parser == parser_kind::drain) {
    drain_options plain = options.drain;
    plain.freeze_after = 0;
    plain.join_identical = false;
    drain miner(plain);
    for (const std::string& m : messages) {
      mask.apply(m, masked);
      out.group.push_back(static_cast<int>(miner.add(masked).cluster_id - 1));
    }
    for (const drain_cluster& c : miner.clusters()) {
      out.templates.push_back(c.template_text());
      out.occurrences.push_back(c.size);
    }
    return out;
  }
  refined_drain miner(options.refined());
  std::vector<std::size_t> cluster_of;
  cluster_of.reserve(messages.size());
  for (const std::string& m : messages) {
    mask.apply(m, masked);
    cluster_of.push_back(miner.add(masked).cluster_id);
  }
  for (const template_group& g : miner.groups()) {
    out.templates.push_back(g.template_text);
    out.occurrences.push_back(g.size);
  }
  for (std::size_t c : cluster_of) out.group.push_back(static_cast<int>(miner.group_of(c)));
  return out;
}

}  // namespace nlp
AIOPS_END_NAMESPACE
