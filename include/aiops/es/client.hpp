// aiops: the Elasticsearch 8 / OpenSearch 2 client: cluster, indices, templates, bulk, search,
// count, delete-by-query, and paging with point in time + search_after (or scroll)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min
#include <chrono>       // std::chrono::seconds
#include <cstdint>      // std::int64_t, std::uint32_t
#include <functional>   // std::function
#include <optional>     // std::optional
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/es/bulk.hpp"
#include "aiops/es/detail/answer.hpp"
#include "aiops/es/detail/server_error.hpp"
#include "aiops/es/error.hpp"
#include "aiops/es/query.hpp"
#include "aiops/es/search.hpp"
#include "aiops/http/client.hpp"

AIOPS_BEGIN_NAMESPACE
namespace es {

/// How to reach the server: every `http::client_options` field (timeouts, retries, basic auth in
/// `user`/`password`, `ca_cert_file` and `verify_tls` for https), plus an API key.
struct client_options {
  http::client_options http;
  /// An Elasticsearch API key: `id:api_key`, or the base64 "encoded" form Kibana shows; sent as
  /// `Authorization: ApiKey ...` and wins over basic auth. Empty: none.
  std::string api_key;
};

/// Which server answers.
enum class distribution { elasticsearch, opensearch };

/// What `GET /` says about the server.
struct server_info {
  es::distribution distribution = distribution::elasticsearch;
  std::string version;  ///< "2.19.6", "8.15.0"
  int major = 0;
  int minor = 0;
  std::string cluster_name;
  std::string node_name;

  /// Point in time exists since Elasticsearch 7.10 and OpenSearch 2.4.
  bool has_point_in_time() const noexcept {
    if (distribution == distribution::opensearch) return major > 2 || (major == 2 && minor >= 4);
    return major > 7 || (major == 7 && minor >= 10);
  }

  /// Reads the answer of `GET /`. The flavour comes from `version.distribution`, which only
  /// OpenSearch sends: its version number can be made to read 7.10.2 for old clients.
  /// @throws answer_error when a field has the wrong type.
  static server_info from_json(const nlohmann::json& j) {
    server_info s;
    const nlohmann::json no_version = nlohmann::json::object();
    const nlohmann::json* version = detail::object_field(j, "version");
    if (version == nullptr) version = &no_version;
    s.distribution = detail::field(*version, "distribution", std::string(), "version") == "opensearch"
                         ? distribution::opensearch
                         : distribution::elasticsearch;
    s.version = detail::field(*version, "number", std::string(), "version");
    const auto parts = split(s.version, '.');
    if (!parts.empty()) s.major = static_cast<int>(parse_int(parts[0]).value_or(0));
    if (parts.size() > 1) s.minor = static_cast<int>(parse_int(parts[1]).value_or(0));
    s.cluster_name = detail::field(j, "cluster_name", std::string());
    s.node_name = detail::field(j, "name", std::string());
    return s;
  }
};

/// `_cluster/health`. `status` is "green", "yellow" (replicas unassigned: normal on one node) or "red".
struct cluster_health {
  std::string cluster_name;
  std::string status;
  bool timed_out = false;  ///< the wait for a status ended before the status was reached
  int number_of_nodes = 0;
  int number_of_data_nodes = 0;
  int active_primary_shards = 0;
  int active_shards = 0;
  int relocating_shards = 0;
  int initializing_shards = 0;
  int unassigned_shards = 0;
  int number_of_pending_tasks = 0;

  /// Reads the answer of `_cluster/health`. @throws answer_error when a field has the wrong type.
  static cluster_health from_json(const nlohmann::json& j) {
    cluster_health h;
    h.cluster_name = detail::field(j, "cluster_name", std::string());
    h.status = detail::field(j, "status", std::string());
    h.timed_out = detail::field(j, "timed_out", false);
    h.number_of_nodes = detail::field(j, "number_of_nodes", 0);
    h.number_of_data_nodes = detail::field(j, "number_of_data_nodes", 0);
    h.active_primary_shards = detail::field(j, "active_primary_shards", 0);
    h.active_shards = detail::field(j, "active_shards", 0);
    h.relocating_shards = detail::field(j, "relocating_shards", 0);
    h.initializing_shards = detail::field(j, "initializing_shards", 0);
    h.unassigned_shards = detail::field(j, "unassigned_shards", 0);
    h.number_of_pending_tasks = detail::field(j, "number_of_pending_tasks", 0);
    return h;
  }
};

/// A composable index template (`_index_template`): new indices whose names match get these
/// settings and mappings.
struct index_template {
  std::vector<std::string> index_patterns;  ///< `["aiops-nginx-*"]`
  /// Higher wins among overlapping templates. Elasticsearch ships built-in templates at 100 for
  /// `logs-*-*` and `metrics-*-*`: stay above, and away from those names.
  int priority = 200;
  nlohmann::json settings = nlohmann::json::object();
  nlohmann::json mappings = nlohmann::json::object();

