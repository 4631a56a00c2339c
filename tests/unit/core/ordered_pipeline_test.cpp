// aiops: tests of ordered_pipeline: blocks loaded in order, worked on several threads, consumed in order
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include <aiops/core.hpp>

namespace {

struct block {
  std::size_t first = 0, count = 0;
  std::vector<long> squares;
  std::thread::id worker;
};

// Squares 0..n-1 in blocks of 7; returns them in the order consume saw them.
std::vector<long> squares(std::size_t n, std::size_t threads, std::size_t slots, std::set<std::thread::id>* workers = nullptr) {
  std::vector<block> buffers(slots);
  std::size_t next = 0;
  std::vector<long> seen;
  aiops::ordered_pipeline<block>(
      buffers, threads,
      [&](block& b) {
        b.first = next;
        b.count = std::min<std::size_t>(7, n - next);
        next += b.count;
        return b.count > 0;
      },
      [&](block& b) {
        b.squares.clear();
        for (std::size_t i = b.first; i < b.first + b.count; ++i) b.squares.push_back(static_cast<long>(i * i));
        // Uneven work: later blocks may finish first, and must still be consumed after.
        if (b.first % 3 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
        b.worker = std::this_thread::get_id();
      },
      [&](const block& b) {
        seen.insert(seen.end(), b.squares.begin(), b.squares.end());
        if (workers) workers->insert(b.worker);
      });
  return seen;
}

}  // namespace

TEST_CASE("ordered_pipeline consumes every block once, in input order, whatever the threads", "[ordered_pipeline]") {
  std::vector<long> expected;
  for (long i = 0; i < 1000; ++i) expected.push_back(i * i);
  for (std::size_t threads : {1, 2, 3, 8})
    for (std::size_t slots : {1, 2, 5, 16}) {
      INFO("threads " << threads << ", slots " << slots);
      CHECK(squares(1000, threads, slots) == expected);
    }
  CHECK(squares(0, 4, 4).empty());
  CHECK(squares(3, 4, 4) == std::vector<long>{0, 1, 4});
}

TEST_CASE("ordered_pipeline works blocks on other threads than the caller's", "[ordered_pipeline]") {
  std::set<std::thread::id> workers;
  squares(2000, 4, 8, &workers);
  CHECK(workers.size() >= 2);
  workers.clear();
  squares(200, 1, 4, &workers);
  CHECK(workers == std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST_CASE("ordered_pipeline rethrows the first failure of any stage and stops", "[ordered_pipeline]") {
  for (int failing_stage = 0; failing_stage < 3; ++failing_stage)
    for (std::size_t threads : {1, 3}) {
      INFO("stage " << failing_stage << ", threads " << threads);
      std::vector<int> slots(4);
      std::atomic<int> filled = 0;
      std::size_t consumed = 0;
      const auto fails_at = [&](int stage, int value) {
        if (stage == failing_stage && value == 20) throw std::runtime_error("block 20");
      };
      CHECK_THROWS_WITH(aiops::ordered_pipeline<int>(
                            slots, threads,
                            [&](int& b) {
                              b = filled++;
                              fails_at(0, b);
                              return true;  // endless input: only the failure ends it
                            },
                            [&](int& b) { fails_at(1, b); },
                            [&](const int& b) {
                              fails_at(2, b);
                              ++consumed;
                            }),
                        "block 20");
      CHECK(consumed <= 20);
      CHECK(filled <= 20 + 4 + 1);  // no more than a window beyond the failure
    }
  std::vector<int> none;
  CHECK_THROWS_AS(aiops::ordered_pipeline<int>(none, 2, [](int&) { return false; }, [](int&) {}, [](const int&) {}),
                  std::invalid_argument);
}
