// aiops: fuzz target: answers of Elasticsearch/OpenSearch (_bulk, _search with aggregations, GET /,
// _cluster/health, error bodies): any body is read or refused with an aiops::error, never a crash
// SPDX-License-Identifier: MIT
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint8_t
#include <stdexcept>  // std::out_of_range, std::invalid_argument
#include <string>     // std::string

#include <aiops/es.hpp>

#include "fuzz_support.hpp"

namespace {

namespace es = aiops::es;

aiops::http::response answer(std::string_view body, int status) {
  aiops::http::response r;
  r.status = status;
  r.body = std::string(body);
  r.method = "POST";
  r.url = "http://127.0.0.1:19200/_search";
  return r;
}

// Every reading of every aggregation, down the bucket tree (`depth` bounds the walk: the answer's
// nesting is bounded by the depth limit, but each level is read many times).
void read_aggregations(const es::aggregations& aggs, int depth) {
  if (depth > 8) return;
  for (const auto& item : aggs.raw().items()) {
    const std::string name = item.key();  // clang 14 cannot capture a structured binding
    // Asking an aggregation as the wrong kind is the caller's mistake (std::out_of_range); a
    // member of the wrong type is the server's (answer_error); neither may be anything else.
    const auto attempt = [](auto&& read) {
      try {
        read();
      } catch (const es::answer_error&) {
      } catch (const std::out_of_range&) {
      }
    };
    attempt([&] { (void)aggs.value(name); });
    attempt([&] { (void)aggs.stats(name); });
    attempt([&] { (void)aggs.doc_count(name); });
    attempt([&] { (void)aggs.sum_other_doc_count(name); });
    attempt([&] { (void)aggs.percentiles(name); });
    attempt([&] { read_aggregations(aggs.sub(name), depth + 1); });
    attempt([&] {
      for (const auto& b : aggs.buckets(name)) {
        (void)b.key_string();
        try {
          (void)b.key_number();
          (void)b.key_time();
        } catch (const std::invalid_argument&) {
        }
        read_aggregations(b.aggs, depth + 1);
      }
    });
  }
}


}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = aiops::fuzz::text(data, size);
  const auto ok = answer(body, 200);

  aiops::fuzz::refused_cleanly([&] { read_aggregations(es::detail::read_answer(ok, es::search_response::from_json).aggs, 0); });
  aiops::fuzz::refused_cleanly([&] { (void)es::detail::read_answer(ok, es::server_info::from_json); });
  aiops::fuzz::refused_cleanly([&] { (void)es::detail::read_answer(ok, es::cluster_health::from_json); });

  // The whole _bulk round: two items sent, whatever came back is counted or refused.
  es::bulk_batch batch;
  batch.add({es::bulk_op::index, "web", "1", R"({"n":1})"});
  batch.add({es::bulk_op::create, "web", "", R"({"n":2})"});
  es::bulk_options options;
  options.max_retries = 1;
  aiops::fuzz::refused_cleanly([&] {
    const es::bulk_report r = es::send_bulk(batch, options, [&ok](const std::string&, bool) { return ok; },
                                            [](std::chrono::milliseconds) {});
    aiops::fuzz::check(r.succeeded + r.failed == r.items, "a _bulk item was neither counted as landed nor as failed");
  });

  // An error answer always becomes a server_error with some reason.
  const es::server_error e = es::detail::make_server_error(answer(body, 400));
  aiops::fuzz::check(!e.reason().empty() || body.empty(), "an error answer without a reason");
  return 0;
}
