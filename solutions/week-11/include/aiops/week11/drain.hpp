// aiops: week 11, tasks 1-4 (reference solution): masking, a simplified Drain, grouping accuracy
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <map>          // std::map
#include <regex>        // std::regex, std::regex_replace
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include <aiops/core.hpp>

namespace aiops::week11 {

/// task-1: `message` with its variable values replaced by `<*>`: HDFS block ids, IPv4 addresses
/// (with the port when one follows), hex numbers (0x...), and numbers that stand alone.
inline std::string mask_line(std::string_view message) {
  // Order matters: a block id and an address contain numbers, so they go first.
  static const std::pair<std::regex, const char*> masks[] = {
      {std::regex(R"(blk_-?\d+)"), "<*>"},
      {std::regex(R"(\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(:\d+)?\b)"), "<*>"},
      {std::regex(R"(\b0x[0-9a-fA-F]+\b)"), "<*>"},
      {std::regex(R"((^|[^\w.-])-?\d+(\.\d+)*(?![\w-]))"), "$1<*>"},
  };
  std::string out(message);
  for (const auto& [re, replacement] : masks) out = std::regex_replace(out, re, replacement);
  return out;
}

/// task-2: a simplified Drain. Messages are grouped by token count and first token (a first
/// token with a digit counts as `<*>`); in its group a message joins the cluster whose template
/// has the largest share of equal tokens, if that share reaches `similarity`, and the template
/// gets `<*>` where they differ. Otherwise it starts a new cluster.
class simple_drain {
 public:
  explicit simple_drain(double similarity = 0.5) : similarity_(similarity) {}

  /// Adds a masked message; returns its cluster id (1, 2, ...).
  std::size_t add(std::string_view masked) {
    const std::vector<std::string_view> words = aiops::split_ws(masked);
    std::string first = words.empty() ? "" : std::string(words[0]);
    for (char c : first)
      if (c >= '0' && c <= '9') first = "<*>";
    std::vector<std::size_t>& group = groups_[{words.size(), first}];
    std::size_t best = 0;
    double best_share = -1;
    for (std::size_t id : group) {
      std::size_t equal = 0;
      for (std::size_t i = 0; i < words.size(); ++i) equal += templates_[id - 1][i] == words[i];
      const double share = words.empty() ? 1.0 : double(equal) / double(words.size());
      if (share > best_share) {
        best = id;
        best_share = share;
      }
    }
    if (best != 0 && best_share >= similarity_) {
      for (std::size_t i = 0; i < words.size(); ++i)
        if (templates_[best - 1][i] != words[i]) templates_[best - 1][i] = "<*>";
      return best;
    }
    templates_.emplace_back(words.begin(), words.end());
    group.push_back(templates_.size());
    return templates_.size();
  }

  /// The template of cluster `id`, its tokens joined by spaces.
  std::string template_of(std::size_t id) const {
    std::string out;
    for (const std::string& t : templates_.at(id - 1)) out += (out.empty() ? "" : " ") + t;
    return out;
  }

  std::size_t cluster_count() const { return templates_.size(); }

 private:
  double similarity_;
  std::vector<std::vector<std::string>> templates_;  // by id - 1
  std::map<std::pair<std::size_t, std::string>, std::vector<std::size_t>> groups_;
};

/// task-3: grouping accuracy (GA): the share of messages whose predicted cluster holds exactly
/// the messages of their true event, no more and no fewer.
inline double grouping_accuracy(const std::vector<std::string>& truth, const std::vector<std::size_t>& predicted) {
  if (truth.empty() || truth.size() != predicted.size()) return 0.0;
  std::map<std::string, std::size_t> true_size;
  std::map<std::size_t, std::size_t> predicted_size;
  std::map<std::size_t, std::string> event_of;  // a predicted cluster's event, "" when it has several
  std::map<std::size_t, bool> mixed;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    ++true_size[truth[i]];
    ++predicted_size[predicted[i]];
    const auto [it, first] = event_of.emplace(predicted[i], truth[i]);
    if (!first && it->second != truth[i]) mixed[predicted[i]] = true;
  }
  std::size_t correct = 0;
  for (const auto& [cluster, size] : predicted_size)
    if (!mixed[cluster] && true_size[event_of[cluster]] == size) correct += size;
  return double(correct) / double(truth.size());
}

/// task-4: masks and mines every message in order; the cluster id of each message.
inline std::vector<std::size_t> cluster_messages(const std::vector<std::string>& messages, double similarity = 0.5) {
  simple_drain miner(similarity);
  std::vector<std::size_t> out;
  for (const std::string& m : messages) out.push_back(miner.add(mask_line(m)));
  return out;
}

}  // namespace aiops::week11
