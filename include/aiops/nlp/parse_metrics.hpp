// aiops: log-parsing accuracy as the literature defines it: GA, PA, FGA (with PGA/RGA), plus NMI and ARI from aiops::ml
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>        // std::size_t
#include <span>           // std::span
#include <stdexcept>      // std::invalid_argument
#include <string>         // std::string
#include <string_view>    // std::string_view
#include <unordered_map>  // std::unordered_map
#include <vector>         // std::vector

#include "aiops/config.hpp"
#include "aiops/ml/metrics.hpp"
#include "aiops/ml/types.hpp"
#include "aiops/nlp/detail/pattern.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

/// The template normalisation applied to both sides before parsing accuracy compares them:
/// whitespace trimmed and runs of it collapsed to one space (rule DS of Khan et al., ICSE 2022),
/// and adjacent parameters "<*><*>" merged into one "<*>" (their rule CV). Their other rules
/// correct oracle templates of LogHub (paths, booleans, digits glued to words); the bundled
/// datasets are generated from template tables, so they need no oracle correction.
inline std::string normalize_template(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  for (char c : t) {
    if (detail::is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
      if (out.size() >= 6 && out.compare(out.size() - 6, 6, "<*><*>") == 0) out.resize(out.size() - 3);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

/// Dense integer labels for string labels (equal strings, equal labels; first seen gets 0).
inline std::vector<int> to_labels(std::span<const std::string> names) {
  std::unordered_map<std::string_view, int> ids;
  std::vector<int> out;
  out.reserve(names.size());
  for (const std::string& n : names) out.push_back(ids.try_emplace(n, static_cast<int>(ids.size())).first->second);
  return out;
}

/// How well a parser grouped messages and recovered their templates.
struct parse_scores {
  std::size_t messages = 0;
  std::size_t true_groups = 0;       ///< distinct true events
  std::size_t predicted_groups = 0;  ///< distinct predicted groups
  std::size_t correct_groups = 0;    ///< predicted groups equal, as sets of messages, to a true group
  double grouping_accuracy = 0;      ///< GA: share of messages in a correct group
  double group_precision = 0;        ///< PGA: correct_groups / predicted_groups
  double group_recall = 0;           ///< RGA: correct_groups / true_groups
  double f1_group_accuracy = 0;      ///< FGA: harmonic mean of PGA and RGA
  double parsing_accuracy = 0;       ///< PA: share of messages whose template is exactly the true one
  double nmi = 0;                    ///< normalised mutual information of the two groupings
  double ari = 0;                    ///< adjusted Rand index of the two groupings
};

namespace detail {

inline void check_sizes(std::size_t a, std::size_t b, const char* who) {
  if (a != b)
    throw std::invalid_argument(std::string(who) + ": " + std::to_string(a) + " true labels but " + std::to_string(b) +
                                " predicted ones");
}

// Messages per label, for labels 0..max.
inline std::vector<std::size_t> label_counts(std::span<const int> labels) {
  std::vector<std::size_t> counts;
  for (int l : labels) {
    if (l < 0) throw std::invalid_argument("parse metrics: labels must not be negative");
    if (static_cast<std::size_t>(l) >= counts.size()) counts.resize(static_cast<std::size_t>(l) + 1, 0);
    ++counts[static_cast<std::size_t>(l)];
  }
  return counts;
}

}  // namespace detail

/// GA and the group counts behind FGA. A predicted group is correct when its messages are
/// exactly the messages of one true group (Zhu et al., ICSE-SEIP 2019; the LogPAI evaluator).
/// Labels are non-negative ints (see to_labels).
/// @throws std::invalid_argument when the sizes differ or a label is negative.
inline parse_scores grouping_scores(std::span<const int> truth, std::span<const int> predicted) {
  detail::check_sizes(truth.size(), predicted.size(), "grouping_scores");
  const std::vector<std::size_t> true_size = detail::label_counts(truth), predicted_size = detail::label_counts(predicted);
  // For each predicted group: the one true label of its messages, or -2 when they have several.
  std::vector<int> truth_of(predicted_size.size(), -1);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    int& t = truth_of[static_cast<std::size_t>(predicted[i])];
    t = t == -1 ? truth[i] : t == truth[i] ? t : -2;
  }
  parse_scores s;
  s.messages = truth.size();
  std::size_t correct_messages = 0;
  for (std::size_t g = 0; g < predicted_size.size(); ++g) {
    if (predicted_size[g] == 0) continue;
    ++s.predicted_groups;
    const int t = truth_of[g];
    if (t >= 0 && true_size[static_cast<std::size_t>(t)] == predicted_size[g]) {
      ++s.correct_groups;
      correct_messages += predicted_size[g];
    }
  }
  for (std::size_t c : true_size) s.true_groups += c > 0;
  if (s.messages == 0) return s;
  s.grouping_accuracy = static_cast<double>(correct_messages) / static_cast<double>(s.messages);
  s.group_precision = static_cast<double>(s.correct_groups) / static_cast<double>(s.predicted_groups);
  s.group_recall = static_cast<double>(s.correct_groups) / static_cast<double>(s.true_groups);
  const double pr = s.group_precision + s.group_recall;
  s.f1_group_accuracy = pr > 0 ? 2 * s.group_precision * s.group_recall / pr : 0.0;
  return s;
}

/// GA: the share of messages whose predicted group is exactly their true group.
inline double grouping_accuracy(std::span<const int> truth, std::span<const int> predicted) {
  return grouping_scores(truth, predicted).grouping_accuracy;
}

/// PA: the share of messages whose predicted template equals the true one after normalize_template.
/// @throws std::invalid_argument when the sizes differ.
inline double parsing_accuracy(std::span<const std::string> truth, std::span<const std::string> predicted) {
  detail::check_sizes(truth.size(), predicted.size(), "parsing_accuracy");
  if (truth.empty()) return 0;
  std::unordered_map<std::string_view, std::string> normalized;  // templates repeat: normalise each once
  const auto norm = [&](const std::string& t) -> const std::string& {
    auto it = normalized.find(t);
    if (it == normalized.end()) it = normalized.emplace(t, normalize_template(t)).first;
    return it->second;
  };
  std::size_t correct = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) correct += norm(truth[i]) == norm(predicted[i]);
  return static_cast<double>(correct) / static_cast<double>(truth.size());
}

/// Every score at once: groups as labels (true event ids, predicted cluster ids) and one
/// template per message on each side.
inline parse_scores score_parse(std::span<const int> true_groups, std::span<const std::string> true_templates,
                                std::span<const int> predicted_groups, std::span<const std::string> predicted_templates) {
  parse_scores s = grouping_scores(true_groups, predicted_groups);
  s.parsing_accuracy = parsing_accuracy(true_templates, predicted_templates);
  if (s.messages > 0) {
    s.nmi = ml::normalized_mutual_info_score(ml::as_labels(true_groups), ml::as_labels(predicted_groups));
    s.ari = ml::adjusted_rand_score(ml::as_labels(true_groups), ml::as_labels(predicted_groups));
  }
  return s;
}

}  // namespace nlp
AIOPS_END_NAMESPACE
