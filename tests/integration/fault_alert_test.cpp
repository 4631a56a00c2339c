// aiops: fault injection for the aiops::alert notifiers: Alertmanager (the real server behind the
// proxy), a webhook and an SMTP server (local receivers: no SMTP server is in our Debian list),
// each delivering through an outbox that must lose nothing
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <atomic>      // std::atomic_int
#include <chrono>      // durations, system_clock
#include <filesystem>  // std::filesystem
#include <memory>      // std::make_unique
#include <mutex>       // std::mutex
#include <string>      // std::string
#include <thread>      // std::thread
#include <vector>      // std::vector

#include <arpa/inet.h>   // inet_pton, htons, ntohs
#include <netinet/in.h>  // sockaddr_in
#include <sys/socket.h>  // socket, bind, listen, accept, recv, send, shutdown
#include <unistd.h>      // close, getpid

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <aiops/alert.hpp>

#include "fault_proxy.hpp"
#include "scratch.hpp"
#include "servers.hpp"

namespace alert = aiops::alert;
using aiops::testing::fault;
using aiops::testing::fault_proxy;
using namespace std::chrono_literals;

using aiops::testing::scratch_dir;

namespace {
// A firing notification for `receiver` whose alert is named `name` (unique per test run).
alert::notification firing(const std::string& receiver, const std::string& name) {
  alert::alert a;
  a.labels = {{"alertname", name}, {"severity", "page"}};
  a.annotations = {{"summary", "injected fault test"}};
  a.state = alert::alert_state::firing;
  a.fired_at = aiops::wall_now();
  return {receiver, "{}:{alertname=\"" + name + "\"}", {{"alertname", name}}, {a}};
}

std::string unique(const std::string& stem) { return stem + std::to_string(::getpid()); }

// How many alerts named `name` the real Alertmanager holds as active.
std::size_t active_in_alertmanager(const std::string& name) {
  aiops::http::client am(aiops::testing::alertmanager_url());
  const auto alerts = am.get_json("/api/v2/alerts", {{"filter", "alertname=\"" + name + "\""}, {"active", "true"}});
  return alerts.size();
}

// A webhook receiver: httplib on a free port, keeping the alert names it was posted, in order.
class webhook_receiver {
 public:
  webhook_receiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      const auto j = nlohmann::json::parse(req.body);
      std::lock_guard lock(mutex_);
      for (const auto& a : j["alerts"]) names_.push_back(a["labels"]["alertname"].get<std::string>());
      res.status = 200;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~webhook_receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> names() {
    std::lock_guard lock(mutex_);
    return names_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> names_;
};

// A plain-text SMTP receiver (RFC 5321: greeting, EHLO, MAIL, RCPT, DATA, QUIT) on a free port whose
// first sessions can misbehave: answer 421 at once, never greet, or drop the connection inside DATA.
class smtp_receiver {
 public:
  enum class trouble { none, refuse_421, silent, drop_in_data };

  explicit smtp_receiver(std::vector<trouble> first_sessions) : troubles_(std::move(first_sessions)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    socklen_t length = sizeof addr;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener_, 8) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
      throw std::runtime_error("smtp_receiver: cannot listen");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~smtp_receiver() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
  }
  int port() const { return port_; }
  /// The messages received whole (after the final "." and the 250), their DATA text.
  std::vector<std::string> messages() {
    std::lock_guard lock(mutex_);
    return messages_;
  }

 private:
  void run() {
    for (std::size_t session = 0; !stopping_; ++session) {
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      serve(fd, session < troubles_.size() ? troubles_[session] : trouble::none);
      ::close(fd);
    }
  }

  static void say(int fd, const std::string& line) { ::send(fd, line.data(), line.size(), MSG_NOSIGNAL); }

