// aiops: http_error, what the HTTP client throws when a call fails
// SPDX-License-Identifier: MIT
#pragma once

#include <string>   // std::string, std::to_string
#include <utility>  // std::move

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/result.hpp"

AIOPS_BEGIN_NAMESPACE
namespace http {

/// A call that failed: an error status, no answer at all, or an answer that could not be read.
///
/// `what()` reads `GET http://127.0.0.1:19090/api/v1/query?query=sum%28: HTTP 400: bad_data:
/// invalid parameter "query": ...`, with " (after 3 attempts)" when the call was retried.
class http_error : public error {
 public:
  /// `message` is the server's own explanation (status > 0) or what went wrong on the connection.
  http_error(errc code, std::string method, std::string url, int status, int attempts, std::string message,
             std::string body = {})
      : error(describe(method, url, status, attempts, message)),
        code_(code),
        method_(std::move(method)),
        url_(std::move(url)),
        status_(status),
        attempts_(attempts),
        message_(std::move(message)),
        body_(std::move(body)) {}

  /// `errc::http` for an error status, `errc::timeout`, `errc::io` for a connection failure,
  /// `errc::syntax` for a body that is not the JSON the caller asked for.
  errc code() const noexcept { return code_; }
  const std::string& method() const noexcept { return method_; }
  /// The URL called, without any user information.
  const std::string& url() const noexcept { return url_; }
  /// The HTTP status, or 0 when no response arrived.
  int status() const noexcept { return status_; }
  int attempts() const noexcept { return attempts_; }
  /// The server's message (from its JSON error body when it has one), or the connection failure.
  const std::string& message() const noexcept { return message_; }
  /// The server's whole response body; empty when no response arrived.
  const std::string& body() const noexcept { return body_; }

 private:
  static std::string describe(const std::string& method, const std::string& url, int status, int attempts,
                              const std::string& message) {
    std::string what = method + " " + url + ": ";
    if (status > 0) what += "HTTP " + std::to_string(status) + (message.empty() ? "" : ": ");
    what += message;
    if (attempts > 1) what += " (after " + std::to_string(attempts) + " attempts)";
    return what;
  }

  errc code_;
  std::string method_;
  std::string url_;
  int status_;
  int attempts_;
  std::string message_;
  std::string body_;
};

}  // namespace http
AIOPS_END_NAMESPACE
