// aiops: serving a bound cpp-httplib server on a background thread, without the stop-before-listen race
// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>  // std::atomic_bool
#include <memory>  // std::make_shared
#include <thread>  // std::thread, std::this_thread::yield

#include "aiops/config.hpp"
#include "aiops/http/httplib.hpp"

AIOPS_BEGIN_NAMESPACE
namespace http {

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
