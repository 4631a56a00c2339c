// aiops: an OTLP/HTTP receiver (POST /v1/traces, /v1/metrics, /v1/logs; protobuf or JSON, gzip) on cpp-httplib
// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>       // std::atomic (counters read while serving)
#include <chrono>       // std::chrono::seconds (Retry-After)
#include <cstdint>      // std::uint64_t
#include <functional>   // std::function (handlers)
#include <memory>       // std::unique_ptr (the server)
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <thread>       // std::thread (the listening loop)

#include "aiops/http/httplib.hpp"
#include "aiops/http/serve.hpp"

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/json_string.hpp"  // append_json_string
#include "aiops/core/strings.hpp"
#include "aiops/otel/detail/wire.hpp"
#include "aiops/otel/json.hpp"
#include "aiops/otel/protobuf.hpp"

AIOPS_BEGIN_NAMESPACE
namespace otel {

/// What a handler answers: a (partial) success, or "overloaded, retry after" (HTTP 503).
struct export_result {
  export_response response;            ///< partial success: rejected items and a message
  std::chrono::seconds retry_after{0};  ///< > 0: nothing was accepted, the client should retry then
};

/// Called on the server's threads, concurrently: handlers must be thread-safe.
struct receiver_handlers {
  std::function<export_result(traces_data&&)> traces;
  std::function<export_result(metrics_data&&)> metrics;
  std::function<export_result(logs_data&&)> logs;
};

/// Limits of the receiver.
struct receiver_options {
  std::size_t max_body_bytes = 32u << 20;  ///< larger requests, after gzip decoding, get 413
};

/// Counters of a receiver (requests by outcome, items accepted).
struct receiver_stats {
  std::uint64_t requests = 0;
  std::uint64_t accepted_items = 0;  ///< spans, data points and log records decoded and handed over
  std::uint64_t bad_requests = 0;    ///< 400: undecodable bodies; 413: bodies over max_body_bytes
  std::uint64_t unsupported = 0;     ///< 415: neither protobuf nor JSON
  std::uint64_t overloaded = 0;      ///< 503 answered because a handler asked for a retry
};

/// Thrown when the receiver cannot listen.
class receiver_error : public error {
 public:
  using error::error;
};

/// An OTLP/HTTP receiver as the specification describes it: POST a protobuf
/// (`application/x-protobuf`) or JSON (`application/json`) Export*ServiceRequest, optionally with
/// `Content-Encoding: gzip`; the answer is the Export*ServiceResponse in the same encoding (200),
/// a google.rpc.Status with the decoder's message (400), 415 for another content type, or 503
/// with `Retry-After` when a handler is overloaded.
///
///     aiops::otel::receiver rx({.traces = [](aiops::otel::traces_data&& d) { store(d); return aiops::otel::export_result{}; }});
///     int port = rx.start("127.0.0.1", 4318);
class receiver {
 public:
  explicit receiver(receiver_handlers handlers, receiver_options options = {})
      : handlers_(std::move(handlers)), options_(options), server_(std::make_unique<httplib::Server>()) {
    attach(*server_);
  }
  receiver(const receiver&) = delete;
  receiver& operator=(const receiver&) = delete;
  ~receiver() { stop(); }

  /// Binds `host:port` (port 0: any free port) and serves on a background thread; returns the port.
  /// @throws receiver_error when the address cannot be bound.
  int start(const std::string& host, int port) {
    const int bound = http::bind(*server_, host, port);
    if (bound < 0) throw receiver_error("aiops::otel::receiver: cannot listen on " + host + ":" + std::to_string(port));
    port_ = bound;
    thread_ = http::serve_in_background(*server_);
    return bound;
  }
  /// Stops serving and joins the thread (requests in flight finish first).
  void stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }
  int port() const noexcept { return port_; }

  /// Adds the three OTLP routes to a server the caller runs (to share it with other routes).
  void attach(httplib::Server& server) {
    server.set_payload_max_length(options_.max_body_bytes);
    server.Post("/v1/traces", [this](const httplib::Request& q, httplib::Response& a, const httplib::ContentReader& body) {
      serve(q, a, body, handlers_.traces);
    });
    server.Post("/v1/metrics", [this](const httplib::Request& q, httplib::Response& a, const httplib::ContentReader& body) {
      serve(q, a, body, handlers_.metrics);
    });
    server.Post("/v1/logs", [this](const httplib::Request& q, httplib::Response& a, const httplib::ContentReader& body) {
      serve(q, a, body, handlers_.logs);
    });
  }

