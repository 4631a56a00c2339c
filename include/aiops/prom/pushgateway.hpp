// aiops: the Pushgateway client: push (replace a group), push-add (replace same-named metrics), delete a group
// SPDX-License-Identifier: MIT
#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move, std::pair
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/http/client.hpp"
#include "aiops/prom/metrics.hpp"
#include "aiops/prom/writer.hpp"

AIOPS_BEGIN_NAMESPACE
namespace prom {

namespace detail {

// RFC 4648 base64url with padding, which the Pushgateway accepts for `<label>@base64/<value>`.
inline std::string base64url(std::string_view in) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    for (int shift : {18, 12, 6, 0}) out += alphabet[(v >> shift) & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = (unsigned char)in[i] << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    for (int shift : {18, 12, 6}) out += alphabet[(v >> shift) & 63];
    out += '=';
  }
  return out;
}

}  // namespace detail

/// A group of metrics on a Pushgateway, named by its grouping key: the job and optional labels.
///
///     prom::registry reg;
///     reg.add_gauge("backup_last_success_timestamp_seconds", "Last good backup.").with().set_to_current_time();
///     prom::pushgateway gw{"http://127.0.0.1:19091", "backup", {{"instance", "db1"}}};
///     gw.push(reg);      // PUT: the group now holds exactly these metrics
///
/// For batch jobs that end before Prometheus could scrape them; a long-running service should be
/// scraped instead (its `up` then means something). @throws http::http_error with the Pushgateway's
/// message (it rejects, e.g., metrics with timestamps or inconsistent with what it holds).
class pushgateway {
 public:
  /// @throws std::invalid_argument for an empty job or a bad label name in `grouping`.
  pushgateway(std::string_view base_url, std::string job, std::vector<std::pair<std::string, std::string>> grouping = {},
              http::client_options options = {})
      : http_(base_url, std::move(options)), path_("/metrics" + segment("job", job)) {
    if (job.empty()) throw std::invalid_argument("aiops::prom: a Pushgateway job name cannot be empty");
    for (const auto& [name, value] : grouping) {
      if (!is_label_name(name) || name == "job") {
        throw std::invalid_argument("aiops::prom: bad grouping label '" + name + "'");
      }
      path_ += segment(name, value);
    }
  }

  /// PUT: replaces every metric of the group.
  void push(const registry& reg) { send("PUT", reg.serialize(format::text)); }
  void push(const std::vector<metric_family>& families) { send("PUT", write(families, format::text)); }
  /// POST: replaces only the metrics of the same names in the group.
  void push_add(const registry& reg) { send("POST", reg.serialize(format::text)); }
  void push_add(const std::vector<metric_family>& families) { send("POST", write(families, format::text)); }
  /// DELETE: removes the whole group.
  void remove() { send("DELETE", ""); }

  /// The group's path under the base URL: `/metrics/job/<job>/<label>/<value>...`.
  const std::string& path() const noexcept { return path_; }

 private:
  // A value with '/' (or empty) cannot be a path segment: the Pushgateway takes it base64url-encoded.
  static std::string segment(std::string_view name, std::string_view value) {
    if (value.empty() || value.find('/') != std::string_view::npos) {
      return "/" + std::string(name) + "@base64/" + (value.empty() ? std::string("=") : detail::base64url(value));
    }
    return "/" + std::string(name) + "/" + http::percent_encode(value);
  }

  void send(const char* method, std::string body) {
    http::request r;
    r.method = method;
    r.path = path_;
    r.body = std::move(body);
    r.content_type = std::string(content_type(format::text));
    http::client::ensure_ok(http_.send(r));
  }

  http::client http_;
  std::string path_;
};

}  // namespace prom
AIOPS_END_NAMESPACE
