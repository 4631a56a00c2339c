// aiops: CSV records (RFC 4180) scanned and written back
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <aiops/core.hpp>

namespace {

struct scanned {
  std::vector<std::vector<std::string>> records;
  std::vector<std::size_t> lines;
  std::vector<std::string> errors;
};

scanned scan(std::string_view text, char delimiter = ',') {
  aiops::csv_scanner s(text, delimiter);
  aiops::csv_scanner::record r;
  scanned out;
  while (s.next(r)) {
    out.records.emplace_back(r.fields.begin(), r.fields.end());
    out.lines.push_back(r.line);
    out.errors.push_back(r.error);
  }
  return out;
}

}  // namespace

TEST_CASE("csv_scanner reads quoted fields, doubled quotes, line breaks in quotes, CRLF and a BOM", "[core][csv]") {
  const scanned s = scan("\xEF\xBB\xBF\"Time\",\"Value\"\r\n\"2024-06-01T00:00:00Z\",\"1,5\"\r\n\nx,\"say \"\"hi\"\"\"\n\"two\nlines\",\n");
  REQUIRE(s.records.size() == 4);
  CHECK(s.records[0] == std::vector<std::string>{"Time", "Value"});
  CHECK(s.records[1] == std::vector<std::string>{"2024-06-01T00:00:00Z", "1,5"});
  CHECK(s.records[2] == std::vector<std::string>{"x", "say \"hi\""});
  CHECK(s.records[3] == std::vector<std::string>{"two\nlines", ""});
  CHECK(s.lines == std::vector<std::size_t>{1, 2, 4, 5});  // where each record starts; line 3 is blank
  CHECK(scan("a;b\n1;\"2;3\"\n", ';').records[1] == std::vector<std::string>{"1", "2;3"});
  const scanned bad = scan("a,b\n\"open,1\n");
  REQUIRE(bad.records.size() == 2);
  CHECK(bad.errors[1].find("unterminated quoted field opened on line 2") != std::string::npos);
}

TEST_CASE("append_csv_field quotes only when needed, and reads back", "[core][csv]") {
  std::string row;
  const std::vector<std::string> fields = {"plain", "a,b", "say \"hi\"", "two\nlines", ""};
  for (const std::string& f : fields) {
    if (!row.empty()) row += ',';
    aiops::append_csv_field(row, f);
  }
  CHECK(row == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",");
  CHECK(scan(row + "\n").records.at(0) == fields);
  std::string forced;
  aiops::append_csv_field(forced, "", ';', true);
  aiops::append_csv_field(forced, "a;b", ';');
  CHECK(forced == "\"\"\"a;b\"");
}
