// aiops: datasets/nginx: a week of an online shop's nginx access log, with its ground truth
// SPDX-License-Identifier: MIT
//
// The log is simulated from the bottom up: visitors arrive at a rate that follows the hour of the
// day and the day of the week, browse pages that load assets and call the API, and stop; mobile
// apps, partners, crawlers, a scraper, scanners and a health checker do what they do. One
// backend model decides status and latency for everyone, so the 40-minute incident shows up
// wherever the API is called, and clients that retry do so. datasets/nginx/README.md describes
// the result; every number in truth.json is computed from the records below, not by parsing.
#include <algorithm>    // std::sort, std::min, std::max
#include <array>        // std::array
#include <cstdint>      // std::int64_t
#include <filesystem>   // std::filesystem::path
#include <map>          // std::map
#include <set>          // std::set
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

constexpr std::uint64_t seed = 20250602;
constexpr int days = 7;
const timestamp_ns week_begin = aiops::to_timestamp({2025, 6, 2, 0, 0, 0, 0});  // a Monday
const timestamp_ns week_end = week_begin + days * aiops::ns_per_day;
const timestamp_ns incident_begin = aiops::to_timestamp({2025, 6, 5, 14, 12, 0, 0});
const timestamp_ns incident_end = incident_begin + 40 * aiops::ns_per_minute;
const timestamp_ns newsletter_at = aiops::to_timestamp({2025, 6, 3, 9, 0, 0, 0});
const timestamp_ns deploy_at = aiops::to_timestamp({2025, 6, 4, 10, 32, 0, 0});
const std::string site = "https://shop.example.com";

// Sessions per minute at the busiest hour of a weekday: sized for about 120k lines.
constexpr double peak_sessions_per_minute = 0.78;

constexpr timestamp_ns from_ms(double ms) { return static_cast<timestamp_ns>(ms * 1e6); }
std::int64_t to_ms(double ms) { return static_cast<std::int64_t>(ms + 0.5); }

enum class defect { none, truncated, tls_handshake, missing_field };

const char* defect_name(defect d) {
  switch (d) {
    case defect::truncated: return "truncated";
    case defect::tls_handshake: return "tls_handshake";
    case defect::missing_field: return "missing_field";
    case defect::none: break;
  }
  return "none";
}

/// One line of the log, as the generator knows it.
struct record {
  timestamp_ns ts = 0;  ///< $time_local: when nginx logged the request, i.e. when it ended
  std::uint64_t seq = 0;
  std::string ip, user = "-", request, path, referer = "-", agent;
  int status = 200;
  std::int64_t bytes = 0, rt_ms = 0;
  bool retry = false;
  defect kind = defect::none;
  std::string text;  ///< the line as written
};

/// Who sends requests: the same fields for a browser, an app, a crawler or a script.
struct client {
  std::string ip, agent, protocol = "HTTP/1.1", user = "-";
  double bytes_per_ms = 5000;  ///< download speed: nginx's $request_time includes sending the body
  double timeout_ms = 1e9;     ///< the client hangs up (nginx logs 499) after this
  int attempts = 1;            ///< tries per request on 5xx and 499 (1 = no retries)
};

struct response {
  int status;
  std::int64_t bytes;
  double rt_ms;
};

/// How the backend answers one kind of request when all is well.
struct endpoint {
  double median_ms, sigma;
  double bytes_median, bytes_sigma;
  int status;
};

constexpr endpoint page_html{42, 0.55, 11500, 0.3, 200};
constexpr endpoint not_found_page{14, 0.4, 5230, 0.004, 404};
constexpr endpoint api_read{24, 0.7, 1900, 0.8, 200};
constexpr endpoint api_list{55, 0.6, 9800, 0.5, 200};
constexpr endpoint api_search{160, 0.75, 7400, 0.6, 200};
constexpr endpoint api_write{70, 0.5, 420, 0.5, 201};
constexpr endpoint api_event{9, 0.5, 0, 0, 204};
constexpr endpoint api_unauthorized{6, 0.4, 61, 0.05, 401};
constexpr endpoint api_not_found{5, 0.4, 22, 0.0, 404};
constexpr endpoint csv_export{9000, 0.6, 640000, 0.7, 200};
constexpr endpoint redirect{8, 0.4, 0, 0, 302};

// nginx's own error pages: a fixed frame around the status text twice, with server_tokens on.
std::int64_t nginx_page_bytes(std::string_view status_text) { return 127 + 2 * std::int64_t(status_text.size()); }
std::int64_t nginx_page_bytes(int status) {
  switch (status) {
    case 301: return nginx_page_bytes("301 Moved Permanently");
    case 400: return nginx_page_bytes("400 Bad Request");
    case 401: return nginx_page_bytes("401 Authorization Required");
    case 403: return nginx_page_bytes("403 Forbidden");
    case 404: return nginx_page_bytes("404 Not Found");
    case 405: return nginx_page_bytes("405 Not Allowed");
    case 429: return nginx_page_bytes("429 Too Many Requests");
    case 502: return nginx_page_bytes("502 Bad Gateway");
    case 504: return nginx_page_bytes("504 Gateway Time-out");
    default: return 0;
  }
}

bool retryable(int status) { return status >= 500 || status == 499; }

// ---- what user agents look like ----

