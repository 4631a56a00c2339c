// aiops: bench/analyze: the library alone doing what pandas_analyze.py does (status counts, requests
// per minute, top 10 paths of an nginx combined log), on 1 or more threads, printed as the same JSON
// SPDX-License-Identifier: MIT
//
//   bench_aggregate FILE [THREADS]
//
// Each thread reads a range of whole lines with logs::line_reader, parses them with
// logs::access_format and counts into frame::counter / frame::time_counter; the counts are merged
// at the end. Memory is one counter per distinct path and one per minute, whatever the lines.
#include <fcntl.h>     // open
#include <sys/stat.h>  // fstat
#include <unistd.h>    // pread, close

#include <algorithm>  // std::min
#include <array>      // std::array
#include <cerrno>     // errno
#include <cstdint>    // std::uint64_t
#include <cstdio>     // std::printf
#include <cstdlib>    // std::atoi
#include <cstring>    // std::strerror, std::memchr
#include <memory>     // std::make_unique
#include <string>     // std::string
#include <thread>     // std::thread
#include <vector>     // std::vector

#include <aiops/core/time.hpp>
#include <aiops/frame/stream.hpp>
#include <aiops/logs/access.hpp>
#include <aiops/logs/reader.hpp>

namespace {

namespace logs = aiops::logs;
namespace fr = aiops::frame;

// Bytes [begin, end) of a file, with pread so that threads share one descriptor.
class range_source final : public logs::byte_source {
 public:
  range_source(int fd, std::uint64_t begin, std::uint64_t end) : fd_(fd), pos_(begin), end_(end) {}
  std::size_t read(char* buffer, std::size_t n) override {
    n = std::size_t(std::min<std::uint64_t>(n, end_ - pos_));
    if (n == 0) return 0;
    ::ssize_t got;
    do got = ::pread(fd_, buffer, n, ::off_t(pos_));
    while (got < 0 && errno == EINTR);
    if (got < 0) throw logs::io_error(std::string("cannot read: ") + std::strerror(errno));
    pos_ += std::uint64_t(got);
    return std::size_t(got);
  }
  std::string_view name() const noexcept override { return "<range>"; }

 private:
  int fd_;
  std::uint64_t pos_, end_;
};

// pandas' three answers, for one range of lines.
struct aggregate {
  std::array<std::uint64_t, 1000> status{};  // the parser accepts three digits only
  fr::time_counter per_minute{aiops::ns_per_minute};
  fr::counter<> paths;
  logs::bad_line_summary summary;

  void merge(const aggregate& o) {
    for (std::size_t s = 0; s < status.size(); ++s) status[s] += o.status[s];
    per_minute.merge(o.per_minute);
    paths.merge(o.paths);
    summary.lines += o.summary.lines;
    summary.records += o.summary.records;
    summary.bad += o.summary.bad;
  }
};

// The first byte of the line holding byte `at` (after the previous '\n').
std::uint64_t line_start(int fd, std::uint64_t at) {
  char c;
  while (at > 0 && ::pread(fd, &c, 1, ::off_t(at - 1)) == 1 && c != '\n') ++at;
  return at;
}

void scan(int fd, std::uint64_t begin, std::uint64_t end, const logs::access_format& format, aggregate& out) {
  logs::line_reader reader(std::make_unique<range_source>(fd, begin, end));
  out.summary = logs::for_each_record(reader, format, [&](const logs::access_record& r) {
    ++out.status[std::size_t(r.status())];
    out.per_minute.add(r.time());
    if (const std::string_view path = r.path(); !path.empty()) out.paths.add(path);
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: bench_aggregate FILE [THREADS]\n");
    return 2;
  }
  const unsigned threads = argc == 3 ? unsigned(std::max(1, std::atoi(argv[2]))) : 1;
  const int fd = ::open(argv[1], O_RDONLY | O_CLOEXEC);
  struct stat st{};
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    std::fprintf(stderr, "bench_aggregate: cannot open %s: %s\n", argv[1], std::strerror(errno));
    return 1;
  }
  const auto format = logs::access_format::nginx("combined").value();

  // Cut the file into one range of whole lines per thread.
  const std::uint64_t size = std::uint64_t(st.st_size);
  std::vector<std::uint64_t> cuts{0};
  for (unsigned t = 1; t < threads; ++t) cuts.push_back(std::max(cuts.back(), line_start(fd, size * t / threads)));
  cuts.push_back(size);
  std::vector<aggregate> parts(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(scan, fd, cuts[t], cuts[t + 1], std::cref(format), std::ref(parts[t]));
  scan(fd, cuts[0], cuts[1], format, parts[0]);
  for (auto& th : pool) th.join();
  for (unsigned t = 1; t < threads; ++t) parts[0].merge(parts[t]);
  const aggregate& a = parts[0];

  // The same JSON as pandas_analyze.py.
  const auto minutes = a.per_minute.series(true);
  std::pair<aiops::timestamp_ns, std::uint64_t> peak{0, 0};
  for (const auto& m : minutes)
    if (m.second > peak.second) peak = m;
  std::printf("{\n \"lines\": %zu,\n \"records\": %zu,\n \"bad\": %zu,\n \"status\": {", a.summary.lines, a.summary.records,
              a.summary.bad);
  const char* sep = "";
  for (std::size_t s = 0; s < a.status.size(); ++s)
    if (a.status[s]) {
      std::printf("%s\"%zu\": %llu", sep, s, static_cast<unsigned long long>(a.status[s]));
      sep = ", ";
    }
  std::printf("},\n \"minutes\": %zu,\n \"peak\": {\"time\": \"%s\", \"count\": %llu},\n \"per_minute\": [", minutes.size(),
              aiops::format_rfc3339(peak.first, 0).c_str(), static_cast<unsigned long long>(peak.second));
  sep = "";
  for (const auto& m : minutes) {
    std::printf("%s%llu", sep, static_cast<unsigned long long>(m.second));
    sep = ", ";
  }
  std::printf("],\n \"top_paths\": [");
  sep = "";
  for (const auto& [path, n] : a.paths.top(10)) {  // paths are printed as logged: the generator writes no '"' or '\'
    std::printf("%s[\"%s\", %llu]", sep, path.c_str(), static_cast<unsigned long long>(n));
    sep = ", ";
  }
  std::printf("]\n}\n");
  ::close(fd);
}
