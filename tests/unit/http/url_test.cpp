// aiops: tests of URL parsing, percent-encoding and query strings
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/http/url.hpp>

namespace http = aiops::http;

TEST_CASE("percent_encode keeps only unreserved bytes", "[http][url]") {
  CHECK(http::percent_encode("AZaz09-._~") == "AZaz09-._~");
  CHECK(http::percent_encode("a b+c&d=e/f?g#h%") == "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25");
  CHECK(http::percent_encode("sum(rate(x[5m]))") == "sum%28rate%28x%5B5m%5D%29%29");
  CHECK(http::percent_encode("\xc3\xbc") == "%C3%BC");  // UTF-8 u-umlaut
  CHECK(http::percent_encode(std::string("\0\n", 2)) == "%00%0A");
  CHECK(http::percent_encode("").empty());
}

TEST_CASE("percent_decode inverts percent_encode and reports bad escapes", "[http][url]") {
  const std::string tricky = "a b+c&d=%/\xc3\xbc\x01";
  CHECK(http::percent_decode(http::percent_encode(tricky)).value() == tricky);
  CHECK(http::percent_decode("a+b").value() == "a+b");
  CHECK(http::percent_decode("a+b", true).value() == "a b");
  CHECK(http::percent_decode("%41%6a").value() == "Aj");

  const auto bad = http::percent_decode("ab%4");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == aiops::errc::syntax);
  CHECK(bad.error().column == 3);
  CHECK_FALSE(http::percent_decode("%zz"));
  CHECK_FALSE(http::percent_decode("%"));
}

TEST_CASE("encode_query keeps order and repeated names", "[http][url]") {
  CHECK(http::encode_query({}).empty());
  CHECK(http::encode_query({{"match[]", "up"}, {"match[]", "node_load1"}, {"q", "a b"}}) ==
        "match%5B%5D=up&match%5B%5D=node_load1&q=a%20b");
  CHECK(http::encode_query({{"empty", ""}}) == "empty=");
}

TEST_CASE("escape_target escapes only what may never appear raw", "[http][url]") {
  CHECK(http::escape_target("/api/v1/query?query=sum by (job) (up)") == "/api/v1/query?query=sum%20by%20(job)%20(up)");
  CHECK(http::escape_target("/a%20b?x=1&y=[2]") == "/a%20b?x=1&y=[2]");
  CHECK(http::escape_target("/\"{|}\"\x7f") == "/%22%7B%7C%7D%22%7F");
}

TEST_CASE("parse_url splits absolute http and https URLs", "[http][url]") {
  auto u = http::parse_url("http://127.0.0.1:19090/api/v1/query?query=up#frag");
  REQUIRE(u);
  CHECK(u->scheme == "http");
  CHECK(u->host == "127.0.0.1");
  CHECK(u->port == 19090);
  CHECK(u->path == "/api/v1/query");
  CHECK(u->query == "query=up");
  CHECK(u->target() == "/api/v1/query?query=up");
  CHECK(u->origin() == "http://127.0.0.1:19090");

  u = http::parse_url("HTTPS://admin:s%3Acret@search.example.org");
  REQUIRE(u);
  CHECK(u->scheme == "https");
  CHECK(u->user == "admin");
  CHECK(u->password == "s:cret");
  CHECK(u->port == 443);
  CHECK(u->path.empty());
  CHECK(u->target() == "/");
  CHECK(u->origin() == "https://search.example.org");

  u = http::parse_url("http://[::1]:8080/x y");
  REQUIRE(u);
  CHECK(u->host == "::1");
  CHECK(u->port == 8080);
  CHECK(u->path == "/x%20y");
  CHECK(u->origin() == "http://[::1]:8080");

  u = http::parse_url("http://user@host:80?a=1");
  REQUIRE(u);
  CHECK(u->user == "user");
  CHECK(u->password.empty());
  CHECK(u->origin() == "http://host");
  CHECK(u->target() == "/?a=1");
}

TEST_CASE("parse_url rejects what it cannot call", "[http][url]") {
  for (const char* bad : {"127.0.0.1:9090", "ftp://host/", "http://", "http://:80/", "http://host:0",
                          "http://host:65536", "http://host:x1", "http://[::1/", "http://[::1]x/",
                          "http://us%zz@host/", ""}) {
    INFO(bad);
    const auto u = http::parse_url(bad);
    REQUIRE_FALSE(u);
    CHECK(u.error().code == aiops::errc::syntax);
    CHECK(u.error().column >= 1);
  }
}
