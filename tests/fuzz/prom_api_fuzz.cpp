// aiops: fuzz target: answers of the Prometheus HTTP API (query, query_range, series, labels,
// targets, rules, alerts): any body is read or refused with an aiops::error, never a crash
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t
#include <string>   // std::string
#include <vector>   // std::vector

#include <aiops/prom.hpp>

#include "fuzz_support.hpp"

namespace prom = aiops::prom;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  aiops::http::response res;
  res.status = 200;
  res.body = std::string(aiops::fuzz::text(data, size));
  res.method = "POST";
  res.url = "http://127.0.0.1:19090/api/v1/query";
  std::vector<std::string> warnings;
  aiops::fuzz::refused_cleanly([&] {
    const nlohmann::json d = prom::detail::api_data(res, warnings);
    aiops::fuzz::refused_cleanly([&] {
      const prom::query_result r = prom::detail::to_result(d, warnings);
      aiops::fuzz::check(r.warnings == warnings, "the warnings of the answer were not kept");
    });
    aiops::fuzz::refused_cleanly([&] { (void)prom::detail::to_targets(d); });
    aiops::fuzz::refused_cleanly([&] { (void)prom::detail::to_rule_groups(d); });
    aiops::fuzz::refused_cleanly([&] { (void)prom::detail::to_alerts(d); });
    (void)prom::detail::to_strings(d);
    (void)prom::detail::to_series(d);
  });
  // An error status: the server's own error (api_error) or the page, never anything else.
  res.status = 422;
  aiops::fuzz::refused_cleanly([&] { (void)prom::detail::api_data(res, warnings); });
  return 0;
}