  // Reads up to and including the next "\r\n" (or `terminator`); false when the client went away.
  static bool read_until(int fd, std::string& buffer, std::string& out, const std::string& terminator = "\r\n") {
    char chunk[4096];
    std::size_t at;
    while ((at = buffer.find(terminator)) == std::string::npos) {
      const auto n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    out = buffer.substr(0, at + terminator.size());
    buffer.erase(0, at + terminator.size());
    return true;
  }

  void serve(int fd, trouble t) {
    std::string buffer;
    std::string line;
    if (t == trouble::silent) {  // hold the connection without a greeting until the client gives up
      read_until(fd, buffer, line);
      return;
    }
    if (t == trouble::refuse_421) return say(fd, "421 4.3.2 too busy, try later\r\n");
    say(fd, "220 fault-test ESMTP\r\n");
    while (read_until(fd, buffer, line)) {
      const std::string verb = line.substr(0, 4);
      if (verb == "EHLO" || verb == "HELO") {
        say(fd, "250 fault-test\r\n");
      } else if (verb == "DATA") {
        say(fd, "354 end with .\r\n");
        if (t == trouble::drop_in_data) return;
        std::string data;
        if (!read_until(fd, buffer, data, "\r\n.\r\n")) return;
        {
          std::lock_guard lock(mutex_);
          messages_.push_back(data);
        }
        say(fd, "250 2.0.0 queued\r\n");
      } else if (verb == "QUIT") {
        return say(fd, "221 bye\r\n");
      } else {
        say(fd, "250 ok\r\n");
      }
    }
  }

  std::vector<trouble> troubles_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic_bool stopping_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> messages_;
};

alert::smtp_options smtp_to(int port) {
  alert::smtp_options o;
  o.port = port;
  o.from = "aiops@example.org";
  o.to = {"ops@example.org"};
  o.timeout = 500ms;
  return o;
}

}  // namespace

TEST_CASE("fault/alertmanager: 503, a reset and a 429 with Retry-After: the alert arrives, Retry-After obeyed",
          "[integration][fault][alert]") {
  INFO(aiops::testing::server_hint("alertmanager", aiops::testing::alertmanager_url()));
  const std::string name = unique("AiopsFaultRetried");
  fault_proxy proxy(aiops::testing::alertmanager_url());
  proxy.inject_in_turn({fault::answer(503), fault::reset_connection(), fault::answer(429, 1)});
  aiops::testing::sleep_log waits;
  auto o = aiops::testing::recorded_options(waits);
  o.retry.max_attempts = 4;

  alert::alertmanager_notifier am(proxy.url(), o);
  am.send(firing("am", name));
  CHECK(proxy.requests("/api/v2/alerts").size() == 4);
  const auto w = waits.waits();
  REQUIRE(w.size() == 3);
  CHECK(w[2] == 1000ms);
  CHECK(active_in_alertmanager(name) == 1);
}

TEST_CASE("fault/alertmanager: down for longer than the retries: the outbox keeps the alert and delivers it later",
          "[integration][fault][alert]") {
  const std::string name = unique("AiopsFaultQueued");
  fault_proxy proxy(aiops::testing::alertmanager_url());
  proxy.inject(3, fault::answer(503));  // every attempt of the first delivery
  aiops::testing::sleep_log waits;
  alert::alertmanager_notifier am(proxy.url(), aiops::testing::recorded_options(waits));
  const scratch_dir dir("am-outbox");
  alert::outbox queue(dir);
  queue.add(firing("am", name));

  const auto first = queue.deliver({{"am", &am}});
  CHECK(first.delivered == 0);
  CHECK(first.pending == 1);
  REQUIRE(first.errors.size() == 1);
  CHECK(first.errors[0].find("503") != std::string::npos);
  CHECK(active_in_alertmanager(name) == 0);

  const auto second = queue.deliver({{"am", &am}});
  CHECK(second.delivered == 1);
  CHECK(queue.size() == 0);
  CHECK(active_in_alertmanager(name) == 1);
}

TEST_CASE("fault/webhook: 503 and a reset are not repeated blindly (POST), the outbox redelivers, in order, nothing lost",
          "[integration][fault][alert]") {
  webhook_receiver receiver;
  fault_proxy proxy(receiver.url());
  proxy.inject_in_turn({fault::answer(503), fault::reset_connection()}, "/hook");
  aiops::testing::sleep_log waits;
  alert::webhook_notifier hook(proxy.url() + "/hook", aiops::testing::recorded_options(waits));
  const scratch_dir dir("webhook-outbox");
  alert::outbox queue(dir);
  for (const char* name : {"first", "second", "third"}) queue.add(firing("ops", name));

  // Each failure stops the pass for this receiver, so the later notifications wait behind it.
  CHECK(queue.deliver({{"ops", &hook}}).delivered == 0);
  CHECK(queue.deliver({{"ops", &hook}}).delivered == 0);
  const auto last = queue.deliver({{"ops", &hook}});
  CHECK(last.delivered == 3);
  CHECK(queue.size() == 0);
  CHECK(receiver.names() == std::vector<std::string>{"first", "second", "third"});
}

TEST_CASE("fault/webhook: 429 with Retry-After is retried in the call, a stalled receiver is a timeout error, not repeated (POST)",
          "[integration][fault][alert]") {
  webhook_receiver receiver;
  fault_proxy proxy(receiver.url());
  proxy.inject(1, fault::answer(429, 1), "/hook");
  aiops::testing::sleep_log waits;
  auto o = aiops::testing::recorded_options(waits);
  o.read_timeout = 300ms;
  o.deadline = 2s;  // room for the 1 s Retry-After
  alert::webhook_notifier hook(proxy.url() + "/hook", o);

  hook.send(firing("ops", "throttled"));
  CHECK(waits.waits() == std::vector<std::chrono::milliseconds>{1000ms});
  CHECK(receiver.names() == std::vector<std::string>{"throttled"});

  proxy.inject(1, fault::delayed(2s), "/hook");
  try {
    hook.send(firing("ops", "stalled"));
    FAIL("a stalled webhook was reported as delivered");
  } catch (const aiops::http::http_error& e) {
    INFO(e.what());
    CHECK(e.code() == aiops::errc::timeout);
    CHECK(e.attempts() == 1);  // the receiver may have taken it: a POST is not sent twice
  }
}

TEST_CASE("fault/smtp: 421 at the greeting and a connection dropped inside DATA: clear errors, the outbox redelivers",
          "[integration][fault][alert]") {
  using trouble = smtp_receiver::trouble;
  smtp_receiver server({trouble::refuse_421, trouble::drop_in_data});
  alert::smtp_notifier mail(smtp_to(server.port()));
  const scratch_dir dir("smtp-outbox");
  alert::outbox queue(dir);
  queue.add(firing("mail", "DiskFull"));

  const auto refused = queue.deliver({{"mail", &mail}});
  CHECK(refused.pending == 1);
  REQUIRE(refused.errors.size() == 1);
  CHECK(refused.errors[0].find("421") != std::string::npos);

  const auto dropped = queue.deliver({{"mail", &mail}});
  CHECK(dropped.pending == 1);
  REQUIRE(dropped.errors.size() == 1);
  CHECK(server.messages().empty());

  CHECK(queue.deliver({{"mail", &mail}}).delivered == 1);
  REQUIRE(server.messages().size() == 1);
  CHECK(server.messages()[0].find("DiskFull") != std::string::npos);
}

TEST_CASE("fault/smtp: a server that never greets: an smtp_error after the timeout, not a hang",
          "[integration][fault][alert]") {
  smtp_receiver server({smtp_receiver::trouble::silent});
  alert::smtp_notifier mail(smtp_to(server.port()));
  try {
    mail.send(firing("mail", "Silent"));
    FAIL("a message was reported as sent to a silent server");
  } catch (const alert::smtp_error& e) {
    INFO(e.what());
    CHECK(e.code() == 0);
  }
}
