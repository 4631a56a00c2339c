// aiops: a persistent queue of notifications: nothing is lost while a receiver is down or the program restarts
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>       // std::uint64_t
#include <cstdio>        // std::snprintf
#include <filesystem>    // std::filesystem
#include <fstream>       // std::ifstream, std::ofstream
#include <map>           // std::map
#include <set>           // std::set
#include <stdexcept>     // std::invalid_argument
#include <sstream>       // std::ostringstream
#include <string>        // std::string
#include <system_error>  // std::error_code
#include <vector>        // std::vector

#include <nlohmann/json.hpp>

#include "aiops/alert/notifier.hpp"
#include "aiops/alert/route.hpp"
#include "aiops/alert/series.hpp"
#include "aiops/alert/webhook.hpp"
#include "aiops/config.hpp"
#include "aiops/core/error.hpp"

AIOPS_BEGIN_NAMESPACE
namespace alert {

/// The identity of a queued notification: its receiver and its group. A newer notification with
/// the same identity carries the group's newer state, so a queue needs only the newest one.
inline std::string queue_key(const notification& n) { return n.receiver + "\n" + n.group_key; }

/// Folds `older`, a notification still queued, into `newer` of the same receiver and group: each
/// alert keeps its newest state (a resolve replaces a firing), and an alert only `older` holds (a
/// resolve the dispatcher has forgotten since it queued it) is kept, so coalescing loses nothing.
inline void coalesce(notification& newer, const notification& older) {
  std::set<std::uint64_t> known;
  for (const auto& a : newer.alerts) known.insert(fingerprint(a.labels));
  for (const auto& a : older.alerts)
    if (!known.count(fingerprint(a.labels))) newer.alerts.push_back(a);
}

/// How many notifications a queue keeps at most, whatever the receivers do.
struct outbox_options {
  /// Beyond this, queuing drops the oldest notification (counted and reported, never silently).
  /// Coalescing already bounds the queue by the number of distinct groups; this guards against
  /// a flood of distinct groups while a receiver is down.
  std::size_t max_queued = 10'000;
};

/// What one `outbox::add` did.
struct add_report {
  bool coalesced = false;  ///< it replaced a queued notification of the same receiver and group
  std::size_t dropped = 0; ///< oldest notifications dropped because the queue was full
};

/// What one `outbox::deliver` did.
struct delivery_report {
  std::size_t delivered = 0;        ///< sent and removed from the queue
  std::size_t pending = 0;          ///< still queued (their receiver failed or is unknown)
  std::vector<std::string> errors;  ///< one line per receiver that failed: "ops: could not connect..."
};

/// A directory of queued notifications, one JSON file each (Alertmanager's webhook shape),
/// written before any delivery is tried and removed only once delivered.
///
///     aiops::alert::outbox queue("/var/lib/aiops/outbox");
///     for (auto& n : dispatcher.process(alerts, now)) queue.add(n);
///     auto report = queue.deliver({{"am", &alertmanager}, {"ops", &webhook}});
///
/// Per receiver, notifications are delivered in the order they were added; when one fails the
/// later ones for that receiver wait for the next `deliver`, so a receiver that comes back gets
/// them all, in order. A file that cannot be read is renamed `*.bad` and reported, never deleted.
///
/// Bounded while a receiver is down: once a delivery to a receiver failed (until one succeeds), a
/// notification of a group already queued for it replaces the queued one, merged with it
/// (`coalesce`), so the queue holds one notification per group (a receiver that is up gets every
/// state); past `outbox_options::max_queued` the oldest is dropped, and `add` and `dropped()` say so.
/// Not thread-safe; one process per directory.
class outbox {
 public:
  /// Opens (creating it if needed) the queue directory and loads what a previous run left.
  /// @throws aiops::error when the directory cannot be created or listed.
  /// @throws std::invalid_argument when `o.max_queued` is 0.
  explicit outbox(std::filesystem::path dir, outbox_options o = {}) : dir_(std::move(dir)), options_(o) {
    if (options_.max_queued == 0) throw std::invalid_argument("aiops::alert::outbox: max_queued must be positive");
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) throw error("aiops::alert::outbox: cannot create " + dir_.string() + ": " + ec.message());
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() != ".json") continue;
      const auto seq = parse_int(name.substr(0, name.size() - 5));
      if (!seq || *seq < 0) continue;
      next_ = std::max(next_, std::uint64_t(*seq) + 1);
      queued_.emplace(std::uint64_t(*seq), queued{entry.path(), {}});
    }
    if (ec) throw error("aiops::alert::outbox: cannot list " + dir_.string() + ": " + ec.message());
    // The newest of each group is the one a new notification coalesces with; a file that cannot
    // be read joins no group and is reported by `deliver`. A receiver with notifications left
    // over failed its last delivery: it counts as down until one succeeds, so a run that replays
    // the same alerts merges them into the queued ones instead of queuing them again.
    for (auto& [seq, q] : queued_) {
      try {
        const notification n = read(q.path);
        q.key = queue_key(n);
        newest_[q.key] = seq;
        down_.insert(n.receiver);
      } catch (const error&) {
      }
    }
  }

  /// Queues `n` durably (written to a temporary file, then renamed into place); when its receiver
  /// failed its last delivery, in place of the queued notification of the same group, merged into
  /// it. Then drops the oldest while more than `max_queued` wait.
  /// @throws aiops::error when the file cannot be written.
  add_report add(notification n) {
    add_report report;
    const std::string key = queue_key(n);
    const auto same = down_.count(n.receiver) ? newest_.find(key) : newest_.end();
    std::uint64_t replaced = 0;
    if (same != newest_.end()) {
      try {
        coalesce(n, read(queued_.at(same->second).path));
        replaced = same->second;
        report.coalesced = true;
      } catch (const error&) {  // unreadable: keep it for `deliver` to report, queue n beside it
      }
    }
    write(n, key);
    newest_[key] = next_ - 1;
    if (report.coalesced) remove(queued_.find(replaced));
    while (queued_.size() > options_.max_queued) {
      remove(queued_.begin());
      ++report.dropped;
      ++dropped_;
    }
    return report;
  }

  /// How many notifications wait.
  std::size_t size() const noexcept { return queued_.size(); }

  /// How many notifications were dropped since the queue was opened because it was full.
  std::uint64_t dropped() const noexcept { return dropped_; }

  /// The queued notifications, oldest first (for inspection and tests).
  std::vector<notification> peek() const {
    std::vector<notification> out;
    for (const auto& [seq, q] : queued_) out.push_back(read(q.path));
    return out;
  }

  /// Tries to deliver everything queued to the notifier of its receiver (by name).
  delivery_report deliver(const std::map<std::string, notifier*>& receivers) {
    delivery_report report;
    std::map<std::string, bool> blocked;  // receivers that failed during this pass
    for (auto it = queued_.begin(); it != queued_.end();) {
      notification n;
      try {
        n = read(it->second.path);
      } catch (const error& e) {
        std::error_code ec;
        std::filesystem::rename(it->second.path, it->second.path.string() + ".bad", ec);
        report.errors.push_back(it->second.path.filename().string() + ": " + e.what() + " (kept as .bad)");
        it = queued_.erase(it);
        continue;
      }
      const auto target = receivers.find(n.receiver);
      if (target == receivers.end() || target->second == nullptr || blocked[n.receiver]) {
        if (target == receivers.end() && !blocked[n.receiver])
          report.errors.push_back(n.receiver + ": no notifier for this receiver");
        blocked[n.receiver] = true;
        down_.insert(n.receiver);
        ++report.pending;
        ++it;
        continue;
      }
      try {
        target->second->send(n);
      } catch (const error& e) {
        report.errors.push_back(n.receiver + ": " + e.what());
        blocked[n.receiver] = true;
        down_.insert(n.receiver);
        ++report.pending;
        ++it;
        continue;
      }
      ++report.delivered;
      down_.erase(n.receiver);
      it = remove(it);
    }
    return report;
  }

 private:
  struct queued {
    std::filesystem::path path;
    std::string key;  // queue_key; empty when the file could not be read
  };
  using queue = std::map<std::uint64_t, queued>;

  void write(const notification& n, const std::string& key) {
    char name[32];
    std::snprintf(name, sizeof name, "%020llu", static_cast<unsigned long long>(next_));
    const std::filesystem::path final_path = dir_ / (std::string(name) + ".json");
    const std::filesystem::path tmp = dir_ / (std::string(name) + ".tmp");
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << to_webhook_json(n).dump();
      out.flush();
      if (!out) throw error("aiops::alert::outbox: cannot write " + tmp.string());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, final_path, ec);
    if (ec) throw error("aiops::alert::outbox: cannot rename " + tmp.string() + ": " + ec.message());
    queued_.emplace(next_++, queued{final_path, key});
  }

  // Forgets a queued notification and its file.
  queue::iterator remove(queue::iterator it) {
    std::error_code ec;
    std::filesystem::remove(it->second.path, ec);
    const auto group = newest_.find(it->second.key);
    if (group != newest_.end() && group->second == it->first) newest_.erase(group);
    return queued_.erase(it);
  }

  static notification read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    const auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (j.is_discarded()) throw parse_error("not JSON");
    return from_webhook_json(j);
  }

  std::filesystem::path dir_;
  outbox_options options_;
  queue queued_;
  std::map<std::string, std::uint64_t> newest_;  // queue_key -> the newest queued of that group
  std::set<std::string> down_;                   // receivers whose last delivery failed: their groups coalesce
  std::uint64_t next_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace alert
AIOPS_END_NAMESPACE
