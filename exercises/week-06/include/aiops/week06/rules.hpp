// aiops: week 06, task 2 (your code): CPU, memory and disk alert rules for node_exporter metrics
// SPDX-License-Identifier: MIT
#pragma once

#include <aiops/alert.hpp>
#include <aiops/core.hpp>

namespace aiops::week06 {

/// task-2: a rule group that fires for a host whose CPU is over 90 % busy, whose memory is over
/// 90 % used, or whose root filesystem has under 10 % free, each for at least 5 minutes; every
/// rule has a `severity` label and a `summary` annotation naming `{{ $labels.instance }}`.
inline aiops::alert::rule_group host_rules() {
  // TODO(week-06): see README, task 2.
  throw aiops::not_implemented("week06::host_rules");
}

}  // namespace aiops::week06
