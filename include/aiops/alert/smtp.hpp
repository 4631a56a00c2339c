// aiops: e-mail notifications over SMTP (RFC 5321) with STARTTLS (RFC 3207) and AUTH PLAIN/LOGIN (RFC 4954)
// SPDX-License-Identifier: MIT
#pragma once

#include <cerrno>       // errno
#include <chrono>       // std::chrono::milliseconds, system_clock
#include <cstddef>      // std::size_t
#include <cstring>      // std::strerror
#include <ctime>        // std::time_t, std::tm, std::strftime, ::gmtime_r
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move, std::pair
#include <vector>       // std::vector

#include <netdb.h>       // getaddrinfo
#include <sys/socket.h>  // socket, connect, setsockopt
#include <sys/time.h>    // timeval
#include <unistd.h>      // close, read, write

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include "aiops/alert/notifier.hpp"
#include "aiops/alert/route.hpp"
#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/strings.hpp"

AIOPS_BEGIN_NAMESPACE
namespace alert {

/// An SMTP failure: the connection, TLS, or a reply the server gave ("535 5.7.8 Authentication failed").
class smtp_error : public error {
 public:
  smtp_error(const std::string& what, int code = 0) : error("SMTP: " + what), code_(code) {}
  /// The server's reply code, 0 when the failure was not a reply.
  int code() const noexcept { return code_; }

 private:
  int code_;
};

/// Where and how to send mail.
struct smtp_options {
  std::string host = "127.0.0.1";
  int port = 25;
  std::string from;                 ///< envelope and `From:` address
  std::vector<std::string> to;      ///< envelope and `To:` addresses
  std::string user;                 ///< AUTH when not empty: PLAIN if offered, else LOGIN
  std::string password;
  bool starttls = true;             ///< upgrade to TLS when the server offers STARTTLS
  bool require_tls = false;         ///< fail instead of sending in clear text when STARTTLS is not offered
  bool verify_tls = true;           ///< check the server's certificate and name
  std::string ca_cert_file;         ///< PEM CAs to trust; empty: the system's store
  std::string helo_name = "localhost";
  std::chrono::milliseconds timeout{10'000};  ///< per connect, read and write
};

namespace detail {

inline std::string base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()), int(data.size()));
  out.resize(std::size_t(n));
  return out;
}

