// aiops: a loopback TCP proxy that the fault-injection tests start in-process: it forwards HTTP
// requests to a real server and, for the requests a rule picks, delays, resets, truncates or answers 429/503
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>           // std::search, std::min, std::transform
#include <atomic>              // std::atomic_bool
#include <cctype>              // std::tolower
#include <cerrno>              // errno
#include <chrono>              // std::chrono::milliseconds, steady_clock
#include <cstddef>             // std::size_t
#include <cstring>             // std::strerror
#include <deque>               // std::deque of rules
#include <functional>          // std::function
#include <mutex>               // std::mutex, std::lock_guard
#include <optional>            // std::optional
#include <set>                 // std::set of open sockets
#include <stdexcept>           // std::runtime_error
#include <string>              // std::string
#include <string_view>         // std::string_view
#include <thread>              // std::thread, std::this_thread::sleep_for
#include <vector>              // std::vector

#include <arpa/inet.h>   // inet_pton, htons, ntohs
#include <netinet/in.h>  // sockaddr_in
#include <poll.h>        // poll
#include <sys/socket.h>  // socket, bind, listen, accept, connect, send, recv, shutdown, setsockopt
#include <unistd.h>      // close, pipe, write

#include <aiops/http.hpp>

namespace aiops::testing {

/// What the proxy does to one request (each client connection carries one request: the proxy
/// asks the server for `Connection: close` and closes the client's connection after the answer).
struct fault {
  enum class kind {
    pass,      ///< forward untouched
    delay,     ///< wait `delay`, then forward (a slow network or server)
    reset,     ///< close the client's connection with a TCP RST; the server never sees the request
    truncate,  ///< forward, then pass only the first `keep_bytes` of the answer and close (0: the answer is lost)
    status,    ///< answer `status` (429, 503...) itself, with Retry-After when `retry_after` is set
  };
  kind what = kind::pass;
  std::chrono::milliseconds delay{0};
  std::size_t keep_bytes = 0;
  int status = 0;
  std::optional<int> retry_after;  ///< seconds

