// aiops: tests of the line reader (files, memory, stdin, .gz) and the bulk-parse summary
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>
#include <zlib.h>

#include <aiops/logs.hpp>

using namespace aiops;
using namespace aiops::logs;

namespace {

// A file in the temporary directory, removed at the end of the test.
struct temp_file {
  std::filesystem::path path;
  explicit temp_file(const std::string& name)
      : path(std::filesystem::temp_directory_path() / ("aiops-logs-" + std::to_string(::getpid()) + "-" + name)) {}
  ~temp_file() { std::filesystem::remove(path); }
  void write(const std::string& bytes) const { std::ofstream(path, std::ios::binary) << bytes; }
  // One gzip member per element of `members`, concatenated.
  void write_gzip(const std::vector<std::string>& members) const {
    std::string all;
    for (const std::string& text : members) {
      z_stream z{};
      REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
      std::string out(deflateBound(&z, uLong(text.size())), '\0');
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
      z.avail_in = uInt(text.size());
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = uInt(out.size());
      REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
      out.resize(z.total_out);
      deflateEnd(&z);
      all += out;
    }
    write(all);
  }
  std::string name() const { return path.string(); }
};

std::vector<std::string> read_all(line_reader reader) {
  std::vector<std::string> out;
  while (auto l = reader.next()) out.emplace_back(l->text);
  return out;
}

line_reader from_memory(std::string text, reader_options options = {}) {
  return line_reader(std::make_unique<memory_source>(std::move(text)), options);
}

const std::string good_line = R"(10.0.0.1 - - [17/May/2015:08:05:32 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/7.1")";

}  // namespace

TEST_CASE("line_reader: CRLF, empty lines, last line without newline, BOM", "[reader]") {
  auto reader = from_memory("\xEF\xBB\xBF" "first\r\nsecond\n\nfourth");
  std::vector<std::size_t> numbers;
  std::vector<std::string> texts;
  while (auto l = reader.next()) {
    numbers.push_back(l->number);
    texts.emplace_back(l->text);
    CHECK_FALSE(l->too_long);
  }
  CHECK(numbers == std::vector<std::size_t>{1, 2, 3, 4});
  CHECK(texts == std::vector<std::string>{"first", "second", "", "fourth"});
  CHECK(read_all(from_memory("")).empty());
  CHECK(read_all(from_memory("\n")) == std::vector<std::string>{""});
  CHECK(read_all(from_memory("a\nb\n")) == std::vector<std::string>{"a", "b"});
  CHECK(read_all(from_memory("a\r")) == std::vector<std::string>{"a"});
  CHECK(read_all(from_memory("x\xEF\xBB\xBFy\n\xEF\xBB\xBFz")) == std::vector<std::string>{"x\xEF\xBB\xBFy", "\xEF\xBB\xBFz"});
}

TEST_CASE("line_reader: lines longer than the limit are reported, not stored", "[reader]") {
  auto reader = from_memory("short\n" + std::string(25, 'x') + "\nnext\n" + std::string(11, 'y'), reader_options{10});
  auto a = reader.next();
  CHECK(a->text == "short");
  auto b = reader.next();
  CHECK(b->number == 2);
  CHECK(b->too_long);
  CHECK(b->text == std::string(10, 'x'));
  auto c = reader.next();
  CHECK(c->number == 3);
  CHECK(c->text == "next");
  auto d = reader.next();
  CHECK(d->too_long);
  CHECK(d->number == 4);
  CHECK_FALSE(reader.next());
  // Exactly at the limit is fine, "\r" not counted.
  auto exact = from_memory("0123456789\r\n", reader_options{10});
  auto e = exact.next();
  CHECK_FALSE(e->too_long);
  CHECK(e->text == "0123456789");
}

