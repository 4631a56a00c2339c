// aiops: es::document (dotted names to nested JSON) and the JSON text writer under it
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>      // NAN, INFINITY
#include <cstdint>    // std::int64_t
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <string_view>  // std::string_view

#include <nlohmann/json.hpp>

#include <aiops/es.hpp>

namespace es = aiops::es;

TEST_CASE("document nests dotted names in first-set order", "[es][document]") {
  es::document d;
  d.set("@timestamp", "2025-06-02T00:28:45.000Z")
      .set("http.response.status_code", 503)
      .set("url.path", "/api/v1/cart")
      .set("http.request.method", "GET")
      .set("event.duration", std::int64_t{1'500'000'000})
      .set("tls", false);
  CHECK(d.json() ==
        R"({"@timestamp":"2025-06-02T00:28:45.000Z","http":{"response":{"status_code":503},"request":{"method":"GET"}},)"
        R"("url":{"path":"/api/v1/cart"},"event":{"duration":1500000000},"tls":false})");
  // Setting a name again replaces its value in place.
  d.set("url.path", "/");
  CHECK(nlohmann::json::parse(d.json())["url"]["path"] == "/");
  CHECK_FALSE(d.empty());
  d.clear();
  CHECK(d.empty());
  CHECK(d.json() == "{}");
}

TEST_CASE("document: a value and an object under one name, the last set wins", "[es][document]") {
  es::document d;
  d.set("a", 1).set("a.b", 2);
  CHECK(d.json() == R"({"a":{"b":2}})");
  d.set("a", "x");
  CHECK(d.json() == R"({"a":"x"})");
  d.set_json("list", "[1,2]").set("n", 0.1).set("nan", NAN).set("inf", INFINITY).set("u", 7U);
  CHECK(d.json() == R"({"a":"x","list":[1,2],"n":0.1,"nan":null,"inf":null,"u":7})");
  CHECK_THROWS_AS(d.set("", 1), std::invalid_argument);
  CHECK_THROWS_AS(d.set("a..b", 1), std::invalid_argument);
  CHECK_THROWS_AS(d.set("a.", 1), std::invalid_argument);
  CHECK_THROWS_AS(d.set(".a", 1), std::invalid_argument);
}

TEST_CASE("document strings: escapes, control bytes, and invalid UTF-8 replaced", "[es][document]") {
  es::document d;
  d.set("q", "say \"hi\"\\ \n\t\r\b\f\x01\x1f");
  CHECK(d.json() == R"({"q":"say \"hi\"\\ \n\t\r\b\f\u0001\u001f"})");

  // Valid UTF-8 passes through; a stray continuation byte, a truncated sequence, an overlong form,
  // a surrogate and a byte above F4 each become U+FFFD, so the server never rejects the document.
  const std::string bad = std::string("caf\xC3\xA9 \xE8\x93\x9D \xF0\x9F\x98\x80 ") + "\x80" + "\xE2\x82" + " " +
                          "\xC0\xAF" + "\xED\xA0\x80" + "\xF5\x80\x80\x80";
  d.clear();
  d.set("m", bad);
  const auto parsed = nlohmann::json::parse(d.json());  // throws on invalid UTF-8
  const std::string r = "\xEF\xBF\xBD";                     // U+FFFD, once per byte that is not valid
  CHECK(parsed["m"].get<std::string>() == "caf\xC3\xA9 \xE8\x93\x9D \xF0\x9F\x98\x80 " + r + r + r + " " + r + r +
                                              r + r + r + r + r + r + r);

  // nginx writes `"` and non-ASCII as \xHH: text with backslashes survives unchanged.
  d.clear();
  d.set("ua", R"(\x5Cthink\x5Capp \x16\x03\x01)");
  CHECK(nlohmann::json::parse(d.json())["ua"] == R"(\x5Cthink\x5Capp \x16\x03\x01)");
}

TEST_CASE("document numbers read back exactly and times are RFC 3339 with milliseconds", "[es][document]") {
  es::document d;
  for (double v : {0.1, 0.245, 1e-9, 123456789.125, -2.5e300, 1.0 / 3.0}) {
    d.set("v", v);
    CHECK(nlohmann::json::parse(d.json())["v"].get<double>() == v);
  }
  d.set("v", 0.1);
  CHECK(d.json() == R"({"v":0.1})");
  d.clear();
  d.set_time("@timestamp", aiops::parse_rfc3339("2025-06-05T14:12:00.123456Z").value());
  CHECK(d.json() == R"({"@timestamp":"2025-06-05T14:12:00.123Z"})");
  d.set("big", std::int64_t{-9'223'372'036'854'775'807} - 1);
  CHECK(nlohmann::json::parse(d.json())["big"].get<std::int64_t>() == std::numeric_limits<std::int64_t>::min());
}

TEST_CASE("ecs::add writes the access-log fields ECS names, leaving out what is absent", "[es][document][ecs]") {
  es::ecs::http_request r;
  r.time = aiops::parse_rfc3339("2025-06-02T00:28:45Z").value();
  r.source_ip = "97.143.215.56";
  r.method = "GET";
  r.path = "/search";
  r.query = "q=red+dress";
  r.protocol = "HTTP/2.0";
  r.user_agent = "curl/8.5.0";
  r.status = 200;
  r.body_bytes = 9862;
  r.duration_seconds = 0.108;
  es::document d;
  es::ecs::add(d, r);
  es::ecs::add_origin(d, "/var/log/nginx/access.log", 4096, "the line");
  const auto j = nlohmann::json::parse(d.json());
  CHECK(j["@timestamp"] == "2025-06-02T00:28:45.000Z");
  CHECK(j["source"]["ip"] == "97.143.215.56");
  CHECK(j["http"]["request"]["method"] == "GET");
  CHECK(j["http"]["version"] == "2.0");
  CHECK(j["http"]["response"]["status_code"] == 200);
  CHECK(j["http"]["response"]["body"]["bytes"] == 9862);
  CHECK(j["url"]["path"] == "/search");
  CHECK(j["url"]["query"] == "q=red+dress");
  CHECK(j["user_agent"]["original"] == "curl/8.5.0");
  CHECK(j["event"]["duration"] == 108'000'000);
  CHECK(j["log"]["file"]["path"] == "/var/log/nginx/access.log");
  CHECK(j["log"]["offset"] == 4096);
  CHECK(j["message"] == "the line");
  CHECK_FALSE(j.contains("user"));
  CHECK_FALSE(j["http"]["request"].contains("referrer"));

  // The mapping types every field the way the queries of week 4 need them.
  const auto m = es::ecs::mappings()["properties"];
  CHECK(m["@timestamp"]["type"] == "date");
  CHECK(m["source"]["properties"]["ip"]["type"] == "ip");
  CHECK(m["http"]["properties"]["response"]["properties"]["status_code"]["type"] == "long");
  CHECK(m["url"]["properties"]["path"]["type"] == "keyword");
  CHECK(m["event"]["properties"]["duration"]["type"] == "long");
  CHECK(es::ecs::index_body()["settings"]["number_of_replicas"] == 0);
  CHECK(es::ecs::log_template({"logs-web-*"}).to_json()["template"]["mappings"] == es::ecs::mappings());
}

TEST_CASE("ecs::http_request_of takes every field of an access record", "[es][document][ecs]") {
  // The accessors of logs::access_record, which this module does not depend on.
  struct record {
    bool has_time() const { return true; }
    aiops::timestamp_ns time() const { return 1'700'000'000'000'000'000; }
    std::string_view remote_addr() const { return "10.0.0.7"; }
    std::string_view remote_user() const { return "-"; }
    std::string_view method() const { return "GET"; }
    std::string_view path() const { return "/api/v1/events"; }
    std::string_view query() const { return "page=2"; }
    std::string_view protocol() const { return "HTTP/1.1"; }
    std::string_view referer() const { return "https://example.com/"; }
    std::string_view user_agent() const { return "curl/8.5.0"; }
    int status() const { return 502; }
    std::int64_t bytes() const { return 157; }
    double request_time() const { return 0.25; }
  };
  const es::ecs::http_request h = es::ecs::http_request_of(record{});
  CHECK(h.time == 1'700'000'000'000'000'000);
  CHECK(h.source_ip == "10.0.0.7");
  CHECK(h.user_name == "-");
  CHECK(h.method == "GET");
  CHECK(h.path == "/api/v1/events");
  CHECK(h.query == "page=2");
  CHECK(h.protocol == "HTTP/1.1");
  CHECK(h.referrer == "https://example.com/");
  CHECK(h.user_agent == "curl/8.5.0");
  CHECK(h.status == 502);
  CHECK(h.body_bytes == 157);
  CHECK(h.duration_seconds == 0.25);

  struct untimed : record {
    bool has_time() const { return false; }
  };
  CHECK_FALSE(es::ecs::http_request_of(untimed{}).time.has_value());
}
