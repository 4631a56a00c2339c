// aiops: _bulk: an NDJSON builder that batches by documents and bytes, per-item results, retries of
// exactly the items refused with 429/503, and a report of every item rejected for good
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min, std::max
#include <chrono>       // std::chrono::milliseconds, system_clock
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t, std::int64_t
#include <functional>   // std::function
#include <random>       // std::mt19937_64, std::uniform_int_distribution, std::random_device
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/es/detail/answer.hpp"
#include "aiops/es/detail/json_text.hpp"
#include "aiops/es/detail/server_error.hpp"
#include "aiops/es/error.hpp"
#include "aiops/http/message.hpp"
#include "aiops/http/retry.hpp"

AIOPS_BEGIN_NAMESPACE
namespace es {

/// What a bulk item does.
enum class bulk_op {
  index,    ///< create or replace the document
  create,   ///< create it; a document with the same `_id` is a 409 conflict
  update,   ///< partial update; `source` is the update body (`{"doc":{...}}`)
  delete_,  ///< delete it; no source
};

constexpr const char* to_string(bulk_op op) noexcept {
  switch (op) {
    case bulk_op::index: return "index";
    case bulk_op::create: return "create";
    case bulk_op::update: return "update";
    case bulk_op::delete_: return "delete";
  }
  return "index";
}

/// One item of a `_bulk` request.
///
/// A fixed `id` makes indexing idempotent: sending the same item twice (after a timeout, or after
/// a restart) replaces the document instead of adding a copy.
struct bulk_action {
  bulk_op op = bulk_op::index;
  std::string index;   ///< required
  std::string id;      ///< empty: the server generates one (index and create only)
  std::string source;  ///< one JSON object; raw newlines (JSON white space) are sent as spaces
};

/// When a batch is full. A single item larger than `max_bytes` is sent alone.
struct bulk_limits {
  std::size_t max_docs = 1000;
  std::size_t max_bytes = 5 * 1024 * 1024;
};

/// The body of one `_bulk` request being built: an action line, then a source line, each ending in
/// `\n` (the last one too, or the server refuses the whole request).
///
///     aiops::es::bulk_batch batch({.max_docs = 500});
///     for (auto& a : actions) {
///       if (!batch.fits(a)) { client.bulk(batch); batch.clear(); }
///       batch.add(a);
///     }
class bulk_batch {
 public:
  explicit bulk_batch(bulk_limits limits = {}) : limits_(limits) {
    if (limits_.max_docs == 0 || limits_.max_bytes == 0) {
      throw std::invalid_argument("aiops::es::bulk_batch: max_docs and max_bytes must be positive");
    }
  }

  /// True when `a` can join: the batch is empty, or it stays within both limits with `a`.
  bool fits(const bulk_action& a) const noexcept {
    if (entries_.empty()) return true;
    return entries_.size() < limits_.max_docs && body_.size() + encoded_size(a) <= limits_.max_bytes;
  }

  /// No more items fit by count, or the byte limit is reached.
  bool full() const noexcept { return entries_.size() >= limits_.max_docs || body_.size() >= limits_.max_bytes; }

  /// Checks that `a` is a complete item.
  /// @throws std::invalid_argument for an item without index, an update or delete without id, or an
  /// index/create/update without source.
  static void check(const bulk_action& a) {
    if (a.index.empty()) throw std::invalid_argument("aiops::es::bulk_batch: an item needs an index");
    if ((a.op == bulk_op::update || a.op == bulk_op::delete_) && a.id.empty()) {
      throw std::invalid_argument(std::string("aiops::es::bulk_batch: a ") + to_string(a.op) + " item needs an id");
    }
    if (a.op != bulk_op::delete_ && a.source.empty()) {
      throw std::invalid_argument("aiops::es::bulk_batch: an item needs a source document");
    }
  }

  /// Appends `a` whatever the limits say (check `fits` first); `tag` comes back in its result.
  /// @throws std::invalid_argument as `check` does.
  void add(const bulk_action& a, std::uint64_t tag = 0) {
    check(a);
    entry e;
    e.begin = body_.size();
    e.tag = tag;
    e.op = a.op;
    body_ += "{\"";
    body_ += to_string(a.op);
    body_ += "\":{\"_index\":";
    append_json_string(body_, a.index);
    if (!a.id.empty()) {
      body_ += ",\"_id\":";
      append_json_string(body_, a.id);
    }
    body_ += "}}\n";
    e.source = body_.size();
    if (a.op != bulk_op::delete_) {
      const std::size_t start = body_.size();
      body_ += a.source;
      // A raw newline can only be white space between JSON tokens: one inside a string is escaped.
      for (std::size_t i = start; i < body_.size(); ++i) {
        if (body_[i] == '\n' || body_[i] == '\r') body_[i] = ' ';
      }
      body_ += '\n';
    }
    e.end = body_.size();
    entries_.push_back(e);
  }

