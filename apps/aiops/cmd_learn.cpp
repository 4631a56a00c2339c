// aiops: `aiops learn`: the learner's progress through weeks 01-12, from their own build
// SPDX-License-Identifier: MIT
#include <algorithm>   // std::max
#include <filesystem>  // std::filesystem::exists
#include <fstream>     // std::ifstream
#include <optional>    // std::optional
#include <string>      // std::string
#include <vector>      // std::vector

#include <fmt/core.h>

#include <aiops/core.hpp>
#include <aiops/sys.hpp>

#include "command.hpp"

namespace cmd_learn {

namespace fs = std::filesystem;

struct test_case {
  std::string name;
  bool passed = true;
  std::string why;  // the first lines of the failure
};

struct week_report {
  std::string number;  // "01"
  std::string topic;
  std::string state;   // "", "not built yet", "not compiled", "did not run"
  std::vector<test_case> tests;
  int passed() const {
    int n = 0;
    for (const auto& t : tests) n += t.passed;
    return n;
  }
};

std::string xml_unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') { out += s[i]; continue; }
    std::size_t end = s.find(';', i);
    std::string_view ent = s.substr(i + 1, end == std::string_view::npos ? 0 : end - i - 1);
    const char* rep = ent == "quot" ? "\"" : ent == "amp" ? "&" : ent == "lt" ? "<" : ent == "gt" ? ">" : ent == "apos" ? "'" : nullptr;
    if (!rep) { out += '&'; continue; }
    out += rep;
    i = end;
  }
  return out;
}

std::string attribute(std::string_view tag, std::string_view name) {
  std::string key = " " + std::string(name) + "=\"";
  std::size_t at = tag.find(key);
  if (at == std::string_view::npos) return {};
  at += key.size();
  return xml_unescape(tag.substr(at, tag.find('"', at) - at));
}

// Where the tag that starts at `from` ends (its '>'), or npos: a '>' inside a quoted attribute
// value does not end it (XML leaves '>' unescaped there, and Catch2 writes "get<std::string>()").
std::size_t tag_end(std::string_view xml, std::size_t from) {
  bool quoted = false;
  for (std::size_t i = from; i < xml.size(); ++i) {
    if (xml[i] == '"') quoted = !quoted;
    else if (xml[i] == '>' && !quoted) return i;
  }
  return std::string_view::npos;
}

// Catch2's JUnit report: one <testcase> per test case, with a <failure> or <error> child when it
// failed; a passing one is often a self-closing <testcase .../>, which has no body.
std::vector<test_case> parse_junit(std::string_view xml) {
  std::vector<test_case> out;
  for (std::size_t at = xml.find("<testcase "); at != std::string_view::npos; at = xml.find("<testcase ", at + 1)) {
    const std::size_t end = tag_end(xml, at);
    if (end == std::string_view::npos) break;  // a report cut short
    const std::string_view tag = xml.substr(at, end - at);
    test_case t;
    t.name = attribute(tag, "name");
    std::string_view body;
    if (!tag.ends_with("/")) {
      const std::size_t close = xml.find("</testcase>", end);
      body = xml.substr(end + 1, close == std::string_view::npos ? std::string_view::npos : close - end - 1);
    }
    for (std::string_view kind : {"<failure", "<error"}) {
      const std::size_t f = body.find(kind);
      if (f == std::string_view::npos) continue;
      t.passed = false;
      const std::size_t text = std::min(tag_end(body, f), body.size() - 1) + 1;
      std::vector<std::string> lines;
      const std::string report = xml_unescape(body.substr(text, body.find('<', text) - text));
      for (auto line : aiops::split(report, '\n'))
        if (auto l = aiops::trim(line); !l.empty() && l != "FAILED:" && lines.size() < 4) lines.emplace_back(l);
      t.why = aiops::join(lines, "\n          ");
      break;
    }
    out.push_back(std::move(t));
  }
  return out;
}

// The week's title from the first heading of its README: "# Week 01 · ...".
std::string topic_of(const fs::path& readme) {
  std::ifstream in(readme);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("# ", 0) == 0) {
      std::string t = line.substr(2);
      if (auto dot = t.find(": "); dot != std::string::npos) t = t.substr(dot + 2);
      return t;
    }
  return "";
}

// The hint for a task: a line "- **task-1**: ..." in the README's hints section.
std::optional<std::string> hint_for(const fs::path& readme, std::string_view task) {
  std::ifstream in(readme);
  std::string line, key = "**" + std::string(task) + "**";
  while (std::getline(in, line))
    if (auto at = line.find(key); at != std::string::npos) {
      std::string rest = line.substr(at + key.size());
      return std::string(aiops::trim(rest.substr(rest.find_first_not_of(": ") == std::string::npos ? rest.size() : rest.find_first_not_of(": "))));
    }
  return std::nullopt;
}

