// aiops: an OTLP/HTTP exporter: bounded queues, batching on a background thread, retries, counted drops
// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>              // std::atomic (counters)
#include <chrono>              // std::chrono::milliseconds
#include <condition_variable>  // std::condition_variable (wake the sender)
#include <cstdint>             // std::uint64_t
#include <deque>               // std::deque (the queues)
#include <mutex>               // std::mutex
#include <string>              // std::string
#include <thread>              // std::thread (the sender)
#include <vector>              // std::vector

#include "aiops/config.hpp"
#include "aiops/http/client.hpp"
#include "aiops/otel/json.hpp"
#include "aiops/otel/protobuf.hpp"

AIOPS_BEGIN_NAMESPACE
namespace otel {

/// How an exporter sends.
struct exporter_options {
  std::string endpoint = "http://127.0.0.1:4318";  ///< base URL; /v1/traces etc. are appended
  bool json = false;                               ///< application/json instead of application/x-protobuf
  bool gzip = false;                               ///< Content-Encoding: gzip
  std::size_t max_queue_size = 2048;               ///< items per signal waiting; more are dropped and counted
  std::size_t max_batch_size = 512;                ///< items per request
  std::chrono::milliseconds schedule_delay{1000};  ///< longest wait before a partial batch is sent
  /// Timeouts and retries: 429 and 503 are retried with full-jitter backoff, obeying Retry-After.
  http::client_options http = default_http();

  static http::client_options default_http() {
    http::client_options o;
    o.deadline = std::chrono::seconds(10);
    o.retry.max_attempts = 5;
    return o;
  }
};

/// Items by fate; `queued - sent - dropped_* ` are still waiting.
struct exporter_stats {
  std::uint64_t queued = 0;         ///< accepted by add_*
  std::uint64_t sent = 0;           ///< in requests the receiver accepted (minus its rejections)
  std::uint64_t dropped_queue = 0;  ///< refused because the queue was full
  std::uint64_t dropped_failed = 0; ///< in requests that failed after the retries
  std::uint64_t rejected = 0;       ///< rejected by the receiver in a partial success
  std::uint64_t requests = 0;       ///< HTTP requests made (retries not counted)
};

/// Thrown by a synchronous send that got no 2xx answer.
class export_error : public error {
 public:
  using error::error;
};

/// Sends one request synchronously; the building block of exporter, also used to forward requests.
/// `client` is not thread-safe: one per thread.
/// @throws export_error (or http::http_error when no answer arrived) unless the answer is 2xx.
template <class T>
export_response send_request(http::client& client, const T& data, bool json, bool gzip) {
  constexpr signal s = std::is_same_v<T, traces_data> ? signal::traces : std::is_same_v<T, metrics_data> ? signal::metrics : signal::logs;
  http::request req;
  req.method = "POST";
  req.path = std::string(signal_path(s));
  req.content_type = json ? "application/json" : "application/x-protobuf";
  req.body = json ? encode_json(data) : encode_protobuf(data);
  req.gzip = gzip;
  req.idempotent = true;  // OTLP says a failed export may be retried: 503 too, not only 429
  const http::response r = client.send(req);
  if (!r.ok())
    throw export_error("OTLP export to " + r.url + ": HTTP " + std::to_string(r.status) + ": " + http::detail::excerpt(r.body));
  auto decoded = json ? decode_json<export_response>(r.body) : decode_protobuf<export_response>(r.body);
  return decoded ? *decoded : export_response{};
}

/// Batches spans, metrics and log records of one resource and scope (like an SDK's provider) and
/// sends them from a background thread. `add_*` never blocks: a full queue drops and counts.
///
///     aiops::otel::exporter ex({.endpoint = "http://127.0.0.1:4318"}, resource, {.name = "shop"});
///     ex.add_span(s);
///     ex.flush();  // send what is queued now
///
/// Thread-safe: add_* and flush from any thread.
class exporter {
 public:
  exporter(exporter_options options, otel::resource resource, instrumentation_scope scope)
      : options_(std::move(options)), resource_(std::move(resource)), scope_(std::move(scope)),
        client_(options_.endpoint, options_.http) {
    if (options_.max_batch_size == 0 || options_.max_queue_size == 0)
      throw std::invalid_argument("aiops::otel::exporter: max_batch_size and max_queue_size must be > 0");
    thread_ = std::thread([this] { run(); });
  }
  exporter(const exporter&) = delete;
  exporter& operator=(const exporter&) = delete;
  /// Sends what is queued (shutdown), then stops.
  ~exporter() { shutdown(); }

  bool add_span(span s) { return add(spans_, std::move(s)); }
  bool add_metric(metric m) { return add(metrics_, std::move(m)); }
  bool add_log(log_record l) { return add(logs_, std::move(l)); }