// One SMTP conversation over a socket, upgraded in place to TLS by STARTTLS.
class smtp_session {
 public:
  explicit smtp_session(const smtp_options& o) : o_(o) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(o.host.c_str(), std::to_string(o.port).c_str(), &hints, &found);
    if (rc != 0) throw smtp_error("cannot resolve " + o.host + ": " + ::gai_strerror(rc));
    std::string last = "no address";
    for (addrinfo* a = found; a != nullptr && fd_ < 0; a = a->ai_next) {
      const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
      if (fd < 0) continue;
      timeval tv{};
      tv.tv_sec = long(o.timeout.count() / 1000);
      tv.tv_usec = long(o.timeout.count() % 1000) * 1000;
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);  // also bounds connect() on Linux
      if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) fd_ = fd;
      else last = std::strerror(errno), ::close(fd);
    }
    ::freeaddrinfo(found);
    if (fd_ < 0) throw smtp_error("cannot connect to " + o.host + ":" + std::to_string(o.port) + ": " + last);
  }
  smtp_session(const smtp_session&) = delete;
  smtp_session& operator=(const smtp_session&) = delete;
  ~smtp_session() {
    if (ssl_ != nullptr) ::SSL_shutdown(ssl_), ::SSL_free(ssl_);
    if (ctx_ != nullptr) ::SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
  }

  // Reads one (possibly multi-line) reply: its code and the text of each line.
  std::pair<int, std::vector<std::string>> reply() {
    std::vector<std::string> lines;
    for (;;) {
      const std::string line = read_line();
      if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2]))
        throw smtp_error("malformed reply \"" + line + "\"");
      lines.push_back(line.size() > 4 ? line.substr(4) : std::string());
      if (line.size() == 3 || line[3] == ' ') return {std::stoi(line.substr(0, 3)), lines};
    }
  }

  // Sends a command and checks that the reply code starts with `expected` ('2' or '3').
  std::vector<std::string> command(const std::string& line, char expected, const std::string& shown = "") {
    write(line + "\r\n");
    return expect(expected, shown.empty() ? line : shown);
  }

  std::vector<std::string> expect(char expected, const std::string& after) {
    auto [code, lines] = reply();
    if (std::to_string(code)[0] != expected)
      throw smtp_error(after + ": " + std::to_string(code) + " " + (lines.empty() ? "" : lines.back()), code);
    return lines;
  }

  void start_tls() {
    ctx_ = ::SSL_CTX_new(TLS_client_method());
    if (ctx_ == nullptr) throw smtp_error("cannot create a TLS context");
    if (o_.verify_tls) {
      ::SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
      const bool loaded = o_.ca_cert_file.empty() ? ::SSL_CTX_set_default_verify_paths(ctx_) == 1
                                                  : ::SSL_CTX_load_verify_locations(ctx_, o_.ca_cert_file.c_str(), nullptr) == 1;
      if (!loaded) throw smtp_error("cannot load CA certificates " + o_.ca_cert_file);
    }
    ssl_ = ::SSL_new(ctx_);
    ::SSL_set_fd(ssl_, fd_);
    // An IP address is checked against the certificate's IP names and never sent as SNI.
    const bool is_ip = ::X509_VERIFY_PARAM_set1_ip_asc(::SSL_get0_param(ssl_), o_.host.c_str()) == 1;
    if (!is_ip) {
      ::SSL_set_tlsext_host_name(ssl_, o_.host.c_str());
      if (o_.verify_tls) ::SSL_set1_host(ssl_, o_.host.c_str());
    }
    if (::SSL_connect(ssl_) != 1) {
      char buf[256];
      ::ERR_error_string_n(::ERR_get_error(), buf, sizeof buf);
      throw smtp_error(std::string("TLS handshake failed: ") + buf);
    }
  }

  void write(std::string_view data) {
    while (!data.empty()) {
      const long n = ssl_ != nullptr ? ::SSL_write(ssl_, data.data(), int(data.size()))
                                     : long(::send(fd_, data.data(), data.size(), MSG_NOSIGNAL));
      if (n <= 0) throw smtp_error("connection lost while sending");
      data.remove_prefix(std::size_t(n));
    }
  }

 private:
  std::string read_line() {
    for (;;) {
      const std::size_t end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        std::string line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return line;
      }
      if (buffer_.size() > 65536) throw smtp_error("reply line too long");
      char chunk[4096];
      const long n = ssl_ != nullptr ? ::SSL_read(ssl_, chunk, int(sizeof chunk)) : long(::recv(fd_, chunk, sizeof chunk, 0));
      if (n <= 0) throw smtp_error(n == 0 ? "server closed the connection" : "no reply within the timeout");
      buffer_.append(chunk, std::size_t(n));
    }
  }

  const smtp_options& o_;
  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  std::string buffer_;
};

// A header value as an RFC 2047 encoded word when it is not plain ASCII.
inline std::string header_text(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80 || c < 0x20) return "=?UTF-8?B?" + base64(s) + "?=";
  return s;
}

}  // namespace detail

