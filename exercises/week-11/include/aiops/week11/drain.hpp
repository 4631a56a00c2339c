// aiops: week 11, tasks 1-4 (your code): masking, a simplified Drain, grouping accuracy
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <aiops/core.hpp>

namespace aiops::week11 {

/// task-1: `message` with its variable values replaced by `<*>`: HDFS block ids, IPv4 addresses
/// (with the port when one follows), hex numbers (0x...), and numbers that stand alone.
inline std::string mask_line(std::string_view message) {
  // TODO(week-11): see README, task 1.
  (void)message;
  throw aiops::not_implemented("week11::mask_line");
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
    // TODO(week-11): see README, task 2.
    (void)masked;
    throw aiops::not_implemented("week11::simple_drain::add");
  }

  /// The template of cluster `id`, its tokens joined by spaces.
  std::string template_of(std::size_t id) const {
    // TODO(week-11): see README, task 2.
    (void)id;
    throw aiops::not_implemented("week11::simple_drain::template_of");
  }

  std::size_t cluster_count() const {
    // TODO(week-11): see README, task 2.
    throw aiops::not_implemented("week11::simple_drain::cluster_count");
  }

 private:
  double similarity_;  // add the members you need
};

/// task-3: grouping accuracy (GA): the share of messages whose predicted cluster holds exactly
/// the messages of their true event, no more and no fewer.
inline double grouping_accuracy(const std::vector<std::string>& truth, const std::vector<std::size_t>& predicted) {
  // TODO(week-11): see README, task 3.
  (void)truth;
  (void)predicted;
  throw aiops::not_implemented("week11::grouping_accuracy");
}

/// task-4: masks and mines every message in order; the cluster id of each message.
inline std::vector<std::size_t> cluster_messages(const std::vector<std::string>& messages, double similarity = 0.5) {
  // TODO(week-11): see README, task 4.
  (void)messages;
  (void)similarity;
  throw aiops::not_implemented("week11::cluster_messages");
}

}  // namespace aiops::week11
