// aiops: a small seeded random generator whose sequences are the same with every standard library
// (models, simulators and data generators that must repeat exactly given a seed)
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>      // std::log, std::sqrt
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <limits>     // std::numeric_limits
#include <numeric>    // std::iota
#include <span>       // std::span
#include <stdexcept>  // std::invalid_argument
#include <utility>    // std::swap
#include <vector>     // std::vector

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE

/// xoshiro256** seeded through splitmix64, with its distributions written out here: the standard's
/// `std::uniform_int_distribution` and friends differ between libstdc++ and libc++, so a model
/// fitted with the same seed would differ between compilers.
///
///     aiops::rng gen(42);
///     double u = gen.uniform();          // [0, 1)
///     std::uint64_t i = gen.below(10);   // 0..9, unbiased
///     double z = gen.normal();           // N(0, 1)
///
/// Not thread-safe: give each thread its own generator (e.g. seeded with `seed + thread`).
class rng {
 public:
  using result_type = std::uint64_t;

  /// Seeds the 256-bit state from one 64-bit seed; every seed, 0 included, gives a good state.
  explicit rng(std::uint64_t seed = 0) noexcept {
    for (auto& word : state_) word = splitmix64(seed);
  }

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  /// The next 64 random bits.
  result_type operator()() noexcept {
    const std::uint64_t out = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return out;
  }

  /// A uniform double in [0, 1) with 53 random bits.
  double uniform() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  /// A uniform double in [lo, hi).
  double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }

  /// A uniform integer in [0, n), without modulo bias (draws below 2^64 mod n are rejected).
  /// @throws std::invalid_argument when n == 0.
  std::uint64_t below(std::uint64_t n) {
    if (n == 0) throw std::invalid_argument("rng::below: n must be positive");
    const std::uint64_t reject_below = (0 - n) % n;  // 2^64 mod n: [reject_below, 2^64) splits evenly
    std::uint64_t r = 0;
    do r = (*this)();
    while (r < reject_below);
    return r % n;
  }

  /// A standard normal draw (Marsaglia's polar method; the second value of each pair is kept).
  double normal() noexcept {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u = 0, v = 0, s = 0;
    do {
      u = uniform(-1.0, 1.0);
      v = uniform(-1.0, 1.0);
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

  /// A normal draw with the given mean and standard deviation.
  double normal(double mean, double sd) noexcept { return mean + sd * normal(); }

  /// Shuffles in place (Fisher-Yates), the same permutation on every platform.
  template <class T>
  void shuffle(std::span<T> items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

  /// A random permutation of 0..n-1.
  template <class Index = std::size_t>
  std::vector<Index> permutation(std::size_t n) {
    std::vector<Index> p(n);
    std::iota(p.begin(), p.end(), Index{0});
    shuffle(std::span<Index>(p));
    return p;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  static constexpr std::uint64_t splitmix64(std::uint64_t& x) noexcept {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_[4] = {};
  double spare_ = 0;
  bool has_spare_ = false;
};

AIOPS_END_NAMESPACE
