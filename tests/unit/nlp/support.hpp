// aiops: helpers shared by the nlp unit tests
// SPDX-License-Identifier: MIT
#pragma once

#include <vector>  // std::vector

#include <aiops/ml/metrics.hpp>

namespace aiops::testing {

/// Normalised mutual information of two labellings (1 for the same partition).
inline double nmi(const std::vector<int>& a, const std::vector<int>& b) {
  return ml::normalized_mutual_info_score(ml::as_labels(a), ml::as_labels(b));
}

}  // namespace aiops::testing
