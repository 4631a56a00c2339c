// aiops: runs a libFuzzer target over files and directories of inputs, for builds without
// libFuzzer (the normal build): each corpus becomes a regression test. `aiops_fuzz_replay <target> <input>...`
// SPDX-License-Identifier: MIT
#include <algorithm>   // std::sort
#include <cstddef>     // std::size_t
#include <cstdint>     // std::uint8_t
#include <cstdio>      // std::printf, std::fprintf
#include <cstring>     // std::strcmp
#include <filesystem>  // std::filesystem::recursive_directory_iterator
#include <fstream>     // std::ifstream
#include <iterator>    // std::istreambuf_iterator
#include <vector>      // std::vector

#include "replay.hpp"

namespace {

int usage(const char* program) {
  std::fprintf(stderr, "usage: %s <target> <corpus directory or file>...\ntargets:", program);
  for (const aiops_fuzz_target& t : aiops_fuzz_targets()) std::fprintf(stderr, " %s", t.name);
  std::fprintf(stderr, "\n");
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 2) return usage(argv[0]);
  const aiops_fuzz_target* target = nullptr;
  for (const aiops_fuzz_target& t : aiops_fuzz_targets())
    if (std::strcmp(t.name, argv[1]) == 0) target = &t;
  if (!target) {
    std::fprintf(stderr, "%s: no fuzz target %s\n", argv[0], argv[1]);
    return usage(argv[0]);
  }
  std::vector<fs::path> inputs;
  for (int i = 2; i < argc; ++i) {
    const fs::path arg(argv[i]);
    if (!fs::is_directory(arg)) {
      inputs.push_back(arg);
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(arg))
      if (entry.is_regular_file()) inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& input : inputs) {
    std::ifstream in(input, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", input.c_str());
      return 1;
    }
    // An exact-size heap copy, so that AddressSanitizer builds see any read past the end.
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::printf("%s (%zu bytes)\n", input.c_str(), bytes.size());
    target->test_one_input(bytes.data(), bytes.size());
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "%s %s: no input found\n", argv[0], target->name);
    return usage(argv[0]);
  }
  std::printf("%zu inputs ran without a crash\n", inputs.size());
  return 0;
}
