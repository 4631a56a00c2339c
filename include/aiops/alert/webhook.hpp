// aiops: Alertmanager's webhook JSON (version 4) for notifications, and a notifier that POSTs it
// SPDX-License-Identifier: MIT
#pragma once

#include <string>   // std::string
#include <utility>  // std::move

#include <nlohmann/json.hpp>

#include "aiops/alert/notifier.hpp"
#include "aiops/alert/route.hpp"
#include "aiops/alert/series.hpp"
#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/time.hpp"
#include "aiops/http/client.hpp"

AIOPS_BEGIN_NAMESPACE
namespace alert {

namespace detail {

// Go's zero time, which Alertmanager sends as `endsAt` of a firing alert.
inline constexpr const char* zero_time = "0001-01-01T00:00:00Z";

inline std::string time_text(timestamp_ns t) { return t == 0 ? zero_time : format_rfc3339(t, 3); }

inline timestamp_ns time_value(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get<std::string>() == zero_time) return 0;
  const auto t = parse_rfc3339(it->get<std::string>());
  if (!t) throw parse_error(std::string("webhook JSON: ") + key + ": " + t.error().message);
  return *t;
}

// The string member `key` of the object `j`; "" when absent. @throws parse_error when not a string.
inline std::string text(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) throw parse_error(std::string("webhook JSON: ") + key + " is not a string");
  return it->get<std::string>();
}

inline label_set label_map(const nlohmann::json& j, const char* key) {
  label_set out;
  const auto it = j.find(key);
  if (it == j.end()) return out;
  if (!it->is_object()) throw parse_error(std::string("webhook JSON: ") + key + " is not an object");
  for (const auto& [name, value] : it->items()) {
    if (!value.is_string()) throw parse_error(std::string("webhook JSON: ") + key + "." + name + " is not a string");
    out[name] = value.get<std::string>();
  }
  return out;
}

// The labels (or annotations) every alert has with the same value.
template <class Get>
label_set common(const std::vector<alert>& alerts, Get get) {
  if (alerts.empty()) return {};
  label_set out = get(alerts.front());
  for (const auto& a : alerts)
    for (auto it = out.begin(); it != out.end();) {
      const auto& other = get(a);
      const auto found = other.find(it->first);
      it = found == other.end() || found->second != it->second ? out.erase(it) : std::next(it);
    }
  return out;
}

}  // namespace detail

/// `n` as the JSON body Alertmanager's webhook receiver posts (version "4").
inline nlohmann::json to_webhook_json(const notification& n, const std::string& external_url = "") {
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto& a : n.alerts) {
    alerts.push_back({{"status", a.state == alert_state::firing ? "firing" : "resolved"},
                      {"labels", a.labels},
                      {"annotations", a.annotations},
                      {"startsAt", detail::time_text(a.fired_at)},
                      {"endsAt", detail::time_text(a.state == alert_state::firing ? 0 : a.resolved_at)},
                      {"generatorURL", ""},
                      {"fingerprint", fingerprint_hex(a.labels)}});
  }
  return {{"version", "4"},
          {"groupKey", n.group_key},
          {"truncatedAlerts", 0},
          {"status", n.status()},
          {"receiver", n.receiver},
          {"groupLabels", n.group_labels},
          {"commonLabels", detail::common(n.alerts, [](const alert& a) -> const label_set& { return a.labels; })},
          {"commonAnnotations", detail::common(n.alerts, [](const alert& a) -> const label_set& { return a.annotations; })},
          {"externalURL", external_url},
          {"alerts", alerts}};
}

/// The notification a webhook JSON body describes (alert values are not part of it: 0).
/// @throws aiops::parse_error when `j` does not have the webhook shape.
inline notification from_webhook_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("alerts") || !j["alerts"].is_array())
    throw parse_error("webhook JSON: an object with an \"alerts\" array expected");
  notification n;
  n.receiver = detail::text(j, "receiver");
  n.group_key = detail::text(j, "groupKey");
  n.group_labels = detail::label_map(j, "groupLabels");
  for (const auto& item : j["alerts"]) {
    if (!item.is_object()) throw parse_error("webhook JSON: an alert is not an object");
    alert a;
    a.labels = detail::label_map(item, "labels");
    a.annotations = detail::label_map(item, "annotations");
    a.state = detail::text(item, "status") == "firing" ? alert_state::firing : alert_state::resolved;
    a.fired_at = a.active_at = detail::time_value(item, "startsAt");
    a.resolved_at = detail::time_value(item, "endsAt");
    n.alerts.push_back(std::move(a));
  }
  return n;
}

/// POSTs each notification as Alertmanager's webhook JSON to a URL (any 2xx is delivered).
///
///     aiops::alert::webhook_notifier hook("http://127.0.0.1:5001/alerts");
///     hook.send(notification);
class webhook_notifier : public notifier {
 public:
  /// @throws std::invalid_argument when `url` is not an http(s) URL.
  explicit webhook_notifier(const std::string& url, http::client_options options = {})
      : client_(origin_of(url), std::move(options)), target_(http::parse_url(url).value().target()) {}

  /// @throws http::http_error when the receiver is down or answers with an error status.
  void send(const notification& n) override {
    http::request r;
    r.method = "POST";
    r.path = target_;
    r.body = to_webhook_json(n).dump();
    r.content_type = "application/json";
    http::client::ensure_ok(client_.send(r));
  }

 private:
  static std::string origin_of(const std::string& url) {
    const auto u = http::parse_url(url);
    if (!u) throw std::invalid_argument("aiops::alert::webhook_notifier: bad URL \"" + url + "\": " + u.error().message);
    return u->origin();
  }

  http::client client_;
  std::string target_;
};

}  // namespace alert
AIOPS_END_NAMESPACE
