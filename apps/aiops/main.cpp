// aiops: the program's entry point: dispatches to the registered sub-commands
// SPDX-License-Identifier: MIT
#include <algorithm>  // std::sort
#include <cstdio>     // std::fprintf
#include <exception>  // std::exception

#include <aiops/core.hpp>

#include "command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"aiops: parse logs, analyse them, detect anomalies and alert (aiops-learning)"};
  app.set_version_flag("--version", std::string("aiops ") + aiops::version_string);
  app.require_subcommand(1);
  auto& all = aiops::app::commands();
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (auto& c : all) c.setup(*app.add_subcommand(c.name, c.summary));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const aiops::error& e) {
    std::fprintf(stderr, "aiops: error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aiops: unexpected error: %s\n", e.what());
    return 2;
  }
  return 0;
}