TEST_CASE("line_reader over a file larger than its buffer, long lines across reads", "[reader]") {
  temp_file file("big.log");
  std::string content;
  const std::string long_line(150'000, 'L');  // longer than the 64 KiB first buffer, under the limit
  for (int i = 0; i < 20'000; ++i) content += "line " + std::to_string(i) + "\n";
  content += long_line + "\n" + std::string(3'000'000, 'H') + "\nafter\n";
  file.write(content);

  auto reader = open_lines(file.name());
  std::size_t count = 0;
  std::optional<line> l;
  while ((l = reader.next()) && count < 20'000) {
    REQUIRE(l->text == "line " + std::to_string(count));
    ++count;
  }
  REQUIRE(l);
  CHECK(l->text == long_line);
  auto huge = reader.next();
  CHECK(huge->too_long);
  CHECK(huge->number == 20'002);
  CHECK(huge->text.size() == reader_options{}.max_line_length);
  CHECK(reader.next()->text == "after");
  CHECK_FALSE(reader.next());
}

TEST_CASE("opening files: missing files and gzip without open_log throw io_error", "[reader]") {
  CHECK_THROWS_AS(open_lines("/nonexistent/aiops/access.log"), io_error);
  CHECK_THROWS_WITH(open_log("/nonexistent/aiops/access.log"), Catch::Contains("cannot open /nonexistent/aiops/access.log"));
  temp_file gz("plain-open.log.gz");
  gz.write_gzip({"a\n"});
  CHECK_THROWS_WITH(open_lines(gz.name()), Catch::Contains("open_log"));
}

TEST_CASE("gzip: round trip, detected by magic bytes, several members", "[reader][gzip]") {
  std::string text;
  for (int i = 0; i < 50'000; ++i) text += good_line + " " + std::to_string(i) + "\n";
  temp_file gz("round-trip.log");  // no .gz suffix: the magic bytes decide
  gz.write_gzip({text, "tail line 1\ntail line 2"});
  auto lines = read_all(open_log(gz.name()));
  REQUIRE(lines.size() == 50'002);
  CHECK(lines[0] == good_line + " 0");
  CHECK(lines[49'999] == good_line + " 49999");
  CHECK(lines[50'001] == "tail line 2");

  temp_file plain("plain.log");
  plain.write("x\ny\n");
  CHECK(read_all(open_log(plain.name())) == std::vector<std::string>{"x", "y"});
  temp_file empty("empty.log");
  empty.write("");
  CHECK(read_all(open_log(empty.name())).empty());
}

TEST_CASE("gzip: trailing zeros ignored, truncated and corrupt data throw", "[reader][gzip]") {
  temp_file gz("padded.log.gz");
  gz.write_gzip({"one\ntwo\n"});
  std::string bytes;
  {
    std::ifstream in(gz.path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  gz.write(bytes + std::string(512, '\0'));
  CHECK(read_all(open_log(gz.name())) == std::vector<std::string>{"one", "two"});

  temp_file cut("cut.log.gz");
  cut.write(bytes.substr(0, bytes.size() - 12));
  CHECK_THROWS_AS(read_all(open_log(cut.name())), io_error);

  temp_file bad("bad.log.gz");
  std::string corrupt = bytes;
  corrupt[12] = char(corrupt[12] ^ 0x55);
  corrupt[13] = char(corrupt[13] ^ 0x55);
  bad.write(corrupt);
  CHECK_THROWS_AS(read_all(open_log(bad.name())), io_error);
}

TEST_CASE("stdin is read with \"-\", gzip too", "[reader][gzip]") {
  temp_file gz("stdin.log.gz");
  gz.write_gzip({"from\nstdin\n"});
  const int saved = ::dup(0);
  std::FILE* in = std::fopen(gz.name().c_str(), "rb");
  REQUIRE(in);
  ::dup2(::fileno(in), 0);
  std::vector<std::string> lines;
  std::string name;
  {
    auto reader = open_log("-");
    name = std::string(reader.name());
    lines = read_all(std::move(reader));
  }
  ::dup2(saved, 0);
  ::close(saved);
  std::fclose(in);
  CHECK(name == "<stdin>");
  CHECK(lines == std::vector<std::string>{"from", "stdin"});
}

TEST_CASE("for_each_record: records, bad lines with numbers, blank lines", "[reader]") {
  temp_file file("mixed.log.gz");
  const std::string bad_status = R"(10.0.0.1 - - [17/May/2015:08:05:32 +0000] "GET / HTTP/1.1" 2x0 612 "-" "curl/7.1")";
  std::string text;
  for (int i = 0; i < 5; ++i) text += good_line + "\n";
  text += bad_status + "\n\n   \n" + good_line.substr(0, 30) + "\n";
  text += std::string(300, 'z') + "\xC3\xA9 tail\n";  // an example is cut before the é, not inside it
  for (int i = 0; i < 12; ++i) text += "garbage " + std::to_string(i) + "\n";
  text += good_line;
  file.write_gzip({text});

  const auto format = access_format::nginx("combined").value();
  std::vector<std::size_t> numbers;
  long bytes = 0;
  auto summary = for_each_record(file.name(), format, [&](const access_record& r, const line& l) {
    bytes += r.bytes();
    numbers.push_back(l.number);
  });
  CHECK(summary.lines == 23);
  CHECK(summary.records == 6);
  CHECK(summary.blank == 2);
  CHECK(summary.bad == 15);
  CHECK(bytes == 6 * 612);
  CHECK(numbers == std::vector<std::size_t>{1, 2, 3, 4, 5, 23});
  REQUIRE(summary.examples.size() == 10);
  CHECK(summary.examples[0].number == 6);
  CHECK(summary.examples[0].why.code == errc::bad_number);
  CHECK(summary.examples[0].why.column == 60);
  CHECK(summary.examples[0].text == bad_status);
  CHECK(summary.examples[1].number == 9);
  CHECK(summary.examples[1].why.code == errc::unexpected_end);
  CHECK(summary.examples[2].text.size() == 200);
  const std::string report = summary.describe();
  CHECK(report.find("6 records from 23 lines, 15 bad, 2 blank") == 0);
  CHECK(report.find("line 6, column 60: bad status \"2x0\"") != std::string::npos);
  CHECK(report.find("... and 5 more") != std::string::npos);

  auto cut = for_each_record(file.name(), format, [](const access_record&) {}, summary_options{2, 301});
  CHECK(cut.examples.size() == 2);
  CHECK(cut.bad == 15);
  auto utf8 = for_each_record(file.name(), format, [](const access_record&) {}, summary_options{3, 301});
  CHECK(utf8.examples[2].text == std::string(300, 'z'));
}

TEST_CASE("for_each_record with every parser, too long lines counted", "[reader]") {
  auto reader = from_memory("{\"a\":1}\n{\"a\":2}\nnot json\n{\"a\":\"" + std::string(100, 'x') + "\"}\n", reader_options{50});
  json_parser json;
  double sum = 0;
  auto summary = for_each_record(reader, json, [&](const kv_record& r) { sum += r.number("a").value_or(0); });
  CHECK(sum == 3);
  CHECK(summary.bad == 2);
  CHECK(summary.examples[1].why.code == errc::too_long);
  CHECK(summary.examples[1].number == 4);

  auto logfmt_reader = from_memory("a=1\nb=\"x\n");
  auto lf = for_each_record(logfmt_reader, logfmt_parser{}, [](const kv_record&) {});
  CHECK(lf.records == 1);
  CHECK(lf.examples[0].number == 2);

  auto syslog_reader = from_memory("Nov 29 02:38:36 bastion sshd[1]: x\nnot syslog\n");
  auto sl = for_each_record(syslog_reader, syslog_parser{2026}, [](const syslog_record& r) { CHECK(r.app == "sshd"); });
  CHECK(sl.records == 1);
  CHECK(sl.bad == 1);
}
