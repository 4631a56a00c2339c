// aiops: tests of the exposition parser: text 0.0.4 and OpenMetrics 1.0, valid pages and every kind of error
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>   // std::isnan, std::isinf
#include <string>  // std::string

#include <aiops/prom.hpp>

namespace prom = aiops::prom;

namespace {
// The reason of the first error, or "" when the page parsed cleanly.
std::string first_error(std::string_view text, prom::format f = prom::format::text) {
  const auto r = prom::parse(text, f);
  return r.ok() ? "" : "line " + std::to_string(r.errors[0].line) + ": " + r.errors[0].reason;
}
}  // namespace

TEST_CASE("text format: help, type, labels with escapes, special values, timestamps") {
  const auto r = prom::parse(
      "# HELP http_requests_total The total number of HTTP requests.\n"
      "# TYPE http_requests_total counter\n"
      "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
      "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"
      "\n"
      "# Escaping in label values:\n"
      "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
      "metric_without_timestamp_and_labels 12.47\n"
      "something_weird{problem=\"division by zero\"} +Inf -3982045\n"
      "  minus_inf -Inf\n"
      "not_a_number NaN\n"
      "# HELP escaped_help A \\\\ backslash and a\\nnewline\n"
      "# TYPE escaped_help gauge\n"
      "escaped_help{a=\"b\",} .5e1\n");
  INFO(first_error(""));
  REQUIRE(r.ok());
  REQUIRE(r.families.size() == 7);
  const auto* req = r.find("http_requests_total");
  REQUIRE(req != nullptr);
  CHECK(req->type == prom::metric_type::counter);
  CHECK(req->help == "The total number of HTTP requests.");
  REQUIRE(req->samples.size() == 2);
  CHECK(req->samples[1].value == 3);
  CHECK(req->samples[1].timestamp_ms == 1395066363000);
  CHECK(prom::find_label(req->samples[0].labels, "code") == "200");
  const auto& msdos = r.find("msdos_file_access_time_seconds")->samples[0];
  CHECK(msdos.labels[0].value == "C:\\DIR\\FILE.TXT");
  CHECK(msdos.labels[1].value == "Cannot find file:\n\"FILE.TXT\"");
  CHECK(r.find("msdos_file_access_time_seconds")->type == prom::metric_type::untyped);
  const auto& weird = r.find("something_weird")->samples[0];
  CHECK(std::isinf(weird.value));
  CHECK(weird.timestamp_ms == -3982045);
  CHECK(std::isinf(r.find("minus_inf")->samples[0].value));
  CHECK(std::isnan(r.find("not_a_number")->samples[0].value));
  CHECK(r.find("escaped_help")->help == "A \\ backslash and a\nnewline");
  CHECK(r.find("escaped_help")->samples[0].value == 5);
}

TEST_CASE("text format: histograms and summaries keep their suffixed samples together") {
  const auto r = prom::parse(
      "# HELP http_request_duration_seconds A histogram of the request duration.\n"
      "# TYPE http_request_duration_seconds histogram\n"
      "http_request_duration_seconds_bucket{le=\"0.05\"} 24054\n"
      "http_request_duration_seconds_bucket{le=\"0.1\"} 33444\n"
      "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320\n"
      "http_request_duration_seconds_sum 53423\n"
      "http_request_duration_seconds_count 144320\n"
      "# TYPE rpc_duration_seconds summary\n"
      "rpc_duration_seconds{quantile=\"0.01\"} 3102\n"
      "rpc_duration_seconds{quantile=\"0.99\"} 76656\n"
      "rpc_duration_seconds_sum 1.7560473e+07\n"
      "rpc_duration_seconds_count 2693\n");
  REQUIRE(r.ok());
  REQUIRE(r.families.size() == 2);
  CHECK(r.families[0].samples.size() == 5);
  CHECK(r.families[0].type == prom::metric_type::histogram);
  CHECK(r.families[1].samples.size() == 4);
  CHECK(r.families[1].samples[3].name == "rpc_duration_seconds_count");
}

TEST_CASE("text format: a family split across the page is merged, as Go's parser does") {
  const auto r = prom::parse("# TYPE a gauge\na{x=\"1\"} 1\nb 2\na{x=\"2\"} 3\n");
  REQUIRE(r.ok());
  REQUIRE(r.families.size() == 2);
  CHECK(r.find("a")->samples.size() == 2);
  CHECK(r.find("a")->type == prom::metric_type::gauge);
}

