// aiops: tests of the HTTP client against a real in-process HTTP server on 127.0.0.1
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <atomic>   // std::atomic
#include <chrono>   // durations
#include <memory>   // std::make_unique
#include <string>   // std::string
#include <thread>   // std::this_thread::sleep_for
#include <type_traits>  // std::is_move_constructible_v
#include <vector>   // std::vector

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <aiops/http.hpp>

#include "datasets.hpp"
#include "test_server.hpp"

namespace http = aiops::http;
using aiops::testing::recording_options;
using aiops::testing::test_server;
using std::chrono::milliseconds;

namespace {

http::request get_request(std::string path) {
  http::request r;
  r.path = std::move(path);
  return r;
}

// A server whose GET /flaky fails with `status` (and `retry_after`, if any) `failures` times, then says "ok".
struct flaky_server {
  std::atomic<int> hits{0};
  test_server server;

  flaky_server(int failures, int status, std::string retry_after = {})
      : server([&] {
          auto s = std::make_unique<httplib::Server>();
          auto handler = [this, failures, status, retry_after](const httplib::Request&, httplib::Response& res) {
            if (++hits <= failures) {
              res.status = status;
              if (!retry_after.empty()) res.set_header("Retry-After", retry_after);
              res.set_content(R"({"status":"error","errorType":"unavailable","error":"try later"})", "application/json");
            } else {
              res.set_content("ok", "text/plain");
            }
          };
          s->Get("/flaky", handler);
          s->Post("/flaky", handler);
          return s;
        }()) {}
};

// A server that answers every request with what it received, as JSON.
std::unique_ptr<httplib::Server> echo_server() {
  auto s = std::make_unique<httplib::Server>();
  auto echo = [](const httplib::Request& req, httplib::Response& res) {
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [name, value] : req.headers) headers[name] = value;
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [name, value] : req.params) params[name].push_back(value);
    res.set_header("X-Answer", "42");
    res.set_content(nlohmann::json{{"method", req.method},
                                   {"path", req.path},
                                   {"target", req.target},
                                   {"headers", headers},
                                   {"params", params},
                                   {"body", req.body}}
                        .dump(),
                    "application/json");
  };
  s->Get(".*", echo);
  s->Post(".*", echo);
  s->Put(".*", echo);
  s->Delete(".*", echo);
  return s;
}

}  // namespace

TEST_CASE("client retries a 503 and then succeeds", "[http][client]") {
  flaky_server fs(2, 503);
  std::vector<milliseconds> waits;
  auto options = recording_options(waits);
  options.retry.max_attempts = 5;
  options.retry.base = milliseconds(100);
  options.retry.cap = milliseconds(150);
  http::client c(fs.server.url(), options);

  const http::response r = c.get("/flaky");
  CHECK(r.status == 200);
  CHECK(r.body == "ok");
  CHECK(r.attempts == 3);
  CHECK(fs.hits == 3);
  REQUIRE(waits.size() == 2);
  CHECK(waits[0] <= milliseconds(100));  // full jitter: anywhere in [0, ceiling]
  CHECK(waits[1] <= milliseconds(150));  // 200 cut to the cap
}

