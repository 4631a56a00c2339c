// aiops: datagen's deterministic random numbers: xoshiro256** and every distribution built on it alone
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t, std::int64_t
#include <iterator>     // std::size
#include <string_view>  // std::string_view
#include <vector>       // std::vector

// Why not <random>: the standard fixes the engines but not the distributions, so
// std::normal_distribution gives different numbers with libstdc++, libc++ and MSVC. Every
// distribution here is written out, and the transcendental functions below use only
// + - * / (which IEEE 754 rounds exactly) instead of the libm, whose last bit varies between
// versions. Build with -ffp-contract=off on targets with FMA (x86-64's default has none).
namespace datagen {

/// Natural logarithm of x > 0, computed without the libm.
double det_log(double x);

/// e to the power x, computed without the libm.
double det_exp(double x);

/// x to the power y for x > 0.
inline double det_pow(double x, double y) { return det_exp(y * det_log(x)); }

/// A seed from a name: FNV-1a, so streams can be named ("nginx/sessions").
constexpr std::uint64_t hash_name(std::string_view name) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return h;
}

/// xoshiro256** seeded through splitmix64, with hand-written distributions.
/// Each part of a dataset draws from its own named stream, so changing how one part uses
/// randomness does not reshuffle all the others.
class rng {
 public:
  rng(std::uint64_t seed, std::string_view stream);

  std::uint64_t next() noexcept;
  /// A new independent generator named `stream`, derived from this one's seed.
  rng fork(std::string_view stream) const { return rng(seed_, stream); }

  /// Uniform in [0, 1) with 53 random bits.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [0, n) without modulo bias; n > 0.
  std::uint64_t below(std::uint64_t n) noexcept;
  /// Uniform integer in [lo, hi], both included.
  std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept;
  bool chance(double p) noexcept { return uniform() < p; }

  /// Normal by Marsaglia's polar method (needs log and sqrt only).
  double normal(double mean, double stddev) noexcept;
  /// Exponential with the given mean.
  double exponential(double mean) noexcept;
  /// Lognormal given by its median (e^mu) and sigma: the natural way to think of latencies.
  double lognormal(double median, double sigma) noexcept;
  /// Poisson count: Knuth's product method below 30, a rounded normal above.
  std::int64_t poisson(double mean) noexcept;

  /// A uniformly chosen element of a non-empty container.
  template <class Container>
  const auto& pick(const Container& items) noexcept {
    return items[static_cast<std::size_t>(below(std::size(items)))];
  }

 private:
  std::uint64_t seed_;
  std::uint64_t s_[4];
  double spare_normal_ = 0;
  bool has_spare_ = false;
};

/// Weighted choice of an index, by binary search in the cumulative weights.
class discrete {
 public:
  discrete() = default;
  explicit discrete(const std::vector<double>& weights);
  std::size_t operator()(rng& r) const noexcept;

 private:
  std::vector<double> cumulative_;
};

/// Weights 1/(rank+1)^s for n ranks: heavy-tailed popularity (a few IPs, pages, users dominate).
std::vector<double> zipf_weights(std::size_t n, double s);

}  // namespace datagen
