// aiops: SHA-256 (FIPS 180-4) for backup manifests, incremental or of a whole file
// SPDX-License-Identifier: MIT
#pragma once

#include <fcntl.h>      // open, O_RDONLY

#include <algorithm>    // std::min
#include <array>        // std::array
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t, std::uint64_t, std::uint8_t
#include <cstring>      // std::memcpy
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/sys/detail/posix.hpp"

AIOPS_BEGIN_NAMESPACE
namespace sys {

/// An incremental SHA-256: `update` any number of times, then `finish` once.
///
///     aiops::sys::sha256 h;
///     h.update("ab");
///     h.update("c");
///     std::string hex = aiops::sys::sha256::to_hex(h.finish());  // "ba7816bf..."
class sha256 {
 public:
  using digest = std::array<std::uint8_t, 32>;

  /// Adds bytes to the message.
  void update(const void* data, std::size_t size) noexcept {
    auto p = static_cast<const std::uint8_t*>(data);
    length_ += size;
    if (used_ > 0) {
      std::size_t take = std::min(size, block_.size() - used_);
      std::memcpy(block_.data() + used_, p, take);
      used_ += take;
      p += take;
      size -= take;
      if (used_ < block_.size()) return;
      compress(block_.data());
      used_ = 0;
    }
    for (; size >= 64; p += 64, size -= 64) compress(p);
    std::memcpy(block_.data(), p, size);
    used_ = size;
  }
  void update(std::string_view s) noexcept { update(s.data(), s.size()); }

  /// Pads, and returns the digest; the object must not be updated afterwards.
  digest finish() noexcept {
    std::uint64_t bits = length_ * 8;
    static constexpr std::uint8_t pad[64] = {0x80};
    update(pad, used_ < 56 ? 56 - used_ : 120 - used_);
    std::uint8_t len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<std::uint8_t>(bits >> (56 - 8 * i));
    update(len, 8);
    digest out;
    for (int i = 0; i < 8; ++i)
      for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>(h_[i] >> (24 - 8 * j));
    return out;
  }

  /// Lower-case hexadecimal, 64 characters.
  static std::string to_hex(const digest& d) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    for (auto b : d) {
      s += digits[b >> 4];
      s += digits[b & 15];
    }
    return s;
  }

 private:
  static constexpr std::uint32_t rotr(std::uint32_t x, int n) noexcept { return (x >> n) | (x << (32 - n)); }

  void compress(const std::uint8_t* p) noexcept {
    static constexpr std::uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = std::uint32_t(p[4 * i]) << 24 | std::uint32_t(p[4 * i + 1]) << 16 | std::uint32_t(p[4 * i + 2]) << 8 |
             std::uint32_t(p[4 * i + 3]);
    for (int i = 16; i < 64; ++i) {
      std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4], f = h_[5], g = h_[6], h = h_[7];
    for (int i = 0; i < 64; ++i) {
      std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
      std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h_[0] += a, h_[1] += b, h_[2] += c, h_[3] += d, h_[4] += e, h_[5] += f, h_[6] += g, h_[7] += h;
  }

  std::uint32_t h_[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<std::uint8_t, 64> block_{};
  std::size_t used_ = 0;
  std::uint64_t length_ = 0;
};

/// SHA-256 of `data` in hexadecimal.
inline std::string sha256_hex(std::string_view data) {
  sha256 h;
  h.update(data);
  return sha256::to_hex(h.finish());
}

/// SHA-256 of a file's content in hexadecimal; a failure (errc::io) when it cannot be read.
inline result<std::string> sha256_file(const std::string& path) {
  detail::unique_fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return detail::errno_failure("cannot open " + path);
  sha256 h;
  char buf[65536];
  for (;;) {
    ssize_t got = detail::read_some(fd.get(), buf, sizeof buf);
    if (got < 0) return detail::errno_failure("cannot read " + path);
    if (got == 0) return sha256::to_hex(h.finish());
    h.update(buf, static_cast<std::size_t>(got));
  }
}

}  // namespace sys
AIOPS_END_NAMESPACE
