// aiops: where the tests find the bundled datasets
// SPDX-License-Identifier: MIT
#pragma once

#include <string>  // std::string

namespace aiops::testing {

/// Absolute path of a file under datasets/, e.g. dataset("nginx/access.log").
inline std::string dataset(const std::string& relative) { return std::string(AIOPS_DATASETS_DIR) + "/" + relative; }

/// Absolute path of a file in the source tree.
inline std::string source_path(const std::string& relative) { return std::string(AIOPS_SOURCE_DIR) + "/" + relative; }

}  // namespace aiops::testing