  nlohmann::json to_json() const {
    return {{"index_patterns", index_patterns},
            {"priority", priority},
            {"template", {{"settings", settings}, {"mappings", mappings}}}};
  }
};

/// How `client::for_each_hit` pages through every match.
struct scan_options {
  std::int64_t page_size = 1000;
  std::string keep_alive = "1m";  ///< how long the server keeps the point in time (or scroll) between pages
  /// A field with a distinct value per document (a keyword id), used after the request's own sort
  /// to break ties. Elasticsearch has `_shard_doc` for that; OpenSearch 2 has not, so without a
  /// tiebreaker OpenSearch is paged with scroll (which breaks ties by `_doc`).
  std::string tiebreaker;
  enum class method { automatic, point_in_time, scroll };
  /// automatic: point in time + search_after where the server has it (and, on OpenSearch, a
  /// tiebreaker is given), else scroll; also scroll when opening a point in time is refused.
  method how = method::automatic;
};

namespace detail {

// The two point-in-time APIs: Elasticsearch `POST /<i>/_pit` -> {"id"}, `DELETE /_pit {"id"}`;
// OpenSearch `POST /<i>/_search/point_in_time` -> {"pit_id"}, `DELETE /_search/point_in_time {"pit_id":[...]}`.
struct pit_api {
  std::string open_path;  // for index `index`
  std::string id_field;   // in the open answer
  std::string close_path;
  nlohmann::json close_body;
};

inline pit_api point_in_time_api(distribution d, std::string_view index, const std::string& id) {
  if (d == distribution::opensearch) {
    return {"/" + std::string(index) + "/_search/point_in_time", "pit_id", "/_search/point_in_time",
            {{"pit_id", nlohmann::json::array({id})}}};
  }
  return {"/" + std::string(index) + "/_pit", "id", "/_pit", {{"id", id}}};
}

inline std::string base64(std::string_view in) {
  static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, in.size() - i);
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 3; ++k) v = (v << 8) | (k < n ? static_cast<unsigned char>(in[i + k]) : 0U);
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? table[(v >> (18 - 6 * k)) & 0x3F] : '=';
  }
  return out;
}

inline http::client_options with_api_key(client_options o) {
  if (!o.api_key.empty()) {
    const std::string value = o.api_key.find(':') != std::string::npos ? base64(o.api_key) : o.api_key;
    o.http.default_headers.emplace("Authorization", "ApiKey " + value);
  }
  return std::move(o.http);
}

}  // namespace detail

/// A client for one Elasticsearch 8 or OpenSearch 2 cluster, on top of `http::client`.
///
///     aiops::es::client es{"http://127.0.0.1:19200"};
///     es.create_index("web", {{"mappings", aiops::es::ecs::access_log_mappings()}});
///     aiops::es::bulk_report r = es.bulk(actions);            // retries 429/503 items, reports the rest
///     std::int64_t n = es.count("web", aiops::es::range("http.response.status_code").gte(500));
///
/// Error answers throw `server_error` with the server's `type` and `reason`; connection failures
/// throw `http::http_error`. The differences between the two servers that a client meets
/// (point-in-time APIs, `_shard_doc`) are handled from `info().distribution`.
/// Not thread-safe, like `http::client`: one client per thread.
class client {
 public:
  /// @throws std::invalid_argument when `url` is not an http or https URL.
  explicit client(std::string_view url, client_options options = {})
      : url_(url), http_(url, detail::with_api_key(std::move(options))) {}

  /// The base URL given to the constructor.
  const std::string& url() const noexcept { return url_; }
  /// The HTTP client underneath, for calls this class does not wrap.
  http::client& http() noexcept { return http_; }

  /// `GET /`, asked once and remembered.
  const server_info& info() {
    if (!info_) info_ = detail::read_answer(send("GET", "/"), server_info::from_json);
    return *info_;
  }

