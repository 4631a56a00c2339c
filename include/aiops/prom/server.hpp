// aiops: an HTTP /metrics endpoint for a registry (cpp-httplib server), gzip when the scraper asks
// SPDX-License-Identifier: MIT
#pragma once

#include <sys/socket.h>  // setsockopt: SO_REUSEADDR without SO_REUSEPORT

#include <chrono>     // std::chrono::steady_clock: scrape duration
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <thread>     // std::thread: serve in the background

#include "aiops/http/httplib.hpp"
#include "aiops/http/serve.hpp"

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/http/client.hpp"
#include "aiops/prom/metrics.hpp"
#include "aiops/prom/model.hpp"

AIOPS_BEGIN_NAMESPACE
namespace prom {

/// Serves `GET /metrics` from a registry: text 0.0.4, or OpenMetrics when the `Accept` header asks
/// for it; gzip when `Accept-Encoding` allows it. It adds its own metrics to the registry:
/// `aiops_scrapes_total` and `aiops_scrape_duration_seconds`.
///
///     prom::registry reg;
///     reg.add_collector(prom::host_collector());
///     prom::metrics_server server(reg, "127.0.0.1", 9101);   // bound now
///     server.start();                                        // served from a background thread
///
/// Thread safety: `stop` may be called from any thread (a signal handler must not).
class metrics_server {
 public:
  /// Binds `host:port` (port 0: any free port, see `port()`).
  /// @throws aiops::error when the address cannot be bound (in use, not permitted).
  /// @throws std::invalid_argument when the registry already has the server's own metrics.
  metrics_server(registry& reg, const std::string& host, int port)
      : registry_(reg),
        scrapes_(reg.add_counter("aiops_scrapes_total", "Scrapes of /metrics served.").with()),
        duration_(reg.add_histogram("aiops_scrape_duration_seconds", "Time to collect and write one scrape.", {},
                                    exponential_buckets(0.0005, 4, 8))
                      .with()) {
    server_.Get("/metrics", [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); });
    server_.Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><head><title>aiops exporter</title></head><body><h1>aiops exporter</h1>"
                      "<p><a href=\"/metrics\">Metrics</a></p></body></html>\n",
                      "text/html; charset=utf-8");
    });
    // httplib's default adds SO_REUSEPORT, which lets a second exporter share the port silently.
    server_.set_socket_options([](socket_t sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char*>(&yes), sizeof yes);
    });
    port_ = http::bind(server_, host, port);
    if (port_ <= 0) throw error("aiops::prom: cannot listen on " + host + ":" + std::to_string(port) + " (in use?)");
  }
  metrics_server(const metrics_server&) = delete;
  metrics_server& operator=(const metrics_server&) = delete;
  ~metrics_server() { stop(); }

  /// The port it listens on.
  int port() const noexcept { return port_; }

  /// Serves from a background thread; returns at once.
  void start() {
    if (thread_.joinable()) return;
    thread_ = http::serve_in_background(server_);
  }
  /// Serves in the calling thread until `stop()`.
  void run() { server_.listen_after_bind(); }
  /// Stops serving and joins the background thread.
  void stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void serve(const httplib::Request& req, httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    const format f = negotiate(req.get_header_value("Accept"));
    std::string body = registry_.serialize(f);
    const std::string type(content_type(f));
    // httplib compresses text/* itself when asked; the OpenMetrics type it does not know, so we do.
    const bool wants_gzip = req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
    if (wants_gzip && f == format::openmetrics) {
      body = http::detail::gzip(body);
      res.set_header("Content-Encoding", "gzip");
    }
    res.set_content(std::move(body), type.c_str());
    scrapes_.increment();
    duration_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  registry& registry_;
  counter& scrapes_;
  histogram& duration_;
  httplib::Server server_;
  int port_ = -1;
  std::thread thread_;
};

}  // namespace prom
AIOPS_END_NAMESPACE
