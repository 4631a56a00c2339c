// aiops: server_error, what the Elasticsearch/OpenSearch client throws when the server refuses a call,
// and answer_error, when a 2xx answer does not have the shape of the API
// SPDX-License-Identifier: MIT
#pragma once

#include <string>   // std::string
#include <utility>  // std::move

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/http/error.hpp"

AIOPS_BEGIN_NAMESPACE
namespace es {

/// An error answer from Elasticsearch or OpenSearch, with the server's `error.type` and
/// `error.reason` (`index_not_found_exception`, `no such index [logs]`).
///
/// When the top-level error only says "all shards failed", `caused_by()` holds the first root
/// cause (`query_shard_exception: Failed to parse query [...]`), which is the useful part.
/// It is an `http::http_error`, so `status()`, `method()`, `url()` and `body()` are there too.
class server_error : public http::http_error {
 public:
  server_error(std::string method, std::string url, int status, int attempts, std::string type, std::string reason,
               std::string caused_by, std::string body)
      : http_error(errc::http, std::move(method), std::move(url), status, attempts,
                   describe(type, reason, caused_by), std::move(body)),
        type_(std::move(type)),
        reason_(std::move(reason)),
        caused_by_(std::move(caused_by)) {}

  /// `error.type`, e.g. `mapper_parsing_exception`; empty when the body had no JSON error.
  const std::string& type() const noexcept { return type_; }
  /// `error.reason`, or the body when it was not a JSON error.
  const std::string& reason() const noexcept { return reason_; }
  /// The first root cause as `type: reason` when it differs from the error itself; else empty.
  const std::string& caused_by() const noexcept { return caused_by_; }

 private:
  static std::string describe(const std::string& type, const std::string& reason, const std::string& caused_by) {
    std::string text = type.empty() ? reason : type + ": " + reason;
    if (!caused_by.empty()) text += " (caused by " + caused_by + ")";
    return text;
  }

  std::string type_;
  std::string reason_;
  std::string caused_by_;
};

/// A field of an answer that is not what the API says it is: `"took":"x"`, `"items":{}`, a bucket
/// that is a number. Thrown by the `from_json` readers; the client turns it into an
/// `http::http_error` (code `errc::syntax`) that also names the server and the call.
class answer_error : public error {
 public:
  /// `field` is dotted from the answer's root (`hits.total.value`, `items[3].index.status`).
  answer_error(std::string field, const std::string& problem)
      : error("field \"" + field + "\" " + problem), field_(std::move(field)) {}

  /// The dotted path of the field.
  const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

}  // namespace es
AIOPS_END_NAMESPACE
