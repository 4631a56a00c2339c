// aiops: tests of the nginx/Apache access-log parser on real-looking lines and bad input
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <aiops/logs/access.hpp>
#include <aiops/logs/reader.hpp>
#include <aiops/logs/syslog.hpp>

using namespace aiops;
using namespace aiops::logs;

namespace {
access_format nginx(std::string_view f, access_options o = {}) { return access_format::nginx(f, o).value(); }
access_format apache(std::string_view f) { return access_format::apache(f).value(); }
}  // namespace

TEST_CASE("nginx combined: a real line", "[access][nginx]") {
  const auto format = nginx("combined");
  const std::string line =
      R"x(93.180.71.3 - - [17/May/2015:08:05:32 +0000] "GET /downloads/product_1 HTTP/1.1" 304 0 "-" "Debian APT-HTTP/1.3 (0.8.16~exp12ubuntu10.21)")x";
  auto r = format.parse(line);
  REQUIRE(r);
  CHECK(r->remote_addr() == "93.180.71.3");
  CHECK(r->remote_user().empty());
  REQUIRE(r->has_time());
  CHECK(format_rfc3339(r->time(), 0) == "2015-05-17T08:05:32Z");
  CHECK(r->method() == "GET");
  CHECK(r->path() == "/downloads/product_1");
  CHECK(r->query().empty());
  CHECK(r->protocol() == "HTTP/1.1");
  CHECK(r->request_line_ok());
  CHECK(r->status() == 304);
  CHECK(r->bytes() == 0);
  CHECK(r->referer().empty());
  CHECK(r->user_agent() == "Debian APT-HTTP/1.3 (0.8.16~exp12ubuntu10.21)");
  CHECK(std::isnan(r->request_time()));
  CHECK(std::isnan(r->upstream_time()));
  CHECK(r->size() == 8);
  CHECK(r->get("http_referer") == "-");
  CHECK_FALSE(r->get("host"));
  // The views point into the line: zero copy.
  CHECK(r->remote_addr().data() == line.data());
}

