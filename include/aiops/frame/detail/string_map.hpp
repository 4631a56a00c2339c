// aiops: internals: an open-addressing hash map from strings to values, for the streaming counters
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t, std::uint64_t
#include <functional>   // std::hash
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame::detail {

/// Strings to values, built for counting log fields: one array of slots holding each key's hash,
/// its place in a shared key buffer, and the value. A lookup touches its slot and, only when the
/// stored 64-bit hash and the length agree, the key's bytes: two cache misses where
/// std::unordered_map<std::string, T> takes three or four (bucket, node, key on the heap).
/// References to values are valid until the next insertion.
template <class T>
class string_map {
 public:
  /// The value of `key`, or nullptr.
  T* find(std::string_view key) noexcept {
    slot* s = probe(key, hash(key));
    return s && s->used ? &s->value : nullptr;
  }
  const T* find(std::string_view key) const noexcept { return const_cast<string_map*>(this)->find(key); }

  /// The value of `key`, inserted as a copy of `initial` when it is new.
  T& get_or_insert(std::string_view key, const T& initial) {
    const std::uint64_t h = hash(key);
    if (slot* s = probe(key, h); s && s->used) return s->value;
    if ((size_ + 1) * 2 > slots_.size()) grow();  // at most half full: probes stay short
    slot* s = probe(key, h);
    *s = slot{h, keys_.size(), std::uint32_t(key.size()), true, initial};
    keys_.append(key);
    ++size_;
    return s->value;
  }

  std::size_t size() const noexcept { return size_; }

  /// Calls f(std::string_view key, const T& value) for every entry, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (const slot& s : slots_)
      if (s.used) f(std::string_view(keys_).substr(s.offset, s.size), s.value);
  }

 private:
  struct slot {
    std::uint64_t hash = 0;
    std::size_t offset = 0;  // of the key in keys_
    std::uint32_t size = 0;  // lines are far shorter than 4 GiB
    bool used = false;
    T value{};
  };

  static std::uint64_t hash(std::string_view key) noexcept { return std::hash<std::string_view>{}(key); }

  // The slot holding `key`, else the empty slot where it would go; nullptr before the first insertion.
  slot* probe(std::string_view key, std::uint64_t h) noexcept {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {  // linear probing
      slot& s = slots_[i];
      if (!s.used) return &s;
      if (s.hash == h && s.size == key.size() && std::string_view(keys_).substr(s.offset, s.size) == key) return &s;
    }
  }

  // Doubles the slots, placing every entry by its stored hash.
  void grow() {
    std::vector<slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, slot{});
    const std::size_t mask = slots_.size() - 1;
    for (slot& s : old) {
      if (!s.used) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].used) i = (i + 1) & mask;
      slots_[i] = std::move(s);
    }
  }

  std::vector<slot> slots_;
  std::string keys_;
  std::size_t size_ = 0;
};

}  // namespace frame::detail
AIOPS_END_NAMESPACE