  /// `_cluster/health`; with `wait_for_status` ("yellow", "green") the server waits up to `timeout`
  /// and answers with `timed_out` set when the status was not reached.
  cluster_health health(std::string_view wait_for_status = {}, std::chrono::seconds timeout = std::chrono::seconds(30)) {
    http::request r;
    r.path = "/_cluster/health";
    if (!wait_for_status.empty()) {
      r.params = {{"wait_for_status", std::string(wait_for_status)}, {"timeout", std::to_string(timeout.count()) + "s"}};
      r.deadline = std::chrono::duration_cast<std::chrono::milliseconds>(timeout) + http_.options().deadline;
    }
    const http::response answer = http_.send(r);
    if (answer.status == 408) {  // the wait timed out: the body is still the health, with timed_out set
      http::response health = answer;
      health.status = 200;
      return detail::read_answer(health, cluster_health::from_json);
    }
    return detail::read_answer(answer, cluster_health::from_json);
  }

  bool index_exists(std::string_view index) {
    http::request r;
    r.method = "HEAD";
    r.path = "/" + std::string(index);
    const http::response answer = http_.send(r);
    if (answer.status == 404) return false;
    if (!answer.ok()) throw detail::make_server_error(answer);
    return true;
  }

  /// Creates `index`; `body` may hold `settings`, `mappings` and `aliases`.
  /// @throws server_error (`resource_already_exists_exception`) when it exists.
  void create_index(std::string_view index, const nlohmann::json& body = nlohmann::json::object()) {
    call("PUT", "/" + std::string(index), body);
  }

  /// Deletes `index` (an exact name: Elasticsearch 8 refuses wildcards by default); false when it
  /// did not exist.
  bool delete_index(std::string_view index) {
    const http::response answer = send("DELETE", "/" + std::string(index));
    if (answer.status == 404) return false;
    detail::parse_answer(answer);
    return true;
  }

  /// Makes what was indexed so far searchable now (instead of within the refresh interval, 1 s).
  void refresh(std::string_view index) { call("POST", "/" + std::string(index) + "/_refresh"); }

  void put_index_template(std::string_view name, const index_template& t) {
    call("PUT", "/_index_template/" + std::string(name), t.to_json());
  }
  /// False when there was no such template.
  bool delete_index_template(std::string_view name) {
    const http::response answer = send("DELETE", "/_index_template/" + std::string(name));
    if (answer.status == 404) return false;
    detail::parse_answer(answer);
    return true;
  }

  /// The `mappings` of `index` (`{"properties": {...}}`).
  nlohmann::json get_mapping(std::string_view index) {
    return detail::read_answer(send("GET", "/" + std::string(index) + "/_mapping"), [&index](const nlohmann::json& j) {
      if (detail::as_object(j, "").empty()) throw error("aiops::es: no mapping for index " + std::string(index));
      const nlohmann::json* mappings = detail::object_field(j.begin().value(), "mappings", j.begin().key());
      return mappings == nullptr ? nlohmann::json::object() : *mappings;
    });
  }
  /// Adds fields to the mapping of `index` (`{"properties": {...}}`); existing types cannot change.
  void put_mapping(std::string_view index, const nlohmann::json& mappings) {
    call("PUT", "/" + std::string(index) + "/_mapping", mappings);
  }
  /// The type of the dotted `field` in the mapping of `index` ("long", "keyword"...), or "" when unmapped.
  std::string field_type(std::string_view index, std::string_view field) {
    const nlohmann::json mapping = get_mapping(index);
    const nlohmann::json* node = &mapping;
    for (std::string_view part : split(field, '.')) {
      const auto props = node->find("properties");
      if (props == node->end() || !props->contains(part)) return {};
      node = &(*props)[std::string(part)];
    }
    return detail::field(*node, "type", node->contains("properties") ? std::string("object") : std::string(), field);
  }

  /// Sends one batch, retrying the items refused with 429/503 (see `send_bulk`).
  /// @throws server_error when the server refuses the request itself.
  bulk_report bulk(const bulk_batch& batch, const bulk_options& options = {}) {
    const bulk_transport transport = [this, &options](const std::string& body, bool idempotent) {
      http::request r;
      r.method = "POST";
      r.path = "/_bulk";
      // Only what is needed to account for every item: a much smaller answer to read.
      r.params = {{"filter_path", "took,errors,items.*.status,items.*.result,items.*._id,items.*._index,items.*.error"}};
      if (!options.refresh.empty()) r.params.emplace_back("refresh", options.refresh);
      r.body = body;
      r.content_type = "application/x-ndjson";
      r.gzip = options.gzip;
      r.idempotent = idempotent;
      return http_.send(r);
    };
    return send_bulk(batch, options, transport, http_.options().clock.sleep);
  }

