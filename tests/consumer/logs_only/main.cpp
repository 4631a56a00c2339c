// aiops: a consumer that takes only aiops::logs (Eigen, httplib and nlohmann-json are poisoned)
// SPDX-License-Identifier: MIT
#include <aiops/logs.hpp>

#include <cstdio>

int main() {
  const auto format = aiops::logs::access_format::nginx("combined").value();
  const auto r = format.parse(
      R"x(93.180.71.3 - - [17/May/2015:08:05:32 +0000] "GET /downloads/product_1?x=1 HTTP/1.1" 304 0 "-" "Debian APT-HTTP/1.3 (0.8.16~exp12ubuntu10.21)")x");
  if (!r) {
    std::printf("parse failed at column %zu: %s\n", r.error().column, r.error().message.c_str());
    return 1;
  }
  const bool right = r->remote_addr() == "93.180.71.3" && r->method() == "GET" && r->path() == "/downloads/product_1" &&
                     r->query() == "x=1" && r->status() == 304 && r->bytes() == 0 &&
                     aiops::format_rfc3339(r->time(), 0) == "2015-05-17T08:05:32Z" &&
                     r->user_agent() == "Debian APT-HTTP/1.3 (0.8.16~exp12ubuntu10.21)";
  std::printf("%d %.*s: %s\n", r->status(), int(r->path().size()), r->path().data(), right ? "ok" : "WRONG");
  return right ? 0 : 1;
}