TEST_CASE("nginx main: user, query, time zone and X-Forwarded-For", "[access][nginx]") {
  const auto format = nginx("main");
  auto r = format.parse(
      R"x(10.0.0.5 - alice [29/Nov/2026:02:38:36 +0800] "POST /api/v1/orders?id=42&x=1 HTTP/2.0" 201 512 "https://shop.example.com/cart" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36" "203.0.113.7, 10.0.0.1")x");
  REQUIRE(r);
  CHECK(r->remote_user() == "alice");
  CHECK(format_rfc3339(r->time(), 0) == "2026-11-28T18:38:36Z");
  CHECK(r->method() == "POST");
  CHECK(r->path() == "/api/v1/orders");
  CHECK(r->query() == "id=42&x=1");
  CHECK(r->protocol() == "HTTP/2.0");
  CHECK(r->status() == 201);
  CHECK(r->bytes() == 512);
  CHECK(r->referer() == "https://shop.example.com/cart");
  CHECK(r->get("http_x_forwarded_for") == "203.0.113.7, 10.0.0.1");
}

TEST_CASE("nginx custom format with request and upstream times", "[access][nginx]") {
  // The "timed" example of nginx's documentation.
  const auto format = nginx(
      R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time")");
  auto r = format.parse(
      R"(192.0.2.10 - - [10/Oct/2023:13:55:36 -0700] "GET /api/items HTTP/1.1" 200 1532 "-" "curl/8.4.0" rt=0.245 uct="0.001" uht="0.240" urt="0.240, 0.005")");
  REQUIRE(r);
  CHECK(r->request_time() == Approx(0.245));
  CHECK(r->upstream_time() == Approx(0.245));
  CHECK(r->get("upstream_connect_time") == "0.001");
  CHECK(format.index_of("upstream_header_time") == 10);
  CHECK(format.name(10) == "upstream_header_time");

  auto no_upstream = format.parse(
      R"(192.0.2.10 - - [10/Oct/2023:13:55:36 -0700] "GET /static/app.js HTTP/1.1" 200 90211 "-" "curl/8.4.0" rt=0.000 uct="-" uht="-" urt="-")");
  REQUIRE(no_upstream);
  CHECK(no_upstream->request_time() == 0.0);
  CHECK(std::isnan(no_upstream->upstream_time()));

  auto redirected = format.parse(
      R"(192.0.2.10 - - [10/Oct/2023:13:55:36 -0700] "GET /a HTTP/1.1" 502 0 "-" "curl/8.4.0" rt=3.010 uct="0.001, -" uht="-" urt="1.000, 2.000 : 0.004")");
  REQUIRE(redirected);
  CHECK(redirected->upstream_time() == Approx(3.004));
}

TEST_CASE("nginx: ${var}, $time_iso8601, $msec, $host, request parts as variables", "[access][nginx]") {
  const auto format = nginx(R"(${msec} $time_iso8601 $host "$request_method $request_uri $server_protocol" $status $bytes_sent $request_time)");
  auto r = format.parse(R"(1700000000.123 2023-11-14T22:13:20+00:00 api.example.com "DELETE /v1/items/7?force=1 HTTP/1.1" 204 187 0.003)");
  REQUIRE(r);
  CHECK(r->time() == 1'700'000'000'123'000'000);
  CHECK(r->get("host") == "api.example.com");
  CHECK_FALSE(r->request_line_ok());  // there is no $request: the parts come from their variables
  CHECK(r->method() == "DELETE");
  CHECK(r->path() == "/v1/items/7");
  CHECK(r->query() == "force=1");
  CHECK(r->protocol() == "HTTP/1.1");
  CHECK(r->bytes() == 187);
  CHECK(r->request_time() == Approx(0.003));

  const auto by_uri = nginx("$uri $args $status");
  auto u = by_uri.parse("/search q=nginx 200");
  REQUIRE(u);
  CHECK(u->path() == "/search");
  CHECK(u->query() == "q=nginx");
  CHECK(by_uri.parse("/search - 200")->query().empty());
}

TEST_CASE("nginx: $time_local may be written without brackets", "[access][nginx]") {
  const auto format = nginx("$time_local $remote_addr $status");
  auto r = format.parse("10/Oct/2000:13:55:36 -0700 127.0.0.1 200");
  REQUIRE(r);
  CHECK(r->remote_addr() == "127.0.0.1");
  CHECK(format_rfc3339(r->time(), 0) == "2000-10-10T20:55:36Z");
}

TEST_CASE("quoted fields: nginx's hex-escaped quote and Apache's backslash-escaped quote", "[access]") {
  const auto format = nginx("combined");
  auto r = format.parse(
      R"(198.51.100.4 - - [01/Jan/2024:00:00:01 +0000] "GET /q?s=\x22x\x22 HTTP/1.1" 200 5 "-" "Mozilla \x22quoted\x22 agent")");
  REQUIRE(r);
  CHECK(r->user_agent() == R"(Mozilla \x22quoted\x22 agent)");
  CHECK(unescape(r->user_agent()) == R"(Mozilla "quoted" agent)");
  CHECK(unescape(r->query()) == R"(s="x")");

  const auto ap = apache("combined");
  auto a = ap.parse(
      R"(203.0.113.9 - - [10/Oct/2000:13:55:36 -0700] "GET /a\"b HTTP/1.0" 200 2326 "http://x/\"ref\" " "agent \\ with \" quote")");
  REQUIRE(a);
  CHECK(a->path() == R"(/a\"b)");
  CHECK(a->referer() == R"(http://x/\"ref\" )");
  CHECK(unescape(a->user_agent()) == R"(agent \ with " quote)");
}

TEST_CASE("request lines that are not METHOD URI PROTOCOL are kept unless strict", "[access]") {
  const auto lenient = nginx("combined");
  const auto strict = nginx("combined", access_options{true});
  const std::string tls =
      R"(45.148.10.62 - - [29/Nov/2026:02:38:36 +0000] "\x16\x03\x01\x00\xEE\x01\x00\x00\xEA\x03\x03" 400 157 "-" "-")";
  auto r = lenient.parse(tls);
  REQUIRE(r);
  CHECK(r->status() == 400);
  CHECK_FALSE(r->request_line_ok());
  CHECK(r->method().empty());
  CHECK(r->path().empty());
  CHECK(r->request() == R"(\x16\x03\x01\x00\xEE\x01\x00\x00\xEA\x03\x03)");
  auto s = strict.parse(tls);
  REQUIRE_FALSE(s);
  CHECK(s.error().code == errc::syntax);
  CHECK(s.error().column == 48);

  const std::string empty = R"(10.1.1.1 - - [29/Nov/2026:02:38:36 +0000] "-" 408 0 "-" "-")";
  REQUIRE(lenient.parse(empty));
  CHECK(lenient.parse(empty)->request() == "-");
  CHECK_FALSE(strict.parse(empty));

  // HTTP/0.9 has no protocol; nginx accepts spaces inside the URI.
  auto old = strict.parse(R"(10.1.1.1 - - [29/Nov/2026:02:38:36 +0000] "GET /" 200 0 "-" "-")");
  REQUIRE(old);
  CHECK(old->path() == "/");
  CHECK(old->protocol().empty());
  auto spaced = strict.parse(R"(10.1.1.1 - - [29/Nov/2026:02:38:36 +0000] "GET /a b?c=d e HTTP/1.1" 400 0 "-" "-")");
  REQUIRE(spaced);
  CHECK(spaced->path() == "/a b");
  CHECK(spaced->query() == "c=d e");
  CHECK_FALSE(strict.parse(R"(10.1.1.1 - - [29/Nov/2026:02:38:36 +0000] "get / HTTP/1.1" 400 0 "-" "-")"));
}

TEST_CASE("malformed access lines give a failure with column and reason", "[access]") {
  const auto format = nginx("combined");
  const std::string good = R"(10.0.0.1 - - [17/May/2015:08:05:32 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/7.1")";
  REQUIRE(format.parse(good));

  auto truncated = format.parse(good.substr(0, good.size() - 5));
  REQUIRE_FALSE(truncated);
  CHECK(truncated.error().code == errc::unexpected_end);
  CHECK(truncated.error().column == 73);  // where $http_user_agent starts
  CHECK(truncated.error().message.find("$http_user_agent") != std::string::npos);

  auto status = format.parse(R"(10.0.0.1 - - [17/May/2015:08:05:32 +0000] "GET / HTTP/1.1" 2x0 612 "-" "curl/7.1")");
  REQUIRE_FALSE(status);
  CHECK(status.error().code == errc::bad_number);
  CHECK(status.error().column == 60);
  CHECK(status.error().message.find("\"2x0\"") != std::string::npos);

  auto time = format.parse(R"(10.0.0.1 - - [32/May/2015:08:05:32 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/7.1")");
  REQUIRE_FALSE(time);
  CHECK(time.error().code == errc::bad_timestamp);
  CHECK(time.error().column == 15);

  auto month = format.parse(R"(10.0.0.1 - - [17/Mai/2015:08:05:32 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/7.1")");
  REQUIRE_FALSE(month);
  CHECK(month.error().column == 18);

  auto bytes = format.parse(R"(10.0.0.1 - - [17/May/2015:08:05:32 +0000] "GET / HTTP/1.1" 200 6x2 "-" "curl/7.1")");
  REQUIRE_FALSE(bytes);
  CHECK(bytes.error().code == errc::bad_number);

  auto trailing = format.parse(good + R"( "1.2.3.4")");
  REQUIRE_FALSE(trailing);
  CHECK(trailing.error().code == errc::syntax);
  CHECK(trailing.error().column == good.size() + 1);

  CHECK(format.parse("").error().code == errc::unexpected_end);
  CHECK_FALSE(format.parse("just some text"));
  const auto bracketed = nginx("[$time_local] $status");
  CHECK_FALSE(bracketed.parse("x[17/May/2015:08:05:32 +0000] 200"));

  const auto timed = nginx("$status $request_time");
  auto rt = timed.parse("200 abc");
  REQUIRE_FALSE(rt);
  CHECK(rt.error().column == 5);
  CHECK(timed.parse("200 -"));
  CHECK_FALSE(timed.parse("200 inf"));
  const auto msec = nginx("$msec $status");
  CHECK_FALSE(msec.parse("99999999999999999999 200"));
  CHECK_FALSE(msec.parse("1700000000.1234567890 200"));
}

