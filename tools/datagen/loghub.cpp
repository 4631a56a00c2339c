// aiops: datasets/logs: the engine shared by the six LogHub-style systems (sampling, rendering, CSV)
// SPDX-License-Identifier: MIT
#include "loghub.hpp"

#include <cstdio>     // std::snprintf
#include <stdexcept>  // std::logic_error

#include "dataset.hpp"

namespace datagen {

namespace loghub {

namespace {

// RFC 4180 quoting, as pandas' to_csv writes the LogHub files: only fields that need it.
std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The raw line: the format's literal text (with `\x` escapes undone) and its fields filled in.
std::string render(const system_spec& spec, const record& rec) {
  std::string line;
  std::size_t column = 0;
  const std::string_view f = spec.format;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '\\' && i + 1 < f.size()) {
      line += f[++i];
    } else if (f[i] == '<') {
      const std::size_t close = f.find('>', i);
      const std::string_view name = f.substr(i + 1, close - i - 1);
      i = close;
      if (name == "Content") {
        line += rec.content;
        continue;
      }
      if (column >= spec.columns.size() || spec.columns[column].name != name)
        throw std::logic_error("loghub: format and columns disagree at <" + std::string(name) + ">");
      const std::string& value = rec.header[column];
      const int width = spec.columns[column++].width;
      if (width > static_cast<int>(value.size())) line.append(static_cast<std::size_t>(width) - value.size(), ' ');
      line += value;
    } else {
      line += f[i];
    }
  }
  return line;
}

}  // namespace

std::string expand(std::string_view text, const std::function<std::string(std::string_view)>& param) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out += c;
      ++i;
    } else if (c == '{') {
      const std::size_t close = text.find('}', i);
      out += param(text.substr(i + 1, close - i - 1));
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

std::string truth_template(std::string_view text) {
  return expand(text, [](std::string_view) { return std::string("<*>"); });
}

std::size_t event_index(const std::vector<event_type>& events, std::string_view id) {
  for (std::size_t e = 0; e < events.size(); ++e)
    if (events[e].id == id) return e;
  throw std::logic_error("loghub: no event " + std::string(id));
}

record make_record(const std::vector<event_type>& events, std::size_t e,
                   const std::function<std::string(std::string_view)>& param) {
  record rec;
  rec.event = e;
  rec.content = expand(events[e].text, [&](std::string_view name) {
    return name.starts_with('=') ? std::string(name.substr(1)) : param(name);
  });
  return rec;
}

std::vector<record> sample(rng& r, const std::vector<event_type>& events, std::size_t n, const param_fn& param,
                           const header_fn& header) {
  constexpr std::size_t unset = static_cast<std::size_t>(-1);
  std::vector<std::size_t> chosen(n, unset);
  std::vector<double> weights;
  for (std::size_t e = 0; e < events.size(); ++e) {
    weights.push_back(events[e].exact > 0 ? 0.0 : events[e].weight);
    for (int k = 0; k < events[e].exact; ++k) {
      std::size_t at = r.below(n);
      while (chosen[at] != unset) at = r.below(n);
      chosen[at] = e;
    }
  }
  const discrete pick(weights);
  std::vector<record> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t e = chosen[i] != unset ? chosen[i] : pick(r);
    std::vector<std::string> fields = header(i, events[e]);
    record rec = make_record(events, e, [&](std::string_view name) { return param(name, events[e]); });
    rec.header = std::move(fields);
    out.push_back(std::move(rec));
  }
  return out;
}

void write_system(const std::filesystem::path& out, const system_spec& spec, const std::vector<event_type>& events,
                  const std::vector<record>& records) {
  std::string raw, structured = "LineId";
  for (const column& c : spec.columns) structured += concat({",", c.name});
  structured += ",Content,EventId,EventTemplate\n";
  // Rows may share an EventId (one message logged by several programs): they must agree on the template.
  std::vector<std::size_t> occurrences(events.size(), 0), first(events.size());
  std::vector<std::string> templates;
  for (std::size_t e = 0; e < events.size(); ++e) {
    templates.push_back(truth_template(events[e].text));
    first[e] = event_index(events, events[e].id);
    if (templates[e] != templates[first[e]])
      throw std::logic_error("loghub: rows of " + std::string(events[e].id) + " have different templates");
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    const record& rec = records[i];
    raw += render(spec, rec) + "\n";
    structured += std::to_string(i + 1);
    for (const std::string& value : rec.header) structured += "," + csv_field(value);
    structured += concat({",", csv_field(rec.content), ",", events[rec.event].id, ",",
                          csv_field(templates[rec.event]), "\n"});
    ++occurrences[first[rec.event]];
  }
  std::string table = "EventId,EventTemplate,Occurrences\n";
  for (std::size_t e = 0; e < events.size(); ++e)
    if (occurrences[e] > 0)
      table += concat({events[e].id, ",", csv_field(templates[e]), ",", std::to_string(occurrences[e]), "\n"});
  const std::string dir = concat({"logs/", spec.dir, "/"});
  write_file(out, dir + std::string(spec.file), raw);
  write_file(out, concat({dir, spec.file, "_structured.csv"}), structured);
  write_file(out, concat({dir, spec.file, "_templates.csv"}), table);
}

std::string datacenter_ipv4(rng& r, int second_octet) {
  const auto c = r.between(0, 255);
  const auto d = r.between(1, 254);
  char buf[20];
  std::snprintf(buf, sizeof buf, "10.%d.%d.%d", second_octet, static_cast<int>(c), static_cast<int>(d));
  return buf;
}

std::string_view popular(rng& r, const std::vector<std::string_view>& values) {
  const discrete pick(zipf_weights(values.size(), 1.1));
  return values[pick(r)];
}

std::string ctime_string(timestamp_ns t) {
  const aiops::civil_time c = aiops::to_civil(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.3s %.3s %2d %02d:%02d:%02d %d", weekday(t).data(), month(t).data(), c.day, c.hour,
                c.minute, c.second, c.year);
  return buf;
}

std::string_view weekday(timestamp_ns t) {
  static constexpr std::string_view names[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
  return names[(t / aiops::ns_per_day) % 7];
}

std::string_view month(timestamp_ns t) {
  static constexpr std::string_view names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return names[aiops::to_civil(t).month - 1];
}

std::string padded(std::int64_t n, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", digits, static_cast<long long>(n));
  return buf;
}

std::string uuid4(rng& r) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) s += '-';
    const auto digit = r.below(16);
    s += i == 12 ? '4' : i == 16 ? hex[8 + (digit & 3)] : hex[digit];
  }
  return s;
}

}  // namespace loghub

void generate_logs(const std::filesystem::path& out) {
  loghub::generate_hdfs(out);
  loghub::generate_openssh(out);
  loghub::generate_linux(out);
  loghub::generate_hadoop(out);
  loghub::generate_android(out);
  loghub::generate_apache(out);
}

}  // namespace datagen