  bool empty() const noexcept { return entries_.empty(); }
  std::size_t size() const noexcept { return entries_.size(); }
  std::size_t bytes() const noexcept { return body_.size(); }
  const bulk_limits& limits() const noexcept { return limits_; }
  /// The NDJSON request body.
  const std::string& body() const noexcept { return body_; }

  /// Item `i`: its operation, its tag, its action line (without newline), its source (without newline).
  bulk_op op(std::size_t i) const { return entries_.at(i).op; }
  std::uint64_t tag(std::size_t i) const { return entries_.at(i).tag; }
  std::string_view action_line(std::size_t i) const {
    const entry& e = entries_.at(i);
    return std::string_view(body_).substr(e.begin, e.source - 1 - e.begin);
  }
  std::string_view source(std::size_t i) const {
    const entry& e = entries_.at(i);
    return e.end == e.source ? std::string_view() : std::string_view(body_).substr(e.source, e.end - 1 - e.source);
  }

  /// A batch of the items at `positions` only (in that order), tags kept: what a retry sends.
  bulk_batch select(const std::vector<std::size_t>& positions) const {
    bulk_batch out(limits_);
    for (std::size_t i : positions) {
      const entry& e = entries_.at(i);
      entry copy = e;
      copy.begin = out.body_.size();
      out.body_.append(body_, e.begin, e.end - e.begin);
      copy.source = copy.begin + (e.source - e.begin);
      copy.end = out.body_.size();
      out.entries_.push_back(copy);
    }
    return out;
  }

  void clear() noexcept {
    body_.clear();
    entries_.clear();
  }

 private:
  struct entry {
    std::size_t begin = 0;   // of the action line
    std::size_t source = 0;  // of the source line (== end for a delete)
    std::size_t end = 0;     // after the last newline
    std::uint64_t tag = 0;
    bulk_op op = bulk_op::index;
  };

  // What add() appends, at most: exact but for escapes in the index or id, which are rare.
  static std::size_t encoded_size(const bulk_action& a) noexcept {
    return 36 + a.index.size() + a.id.size() + a.source.size();
  }

  bulk_limits limits_;
  std::string body_;
  std::vector<entry> entries_;
};

/// The answer for one item of a `_bulk` request.
struct bulk_item_result {
  int status = 0;            ///< 200 updated, 201 created, 400 mapping error, 409 conflict, 429 overloaded...
  std::string index;
  std::string id;
  std::string result;        ///< "created", "updated", "deleted", "not_found", "noop"
  std::string error_type;    ///< `error.type` of a failed item (`mapper_parsing_exception`)
  std::string error_reason;  ///< `error.reason`, with its `caused_by` appended when there is one