TEST_CASE("nginx format strings that cannot be compiled", "[access][nginx]") {
  CHECK(access_format::nginx("$remote_addr$remote_user").error().message.find("no text between") != std::string::npos);
  CHECK(access_format::nginx("$remote_addr$remote_user").error().column == 13);
  CHECK(access_format::nginx("cost $ 5").error().column == 6);
  CHECK(access_format::nginx("${host").error().code == errc::syntax);
  CHECK_FALSE(access_format::nginx("no variables here"));
  CHECK_FALSE(access_format::nginx(""));
  std::string many;
  for (int i = 0; i < 65; ++i) many += "$v" + std::to_string(i) + " ";
  CHECK(access_format::nginx(many).error().code == errc::too_long);
  many.resize(many.size() - 5);  // 64 variables
  CHECK(access_format::nginx(many));
}

TEST_CASE("Apache common and combined", "[access][apache]") {
  const auto common = apache("common");
  auto c = common.parse(R"(127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326)");
  REQUIRE(c);
  CHECK(c->remote_addr() == "127.0.0.1");
  CHECK(c->remote_user() == "frank");
  CHECK(c->get("remote_logname") == "-");
  CHECK(c->get("time_local") == "10/Oct/2000:13:55:36 -0700");  // the brackets of %t are literal text
  CHECK(format_rfc3339(c->time(), 0) == "2000-10-10T20:55:36Z");
  CHECK(c->status() == 200);
  CHECK(c->bytes() == 2326);

  auto dash = common.parse(R"(::1 - - [10/Oct/2000:13:55:36 -0700] "OPTIONS * HTTP/1.0" 200 -)");
  REQUIRE(dash);
  CHECK(dash->bytes() == 0);
  CHECK(dash->path() == "*");

  const auto combined = apache("combined");
  auto r = combined.parse(
      R"x(127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)")x");
  REQUIRE(r);
  CHECK(r->referer() == "http://www.example.com/start.html");
  CHECK(r->user_agent() == "Mozilla/4.08 [en] (Win98; I ;Nav)");
}

TEST_CASE("Apache LogFormat as written in httpd.conf, with %D, %T and headers", "[access][apache]") {
  const auto format = apache(R"(%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" %D %{ms}T %T %v:%p \"%{X-Request-ID}i\" %400,501{Content-Type}o %%)");
  CHECK(format.index_of("http_x_request_id") >= 0);
  auto r = format.parse(
      R"(10.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /x?y=1 HTTP/1.1" 404 209 "-" "curl/8.0" 1234567 1234 1 www.example.com:443 "abc-123" text/html %)");
  REQUIRE(r);
  CHECK(r->request_time() == Approx(1.234567));
  CHECK(r->get("request_time_ms") == "1234");
  CHECK(r->get("server_name") == "www.example.com");
  CHECK(r->get("server_port") == "443");
  CHECK(r->get("http_x_request_id") == "abc-123");
  CHECK(r->get("sent_http_content_type") == "text/html");
  CHECK(r->query() == "y=1");

  const auto vhost = apache("vhost_combined");
  auto v = vhost.parse(R"(shop.example.com:80 192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 512 "-" "curl/8.0")");
  REQUIRE(v);
  CHECK(v->bytes() == 512);

  const auto split = apache("%m %U%q %>s");  // a record refers to its format: keep the format alive
  auto q = split.parse("GET /p?a=b 200");
  REQUIRE(q);
  CHECK(q->method() == "GET");
  CHECK(q->query() == "a=b");

  CHECK(access_format::apache("%h %Z").error().column == 4);
  CHECK_FALSE(access_format::apache("%{Referer"));
  CHECK_FALSE(access_format::apache("%h %"));
  CHECK_FALSE(access_format::apache("%h%u"));
}

