// aiops: tests of the LogHub files: CSV reading and quoting, structured CSV, parameter lists
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <sstream>  // std::istringstream
#include <string>   // std::string

#include <aiops/nlp/loghub.hpp>

#include "datasets.hpp"

TEST_CASE("read_csv reads RFC 4180 and rejects broken quoting with line numbers", "[nlp][loghub]") {
  std::istringstream lenient("a,b\n1,x\"y\n");  // a quote inside an unquoted field is text, as pandas reads it
  CHECK(aiops::nlp::read_csv(lenient).rows[0][1] == "x\"y");
  std::istringstream in("a,b,c\r\n1,\"x, \"\"y\"\"\",\n\n2,\"multi\nline\",z\n");
  const auto t = aiops::nlp::read_csv(in);
  CHECK(t.header == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0] == std::vector<std::string>{"1", "x, \"y\"", ""});
  CHECK(t.rows[1] == std::vector<std::string>{"2", "multi\nline", "z"});
  CHECK(t.column("c") == 2);
  CHECK_THROWS_AS(t.column("d"), aiops::parse_error);
  const auto line_of = [](const std::string& text) {
    std::istringstream bad(text);
    try {
      aiops::nlp::read_csv(bad);
    } catch (const aiops::parse_error& e) {
      return e.line();
    }
    return std::size_t{0};
  };
  CHECK(line_of("a,b\n1,2\n3\n") == 3);
  CHECK(line_of("a,b\n1,\"x\"y\n") == 2);
  CHECK(line_of("a,b\n1,\"open\n") == 2);
}

TEST_CASE("template_parameters and parameter_list", "[nlp][loghub]") {
  using aiops::nlp::template_parameters;
  const auto p = template_parameters("Receiving block <*> src: /<*> dest: /<*>",
                                     "Receiving block blk_-1 src: /10.0.0.1:5 dest:  /10.0.0.2:50010");
  CHECK(p == std::vector<std::string_view>{"blk_-1", "10.0.0.1:5", "10.0.0.2:50010"});
  CHECK(aiops::nlp::parameter_list(p) == "['blk_-1', '10.0.0.1:5', '10.0.0.2:50010']");
  CHECK(aiops::nlp::parameter_list({"it's", "a\\b"}) == "['it\\'s', 'a\\\\b']");
  CHECK(template_parameters("no parameters", "no parameters").empty());
  CHECK(template_parameters("a <*> c", "x y z").empty());  // does not match
  CHECK(template_parameters("<*> at <*>", "x at Thu Jul  7 06:31:38 2005") == std::vector<std::string_view>{"x", "Thu Jul  7 06:31:38 2005"});
}

TEST_CASE("read_structured_csv reads a bundled dataset", "[nlp][loghub]") {
  const auto log = aiops::nlp::read_structured_csv(aiops::testing::dataset("logs/hdfs/HDFS.log_structured.csv"));
  CHECK(log.contents.size() == 10000);
  CHECK(log.event_ids.size() == log.contents.size());
  CHECK(log.templates.size() == log.contents.size());
  CHECK_THROWS_AS(aiops::nlp::read_structured_csv(aiops::testing::dataset("logs/missing.csv")), aiops::error);
  CHECK_THROWS_AS(aiops::nlp::read_structured_csv(aiops::testing::dataset("logs/hdfs/HDFS.log_templates.csv")), aiops::parse_error);
}
