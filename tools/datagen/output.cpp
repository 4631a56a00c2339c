// aiops: datagen's output helpers
// SPDX-License-Identifier: MIT
#include "output.hpp"

#include <algorithm>  // std::sort, std::min
#include <cstdio>     // std::snprintf
#include <fstream>    // std::ofstream
#include <stdexcept>  // std::runtime_error, std::invalid_argument

namespace datagen {

namespace {
constexpr const char* month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
}

void write_file(const std::filesystem::path& dir, std::string_view relative, const std::string& content) {
  const std::filesystem::path path = dir / std::filesystem::path(relative);
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string nginx_time(timestamp_ns t) {
  const aiops::civil_time c = aiops::to_civil(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02d/%s/%04d:%02d:%02d:%02d +0000", c.day, month_names[c.month - 1], c.year,
                c.hour, c.minute, c.second);
  return buf;
}

std::string syslog_time(timestamp_ns t) {
  const aiops::civil_time c = aiops::to_civil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s %2d %02d:%02d:%02d", month_names[c.month - 1], c.day, c.hour, c.minute,
                c.second);
  return buf;
}

std::string rfc3339(timestamp_ns t, int digits, int offset_minutes) {
  std::string s = aiops::format_rfc3339(t + offset_minutes * aiops::ns_per_minute, digits);
  if (offset_minutes == 0) return s;
  s.pop_back();  // the 'Z'
  const int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
  return s + buf;
}

std::string seconds_from_ms(std::int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000), static_cast<long long>(ms % 1000));
  return buf;
}

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

std::string query_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent) {
  if (sorted.empty()) throw std::invalid_argument("nearest_rank: no values");
  const std::size_t n = sorted.size();
  const std::size_t rank = (static_cast<std::size_t>(percent) * n + 99) / 100;  // ceil(p * n / 100)
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

std::vector<std::pair<std::string, std::int64_t>> top_k(const std::map<std::string, std::int64_t>& counts,
                                                         std::size_t k) {
  std::vector<std::pair<std::string, std::int64_t>> v(counts.begin(), counts.end());
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  v.resize(std::min(k, v.size()));
  return v;
}

json_line& json_line::key(std::string_view key) {
  if (out_.size() > 1) out_ += ',';
  out_ += json_quote(key);
  out_ += ':';
  return *this;
}

json_line& json_line::str(std::string_view k, std::string_view value) {
  key(k).out_ += json_quote(value);
  return *this;
}

json_line& json_line::num(std::string_view k, std::int64_t value) {
  key(k).out_ += std::to_string(value);
  return *this;
}

json_line& json_line::null(std::string_view k) {
  key(k).out_ += "null";
  return *this;
}

json_line& json_line::raw(std::string_view k, std::string_view json) {
  key(k).out_ += json;
  return *this;
}

void json_writer::newline() {
  out_ += '\n';
  out_.append(2 * stack_.size(), ' ');
}

void json_writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  level& l = stack_.back();
  if (!l.empty) out_ += l.inline_items ? ", " : ",";
  if (!l.inline_items) newline();
  l.empty = false;
}

json_writer& json_writer::begin_object() {
  before_value();
  out_ += '{';
  stack_.push_back({false, false});
  return *this;
}

json_writer& json_writer::end_object() {
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline();
  out_ += '}';
  return *this;
}

json_writer& json_writer::begin_array(bool inline_items) {
  before_value();
  out_ += '[';
  stack_.push_back({true, inline_items});
  return *this;
}

json_writer& json_writer::end_array() {
  const level l = stack_.back();
  stack_.pop_back();
  if (!l.empty && !l.inline_items) newline();
  out_ += ']';
  return *this;
}

json_writer& json_writer::key(std::string_view k) {
  before_value();
  out_ += json_quote(k);
  out_ += ": ";
  after_key_ = true;
  return *this;
}

json_writer& json_writer::value(std::string_view s) {
  before_value();
  out_ += json_quote(s);
  return *this;
}

json_writer& json_writer::value(std::int64_t n) { return number(std::to_string(n)); }

json_writer& json_writer::number(std::string_view formatted) {
  before_value();
  out_ += formatted;
  return *this;
}

json_writer& json_writer::counts(const std::vector<std::pair<std::string, std::int64_t>>& items) {
  begin_object();
  for (const auto& [k, n] : items) key(k).value(n);
  return end_object();
}

json_writer& json_writer::counts(const std::map<std::string, std::int64_t>& items) {
  return counts(std::vector<std::pair<std::string, std::int64_t>>(items.begin(), items.end()));
}

json_writer& json_writer::series(const std::vector<std::int64_t>& items) {
  begin_array(true);
  for (std::int64_t n : items) value(n);
  return end_array();
}

}  // namespace datagen