TEST_CASE("W3C extended logs: IIS and CloudFront fields from their #Fields: directive", "[access][w3c]") {
  const auto iis = access_format::w3c(
                       "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
                       "cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
                       {.time_taken_ms = true})
                       .value();
  auto r = iis.parse("2024-10-10 13:55:37 10.0.0.5 POST /api/login a=1&b=2 443 - 192.168.1.11 Mozilla/5.0+(X11) "
                     "https://example.com/ 500 0 0 1203");
  REQUIRE(r);
  CHECK(r->time() == parse_rfc3339("2024-10-10T13:55:37Z").value());
  CHECK(r->method() == "POST");
  CHECK(r->path() == "/api/login");
  CHECK(r->query() == "a=1&b=2");
  CHECK(r->status() == 500);
  CHECK(r->remote_addr() == "192.168.1.11");
  CHECK(r->user_agent() == "Mozilla/5.0+(X11)");
  CHECK(r->request_time() == Approx(1.203));
  CHECK(r->get("sc_win32_status") == "0");
  CHECK(r->get("server_port") == "443");
  auto dash = iis.parse("2024-10-10 13:55:38 10.0.0.5 GET / - 443 - 192.168.1.12 - - 404 0 2 -");
  REQUIRE(dash);
  CHECK(dash->query().empty());
  CHECK(std::isnan(dash->request_time()));
  // Directives are comments; a bad date is a bad line, with the column of the date.
  CHECK(iis.parse("#Software: Microsoft Internet Information Services 10.0").error().code == errc::comment);
  CHECK(iis.parse("#Fields: date time").error().code == errc::comment);
  auto bad = iis.parse("2024-13-10 13:55:38 10.0.0.5 GET / - 443 - 192.168.1.12 - - 404 0 2 15");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == errc::bad_timestamp);
  CHECK(bad.error().column == 1);

  // CloudFront: tabs, time-taken in seconds, sc-bytes.
  const auto cloudfront =
      access_format::w3c("#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status time-taken",
                         {.separator = '\t'})
          .value();
  auto c = cloudfront.parse("2024-10-10\t13:55:36\tSEA19-C1\t3011\t192.0.2.1\tGET\td1.cloudfront.net\t/index.html\t200\t0.002");
  REQUIRE(c);
  CHECK(c->bytes() == 3011);
  CHECK(c->request_time() == Approx(0.002));
  CHECK(c->get("x_edge_location") == "SEA19-C1");
  CHECK(c->get("host") == "d1.cloudfront.net");
  CHECK(c->path() == "/index.html");
  CHECK_FALSE(cloudfront.parse("2024-10-10 13:55:36 SEA19-C1 3011 192.0.2.1 GET d1 /index.html 200 0.002"));  // spaces, not tabs

  CHECK_FALSE(access_format::w3c("#Fields:"));
  const auto status_only = nginx("$status");  // only W3C formats have directives
  CHECK(status_only.parse("#Fields: x").error().code != errc::comment);
}

TEST_CASE("W3C extended logs: a later #Fields: directive changes the fields of the lines after it", "[access][w3c]") {
  static_assert(fills_record<w3c_parser>);
  // IIS after a configuration change: the fields in another order, two more; then a restart that
  // repeats the directive unchanged.
  const std::string log =
      "#Software: Microsoft Internet Information Services 10.0\n"
      "#Version: 1.0\n"
      "#Date: 2024-10-10 13:55:00\n"
      "#Fields: date time c-ip cs-method cs-uri-stem sc-status time-taken\n"
      "2024-10-10 13:55:36 192.168.1.11 GET /a 200 15\n"
      "#Software: Microsoft Internet Information Services 10.0\n"
      "#Version: 1.0\n"
      "#Date: 2024-10-10 14:00:00\n"
      "#Fields: date time cs-uri-stem sc-status c-ip cs-method cs(User-Agent) sc-bytes time-taken\n"
      "2024-10-10 14:00:01 /b 404 192.168.1.12 POST curl/8.0 512 1203\n"
      "#Fields: date time cs-uri-stem sc-status c-ip cs-method cs(User-Agent) sc-bytes time-taken\n"
      "2024-10-10 14:05:02 /c 500 192.168.1.13 PUT - 7 2\n";
  struct seen {
    std::string path, addr, method, agent;
    int status;
    std::int64_t bytes;
    double seconds;
  };
  std::vector<seen> records;
  line_reader reader(std::make_unique<memory_source>(log));
  w3c_parser iis({.time_taken_ms = true});
  const auto summary = for_each_record(reader, iis, [&](const access_record& r) {
    records.push_back({std::string(r.path()), std::string(r.remote_addr()), std::string(r.method()), std::string(r.user_agent()),
                       r.status(), r.bytes(), r.request_time()});
  });
  CHECK(summary.bad == 0);
  CHECK(summary.comments == 9);
  REQUIRE(records.size() == 3);
  CHECK(records[0].path == "/a");
  CHECK(records[0].addr == "192.168.1.11");
  CHECK(records[0].method == "GET");
  CHECK(records[0].status == 200);
  CHECK(records[0].bytes == -1);  // the first block has no sc-bytes
  CHECK(records[0].seconds == Approx(0.015));
  CHECK(records[1].path == "/b");
  CHECK(records[1].addr == "192.168.1.12");
  CHECK(records[1].method == "POST");
  CHECK(records[1].agent == "curl/8.0");
  CHECK(records[1].status == 404);
  CHECK(records[1].bytes == 512);
  CHECK(records[1].seconds == Approx(1.203));
  CHECK(records[2].path == "/c");
  CHECK(records[2].method == "PUT");
  CHECK(records[2].status == 500);
  REQUIRE(iis.format() != nullptr);
  CHECK(iis.format()->index_of("http_user_agent") == 6);

  // Before any #Fields: directives are comments and records unknown; a directive that does not
  // compile makes the records after it bad lines, until the next one.
  w3c_parser fresh;
  CHECK(fresh.parse("#Version: 1.0").error().code == errc::comment);
  CHECK(fresh.parse("2024-10-10 13:55:36 /a 200").error().code == errc::syntax);
  CHECK(fresh.format() == nullptr);
  CHECK(fresh.parse("#Fields: date time cs-uri-stem sc-status").error().code == errc::comment);
  const std::string line = "2024-10-10 13:55:36 /a 200";
  auto r = fresh.parse(line);
  REQUIRE(r);
  CHECK(r->path() == "/a");
  CHECK(r->status() == 200);
  CHECK(fresh.parse("#Fields:").error().code == errc::syntax);
  CHECK(fresh.format() == nullptr);
  CHECK(fresh.parse(line).error().code == errc::syntax);
  CHECK(fresh.parse("#Fields: sc-status cs-uri-stem").error().code == errc::comment);
  CHECK(fresh.parse("301 /moved")->status() == 301);
}

