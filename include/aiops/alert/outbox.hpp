// aiops: a persistent queue of notifications: nothing is lost while a receiver is down or the program restarts
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>       // std::uint64_t
#include <cstdio>        // std::snprintf
#include <filesystem>    // std::filesystem
#include <fstream>       // std::ifstream, std::ofstream
#include <map>           // std::map
#include <sstream>       // std::ostringstream
#include <string>        // std::string
#include <system_error>  // std::error_code
#include <vector>        // std::vector

#include <nlohmann/json.hpp>

#include "aiops/alert/notifier.hpp"
#include "aiops/alert/route.hpp"
#include "aiops/alert/webhook.hpp"
#include "aiops/config.hpp"
#include "aiops/core/error.hpp"

AIOPS_BEGIN_NAMESPACE
namespace alert {

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
/// Not thread-safe; one process per directory.
class outbox {
 public:
  /// Opens (creating it if needed) the queue directory and loads what a previous run left.
  /// @throws aiops::error when the directory cannot be created or listed.
  explicit outbox(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) throw error("aiops::alert::outbox: cannot create " + dir_.string() + ": " + ec.message());
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() != ".json") continue;
      const auto seq = parse_int(name.substr(0, name.size() - 5));
      if (!seq || *seq < 0) continue;
      next_ = std::max(next_, std::uint64_t(*seq) + 1);
      queued_.emplace(std::uint64_t(*seq), entry.path());
    }
    if (ec) throw error("aiops::alert::outbox: cannot list " + dir_.string() + ": " + ec.message());
  }

  /// Queues `n` durably (written to a temporary file, then renamed into place).
  /// @throws aiops::error when the file cannot be written.
  void add(const notification& n) {
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
    queued_.emplace(next_++, final_path);
  }

  /// How many notifications wait.
  std::size_t size() const noexcept { return queued_.size(); }

  /// The queued notifications, oldest first (for inspection and tests).
  std::vector<notification> peek() const {
    std::vector<notification> out;
    for (const auto& [seq, path] : queued_) out.push_back(read(path));
    return out;
  }

  /// Tries to deliver everything queued to the notifier of its receiver (by name).
  delivery_report deliver(const std::map<std::string, notifier*>& receivers) {
    delivery_report report;
    std::map<std::string, bool> blocked;  // receivers that failed during this pass
    for (auto it = queued_.begin(); it != queued_.end();) {
      notification n;
      try {
        n = read(it->second);
      } catch (const error& e) {
        std::error_code ec;
        std::filesystem::rename(it->second, it->second.string() + ".bad", ec);
        report.errors.push_back(it->second.filename().string() + ": " + e.what() + " (kept as .bad)");
        it = queued_.erase(it);
        continue;
      }
      const auto target = receivers.find(n.receiver);
      if (target == receivers.end() || target->second == nullptr || blocked[n.receiver]) {
        if (target == receivers.end() && !blocked[n.receiver])
          report.errors.push_back(n.receiver + ": no notifier for this receiver");
        blocked[n.receiver] = true;
        ++report.pending;
        ++it;
        continue;
      }
      try {
        target->second->send(n);
      } catch (const error& e) {
        report.errors.push_back(n.receiver + ": " + e.what());
        blocked[n.receiver] = true;
        ++report.pending;
        ++it;
        continue;
      }
      std::error_code ec;
      std::filesystem::remove(it->second, ec);
      ++report.delivered;
      it = queued_.erase(it);
    }
    return report;
  }

 private:
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
  std::map<std::uint64_t, std::filesystem::path> queued_;
  std::uint64_t next_ = 0;
};

}  // namespace alert
AIOPS_END_NAMESPACE
