// aiops: datagen's deterministic random numbers (see random.hpp for why no <random>)
// SPDX-License-Identifier: MIT
#include "random.hpp"

#include <cmath>      // std::frexp, std::ldexp, std::floor, std::sqrt: exact in IEEE 754
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument

namespace datagen {

namespace {
constexpr double ln2 = 0.693147180559945309417232121458176568;

std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
}  // namespace

double det_log(double x) {
  if (!(x > 0)) throw std::invalid_argument("det_log: argument must be positive");
  if (x == std::numeric_limits<double>::infinity()) return x;
  int e = 0;
  double m = std::frexp(x, &e);  // x = m * 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2;
    --e;
  }
  // log(m) = 2 atanh(s) with s = (m-1)/(m+1), |s| < 0.172: the odd series converges fast.
  const double s = (m - 1) / (m + 1);
  const double z = s * s;
  double series = 0;
  for (int k = 23; k >= 1; k -= 2) series = series * z + 1.0 / k;
  return 2 * s * series + e * ln2;
}

double det_exp(double x) {
  if (x != x) return x;
  if (x > 709.78) return std::numeric_limits<double>::infinity();
  if (x < -745.2) return 0;
  const double k = std::floor(x / ln2 + 0.5);
  const double r = x - k * ln2;  // |r| <= ln2/2
  double sum = 1, term = 1;
  for (int n = 1; n <= 20; ++n) {
    term = term * r / n;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(k));
}

rng::rng(std::uint64_t seed, std::string_view stream) : seed_(seed) {
  std::uint64_t state = seed ^ hash_name(stream);
  for (auto& word : s_) word = splitmix64(state);
}

std::uint64_t rng::next() noexcept {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t rng::below(std::uint64_t n) noexcept {
  // Reject the low values that would make some remainders more likely than others.
  const std::uint64_t threshold = (0 - n) % n;
  for (;;) {
    const std::uint64_t x = next();
    if (x >= threshold) return x % n;
  }
}

std::int64_t rng::between(std::int64_t lo, std::int64_t hi) noexcept {
  return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
}

double rng::normal(double mean, double stddev) noexcept {
  if (has_spare_) {
    has_spare_ = false;
    return mean + stddev * spare_normal_;
  }
  double u, v, s;
  do {
    u = uniform(-1, 1);
    v = uniform(-1, 1);
    s = u * u + v * v;
  } while (s >= 1 || s == 0);
  const double f = std::sqrt(-2 * det_log(s) / s);
  spare_normal_ = v * f;
  has_spare_ = true;
  return mean + stddev * u * f;
}

double rng::exponential(double mean) noexcept { return -mean * det_log(1 - uniform()); }

double rng::lognormal(double median, double sigma) noexcept { return median * det_exp(normal(0, sigma)); }

std::int64_t rng::poisson(double mean) noexcept {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const double limit = det_exp(-mean);
    std::int64_t k = 0;
    for (double p = uniform(); p > limit; p *= uniform()) ++k;
    return k;
  }
  const double x = std::floor(normal(mean, std::sqrt(mean)) + 0.5);
  return x < 0 ? 0 : static_cast<std::int64_t>(x);
}

discrete::discrete(const std::vector<double>& weights) {
  double total = 0;
  cumulative_.reserve(weights.size());
  for (double w : weights) {
    if (!(w >= 0)) throw std::invalid_argument("discrete: weights must be non-negative");
    cumulative_.push_back(total += w);
  }
  if (!(total > 0)) throw std::invalid_argument("discrete: weights must not all be zero");
}

std::size_t discrete::operator()(rng& r) const noexcept {
  const double x = r.uniform() * cumulative_.back();
  std::size_t lo = 0, hi = cumulative_.size() - 1;
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (cumulative_[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

std::vector<double> zipf_weights(std::size_t n, double s) {
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = 1.0 / det_pow(static_cast<double>(i + 1), s);
  return w;
}

}  // namespace datagen
