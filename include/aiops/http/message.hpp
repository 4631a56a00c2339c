// aiops: HTTP requests and responses as plain values (standard library only)
// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>       // std::chrono::milliseconds
#include <cstddef>      // std::size_t
#include <map>          // std::multimap
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/http/url.hpp"

AIOPS_BEGIN_NAMESPACE
namespace http {

/// Orders header names case-insensitively, as HTTP compares them.
struct ci_less {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
      const char x = to_lower(a[i]);
      const char y = to_lower(b[i]);
      if (x != y) return x < y;
    }
    return a.size() < b.size();
  }
};

/// Header fields; names compare case-insensitively and may repeat.
using header_map = std::multimap<std::string, std::string, ci_less>;

/// One HTTP call, for `client::send`. Only `path` is needed for a GET.
///
///     aiops::http::request r;
///     r.method = "POST";
///     r.path = "/_bulk";
///     r.body = ndjson;
///     r.content_type = "application/x-ndjson";
///     r.gzip = true;
///     aiops::http::response answer = client.send(r);
struct request {
  std::string method = "GET";
  std::string path;          ///< after the client's base URL; may already hold a query
  query params;              ///< appended to the path's query, percent-encoded
  header_map headers;        ///< replace the client's default headers of the same name
  std::string body;
  std::string content_type;  ///< sent with a non-empty body; "text/plain" when left empty
  bool gzip = false;         ///< compress the body and send `Content-Encoding: gzip`
  /// Overrides `retry_policy::is_idempotent(method)`: true lets a POST be retried after a 5xx or a
  /// broken connection (a Prometheus query by POST); false stops a GET from being retried.
  std::optional<bool> idempotent;
  /// Overrides `client_options::deadline` for this call.
  std::optional<std::chrono::milliseconds> deadline;
};

/// What the server answered, whatever the status.
struct response {
  int status = 0;
  std::string reason;  ///< the status line's phrase: "Not Found"
  header_map headers;
  std::string body;
  std::string method;  ///< of the request that got this answer
  std::string url;     ///< of the request, without user information
  int attempts = 1;    ///< how many tries it took

  /// A 2xx status.
  bool ok() const noexcept { return status >= 200 && status < 300; }

  /// The first value of header `name` (any case), or nothing.
  std::optional<std::string> header(std::string_view name) const {
    const auto it = headers.find(name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
};

}  // namespace http
AIOPS_END_NAMESPACE
