// aiops: bench/prom: exposition parsing MB/s (streaming and into families) and counter increments/s under 2 threads
// SPDX-License-Identifier: MIT
#include <chrono>    // std::chrono::steady_clock
#include <cstdio>    // std::printf
#include <fstream>   // std::ifstream
#include <sstream>   // std::stringstream
#include <string>    // std::string
#include <thread>    // std::thread
#include <vector>    // std::vector

#include <aiops/prom/metrics.hpp>
#include <aiops/prom/parser.hpp>

namespace prom = aiops::prom;

namespace {
double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Counts samples, the way a scraper that forwards samples would touch each one.
struct counting_handler {
  std::size_t samples = 0, labels = 0, errors = 0;
  double sum = 0;
  void on_family(const prom::family_view&) {}
  void on_sample(const prom::family_view&, const prom::sample_view& s) {
    ++samples;
    labels += s.labels.size();
    sum += s.value;
  }
  void on_error(const prom::parse_issue&) { ++errors; }
};

void bench_parse(const std::string& page) {
  const double mb = double(page.size()) / 1e6;
  for (int round = 0; round < 3; ++round) {
    counting_handler h;
    const auto t = std::chrono::steady_clock::now();
    prom::parser p(prom::format::text);
    for (std::size_t i = 0; i < page.size(); i += 1 << 16) p.feed(std::string_view(page).substr(i, 1 << 16), h);
    p.finish(h);
    const double s = seconds_since(t);
    std::printf("streaming parser (64 KiB chunks): %.1f MB in %.3f s = %.0f MB/s, %zu samples (%.1f M samples/s), %zu errors\n",
                mb, s, mb / s, h.samples, double(h.samples) / s / 1e6, h.errors);
  }
  const auto t = std::chrono::steady_clock::now();
  const auto r = prom::parse(page);
  const double s = seconds_since(t);
  std::printf("prom::parse into families:        %.1f MB in %.3f s = %.0f MB/s, %zu families, %zu errors\n", mb, s,
              mb / s, r.families.size(), r.error_count);
}

template <class Work>
void bench_threads(const char* what, Work work, std::uint64_t per_thread, int threads) {
  const auto t = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([&work, per_thread, i] { work(i, per_thread); });
  for (auto& th : pool) th.join();
  const double s = seconds_since(t);
  std::printf("%-52s %d threads: %.0f M increments/s\n", what, threads, double(per_thread) * threads / s / 1e6);
}

void bench_counters(std::uint64_t n) {
  prom::counter shared;
  prom::counter own[2];
  prom::histogram h(prom::default_buckets());
  for (int threads : {1, 2}) {
    bench_threads("counter.increment(), one shared counter", [&](int, std::uint64_t k) {
      for (std::uint64_t i = 0; i < k; ++i) shared.increment();
    }, n, threads);
    bench_threads("counter.increment(0.5) (double CAS), one shared counter", [&](int, std::uint64_t k) {
      for (std::uint64_t i = 0; i < k; ++i) shared.increment(0.5);
    }, n, threads);
    bench_threads("counter.increment(), one counter per thread", [&](int id, std::uint64_t k) {
      for (std::uint64_t i = 0; i < k; ++i) own[id].increment();
    }, n, threads);
    bench_threads("histogram.observe(), one shared histogram", [&](int, std::uint64_t k) {
      for (std::uint64_t i = 0; i < k; ++i) h.observe(double(i % 1000) / 100);
    }, n / 4, threads);
  }
  std::printf("(checks: shared %.0f, own %.0f + %.0f)\n", shared.value(), own[0].value(), own[1].value());
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_prom PAGE.prom [INCREMENTS_PER_THREAD]\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  bench_parse(buffer.str());
  bench_counters(argc > 2 ? std::stoull(argv[2]) : 20'000'000);
}
