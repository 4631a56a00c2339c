// aiops: datagen: regenerates datasets/ from fixed seeds, byte for byte, and its MANIFEST.sha256
// SPDX-License-Identifier: MIT
#include <algorithm>    // std::sort
#include <cstdio>       // std::printf, std::fprintf
#include <exception>    // std::exception
#include <filesystem>   // std::filesystem
#include <fstream>      // std::ifstream
#include <iterator>     // std::istreambuf_iterator
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "dataset.hpp"
#include "output.hpp"
#include <aiops/sys/sha256.hpp>

namespace {

namespace fs = std::filesystem;

// Add a dataset here: a name (its directory under datasets/), a summary, its generator.
constexpr datagen::dataset registry[] = {
    {"nginx", "7 days of nginx access log (combined + $request_time) with an incident, bots, scanners",
     datagen::generate_nginx},
    {"syslog", "auth.log (RFC 3164) with an SSH brute force, and an RFC 5424 application log",
     datagen::generate_syslog},
    {"app", "JSON-lines logs of a web service with a DB connection pool exhaustion burst",
     datagen::generate_app},
    {"metrics", "4 weeks of per-minute CPU, memory, disk I/O and requests of 4 hosts with labelled anomalies", datagen::generate_metrics},
    {"logs", "LogHub-style logs of six systems (HDFS, OpenSSH, Linux, Hadoop, Android, Apache) with true templates",
     datagen::generate_logs},
};

constexpr std::string_view manifest_name = "MANIFEST.sha256";

// Everything under the datasets directory except READMEs and the manifest is generated, so
// the manifest covers exactly that (a stale file left behind shows up as a difference).
bool is_generated(const fs::path& relative) {
  return relative.extension() != ".md" && relative != fs::path(manifest_name);
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_manifest(const fs::path& out) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (!entry.is_regular_file()) continue;
    const fs::path relative = fs::relative(entry.path(), out);
    if (is_generated(relative)) files.push_back(relative.generic_string());
  }
  std::sort(files.begin(), files.end());
  std::string manifest;
  for (const auto& f : files) manifest += aiops::sys::sha256_hex(read_all(out / f)) + "  " + f + "\n";
  datagen::write_file(out, manifest_name, manifest);
}

int usage(int code) {
  std::fprintf(code == 0 ? stdout : stderr,
               "usage: datagen [--out DIR] [--only NAME] [--list]\n"
               "  Regenerates the datasets (default DIR: ./datasets) and DIR/MANIFEST.sha256.\n"
               "  --only NAME  regenerate one dataset (the manifest still covers all files in DIR)\n"
               "  --list       print the datasets and exit\n");
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path out = "datasets";
  std::string only;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--out" && i + 1 < argc) {
      out = argv[++i];
    } else if (arg == "--only" && i + 1 < argc) {
      only = argv[++i];
    } else if (arg == "--list") {
      for (const auto& d : registry)
        std::printf("%-8.*s %.*s\n", int(d.name.size()), d.name.data(), int(d.summary.size()), d.summary.data());
      return 0;
    } else if (arg == "--help" || arg == "-h") {
      return usage(0);
    } else {
      std::fprintf(stderr, "datagen: unknown or incomplete argument '%s'\n", argv[i]);
      return usage(2);
    }
  }
  bool found = only.empty();
  try {
    for (const auto& d : registry) {
      if (!only.empty() && d.name != only) continue;
      found = true;
      std::printf("datagen: %.*s\n", int(d.name.size()), d.name.data());
      std::fflush(stdout);
      d.generate(out);
    }
    if (!found) {
      std::fprintf(stderr, "datagen: no dataset named '%s' (see --list)\n", only.c_str());
      return 2;
    }
    write_manifest(out);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "datagen: %s\n", e.what());
    return 1;
  }
  return 0;
}
