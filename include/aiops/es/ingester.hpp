// aiops: a bulk ingester: a bounded queue that blocks producers (back-pressure), worker threads that
// send full batches, and an acknowledged watermark for callers that persist their progress
// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>              // std::chrono::steady_clock, milliseconds
#include <condition_variable>  // std::condition_variable
#include <cstddef>             // std::size_t
#include <cstdint>             // std::uint64_t
#include <deque>               // std::deque
#include <exception>           // std::exception_ptr, std::rethrow_exception
#include <map>                 // std::map
#include <mutex>               // std::mutex, std::unique_lock
#include <stdexcept>           // std::invalid_argument, std::logic_error
#include <string>              // std::string
#include <thread>              // std::thread
#include <utility>             // std::move
#include <vector>              // std::vector

#include "aiops/config.hpp"
#include "aiops/es/bulk.hpp"
#include "aiops/es/client.hpp"

AIOPS_BEGIN_NAMESPACE
namespace es {

/// How a `bulk_ingester` batches, queues and sends.
struct ingester_options {
  bulk_options bulk;  ///< batch limits, retries of 429/503 items, failure callback
  /// Actions waiting to be sent; `push` blocks while this many wait (back-pressure), so a fast
  /// producer never holds more than this in memory.
  std::size_t queue_capacity = 20'000;
  /// Bulk requests in flight at once, each worker with its own connection. Two keep the server
  /// busy while the next batch is being built.
  unsigned workers = 2;
  /// A batch that is not full is sent once its oldest action has waited this long.
  std::chrono::milliseconds flush_interval{1'000};
};

/// Indexes a stream of actions in the background.
///
///     aiops::es::bulk_ingester in("http://127.0.0.1:19200", {}, {.workers = 2});
///     for (...) in.push({aiops::es::bulk_op::index, "web", id, doc.json()});   // blocks when the queue is full
///     aiops::es::bulk_report r = in.close();                                    // flushes, joins, totals
///
/// Every action gets a sequence number (1, 2, ...). `acknowledged()` is the largest n such that
/// every action up to n has been answered: landed, or failed and passed to `bulk.on_failure`.
/// A shipper that saves its file offsets for the actions up to `acknowledged()` resumes without
/// losing a line. If a worker fails for good (server unreachable after the retries), the error is
/// rethrown by the next `push`, `flush` or `close`, and `acknowledged()` stops before its actions.
///
/// `push`, `flush`, `close` and the observers are safe to call from any thread; `bulk.on_failure`
/// is called from the workers, one call at a time.
class bulk_ingester {
 public:
  /// Starts `options.workers` threads, each with its own `client(url, client_opts)`.
  /// @throws std::invalid_argument for zero workers or a zero queue capacity.
  bulk_ingester(std::string url, client_options client_opts = {}, ingester_options options = {})
      : options_(std::move(options)) {
    if (options_.workers == 0 || options_.queue_capacity == 0) {
      throw std::invalid_argument("aiops::es::bulk_ingester: workers and queue_capacity must be positive");
    }
    // Validate the URL here, in the caller's thread, rather than in a worker.
    client probe(url, client_opts);
    try {
      for (unsigned i = 0; i < options_.workers; ++i) {
        threads_.emplace_back([this, url, client_opts] { run(client(url, client_opts)); });
      }
    } catch (...) {  // no thread left running on a half-built object
      close();
      throw;
    }
  }

  bulk_ingester(const bulk_ingester&) = delete;
  bulk_ingester& operator=(const bulk_ingester&) = delete;

  /// Closes (see `close`); an error at that point is lost: call `close()` yourself to see it.
  ~bulk_ingester() {
    try {
      close();
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
    }
  }

  /// Queues `a`, waiting while the queue is full, and returns its sequence number.
  /// @throws the error of a failed worker; std::logic_error after `close`.
  /// @throws std::invalid_argument for an action `bulk_batch::add` would refuse.
  std::uint64_t push(bulk_action a) {
    bulk_batch::check(a);  // refuse a bad action here, not in a worker
    std::unique_lock lock(mutex_);
    space_.wait(lock, [this] { return queue_.size() < options_.queue_capacity || error_ || closing_; });
    if (error_) std::rethrow_exception(error_);
    if (closing_) throw std::logic_error("aiops::es::bulk_ingester: push after close");
    queued_bytes_ += a.source.size();
    queue_.push_back({++pushed_, std::chrono::steady_clock::now(), std::move(a)});
    // Wake a worker for a full batch, and for a first action, whose flush_interval starts now.
    if (queue_.size() == 1 || queue_.size() >= options_.bulk.limits.max_docs ||
        queued_bytes_ >= options_.bulk.limits.max_bytes) {
      work_.notify_one();
    }
    return pushed_;
  }