week_report grade(const fs::path& source, const fs::path& build, const std::string& track, int week) {
  week_report r;
  r.number = fmt::format("{:02}", week);
  const fs::path readme = source / "exercises" / ("week-" + r.number) / "README.md";
  r.topic = topic_of(readme);
  if (!fs::exists(source / "tests" / ("week-" + r.number))) {
    r.state = "not built yet";
    return r;
  }
  const fs::path exe = build / "tests" / ("week-" + r.number + "-" + track);
  if (!fs::exists(exe)) {
    r.state = "not compiled: scripts/grade " + r.number;
    return r;
  }
  aiops::sys::run_options opt;
  opt.timeout = std::chrono::minutes(5);
  auto run = aiops::sys::run({exe.string(), "-r", "junit", "~[stub-ok]"}, opt);
  if (!run) {
    r.state = "did not run: " + run.error().message;
    return r;
  }
  r.tests = parse_junit(run->out);
  if (r.tests.empty()) r.state = "did not run: " + run->describe();
  return r;
}

std::string pad(std::string s, std::size_t width) {
  std::size_t w = aiops::terminal_columns(s);
  if (w < width) s.append(width - w, ' ');
  return s;
}

std::string bar(int done, int total) {
  int filled = total == 0 ? 0 : done * 10 / total;
  return "[" + std::string(std::size_t(filled), '#') + std::string(std::size_t(10 - filled), '.') + "]";
}

void print(const std::vector<week_report>& weeks, const fs::path& source, bool markdown) {
  std::size_t topic_width = 5;
  for (const auto& w : weeks) topic_width = std::max(topic_width, aiops::terminal_columns(w.topic));
  if (markdown) {
    fmt::print("| week | topic | passed | progress |\n|---|---|---|---|\n");
  } else {
    fmt::print("{}  {}  {:>7}  {}\n", "week", pad("topic", topic_width), "passed", "progress");
  }
  const week_report* next = nullptr;
  int done_weeks = 0, open_weeks = 0;
  for (const auto& w : weeks) {
    std::string passed = w.tests.empty() ? "-" : fmt::format("{}/{}", w.passed(), w.tests.size());
    bool done = !w.tests.empty() && w.passed() == int(w.tests.size());
    std::string progress = !w.state.empty() ? w.state : done ? bar(1, 1) + " done" : bar(w.passed(), int(w.tests.size()));
    if (markdown) fmt::print("| {} | {} | {} | {} |\n", w.number, w.topic, passed, progress);
    else fmt::print("{}    {}  {:>7}  {}\n", w.number, pad(w.topic, topic_width), passed, progress);
    if (w.state != "not built yet") ++open_weeks;
    done_weeks += done;
    if (!next && !done && w.state != "not built yet") next = &w;
  }
  fmt::print("\n{}/{} available weeks done.\n", done_weeks, open_weeks);
  if (!next) return;
  fmt::print("Next: week {}\n", next->number);
  for (const auto& t : next->tests) {
    if (t.passed) continue;
    std::string task = t.name.substr(0, t.name.find(':'));
    fmt::print("  failing: {}\n  why:     {}\n", t.name, t.why);
    const fs::path readme = source / "exercises" / ("week-" + next->number) / "README.md";
    if (auto hint = hint_for(readme, task)) fmt::print("  hint:    {}\n", *hint);
    fmt::print("  more:    exercises/week-{}/README.md\n", next->number);
    break;
  }
  fmt::print("  grade:   scripts/grade {}\n", next->number);
}

const aiops::app::register_command reg{{"learn", "Show your course progress (weeks 01-12) from your build", [](CLI::App& sub) {
  auto build = std::make_shared<std::string>(aiops::app::source_dir() + "/build/exercises");
  auto week = std::make_shared<int>(0);
  auto markdown = std::make_shared<bool>(false);
  auto track = std::make_shared<std::string>("exercises");
  sub.add_option("--build", *build, "Your build directory (cmake --preset exercises)");
  sub.add_option("--week", *week, "Only this week (1-12)")->check(CLI::Range(1, 12));
  sub.add_flag("--markdown", *markdown, "A Markdown table (for CI job summaries)");
  sub.add_option("--track", *track, "Grade your exercises, or the reference solutions")
      ->check(CLI::IsMember({"exercises", "solutions"}));
  sub.callback([=] {
    const fs::path source = aiops::app::source_dir();
    std::vector<week_report> weeks;
    for (int w = 1; w <= 12; ++w)
      if (*week == 0 || *week == w) weeks.push_back(grade(source, *build, *track, w));
    print(weeks, source, *markdown);
  });
}}};

}  // namespace cmd_learn