  receiver_stats stats() const noexcept {
    return {requests_.load(), accepted_.load(), bad_.load(), unsupported_.load(), overloaded_.load()};
  }

 private:
  receiver_handlers handlers_;
  receiver_options options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<std::uint64_t> requests_{0}, accepted_{0}, bad_{0}, unsupported_{0}, overloaded_{0};

  template <class T>
  static constexpr signal signal_of() noexcept {
    return std::is_same_v<T, traces_data> ? signal::traces : std::is_same_v<T, metrics_data> ? signal::metrics : signal::logs;
  }

  /// A google.rpc.Status (code 3 = INVALID_ARGUMENT) in the request's encoding.
  static void status_body(httplib::Response& a, bool json, int http_status, int rpc_code, const std::string& message) {
    a.status = http_status;
    if (json) {
      std::string body = "{\"code\":" + std::to_string(rpc_code) + ",\"message\":";
      append_json_string(body, message);
      a.set_content(body + "}", "application/json");
    } else {
      detail::wire_writer w;
      w.int_field(1, rpc_code);
      w.bytes_field(2, message);
      a.set_content(w.out, "application/x-protobuf");
    }
  }

  template <class T>
  void serve(const httplib::Request& q, httplib::Response& a, const httplib::ContentReader& read,
             const std::function<export_result(T&&)>& handler) {
    ++requests_;
    // The body is read here because httplib's own limit checks only Content-Length: neither a
    // chunked body nor what a gzip body inflates to (300 MB from 300 KB of zeros) would be bounded.
    std::string body;
    const std::size_t limit = options_.max_body_bytes;
    bool too_big = false;
    if (!read([&body, &too_big, limit](const char* data, std::size_t n) {
          too_big = n > limit - body.size();
          if (!too_big) body.append(data, n);
          return !too_big;
        })) {
      ++bad_;
      a.set_header("Connection", "close");  // the rest of the body is never read
      if (too_big) {
        a.status = 413;
        a.set_content("request body larger than " + std::to_string(limit) + " bytes (max_body_bytes) once decoded\n", "text/plain");
      } else {  // httplib stopped: the Content-Encoding does not decode (or the connection broke)
        a.status = 400;
        a.set_content("the request body does not decode as its Content-Encoding (" + q.get_header_value("Content-Encoding") + ")\n",
                      "text/plain");
      }
      return;
    }
    // Media type without parameters ("application/json; charset=utf-8").
    const std::string header = q.get_header_value("Content-Type");
    const std::string type = to_lower(trim(std::string_view(header).substr(0, header.find(';'))));
    const bool json = type == "application/json";
    if (!json && type != "application/x-protobuf") {
      ++unsupported_;
      a.status = 415;
      a.set_content("unsupported Content-Type '" + type + "': use application/x-protobuf or application/json\n", "text/plain");
      return;
    }
    if (!handler) {
      status_body(a, json, 404, 12, std::string(signal_path(signal_of<T>())) + " is not enabled on this receiver");
      return;
    }
    // cpp-httplib (built with zlib) has already inflated a gzip body.
    result<T> decoded = json ? decode_json<T>(body) : decode_protobuf<T>(body);
    if (!decoded) {
      ++bad_;
      status_body(a, json, 400, 3, decoded.error().message);
      return;
    }
    const std::size_t items = item_count(*decoded);
    const export_result r = handler(std::move(*decoded));
    if (r.retry_after.count() > 0) {
      ++overloaded_;
      a.set_header("Retry-After", std::to_string(r.retry_after.count()));
      status_body(a, json, 503, 14, "overloaded: retry later");
      return;
    }
    accepted_ += items - std::min<std::size_t>(items, static_cast<std::size_t>(std::max<std::int64_t>(0, r.response.rejected)));
    a.status = 200;
    if (json) {
      a.set_content(encode_json(r.response, signal_of<T>()), "application/json");
    } else {
      a.set_content(encode_protobuf(r.response), "application/x-protobuf");
    }
  }
};

}  // namespace otel
AIOPS_END_NAMESPACE
