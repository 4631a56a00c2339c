// aiops: week 08 (your code): call counts, per-service p95, the slow service, the failing service, a root-cause ranking
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>  // std::size_t
#include <map>      // std::map
#include <string>   // std::string
#include <utility>  // std::pair
#include <vector>   // std::vector

#include <aiops/core.hpp>
#include <aiops/trace.hpp>

namespace aiops::week08 {

/// caller service -> callee service, and how many calls.
using call_map = std::map<std::pair<std::string, std::string>, std::size_t>;

/// Counts the calls between services in `spans` (many traces mixed): a span whose parent is in
/// another service is one call parent -> span; a client span that names a remote service and got
/// no answering span from another service (a refused connection, an uninstrumented database) is
/// one call too.
inline call_map count_calls(const std::vector<trace::span>& spans) {
  // TODO(week-08): see README, task 1.
  (void)spans;
  throw aiops::not_implemented("week08::count_calls");
}

/// The p95 latency (nearest rank) of each service's server spans, in milliseconds.
inline std::map<std::string, double> p95_by_service(const std::vector<trace::span>& spans) {
  // TODO(week-08): see README, task 2.
  (void)spans;
  throw aiops::not_implemented("week08::p95_by_service");
}

/// The service that got slow: `baseline` is normal operation, `incident` the same traffic while one
/// service is slow. Returns its name.
inline std::string find_slow_service(const std::vector<trace::span>& baseline, const std::vector<trace::span>& incident) {
  // TODO(week-08): see README, task 3.
  (void)baseline;
  (void)incident;
  throw aiops::not_implemented("week08::find_slow_service");
}

/// The service where the incident's errors come from (a service failing its requests, or a
/// dependency its callers cannot reach). Returns its name.
inline std::string find_failing_service(const std::vector<trace::span>& baseline, const std::vector<trace::span>& incident) {
  // TODO(week-08): see README, task 4.
  (void)baseline;
  (void)incident;
  throw aiops::not_implemented("week08::find_failing_service");
}

/// The three services most likely to have caused an incident of any kind, most likely first;
/// traces are baseline or incident by when their root span started.
inline std::vector<std::string> top_suspects(const std::vector<trace::span>& spans, trace::window baseline, trace::window incident) {
  // TODO(week-08): see README, task 5.
  (void)spans;
  (void)baseline;
  (void)incident;
  throw aiops::not_implemented("week08::top_suspects");
}

}  // namespace aiops::week08