std::string browser_agent(rng& r, bool mobile) {
  static constexpr std::array chrome = {"124.0.0.0", "125.0.0.0", "125.0.0.0", "126.0.0.0", "126.0.0.0", "123.0.0.0"};
  static constexpr std::array firefox = {"126.0", "127.0", "115.0", "125.0"};
  static constexpr std::array safari = {"17.5", "17.4.1", "17.5", "16.6", "17.3"};
  static constexpr std::array ios = {"17_5_1", "17_5", "17_4_1", "16_7_8", "17_3_1", "18_0"};
  static constexpr std::array android = {"10; K", "14; SM-S918B", "13; 2201117TY", "14; Pixel 7",
                                         "12; M2101K6G", "13; SM-A536B", "11; Redmi Note 8 Pro", "14; V2244A"};
  if (!mobile) {
    static const discrete desktop({46, 12, 9, 8, 6, 5, 3});
    switch (desktop(r)) {
      case 0: return std::string("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/") + r.pick(chrome) + " Safari/537.36";
      case 1: return std::string("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/") + r.pick(chrome) + " Safari/537.36";
      case 2: {
        const std::string v = r.pick(chrome);
        return concat({"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/", v,
                       " Safari/537.36 Edg/", v.substr(0, 3), ".0.", std::to_string(r.between(2400, 2600)), ".",
                       std::to_string(r.between(40, 99))});
      }
      case 3: {
        const std::string v = r.pick(firefox);
        return "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:" + v + ") Gecko/20100101 Firefox/" + v;
      }
      case 4: return std::string("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/") + r.pick(safari) + " Safari/605.1.15";
      case 5: {
        const std::string v = r.pick(firefox);
        return "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:" + v + ") Gecko/20100101 Firefox/" + v;
      }
      default: return std::string("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/") + r.pick(chrome) + " Safari/537.36";
    }
  }
  static const discrete phone({30, 26, 8, 5, 6, 4});
  switch (phone(r)) {
    case 0: {
      const std::string v = r.pick(ios);
      return "Mozilla/5.0 (iPhone; CPU iPhone OS " + v + " like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/" +
             (v[0] == '1' && v[1] == '6' ? "16.6" : v.substr(0, 2) + "." + v.substr(3, 1)) + " Mobile/15E148 Safari/604.1";
    }
    case 1:
      return concat({"Mozilla/5.0 (Linux; Android ", r.pick(android), ") AppleWebKit/537.36 (KHTML, like Gecko) Chrome/",
                     r.pick(chrome), " Mobile Safari/537.36"});
    case 2:
      return concat({"Mozilla/5.0 (iPhone; CPU iPhone OS ", r.pick(ios),
                     " like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.",
                     std::to_string(r.between(44, 50)), "(0x1800", hex_id(r, 4), ") NetType/", r.chance(0.7) ? "WIFI" : "4G",
                     " Language/zh_CN"});
    case 3: return std::string("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36");
    case 4: return std::string("Mozilla/5.0 (iPad; CPU OS ") + r.pick(ios) + " like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    default: return std::string("Mozilla/5.0 (iPhone; CPU iPhone OS ") + r.pick(ios) + " like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1";
  }
}

std::string app_agent(rng& r) {
  // Version 5.3.1 rolls out during the week, so both versions appear.
  const std::string version = r.chance(0.6) ? "5.3.1" : "5.3.0";
  if (r.chance(0.55)) {
    static constexpr std::array ios = {"17.5.1", "17.5", "17.4.1", "16.7.8", "17.3.1"};
    return "ShopApp/" + version + " (com.example.shop; build:" + (version == "5.3.1" ? "5312" : "5301") +
           "; iOS " + r.pick(ios) + ") Alamofire/5.9.1";
  }
  return "okhttp/4.12.0";
}

/// The bot definition of truth.json: a case-insensitive substring of the user agent, or no agent.
constexpr std::array<std::string_view, 13> bot_markers = {
    "bot", "spider", "crawl", "facebookexternalhit", "curl/", "wget/", "python-requests/", "go-http-client/",
    "scrapy/", "zgrab", "nmap", "healthchecker", "headlesschrome"};

bool is_bot(std::string_view agent) {
  if (agent == "-" || agent.empty()) return true;
  const std::string lower = aiops::to_lower(agent);
  for (std::string_view m : bot_markers)
    if (lower.find(m) != std::string::npos) return true;
  return false;
}

// ---- the shop ----

struct product {
  int id;
  std::string slug;
  int category;
  int images;
  double html_bytes;
};

const std::vector<std::string> categories = {"audio", "phones", "laptops", "accessories", "smart-home", "wearables",
                                             "cameras", "gaming", "kitchen", "outdoor", "office", "kids"};

enum class page_kind { home, category, product, search, cart, checkout, login, account, blog, info, count };

/// One client address and the browsers behind it.
struct household {
  std::string ip;
  std::vector<std::string> agents;  ///< empty: a NAT/CGNAT address, a fresh agent per visit
  double bytes_per_ms;
};

class access_log {
 public:
  access_log();
  std::vector<record> generate();

 private:
  // the catalogue
  void build_catalogue();
  std::string product_path(const product& p) const { return "/products/" + p.slug + "-" + std::to_string(p.id); }
  std::string search_term(rng& r) const { return query_encode(search_terms_[popular_terms_(r)]); }
  const product& popular_product(rng& r) const { return products_[popular_products_(r)]; }
  std::int64_t image_bytes(int product_id, int n, int width) const;

  // the backend, the one place that knows about load, slowness and the incident
  response backend(rng& r, const client& c, timestamp_ns start, const endpoint& e, bool api) const;
  response static_file(rng& r, const client& c, std::int64_t bytes, bool revalidated) const;

  // writing records
  timestamp_ns add(const client& c, timestamp_ns start, std::string_view method, const std::string& target,
                   const response& resp, const std::string& referer, bool retry = false);
  timestamp_ns call(rng& r, const client& c, timestamp_ns start, std::string_view method, const std::string& target,
                    const endpoint& e, const std::string& referer = "-");

  // who sends requests
  client browser(rng& r, bool mobile);
  void visitors();
  void browser_session(rng& r, timestamp_ns t, bool mobile);
  timestamp_ns page_view(rng& r, const client& c, timestamp_ns t, page_kind kind, const std::string& referer,
                         bool first, bool returning, bool& logged_in, std::string& url, std::set<int>& seen);
  timestamp_ns page_assets(rng& r, const client& c, timestamp_ns t, const std::string& url, bool first, bool returning);
  timestamp_ns thumbnails(rng& r, const client& c, timestamp_ns t, const std::string& url, int count, int category,
                          std::set<int>& seen);
  void app_session(rng& r, timestamp_ns t);
  void partners();
  void staff();
  void crawlers();
  void health_checks();
  void scraper();
  void scanners();
  void probe(rng& r, const client& c, timestamp_ns t, std::string_view method, const std::string& target);
  void defects(rng& r, std::vector<record>& sorted);

  rng root_;
  std::vector<product> products_;
  std::vector<product> discontinued_;  ///< still linked from search engines, now 404
  discrete popular_products_;
  std::vector<std::string> search_terms_;
  discrete popular_terms_;
  std::vector<std::string> blog_posts_;
  std::array<std::array<std::string, 4>, 2> bundles_;  // runtime, vendor, main js, css: before/after the deploy
  std::vector<household> households_;
  discrete popular_households_;
  std::vector<record> records_;
};

access_log::access_log() : root_(seed, "nginx") { build_catalogue(); }

void access_log::build_catalogue() {
  rng r = root_.fork("catalogue");
  static const std::vector<std::vector<std::string>> nouns = {
      {"wireless-earbuds", "over-ear-headphones", "bluetooth-speaker", "soundbar", "studio-monitor", "dac-amp"},
      {"phone-case", "screen-protector", "usb-c-charger", "magsafe-wallet", "phone-grip", "car-mount"},
      {"ultrabook", "gaming-laptop", "laptop-stand", "laptop-sleeve", "usb-c-dock", "cooling-pad"},
      {"usb-c-cable", "power-bank", "wireless-charger", "hdmi-cable", "card-reader", "travel-adapter"},
      {"smart-plug", "smart-bulb", "video-doorbell", "robot-vacuum", "air-purifier", "thermostat"},
      {"fitness-tracker", "smartwatch", "watch-band", "smart-ring", "sleep-mask", "heart-rate-strap"},
      {"mirrorless-camera", "action-camera", "tripod", "camera-bag", "sd-card", "ring-light"},
      {"gaming-mouse", "mechanical-keyboard", "gamepad", "gaming-headset", "mouse-pad", "capture-card"},
      {"air-fryer", "coffee-grinder", "electric-kettle", "blender", "rice-cooker", "milk-frother"},
      {"camping-lantern", "solar-panel", "hiking-backpack", "water-filter", "headlamp", "portable-fan"},
      {"monitor-arm", "standing-desk", "ergonomic-chair", "webcam", "desk-lamp", "document-scanner"},
      {"kids-tablet", "coding-robot", "kids-headphones", "walkie-talkie", "night-light", "drawing-pad"}};
  static constexpr std::array variants = {"pro", "lite", "max", "mini", "2", "3", "air", "plus", "se", "x", "ultra",
                                          "classic", "neo", "go", "4k", "duo"};
  static constexpr std::array colours = {"black", "white", "blue", "graphite", "sand", "green", "red"};
  std::set<int> ids;
  std::set<std::string> slugs;
  while (products_.size() + discontinued_.size() < 680) {
    const int cat = static_cast<int>(r.below(categories.size()));
    std::string slug = concat({r.pick(nouns[static_cast<std::size_t>(cat)]), "-", r.pick(variants)});
    if (r.chance(0.35)) slug += std::string("-") + r.pick(colours);
    const int id = static_cast<int>(r.between(10000, 99999));
    if (!slugs.insert(slug).second || !ids.insert(id).second) continue;
    (products_.size() < 640 ? products_ : discontinued_).push_back({id, slug, cat, static_cast<int>(r.between(3, 7)), r.lognormal(11500, 0.25)});
  }
  popular_products_ = discrete(zipf_weights(products_.size(), 0.95));
  search_terms_ = {"wireless earbuds", "usb c cable", "iphone 15 case", "gaming mouse", "4k monitor", "air fryer",
                   "standing desk", "power bank", "mechanical keyboard", "smart watch", "robot vacuum", "webcam",
                   "noise cancelling headphones", "laptop stand", "screen protector", "sd card 128gb", "tripod",
                   "bluetooth speaker", "kettle", "desk lamp", "earbuds", "hedphones", "laptp bag", "charger 65w",
                   "蓝牙耳机", "手机壳", "充电宝", "机械键盘", "空气炸锅", "扫地机器人", "显示器支架", "数据线",
                   "ps5 controller", "switch case", "camping lantern", "solar panel", "kids tablet", "gift card",
                   "magsafe", "ring light", "coffee grinder", "thermostat", "smart plug", "hdmi 2.1 cable",
                   "ergonomic chair", "air purifier filter", "rice cooker", "portable fan", "hiking backpack 40l",
                   "sale", "black friday", "refurbished", "apple watch band", "pixel 8 case", "galaxy s24 case"};
  popular_terms_ = discrete(zipf_weights(search_terms_.size(), 1.0));
  static constexpr std::array topics = {"how-to-choose-", "best-", "review-", "guide-to-", "setting-up-your-"};
  for (const auto& group : nouns)
    for (std::size_t i = 0; i < 3; ++i) blog_posts_.push_back(concat({r.pick(topics), group[i], r.chance(0.3) ? "-2025" : ""}));
  for (auto& version : bundles_) {
    version = {"runtime." + hex_id(r, 8) + ".js", "vendor." + hex_id(r, 8) + ".js", "main." + hex_id(r, 8) + ".js",
               "main." + hex_id(r, 8) + ".css"};
  }
  // Client addresses: a heavy tail (offices, mobile carrier NATs) and a long tail of homes.
  rng ips = root_.fork("households");
  std::set<std::string> seen;
  while (households_.size() < 9000) {
    household h;
    h.ip = ips.chance(0.12) ? public_ipv6(ips) : public_ipv4(ips);
    if (!seen.insert(h.ip).second) continue;
    if (households_.size() >= 40) {
      const int n = ips.chance(0.7) ? 1 : 2;
      for (int i = 0; i < n; ++i) h.agents.push_back(browser_agent(ips, ips.chance(0.5)));
    }
    h.bytes_per_ms = ips.lognormal(2500, 0.9);
    households_.push_back(std::move(h));
  }
  popular_households_ = discrete(zipf_weights(households_.size(), 0.8));
}

std::int64_t access_log::image_bytes(int product_id, int n, int width) const {
  // A file has one size: derive it from its name rather than from the request.
  rng r(seed, "image/" + std::to_string(product_id) + "/" + std::to_string(n) + "/" + std::to_string(width));
  return to_ms(r.lognormal(width * width / 9.5, 0.35));
}

response access_log::backend(rng& r, const client& c, timestamp_ns start, const endpoint& e, bool api) const {
  double rt = r.lognormal(e.median_ms, e.sigma) * (0.85 + 0.3 * daily_traffic(start));
  if (r.chance(0.004)) rt *= r.uniform(8, 40);  // a slow query, a GC pause, a cold cache
  std::int64_t bytes = e.bytes_median > 0 ? to_ms(r.lognormal(e.bytes_median, e.bytes_sigma)) : 0;
  int status = e.status;
  if (api && start >= incident_begin && start < incident_end) {
    // The database fails over badly: 4 minutes of ramp, a plateau, 8 minutes of recovery.
    const double m = static_cast<double>(start - incident_begin) / static_cast<double>(aiops::ns_per_minute);
    const double p = m < 4 ? 0.6 * m / 4 : m < 32 ? 0.6 : 0.6 * (40 - m) / 8;
    rt *= r.lognormal(9, 0.5);
    if (r.chance(p)) {
      static const discrete early({25, 15, 60}), late({45, 35, 20});  // 502, 503, 504
      const int pick = static_cast<int>((m < 15 ? early : late)(r));
      status = 502 + pick;
      rt = status == 504 ? 60000 + r.uniform(0, 4) : status == 502 ? r.lognormal(900, 0.9) : r.lognormal(4, 0.5);
      bytes = status == 503 ? 47 : nginx_page_bytes(status);
    }
  } else if (r.chance(0.0005)) {
    status = 500;
    bytes = api ? 52 : 5402;
  } else if (r.chance(0.0002)) {
    status = 502;  // an upstream restarting between two health checks
    rt = r.lognormal(3, 0.5);
    bytes = nginx_page_bytes(502);
  }
  if (rt > 60000) {  // proxy_read_timeout
    status = 504;
    rt = 60000 + r.uniform(0, 4);
    bytes = nginx_page_bytes(504);
  }
  rt += static_cast<double>(bytes) / c.bytes_per_ms;
  if (rt > c.timeout_ms) return {499, 0, c.timeout_ms + r.uniform(0, 3)};
  return {status, bytes, rt};
}

response access_log::static_file(rng& r, const client& c, std::int64_t bytes, bool revalidated) const {
  if (revalidated) return {304, 0, r.chance(0.9) ? 0.0 : 1.0};
  return {200, bytes, r.lognormal(0.3, 1.0) + static_cast<double>(bytes) / c.bytes_per_ms};
}

timestamp_ns access_log::add(const client& c, timestamp_ns start, std::string_view method, const std::string& target,
                             const response& resp, const std::string& referer, bool retry) {
  record rec;
  const std::int64_t rt_ms = to_ms(resp.rt_ms);
  rec.ts = start + rt_ms * ns_per_ms;
  rec.ip = c.ip;
  rec.user = c.user;
  rec.request = std::string(method) + " " + target + " " + c.protocol;
  rec.path = target.substr(0, target.find('?'));
  rec.referer = referer;
  rec.agent = c.agent;
  rec.status = resp.status;
  rec.bytes = resp.bytes;
  rec.rt_ms = rt_ms;
  rec.retry = retry;
  rec.seq = records_.size();
  records_.push_back(std::move(rec));
  return records_.back().ts;
}

timestamp_ns access_log::call(rng& r, const client& c, timestamp_ns start, std::string_view method,
                              const std::string& target, const endpoint& e, const std::string& referer) {
  const bool api = target.rfind("/api/", 0) == 0;
  for (int attempt = 1;; ++attempt) {
    const response resp = backend(r, c, start, e, api);
    const timestamp_ns end = add(c, start, method, target, resp, referer, attempt > 1);
    if (!retryable(resp.status) || attempt == c.attempts) return end;
    start = end + from_ms(1000.0 * (1 << (attempt - 1)) + r.uniform(0, 400));  // exponential backoff
  }
}

// ---- browsers ----

client access_log::browser(rng& r, bool mobile) {
  const household& h = households_[popular_households_(r)];
  client c;
  c.ip = h.ip;
  c.agent = h.agents.empty() ? browser_agent(r, mobile) : r.pick(h.agents);
  c.protocol = r.chance(0.92) ? "HTTP/2.0" : "HTTP/1.1";
  c.bytes_per_ms = h.bytes_per_ms * (c.agent.find("Mobile") != std::string::npos ? 0.4 : 1.0);
  return c;
}

timestamp_ns access_log::page_assets(rng& r, const client& c, timestamp_ns t, const std::string& url, bool first,
                                     bool returning) {
  const auto& bundle = bundles_[t >= deploy_at ? 1 : 0];
  static constexpr std::array<double, 4> sizes = {1630, 61240, 48913, 19377};
  // A returning visitor's cache is stale for a day after the deploy changed the bundle names.
  const bool cached = returning && !(t >= deploy_at && t < deploy_at + aiops::ns_per_day);
  timestamp_ns end = t;
  if (first) {
    for (std::size_t i = 0; i < bundle.size(); ++i) {
      if (cached && !r.chance(0.3)) continue;
      const timestamp_ns at = t + from_ms(r.uniform(5, 90));
      end = std::max(end, add(c, at, "GET", "/static/" + std::string(i == 3 ? "css/" : "js/") + bundle[i],
                              static_file(r, c, static_cast<std::int64_t>(sizes[i]), cached), url));
    }
    if (!cached) {
      struct file {
        const char* path;
        std::int64_t bytes;
        double after_ms;
        std::string referer;
      };
      // The font is loaded by the stylesheet, so the stylesheet is its referer.
      for (const file& f : {file{"/static/fonts/inter-var.woff2", 98284, 60, site + "/static/css/" + bundle[3]},
                            file{"/static/img/logo.svg", 3187, 20, url}, file{"/favicon.ico", 15086, 100, url}}) {
        const timestamp_ns at = t + from_ms(f.after_ms + r.uniform(0, 200));
        end = std::max(end, add(c, at, "GET", f.path, static_file(r, c, f.bytes, false), f.referer));
      }
      if (c.agent.find("iPhone") != std::string::npos || c.agent.find("iPad") != std::string::npos) {
        // Safari asks for touch icons the site never had: the app's 404 page.
        for (const char* icon : {"/apple-touch-icon-precomposed.png", "/apple-touch-icon.png"})
          end = std::max(end, call(r, c, t + from_ms(r.uniform(200, 900)), "GET", icon, not_found_page));
      }
    }
  } else if (r.chance(0.04)) {
    const timestamp_ns at = t + from_ms(r.uniform(5, 60));
    end = add(c, at, "GET", "/static/js/" + bundle[2], static_file(r, c, 0, true), url);
  }
  return end;
}

timestamp_ns access_log::thumbnails(rng& r, const client& c, timestamp_ns t, const std::string& url, int count,
                                    int category, std::set<int>& seen) {
  timestamp_ns end = t;
  for (int i = 0; i < count; ++i) {
    const product* p = &popular_product(r);
    for (int tries = 0; category >= 0 && p->category != category && tries < 30; ++tries) p = &popular_product(r);
    if (!seen.insert(p->id).second || r.chance(0.5)) continue;  // cached, or never scrolled into view
    const timestamp_ns at = t + from_ms(r.uniform(30, 1500));
    end = std::max(end, add(c, at, "GET",
                            "/media/products/" + std::to_string(p->id) + "/1_320.webp",
                            static_file(r, c, image_bytes(p->id, 1, 320), false), url));
  }
  return end;
}

timestamp_ns access_log::page_view(rng& r, const client& c, timestamp_ns t, page_kind kind,
                                   const std::string& referer, bool first, bool returning, bool& logged_in,
                                   std::string& url, std::set<int>& seen) {
  const bool mobile = c.agent.find("Mobile") != std::string::npos;
  std::string target;
  const endpoint* page = &page_html;
  int thumbs = 0, category = -1;
  const product* shown = nullptr;
  switch (kind) {
    case page_kind::home:
      target = "/";
      if (first && referer == "-" && t >= newsletter_at && t < newsletter_at + 3 * aiops::ns_per_hour)
        target = "/?utm_source=newsletter&utm_medium=email&utm_campaign=june-sale";
      else if (first && referer.find("google") != std::string::npos && r.chance(0.2))
        target = "/?gclid=" + hex_id(r, 24);
      thumbs = 6;
      break;
    case page_kind::category: {
      category = static_cast<int>(r.below(categories.size()));
      target = "/category/" + categories[static_cast<std::size_t>(category)];
      static constexpr std::array sorts = {"price_asc", "price_desc", "newest", "rating"};
      if (r.chance(0.3)) target += "?page=" + std::to_string(r.between(2, 6));
      if (r.chance(0.15)) target += std::string(target.find('?') == std::string::npos ? "?" : "&") + "sort=" + r.pick(sorts);
      thumbs = 8;
      break;
    }
    case page_kind::product:
      if (first && r.chance(0.03)) {
        target = product_path(r.pick(discontinued_));
        page = &not_found_page;
      } else {
        shown = &popular_product(r);
        target = product_path(*shown);
        thumbs = 3;
        category = shown->category;
      }
      break;
    case page_kind::search:
      target = "/search?q=" + search_term(r);
      thumbs = 6;
      break;
    case page_kind::cart: target = "/cart"; break;
    case page_kind::checkout: target = "/checkout"; break;
    case page_kind::login: target = "/login"; break;
    case page_kind::account:
      if (!logged_in) {
        add(c, t, "GET", "/account", backend(r, c, t, redirect, false), referer);
        t += from_ms(r.uniform(40, 200));
        target = "/login?next=%2Faccount";
        kind = page_kind::login;
      } else {
        target = r.chance(0.6) ? "/account/orders" : "/account";
      }
      break;
    case page_kind::blog: target = "/blog/" + r.pick(blog_posts_); break;
    case page_kind::info: {
      static constexpr std::array pages = {"/about", "/help/shipping", "/help/returns", "/contact", "/privacy", "/help/warranty"};
      target = r.pick(pages);
      break;
    }
    case page_kind::count: break;
  }
  url = site + target;
  timestamp_ns end = call(r, c, t, "GET", target, *page, referer);
  if (page == &not_found_page) return end;
  timestamp_ns last = page_assets(r, c, end, url, first, returning);
  last = std::max(last, thumbnails(r, c, end, url, thumbs, category, seen));
  const timestamp_ns xhr = end + from_ms(r.uniform(150, 1200));
  auto api = [&](std::string_view method, const std::string& target_, const endpoint& e) {
    last = std::max(last, call(r, c, xhr + from_ms(r.uniform(0, 400)), method, target_, e, url));
  };
  switch (kind) {
    case page_kind::home: api("GET", "/api/v1/recommendations?slot=home", api_read); break;
    case page_kind::category:
      api("GET", "/api/v1/products?category=" + categories[static_cast<std::size_t>(category)] + "&page=" +
                     std::to_string(r.between(1, 3)) + "&per_page=24", api_list);
      break;
    case page_kind::product: {
      const std::string id = std::to_string(shown->id);
      const int width = mobile ? 640 : 1280;
      for (int i = 1; i <= shown->images; ++i) {
        if (i > 2 && r.chance(0.5)) break;  // only the gallery's first images load
        const timestamp_ns at = end + from_ms(r.uniform(40, 700));
        last = std::max(last, add(c, at, "GET",
                                  "/media/products/" + id + "/" + std::to_string(i) + "_" + std::to_string(width) + ".webp",
                                  static_file(r, c, image_bytes(shown->id, i, width), false), url));
      }
      api("GET", "/api/v1/products/" + id + "/reviews?page=1", api_read);
      api("GET", "/api/v1/recommendations?product_id=" + id, api_read);
      if (r.chance(0.18)) {
        const timestamp_ns added = call(r, c, xhr + from_ms(r.lognormal(9000, 0.8)), "POST", "/api/v1/cart/items", api_write, url);
        last = std::max(last, call(r, c, added + from_ms(r.uniform(30, 120)), "GET", "/api/v1/cart", api_read, url));
      }
      break;
    }
    case page_kind::search: api("GET", "/api/v1/search?q=" + target.substr(9) + "&page=1", api_search); break;
    case page_kind::cart:
      api("GET", "/api/v1/cart", api_read);
      if (r.chance(0.12)) api("DELETE", "/api/v1/cart/items/" + std::to_string(r.between(1, 9)), {40, 0.5, 0, 0, 204});
      break;
    case page_kind::checkout:
      api("GET", "/api/v1/cart", api_read);
      api("POST", "/api/v1/checkout/quote", {90, 0.5, 250, 0.2, 200});
      if (r.chance(0.55)) {
        const timestamp_ns placed = call(r, c, xhr + from_ms(r.lognormal(40000, 0.6)), "POST", "/api/v1/orders",
                                         {380, 0.5, 640, 0.3, 201}, url);
        const std::string order = std::to_string(r.between(4810000, 4899999));
        last = std::max(last, call(r, c, placed + from_ms(r.uniform(200, 800)), "GET", "/checkout/success?order=" + order,
                                   page_html, url));
      }
      break;
    case page_kind::login: {
      timestamp_ns at = xhr + from_ms(r.lognormal(7000, 0.6));
      // Mistyped passwords: the visitor reads the error and tries again.
      for (int tries = 0; tries < 3; ++tries) {
        const bool ok = r.chance(tries == 0 ? 0.9 : 0.75);
        at = call(r, c, at, "POST", "/api/v1/auth/login", ok ? endpoint{120, 0.4, 412, 0.1, 200} : api_unauthorized, url);
        if (ok) {
          logged_in = true;
          break;
        }
        at += from_ms(r.lognormal(6000, 0.5));
      }
      last = std::max(last, at);
      break;
    }
    case page_kind::account:
      api("GET", "/api/v1/me", api_read);
      api("GET", "/api/v1/orders?page=1", api_list);
      break;
    default: break;
  }
  if (r.chance(0.55)) api("POST", "/api/v1/events", api_event);
  return last;
}

void access_log::browser_session(rng& r, timestamp_ns t, bool mobile) {
  static const std::array<discrete, static_cast<std::size_t>(page_kind::count) + 1> next = {
      // to: home category product search cart checkout login account blog info
      discrete({2, 35, 30, 18, 4, 0, 5, 3, 2, 1}),     // from home
      discrete({5, 22, 55, 8, 4, 0, 1, 1, 0, 1}),      // from category
      discrete({6, 18, 38, 10, 16, 0, 2, 2, 1, 2}),    // from product
      discrete({3, 8, 65, 18, 3, 0, 1, 1, 0, 1}),      // from search
      discrete({5, 10, 20, 5, 5, 45, 8, 1, 0, 1}),     // from cart
      discrete({30, 15, 20, 5, 10, 0, 0, 20, 0, 0}),   // from checkout
      discrete({25, 10, 10, 5, 20, 10, 0, 20, 0, 0}),  // from login
      discrete({30, 15, 20, 10, 10, 0, 0, 10, 0, 5}),  // from account
      discrete({15, 15, 45, 5, 0, 0, 0, 0, 15, 5}),    // from blog
      discrete({40, 20, 15, 10, 5, 0, 0, 0, 5, 5}),    // from info
      discrete({28, 14, 38, 0, 0, 0, 3, 2, 11, 4}),    // landing page
  };
  static const discrete sources({45, 5, 30, 3, 3, 2, 4, 8});
  static constexpr std::array<const char*, 8> source_urls = {
      "https://www.google.com/", "https://www.bing.com/", "-", "https://t.co/", "https://www.facebook.com/",
      "https://duckduckgo.com/", "https://www.baidu.com/link?url=", "https://l.instagram.com/"};
  const client c = browser(r, mobile);
  const bool returning = r.chance(0.45);
  bool logged_in = returning && r.chance(0.3);
  const int pages = 1 + static_cast<int>(std::min(24.0, r.exponential(2.6)));
  std::string referer = source_urls[sources(r)];
  if (referer.back() == '=') referer += hex_id(r, 20);
  auto kind = static_cast<page_kind>(next.back()(r));
  if (t >= newsletter_at && t < newsletter_at + 3 * aiops::ns_per_hour && r.chance(0.6)) {
    referer = "-";  // a mail client sends no referer
    kind = page_kind::home;
  }
  std::set<int> seen;
  for (int i = 0; i < pages && t < week_end; ++i) {
    std::string url;
    const timestamp_ns done = page_view(r, c, t, kind, referer, i == 0, returning, logged_in, url, seen);
    referer = url;
    kind = static_cast<page_kind>(next[static_cast<std::size_t>(kind)](r));
    if (kind == page_kind::checkout && !logged_in && r.chance(0.5)) kind = page_kind::login;
    t = done + from_ms(std::min(1.8e6, std::max(2000.0, r.lognormal(22000, 1.0))));
  }
}

// ---- the mobile app ----

void access_log::app_session(rng& r, timestamp_ns t) {
  const household& h = households_[popular_households_(r)];
  client c{h.ip, app_agent(r), "HTTP/2.0", "-", h.bytes_per_ms * 0.5, 15000, 3};
  if (r.chance(0.1)) {  // an expired token: refresh it first
    t = call(r, c, t, "GET", "/api/v1/me", api_unauthorized);
    t = call(r, c, t + from_ms(r.uniform(20, 80)), "POST", "/api/v1/auth/refresh", {35, 0.4, 690, 0.05, 200});
  }
  t = call(r, c, t + from_ms(r.uniform(10, 60)), "GET", "/api/v1/me", api_read);
  t = call(r, c, t + from_ms(r.uniform(10, 60)), "GET", "/api/v1/home/feed?limit=20", api_list);
  static const discrete actions({30, 30, 12, 8, 8, 5, 2});
  const int n = 1 + static_cast<int>(std::min(60.0, r.exponential(7)));
  for (int i = 0; i < n && t < week_end; ++i) {
    t += from_ms(std::min(6e5, r.lognormal(6000, 0.9)));
    const product& p = popular_product(r);
    const std::string id = std::to_string(p.id);
    switch (actions(r)) {
      case 0:
        t = call(r, c, t, "GET", "/api/v1/products?category=" + categories[static_cast<std::size_t>(p.category)] +
                                     "&page=" + std::to_string(r.between(1, 4)) + "&per_page=20", api_list);
        break;
      case 1:
        t = call(r, c, t, "GET", "/api/v1/products/" + id, api_read);
        for (int k = 1, n = 2 + static_cast<int>(r.below(3)); k <= n; ++k) {
          const timestamp_ns at = t + from_ms(r.uniform(10, 300));
          add(c, at, "GET", "/media/products/" + id + "/" + std::to_string(k) + "_640.webp",
              static_file(r, c, image_bytes(p.id, k, 640), false), "-");
        }
        if (r.chance(0.4)) t = call(r, c, t + from_ms(r.uniform(500, 4000)), "GET", "/api/v1/products/" + id + "/reviews?page=1", api_read);
        break;
      case 2: t = call(r, c, t, "GET", "/api/v1/search?q=" + search_term(r) + "&page=1", api_search); break;
      case 3: t = call(r, c, t, "GET", "/api/v1/cart", api_read); break;
      case 4: t = call(r, c, t, "POST", "/api/v1/cart/items", api_write); break;
      case 5: t = call(r, c, t, "GET", "/api/v1/orders?page=1", api_list); break;
      default: t = call(r, c, t, "POST", "/api/v1/orders", {380, 0.5, 640, 0.3, 201}); break;
    }
    if (r.chance(0.25)) call(r, c, t + from_ms(r.uniform(100, 2000)), "POST", "/api/v1/events", api_event);
  }
}

void access_log::visitors() {
  rng r = root_.fork("visitors");
  double drift = 0;  // slow multiplicative noise: some hours are simply busier than others
  const int minutes = days * 24 * 60;
  for (int m = 0; m < minutes; ++m) {
    const timestamp_ns t = week_begin + m * aiops::ns_per_minute;
    if (m % 10 == 0) drift = 0.8 * drift + r.normal(0, 0.09);
    double rate = peak_sessions_per_minute * daily_traffic(t) * det_exp(drift);
    if (t >= newsletter_at && t < newsletter_at + 3 * aiops::ns_per_hour)
      rate *= 1 + 2.2 * det_exp(-static_cast<double>(t - newsletter_at) / static_cast<double>(40 * aiops::ns_per_minute));
    for (std::int64_t n = r.poisson(rate); n > 0; --n) {
      const timestamp_ns start = t + from_ms(r.uniform(0, 60000));
      const double kind = r.uniform();
      if (kind < 0.78) browser_session(r, start, kind >= 0.42);
      else app_session(r, start);
    }
  }
}

// ---- machines ----

void access_log::partners() {
  rng r = root_.fork("partners");
  // A partner syncs inventory every 15 minutes and fully every night; it retries on 5xx.
  client partner{"18.197.43.112", "python-requests/2.31.0", "HTTP/1.1", "-", 20000, 30000, 3};
  timestamp_ns previous = week_begin - 15 * aiops::ns_per_minute;
  for (timestamp_ns t = week_begin; t < week_end; t += 15 * aiops::ns_per_minute) {
    const timestamp_ns start = t + from_ms(r.uniform(0, 40000));
    const bool nightly = (t - week_begin) % aiops::ns_per_day == 2 * aiops::ns_per_hour;
    const std::string since = nightly ? "" : "updated_since=" + query_encode(rfc3339(previous, 0)) + "&";
    const int pages = nightly ? 40 : 1 + static_cast<int>(r.poisson(0.6));
    timestamp_ns at = start;
    for (int p = 1; p <= pages; ++p)
      at = call(r, partner, at + from_ms(r.uniform(20, 90)), "GET", "/api/v2/inventory?" + since + "page=" + std::to_string(p),
                api_list);
    previous = start;
  }
  // A price-comparison service walks product pages every three hours from two addresses.
  const std::array<std::string, 2> monitors = {"35.204.18.77", "35.204.91.6"};
  for (timestamp_ns t = week_begin + 7 * aiops::ns_per_minute; t < week_end; t += 3 * aiops::ns_per_hour) {
    client c{monitors[r.below(2)], "Go-http-client/1.1", "HTTP/1.1"};
    timestamp_ns at = t + from_ms(r.uniform(0, 20000));
    for (int i = 0, n = static_cast<int>(r.between(30, 70)); i < n; ++i) {
      const std::string target = "/api/v1/products/" + std::to_string(popular_product(r).id);
      at = call(r, c, at + from_ms(r.lognormal(900, 0.5)), "GET", target, api_read);
    }
  }
  // Engineers check the site by hand on weekdays.
  for (int d = 0; d < days; ++d) {
    const timestamp_ns day = week_begin + d * aiops::ns_per_day;
    if (aiops::day_of_week(day) == 0 || aiops::day_of_week(day) == 6) continue;
    for (std::int64_t n = r.between(2, 7); n > 0; --n) {
      client c{"203.0.113." + std::to_string(r.between(10, 30)), r.chance(0.5) ? "curl/8.5.0" : "curl/7.81.0", "HTTP/1.1"};
      const timestamp_ns at = day + from_ms(r.uniform(7.5, 18) * 3.6e6);
      static constexpr std::array targets = {"/", "/healthz", "/api/v1/status"};
      const std::string target = r.pick(targets);
      if (target == "/" && r.chance(0.7)) add(c, at, "HEAD", "/", {200, 0, r.lognormal(35, 0.4)}, "-");
      else call(r, c, at, "GET", target, target == "/" ? page_html : endpoint{3, 0.3, 88, 0.02, 200});
    }
  }
}

void access_log::staff() {
  // Two staff members use the basic-auth protected back office on weekdays; nginx logs their
  // $remote_user, and the browser's first request without credentials gets a 401.
  rng r = root_.fork("staff");
  const std::array<std::string, 2> users = {"mchen", "alopez"};
  for (int d = 0; d < days; ++d) {
    const timestamp_ns day = week_begin + d * aiops::ns_per_day;
    if (aiops::day_of_week(day) == 0 || aiops::day_of_week(day) == 6) continue;
    for (const auto& user : users) {
      client c{"203.0.113." + std::to_string(r.between(40, 60)), browser_agent(r, false), "HTTP/2.0"};
      timestamp_ns t = day + from_ms(r.uniform(7.8, 9.5) * 3.6e6);
      const timestamp_ns stop = day + from_ms(r.uniform(16, 18) * 3.6e6);
      add(c, t, "GET", "/admin/", {401, nginx_page_bytes(401), 0}, "-");
      c.user = user;
      std::string referer = "-";
      while (t < stop) {
        std::string target;
        const endpoint* e = &page_html;
        switch (r.below(5)) {
          case 0: target = "/admin/orders?status=pending&page=" + std::to_string(r.between(1, 4)); break;
          case 1: target = "/admin/orders/" + std::to_string(r.between(4810000, 4899999)); break;
          case 2: target = "/admin/products/" + std::to_string(popular_product(r).id) + "/edit"; break;
          case 3:
            target = "/admin/products/" + std::to_string(popular_product(r).id);
            e = &redirect;
            break;
          default:
            target = "/api/v1/reports/sales.csv?from=2025-05-01&to=" + rfc3339(t, 0).substr(0, 10);
            e = &csv_export;
        }
        t = call(r, c, t, e == &redirect ? "POST" : "GET", target, *e, referer);
        referer = site + target;
        t += from_ms(std::min(3.6e6, r.lognormal(40000, 1.1)));
      }
    }
  }
}

void access_log::health_checks() {
  // The load balancer checks /healthz every minute from two nodes in turn. It stays green
  // during the incident: the check does not touch the database.
  rng r = root_.fork("health");
  const std::array<std::string, 2> nodes = {"10.0.1.37", "10.0.2.118"};
  int i = 0;
  for (timestamp_ns t = week_begin + from_ms(17400); t < week_end; t += aiops::ns_per_minute, ++i) {
    client c{nodes[static_cast<std::size_t>(i % 2)], "ELB-HealthChecker/2.0", "HTTP/1.1"};
    const timestamp_ns at = t + from_ms(r.uniform(0, 900));
    add(c, at, "GET", "/healthz", {200, 2, r.chance(0.97) ? 0.0 : 1.0}, "-");
  }
}

void access_log::crawlers() {
  struct crawler {
    const char* agent;
    std::vector<const char*> prefixes;  // the /24s it crawls from
    int sessions;                       // crawl sessions in the week
    double requests_per_session;
    double spacing_ms;
  };
  const std::vector<crawler> crawlers = {
      {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {"66.249.66", "66.249.68", "66.249.72", "66.249.79"}, 130, 12, 9000},
      {"Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.126 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {"66.249.66", "66.249.70", "66.249.73"}, 110, 14, 7000},
      {"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36", {"40.77.167", "207.46.13", "157.55.39"}, 90, 15, 5000},
      {"Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", {"220.181.108", "116.179.32"}, 60, 9, 12000},
      {"Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", {"5.255.231", "87.250.224"}, 30, 8, 15000},
      {"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", {"54.36.148", "54.36.149"}, 14, 70, 2500},
      {"Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", {"185.191.171"}, 12, 60, 3000},
      {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)", {"17.241.219", "17.241.227"}, 25, 8, 10000},
      {"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", {"31.13.115", "69.171.249", "173.252.83"}, 120, 1.4, 400},
  };
  rng r = root_.fork("crawlers");
  for (const crawler& cr : crawlers) {
    for (int s = 0; s < cr.sessions; ++s) {
      client c{concat({r.pick(cr.prefixes), ".", std::to_string(r.between(1, 254))}), cr.agent, "HTTP/1.1", "-", 20000};
      timestamp_ns t = week_begin + static_cast<timestamp_ns>(r.uniform() * static_cast<double>(week_end - week_begin));
      const int n = 1 + static_cast<int>(r.poisson(cr.requests_per_session - 1));
      for (int i = 0; i < n && t < week_end; ++i) {
        static const discrete what({60, 15, 10, 3, 3, 3, 2, 4});
        const std::size_t pick = i == 0 && r.chance(0.3) ? 5 : what(r);
        switch (pick) {
          case 0:
            if (r.chance(0.05)) t = call(r, c, t, "GET", product_path(r.pick(discontinued_)), not_found_page);
            else t = call(r, c, t, "GET", product_path(r.pick(products_)), page_html);  // crawlers reach the long tail
            break;
          case 1:
            t = call(r, c, t, "GET",
                     concat({"/category/", r.pick(categories), r.chance(0.5) ? "?page=" + std::to_string(r.between(2, 9)) : ""}),
                     page_html);
            break;
          case 2: t = call(r, c, t, "GET", "/blog/" + r.pick(blog_posts_), page_html); break;
          case 3: t = call(r, c, t, "GET", "/", page_html); break;
          case 4: t = call(r, c, t, "GET", r.chance(0.5) ? "/about" : "/help/shipping", page_html); break;
          case 5: t = add(c, t, "GET", "/robots.txt", static_file(r, c, 412, false), "-"); break;
          case 6: t = add(c, t, "GET", "/sitemap.xml", static_file(r, c, 48120, false), "-"); break;
          default: {  // an old URL from the previous shop software, permanently redirected
            const std::string legacy = "/product.php?id=" + std::to_string(r.between(100, 2400));
            t = add(c, t, "GET", legacy, {301, nginx_page_bytes(301), r.uniform(0, 1)}, "-");
          }
        }
        t += from_ms(r.lognormal(cr.spacing_ms, 0.7));
      }
    }
  }
}

void access_log::scraper() {
  // A scraper walks category pages far faster than limit_req allows (2 r/s, burst 10): 429s.
  rng r = root_.fork("scraper");
  client c{"45.135.232.19", "Scrapy/2.11.2 (+https://scrapy.org)", "HTTP/1.1", "-", 30000};
  timestamp_ns t = aiops::to_timestamp({2025, 6, 5, 3, 10, 0, 0});
  const timestamp_ns stop = t + 18 * aiops::ns_per_minute;
  double tokens = 10;
  for (timestamp_ns last = t; t < stop; t += from_ms(r.exponential(310))) {
    tokens = std::min(10.0, tokens + 2.0 * static_cast<double>(t - last) / 1e9);
    last = t;
    const std::string target = concat({"/category/", r.pick(categories), "?page=", std::to_string(r.between(1, 40)), "&sort=newest"});
    if (tokens >= 1) {
      tokens -= 1;
      call(r, c, t, "GET", target, page_html);
    } else {
      add(c, t, "GET", target, {429, nginx_page_bytes(429), 0}, "-");
    }
  }
}

void access_log::probe(rng& r, const client& c, timestamp_ns t, std::string_view method, const std::string& target) {
  const std::string path = target.substr(0, target.find('?'));
  const bool dotfile = path.rfind("/.", 0) == 0 && path.rfind("/.well-known", 0) != 0;
  if (method != "GET" && method != "HEAD" && method != "POST") add(c, t, method, target, {405, nginx_page_bytes(405), 0}, "-");
  else if (target.find("/../") != std::string::npos || target.find("%2e") != std::string::npos)
    add(c, t, method, target, {400, nginx_page_bytes(400), 0}, "-");
  else if (dotfile) add(c, t, method, target, {403, nginx_page_bytes(403), 0}, "-");
  else if (path.rfind("/admin", 0) == 0) add(c, t, method, target, {401, nginx_page_bytes(401), 0}, "-");
  else if (path == "/robots.txt") add(c, t, method, target, static_file(r, c, 412, false), "-");
  else if (path == "/") call(r, c, t, method, target, page_html);
  else call(r, c, t, method, target, path.rfind("/api/", 0) == 0 ? api_not_found : not_found_page);
}

void access_log::scanners() {
  static const std::vector<std::pair<const char*, const char*>> wordlist = {
      {"GET", "/.env"}, {"GET", "/.env.production"}, {"GET", "/.git/config"}, {"GET", "/.git/HEAD"},
      {"GET", "/wp-login.php"}, {"GET", "/wp-admin/"}, {"GET", "/wordpress/wp-admin/setup-config.php"},
      {"POST", "/xmlrpc.php"}, {"GET", "/phpmyadmin/"}, {"GET", "/phpMyAdmin/index.php"}, {"GET", "/pma/"},
      {"GET", "/admin/config.php"}, {"GET", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"},
      {"GET", "/actuator/env"}, {"GET", "/actuator/health"}, {"GET", "/server-status"},
      {"GET", "/solr/admin/info/system?wt=json"}, {"GET", "/console/"}, {"GET", "/HNAP1/"},
      {"GET", "/boaform/admin/formLogin"}, {"GET", "/config.json"}, {"GET", "/backup.zip"}, {"GET", "/db.sql"},
      {"GET", "/.aws/credentials"}, {"GET", "/.DS_Store"}, {"GET", "/owa/auth/logon.aspx"},
      {"GET", "/remote/fgt_lang?lang=/../../../..//////////dev/cmdb/sslvpn_websession"},
      {"GET", "/index.php?s=/Index/\\x5Cthink\\x5Capp/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP"},
      {"GET", "/?XDEBUG_SESSION_START=phpstorm"}, {"GET", "/.well-known/security.txt"}, {"GET", "/robots.txt"},
      {"GET", "/login.action"}, {"GET", "/jenkins/login"}, {"GET", "/manager/html"}, {"GET", "/telescope/requests"},
      {"GET", "/_profiler/phpinfo"}, {"GET", "/info.php"}, {"GET", "/phpinfo.php"}, {"GET", "/shell.php"},
      {"GET", "/wp-content/plugins/wp-file-manager/readme.txt"}, {"GET", "/.vscode/sftp.json"},
      {"GET", "/api/.env"}, {"GET", "/api/v1/users?limit=1000"}, {"POST", "/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh"},
      {"GET", "/cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(id)"}, {"GET", "/.env.bak"},
      {"GET", "/laravel/.env"}, {"GET", "/app/.env"}, {"GET", "/storage/logs/laravel.log"}, {"GET", "/debug/default/view"},
      {"GET", "/wp-config.php.bak"}, {"GET", "/.git/index"}, {"GET", "/admin/.env"}, {"GET", "/sftp-config.json"},
      {"PROPFIND", "/"}, {"OPTIONS", "/"}, {"GET", "/geoserver/web/"}, {"GET", "/v2/_catalog"}, {"GET", "/metrics"},
      {"GET", "/swagger-ui.html"}, {"GET", "/api/swagger.json"}, {"GET", "/graphql?query=%7B__typename%7D"}};
  struct burst {
    timestamp_ns at;
    const char* ip;
    const char* agent;
    const char* protocol;
    int requests;
    double spacing_ms;
    bool tries_admin_password;
  };
  const std::vector<burst> bursts = {
      {aiops::to_timestamp({2025, 6, 3, 2, 13, 7, 0}), "185.224.128.43", "Mozilla/5.0 zgrab/0.x", "HTTP/1.1", 180, 700, true},
      {aiops::to_timestamp({2025, 6, 5, 21, 47, 30, 0}), "45.148.10.244",
       "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36", "HTTP/1.1", 260, 450, false},
      {aiops::to_timestamp({2025, 6, 7, 9, 3, 12, 0}), "193.41.206.202",
       "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)", "HTTP/1.0", 120, 250, false},
  };
  rng r = root_.fork("scanners");
  for (const burst& b : bursts) {
    client c{b.ip, b.agent, b.protocol, "-", 20000};
    timestamp_ns t = b.at;
    for (int i = 0; i < b.requests; ++i, t += from_ms(r.lognormal(b.spacing_ms, 0.8))) {
      // A wordlist in order, with variants: the same probes under other directories.
      const auto& [method, target] = wordlist[static_cast<std::size_t>(i) % wordlist.size()];
      static constexpr std::array dirs = {"", "/old", "/new", "/backup", "/dev", "/staging", "/v1"};
      std::string full = i < static_cast<int>(wordlist.size()) ? std::string(target) : std::string(r.pick(dirs)) + target;
      if (b.tries_admin_password && i % 60 == 59) {
        c.user = "admin";  // tries default basic-auth credentials; nginx logs the name it was given
        add(c, t, "GET", "/admin/", {401, nginx_page_bytes(401), 0}, "-");
        c.user = "-";
        continue;
      }
      probe(r, c, t, method, full);
    }
  }
  // Background noise: single probes from anywhere, every day, with whatever agent.
  static constexpr std::array agents = {"Go-http-client/1.1", "python-requests/2.28.1", "curl/7.88.1", "-",
                                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36",
                                        "Mozilla/5.0 (X11; Linux x86_64; rv:83.0) Gecko/20100101 Firefox/83.0"};
  for (int i = 0; i < 7 * 26; ++i) {
    client c{public_ipv4(r), r.pick(agents), "HTTP/1.1", "-", 20000};
    const std::uint64_t common = r.below(12);  // the first probes of the list are everyone's favourites
    const auto& [method, target] = wordlist[static_cast<std::size_t>(std::min<std::uint64_t>(common, r.below(wordlist.size())))];
    probe(r, c, week_begin + static_cast<timestamp_ns>(r.uniform() * static_cast<double>(week_end - week_begin)), method, target);
  }
}

// ---- lines that are not what the log_format promises ----

std::string escape_like_nginx(const std::vector<unsigned char>& bytes) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char b : bytes) {
    if (b < 0x20 || b >= 0x7f || b == '"' || b == '\\') {
      out += "\\x";
      out += hex[b >> 4];
      out += hex[b & 15];
    } else {
      out += static_cast<char>(b);
    }
  }
  return out;
}

std::string format_line(const record& rec, bool with_request_time = true) {
  std::string line = rec.ip + " - " + rec.user + " [" + nginx_time(rec.ts) + "] \"" + rec.request + "\" " +
                     std::to_string(rec.status) + " " + std::to_string(rec.bytes) + " \"" + rec.referer + "\" \"" +
                     rec.agent + "\"";
  if (with_request_time) line += " " + seconds_from_ms(rec.rt_ms);
  return line;
}

void access_log::defects(rng& r, std::vector<record>& sorted) {
  // A TLS ClientHello sent to port 80: nginx logs the bytes it took for a request line.
  std::vector<record> extra;
  for (int i = 0; i < 7; ++i) {
    record rec;
    rec.ts = i < 2 ? aiops::to_timestamp({2025, 6, 3, 2, 12, 58 + i, 0})
                   : week_begin + static_cast<timestamp_ns>(r.uniform() * static_cast<double>(week_end - week_begin));
    rec.ip = i < 2 ? "185.224.128.43" : public_ipv4(r);
    // Record header, handshake header (type 1, 24-bit length), client version 3.3, then randomness.
    const auto length = static_cast<unsigned char>(r.below(256));
    std::vector<unsigned char> hello = {0x16, 0x03, 0x01, 0x01, length, 0x01, 0x00, 0x01,
                                        static_cast<unsigned char>(length - 4), 0x03, 0x03};
    for (std::int64_t n = r.between(24, 64); n > 0; --n) hello.push_back(static_cast<unsigned char>(r.below(256)));
    rec.request = escape_like_nginx(hello);
    rec.path = rec.request;
    rec.agent = "-";
    rec.status = 400;
    rec.bytes = nginx_page_bytes(400);
    rec.rt_ms = to_ms(r.lognormal(30, 1.2));
    rec.kind = defect::tls_handshake;
    extra.push_back(rec);
  }
  // An engineer polls the status page on localhost, whose server block logs plain `combined`.
  for (int i = 0; i < 5; ++i) {
    record rec;
    rec.ts = aiops::to_timestamp({2025, 6, 4, 15, 2, 0, 0}) + from_ms(i * 41000 + r.uniform(0, 9000));
    rec.ip = "127.0.0.1";
    rec.request = "GET /nginx_status HTTP/1.1";
    rec.path = "/nginx_status";
    rec.agent = "curl/7.81.0";
    rec.bytes = 109 + r.below(4);
    rec.kind = defect::missing_field;
    extra.push_back(rec);
  }
  std::uint64_t seq = records_.size();  // after every generated record's
  for (auto& rec : extra) {
    rec.seq = seq++;
    sorted.push_back(std::move(rec));
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const record& a, const record& b) { return a.ts != b.ts ? a.ts < b.ts : a.seq < b.seq; });
  // Lines cut short when logrotate's copytruncate raced with a write.
  for (int i = 0; i < 3; ++i) {
    record& rec = sorted[static_cast<std::size_t>(r.below(sorted.size()))];
    if (rec.kind != defect::none) continue;
    rec.kind = defect::truncated;
    const std::string full = format_line(rec);
    rec.text = full.substr(0, static_cast<std::size_t>(r.between(12, static_cast<std::int64_t>(full.size()) - 6)));
  }
  // A worker stuck on disk I/O logs with its stale cached time: a few lines seconds behind.
  for (int i = 0; i < 9; ++i) {
    record& rec = sorted[static_cast<std::size_t>(r.below(sorted.size()))];
    const timestamp_ns stale = rec.ts - from_ms(1000.0 * static_cast<double>(r.between(2, 9)));
    if (rec.kind == defect::none && stale >= week_begin) rec.ts = stale;
  }
  for (auto& rec : sorted)
    if (rec.text.empty()) rec.text = format_line(rec, rec.kind != defect::missing_field);
}