  /// Blocks until everything queued before the call was sent (or failed).
  void flush() {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = ++flush_requested_;
    wake_.notify_all();
    flushed_.wait(lock, [&] { return flush_done_ >= target || stopped_; });
  }
  /// Flushes and stops the sender; later add_* calls drop.
  void shutdown() {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  exporter_stats stats() const noexcept {
    return {queued_.load(), sent_.load(), dropped_queue_.load(), dropped_failed_.load(), rejected_.load(), requests_.load()};
  }
  /// The last export failure's message (empty when none).
  std::string last_error() const {
    std::lock_guard lock(mutex_);
    return last_error_;
  }

 private:
  exporter_options options_;
  otel::resource resource_;
  instrumentation_scope scope_;
  http::client client_;  // used only by the sender thread
  mutable std::mutex mutex_;
  std::condition_variable wake_, flushed_;
  std::deque<span> spans_;
  std::deque<metric> metrics_;
  std::deque<log_record> logs_;
  std::uint64_t flush_requested_ = 0, flush_done_ = 0;
  bool stopping_ = false, stopped_ = false;
  std::string last_error_;
  std::thread thread_;
  std::atomic<std::uint64_t> queued_{0}, sent_{0}, dropped_queue_{0}, dropped_failed_{0}, rejected_{0}, requests_{0};

  template <class Item>
  bool add(std::deque<Item>& queue, Item item) {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue.size() >= options_.max_queue_size) {
      ++dropped_queue_;
      return false;
    }
    queue.push_back(std::move(item));
    ++queued_;
    if (queue.size() >= options_.max_batch_size) wake_.notify_all();
    return true;
  }
  template <class Item>
  static std::vector<Item> take(std::deque<Item>& queue, std::size_t n) {
    std::vector<Item> out;
    n = std::min(n, queue.size());
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      out.push_back(std::move(queue.front()));
      queue.pop_front();
    }
    return out;
  }
  bool full_batch() const {
    return spans_.size() >= options_.max_batch_size || metrics_.size() >= options_.max_batch_size ||
           logs_.size() >= options_.max_batch_size;
  }
  bool empty() const { return spans_.empty() && metrics_.empty() && logs_.empty(); }

  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait_for(lock, options_.schedule_delay, [&] { return stopping_ || full_batch() || flush_requested_ > flush_done_; });
      const std::uint64_t flush_target = flush_requested_;
      const bool drain = stopping_ || flush_target > flush_done_;
      // One batch per signal per round; drain loops until the queues are empty.
      do {
        auto spans = take(spans_, options_.max_batch_size);
        auto metrics = take(metrics_, options_.max_batch_size);
        auto logs = take(logs_, options_.max_batch_size);
        lock.unlock();
        if (!spans.empty()) send(wrap<traces_data>(std::move(spans)));
        if (!metrics.empty()) send(wrap<metrics_data>(std::move(metrics)));
        if (!logs.empty()) send(wrap<logs_data>(std::move(logs)));
        lock.lock();
      } while (drain && !empty());
      flush_done_ = flush_target;
      flushed_.notify_all();
      if (stopping_) {
        stopped_ = true;
        flushed_.notify_all();
        return;
      }
    }
  }
  template <class T, class Item>
  T wrap(std::vector<Item> items) const {
    T data;
    if constexpr (std::is_same_v<T, traces_data>) {
      data.resource_spans.push_back({resource_, {{scope_, std::move(items), {}}}, {}});
    } else if constexpr (std::is_same_v<T, metrics_data>) {
      data.resource_metrics.push_back({resource_, {{scope_, std::move(items), {}}}, {}});
    } else {
      data.resource_logs.push_back({resource_, {{scope_, std::move(items), {}}}, {}});
    }
    return data;
  }
  template <class T>
  void send(const T& data) {
    // Counts items as queued: a metric counts once whatever its number of points.
    std::size_t items = 0;
    if constexpr (std::is_same_v<T, traces_data>) {
      items = item_count(data);
    } else if constexpr (std::is_same_v<T, metrics_data>) {
      items = data.resource_metrics[0].scope_metrics[0].metrics.size();
    } else {
      items = item_count(data);
    }
    ++requests_;
    try {
      const export_response r = send_request(client_, data, options_.json, options_.gzip);
      const auto rejected = static_cast<std::uint64_t>(std::clamp<std::int64_t>(r.rejected, 0, static_cast<std::int64_t>(items)));
      rejected_ += rejected;
      sent_ += items - rejected;
      if (!r.error_message.empty()) remember(r.error_message);
    } catch (const error& e) {
      dropped_failed_ += items;
      remember(e.what());
    }
  }
  void remember(std::string message) {
    std::lock_guard lock(mutex_);
    last_error_ = std::move(message);
  }
};

}  // namespace otel
AIOPS_END_NAMESPACE