  /// The item did what was asked (a delete of a missing document counts: it is gone either way).
  bool ok() const noexcept { return (status >= 200 && status < 300) || (status == 404 && result == "not_found"); }
};

/// Reads the items of a `_bulk` answer, in request order.
/// @throws answer_error when the answer is not a bulk response (no `items` array, an item that is
/// not `{"<operation>": {...}}`, a field of the wrong type, `errors` false beside a failed item).
inline std::vector<bulk_item_result> parse_bulk_items(const nlohmann::json& answer) {
  const nlohmann::json* items = detail::array_field(answer, "items");
  if (items == nullptr) throw answer_error("items", "is missing: not a _bulk answer");
  // Read although every item says it again: an answer that contradicts itself is not trusted.
  const bool errors = detail::field(answer, "errors", true);
  std::vector<bulk_item_result> out;
  out.reserve(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    const nlohmann::json& item = (*items)[i];
    const std::string at = "items[" + std::to_string(i) + "]";
    if (detail::as_object(item, at).size() != 1) throw answer_error(at, "has " + std::to_string(item.size()) + " operations, expected one");
    const std::string path = at + "." + item.begin().key();  // {"index": {...}}: the operation is the only key
    const nlohmann::json& body = detail::as_object(item.begin().value(), path);
    bulk_item_result r;
    r.status = detail::field(body, "status", 0, path);
    r.index = detail::field(body, "_index", std::string(), path);
    r.id = detail::field(body, "_id", std::string(), path);
    r.result = detail::field(body, "result", std::string(), path);
    if (const auto e = body.find("error"); e != body.end()) {
      if (e->is_object()) {
        r.error_type = detail::text_of(*e, "type");
        r.error_reason = detail::text_of(*e, "reason");
        if (const auto c = e->find("caused_by"); c != e->end() && c->is_object()) {
          r.error_reason += " (caused by " + detail::text_of(*c, "type") + ": " + detail::text_of(*c, "reason") + ")";
        }
      } else if (e->is_string()) {
        r.error_reason = e->get<std::string>();
      }
    }
    if (!errors && !r.ok()) throw answer_error("errors", "is false, but " + path + " failed with status " + std::to_string(r.status));
    out.push_back(std::move(r));
  }
  return out;
}

/// An item that did not land and will not be retried: rejected by the server (a mapping error, a
/// conflict), or still refused with 429/503 after every retry.
struct bulk_failure {
  std::uint64_t tag = 0;  ///< the tag given to `bulk_batch::add` (the ingester's sequence number)
  bulk_op op = bulk_op::index;
  std::string index;
  std::string id;         ///< empty when the server was to generate it
  int status = 0;         ///< the item's status, or the whole request's when that was refused
  std::string type;       ///< the server's `error.type`
  std::string reason;     ///< the server's `error.reason`
  std::string source;     ///< the document as sent, to fix and send again
  int attempts = 1;
};

/// Counts of a bulk run, and the failures (the first `bulk_options::max_failures_kept`; all of
/// them go to `bulk_options::on_failure`).
struct bulk_report {
  std::size_t items = 0;      ///< items sent (each counted once, however many attempts)
  std::size_t succeeded = 0;  ///< created + updated + deleted + not_found + noop
  std::size_t created = 0;
  std::size_t updated = 0;
  std::size_t failed = 0;     ///< items that did not land: succeeded + failed == items
  std::size_t retried = 0;    ///< item retries after 429/503 (an item retried twice counts 2)
  std::size_t requests = 0;   ///< HTTP requests made
  std::vector<bulk_failure> failures;

  void merge(const bulk_report& other, std::size_t max_failures_kept = 100) {
    items += other.items;
    succeeded += other.succeeded;
    created += other.created;
    updated += other.updated;
    failed += other.failed;
    retried += other.retried;
    requests += other.requests;
    for (const auto& f : other.failures) {
      if (failures.size() >= max_failures_kept) break;
      failures.push_back(f);
    }
  }

