// aiops: internals: an open-addressing hash map from strings to values, for the streaming counters
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t, std::uint64_t
#include <cstring>      // std::memcpy, std::memcmp
#include <functional>   // std::hash (without 128-bit integers)
#include <stdexcept>    // std::length_error
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move, std::pair
#include <vector>       // std::vector

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame::detail {

/// Strings to values, built for counting log fields: the entries (each key's hash, its place in a
/// shared key buffer, and the value) in insertion order in one array, found through a table of
/// 32-bit entry numbers at most half full. A lookup reads 4 bytes of that table (1 MiB for a
/// quarter million keys: it stays in cache), then the entry, and the key's bytes only when the
/// stored 64-bit hash and the length agree. The keys seen first, usually the most frequent, share
/// the first cache lines. References to values are valid until the next insertion.
template <class T>
class string_map {
 public:
  /// The value of `key`, or nullptr.
  T* find(std::string_view key) noexcept {
    const std::uint32_t* at = probe(key, hash(key));
    return at && *at ? &entries_[*at - 1].value : nullptr;
  }
  const T* find(std::string_view key) const noexcept { return const_cast<string_map*>(this)->find(key); }

  /// The value of `key`, inserted as a copy of `initial` when it is new.
  T& get_or_insert(std::string_view key, const T& initial) { return get_or_insert(key, hash(key), initial); }

  /// Adds `other`'s entries: combine(T& mine, const T& theirs) for each, `mine` inserted as a copy
  /// of `initial` when new. Reuses the stored hashes and fetches table slots a few entries ahead:
  /// merging the counters of threads is a stream of cache misses otherwise.
  template <class F>
  void merge(const string_map& other, const T& initial, F&& combine) {
    while ((size() + other.size()) * 2 > table_.size()) grow();  // no growth inside the loop
    const std::size_t mask = table_.size() - 1, ahead = 8, count = other.entries_.size();
    for (std::size_t n = 0; n < count; ++n) {
#if defined(__GNUC__)
      if (n + 2 * ahead < count) __builtin_prefetch(&table_[other.entries_[n + 2 * ahead].hash & mask]);
      if (n + ahead < count)
        if (const std::uint32_t at = table_[other.entries_[n + ahead].hash & mask]) __builtin_prefetch(&entries_[at - 1]);
#endif
      const entry& e = other.entries_[n];
      combine(get_or_insert(other.key_of(e), e.hash, initial), e.value);
    }
  }

  std::size_t size() const noexcept { return entries_.size(); }

  /// Calls f(std::string_view key, const T& value) for every entry, in insertion order.
  template <class F>
  void for_each(F&& f) const {
    for (const entry& e : entries_) f(key_of(e), e.value);
  }

 private:
  static constexpr std::size_t max_entries = 0xFFFFFFFEu;  // entry numbers are 32-bit, 0 is "empty"

  struct entry {
    std::uint64_t hash = 0;
    std::size_t offset = 0;  // of the key in keys_
    std::uint32_t size = 0;  // lines are far shorter than 4 GiB
    T value{};
  };

  static std::uint64_t word(const char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  }

  // A key of 8 to 32 bytes (most log fields) is covered by four words that may overlap: at 0, at
  // these two offsets and at n - 8. hash() and same_bytes() read them without a loop, whose exit
  // at a length that varies from key to key was a mispredicted branch per count.
  static std::pair<std::size_t, std::size_t> middle(std::size_t n) noexcept { return {n < 16 ? n - 8 : 8, n < 16 ? 0 : n - 16}; }

  // Inline, the key's words folded through 64 x 64 -> 128-bit products: log fields are short, and
  // std::hash's out-of-line call cost a quarter of a path count.
  static std::uint64_t hash(std::string_view key) noexcept {
#if defined(__SIZEOF_INT128__)
    constexpr std::uint64_t k1 = 0x8F3B2C61D54A9E17ull, k2 = 0x5D1E7A93C46B28F5ull, k3 = 0xA24BAED4963EE407ull,
                            k4 = 0x3C79AC492BA7B653ull;
    __extension__ typedef unsigned __int128 u128;  // __extension__: a GNU type, not an error under -Wpedantic
    const auto fold = [](std::uint64_t a, std::uint64_t b) {
      const u128 product = static_cast<u128>(a) * b;
      return std::uint64_t(product) ^ std::uint64_t(product >> 64);
    };
    const char* p = key.data();
    std::size_t n = key.size();
    std::uint64_t h = k1 ^ n;
    if (n >= 8 && n <= 32) {
      const auto [i, j] = middle(n);
      return fold(word(p) ^ h ^ k1, word(p + i) ^ k2) ^ fold(word(p + j) ^ k3, word(p + n - 8) ^ k4);
    }
    for (; n > 16; n -= 16, p += 16) h = fold(word(p) ^ h ^ k1, word(p + 8) ^ k2);
    std::uint64_t a = 0, b = 0;  // the last 1-16 bytes, read as two words that may overlap
    if (n >= 8) {
      a = word(p);
      b = word(p + n - 8);
    } else if (n >= 4) {
      std::uint32_t x, y;
      std::memcpy(&x, p, 4);
      std::memcpy(&y, p + n - 4, 4);
      a = x;
      b = y;
    } else if (n > 0) {
      a = std::uint64_t(std::uint8_t(p[0])) << 16 | std::uint64_t(std::uint8_t(p[n / 2])) << 8 | std::uint8_t(p[n - 1]);
    }
    return fold(a ^ h ^ k1, b ^ k2);
#else
    return std::hash<std::string_view>{}(key);
#endif
  }

  // a[0, n) == b[0, n): a memcmp call cost more than the compare of a few words.
  static bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
    if (n < 8 || n > 32) return std::memcmp(a, b, n) == 0;
    const auto [i, j] = middle(n);
    return ((word(a) ^ word(b)) | (word(a + i) ^ word(b + i)) | (word(a + j) ^ word(b + j)) | (word(a + n - 8) ^ word(b + n - 8))) == 0;
  }

  std::string_view key_of(const entry& e) const noexcept { return std::string_view(keys_).substr(e.offset, e.size); }

  T& get_or_insert(std::string_view key, std::uint64_t h, const T& initial) {
    std::uint32_t* at = probe(key, h);
    if (at && *at) return entries_[*at - 1].value;
    return insert(at, key, h, initial);
  }

  // get_or_insert for a new key, out of line: the lookup of a known key, most calls, is then
  // small enough to be inlined into the caller.
  [[gnu::noinline]] T& insert(std::uint32_t* at, std::string_view key, std::uint64_t h, const T& initial) {
    if ((entries_.size() + 1) * 2 > table_.size()) {  // at most half full: probes stay short
      grow();
      at = probe(key, h);
    }
    if (entries_.size() == max_entries) throw std::length_error("frame: more than 4 billion distinct keys");
    entries_.push_back(entry{h, keys_.size(), std::uint32_t(key.size()), initial});
    keys_.append(key);
    *at = std::uint32_t(entries_.size());
    return entries_.back().value;
  }

  // The table slot holding `key`'s entry number, else the empty slot where it would go; nullptr
  // before the first insertion.
  std::uint32_t* probe(std::string_view key, std::uint64_t h) noexcept {
    if (table_.empty()) return nullptr;
    const std::size_t mask = table_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {  // linear probing
      std::uint32_t& at = table_[i];
      if (at == 0) return &at;
      const entry& e = entries_[at - 1];
      if (e.hash == h && e.size == key.size() && same_bytes(keys_.data() + e.offset, key.data(), key.size())) return &at;
    }
  }

  // Doubles the table, placing every entry by its stored hash.
  void grow() {
    table_.assign(table_.empty() ? 16 : table_.size() * 2, 0);
    const std::size_t mask = table_.size() - 1;
    for (std::size_t n = 0; n < entries_.size(); ++n) {
      std::size_t i = entries_[n].hash & mask;
      while (table_[i]) i = (i + 1) & mask;
      table_[i] = std::uint32_t(n + 1);
    }
  }

  std::vector<std::uint32_t> table_;
  std::vector<entry> entries_;
  std::string keys_;
};

}  // namespace frame::detail
AIOPS_END_NAMESPACE
