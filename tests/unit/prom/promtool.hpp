// aiops: runs the real `promtool check metrics` (Debian package prometheus) on a page, for the prom tests
// SPDX-License-Identifier: MIT
#pragma once

#include <string>  // std::string

#include <aiops/sys.hpp>

namespace aiops::testing {

/// What `promtool check metrics` said: exit 0 = clean, 3 = lint problems only, 1 = does not parse.
struct promtool_verdict {
  int exit_code = -1;
  std::string output;
};

/// Feeds `page` to `promtool check metrics`. Fails the test (by throwing) when promtool cannot run.
inline promtool_verdict promtool_check_metrics(const std::string& page) {
  aiops::sys::run_options options;
  options.stdin_text = page;
  options.timeout = std::chrono::seconds(60);
  const auto r = aiops::sys::run({"promtool", "check", "metrics"}, options);
  if (!r) throw aiops::error(r.error().message + " (apt-get install prometheus)");
  return {r->exit_code, r->out + r->err};
}

}  // namespace aiops::testing
