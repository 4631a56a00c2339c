// aiops: fuzz target: load the input as a YAML pipeline configuration; every failure must say
// where (a key path or a line), and what loads must be a configuration a pipeline can be built from
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

#include <aiops/pipeline/yaml.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using aiops::fuzz::check;
  const auto c = aiops::pipeline::load_config(aiops::fuzz::text(data, size));
  if (!c) {
    check(!c.error().message.empty(), "failure without a reason");
    return 0;
  }
  check(!c->sources.empty(), "a configuration without sources loaded");
  check(c->window.count() >= 1000, "a window under 1s loaded");
  for (const auto& s : c->sources) check(!s.name.empty(), "a source without a name loaded");
  for (const auto& r : c->routes) {
    bool known = false;
    for (const auto& s : c->sinks) known = known || s.name == r.receiver;
    check(known, "a route to a sink that does not exist loaded");
  }
  if (c->every.cron) {
    const auto next = c->every.cron->next_after(0);
    check(!next || *next > 0, "a cron time not after the start");
  }
  return 0;
}
