// aiops: fuzz target: compile the first line as an nginx and an Apache format and a W3C #Fields:
// directive, parse the other lines with them and with the combined presets, vectorised and portable
// alike, and all lines with a w3c_parser, which follows the #Fields: lines among them
// SPDX-License-Identifier: MIT
#include <cmath>    // std::isnan
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t
#include <string>   // std::string

#include <aiops/logs/access.hpp>

#include "fuzz_support.hpp"

namespace {

void exercise(const aiops::logs::access_format& format, std::string_view line) {
  using aiops::fuzz::check;
  using aiops::fuzz::inside;
  auto r = format.parse(line);
  aiops::logs::access_record portable;  // memchr alone: the vectorised search must find the same
  const auto portable_why = format.parse_into_portable(line, portable);
  check(bool(r) == !portable_why, "the vectorised and the portable search disagree on a line");
  if (r) {
    for (std::size_t i = 0; i < r->size(); ++i) check(r->field(i) == portable.field(i), "the two searches cut a field differently");
    check(r->path() == portable.path() && r->query() == portable.query(), "the two searches split the request differently");
  } else {
    check(r.error().column == portable_why->column, "the two searches fail at different columns");
  }
  if (!r) {
    check(r.error().column >= 1 && r.error().column <= line.size() + 1, "failure column outside the line");
    check(!r.error().message.empty(), "failure without a reason");
    return;
  }
  check(r->size() == format.size(), "record and format disagree on the number of fields");
  for (std::size_t i = 0; i < r->size(); ++i) {
    check(inside(r->field(i), line), "field outside the line");
    check(r->get(format.name(i)).has_value(), "field not found by its name");
  }
  for (std::string_view part : {r->remote_addr(), r->remote_user(), r->request(), r->method(), r->path(), r->query(),
                                r->protocol(), r->referer(), r->user_agent()})
    check(inside(part, line), "typed accessor outside the line");
  check(r->status() == 0 || (r->status() >= 100 && r->status() <= 999), "status out of range");
  check(std::isnan(r->request_time()) || r->request_time() >= 0, "negative request time");
  (void)r->upstream_time();
  (void)r->time();
  (void)aiops::logs::unescape(r->user_agent());
}

// A W3C log's lines, the first included, read as their #Fields: directives say.
void follow(aiops::logs::w3c_parser& w3c, std::string_view line) {
  using aiops::fuzz::check;
  auto r = w3c.parse(line);
  if (!r) {
    check(r.error().column >= 1 && r.error().column <= line.size() + 1, "w3c_parser: failure column outside the line");
    return;
  }
  check(w3c.format() != nullptr && r->size() == w3c.format()->size(), "w3c_parser: a record without its format");
  for (std::size_t i = 0; i < r->size(); ++i) check(aiops::fuzz::inside(r->field(i), line), "w3c_parser: field outside the line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = aiops::fuzz::text(data, size);
  const std::size_t first_newline = input.find('\n');
  const std::string_view spec = input.substr(0, first_newline);
  const std::string_view rest = first_newline == std::string_view::npos ? std::string_view() : input.substr(first_newline + 1);

  static const auto nginx_combined = aiops::logs::access_format::nginx("combined").value();
  static const auto apache_combined = aiops::logs::access_format::apache("combined").value();
  static const auto strict_main = aiops::logs::access_format::nginx("main", {true}).value();
  static const auto squid = aiops::logs::access_format::nginx(aiops::logs::squid_format, {.allow_trailing_text = true, .pad_spaces = true}).value();
  static const auto haproxy = aiops::logs::access_format::nginx(aiops::logs::haproxy_http_format).value();
  auto nginx = aiops::logs::access_format::nginx(spec);
  auto apache = aiops::logs::access_format::apache(spec);
  auto w3c = aiops::logs::access_format::w3c(spec);
  for (auto compiled : {&nginx, &apache, &w3c})
    if (!*compiled) aiops::fuzz::check(compiled->error().column <= spec.size() + 1, "compile failure column outside the format");

  aiops::logs::w3c_parser w3c_log;
  follow(w3c_log, spec);
  std::size_t start = 0;
  while (start <= rest.size()) {
    std::size_t end = rest.find('\n', start);
    if (end == std::string_view::npos) end = rest.size();
    const std::string_view line = rest.substr(start, end - start);
    if (nginx) exercise(*nginx, line);
    if (apache) exercise(*apache, line);
    if (w3c) exercise(*w3c, line);
    exercise(nginx_combined, line);
    exercise(apache_combined, line);
    exercise(strict_main, line);
    exercise(squid, line);
    exercise(haproxy, line);
    follow(w3c_log, line);
    start = end + 1;
  }
  return 0;
}