TEST_CASE("text format: malformed lines give their line and reason, and parsing goes on") {
  CHECK(first_error("a 1\nb{x=\"1\" 2\n") == "line 2: expected ',' or '}' after the value of label 'x'");
  CHECK(first_error("a{x=\"1\"} one\n") == "line 1: invalid value 'one'");
  CHECK(first_error("a 1 12.5\n") == "line 1: invalid timestamp '12.5'");
  CHECK(first_error("a 1 12 extra\n") == "line 1: unexpected text after the timestamp");
  CHECK(first_error("a 1 \n") == "line 1: blank after the value but no timestamp");
  CHECK(first_error("a 1 2 \n") == "line 1: unexpected text after the timestamp");
  CHECK(first_error("a{x=\"\\t\"} 1\n") == "line 1: invalid escape sequence in the value of label 'x'");
  CHECK(first_error("a{x=\"1\",x=\"2\"} 1\n") == "line 1: duplicate label 'x'");
  CHECK(first_error("a{__name__=\"b\"} 1\n") == "line 1: label name '__name__' is reserved");
  CHECK(first_error("a{x=\"\xff\"} 1\n") == "line 1: value of label 'x' is not valid UTF-8");
  CHECK(first_error("a{x=\"open} 1\n") == "line 1: unterminated value of label 'x'");
  CHECK(first_error("a\n") == "line 1: missing value");
  CHECK(first_error("1a 2\n") == "line 1: expected a metric name");
  CHECK(first_error("a-b 2\n") == "line 1: invalid character in metric name");
  CHECK(first_error("# TYPE a counter\n# TYPE a gauge\n") == "line 2: second TYPE line for 'a', or TYPE after its samples");
  CHECK(first_error("a 1\n# TYPE a counter\n") == "line 2: second TYPE line for 'a', or TYPE after its samples");
  CHECK(first_error("# HELP a x\n# HELP a y\n") == "line 2: second HELP line for 'a'");
  CHECK(first_error("# TYPE a bogus\n") == "line 1: unknown metric type 'bogus'");
  CHECK(first_error("# TYPE h histogram\nh_bucket{le=\"x\"} 1\n") == "line 2: label 'le' of 'h_bucket' is not a number: 'x'");
  CHECK(first_error("# TYPE s summary\ns{quantile=\"high\"} 1\n") ==
        "line 2: label 'quantile' of 's' is not a number: 'high'");
  CHECK(first_error("a 1 # {trace_id=\"1\"} 2\n") == "line 1: invalid timestamp '#'");
  CHECK(first_error("# HELP 9x bad\n") == "line 1: invalid metric name '9x' in HELP line");

  const auto r = prom::parse("good 1\nbad{\nalso_good 2\nbad 1 2 3\n");
  CHECK(r.error_count == 2);
  CHECK(r.errors[0].line == 2);
  CHECK(r.errors[1].line == 4);
  CHECK(r.families.size() == 2);
}

TEST_CASE("text format: what Go's parser accepts is accepted too (case, blanks, comments, no final newline)") {
  const auto r = prom::parse("# a free comment\n#\n  # TYPE x GAUGE\n\tx { a = \"1\" , } 1e3 +5\ny 1");
  INFO(first_error("# a free comment\n#\n  # TYPE x GAUGE\n\tx { a = \"1\" , } 1e3 +5\ny 1"));
  REQUIRE(r.ok());
  CHECK(r.find("x")->type == prom::metric_type::gauge);
  CHECK(r.find("x")->samples[0].value == 1000);
  CHECK(r.find("x")->samples[0].timestamp_ms == 5);
  CHECK(r.find("y")->samples[0].value == 1);
}

TEST_CASE("streaming: any split into chunks gives the same result") {
  const std::string page =
      "# HELP a_total help with \\\\ escape\n# TYPE a_total counter\na_total{x=\"a\\\"b\"} 1 2\n# TYPE h histogram\n"
      "h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\nlast 7";
  struct handler {
    std::string seen;  // every event, in order
    void on_family(const prom::family_view& f) { seen += "family " + std::string(f.name) + "\n"; }
    void on_sample(const prom::family_view&, const prom::sample_view& s) {
      seen += std::string(s.name);
      for (const auto& l : s.labels) seen += " " + std::string(l.name) + "=" + std::string(l.value);
      seen += " " + prom::format_value(s.value) + "\n";
    }
    void on_error(const prom::parse_issue& e) { seen += "error " + e.reason + "\n"; }
  };
  const auto run = [&page](std::size_t chunk) {
    handler h;
    prom::parser p;
    for (std::size_t i = 0; i < page.size(); i += chunk) p.feed(std::string_view(page).substr(i, chunk), h);
    p.finish(h);
    return h.seen;
  };
  const std::string whole = run(page.size());
  CHECK(whole ==
        "family a_total\na_total x=a\"b 1\nfamily h\nh_bucket le=1 1\nh_bucket le=+Inf 2\nh_sum 3\nh_count 2\n"
        "family last\nlast 7\n");
  for (std::size_t chunk = 1; chunk < page.size(); ++chunk) CHECK(run(chunk) == whole);
}