  /// Sends `actions` in as many batches as `options.limits` require.
  bulk_report bulk(const std::vector<bulk_action>& actions, const bulk_options& options = {}) {
    bulk_report total;
    bulk_batch batch(options.limits);
    std::uint64_t tag = 0;
    for (const auto& a : actions) {
      if (!batch.fits(a)) {
        total.merge(bulk(batch, options), options.max_failures_kept);
        batch.clear();
      }
      batch.add(a, tag++);
    }
    total.merge(bulk(batch, options), options.max_failures_kept);
    return total;
  }

  /// `_search` on `index` (a name, a comma list, a pattern, or an alias).
  search_response search(std::string_view index, const search_request& request) {
    return detail::read_answer(send_call("POST", "/" + std::string(index) + "/_search", request.to_json()),
                               search_response::from_json);
  }

  /// How many documents of `index` match `q`.
  std::int64_t count(std::string_view index, const query& q = match_all()) {
    return detail::read_answer(send_call("POST", "/" + std::string(index) + "/_count", {{"query", q.json()}}),
                               [](const nlohmann::json& j) { return detail::required_field<std::int64_t>(j, "count"); });
  }

  /// Deletes the documents of `index` that match `q` and returns how many; `refresh` makes the
  /// deletion visible at once. Version conflicts (documents changed meanwhile) are skipped.
  /// @throws error when some could not be deleted.
  std::int64_t delete_by_query(std::string_view index, const query& q, bool refresh = true) {
    http::request r;
    r.method = "POST";
    r.path = "/" + std::string(index) + "/_delete_by_query";
    r.params = {{"conflicts", "proceed"}, {"refresh", refresh ? "true" : "false"}};
    r.body = nlohmann::json{{"query", q.json()}}.dump();
    r.content_type = "application/json";
    return detail::read_answer(http_.send(r), [&index](const nlohmann::json& j) {
      if (const nlohmann::json* f = detail::array_field(j, "failures"); f != nullptr && !f->empty()) {
        throw error("aiops::es: delete_by_query on " + std::string(index) + " left " + std::to_string(f->size()) +
                    " failures, the first: " + detail::describe_value((*f)[0]));
      }
      return detail::field(j, "deleted", std::int64_t{0});
    });
  }

  /// Opens a point in time on `index` (the API of the server's flavour) and returns its id.
  std::string open_point_in_time(std::string_view index, std::string_view keep_alive = "1m") {
    const detail::pit_api api = detail::point_in_time_api(info().distribution, index, {});
    http::request r;
    r.method = "POST";
    r.path = api.open_path;
    r.params = {{"keep_alive", std::string(keep_alive)}};
    return detail::read_answer(http_.send(r), [&api](const nlohmann::json& j) {
      return detail::required_field<std::string>(j, api.id_field);
    });
  }
  void close_point_in_time(const std::string& id) {
    const detail::pit_api api = detail::point_in_time_api(info().distribution, "", id);
    call("DELETE", api.close_path, api.close_body);
  }

  /// Calls `on_hit` for every document of `index` that `request` matches, in the request's sort
  /// order, page by page, and returns how many there were. `request.size`, `from` and
  /// `search_after` are ignored; aggregations are not computed.
  ///
  ///     search_request r;
  ///     r.query = term("http.response.status_code", 404);
  ///     r.sort = {{"@timestamp"}};
  ///     es.for_each_hit("web", r, [](const hit& h) { ... }, {.tiebreaker = "event.id"});
  std::int64_t for_each_hit(std::string_view index, search_request request, const std::function<void(const hit&)>& on_hit,
                            const scan_options& options = {}) {
    if (options.page_size <= 0) throw std::invalid_argument("aiops::es::client::for_each_hit: page_size must be positive");
    request.aggs.clear();
    request.from = 0;
    request.search_after.reset();
    request.track_total_hits = false;
    request.size = options.page_size;
    const server_info& server = info();
    bool use_pit = options.how == scan_options::method::point_in_time;
    if (options.how == scan_options::method::automatic) {
      use_pit = server.has_point_in_time() &&
                (server.distribution == distribution::elasticsearch || !options.tiebreaker.empty());
    }
    if (use_pit) {
      std::string pit;
      try {
        pit = open_point_in_time(index, options.keep_alive);
      } catch (const server_error& e) {
        // Refused (a proxy, missing privileges, an old server): scroll still works, if allowed.
        if (options.how == scan_options::method::point_in_time || (e.status() != 400 && e.status() != 403 &&
                                                                   e.status() != 404 && e.status() != 405)) {
          throw;
        }
        return scroll(index, std::move(request), on_hit, options);
      }
      return page_point_in_time(std::move(pit), std::move(request), on_hit, options);
    }
    return scroll(index, std::move(request), on_hit, options);
  }

