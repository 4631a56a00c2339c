// aiops: week 04 grader, task 5: a grok pattern for the shop's application log, checked on lines
// rendered from the nginx dataset (every field must come back as it went in)
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>   // std::llround
#include <string>  // std::string
#include <vector>  // std::vector

#include <aiops/logs.hpp>
#include <aiops/week04/grok.hpp>

#include "../integration/es_support.hpp"

using namespace aiops::testing;

namespace {

// One line of the shop's application log, and what each field of it must read.
struct shop_line {
  std::string text;
  std::string timestamp, level, service, ip, method, target, user_agent;
  std::int64_t status = 0, bytes = 0, ms = 0;
};

// The application log the shop's backend writes for a request of the nginx log (README, task 5).
shop_line render(const aiops::logs::access_record& r) {
  shop_line s;
  s.timestamp = aiops::format_rfc3339(r.time(), 3);
  s.level = r.status() >= 500 ? "ERROR" : r.status() >= 400 ? "WARN" : "INFO";
  s.service = r.path().substr(0, 5) == "/api/" ? "shop-api" : "shop-web";
  s.ip = r.remote_addr();
  s.method = r.method();
  s.target = std::string(r.path()) + (r.query().empty() ? "" : "?" + std::string(r.query()));
  s.status = r.status();
  s.bytes = r.bytes();
  s.ms = std::llround(r.request_time() * 1000);
  s.user_agent = r.user_agent().empty() ? "-" : std::string(r.user_agent());
  s.text = s.timestamp + " " + s.level + std::string(6 - s.level.size(), ' ') + "[" + s.service + "] " + s.ip + " " +
           s.method + " " + s.target + " -> " + std::to_string(s.status) + " " + std::to_string(s.bytes) + "B " +
           std::to_string(s.ms) + "ms \"" + s.user_agent + "\"";
  return s;
}

}  // namespace

TEST_CASE("task-5: a grok pattern for the shop's application log", "[week-04][task-5]") {
  INFO("Hint: exercises/week-04/README.md, task 5");
  const std::string pattern = aiops::week04::shop_log_pattern();
  INFO("pattern: " << pattern);
  const auto compiled = aiops::logs::grok::compile(pattern, aiops::logs::grok_library::standard(),
                                                   {.anchor = aiops::logs::grok_anchor::full});
  REQUIRE(compiled.has_value());
  const aiops::logs::grok& g = *compiled;

  std::vector<shop_line> lines;
  for_each_valid_nginx_line([&lines](std::size_t, const aiops::logs::access_record& r, std::string_view) {
    lines.push_back(render(r));
  });
  std::size_t matched = 0, exact = 0;
  std::string first_miss;
  for (const auto& s : lines) {
    const auto r = g.parse(s.text);
    if (!r) {
      if (first_miss.empty()) first_miss = s.text + "  <- " + r.error().message;
      continue;
    }
    ++matched;
    const bool same = r->get("timestamp") == s.timestamp && r->get("log.level") == s.level &&
                      r->get("service.name") == s.service && r->get("source.ip") == s.ip &&
                      r->get("http.request.method") == s.method && r->get("url.original") == s.target &&
                      r->integer("http.response.status_code") == s.status &&
                      r->integer("http.response.body.bytes") == s.bytes && r->integer("duration_ms") == s.ms &&
                      r->get("user_agent.original") == s.user_agent;
    if (same) {
      ++exact;
    } else if (first_miss.empty()) {
      first_miss = s.text + "  <- a field differs";
    }
  }
  INFO("first line that did not come back right: " << first_miss);
  CHECK(matched == lines.size());
  CHECK(exact == lines.size());
  // The numbers are typed (:int), so they can be aggregated once shipped.
  const auto typed = g.parse(lines.front().text);
  REQUIRE(typed);
  CHECK(typed->find("http.response.status_code")->type == aiops::logs::grok_type::integer);
  CHECK(typed->find("duration_ms")->type == aiops::logs::grok_type::integer);
  // Lines that are not of this format must not match.
  for (const char* bad : {
           "2025-06-05T14:31:07.000Z ERROR [shop-api] 203.0.113.9 POST /api/v1/cart -> 5x3 47B 12ms \"okhttp/4.12.0\"",
           "2025-06-05T14:31:07.000Z ERROR [shop-api] 203.0.113.9 POST /api/v1/cart -> 503 47B 12ms \"okhttp/4.1",
           "2025-06-05T14:31:07.000Z ERROR [shop-api] POST /api/v1/cart -> 503 47B 12ms \"okhttp/4.12.0\"",
           "203.0.113.9 - - [05/Jun/2025:14:31:07 +0000] \"POST /api/v1/cart HTTP/2.0\" 503 47 \"-\" \"okhttp/4.12.0\" 0.012",
       }) {
    CAPTURE(bad);
    CHECK_FALSE(g.parse(bad));
  }
}