TEST_CASE("client honours Retry-After on 429, in seconds and as an HTTP date, capped", "[http][client]") {
  std::vector<milliseconds> waits;
  auto options = recording_options(waits);
  options.clock.wall = [] {
    return std::chrono::system_clock::time_point(
        std::chrono::nanoseconds(aiops::parse_rfc3339("2026-11-29T10:00:00Z").value()));
  };

  SECTION("seconds") {
    flaky_server fs(1, 429, "2");
    CHECK(http::client(fs.server.url(), options).get("/flaky").body == "ok");
    CHECK(waits == std::vector<milliseconds>{milliseconds(2'000)});
  }
  SECTION("HTTP date") {
    flaky_server fs(1, 429, "Sun, 29 Nov 2026 10:00:03 GMT");
    CHECK(http::client(fs.server.url(), options).get("/flaky").body == "ok");
    CHECK(waits == std::vector<milliseconds>{milliseconds(3'000)});
  }
  SECTION("cut to max_retry_after") {
    flaky_server fs(1, 503, "3600");
    options.retry.max_retry_after = milliseconds(1'500);
    CHECK(http::client(fs.server.url(), options).get("/flaky").body == "ok");
    CHECK(waits == std::vector<milliseconds>{milliseconds(1'500)});
  }
  SECTION("longer than the deadline: the 429 comes back at once") {
    flaky_server fs(1, 429, "3600");
    options.retry.max_retry_after = std::chrono::hours(2);
    options.deadline = milliseconds(10'000);
    http::client c(fs.server.url(), options);
    const http::response r = c.send(get_request("/flaky"));
    CHECK(r.status == 429);
    CHECK(r.attempts == 1);
    CHECK(waits.empty());
  }
  SECTION("a 429 is retried even for a POST: the server refused it") {
    flaky_server fs(1, 429, "1");
    CHECK(http::client(fs.server.url(), options).post("/flaky", "x", "text/plain").body == "ok");
    CHECK(fs.hits == 2);
  }
}

TEST_CASE("client gives up after max attempts with the server's message", "[http][client]") {
  flaky_server fs(100, 503);
  std::vector<milliseconds> waits;
  auto options = recording_options(waits);
  options.retry.max_attempts = 3;
  http::client c(fs.server.url(), options);

  const http::response raw = c.send(get_request("/flaky"));
  CHECK(raw.status == 503);
  CHECK(raw.attempts == 3);
  CHECK(waits.size() == 2);

  try {
    c.get("/flaky", {{"q", "a b"}});
    FAIL("no exception");
  } catch (const http::http_error& e) {
    CHECK(e.code() == aiops::errc::http);
    CHECK(e.status() == 503);
    CHECK(e.attempts() == 3);
    CHECK(e.method() == "GET");
    CHECK(e.url() == fs.server.url() + "/flaky?q=a%20b");
    CHECK(e.message() == "unavailable: try later");
    CHECK(e.body().find("\"try later\"") != std::string::npos);
    CHECK(std::string(e.what()) ==
          "GET " + fs.server.url() + "/flaky?q=a%20b: HTTP 503: unavailable: try later (after 3 attempts)");
  }
  CHECK(fs.hits == 6);
}

TEST_CASE("client does not retry a 400 and reports the server's JSON error", "[http][client]") {
  auto s = std::make_unique<httplib::Server>();
  std::atomic<int> hits{0};
  s->Get("/api/v1/query", [&hits](const httplib::Request&, httplib::Response& res) {
    ++hits;
    res.status = 400;
    res.set_content(
        R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"})",
        "application/json");
  });
  s->Get("/opensearch", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content(R"({"error":{"root_cause":[],"type":"index_not_found_exception","reason":"no such index [x]"},"status":404})",
                    "application/json");
  });
  s->Get("/html", [](const httplib::Request&, httplib::Response& res) {
    res.status = 502;
    res.set_content("<html>\n  <body>Bad   Gateway</body>\n</html>\n", "text/html");
  });
  test_server server(std::move(s));
  std::vector<milliseconds> waits;
  auto options = recording_options(waits);
  options.retry.max_attempts = 1;
  http::client c(server.url(), options);

  try {
    c.get_json("/api/v1/query", {{"query", "sum("}});
    FAIL("no exception");
  } catch (const http::http_error& e) {
    CHECK(e.status() == 400);
    CHECK(e.attempts() == 1);
    CHECK(e.message() == "bad_data: invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis");
    CHECK(std::string(e.what()).find("/api/v1/query?query=sum%28: HTTP 400: bad_data") != std::string::npos);
  }
  CHECK(hits == 1);
  CHECK(waits.empty());

  try {
    c.get("/opensearch");
    FAIL("no exception");
  } catch (const http::http_error& e) {
    CHECK(e.status() == 404);
    CHECK(e.message() == "index_not_found_exception: no such index [x]");
  }
  try {
    c.get("/html");
    FAIL("no exception");
  } catch (const http::http_error& e) {
    CHECK(e.message() == "<html> <body>Bad Gateway</body> </html>");
  }
}

TEST_CASE("client retries a POST after a 5xx only when told it is safe", "[http][client]") {
  std::vector<milliseconds> waits;
  auto options = recording_options(waits);

  SECTION("not idempotent: one attempt") {
    flaky_server fs(1, 503);
    http::client c(fs.server.url(), options);
    CHECK_THROWS_AS(c.post("/flaky", "x", "text/plain"), http::http_error);
    CHECK(fs.hits == 1);
  }
  SECTION("declared idempotent: retried") {
    flaky_server fs(1, 503);
    http::client c(fs.server.url(), options);
    http::request r;
    r.method = "POST";
    r.path = "/flaky";
    r.body = "query=up";
    r.content_type = "application/x-www-form-urlencoded";
    r.idempotent = true;
    CHECK(c.send(r).status == 200);
    CHECK(fs.hits == 2);
  }
  SECTION("a GET declared not idempotent: one attempt") {
    flaky_server fs(1, 503);
    http::client c(fs.server.url(), options);
    http::request r;
    r.path = "/flaky";
    r.idempotent = false;
    CHECK(c.send(r).status == 503);
    CHECK(fs.hits == 1);
  }
}

TEST_CASE("client times out a slow server and respects the deadline", "[http][client]") {
  auto s = std::make_unique<httplib::Server>();
  std::atomic<int> hits{0};
  s->Get("/slow", [&hits](const httplib::Request&, httplib::Response& res) {
    ++hits;
    std::this_thread::sleep_for(milliseconds(600));
    res.set_content("late", "text/plain");
  });
  test_server server(std::move(s));
  std::vector<milliseconds> waits;
  auto options = recording_options(waits);

  SECTION("read timeout, retried, then reported as a timeout") {
    options.read_timeout = milliseconds(50);
    options.retry.max_attempts = 2;
    http::client c(server.url(), options);
    try {
      c.get("/slow");
      FAIL("no exception");
    } catch (const http::http_error& e) {
      CHECK(e.code() == aiops::errc::timeout);
      CHECK(e.status() == 0);
      CHECK(e.attempts() == 2);
      CHECK(std::string(e.what()).find("read timeout") != std::string::npos);
    }
    // The second attempt reached the server (which may start its handler after the client gave up).
    for (int i = 0; i < 300 && hits < 2; ++i) std::this_thread::sleep_for(milliseconds(10));
    CHECK(hits == 2);
  }
  SECTION("the deadline cuts a long read timeout") {
    options.read_timeout = milliseconds(30'000);
    options.deadline = milliseconds(250);
    http::client c(server.url(), options);
    try {
      c.get("/slow");
      FAIL("no exception");
    } catch (const http::http_error& e) {
      CHECK(e.code() == aiops::errc::timeout);
      CHECK(e.status() == 0);
    }
    CHECK(hits == 1);
  }
}

TEST_CASE("client retries a refused connection, then reports it", "[http][client]") {
  std::vector<milliseconds> waits;
  auto options = recording_options(waits);
  options.retry.max_attempts = 3;
  const std::string url = "http://127.0.0.1:" + std::to_string(aiops::testing::closed_port());
  http::client c(url, options);

  try {
    c.get_json("/api/v1/status/buildinfo");
    FAIL("no exception");
  } catch (const http::http_error& e) {
    CHECK(e.code() == aiops::errc::io);
    CHECK(e.status() == 0);
    CHECK(e.attempts() == 3);
    CHECK(e.url() == url + "/api/v1/status/buildinfo");
    CHECK(std::string(e.what()).find("could not connect") != std::string::npos);
  }
  CHECK(waits.size() == 2);

  // Nothing reached the server, so even a POST is tried again.
  waits.clear();
  CHECK_THROWS_AS(c.post("/metrics/job/x", "x 1\n", "text/plain"), http::http_error);
  CHECK(waits.size() == 2);
}

TEST_CASE("client sends basic and bearer credentials", "[http][client]") {
  test_server server(echo_server());
  const auto authorization = [](http::client& c) {
    return c.get_json("/who")["headers"].value("Authorization", std::string("(none)"));
  };

  http::client_options options;
  http::client anonymous(server.url(), options);
  CHECK(authorization(anonymous) == "(none)");

  options.user = "user";
  options.password = "pass";
  http::client basic(server.url(), options);
  CHECK(authorization(basic) == "Basic dXNlcjpwYXNz");

  options.bearer_token = "t0k3n";
  http::client bearer(server.url(), options);
  CHECK(authorization(bearer) == "Bearer t0k3n");

  const std::string with_userinfo = "http://us%40er:p%3Ass@127.0.0.1:" + std::to_string(server.port());
  http::client from_url(with_userinfo);
  CHECK(authorization(from_url) == "Basic dXNAZXI6cDpzcw==");  // "us@er:p:ss"
  CHECK(from_url.url_for("/x").find("us%40er") == std::string::npos);

  http::request r;
  r.path = "/who";
  r.headers.emplace("authorization", "ApiKey abc");
  const auto seen = nlohmann::json::parse(bearer.send(r).body)["headers"];
  CHECK(seen["authorization"] == "ApiKey abc");
  CHECK_FALSE(seen.contains("Authorization"));  // the request's header replaced the token
}

TEST_CASE("client round-trips JSON and encodes queries exactly", "[http][client]") {
  test_server server(echo_server());
  http::client c(server.url() + "/prefix/");

  const std::string promql = "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) > 0.5 & +1";
  const nlohmann::json got = c.get_json("/api/v1/query", {{"query", promql}, {"match[]", "up"}, {"match[]", "\xc3\xbc"}});
  CHECK(got["method"] == "GET");
  CHECK(got["path"] == "/prefix/api/v1/query");
  CHECK(got["params"]["query"][0] == promql);
  CHECK(got["params"]["match[]"] == nlohmann::json::array({"up", "\xc3\xbc"}));
  CHECK(got["target"].get<std::string>().find("%2B1") != std::string::npos);  // '+' escaped, not a space
  CHECK(got["headers"]["Accept"] == "application/json");
  CHECK(got["headers"]["User-Agent"] == std::string("aiops/") + aiops::version_string);

  const nlohmann::json sent = {{"labels", {{"alertname", "HighLatency"}, {"severity", "page"}}}, {"value", 1.5},
                               {"text", "caf\xc3\xa9 \"quoted\"\n"}};
  const nlohmann::json echoed = c.post_json("alerts", sent);
  CHECK(echoed["path"] == "/prefix/alerts");
  CHECK(echoed["headers"]["Content-Type"] == "application/json");
  CHECK(nlohmann::json::parse(echoed["body"].get<std::string>()) == sent);
}

TEST_CASE("client posts gzip NDJSON with a custom content type and reads response headers", "[http][client]") {
  test_server server(echo_server());
  http::client c(server.url());
  std::string ndjson;
  for (int i = 0; i < 200; ++i) {
    ndjson += R"({"index":{"_index":"logs"}})" "\n" R"({"message":"GET /api/orders 200","n":)" + std::to_string(i) + "}\n";
  }

  http::request r;
  r.method = "POST";
  r.path = "/_bulk";
  r.body = ndjson;
  r.content_type = "application/x-ndjson";
  r.gzip = true;
  r.headers.emplace("X-Opaque-Id", "test-1");
  const http::response answer = c.send(r);
  REQUIRE(answer.ok());
  CHECK(answer.header("x-answer") == "42");
  CHECK(answer.header("Content-Type") == "application/json");
  CHECK_FALSE(answer.header("X-Missing"));

  const auto seen = nlohmann::json::parse(answer.body);
  CHECK(seen["headers"]["Content-Type"] == "application/x-ndjson");
  CHECK(seen["headers"]["Content-Encoding"] == "gzip");
  CHECK(seen["headers"]["X-Opaque-Id"] == "test-1");
  CHECK(std::stoul(seen["headers"]["Content-Length"].get<std::string>()) < ndjson.size() / 10);
  CHECK(seen["body"] == ndjson);  // the server inflated it back
}

TEST_CASE("client sends HEAD, PUT and DELETE with bodies as given", "[http][client]") {
  test_server server(echo_server());
  http::client c(server.url());

  http::request head;
  head.method = "HEAD";
  head.path = "/logs-2026.11.29";
  const http::response exists = c.send(head);
  CHECK(exists.status == 200);
  CHECK(exists.body.empty());

  http::request put;
  put.method = "PUT";
  put.path = "/_index_template/logs";
  put.body = R"({"index_patterns":["logs-*"]})";
  put.content_type = "application/json";
  const auto put_seen = c.send_json(put);
  CHECK(put_seen["method"] == "PUT");
  CHECK(put_seen["body"] == put.body);

  http::request del;
  del.method = "DELETE";
  del.path = "/_search/scroll";
  del.body = R"({"scroll_id":"abc"})";
  del.content_type = "application/json";
  const auto del_seen = c.send_json(del);
  CHECK(del_seen["method"] == "DELETE");
  CHECK(del_seen["body"] == del.body);
  CHECK(c.url_for("/_search/scroll", {{"a", "b c"}}) == server.url() + "/_search/scroll?a=b%20c");
}

TEST_CASE("client reports a 2xx answer that is not JSON", "[http][client]") {
  auto s = std::make_unique<httplib::Server>();
  s->Get("/metrics", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("# HELP up 1 if up\nup 1\n", "text/plain; version=0.0.4");
  });
  test_server server(std::move(s));
  http::client c(server.url());
  CHECK(c.get("/metrics").body == "# HELP up 1 if up\nup 1\n");
  try {
    c.get_json("/metrics");
    FAIL("no exception");
  } catch (const http::http_error& e) {
    CHECK(e.code() == aiops::errc::syntax);
    CHECK(e.status() == 200);
    CHECK(e.message() == "the answer is not JSON: # HELP up 1 if up up 1");
  }
}

TEST_CASE("client speaks https and checks the server's certificate", "[http][client]") {
  const std::string cert = aiops::testing::source_path("tests/unit/http/tls/cert.pem");
  const std::string key = aiops::testing::source_path("tests/unit/http/tls/key.pem");
  auto s = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
  REQUIRE(s->is_valid());
  s->Get("/secure", [](const httplib::Request&, httplib::Response& res) { res.set_content(R"({"tls":true})", "application/json"); });
  test_server server(std::move(s), "https");

  http::client_options options;
  options.retry = http::retry_policy::none();
  options.ca_cert_file = cert;
  CHECK(http::client(server.url(), options).get_json("/secure")["tls"] == true);

  options.ca_cert_file.clear();  // the system's CAs do not know this self-signed certificate
  try {
    http::client(server.url(), options).get("/secure");
    FAIL("no exception");
  } catch (const http::http_error& e) {
    CHECK(e.status() == 0);
    CHECK(std::string(e.what()).find("not trusted") != std::string::npos);
  }

  options.verify_tls = false;
  CHECK(http::client(server.url(), options).get_json("/secure")["tls"] == true);
}

TEST_CASE("client rejects misuse", "[http][client]") {
  static_assert(std::is_move_constructible_v<http::client>, "a client can be returned from a factory");
  CHECK_THROWS_AS(http::client("127.0.0.1:9090"), std::invalid_argument);
  CHECK_THROWS_AS(http::client("ftp://127.0.0.1/"), std::invalid_argument);
  CHECK_THROWS_AS(http::client("http://127.0.0.1:9090/?x=1"), std::invalid_argument);
  http::client c("http://127.0.0.1:1");
  http::request r;
  r.method = "GE T";
  CHECK_THROWS_AS(c.send(r), std::invalid_argument);
  r.method.clear();
  CHECK_THROWS_AS(c.send(r), std::invalid_argument);
}