  /// "136685 items: 136670 created, 0 updated, 15 failed; 12 retried in 140 requests", then one
  /// line per kept failure.
  std::string describe() const {
    std::string s = std::to_string(items) + " items: " + std::to_string(created) + " created, " +
                    std::to_string(updated) + " updated, " + std::to_string(succeeded - created - updated) +
                    " other successes, " + std::to_string(failed) + " failed; " + std::to_string(retried) +
                    " retried in " + std::to_string(requests) + " requests";
    for (const auto& f : failures) {
      s += "\n  " + std::string(to_string(f.op)) + " " + f.index + "/" + (f.id.empty() ? "(auto id)" : f.id) +
           ": HTTP " + std::to_string(f.status) + " " + f.type + ": " + f.reason;
    }
    if (failures.size() < failed) s += "\n  ... and " + std::to_string(failed - failures.size()) + " more";
    return s;
  }
};

/// How a batch is sent and retried.
struct bulk_options {
  bulk_limits limits;
  /// Rounds of retries of the items (or the whole request) refused with 429 or 503; after them
  /// the items still refused are failures.
  int max_retries = 8;
  std::chrono::milliseconds backoff_base{200};  ///< ceiling of the first wait; doubles each round
  std::chrono::milliseconds backoff_cap{10'000};
  /// `refresh` parameter: "" (none), "true", or "wait_for" (return once searchable).
  std::string refresh;
  bool gzip = false;  ///< compress the request body
  std::size_t max_failures_kept = 100;
  /// Called for every failure, kept or not (from the sending thread; the ingester serialises calls).
  std::function<void(const bulk_failure&)> on_failure;
};

/// Sends one finished `_bulk` request body and returns the answer whatever its status;
/// `client::bulk` passes one that POSTs to the server.
using bulk_transport = std::function<http::response(const std::string& body, bool idempotent)>;

namespace detail {

// The index and id named in an action line, for reporting an item the server never answered for.
inline void read_action_line(std::string_view line, bulk_failure& f) {
  const auto j = nlohmann::json::parse(line, nullptr, false);
  if (!j.is_object() || j.empty() || !j.begin()->is_object()) return;
  f.index = text_of(*j.begin(), "_index");
  f.id = text_of(*j.begin(), "_id");
}

inline bool all_have_ids(const bulk_batch& batch) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (batch.action_line(i).find("\"_id\":") == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace detail

/// Sends `batch` through `transport`: items refused with 429 or 503 (or a whole request refused so)
/// are sent again, exactly those, after a backoff with full jitter (no shorter than the Retry-After
/// of a whole refused request, cut to `backoff_cap`), at most `options.max_retries` rounds; every
/// other item error is a failure reported with the server's reason.
/// `sleep` waits between rounds (tests pass one that does not). Nothing is dropped silently:
/// `succeeded + failed == batch.size()`.
/// @throws server_error when the server refuses the request itself (400 bad body, 401, 413 too large...).
/// @throws http::http_error when the server cannot be reached.
inline bulk_report send_bulk(const bulk_batch& batch, const bulk_options& options, const bulk_transport& transport,
                             const std::function<void(std::chrono::milliseconds)>& sleep) {
  bulk_report report;
  report.items = batch.size();
  if (batch.empty()) return report;

  // A request whose items all have ids can be repeated safely after a broken connection.
  const bool idempotent = detail::all_have_ids(batch);
  http::retry_policy backoff;
  backoff.base = options.backoff_base;
  backoff.cap = options.backoff_cap;
  std::mt19937_64 random(std::random_device{}());

  const auto fail = [&](const bulk_batch& b, std::size_t i, int status, std::string type, std::string reason,
                        int attempts) {
    bulk_failure f;
    f.tag = b.tag(i);
    f.op = b.op(i);
    detail::read_action_line(b.action_line(i), f);
    f.status = status;
    f.type = std::move(type);
    f.reason = std::move(reason);
    f.source = std::string(b.source(i));
    f.attempts = attempts;
    ++report.failed;
    if (options.on_failure) options.on_failure(f);
    if (report.failures.size() < options.max_failures_kept) report.failures.push_back(std::move(f));
  };

  bulk_batch pending = batch;
  for (int round = 1;; ++round) {
    const http::response answer = transport(pending.body(), idempotent);
    ++report.requests;
    std::vector<std::size_t> again;
    std::vector<std::pair<int, std::string>> again_why;  // status and reason of each item to retry
    std::chrono::milliseconds asked{0};                   // the server's Retry-After, if it gave one

    if (answer.status == 429 || answer.status == 503) {
      const server_error e = detail::make_server_error(answer);
      if (const auto value = answer.header("Retry-After")) {
        asked = http::parse_retry_after(*value, std::chrono::system_clock::now()).value_or(asked);
      }
      for (std::size_t i = 0; i < pending.size(); ++i) {
        again.push_back(i);
        again_why.emplace_back(answer.status, e.message());
      }
    } else if (!answer.ok()) {
      throw detail::make_server_error(answer);
    } else {
      const std::vector<bulk_item_result> items = detail::read_answer(answer, parse_bulk_items);
      if (items.size() != pending.size()) {
        throw error("aiops::es: the _bulk answer has " + std::to_string(items.size()) + " items for " +
                    std::to_string(pending.size()) + " sent");
      }
      for (std::size_t i = 0; i < items.size(); ++i) {
        const bulk_item_result& r = items[i];
        if (r.ok()) {
          ++report.succeeded;
          if (r.result == "created") ++report.created;
          if (r.result == "updated") ++report.updated;
        } else if (r.status == 429 || r.status == 503) {
          again.push_back(i);
          again_why.emplace_back(r.status, r.error_type + ": " + r.error_reason);
        } else {
          fail(pending, i, r.status, r.error_type, r.error_reason, round);
        }
      }
    }

    if (again.empty()) return report;
    if (round > options.max_retries) {
      for (std::size_t k = 0; k < again.size(); ++k) {
        fail(pending, again[k], again_why[k].first, "retries_exhausted",
             "still refused after " + std::to_string(round) + " attempts: " + again_why[k].second, round);
      }
      return report;
    }
    report.retried += again.size();
    std::uniform_int_distribution<std::chrono::milliseconds::rep> pick(0, backoff.backoff_ceiling(round).count());
    sleep(std::max(std::chrono::milliseconds(pick(random)), std::min(asked, options.backoff_cap)));
    pending = pending.select(again);
  }
}

}  // namespace es
AIOPS_END_NAMESPACE
