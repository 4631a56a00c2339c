// aiops: bench/grok: lines/s of %{COMBINEDAPACHELOG} with PCRE2 (JIT and interpreter), std::regex and RE2,
// next to aiops::logs::grok and the hand-written access_format parser, on the bundled nginx log
// SPDX-License-Identifier: MIT
//
//   bench/grok/run.sh [LINES]      (builds this file with -O2 and runs it; see bench/README.md)
#include <chrono>     // std::chrono::steady_clock
#include <cstdio>     // std::printf
#include <cstdlib>    // std::atol
#include <fstream>    // std::ifstream
#include <functional> // std::function
#include <regex>      // std::regex
#include <string>     // std::string
#include <vector>     // std::vector

#ifdef AIOPS_BENCH_RE2
#include <re2/re2.h>
#endif

#include <aiops/logs/access.hpp>
#include <aiops/logs/grok.hpp>

namespace {

using aiops::logs::grok;

// Runs `parse` over `lines` (as many passes as fit in about `seconds`, at least one) and prints
// lines/s and how many lines matched.
void measure(const char* name, const std::vector<std::string>& lines, double seconds,
             const std::function<bool(const std::string&)>& parse) {
  using clock = std::chrono::steady_clock;
  std::size_t done = 0, matched = 0;
  const auto start = clock::now();
  double elapsed = 0;
  do {
    for (const std::string& line : lines) matched += parse(line);
    done += lines.size();
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  } while (elapsed < seconds);
  std::printf("%-44s %12.0f lines/s  %8.3f us/line  %zu/%zu matched\n", name, double(done) / elapsed,
              elapsed * 1e6 / double(done), matched / (done / lines.size()), lines.size());
}

// The index of the ')' closing the group that opens at `open`, skipping escapes and classes.
std::size_t group_end(const std::string& re, std::size_t open) {
  int depth = 0;
  bool in_class = false;
  for (std::size_t i = open; i < re.size(); ++i) {
    const char c = re[i];
    if (c == '\\') { ++i; continue; }
    if (in_class) { in_class = c != ']'; continue; }
    if (c == '[') { in_class = true; if (i + 1 < re.size() && re[i + 1] == ']') ++i; continue; }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) return i;
  }
  return re.size();
}

