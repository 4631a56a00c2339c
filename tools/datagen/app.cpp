// aiops: datasets/app: two days of a web service's JSON-lines logs with a connection pool exhaustion burst
// SPDX-License-Identifier: MIT
//
// shop-api logs every request (logger http.access) plus what its parts say along the way
// (auth, orders, payments.client, cache, db, db.pool, scheduler, main). On the second day a
// runaway report query holds the database connections, the pool runs dry, requests fail with
// 503/504 until the on-call engineer restarts the service. datasets/app/README.md describes it.
#include <algorithm>    // std::sort, std::min
#include <array>        // std::array
#include <cstdint>      // std::int64_t
#include <cstdio>       // std::snprintf
#include <filesystem>   // std::filesystem::path
#include <map>          // std::map
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "dataset.hpp"
#include "inet.hpp"
#include "output.hpp"
#include "random.hpp"
#include "shape.hpp"

namespace datagen {

namespace {

constexpr std::uint64_t seed = 20250616;
constexpr timestamp_ns from_ms(double ms) { return static_cast<timestamp_ns>(ms * 1e6); }

const timestamp_ns log_begin = aiops::to_timestamp({2025, 6, 16, 0, 0, 0, 0});
const timestamp_ns log_end = log_begin + 2 * aiops::ns_per_day;
const timestamp_ns report_at = aiops::to_timestamp({2025, 6, 17, 10, 37, 42, 0});  // the runaway query starts
const timestamp_ns burst_begin = aiops::to_timestamp({2025, 6, 17, 10, 41, 0, 0});
const timestamp_ns burst_end = aiops::to_timestamp({2025, 6, 17, 10, 58, 30, 0});  // the restart
const timestamp_ns down_begin = burst_end - from_ms(150);                          // the forced exit
constexpr int pool_max = 20;

// Requests per minute at the busiest weekday hour: sized for about 40k lines in two days.
constexpr double peak_requests_per_minute = 15.5;


enum class defect { none, truncated, concatenated, plain_text };

const char* defect_name(defect d) {
  switch (d) {
    case defect::truncated: return "truncated";
    case defect::concatenated: return "concatenated";
    case defect::plain_text: return "plain_text";
    case defect::none: break;
  }
  return "none";
}

struct record {
  timestamp_ns ts = 0;
  std::uint64_t seq = 0;
  std::string level;
  std::string text;
  bool incident = false;  ///< the line exists because of the pool exhaustion incident
  defect kind = defect::none;
};

/// An API route: how often it is called, how fast it is, and what it says besides the access line.
struct route {
  const char* method;
  const char* path;  ///< "{id}" is replaced by a product or order id
  double weight;
  double median_ms;
  int ok_status;
  bool uses_db;
  bool signed_in;  ///< only signed-in users call it (others may be anonymous)
};

const std::array<route, 10> routes = {{{"GET", "/api/v1/products/{id}", 25, 18, 200, true, false},
                                       {"GET", "/api/v1/products", 18, 42, 200, true, false},
                                       {"GET", "/api/v1/search", 10, 120, 200, true, false},
                                       {"GET", "/api/v1/cart", 12, 15, 200, true, true},
                                       {"POST", "/api/v1/cart/items", 8, 38, 201, true, true},
                                       {"POST", "/api/v1/orders", 3, 260, 201, true, true},
                                       {"GET", "/api/v1/orders", 5, 35, 200, true, true},
                                       {"GET", "/api/v1/me", 10, 9, 200, true, true},
                                       {"POST", "/api/v1/auth/login", 4, 95, 200, true, false},
                                       {"POST", "/api/v1/events", 5, 4, 204, false, false}}};

class app_log {
 public:
  app_log() : root_(seed, "app") {}
  std::vector<record> generate();

 private:
  void add(timestamp_ns t, std::string_view level, const json_line& fields, bool incident = false) {
    records_.push_back({t, records_.size(), std::string(level), fields.str(), incident, defect::none});
  }
  /// The fields every line starts with, in the logger's order.
  static json_line head(timestamp_ns t, std::string_view level, std::string_view logger, std::string_view msg) {
    json_line j;
    j.str("ts", rfc3339(t, 3)).str("level", level).str("logger", logger).str("msg", msg);
    return j;
  }
  static json_line& who(json_line& j, const std::string& trace, const std::string& user) {
    j.str("trace_id", trace);
    return user.empty() ? j.null("user_id") : j.str("user_id", user);
  }
  double failure_rate(timestamp_ns t) const;
  void request(rng& r, timestamp_ns t);
  void traffic();
  void background();
  void incident();
  void defects(rng& r, std::vector<record>& sorted);

