// aiops: answers of a _bulk call for the es unit tests, as the HTTP client hands them over
// SPDX-License-Identifier: MIT
#pragma once

#include <string>   // std::string
#include <utility>  // std::move

#include <aiops/http/message.hpp>

namespace aiops::testing {

/// A 200 answer with `body` to `POST http://127.0.0.1:19200/_bulk`.
inline http::response bulk_answer(std::string body) {
  http::response r;
  r.status = 200;
  r.body = std::move(body);
  r.method = "POST";
  r.url = "http://127.0.0.1:19200/_bulk";
  return r;
}

}  // namespace aiops::testing