std::vector<record> access_log::generate() {
  visitors();
  partners();
  staff();
  health_checks();
  crawlers();
  scraper();
  scanners();
  std::vector<record> sorted;
  for (auto& rec : records_)
    if (rec.ts >= week_begin && rec.ts < week_end) sorted.push_back(std::move(rec));
  rng r = root_.fork("defects");
  defects(r, sorted);
  return sorted;
}

// ---- ground truth ----

std::string truth(const std::vector<record>& lines) {
  std::map<std::string, std::int64_t> status, paths, ips;
  std::vector<std::int64_t> per_minute(days * 24 * 60), per_hour_5xx(days * 24), rt;
  std::int64_t valid = 0, bytes = 0, bots = 0, retries = 0, incident_5xx = 0, incident_api_5xx = 0;
  std::vector<std::pair<std::size_t, defect>> malformed;
  std::vector<std::size_t> out_of_order;
  timestamp_ns latest = week_begin;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const record& rec = lines[i];
    if (rec.kind != defect::none) {
      malformed.emplace_back(i + 1, rec.kind);
      continue;
    }
    ++valid;
    if (rec.ts < latest) out_of_order.push_back(i + 1);
    latest = std::max(latest, rec.ts);
    ++status[std::to_string(rec.status)];
    ++paths[rec.path];
    ++ips[rec.ip];
    bytes += rec.bytes;
    bots += is_bot(rec.agent);
    retries += rec.retry;
    rt.push_back(rec.rt_ms);
    const auto minute = static_cast<std::size_t>((rec.ts - week_begin) / aiops::ns_per_minute);
    ++per_minute[minute];
    if (rec.status >= 500) {
      ++per_hour_5xx[minute / 60];
      if (rec.ts >= incident_begin && rec.ts < incident_end) {
        ++incident_5xx;
        incident_api_5xx += rec.path.rfind("/api/", 0) == 0;
      }
    }
  }
  std::sort(rt.begin(), rt.end());
  std::vector<std::int64_t> per_hour(days * 24);
  std::size_t peak = 0;
  for (std::size_t m = 0; m < per_minute.size(); ++m) {
    per_hour[m / 60] += per_minute[m];
    if (per_minute[m] > per_minute[peak]) peak = m;
  }
  auto minute_time = [](std::size_t m) { return rfc3339(week_begin + static_cast<timestamp_ns>(m) * aiops::ns_per_minute, 0); };
  auto ranking = [](json_writer& j, const char* name, const std::map<std::string, std::int64_t>& counts) {
    j.key("top_" + std::string(name) + "s").begin_array();
    for (const auto& [k, n] : top_k(counts, 10)) j.begin_object().key(name).value(k).key("count").value(n).end_object();
    j.end_array();
  };
  json_writer j;
  j.begin_object();
  j.key("file").value("access.log");
  j.key("log_format").value(
      "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" "
      "\"$http_user_agent\" $request_time");
  j.key("start").value(rfc3339(week_begin, 0));
  j.key("end").value(rfc3339(week_end, 0));
  j.key("total_lines").value(lines.size());
  j.key("valid_lines").value(valid);
  j.key("malformed_lines").begin_array();
  for (const auto& [line, kind] : malformed) j.begin_object().key("line").value(line).key("kind").value(defect_name(kind)).end_object();
  j.end_array();
  j.key("out_of_order_lines").begin_array(true);
  for (std::size_t line : out_of_order) j.value(line);
  j.end_array();
  j.key("status_counts").counts(status);
  j.key("total_bytes").value(bytes);
  j.key("unique_ips").value(ips.size());
  ranking(j, "path", paths);
  ranking(j, "ip", ips);
  j.key("request_time_seconds").begin_object();
  for (int p : {50, 95, 99}) j.key("p" + std::to_string(p)).number(seconds_from_ms(nearest_rank(rt, p)));
  j.key("max").number(seconds_from_ms(rt.back()));
  j.end_object();
  j.key("bot_requests").value(bots);
  j.key("bot_markers").begin_array(true);
  for (std::string_view m : bot_markers) j.value(m);
  j.end_array();
  j.key("client_retries").value(retries);
  j.key("incident").begin_object();
  j.key("start").value(rfc3339(incident_begin, 0));
  j.key("end").value(rfc3339(incident_end, 0));
  j.key("status_5xx").value(incident_5xx);
  j.key("api_status_5xx").value(incident_api_5xx);
  j.end_object();
  j.key("peak_minute").begin_object().key("minute").value(minute_time(peak)).key("count").value(per_minute[peak]).end_object();
  j.key("requests_per_hour").series(per_hour);
  j.key("status_5xx_per_hour").series(per_hour_5xx);
  j.key("requests_per_minute").series(per_minute);
  j.end_object();
  return j.str();
}

}  // namespace

void generate_nginx(const std::filesystem::path& out) {
  access_log log;
  const std::vector<record> lines = log.generate();
  std::string text;
  for (const auto& rec : lines) text += rec.text + "\n";
  write_file(out, "nginx/access.log", text);
  write_file(out, "nginx/truth.json", truth(lines));
}

}  // namespace datagen