  static fault delayed(std::chrono::milliseconds d) { return {kind::delay, d, 0, 0, {}}; }
  static fault reset_connection() { return {kind::reset, {}, 0, 0, {}}; }
  static fault truncated(std::size_t keep) { return {kind::truncate, {}, keep, 0, {}}; }
  static fault answer(int status, std::optional<int> retry_after_seconds = {}) {
    return {kind::status, {}, 0, status, retry_after_seconds};
  }
};

/// One request as the proxy saw it.
struct proxied_request {
  std::string method;
  std::string path;  ///< the request target, query included
  std::chrono::steady_clock::time_point arrived;
  fault::kind applied = fault::kind::pass;
};

/// A proxy on 127.0.0.1 (a free port) in front of `upstream` (`http://127.0.0.1:19200`).
///
///     aiops::testing::fault_proxy proxy(aiops::testing::opensearch_url());
///     proxy.inject(2, aiops::testing::fault::answer(429, 1), "/_bulk");  // the next two bulk requests
///     aiops::es::client es(proxy.url());
///
/// Rules apply in the order they were added; each takes the next `count` requests whose target
/// starts with its prefix. Thread-safe; the destructor stops the proxy and joins its threads.
class fault_proxy {
 public:
  explicit fault_proxy(const std::string& upstream) {
    const std::string_view rest = std::string_view(upstream).substr(upstream.find("://") + 3);
    const auto colon = rest.rfind(':');
    if (upstream.rfind("http://", 0) != 0 || colon == std::string_view::npos) {
      throw std::invalid_argument("fault_proxy: upstream must be http://<ipv4>:<port>, not " + upstream);
    }
    upstream_host_ = std::string(rest.substr(0, colon));
    if (upstream_host_ == "localhost") upstream_host_ = "127.0.0.1";
    upstream_port_ = std::stoi(std::string(rest.substr(colon + 1)));

    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int on = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in addr = loopback(0);
    socklen_t length = sizeof addr;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener_, 64) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &length) != 0 ||
        ::pipe(wake_) != 0) {
      throw std::runtime_error(std::string("fault_proxy: cannot listen: ") + std::strerror(errno));
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  fault_proxy(const fault_proxy&) = delete;
  fault_proxy& operator=(const fault_proxy&) = delete;

  ~fault_proxy() {
    stopping_ = true;
    (void)!::write(wake_[1], "x", 1);
    acceptor_.join();
    {
      std::lock_guard lock(mutex_);
      for (int fd : open_) ::shutdown(fd, SHUT_RDWR);  // wakes connections blocked in recv
    }
    for (auto& t : connections_) t.join();
    ::close(listener_);
    ::close(wake_[0]);
    ::close(wake_[1]);
  }

  /// The proxy's base URL, to give to the client under test.
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// The next `count` requests whose target starts with `path_prefix` get `f`.
  void inject(std::size_t count, fault f, std::string path_prefix = "/") {
    std::lock_guard lock(mutex_);
    rules_.push_back({count, f, std::move(path_prefix)});
  }

  /// The next requests whose target starts with `path_prefix` get `faults`, one each, in order.
  void inject_in_turn(const std::vector<fault>& faults, const std::string& path_prefix = "/") {
    for (const fault& f : faults) inject(1, f, path_prefix);
  }

  /// Every request so far, in order of arrival.
  std::vector<proxied_request> requests() const {
    std::lock_guard lock(mutex_);
    return log_;
  }

  /// The requests so far whose target starts with `path_prefix`.
  std::vector<proxied_request> requests(std::string_view path_prefix) const {
    std::vector<proxied_request> out;
    for (auto& r : requests())
      if (r.path.rfind(path_prefix, 0) == 0) out.push_back(r);
    return out;
  }

 private:
  struct rule {
    std::size_t count;
    fault f;
    std::string prefix;
  };

  static sockaddr_in loopback(int port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    return addr;
  }

  void accept_loop() {
    while (!stopping_) {
      pollfd fds[2] = {{listener_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0 || (fds[1].revents & POLLIN) != 0) return;
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) continue;
      std::lock_guard lock(mutex_);
      open_.insert(client);
      connections_.emplace_back([this, client] { serve(client); });
    }
  }

  fault take_fault(const std::string& path) {
    std::lock_guard lock(mutex_);
    for (auto it = rules_.begin(); it != rules_.end(); ++it) {
      if (path.rfind(it->prefix, 0) != 0) continue;
      const fault f = it->f;
      if (--it->count == 0) rules_.erase(it);
      return f;
    }
    return {};
  }

  void closed(int fd) {
    std::lock_guard lock(mutex_);
    open_.erase(fd);
    ::close(fd);
  }

  static bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
      const auto n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  static std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  }

  // Reads one request (head and Content-Length body); returns it with `Connection: close`, or
  // nothing when the client went away first.
  static std::optional<std::string> read_request(int fd, std::string& method, std::string& path) {
    std::string data;
    char buffer[16384];
    std::size_t head_end = std::string::npos;
    while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
      const auto n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return std::nullopt;
      data.append(buffer, static_cast<std::size_t>(n));
    }
    std::string head;
    std::size_t body_length = 0;
    std::size_t start = 0;
    for (std::size_t line_no = 0; start < head_end; ++line_no) {
      std::size_t end = data.find("\r\n", start);
      const std::string line = data.substr(start, end - start);
      start = end + 2;
      if (line_no == 0) {
        method = line.substr(0, line.find(' '));
        path = line.substr(method.size() + 1, line.rfind(' ') - method.size() - 1);
        head += line + "\r\n";
        continue;
      }
      const std::string name = lower(line.substr(0, line.find(':')));
      if (name == "content-length") body_length = std::stoul(line.substr(line.find(':') + 1));
      if (name != "connection") head += line + "\r\n";
    }
    head += "Connection: close\r\n\r\n";
    std::string body = data.substr(head_end + 4);
    while (body.size() < body_length) {
      const auto n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return std::nullopt;
      body.append(buffer, static_cast<std::size_t>(n));
    }
    return head + body;
  }

  static std::string status_answer(const fault& f) {
    const std::string body = R"({"error":"injected by fault_proxy","status":)" + std::to_string(f.status) + "}";
    std::string answer = "HTTP/1.1 " + std::to_string(f.status) +
                         (f.status == 429 ? " Too Many Requests" : " Service Unavailable") +
                         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                         "\r\nConnection: close\r\n";
    if (f.retry_after) answer += "Retry-After: " + std::to_string(*f.retry_after) + "\r\n";
    return answer + "\r\n" + body;
  }

  void serve(int client) {
    std::string method;
    std::string path;
    const auto request = read_request(client, method, path);
    if (!request) return closed(client);
    const fault f = take_fault(path);
    {
      std::lock_guard lock(mutex_);
      log_.push_back({method, path, std::chrono::steady_clock::now(), f.what});
    }
    switch (f.what) {
      case fault::kind::reset: {
        const linger abortive{1, 0};  // close() then sends RST, not FIN
        ::setsockopt(client, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
        return closed(client);
      }
      case fault::kind::status:
        send_all(client, status_answer(f));
        ::shutdown(client, SHUT_WR);
        return closed(client);
      case fault::kind::delay:
        std::this_thread::sleep_for(f.delay);
        break;
      default:
        break;
    }
    forward(client, *request, f.what == fault::kind::truncate ? f.keep_bytes : std::string::npos);
    closed(client);
  }

  // Sends the request upstream, reads the whole answer (the server finishes its work), marks it
  // `Connection: close` (the client must not reuse a connection the proxy closes) and relays its
  // first `limit` bytes.
  void forward(int client, const std::string& request, std::size_t limit) {
    const int server = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = loopback(upstream_port_);
    ::inet_pton(AF_INET, upstream_host_.c_str(), &addr.sin_addr);
    if (server < 0 || ::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        !send_all(server, request)) {
      if (server >= 0) ::close(server);
      send_all(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    std::string answer;
    char buffer[16384];
    for (;;) {
      const auto n = ::recv(server, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(server);
    const std::size_t head_end = answer.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::string head;
      for (std::size_t start = 0; start < head_end;) {
        const std::size_t end = answer.find("\r\n", start);
        const std::string line = answer.substr(start, end - start);
        if (lower(line.substr(0, line.find(':'))) != "connection") head += line + "\r\n";
        start = end + 2;
      }
      answer = head + "Connection: close\r\n" + answer.substr(head_end + 2);
    }
    send_all(client, std::string_view(answer).substr(0, std::min(limit, answer.size())));
    ::shutdown(client, SHUT_WR);
  }

  std::string upstream_host_;
  int upstream_port_ = 0;
  int listener_ = -1;
  int wake_[2] = {-1, -1};
  int port_ = 0;
  std::atomic_bool stopping_{false};
  mutable std::mutex mutex_;
  std::deque<rule> rules_;
  std::vector<proxied_request> log_;
  std::set<int> open_;
  std::vector<std::thread> connections_;
  std::thread acceptor_;
};

/// Records every wait a client makes, then really waits: install `sleeper()` as the client's
/// `http::clock::sleep` (or use `recorded_options`) to check its backoff and its obedience to
/// Retry-After. Thread-safe; must outlive the clients that use it.
class sleep_log {
 public:
  std::function<void(std::chrono::milliseconds)> sleeper() {
    return [this](std::chrono::milliseconds d) {
      {
        std::lock_guard lock(mutex_);
        waits_.push_back(d);
      }
      std::this_thread::sleep_for(d);
    };
  }
  std::vector<std::chrono::milliseconds> waits() const {
    std::lock_guard lock(mutex_);
    return waits_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::chrono::milliseconds> waits_;
};

/// HTTP client options for a client behind the proxy: short backoffs (50 ms doubling to 400 ms:
/// the faults are few), every wait recorded in `log`.
inline aiops::http::client_options recorded_options(sleep_log& log) {
  aiops::http::client_options o;
  o.retry.base = std::chrono::milliseconds(50);
  o.retry.cap = std::chrono::milliseconds(400);
  o.clock.sleep = log.sleeper();
  return o;
}

}  // namespace aiops::testing