TEST_CASE("OpenMetrics: counters, units, exemplars, info, stateset, timestamps in seconds, # EOF") {
  const auto r = prom::parse(
      "# TYPE acme_http_router_request_seconds summary\n"
      "# UNIT acme_http_router_request_seconds seconds\n"
      "# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.\n"
      "acme_http_router_request_seconds_sum{path=\"/api/v1\",method=\"GET\"} 9036.32\n"
      "acme_http_router_request_seconds_count{path=\"/api/v1\",method=\"GET\"} 807283.0\n"
      "acme_http_router_request_seconds_created{path=\"/api/v1\",method=\"GET\"} 1605281325.0\n"
      "# TYPE foo counter\n"
      "foo_total 17.0 1520879607.789 # {trace_id=\"KOO5S4vxi0o\"} 0.67\n"
      "foo_created 1520430000.123\n"
      "# TYPE hist histogram\n"
      "hist_bucket{le=\"0.01\"} 0\n"
      "hist_bucket{le=\"+Inf\"} 17 # {trace_id=\"oHg5SJYRHA0\"} 9.8 1520879607.789\n"
      "hist_count 17\n"
      "hist_sum 324789.3\n"
      "# TYPE build info\n"
      "build_info{version=\"1.2\"} 1\n"
      "# TYPE state stateset\n"
      "state{state=\"a\"} 1\n"
      "# EOF\n",
      prom::format::openmetrics);
  INFO((r.ok() ? "" : r.errors[0].reason));
  REQUIRE(r.ok());
  const auto* acme = r.find("acme_http_router_request_seconds");
  REQUIRE(acme != nullptr);
  CHECK(acme->unit == "seconds");
  CHECK(acme->samples.size() == 3);
  const auto* foo = r.find("foo");
  REQUIRE(foo != nullptr);
  CHECK(foo->type == prom::metric_type::counter);
  REQUIRE(foo->samples[0].exemplar);
  CHECK(foo->samples[0].exemplar->labels[0].value == "KOO5S4vxi0o");
  CHECK(foo->samples[0].timestamp_ms == 1520879607789);
  CHECK(r.find("hist")->samples[1].exemplar->timestamp == Approx(1520879607.789));
  CHECK(r.find("build")->type == prom::metric_type::info);
}

TEST_CASE("OpenMetrics: structure errors") {
  const auto om = prom::format::openmetrics;
  CHECK(first_error("a 1\n", om) == "line 2: missing '# EOF' at the end");
  CHECK(first_error("a 1\n# EOF\nb 2\n", om) == "line 3: text after '# EOF'");
  CHECK(first_error("a 1\n\n# EOF\n", om) == "line 2: empty line (not allowed in OpenMetrics)");
  CHECK(first_error("# a comment\n# EOF\n", om) ==
        "line 1: a comment other than '# HELP', '# TYPE', '# UNIT' or '# EOF'");
  CHECK(first_error("# TYPE c counter\nc 1\n# EOF\n", om) == "line 2: a counter sample needs a suffix: 'c'");
  CHECK(first_error("# TYPE c counter\nc_total -1\n# EOF\n", om) == "line 2: a counter's value must be a non-negative number");
  CHECK(first_error("# TYPE g gauge\ng 1 # {a=\"b\"} 1\n# EOF\n", om) ==
        "line 2: exemplars belong to counters' _total and histograms' _bucket samples");
  CHECK(first_error("# TYPE h histogram\nh_bucket 1\n# EOF\n", om) == "line 2: sample 'h_bucket' lacks its 'le' label");
  CHECK(first_error("a 1\nb 1\na 2\n# EOF\n", om) == "line 3: samples of family 'a' are not together");
  CHECK(first_error("# TYPE x_seconds gauge\n# UNIT x_seconds bytes\n# EOF\n", om) ==
        "line 2: the family name 'x_seconds' does not end with its unit '_bytes'");
  CHECK(first_error("# TYPE a Gauge\n# EOF\n", om) == "line 1: unknown metric type 'Gauge'");
}

TEST_CASE("values: Go's ParseFloat rules") {
  using prom::detail::parse_float;
  CHECK(parse_float("+1.5") == 1.5);
  CHECK_FALSE(parse_float("0x10"));
  CHECK_FALSE(parse_float("1_000"));
  CHECK_FALSE(parse_float("+NaN"));
  CHECK(std::isinf(*parse_float("inf")));
  CHECK(std::isinf(*parse_float("-Infinity")));
  CHECK(std::isnan(*parse_float("nan")));
  CHECK_FALSE(parse_float("1e999"));
  CHECK(parse_float("1e-999") == 0.0);
  CHECK_FALSE(parse_float("1.5x"));
  CHECK_FALSE(parse_float("--1"));
  CHECK_FALSE(parse_float(""));
  CHECK_FALSE(parse_float("+-1"));
}
