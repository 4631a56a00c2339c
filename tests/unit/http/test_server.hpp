// aiops: a real httplib server on 127.0.0.1 and a free port, run in a thread for one test
// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>      // std::chrono::milliseconds
#include <functional>  // std::function
#include <memory>      // std::unique_ptr
#include <stdexcept>   // std::runtime_error
#include <string>      // std::string
#include <thread>      // std::thread, std::this_thread
#include <utility>     // std::move
#include <vector>      // std::vector

#include <arpa/inet.h>   // htonl, ntohs
#include <netinet/in.h>  // sockaddr_in
#include <sys/socket.h>  // socket, bind, getsockname
#include <unistd.h>      // close

#include <httplib.h>

#include <aiops/http.hpp>

namespace aiops::testing {

/// Starts `server` (routes already set) on 127.0.0.1 and a free port; stops it on destruction.
class test_server {
 public:
  explicit test_server(std::unique_ptr<httplib::Server> server, std::string scheme = "http")
      : server_(std::move(server)), scheme_(std::move(scheme)) {
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("test_server: cannot bind 127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() is a no-op until the accept loop runs, so the destructor must not race ahead of it.
    while (!server_->is_running()) std::this_thread::yield();
  }
  test_server(const test_server&) = delete;
  test_server& operator=(const test_server&) = delete;
  ~test_server() {
    server_->stop();
    thread_.join();
  }

  int port() const { return port_; }
  std::string url() const { return scheme_ + "://127.0.0.1:" + std::to_string(port_); }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::string scheme_;
  int port_ = 0;
  std::thread thread_;
};

/// Client options whose waits are recorded in `waits` instead of slept.
inline aiops::http::client_options recording_options(std::vector<std::chrono::milliseconds>& waits) {
  aiops::http::client_options options;
  options.clock.sleep = [&waits](std::chrono::milliseconds d) { waits.push_back(d); };
  return options;
}

/// A port on 127.0.0.1 where nothing listens: bound (never listened on) then closed, so connecting
/// to it is refused.
inline int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    throw std::runtime_error("closed_port: no free port on 127.0.0.1");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace aiops::testing