TEST_CASE("AWS load balancers: ALB and classic ELB lines, absolute URLs, -1 for no response", "[access][aws]") {
  const auto alb = nginx(aws_alb_format, {.allow_trailing_text = true});
  auto r = alb.parse(
      R"(https 2024-10-10T13:55:38.423456Z app/my-lb/50dc6c495c0c9188 192.168.131.41:2819 10.0.0.2:80 0.001 5.002 -1 502 - 0 0 )"
      R"("POST https://www.example.com:443/api/order?id=7 HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 )"
      R"(arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/t/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577260" )"
      R"("www.example.com" "-" 1 2024-10-10T13:55:33.420000Z "forward" "-" "-" "10.0.0.2:80" "-" "-" "-" TID_1234abcf)");
  REQUIRE(r);
  CHECK(r->time() == parse_rfc3339("2024-10-10T13:55:38.423456Z").value());
  CHECK(r->remote_addr() == "192.168.131.41");
  CHECK(r->status() == 502);
  CHECK(r->request_time() == Approx(5.002));
  CHECK(r->path() == "/api/order");
  CHECK(r->query() == "id=7");
  CHECK(r->get("domain_name") == "www.example.com");
  const auto elb = nginx(aws_elb_format);
  auto e = elb.parse(R"(2024-10-10T13:55:38.423456Z my-lb 192.168.131.41:2819 - -1 -1 -1 504 0 0 0 "GET http://www.example.com:80 HTTP/1.1" "curl/7.38.0" - -)");
  REQUIRE(e);
  CHECK(std::isnan(e->request_time()));  // -1: the load balancer had no response
  CHECK(e->path().empty());               // an absolute URL without a path
  CHECK(e->request_line_ok());
}

TEST_CASE("AWS load balancers: an IPv6 client keeps its colons, the port follows the last one", "[access][aws]") {
  const auto alb = nginx(aws_alb_format, {.allow_trailing_text = true});
  const auto elb = nginx(aws_elb_format);
  const std::string alb_tail =
      R"( 0.000 0.001 0.000 200 200 34 366 "GET https://www.example.com:443/ HTTP/1.1" "curl/8" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 )"
      R"(arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/t/73e2 "Root=1-58337262-36d228ad5d99923122bbe354" )"
      R"("www.example.com" "-" 0 2024-10-10T13:55:38.420000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-")";
  const std::string elb_tail = R"( 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -)";
  struct case_ {
    std::string client, target, addr, port;
  };
  for (const case_& c : {case_{"2001:db8::1:54321", "2001:db8::2:80", "2001:db8::1", "54321"},
                         case_{"2600:1f18:2c3:e400:9b0c:a2b4:ff7:bd54:2817", "10.0.0.1:80", "2600:1f18:2c3:e400:9b0c:a2b4:ff7:bd54", "2817"},
                         case_{"192.168.131.39:2817", "10.0.0.1:80", "192.168.131.39", "2817"},
                         case_{"192.168.131.39:2817", "-", "192.168.131.39", "2817"}}) {
    INFO(c.client << " " << c.target);
    const std::string alb_line = "http 2024-10-10T13:55:38.423456Z app/my-lb/50dc6c495c0c9188 " + c.client + " " + c.target + alb_tail;
    const std::string elb_line = "2024-10-10T13:55:38.423456Z my-lb " + c.client + " " + c.target + elb_tail;
    for (const auto& [format, line] : {std::pair{&alb, &alb_line}, std::pair{&elb, &elb_line}}) {
      auto r = format->parse(*line);
      REQUIRE(r);
      CHECK(r->remote_addr() == c.addr);
      CHECK(r->get("remote_port") == c.port);
      CHECK(r->get(format == &alb ? "target" : "backend") == c.target);
      CHECK(r->status() == 200);
      access_record portable;  // the vectorised and the memchr search cut the client alike
      REQUIRE_FALSE(format->parse_into_portable(*line, portable));
      CHECK(portable.remote_addr() == c.addr);
    }
  }
  // Any address before ':' and a port; a port that is not digits keeps the first ':'.
  const auto addr_port = nginx("$remote_addr:$remote_port $status");
  CHECK(addr_port.parse("[2001:db8::1]:443 200")->remote_addr() == "[2001:db8::1]");  // Envoy brackets IPv6
  CHECK(addr_port.parse("a:b:c 200")->remote_addr() == "a");
  // Other absolute URLs and the usual origin form.
  const auto combined = nginx("combined");
  for (auto [target, path] : {std::pair{"http://h/a/b?c", "/a/b"}, {"https://h:8443/", "/"}, {"/x?y", "/x"}, {"http/1", "http/1"}}) {
    const std::string line = std::string(R"(1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET )") + target + R"( HTTP/1.1" 200 1 "-" "-")";
    auto c = combined.parse(line);  // the record views the line: keep it alive
    REQUIRE(c);
    CHECK(c->path() == path);
  }
}

TEST_CASE("Traefik's CLF log: combined, then its own fields and a duration in ms", "[access][traefik]") {
  const auto traefik = nginx(traefik_format);
  auto r = traefik.parse(R"(10.0.0.12 - - [10/Oct/2024:13:55:37 +0000] "POST /api/login HTTP/1.1" 401 56 "https://example.com/" )"
                         R"x("Mozilla/5.0 (X11; Linux x86_64)" 2 "api@docker" "http://172.18.0.5:8080" 1502ms)x");
  REQUIRE(r);
  CHECK(r->status() == 401);
  CHECK(r->request_time() == Approx(1.502));
  CHECK(r->get("router_name") == "api@docker");
  CHECK_FALSE(traefik.parse(R"(10.0.0.12 - - [10/Oct/2024:13:55:37 +0000] "GET / HTTP/1.1" 200 5 "-" "-" 2 "r" "s" 15)"));  // no "ms"
}

TEST_CASE("Envoy's and Istio's default access logs", "[access][envoy]") {
  const auto envoy = nginx(envoy_format);
  auto r = envoy.parse(R"([2024-10-10T13:55:37.456Z] "POST /api/login?x=1 HTTP/1.1" 503 UF 56 91 1002 - "10.0.0.12" "Mozilla/5.0" )"
                       R"("0f0d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b" "api.example.com" "10.1.0.6:8080")");
  REQUIRE(r);
  CHECK(r->time() == parse_rfc3339("2024-10-10T13:55:37.456Z").value());
  CHECK(r->path() == "/api/login");
  CHECK(r->status() == 503);
  CHECK(r->get("response_flags") == "UF");
  CHECK(r->bytes() == 91);
  CHECK(r->request_time() == Approx(1.002));
  CHECK(r->get("upstream_addr") == "10.1.0.6:8080");
  const auto istio = nginx(istio_format);
  auto i = istio.parse(R"([2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 418 - via_upstream - "-" 0 135 4 4 "-" "curl/7.73.0-DEV" )"
                       R"("84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "10.44.1.27:80" outbound|8000||httpbin.foo.svc.cluster.local )"
                       R"(10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 - default)");
  REQUIRE(i);
  CHECK(i->remote_addr() == "10.44.1.23");
  CHECK(i->status() == 418);
  CHECK(i->request_time() == Approx(0.004));
  CHECK(i->get("route_name") == "default");
  CHECK_FALSE(envoy.parse(i->line()));  // the two layouts differ after %RESPONSE_FLAGS%
}

