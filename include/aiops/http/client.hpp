// aiops: the HTTP client: timeouts, a deadline per call, retries with backoff, auth, gzip, JSON
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::max, std::min
#include <chrono>       // durations, steady_clock
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t
#include <optional>     // std::optional
#include <random>       // std::mt19937_64, std::random_device, std::uniform_int_distribution
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move

#include "aiops/http/httplib.hpp"
#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/http/error.hpp"
#include "aiops/http/message.hpp"
#include "aiops/http/retry.hpp"
#include "aiops/http/url.hpp"

AIOPS_BEGIN_NAMESPACE
namespace http {

/// How a client connects, waits, retries and authenticates. Every field has a usable default.
struct client_options {
  std::chrono::milliseconds connect_timeout{5'000};  ///< to open the TCP (and TLS) connection
  std::chrono::milliseconds read_timeout{30'000};    ///< between two reads of the answer
  std::chrono::milliseconds write_timeout{30'000};   ///< between two writes of the request
  /// The whole call, retries and waits included; each timeout above is cut to what remains of it.
  std::chrono::milliseconds deadline{60'000};
  /// The largest answer body kept in memory (after gzip decoding); a larger one fails with
  /// `errc::too_long` instead of exhausting memory. Not retried: the same request gets the same answer.
  std::size_t max_response_bytes = std::size_t(256) << 20;
  retry_policy retry;
  /// Sent with every request unless the request has a header of the same name.
  header_map default_headers{{"User-Agent", std::string("aiops/") + version_string}};
  std::string user;          ///< basic auth when not empty (or when the base URL has `user:password@`)
  std::string password;
  std::string bearer_token;  ///< `Authorization: Bearer <token>` when not empty; wins over basic auth
  bool verify_tls = true;    ///< check an https server's certificate and name
  std::string ca_cert_file;  ///< PEM file of trusted CAs for https; empty = the system's store
  http::clock clock;         ///< replaced by tests so that backoff does not really sleep
};

/// Answers nesting JSON deeper than this are refused. nlohmann-json parses any depth, but printing
/// a value (`dump()`, in error messages) recurses once per level: a hostile answer of a million
/// `[` would overflow the stack. Real servers stop far below (OpenSearch at 1000, most at 100).
inline constexpr std::size_t max_json_depth = 512;

/// Parses an answer body as JSON: a discarded value (`is_discarded()`) when it is not JSON or when
/// it nests arrays and objects deeper than `max_json_depth`.
inline nlohmann::json parse_json_answer(std::string_view body) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_json_depth) return nlohmann::json(nlohmann::json::value_t::discarded);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return nlohmann::json::parse(body, nullptr, false);
}

namespace detail {

inline std::string gzip(std::string_view data) {
  std::string out;
  httplib::detail::gzip_compressor compressor;
  const bool ok = compressor.compress(data.data(), data.size(), true, [&out](const char* chunk, std::size_t n) {
    out.append(chunk, n);
    return true;
  });
  if (!ok) throw error("aiops::http: gzip compression of the request body failed");
  return out;
}

// Cuts a body for a message: at most `limit` bytes, not inside a UTF-8 sequence, runs of white
// space as one space.
inline std::string excerpt(std::string_view body, std::size_t limit = 300) {
  std::string out;
  for (char c : trim(body)) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (out.size() <= limit) return out;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  return out.substr(0, cut) + "...";
}

// The server's own explanation in an error body: Prometheus and VictoriaMetrics
// {"errorType":..., "error":"..."}, OpenSearch {"error":{"type":..., "reason":...}}, Alertmanager
// and most Go servers {"message":"..."}; else the body itself, shortened.
inline std::string server_message(std::string_view body, std::string_view reason) {
  const auto j = parse_json_answer(body);
  if (j.is_object()) {
    const auto text = [](const nlohmann::json& parent, const char* key) -> std::string {
      const auto it = parent.find(key);
      return it != parent.end() && it->is_string() ? it->template get<std::string>() : std::string();
    };
    const auto prefixed = [](const std::string& kind, const std::string& what) {
      return kind.empty() ? what : kind + ": " + what;
    };
    if (const auto it = j.find("error"); it != j.end() && it->is_string()) {
      return prefixed(text(j, "errorType"), it->get<std::string>());
    }
    if (const auto it = j.find("error"); it != j.end() && it->is_object() && !text(*it, "reason").empty()) {
      return prefixed(text(*it, "type"), text(*it, "reason"));
    }
    if (const std::string message = text(j, "message"); !message.empty()) return message;
  }
  std::string shown = excerpt(body);
  return shown.empty() ? std::string(reason) : shown;
}

// What went wrong when no response arrived, and whether trying again can help.
struct transport_failure {
  errc code;
  std::string message;
  bool retryable;     // a fresh attempt may succeed
  bool before_send;   // the request surely did not reach the server: safe to repeat for any method
};

inline transport_failure classify(httplib::Error e, bool read_timed_out) {
  const std::string name = " (" + httplib::to_string(e) + ")";
  switch (e) {
    case httplib::Error::Connection:
      return {errc::io, "could not connect: refused, unreachable or unknown host" + name, true, true};
    case httplib::Error::ConnectionTimeout:
      return {errc::timeout, "connect timeout" + name, true, true};
    case httplib::Error::Read:
      if (read_timed_out) return {errc::timeout, "no answer within the read timeout" + name, true, false};
      return {errc::io, "connection closed while reading the answer" + name, true, false};
    case httplib::Error::Write:
      return {errc::io, "connection broken while sending the request" + name, true, false};
    case httplib::Error::Canceled:
      return {errc::timeout, "deadline reached while reading the answer" + name, false, false};
    case httplib::Error::SSLServerVerification:
      return {errc::io, "the server's TLS certificate is not trusted; set ca_cert_file or verify_tls" + name,
              false, true};
    default:
      return {errc::io, "request failed" + name, false, false};
  }
}

}  // namespace detail

/// An HTTP/1.1 client bound to one base URL (`http://127.0.0.1:19090`, `https://host:9200/prefix`).
///
///     aiops::http::client prom{"http://127.0.0.1:19090"};
///     nlohmann::json up = prom.get_json("/api/v1/query", {{"query", "up"}});
///
/// `send` returns every answer, whatever its status; `get`, `post` and the JSON helpers throw
/// `http_error` unless the status is 2xx. Connection failures, 429 and 5xx are retried as
/// `client_options::retry` says: a connection that could not be opened and a 429 for any method,
/// a 5xx or a broken exchange only for idempotent methods (or `request::idempotent`).
/// The connection is kept alive between calls.
///
/// Thread safety: a client is not thread-safe (it owns one connection); use one per thread.
/// Distinct clients share nothing.
class client {
 public:
  /// @throws std::invalid_argument when `base_url` is not an absolute http or https URL without a query.
  explicit client(std::string_view base_url, client_options options = {})
      : base_(parse_base(base_url)), options_(std::move(options)), http_(base_.origin()), random_(std::random_device{}()) {
    if (options_.user.empty() && options_.password.empty()) {
      options_.user = base_.user;
      options_.password = base_.password;
    }
    if (!http_.is_valid()) throw std::invalid_argument("aiops::http: cannot use base URL " + base_.origin());
    http_.set_keep_alive(true);
    // Targets are built and escaped here; httplib's own encoding would escape '+' and ',' again.
    http_.set_url_encode(false);
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    http_.enable_server_certificate_verification(options_.verify_tls);
    if (!options_.ca_cert_file.empty()) http_.set_ca_cert_path(options_.ca_cert_file);
#endif
  }

  /// The base URL, parsed.
  const url& base() const noexcept { return base_; }
  const client_options& options() const noexcept { return options_; }

  /// The full URL of `path` with `params` under the base URL, as it appears in errors.
  std::string url_for(std::string_view path, const query& params = {}) const {
    return base_.origin() + target(path, params);
  }

  /// Sends `req`, retrying as the options say, and returns the last answer whatever its status.
  /// @throws http_error when no answer arrived (connection failed, timeout, deadline).
  /// @throws std::invalid_argument for a method that is not an HTTP token.
  response send(const request& req) {
    if (req.method.empty() || req.method.find_first_of(" \t\r\n/:") != std::string::npos) {
      throw std::invalid_argument("aiops::http: bad HTTP method '" + req.method + "'");
    }
    const std::string path = target(req.path, req.params);
    const std::string full_url = base_.origin() + path;
    const auto deadline = options_.clock.now() + req.deadline.value_or(options_.deadline);
    const bool idempotent = req.idempotent.value_or(options_.retry.is_idempotent(req.method));
    const httplib::Request prepared = prepare(req, path);
    const int max_attempts = std::max(1, options_.retry.max_attempts);

    for (int attempt = 1;; ++attempt) {
      detail::transport_failure failure{};
      std::optional<response> answer = attempt_once(prepared, deadline, failure);
      std::chrono::milliseconds wait{0};
      if (answer) {
        answer->method = req.method;
        answer->url = full_url;
        answer->attempts = attempt;
        const bool again = retry_policy::is_retryable_status(answer->status) && (idempotent || answer->status == 429);
        if (!again || attempt == max_attempts) return std::move(*answer);
        wait = wait_after(*answer, attempt);
        // Too late for another try: the caller gets this answer rather than a bare timeout.
        if (options_.clock.now() + wait >= deadline) return std::move(*answer);
      } else {
        const bool again = failure.retryable && (idempotent || failure.before_send);
        if (!again || attempt == max_attempts) {
          throw http_error(failure.code, req.method, full_url, 0, attempt, failure.message);
        }
        wait = jitter(attempt);
        if (options_.clock.now() + wait >= deadline) {
          throw http_error(errc::timeout, req.method, full_url, 0, attempt,
                           "deadline of " + std::to_string(req.deadline.value_or(options_.deadline).count()) +
                               " ms reached; last error: " + failure.message);
        }
      }
      options_.clock.sleep(wait);
    }
  }

  /// GET; @throws http_error unless the answer is 2xx.
  response get(std::string_view path, const query& params = {}) {
    request r;
    r.path = path;
    r.params = params;
    return ensure_ok(send(r));
  }

  /// POST a body of any type (`application/x-ndjson`, `application/x-protobuf`...); not retried
  /// after a 5xx. @throws http_error unless the answer is 2xx.
  response post(std::string_view path, std::string body, std::string content_type) {
    request r;
    r.method = "POST";
    r.path = path;
    r.body = std::move(body);
    r.content_type = std::move(content_type);
    return ensure_ok(send(r));
  }

  /// Sends `req` with `Accept: application/json` and parses the answer.
  /// @throws http_error unless the answer is 2xx JSON (`code()` is `errc::syntax` when it is not JSON).
  nlohmann::json send_json(request req) {
    if (req.headers.find("Accept") == req.headers.end()) req.headers.emplace("Accept", "application/json");
    return parse_json(send(req));
  }

  /// GET `path` and parse the JSON answer. @throws http_error as `send_json` does.
  nlohmann::json get_json(std::string_view path, const query& params = {}) {
    request r;
    r.path = path;
    r.params = params;
    return send_json(std::move(r));
  }

  /// POST `body` as `application/json` and parse the JSON answer. @throws http_error as `send_json` does.
  nlohmann::json post_json(std::string_view path, const nlohmann::json& body) {
    request r;
    r.method = "POST";
    r.path = path;
    r.body = body.dump();
    r.content_type = "application/json";
    return send_json(std::move(r));
  }

  /// Returns `r` when its status is 2xx. @throws http_error carrying the server's message otherwise.
  static const response& ensure_ok(const response& r) {
    if (!r.ok()) {
      throw http_error(errc::http, r.method, r.url, r.status, r.attempts, detail::server_message(r.body, r.reason),
                       r.body);
    }
    return r;
  }
  static response ensure_ok(response&& r) {
    ensure_ok(static_cast<const response&>(r));
    return std::move(r);
  }

  /// The body of a 2xx answer as JSON. @throws http_error as `send_json` does.
  static nlohmann::json parse_json(const response& r) {
    ensure_ok(r);
    auto j = parse_json_answer(r.body);
    if (j.is_discarded()) {
      // A second look, on the error path only, tells a hostile nesting from a non-JSON page.
      const std::string why = nlohmann::json::accept(r.body)
                                  ? "the answer nests JSON deeper than " + std::to_string(max_json_depth) + " levels"
                                  : "the answer is not JSON: " + detail::excerpt(r.body, 200);
      throw http_error(errc::syntax, r.method, r.url, r.status, r.attempts, why, r.body);
    }
    return j;
  }

 private:
  static url parse_base(std::string_view text) {
    auto u = parse_url(text);
    if (!u) throw std::invalid_argument("aiops::http: bad base URL '" + std::string(text) + "': " + u.error().message);
    if (!u->query.empty()) throw std::invalid_argument("aiops::http: a base URL has no query: " + std::string(text));
    while (!u->path.empty() && u->path.back() == '/') u->path.pop_back();
    return std::move(*u);
  }

  std::string target(std::string_view path, const query& params) const {
    std::string t = base_.path;
    if (path.empty() || path.front() != '/') t += '/';
    t += escape_target(path);
    if (!params.empty()) {
      t += t.find('?') == std::string::npos ? '?' : '&';
      t += encode_query(params);
    }
    return t;
  }

  httplib::Request prepare(const request& req, const std::string& path) const {
    httplib::Request r;
    r.method = req.method;
    r.path = path;
    for (const auto& [name, value] : options_.default_headers) {
      if (req.headers.find(name) == req.headers.end()) r.headers.emplace(name, value);
    }
    if (req.headers.find("Authorization") == req.headers.end()) {
      if (!options_.bearer_token.empty()) {
        r.headers.emplace("Authorization", "Bearer " + options_.bearer_token);
      } else if (!options_.user.empty() || !options_.password.empty()) {
        r.headers.insert(httplib::make_basic_authentication_header(options_.user, options_.password));
      }
    }
    for (const auto& [name, value] : req.headers) r.headers.emplace(name, value);
    if (!req.body.empty()) {
      r.headers.emplace("Content-Type", req.content_type.empty() ? "text/plain" : req.content_type);
      if (req.gzip) {
        r.headers.emplace("Content-Encoding", "gzip");
        r.body = detail::gzip(req.body);
      } else {
        r.body = req.body;
      }
    }
    return r;
  }

  // One try. An answer, or nothing with `failure` filled in.
  std::optional<response> attempt_once(const httplib::Request& prepared, std::chrono::steady_clock::time_point deadline,
                                       detail::transport_failure& failure) {
    const auto& clock = options_.clock;
    const auto started = clock.now();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - started);
    if (left.count() <= 0) {
      failure = {errc::timeout, "deadline reached before the request was sent", false, true};
      return std::nullopt;
    }
    const auto read_timeout = std::min(options_.read_timeout, left);
    http_.set_connection_timeout(std::min(options_.connect_timeout, left));
    http_.set_read_timeout(read_timeout);
    http_.set_write_timeout(std::min(options_.write_timeout, left));

    httplib::Request req = prepared;  // httplib adds its own headers to the request it sends
    // The read timeout bounds each read, not the whole body: a server that trickles is cut off here.
    req.progress = [&clock, deadline](std::uint64_t, std::uint64_t) { return clock.now() < deadline; };
    // The body is collected here rather than by httplib, which would take any size.
    std::string body;
    bool too_large = false;
    req.content_receiver = [&body, &too_large, limit = options_.max_response_bytes](
                               const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
      too_large = n > limit - body.size();
      if (!too_large) body.append(data, n);
      return !too_large;
    };
    httplib::Response res;
    httplib::Error err = httplib::Error::Success;
    if (!http_.send(req, res, err)) {
      failure = too_large ? detail::transport_failure{errc::too_long,
                                                      "the answer is larger than max_response_bytes (" +
                                                          std::to_string(options_.max_response_bytes) + ")",
                                                      false, false}
                          : detail::classify(err, clock.now() - started >= read_timeout);
      return std::nullopt;
    }
    response out;
    out.status = res.status;
    out.reason = res.reason;
    out.headers.insert(res.headers.begin(), res.headers.end());
    out.body = std::move(body);
    return out;
  }

  // Full jitter: uniform in [0, ceiling], so that clients failing together do not retry together.
  std::chrono::milliseconds jitter(int retry) {
    std::uniform_int_distribution<std::chrono::milliseconds::rep> pick(0, options_.retry.backoff_ceiling(retry).count());
    return std::chrono::milliseconds(pick(random_));
  }

  std::chrono::milliseconds wait_after(const response& r, int retry) {
    if (const auto value = r.header("Retry-After")) {
      if (const auto asked = parse_retry_after(*value, options_.clock.wall())) {
        return std::min(*asked, options_.retry.max_retry_after);
      }
    }
    return jitter(retry);
  }

  url base_;
  client_options options_;
  httplib::Client http_;
  std::mt19937_64 random_;
};

}  // namespace http
AIOPS_END_NAMESPACE