/// Sends one message: `subject` and a plain-text UTF-8 `body`, from `o.from` to `o.to`.
/// STARTTLS is used when the server offers it (and `o.starttls`); AUTH when `o.user` is set.
/// @throws smtp_error with the server's reply when any step fails.
inline void send_mail(const smtp_options& o, const std::string& subject, const std::string& body) {
  if (o.from.empty() || o.to.empty()) throw std::invalid_argument("aiops::alert::send_mail: from and to are required");
  detail::smtp_session s(o);
  s.expect('2', "greeting");
  auto ext = s.command("EHLO " + o.helo_name, '2');
  const auto offers = [&ext](std::string_view name) {
    for (const auto& line : ext)
      if (iequals(line.substr(0, name.size()), name) && (line.size() == name.size() || line[name.size()] == ' '))
        return true;
    return false;
  };
  if (o.starttls && offers("STARTTLS")) {
    s.command("STARTTLS", '2');
    s.start_tls();
    ext = s.command("EHLO " + o.helo_name, '2');
  } else if (o.require_tls) {
    throw smtp_error("the server does not offer STARTTLS and require_tls is set");
  }
  if (!o.user.empty()) {
    std::string mechanisms;
    for (const auto& line : ext)
      if (iequals(line.substr(0, 5), "AUTH ")) mechanisms = " " + to_lower(line.substr(5)) + " ";
    if (mechanisms.find(" plain ") != std::string::npos) {
      s.command("AUTH PLAIN " + detail::base64(std::string(1, '\0') + o.user + '\0' + o.password), '2', "AUTH PLAIN");
    } else if (mechanisms.find(" login ") != std::string::npos) {
      s.command("AUTH LOGIN", '3');
      s.command(detail::base64(o.user), '3', "AUTH LOGIN user");
      s.command(detail::base64(o.password), '2', "AUTH LOGIN password");
    } else {
      throw smtp_error("the server offers neither AUTH PLAIN nor AUTH LOGIN");
    }
  }
  s.command("MAIL FROM:<" + o.from + ">", '2');
  for (const auto& to : o.to) s.command("RCPT TO:<" + to + ">", '2');
  s.command("DATA", '3');

  char date[64];
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  std::string message = "From: " + o.from + "\r\nTo: " + join(o.to, ", ") + "\r\nSubject: " + detail::header_text(subject) +
                        "\r\nDate: " + date + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: 8bit\r\n\r\n";
  // CRLF line ends, and a leading '.' doubled so that no line ends the DATA early (RFC 5321 4.5.2).
  for (auto line : split(body, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() == '.') message += '.';
    message.append(line.data(), line.size());
    message += "\r\n";
  }
  s.write(message + ".\r\n");
  s.expect('2', "DATA");
  s.command("QUIT", '2');
}

/// The subject and body of the e-mail for `n`.
inline std::pair<std::string, std::string> to_email(const notification& n) {
  std::size_t firing = 0;
  for (const auto& a : n.alerts) firing += a.state == alert_state::firing;
  std::string subject = n.status() == "firing" ? "[FIRING:" + std::to_string(firing) + "]" : "[RESOLVED]";
  for (const auto& [name, value] : n.group_labels) subject += " " + value;
  std::string body;
  for (const auto& a : n.alerts) {
    body += std::string(a.state == alert_state::firing ? "FIRING" : "RESOLVED") + "\n";
    for (const auto& [name, value] : a.labels) body += "  " + name + " = " + value + "\n";
    for (const auto& [name, value] : a.annotations) body += "  " + name + ": " + value + "\n";
    body += "\n";
  }
  return {subject, body};
}

/// Sends each notification as one plain-text e-mail.
///
///     aiops::alert::smtp_notifier mail({.host = "smtp.example.org", .port = 587, .from = "aiops@example.org",
///                                       .to = {"ops@example.org"}, .user = "aiops", .password = "..."});
class smtp_notifier : public notifier {
 public:
  explicit smtp_notifier(smtp_options options) : options_(std::move(options)) {}

  /// @throws smtp_error when the mail was not accepted.
  void send(const notification& n) override {
    const auto [subject, body] = to_email(n);
    send_mail(options_, subject, body);
  }

 private:
  smtp_options options_;
};

}  // namespace alert
AIOPS_END_NAMESPACE