TEST_CASE("squid's native log: a padded elapsed time, 000 for no response, absolute URLs", "[access][squid]") {
  const auto squid = nginx(squid_format, {.allow_trailing_text = false, .pad_spaces = true});
  auto r = squid.parse("1728568536.123    123 10.0.0.1 TCP_MISS/200 1234 GET http://example.com/a?b=1 - HIER_DIRECT/93.184.216.34 text/html");
  REQUIRE(r);
  CHECK(r->time() == 1728568536123000000);
  CHECK(r->request_time() == Approx(0.123));
  CHECK(r->remote_addr() == "10.0.0.1");
  CHECK(r->status() == 200);
  CHECK(r->get("cache_status") == "TCP_MISS");
  CHECK(r->method() == "GET");
  CHECK(r->path() == "/a");
  CHECK(r->get("upstream_addr") == "93.184.216.34");
  auto none = squid.parse("1728568539.001  60012 10.0.0.3 NONE_NONE/000 0 GET http://slow.example.com/ - HIER_NONE/- -");
  REQUIRE(none);
  CHECK(none->status() == 0);
  auto connect = squid.parse("1728568538.789      0 10.0.0.1 TCP_DENIED/403 3900 CONNECT bad.example.com:443 - HIER_NONE/- text/html");
  REQUIRE(connect);
  CHECK(connect->path() == "bad.example.com:443");
  // Without pad_spaces the padding is an empty field; 000 is the only status below 100.
  const auto unpadded = nginx(squid_format);
  CHECK_FALSE(unpadded.parse("1728568536.123    123 10.0.0.1 TCP_MISS/200 1234 GET / - HIER_NONE/- -"));
  CHECK(squid.parse("1728568536.123 1 10.0.0.1 TCP_MISS/099 1 GET / - HIER_NONE/- -").error().code == errc::bad_number);
}

TEST_CASE("lighttpd's default log: combined with the requested host for the ident", "[access]") {
  const auto lighttpd = apache(lighttpd_format);
  auto r = lighttpd.parse(R"(192.168.1.11 example.com - [10/Oct/2024:13:55:31 +0000] "GET /index.html HTTP/1.1" 200 1234 "-" "Mozilla/5.0")");
  REQUIRE(r);
  CHECK(r->remote_addr() == "192.168.1.11");
  CHECK(r->get("host") == "example.com");
  CHECK(r->status() == 200);
  CHECK(r->user_agent() == "Mozilla/5.0");
}