// The grok regex rewritten for engines without lookaround and atomic groups (RE2, std::regex):
// lookarounds dropped, "(?>" as "(?:", and named groups as `named` ("(?P<" for RE2, "(" for std::regex).
// The result matches a little more than the original; on this log it matches the same lines.
std::string simplify(const std::string& re, const std::string& named) {
  std::string out;
  for (std::size_t i = 0; i < re.size();) {
    if (re[i] == '\\') { out.append(re, i, 2); i += 2; continue; }
    if (re[i] == '[') {  // copy a character class whole
      std::size_t j = i + 1;
      if (j < re.size() && re[j] == '^') ++j;
      if (j < re.size() && re[j] == ']') ++j;
      while (j < re.size() && re[j] != ']') j += re[j] == '\\' ? 2 : 1;
      out.append(re, i, j + 1 - i);
      i = j + 1;
      continue;
    }
    if (re.compare(i, 4, "(?<!") == 0 || re.compare(i, 4, "(?<=") == 0 || re.compare(i, 3, "(?!") == 0 ||
        re.compare(i, 3, "(?=") == 0) {
      i = group_end(re, i) + 1;
      continue;
    }
    if (re.compare(i, 3, "(?>") == 0) { out += "(?:"; i += 3; continue; }
    if (re.compare(i, 3, "(?<") == 0) {
      const std::size_t close = re.find('>', i);
      out += named == "(" ? "(" : named + re.substr(i + 3, close - i - 3) + ">";
      i = close + 1;
      continue;
    }
    out += re[i++];
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t wanted = argc > 1 ? std::size_t(std::atol(argv[1])) : 200000;
  const std::string path = std::string(AIOPS_SOURCE_DIR) + "/datasets/nginx/access.log";
  std::ifstream in(path);
  std::vector<std::string> file;
  for (std::string line; std::getline(in, line);) file.push_back(line);
  if (file.empty()) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return 1;
  }
  std::vector<std::string> lines;  // the file repeated up to `wanted` lines
  while (lines.size() < wanted) lines.push_back(file[lines.size() % file.size()]);
  std::printf("%zu lines of %s (%zu distinct), pattern %%{COMBINEDAPACHELOG}\n\n", lines.size(), path.c_str(), file.size());

  const double seconds = 3;
  for (const auto ecs : {aiops::logs::grok_ecs::v1, aiops::logs::grok_ecs::disabled}) {
    const grok g = grok::compile("%{COMBINEDAPACHELOG}", aiops::logs::grok_library::standard(ecs)).value();
    const std::string regex(g.regex(0));
    std::printf("\n== ecs %s: expanded regex of %zu bytes, PCRE2 JIT: %s\n", ecs == aiops::logs::grok_ecs::v1 ? "v1" : "disabled",
                regex.size(), g.jit(0) ? "yes" : "no");
    measure("aiops::logs::grok (PCRE2 JIT, typed record)", lines, seconds, [&](const std::string& l) { return bool(g.parse(l)); });

    // PCRE2 alone on the same regex: the cost of the engine without the record.
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code_8* re = pcre2_compile_8(reinterpret_cast<PCRE2_SPTR8>(regex.data()), regex.size(), 0, &code, &offset, nullptr);
    pcre2_match_data_8* data = pcre2_match_data_create_from_pattern_8(re, nullptr);
    pcre2_jit_compile_8(re, PCRE2_JIT_COMPLETE);
    measure("PCRE2 JIT, pcre2_jit_match (no record)", lines, seconds, [&](const std::string& l) {
      return pcre2_jit_match_8(re, reinterpret_cast<PCRE2_SPTR8>(l.data()), l.size(), 0, 0, data, nullptr) > 0;
    });
    measure("PCRE2 interpreter, pcre2_match (no JIT)", lines, seconds, [&](const std::string& l) {
      return pcre2_match_8(re, reinterpret_cast<PCRE2_SPTR8>(l.data()), l.size(), 0, PCRE2_NO_JIT, data, nullptr) > 0;
    });
    pcre2_match_data_free_8(data);
    pcre2_code_free_8(re);

#ifdef AIOPS_BENCH_RE2
    const RE2 re2(simplify(regex, "(?P<"), RE2::Quiet);
    if (re2.ok()) {
      std::vector<re2::StringPiece> groups(std::size_t(re2.NumberOfCapturingGroups()) + 1);
      measure("RE2 (simplified regex, with submatches)", lines, seconds, [&](const std::string& l) {
        return re2.Match(l, 0, l.size(), RE2::UNANCHORED, groups.data(), int(groups.size()));
      });
    } else {
      std::printf("%-44s rejects the simplified regex: %s\n", "RE2", re2.error().c_str());
    }
#endif

    // std::regex: a tenth of the lines is enough to see its speed.
    const std::regex std_re(simplify(regex, "("), std::regex::ECMAScript | std::regex::optimize);
    const std::vector<std::string> few(lines.begin(), lines.begin() + std::ptrdiff_t(lines.size() / 10));
    std::cmatch m;
    measure("std::regex (simplified regex, libstdc++)", few, seconds, [&](const std::string& l) {
      return std::regex_search(l.data(), l.data() + l.size(), m, std_re);
    });
  }

  std::printf("\n== the hand-written parser, nginx \"combined\" (allow_trailing_text for $request_time)\n");
  const auto format = aiops::logs::access_format::nginx("combined", {.allow_trailing_text = true}).value();
  measure("aiops::logs::access_format (hand-written)", lines, seconds, [&](const std::string& l) { return bool(format.parse(l)); });
}
