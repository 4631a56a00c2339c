// aiops: a pipeline's sinks: Alertmanager, webhook, DingTalk and e-mail (aiops::alert's notifiers),
// and JSON lines and stdout for people and scripts
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>     // std::FILE, std::fopen, std::fwrite, std::fflush
#include <memory>     // std::unique_ptr
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string

#include <nlohmann/json.hpp>

#include "aiops/alert/alertmanager.hpp"
#include "aiops/alert/dingtalk.hpp"
#include "aiops/alert/notifier.hpp"
#include "aiops/alert/smtp.hpp"
#include "aiops/alert/webhook.hpp"
#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/pipeline/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace pipeline {

/// Appends each notification to a file as one line of Alertmanager's webhook JSON (or writes it
/// to stdout when the path is empty), flushed at once.
class jsonl_notifier final : public alert::notifier {
 public:
  /// @throws aiops::error when the file cannot be opened for appending.
  explicit jsonl_notifier(const std::string& path) : path_(path) {
    file_ = path.empty() ? stdout : std::fopen(path.c_str(), "a");
    if (file_ == nullptr) throw error("cannot open " + path + " for appending");
  }
  ~jsonl_notifier() override {
    if (file_ != nullptr && file_ != stdout) std::fclose(file_);
  }
  jsonl_notifier(const jsonl_notifier&) = delete;
  jsonl_notifier& operator=(const jsonl_notifier&) = delete;

  void send(const alert::notification& n) override {
    const std::string line = alert::to_webhook_json(n).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0)
      throw error("cannot write to " + (path_.empty() ? std::string("stdout") : path_));
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

/// One readable line per alert on stdout: `FIRING HighErrors {source="nginx"} since 2025-06-03T10:02:00Z: summary`.
class stdout_notifier final : public alert::notifier {
 public:
  void send(const alert::notification& n) override {
    for (const auto& a : n.alerts) {
      std::string labels;
      for (const auto& [k, v] : a.labels)
        if (k != "alertname") labels += (labels.empty() ? "" : ",") + k + "=\"" + v + "\"";
      const auto summary = a.annotations.find("summary");
      const bool firing = a.state == alert::alert_state::firing;
      std::printf("%s %s {%s} %s %s%s%s\n", firing ? "FIRING" : "RESOLVED", a.labels.count("alertname") ? a.labels.at("alertname").c_str() : "",
                  labels.c_str(), firing ? "since" : "at", format_rfc3339(firing ? a.fired_at : a.resolved_at, 0).c_str(),
                  summary == a.annotations.end() ? "" : ": ", summary == a.annotations.end() ? "" : summary->second.c_str());
    }
    std::fflush(stdout);
  }
};

/// The notifier of a sink. @throws std::invalid_argument for an unknown kind or a missing field.
inline std::unique_ptr<alert::notifier> make_sink(const sink_config& s) {
  const auto need = [&](const std::string& value, const char* field) {
    if (value.empty()) throw std::invalid_argument("sink " + s.name + ": " + s.kind + " needs " + field);
  };
  if (s.kind == "alertmanager") {
    need(s.url, "url");
    auto n = std::make_unique<alert::alertmanager_notifier>(s.url);
    n->firing_ttl = s.firing_ttl;
    return n;
  }
  if (s.kind == "webhook") {
    need(s.url, "url");
    return std::make_unique<alert::webhook_notifier>(s.url);
  }
  if (s.kind == "dingtalk") {
    need(s.url, "url");
    return std::make_unique<alert::dingtalk_notifier>(alert::dingtalk_options{.webhook_url = s.url, .secret = s.secret});
  }
  if (s.kind == "email") {
    need(s.host, "host");
    need(s.from, "from");
    if (s.to.empty()) throw std::invalid_argument("sink " + s.name + ": email needs to");
    return std::make_unique<alert::smtp_notifier>(alert::smtp_options{.host = s.host, .port = s.port, .from = s.from, .to = s.to,
                                                                      .user = s.user, .password = s.password, .starttls = s.starttls});
  }
  if (s.kind == "jsonl") {
    need(s.path, "path");
    return std::make_unique<jsonl_notifier>(s.path);
  }
  if (s.kind == "stdout") return std::make_unique<stdout_notifier>();
  throw std::invalid_argument("sink " + s.name + ": kind '" + s.kind + "' is not one of alertmanager, webhook, dingtalk, email, jsonl, stdout");
}

}  // namespace pipeline
AIOPS_END_NAMESPACE
