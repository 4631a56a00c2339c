// aiops: timing for the C++ side of the benchmarks: the best wall and CPU seconds of a few runs
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>   // std::min
#include <chrono>      // std::chrono::steady_clock
#include <ctime>       // std::clock
#include <functional>  // std::function
#include <limits>      // std::numeric_limits

namespace aiops::bench {

/// Best wall and best CPU seconds of some runs. The CPU time is what a busy machine cannot inflate
/// when the code timed is single-threaded.
struct timing {
  double wall = std::numeric_limits<double>::infinity();
  double cpu = std::numeric_limits<double>::infinity();
};

/// Runs `run` `repeats` times and keeps the best wall and the best CPU time.
inline timing best_of(int repeats, const std::function<void()>& run) {
  timing best;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    run();
    best.cpu = std::min(best.cpu, static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    best.wall = std::min(best.wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

}  // namespace aiops::bench
