// aiops: bench/nlp: what one PCRE2 JIT call costs, the floor under regex masking: every match of a
// mask and one more search per line and mask are a call each, whatever calls them
// SPDX-License-Identifier: MIT
//
//   g++ -O2 bench/nlp/pcre2_calls.cpp -o /tmp/pcre2_calls -lpcre2-8
//   /tmp/pcre2_calls /tmp/aiops-bench-nlp/android.txt '\d+'   # MESSAGES (bench/nlp/run.sh writes them) PATTERN
//
// Prints µs per line, ns per call and calls per line of finding every match of PATTERN in each
// line, 20 times over, with pcre2_jit_match alone (no replacement, no copy).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdio>   // std::printf, std::fprintf
#include <ctime>    // std::clock
#include <fstream>  // std::ifstream
#include <string>   // std::string, std::getline
#include <vector>   // std::vector

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: pcre2_calls MESSAGES PATTERN\n");
    return 2;
  }
  std::ifstream in(argv[1]);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const std::string pattern = argv[2];
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), 0, &error, &offset, nullptr);
  if (!code || lines.empty() || pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0) {
    std::fprintf(stderr, "pcre2_calls: no lines, or the pattern does not compile with the JIT\n");
    return 1;
  }
  pcre2_match_data* data = pcre2_match_data_create_from_pattern(code, nullptr);
  constexpr int passes = 20;
  long calls = 0;
  const std::clock_t start = std::clock();
  for (int pass = 0; pass < passes; ++pass)
    for (const std::string& text : lines)
      for (PCRE2_SIZE pos = 0; pos <= text.size();) {
        ++calls;
        if (pcre2_jit_match(code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), pos, 0, data, nullptr) < 0) break;
        const PCRE2_SIZE* match = pcre2_get_ovector_pointer(data);
        pos = match[1] > match[0] ? match[1] : match[1] + 1;
      }
  const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  const double line_passes = static_cast<double>(passes) * static_cast<double>(lines.size());
  std::printf("%.3f us/line, %.1f ns/call, %.2f calls/line\n", seconds * 1e6 / line_passes, seconds * 1e9 / static_cast<double>(calls),
              static_cast<double>(calls) / line_passes);
  pcre2_match_data_free(data);
  pcre2_code_free(code);
}