  /// Any call: `method` `path` with a JSON `body` (none when null); the JSON answer.
  /// @throws server_error unless the answer is 2xx JSON.
  nlohmann::json call(std::string_view method, std::string_view path, const nlohmann::json& body = nullptr,
                      const http::query& params = {}) {
    return detail::parse_answer(send_call(method, path, body, params));
  }

 private:
  http::response send(std::string_view method, std::string path) {
    http::request r;
    r.method = std::string(method);
    r.path = std::move(path);
    return http_.send(r);
  }

  // `call` without reading the answer, for the callers that read it with a from_json.
  http::response send_call(std::string_view method, std::string_view path, const nlohmann::json& body = nullptr,
                           const http::query& params = {}) {
    http::request r;
    r.method = std::string(method);
    r.path = std::string(path);
    r.params = params;
    if (!body.is_null()) {
      r.body = body.dump();
      r.content_type = "application/json";
    }
    return http_.send(r);
  }

  std::int64_t page_point_in_time(std::string pit, search_request request, const std::function<void(const hit&)>& on_hit,
                                  const scan_options& options) {
    // Close the point in time however the paging ends; a failure to close only wastes server memory
    // until keep_alive runs out, so it must not hide the real error.
    struct closer {
      client& self;
      std::string& id;
      ~closer() {
        try {
          self.close_point_in_time(id);
        } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): see above
        }
      }
    } close_at_end{*this, pit};

    if (!options.tiebreaker.empty()) request.sort.push_back({options.tiebreaker, false});
    if (info().distribution == distribution::elasticsearch && options.tiebreaker.empty()) {
      request.sort.push_back({"_shard_doc", false});
    }
    std::int64_t seen = 0;
    for (;;) {
      nlohmann::json body = request.to_json();
      body["pit"] = {{"id", pit}, {"keep_alive", options.keep_alive}};
      const search_response page = detail::read_answer(send_call("POST", "/_search", body), search_response::from_json);
      if (!page.pit_id.empty()) pit = page.pit_id;  // the server may hand out a new id
      for (const hit& h : page.hits) on_hit(h);
      seen += static_cast<std::int64_t>(page.hits.size());
      if (static_cast<std::int64_t>(page.hits.size()) < options.page_size) return seen;
      request.search_after = page.hits.back().sort;
    }
  }

  std::int64_t scroll(std::string_view index, search_request request, const std::function<void(const hit&)>& on_hit,
                      const scan_options& options) {
    // Without a sort, index order is the cheapest way through. With one, a unique last key: a scroll
    // sorted by a date alone skipped the hit at a page boundary (OpenSearch 2.19, 1 of 2209 in
    // datasets/nginx; its sort optimisation), with the tiebreaker or `_doc` after it none.
    const bool by_tiebreaker = !request.sort.empty() && !options.tiebreaker.empty();
    request.sort.push_back({by_tiebreaker ? options.tiebreaker : "_doc", false});
    request.track_total_hits = true;  // a scroll refuses to turn it off
    search_response page = detail::read_answer(
        send_call("POST", "/" + std::string(index) + "/_search", request.to_json(), {{"scroll", options.keep_alive}}),
        search_response::from_json);
    std::string id = page.scroll_id;
    struct closer {
      client& self;
      std::string& id;
      ~closer() {
        try {
          if (!id.empty()) self.call("DELETE", "/_search/scroll", {{"scroll_id", nlohmann::json::array({id})}});
        } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): the scroll expires by itself
        }
      }
    } close_at_end{*this, id};

    std::int64_t seen = 0;
    while (!page.hits.empty()) {
      for (const hit& h : page.hits) on_hit(h);
      seen += static_cast<std::int64_t>(page.hits.size());
      page = detail::read_answer(send_call("POST", "/_search/scroll", {{"scroll", options.keep_alive}, {"scroll_id", id}}),
                                 search_response::from_json);
      if (!page.scroll_id.empty()) id = page.scroll_id;
    }
    return seen;
  }

  std::string url_;
  http::client http_;
  std::optional<server_info> info_;
};

}  // namespace es
AIOPS_END_NAMESPACE
