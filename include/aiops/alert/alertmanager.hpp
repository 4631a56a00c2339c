// aiops: a notifier that posts alerts to Alertmanager's API v2 (firing, and resolved by endsAt)
// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>   // std::chrono::milliseconds, minutes, nanoseconds
#include <string>   // std::string
#include <utility>  // std::move
#include <vector>   // std::vector

#include <nlohmann/json.hpp>

#include "aiops/alert/notifier.hpp"
#include "aiops/alert/route.hpp"
#include "aiops/alert/webhook.hpp"
#include "aiops/config.hpp"
#include "aiops/core/time.hpp"
#include "aiops/http/client.hpp"

AIOPS_BEGIN_NAMESPACE
namespace alert {

/// The body of `POST /api/v2/alerts` for `alerts` sent at `now`. A firing alert gets
/// `endsAt = now + firing_ttl`, so Alertmanager resolves it by itself if we stop resending (route
/// `repeat_interval` below `firing_ttl` keeps it alive); a resolved one gets its `resolved_at`.
inline nlohmann::json to_alertmanager_json(const std::vector<alert>& alerts, timestamp_ns now,
                                           std::chrono::milliseconds firing_ttl,
                                           const std::string& generator_url = "") {
  nlohmann::json body = nlohmann::json::array();
  for (const auto& a : alerts) {
    const timestamp_ns ends = a.state == alert_state::firing
                                  ? now + std::chrono::duration_cast<std::chrono::nanoseconds>(firing_ttl).count()
                                  : a.resolved_at;
    nlohmann::json item = {{"labels", a.labels}, {"annotations", a.annotations}, {"endsAt", format_rfc3339(ends, 3)}};
    if (a.fired_at != 0) item["startsAt"] = format_rfc3339(a.fired_at, 3);
    if (!generator_url.empty()) item["generatorURL"] = generator_url;
    body.push_back(std::move(item));
  }
  return body;
}

/// Sends the alerts of each notification to an Alertmanager (`POST /api/v2/alerts`), which then
/// groups, silences and routes them by its own configuration.
///
///     aiops::alert::alertmanager_notifier am("http://127.0.0.1:9093");
class alertmanager_notifier : public notifier {
 public:
  /// How long a firing alert stays active in Alertmanager without a resend.
  std::chrono::milliseconds firing_ttl = std::chrono::minutes(5);
  /// Sent as each alert's `generatorURL` when not empty (a link back to the rule or dashboard).
  std::string generator_url;

  /// @throws std::invalid_argument when `base_url` is not an http(s) URL.
  explicit alertmanager_notifier(const std::string& base_url, http::client_options options = {})
      : client_(base_url, std::move(options)) {}

  /// @throws http::http_error when Alertmanager is down or refuses the alerts (422: its message).
  void send(const notification& n) override {
    const timestamp_ns now = wall_now();
    http::request r;
    r.method = "POST";
    r.path = "/api/v2/alerts";
    r.body = to_alertmanager_json(n.alerts, now, firing_ttl, generator_url).dump();
    r.content_type = "application/json";
    r.idempotent = true;  // posting the same alerts twice changes nothing in Alertmanager
    http::client::ensure_ok(client_.send(r));
  }

 private:
  http::client client_;
};

}  // namespace alert
AIOPS_END_NAMESPACE