  rng root_;
  std::vector<record> records_;
};

double app_log::failure_rate(timestamp_ns t) const {
  if (t < burst_begin || t >= burst_end) return 0;
  const double m = static_cast<double>(t - burst_begin) / static_cast<double>(aiops::ns_per_minute);
  return std::min(0.75, 0.75 * m / 3);  // three minutes for the pool to drain, then most requests fail
}

void app_log::request(rng& r, timestamp_ns t) {
  static const discrete pick_route([] {
    std::vector<double> w;
    for (const route& rt : routes) w.push_back(rt.weight);
    return w;
  }());
  static const discrete pick_user(zipf_weights(30000, 0.7));
  const route& rt = routes[pick_route(r)];
  const std::string trace = hex_id(r, 32);
  const bool login = rt.path == std::string_view("/api/v1/auth/login");
  const bool anonymous = login || (!rt.signed_in && r.chance(0.4));
  std::string user = anonymous ? "" : "u_" + std::to_string(10000 + pick_user(r));
  std::string path = rt.path;
  if (const auto brace = path.find("{id}"); brace != std::string::npos)
    path.replace(brace, 4, std::to_string(r.between(10000, 99999)));
  double latency = r.lognormal(rt.median_ms, 0.7) * (0.9 + 0.2 * daily_traffic(t));
  int status = rt.ok_status;
  bool incident = false;
  timestamp_ns at = t;
  // What the parts of the service log while handling the request, before the access line.
  if (rt.uses_db && r.chance(failure_rate(t))) {
    incident = true;
    if (r.chance(0.8)) {
      latency = 3000 + r.lognormal(6, 0.8);
      status = 503;
      json_line j = head(at + from_ms(3000), "ERROR", "db.pool", "connection pool exhausted: timed out after 3000ms waiting for a connection");
      who(j, trace, user).num("active", pool_max).num("idle", 0).num("waiting", r.between(25, 90)).num("max", pool_max);
      add(at + from_ms(3000), "ERROR", j, true);
    } else {
      latency = 5000 + r.lognormal(4, 0.8);
      status = 504;
      json_line j = head(at + from_ms(5000), "ERROR", rt.method == std::string_view("POST") ? "orders" : "catalog",
                         "request failed: context deadline exceeded");
      who(j, trace, user).str("error", "pq: canceling statement due to user request");
      add(at + from_ms(5000), "ERROR", j, true);
    }
  } else {
    if (t >= burst_begin && t < burst_end && rt.uses_db) latency *= r.uniform(3, 12);  // waiting for a connection
    if (path.rfind("/api/v1/products/", 0) == 0 && r.chance(0.015)) status = 404;
    else if (path == "/api/v1/me" && r.chance(0.04)) {
      status = 401;  // an expired token: the service no longer knows who it is
      user.clear();
    }
    else if (rt.method == std::string_view("POST") && r.chance(0.006)) {
      status = 400;
      json_line j = head(at + from_ms(2), "WARN", "http.access",
                         "invalid request body: json: cannot unmarshal string into Go struct field \"quantity\" of type int");
      add(at + from_ms(2), "WARN", who(j, trace, user));
    } else if (r.chance(0.0008)) {
      status = 500;
      json_line j = head(at + from_ms(latency), "ERROR", "http.access", "panic recovered: runtime error: invalid memory address or nil pointer dereference");
      add(at + from_ms(latency), "ERROR", who(j, trace, user).str("stack", "goroutine 4187 [running]:\nmain.(*cartHandler).add(...)\n\t/src/shop/cart.go:118"));
    }
    if (path.rfind("/api/v1/products/", 0) == 0 && r.chance(0.2)) {
      json_line j = head(at + from_ms(1), "DEBUG", "cache", "cache miss");
      add(at + from_ms(1), "DEBUG", who(j, trace, user).str("key", "product:" + path.substr(17)));
    }
    if (login) {
      const bool ok = r.chance(0.88);
      if (ok) user = "u_" + std::to_string(10000 + pick_user(r));
      status = ok ? 200 : 401;
      json_line j = head(at + from_ms(latency - 1), ok ? "INFO" : "WARN", "auth", ok ? "login succeeded" : "login failed: invalid password");
      who(j, trace, user).str("client_ip", public_ipv4(r));
      add(at + from_ms(latency - 1), ok ? "INFO" : "WARN", j);
    }
    if (path == "/api/v1/orders" && rt.method == std::string_view("POST") && status == 201) {
      const double pay_ms = r.lognormal(180, 0.6);
      const bool declined = r.chance(0.08);
      const char* level = pay_ms > 1500 || declined ? "WARN" : "INFO";
      json_line p = head(at + from_ms(latency * 0.8), level, "payments.client",
                         declined ? "payment declined: insufficient funds" : pay_ms > 1500 ? "payment provider slow" : "payment authorized");
      who(p, trace, user).num("latency_ms", static_cast<std::int64_t>(pay_ms)).str("provider", r.chance(0.7) ? "stripe" : "alipay");
      add(at + from_ms(latency * 0.8), level, p);
      if (declined) {
        status = 402;
      } else {
        json_line o = head(at + from_ms(latency * 0.9), "INFO", "orders", "order created");
        who(o, trace, user).num("order_id", r.between(4810000, 4899999)).num("amount_cents", r.between(499, 89900))
            .num("items", r.between(1, 6));
        if (r.chance(0.05)) o.str("note", r.chance(0.5) ? "请尽快发货" : "leave at the \"back door\", thanks");
        add(at + from_ms(latency * 0.9), "INFO", o);
      }
    }
    if (rt.uses_db && r.chance(0.002)) {
      const double ms = r.lognormal(1800, 0.5);
      json_line j = head(at + from_ms(latency * 0.7), "WARN", "db", "slow query");
      who(j, trace, user).num("duration_ms", static_cast<std::int64_t>(ms))
          .str("sql", "SELECT p.* FROM products p JOIN stock s ON s.product_id = p.id WHERE p.category = $1 ORDER BY p.rank LIMIT 24");
      add(at + from_ms(latency * 0.7), "WARN", j);
    }
  }
  const std::string level = status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO";
  json_line http;
  http.str("method", rt.method).str("path", path);
  json_line j = head(at + from_ms(latency), level, "http.access", "request completed");
  who(j, trace, user).num("latency_ms", static_cast<std::int64_t>(latency)).num("status", status).raw("http", http.str());
  add(at + from_ms(latency), level, j, incident);
}

void app_log::traffic() {
  rng r = root_.fork("traffic");
  const int minutes = 2 * 24 * 60;
  for (int m = 0; m < minutes; ++m) {
    const timestamp_ns t = log_begin + m * aiops::ns_per_minute;
    for (std::int64_t n = r.poisson(peak_requests_per_minute * daily_traffic(t)); n > 0; --n)
      request(r, t + from_ms(r.uniform(0, 60000)));
  }
}

void app_log::background() {
  rng r = root_.fork("background");
  // Pool statistics every minute: the series a learner can plot to see the pool fill up.
  for (timestamp_ns t = log_begin + from_ms(500); t < log_end; t += aiops::ns_per_minute) {
    int active;
    const bool draining = t >= report_at && t < burst_end;
    if (draining) active = t < burst_begin ? std::min<int>(pool_max, 8 + static_cast<int>((t - report_at) / aiops::ns_per_minute) * 5) : pool_max;
    else active = static_cast<int>(std::min<std::int64_t>(pool_max - 2, r.poisson(1 + 4 * daily_traffic(t))));
    const bool high = active >= pool_max * 4 / 5;
    const char* level = high ? "WARN" : "DEBUG";
    const timestamp_ns at = t + from_ms(r.uniform(0, 20));
    json_line j = head(at, level, "db.pool", high ? "connection pool usage high" : "pool stats");
    j.num("active", active).num("idle", pool_max - active).num("waiting", active == pool_max ? r.between(10, 80) : 0).num("max", pool_max);
    add(at, level, j, draining);
  }
  struct job {
    const char* name;
    int every_minutes;
    double median_ms;
  };
  for (const job& jb : {job{"expire-carts", 5, 420}, job{"sync-inventory", 15, 6500}, job{"rollup-metrics", 60, 21000}}) {
    for (timestamp_ns t = log_begin; t < log_end; t += jb.every_minutes * aiops::ns_per_minute) {
      const timestamp_ns start = t + from_ms(r.uniform(0, 300));
      const std::string run = hex_id(r, 12);
      add(start, "INFO", head(start, "INFO", "scheduler", "job started").str("job", jb.name).str("run_id", run));
      const double ms = r.lognormal(jb.median_ms, 0.5);
      const timestamp_ns end = start + from_ms(ms);
      if (r.chance(failure_rate(end) > 0 ? 0.9 : 0.004)) {
        add(end, "ERROR", head(end, "ERROR", "scheduler", "job failed").str("job", jb.name).str("run_id", run)
                              .str("error", "db: connection pool exhausted"), failure_rate(end) > 0);
      } else {
        add(end, "INFO", head(end, "INFO", "scheduler", "job finished").str("job", jb.name).str("run_id", run)
                             .num("duration_ms", static_cast<std::int64_t>(ms)));
      }
    }
  }
}

void app_log::incident() {
  rng r = root_.fork("incident");
  // The cause: a staff member's year-to-date sales report runs one slow query after another,
  // each holding a connection.
  const std::string trace = hex_id(r, 32);
  add(report_at, "INFO", who(head(report_at, "INFO", "reports", "generating sales report").str("range", "2025-01-01..2025-06-17"), trace, "u_10007")
                             .num("shards", 36), true);
  for (timestamp_ns t = report_at + from_ms(r.uniform(20000, 40000)); t < burst_end; t += from_ms(r.lognormal(22000, 0.3))) {
    json_line j = head(t, "WARN", "db", "slow query");
    who(j, trace, "u_10007").num("duration_ms", static_cast<std::int64_t>(r.lognormal(38000, 0.25)))
        .str("sql", "SELECT date_trunc('day', o.created_at), sum(o.amount_cents) FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.created_at >= $1 GROUP BY 1");
    add(t, "WARN", j, true);
  }
  // The on-call engineer restarts the service.
  add(burst_end - from_ms(1200), "WARN", head(burst_end - from_ms(1200), "WARN", "main", "received signal, shutting down").str("signal", "terminated"), true);
  add(burst_end - from_ms(200), "ERROR", head(burst_end - from_ms(200), "ERROR", "main", "shutdown timed out after 1s, forcing exit")
                                             .num("in_flight", 57), true);
  timestamp_ns t = burst_end + from_ms(9400);
  add(t, "INFO", head(t, "INFO", "main", "starting shop-api").str("version", "2.14.3").str("go", "go1.22.4").num("pid", 2918), true);
  t += from_ms(r.uniform(30, 90));
  add(t, "INFO", head(t, "INFO", "db.pool", "connected to database").str("host", "db-primary.internal:5432").num("max", pool_max), true);
  t += from_ms(r.uniform(5, 20));
  add(t, "INFO", head(t, "INFO", "main", "listening").str("addr", ":8080"), true);
}

void app_log::defects(rng& r, std::vector<record>& sorted) {
  std::vector<record> plain;
  // Go's net/http writes its own errors with the standard log package: plain text lines.
  for (int i = 0; i < 6; ++i) {
    const timestamp_ns t = log_begin + from_ms(r.uniform(0, 2 * 86400000.0));
    const aiops::civil_time c = aiops::to_civil(t);
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%04d/%02d/%02d %02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute, c.second);
    plain.push_back({t, 0, "", concat({stamp, " http: TLS handshake error from 10.0.3.", std::to_string(r.between(2, 250)), ":",
                                       std::to_string(ephemeral_port(r)), ": EOF"}), false, defect::plain_text});
  }
  std::uint64_t seq = records_.size();
  for (auto& p : plain) {
    p.seq = seq++;
    sorted.push_back(std::move(p));
  }
  std::sort(sorted.begin(), sorted.end(), [](const record& a, const record& b) { return a.ts != b.ts ? a.ts < b.ts : a.seq < b.seq; });
  auto cut = [&](record& rec) {
    rec.kind = defect::truncated;
    rec.text = rec.text.substr(0, static_cast<std::size_t>(r.between(20, static_cast<std::int64_t>(rec.text.size()) - 10)));
  };
  // The forced exit cuts the line being written; the collector drops a few more mid-line.
  const auto last = std::find_if(sorted.rbegin(), sorted.rend(), [](const record& rec) { return rec.ts < down_begin; });
  cut(*last);
  last->incident = true;
  for (int i = 0; i < 4; ++i) {
    record& rec = sorted[static_cast<std::size_t>(r.below(sorted.size()))];
    if (rec.kind == defect::none) cut(rec);
  }
  // Two goroutines writing without the logger's lock: a line glued to the next one.
  for (int i = 0; i < 2; ++i) {
    const std::size_t k = static_cast<std::size_t>(r.below(sorted.size() - 1));
    if (sorted[k].kind != defect::none || sorted[k + 1].kind != defect::none) continue;
    sorted[k].text += sorted[k + 1].text;
    sorted[k].kind = defect::concatenated;
    sorted.erase(sorted.begin() + static_cast<std::ptrdiff_t>(k) + 1);
  }
}

std::vector<record> app_log::generate() {
  traffic();
  background();
  incident();
  std::vector<record> sorted;
  for (auto& rec : records_) {
    // Between the forced exit and the new process nothing is logged; in-flight requests are lost.
    const bool down = rec.ts >= down_begin && rec.ts < burst_end + from_ms(9400);
    if (rec.ts >= log_begin && rec.ts < log_end && !down) sorted.push_back(std::move(rec));
  }
  rng r = root_.fork("defects");
  defects(r, sorted);
  return sorted;
}

std::string truth(const std::vector<record>& lines) {
  std::map<std::string, std::int64_t> levels;
  for (const char* l : {"DEBUG", "INFO", "WARN", "ERROR"}) levels[l] = 0;
  std::vector<std::int64_t> errors_per_minute(2 * 24 * 60);
  std::int64_t valid = 0, incident_lines = 0, burst_errors = 0;
  for (const record& rec : lines) {
    incident_lines += rec.incident;
    if (rec.kind != defect::none) continue;
    ++valid;
    ++levels[rec.level];
    if (rec.level == "ERROR") {
      ++errors_per_minute[static_cast<std::size_t>((rec.ts - log_begin) / aiops::ns_per_minute)];
      burst_errors += rec.ts >= burst_begin && rec.ts < burst_end;
    }
  }
  json_writer j;
  j.begin_object();
  j.key("file").value("app.jsonl");
  j.key("start").value(rfc3339(log_begin, 3));
  j.key("end").value(rfc3339(log_end, 3));
  j.key("total_lines").value(lines.size());
  j.key("valid_lines").value(valid);
  j.key("malformed_lines").begin_array();
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].kind != defect::none)
      j.begin_object().key("line").value(i + 1).key("kind").value(defect_name(lines[i].kind)).end_object();
  j.end_array();
  j.key("lines_per_level").begin_object();
  for (const char* l : {"DEBUG", "INFO", "WARN", "ERROR"}) j.key(l).value(levels[l]);
  j.end_object();
  j.key("burst").begin_object();
  j.key("start").value(rfc3339(burst_begin, 3));
  j.key("end").value(rfc3339(burst_end, 3));
  j.key("error_lines").value(burst_errors);
  j.key("incident_lines").value(incident_lines);
  j.end_object();
  j.key("errors_per_minute").series(errors_per_minute);
  j.end_object();
  return j.str();
}

std::string labels(const std::vector<record>& lines) {
  std::string out = "line,is_incident,kind\n";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const record& rec = lines[i];
    out += std::to_string(i + 1) + "," + (rec.incident ? "1" : "0") + "," +
           (rec.kind != defect::none ? "malformed" : rec.incident ? "incident" : "normal") + "\n";
  }
  return out;
}

}  // namespace

void generate_app(const std::filesystem::path& out) {
  app_log log;
  const std::vector<record> lines = log.generate();
  std::string text;
  for (const auto& rec : lines) text += rec.text + "\n";
  write_file(out, "app/app.jsonl", text);
  write_file(out, "app/labels.csv", labels(lines));
  write_file(out, "app/truth.json", truth(lines));
}

}  // namespace datagen
