// aiops: binding a cpp-httplib server and serving it on a background thread, without the stop-before-listen race
// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>  // std::atomic_bool
#include <memory>  // std::make_shared
#include <string>  // std::string
#include <thread>  // std::thread, std::this_thread::yield

#include "aiops/config.hpp"
#include "aiops/http/httplib.hpp"

AIOPS_BEGIN_NAMESPACE
namespace http {

/// Binds `host:port`, any free port when `port` is 0; returns the bound port, or -1 when it cannot.
inline int bind(httplib::Server& server, const std::string& host, int port) {
  if (port == 0) return server.bind_to_any_port(host);
  return server.bind_to_port(host, port) ? port : -1;
}

/// Runs `listen_after_bind()` of a bound server on a new thread and returns the thread once the
/// server listens (or has already given up): a `stop()` that came before the loop started would be
/// lost, and joining the thread would then hang forever.
inline std::thread serve_in_background(httplib::Server& server) {
  auto done = std::make_shared<std::atomic_bool>(false);
  std::thread t([&server, done] {
    server.listen_after_bind();
    *done = true;
  });
  while (!server.is_running() && !*done) std::this_thread::yield();
  return t;
}

}  // namespace http
AIOPS_END_NAMESPACE
