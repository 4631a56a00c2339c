// aiops: a notifier for DingTalk group robots (text or markdown, signed with timestamp + HMAC-SHA256)
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>  // std::int64_t
#include <string>   // std::string
#include <utility>  // std::move
#include <vector>   // std::vector

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "aiops/alert/notifier.hpp"
#include "aiops/alert/route.hpp"
#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/time.hpp"
#include "aiops/http/client.hpp"

AIOPS_BEGIN_NAMESPACE
namespace alert {

/// The `sign` parameter of a DingTalk robot with "加签" (signing) security, before URL-encoding:
/// base64(HMAC-SHA256(key = secret, message = timestamp_ms + "\n" + secret)).
inline std::string dingtalk_sign(std::int64_t timestamp_ms, const std::string& secret) {
  const std::string message = std::to_string(timestamp_ms) + "\n" + secret;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  if (HMAC(EVP_sha256(), secret.data(), int(secret.size()), reinterpret_cast<const unsigned char*>(message.data()),
           message.size(), mac, &mac_size) == nullptr)
    throw error("aiops::alert::dingtalk_sign: HMAC-SHA256 failed");
  std::string out(4 * ((mac_size + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), mac, int(mac_size));
  out.resize(std::size_t(n));
  return out;
}

/// Settings of a DingTalk robot.
struct dingtalk_options {
  std::string webhook_url;               ///< `https://oapi.dingtalk.com/robot/send?access_token=...`
  std::string secret;                    ///< the robot's `SEC...` signing secret; empty: no signing
  bool markdown = true;                  ///< `msgtype` markdown (else text)
  std::vector<std::string> at_mobiles;   ///< people to @ by phone number
  bool at_all = false;
};

/// The message body DingTalk's robot API takes for `n` (`msgtype` text or markdown).
inline nlohmann::json to_dingtalk_json(const notification& n, const dingtalk_options& o) {
  std::size_t firing = 0;
  for (const auto& a : n.alerts) firing += a.state == alert_state::firing;
  std::string title = n.status() == "firing" ? "[FIRING:" + std::to_string(firing) + "]" : "[RESOLVED]";
  for (const auto& [name, value] : n.group_labels) title += " " + value;
  std::string text = o.markdown ? "### " + title + "\n\n" : title + "\n";
  for (const auto& a : n.alerts) {
    const auto label = [&a](const char* name) {
      const auto it = a.labels.find(name);
      return it == a.labels.end() ? std::string() : it->second;
    };
    const auto summary = a.annotations.find("summary");
    std::string line = (a.state == alert_state::firing ? "FIRING " : "RESOLVED ") + label("alertname");
    if (!label("instance").empty()) line += " " + label("instance");
    if (!label("severity").empty()) line += " (" + label("severity") + ")";
    if (summary != a.annotations.end()) line += ": " + summary->second;
    text += (o.markdown ? "- " : "") + line + "\n";
  }
  for (const auto& mobile : o.at_mobiles) text += "@" + mobile + " ";
  nlohmann::json body;
  if (o.markdown) body = {{"msgtype", "markdown"}, {"markdown", {{"title", title}, {"text", text}}}};
  else body = {{"msgtype", "text"}, {"text", {{"content", text}}}};
  body["at"] = {{"atMobiles", o.at_mobiles}, {"isAtAll", o.at_all}};
  return body;
}

/// Posts notifications to a DingTalk group robot; with a secret, every request carries
/// `timestamp` (ms) and `sign` as DingTalk's "加签" scheme says.
///
///     aiops::alert::dingtalk_notifier ding({.webhook_url = "https://oapi.dingtalk.com/robot/send?access_token=T",
///                                           .secret = "SEC..."});
class dingtalk_notifier : public notifier {
 public:
  /// @throws std::invalid_argument when the webhook URL is not an http(s) URL.
  explicit dingtalk_notifier(dingtalk_options options, http::client_options client_options = {})
      : options_(std::move(options)), url_(parse(options_.webhook_url)), client_(url_.origin(), std::move(client_options)) {}

  /// @throws http::http_error when DingTalk cannot be reached or answers with an error status;
  ///         aiops::error with DingTalk's `errmsg` when it answers `errcode` other than 0.
  void send(const notification& n) override {
    http::request r;
    r.method = "POST";
    r.path = url_.target();
    if (!options_.secret.empty()) {
      const std::int64_t now_ms = wall_now() / ns_per_millisecond;
      r.params = {{"timestamp", std::to_string(now_ms)}, {"sign", dingtalk_sign(now_ms, options_.secret)}};
    }
    r.body = to_dingtalk_json(n, options_).dump();
    r.content_type = "application/json";
    const nlohmann::json answer = client_.send_json(r);
    // {"errcode":0,"errmsg":"ok"}; an errcode of any other value or type is a refusal.
    if (!answer.is_object()) throw error("DingTalk robot: unexpected answer: " + http::detail::excerpt(answer.dump()));
    const auto code = answer.find("errcode");
    if (code != answer.end() && !(code->is_number_integer() && code->get<std::int64_t>() == 0)) {
      const auto message = answer.find("errmsg");
      throw error("DingTalk robot: errcode " + code->dump() + ": " +
                  (message != answer.end() && message->is_string() ? message->get<std::string>() : std::string()));
    }
  }

 private:
  static http::url parse(const std::string& url) {
    auto u = http::parse_url(url);
    if (!u) throw std::invalid_argument("aiops::alert::dingtalk_notifier: bad webhook URL: " + u.error().message);
    return *u;
  }

  dingtalk_options options_;
  http::url url_;
  http::client client_;
};

}  // namespace alert
AIOPS_END_NAMESPACE