  /// Sends what is queued without waiting for a full batch, and returns once every action pushed
  /// so far is acknowledged. @throws the error of a failed worker.
  void flush() {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = pushed_;
    ++flushing_;
    work_.notify_all();
    done_.wait(lock, [&] { return acknowledged_ >= target || error_ || abandoned_; });
    --flushing_;
    if (error_) std::rethrow_exception(error_);
  }

  /// Drops the actions still queued, unsent: they are never acknowledged (a shipper's saved offsets
  /// stay before them), `flush` stops waiting for them, and `close` waits only for the batches
  /// already sent. For a caller that stops because the server refuses everything (429/503 through
  /// every retry): each queued batch would have gone through the whole retry schedule first.
  void abandon() {
    std::unique_lock lock(mutex_);
    queue_.clear();
    queued_bytes_ = 0;
    abandoned_ = true;
    space_.notify_all();
    work_.notify_all();
    done_.notify_all();
  }

  /// Flushes, stops the workers and returns the totals. Later calls return the same totals.
  /// @throws the error of a failed worker.
  bulk_report close() {
    {
      std::unique_lock lock(mutex_);
      closing_ = true;
      work_.notify_all();
      space_.notify_all();
    }
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
    std::unique_lock lock(mutex_);
    if (error_) std::rethrow_exception(error_);
    return report_;
  }

  /// The sequence number of the last action pushed.
  std::uint64_t pushed() const {
    std::unique_lock lock(mutex_);
    return pushed_;
  }
  /// Every action up to this sequence number has been answered (landed, or reported as failed).
  std::uint64_t acknowledged() const {
    std::unique_lock lock(mutex_);
    return acknowledged_;
  }
  /// The totals so far.
  bulk_report report() const {
    std::unique_lock lock(mutex_);
    return report_;
  }

 private:
  struct queued {
    std::uint64_t sequence;
    std::chrono::steady_clock::time_point arrived;
    bulk_action action;
  };

  bool batch_ready(std::chrono::steady_clock::time_point now) const {
    if (queue_.empty()) return false;
    return closing_ || flushing_ > 0 || queue_.size() >= options_.bulk.limits.max_docs ||
           queued_bytes_ >= options_.bulk.limits.max_bytes || now - queue_.front().arrived >= options_.flush_interval;
  }

  void run(client es) {
    bulk_batch batch(options_.bulk.limits);
    // Calls to the user's failure callback, one at a time whichever worker reports.
    bulk_options send_options = options_.bulk;
    if (options_.bulk.on_failure) {
      send_options.on_failure = [this](const bulk_failure& f) {
        std::unique_lock lock(callback_mutex_);
        options_.bulk.on_failure(f);
      };
    }
    for (;;) {
      std::uint64_t first = 0;
      std::uint64_t last = 0;
      {
        std::unique_lock lock(mutex_);
        for (;;) {
          if (error_) return;
          const auto now = std::chrono::steady_clock::now();
          if (batch_ready(now)) break;
          if (closing_ && queue_.empty()) return;
          if (queue_.empty()) {
            work_.wait(lock);
          } else {
            work_.wait_until(lock, queue_.front().arrived + options_.flush_interval);
          }
        }
        batch.clear();
        first = queue_.front().sequence;
        while (!queue_.empty() && batch.fits(queue_.front().action)) {
          queued& q = queue_.front();
          queued_bytes_ -= q.action.source.size();
          batch.add(q.action, q.sequence);
          last = q.sequence;
          queue_.pop_front();
        }
        space_.notify_all();
        if (batch_ready(std::chrono::steady_clock::now())) work_.notify_one();  // the rest is ready too
      }
      try {
        const bulk_report r = es.bulk(batch, send_options);
        std::unique_lock lock(mutex_);
        report_.merge(r, options_.bulk.max_failures_kept);
        finished_[first] = last;
        while (!finished_.empty() && finished_.begin()->first == acknowledged_ + 1) {
          acknowledged_ = finished_.begin()->second;
          finished_.erase(finished_.begin());
        }
        done_.notify_all();
      } catch (...) {
        std::unique_lock lock(mutex_);
        if (!error_) error_ = std::current_exception();
        work_.notify_all();
        space_.notify_all();
        done_.notify_all();
        return;
      }
    }
  }

  ingester_options options_;
  mutable std::mutex mutex_;
  std::mutex callback_mutex_;
  std::condition_variable space_;  // producers wait for room in the queue
  std::condition_variable work_;   // workers wait for a batch
  std::condition_variable done_;   // flush waits for acknowledgements
  std::deque<queued> queue_;
  std::size_t queued_bytes_ = 0;
  std::uint64_t pushed_ = 0;
  std::uint64_t acknowledged_ = 0;
  std::map<std::uint64_t, std::uint64_t> finished_;  // answered ranges [first, last] beyond acknowledged_
  int flushing_ = 0;
  bool closing_ = false;
  bool abandoned_ = false;  // abandon(): what was queued then is never sent
  std::exception_ptr error_;
  bulk_report report_;
  std::vector<std::thread> threads_;
};

}  // namespace es
AIOPS_END_NAMESPACE