TEST_CASE("HAProxy's HTTP log: a zone-less accept date in ms, timers of -1, status -1, captured headers", "[access][haproxy]") {
  const auto haproxy = nginx(haproxy_http_format);
  auto r = haproxy.parse(R"(10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET /index.html?a=1 HTTP/1.1")");
  REQUIRE(r);
  CHECK(r->remote_addr() == "10.0.1.2");
  CHECK(r->get("remote_port") == "33317");
  CHECK(r->time() == parse_rfc3339("2009-02-06T12:14:14.655Z").value());
  CHECK(r->get("backend_name") == "static");
  CHECK(r->get("server_name") == "srv1");
  CHECK(r->get("response_ms") == "69");
  CHECK(r->request_time() == Approx(0.109));  // Ta (Tt before 1.7): the whole request
  CHECK(r->status() == 200);
  CHECK(r->bytes() == 2750);
  CHECK(r->get("termination_state") == "----");
  CHECK(r->path() == "/index.html");
  CHECK(r->query() == "a=1");
  // Captured headers (spaces and all) stay with the backend queue; the request is still read.
  auto captured = haproxy.parse(R"(10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {Mozilla/5.0 (X11; Linux)|a.b} {} "GET / HTTP/1.1")");
  REQUIRE(captured);
  CHECK(captured->get("backend_queue") == "0 {Mozilla/5.0 (X11; Linux)|a.b} {}");
  CHECK(captured->method() == "GET");
  // No server reached: timers of -1 and <NOSRV>; an IPv6 client keeps its colons.
  auto refused = haproxy.parse(R"(2001:db8::1:54321 [10/Oct/2024:13:55:36.123] www~ be_app/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET / HTTP/1.1")");
  REQUIRE(refused);
  CHECK(refused->remote_addr() == "2001:db8::1");
  CHECK(refused->status() == 503);
  CHECK(refused->request_time() == 0);
  // A client that aborted before the response: status -1 is no status, as squid's 000.
  auto aborted = haproxy.parse(R"(10.0.0.1:5000 [10/Oct/2024:13:55:36.123] fe be/s1 0/0/0/-1/3 -1 0 - - CD-- 1/1/0/0/0 0/0 "GET /x HTTP/1.1")");
  REQUIRE(aborted);
  CHECK(aborted->status() == 0);
  // A request HAProxy could not parse is kept, as other non-HTTP request lines.
  auto bad_request = haproxy.parse(R"(10.0.0.1:5000 [10/Oct/2024:13:55:36.123] fe fe/<NOSRV> -1/-1/-1/-1/0 400 0 - - CR-- 1/1/0/0/0 0/0 "<BADREQ>")");
  REQUIRE(bad_request);
  CHECK(bad_request->status() == 400);
  CHECK_FALSE(bad_request->request_line_ok());
  CHECK(haproxy.parse(R"(10.0.0.1:5000 [10/Oct/2024:13:55:36.123] fe be/s1 0/0/0/1/3 -2 0 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1")").error().code == errc::bad_number);
  // Through syslog, HAProxy's usual way: the message of the syslog line is the access line.
  const auto s = parse_syslog(R"(Oct 10 13:55:36 lb1 haproxy[2345]: 10.0.0.1:5000 [10/Oct/2024:13:55:36.123] fe be/s1 0/0/0/1/3 200 9 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1")", 2024);
  REQUIRE(s);
  CHECK(haproxy.parse(s->message)->status() == 200);
}

TEST_CASE("a query string may follow a field directly: $uri$is_args$args, %U%q", "[access]") {
  const auto format = nginx(R"($remote_addr "$request_method $uri$is_args$args" $status)");
  auto with = format.parse(R"(10.0.0.1 "GET /search?q=a?b 1" 200)");
  REQUIRE(with);
  CHECK(with->path() == "/search");
  CHECK(with->get("is_args") == "?");
  CHECK(with->query() == "q=a?b 1");
  auto without = format.parse(R"(10.0.0.1 "GET /index.html" 200)");
  REQUIRE(without);
  CHECK(without->path() == "/index.html");
  CHECK(without->get("is_args") == "");
  CHECK(without->query().empty());
  CHECK_FALSE(format.parse(R"(10.0.0.1 "GET /index.html)"));
}

TEST_CASE("allow_trailing_text reads lines that append fields to the format", "[access]") {
  const std::string line =
      R"(10.0.0.1 - - [17/May/2015:08:05:32 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/7.1" "203.0.113.7" rt=0.012)";
  const auto strict = nginx("combined");
  CHECK_FALSE(strict.parse(line));
  access_options options;
  options.allow_trailing_text = true;
  const auto lenient = nginx("combined", options);
  auto r = lenient.parse(line);
  REQUIRE(r);
  CHECK(r->user_agent() == "curl/7.1");
  CHECK(r->status() == 200);
}

TEST_CASE("parse_into a reused record gives what parse gives, line after line", "[access]") {
  const auto format = nginx(R"($remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time)");
  const std::vector<std::string> lines = {
      R"(10.0.0.1 [10/Oct/2000:13:55:36 -0700] "GET /a?x=1 HTTP/1.1" 200 512 0.120)",
      R"(10.0.0.2 [10/Oct/2000:13:55:59 -0700] "-" 400 0 -)",                        // no request parts, no time
      R"(10.0.0.3 [10/Oct/2000:13:55:60 -0700] "POST /b HTTP/1.0" 201 - 0.001)",     // a leap second
      R"(10.0.0.4 [10/Oct/2000:13:55:61 -0700] "GET /c HTTP/1.1" 200 1 0.1)",        // bad second, same minute
      R"(10.0.0.5 [10/Oct/2000:13:55:0x -0700] "GET /c HTTP/1.1" 200 1 0.1)",        // not digits
      R"(10.0.0.6 [10/Oct/2000:13:55:07 +0200] "GET /d HTTP/1.1" 304 0 0.002)",      // same minute text, other zone
      R"(10.0.0.7 [10/Oct/2000:13:56:07 -0700] "GET /e HTTP/1.1" 500 9 0.5)",
      R"(10.0.0.8 [31/Feb/2000:13:56:08 -0700] "GET /f HTTP/1.1" 200 1 0.1)",        // no such day
  };
  access_record reused;
  for (const std::string& line : lines) {
    INFO(line);
    const auto fresh = format.parse(line);
    const auto why = format.parse_into(line, reused);
    REQUIRE(bool(fresh) == !why);
    if (why) {
      CHECK(why->column == fresh.error().column);
      CHECK(why->message == fresh.error().message);
      continue;
    }
    CHECK(reused.remote_addr() == fresh->remote_addr());
    CHECK(reused.time() == fresh->time());
    CHECK(reused.time() == parse_nginx_time(line.substr(line.find('[') + 1, 26)).value());
    CHECK(reused.request_line_ok() == fresh->request_line_ok());
    CHECK(reused.method() == fresh->method());
    CHECK(reused.path() == fresh->path());
    CHECK(reused.query() == fresh->query());
    CHECK(reused.status() == fresh->status());
    CHECK(reused.bytes() == fresh->bytes());
    CHECK((std::isnan(reused.request_time()) ? std::isnan(fresh->request_time()) : reused.request_time() == fresh->request_time()));
  }
  // The leap second is 13:56:00 -0700; the +0200 line is nine hours before the -0700 ones.
  CHECK(format.parse(lines[2])->time() == format.parse(lines[6])->time() - 7 * ns_per_second);
  CHECK(format.parse(lines[5])->time() == format.parse(lines[0])->time() - 9 * 3600 * ns_per_second - 29 * ns_per_second);
}

TEST_CASE("byte counts: digits or '-', read alike in the middle and at the end of a line", "[access]") {
  const auto combined = nginx("combined");
  const auto common = apache("common");
  const std::string head = R"(10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 )";
  struct count {
    std::string text;
    std::int64_t value;  // -1: not a byte count
  };
  const std::vector<count> counts = {
      {"0", 0}, {"7", 7}, {"00", 0}, {"612", 612}, {"1234567", 1234567}, {"12345678", 12345678}, {"99999999", 99999999},
      {"123456789", 123456789}, {"000000012", 12}, {"999999999999999999", 999999999999999999}, {"-", 0}, {"-0", 0},
      {"-00000000", 0}, {"1234567890123456789", -1}, {"-5", -1}, {"-12345678", -1}, {"+5", -1}, {"--", -1}, {"12a", -1},
      {"1234567a", -1}, {"a1234567", -1}, {"12:45", -1}, {"1/2", -1}, {"" "1", -1}, {"12345ÿ", -1},
  };
  for (const count& c : counts) {
    for (const std::string& line : {head + c.text + R"( "-" "curl/8.0")", head + c.text}) {  // combined, then common: the count ends the line
      INFO(line);
      const auto r = (line.back() == '"' ? combined : common).parse(line);
      REQUIRE(bool(r) == (c.value >= 0));
      if (r) CHECK(r->bytes() == c.value);
      else CHECK(r.error().code == errc::bad_number);
    }
  }
}

TEST_CASE("a time with its zone: the delimiter after it is searched after its space", "[access]") {
  const auto format = nginx("[$time_local] $status");
  auto r = format.parse("[10/Oct/2000:13:55:36 -0700] 200");
  REQUIRE(r);
  CHECK(r->status() == 200);
  // A "] " before any space ends the time (HAProxy's has no zone); a ']' with no space after it does not.
  auto early = format.parse("[10/Oct/2000] 200");
  REQUIRE_FALSE(early);
  CHECK(early.error().code == errc::bad_timestamp);
  CHECK(format.parse("[10/Oct/2000:13:55:36.250] 200")->time() == parse_rfc3339("2000-10-10T13:55:36.25Z").value());
  CHECK(format.parse("[10/Oct]2000:13:55:36 -0700] 200").error().code == errc::bad_timestamp);
  const auto spaced = nginx("$time_local $status");
  CHECK(spaced.parse("10/Oct/2000:13:55:36 -0700 404")->status() == 404);
  CHECK_FALSE(spaced.parse("10/Oct/2000:13:55:36 404"));
}

TEST_CASE("a field ends at its whole delimiter, not at the delimiter's first byte", "[access]") {
  const auto format = nginx("$remote_addr <> $status :: $http_user_agent");
  auto r = format.parse("a<b <> 200 :: x: y :: z");
  REQUIRE(r);
  CHECK(r->remote_addr() == "a<b");
  CHECK(r->status() == 200);
  CHECK(r->user_agent() == "x: y :: z");
  CHECK_FALSE(format.parse("a<b <> 200 :"));
}

namespace {
// parse_into (bit maps of the line, 16, 32 or 64 bytes at a time) against parse_into_portable (memchr).
// True when the line parsed.
bool check_same_parse(const access_format& format, const std::string& line) {
  INFO(format.text() << "\n" << line);
  access_record fast, portable;
  const auto fast_why = format.parse_into(line, fast);
  const auto portable_why = format.parse_into_portable(line, portable);
  REQUIRE(bool(fast_why) == bool(portable_why));
  if (fast_why) {
    CHECK(fast_why->column == portable_why->column);
    CHECK(fast_why->message == portable_why->message);
    return false;
  }
  for (std::size_t i = 0; i < format.size(); ++i) CHECK(fast.field(i) == portable.field(i));
  CHECK(fast.request_line_ok() == portable.request_line_ok());
  CHECK(fast.method() == portable.method());
  CHECK(fast.path() == portable.path());
  CHECK(fast.query() == portable.query());
  CHECK(fast.protocol() == portable.protocol());
  CHECK(fast.time() == portable.time());
  CHECK(fast.status() == portable.status());
  CHECK(fast.bytes() == portable.bytes());
  return true;
}
}  // namespace

TEST_CASE("the vectorised field search finds what memchr finds, at every line length", "[access]") {
  const std::vector<access_format> formats = {
      nginx("combined"), nginx("main"), apache("combined"),
      nginx(R"($remote_addr|$time_local|"$request"|$status|$body_bytes_sent|$request_time)"),
      nginx("$host $uri$is_args$args $status"),
      nginx(R"({"t":"$time_iso8601","ip":"$remote_addr","r":"$request","s":$status,"ua":"$http_user_agent"})"),
      nginx("$remote_addr ; $status , $request_time : $http_user_agent"),  // more delimiter bytes than the map holds
  };
  std::mt19937 random(20251130);
  auto pick = [&](std::string_view from) { return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)]; };
  auto text = [&](std::size_t n, std::string_view alphabet) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += pick(alphabet);
    return s;
  };
  // Well-formed combined lines whose request and user agent grow a byte at a time, so every
  // delimiter crosses the 16-, 32- and 64-byte blocks and the 16- and 1024-byte limits.
  for (std::size_t n = 0; n < 1100; n += 1 + n / 64) {
    const std::string line = "10.0.0." + std::to_string(n % 256) + " - - [10/Oct/2000:13:55:36 -0700] \"GET /" +
                             text(n / 2, "ab/?=& ") + " HTTP/1.1\" 200 " + std::to_string(n) + " \"-\" \"" +
                             text(n - n / 2, "Mozilla (X11; ]") + (n % 3 ? "\\\"\"" : "\"");  // an escaped quote, then the closing one
    CHECK(check_same_parse(formats[0], line));
    for (const auto& f : formats) check_same_parse(f, line);
    for (std::size_t cut = 0; cut < line.size(); cut += 1 + line.size() / 40) check_same_parse(formats[0], line.substr(0, cut));
  }
  // Random text made of the delimiters' bytes, of every length up to past the map's limit.
  for (std::size_t n = 0; n < 1100; ++n) {
    const std::string line = text(n, " \"[]?|;,:{}-/\\aZ09.");
    for (const auto& f : formats) check_same_parse(f, line);
  }
}
