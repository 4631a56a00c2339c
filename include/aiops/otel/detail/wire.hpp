// aiops: the protobuf wire format (varints, fixed32/64, length-delimited, packed) read and written by hand
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::uint64_t, std::uint32_t
#include <cstring>      // std::memcpy (fixed-width and double fields)
#include <string>       // std::string (the writer's buffer)
#include <string_view>  // std::string_view

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace otel::detail {

/// Protobuf wire types.
enum class wire_type : std::uint32_t { varint = 0, fixed64 = 1, length = 2, start_group = 3, end_group = 4, fixed32 = 5 };

/// Reads one message's fields; every read checks the bounds and sets `bad` instead of throwing.
/// `where()` is the byte offset of the reader inside the whole request, for error messages.
struct wire_reader {
  std::string_view data;
  std::size_t pos = 0;
  std::size_t base = 0;  ///< offset of `data` in the request
  const char* bad = nullptr;

  bool done() const noexcept { return pos >= data.size() || bad != nullptr; }
  std::size_t where() const noexcept { return base + pos; }

  std::uint64_t varint() noexcept {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= data.size()) return fail("truncated varint");
      const auto b = static_cast<std::uint8_t>(data[pos++]);
      v |= std::uint64_t{b & 0x7Fu} << shift;
      if ((b & 0x80) == 0) return v;
    }
    return fail("varint longer than 10 bytes");
  }
  /// A field key: sets `field` and `type`; false at the end or on error.
  bool next(std::uint32_t& field, wire_type& type) noexcept {
    if (done()) return false;
    const std::uint64_t key = varint();
    if (bad != nullptr) return false;
    field = static_cast<std::uint32_t>(key >> 3);
    type = static_cast<wire_type>(key & 7);
    if (field == 0 || (key >> 3) > 0x1FFFFFFF) return fail_bool("field number 0 or above 2^29-1");
    return true;
  }
  template <class T>
  T fixed() noexcept {
    T v{};
    if (data.size() - pos < sizeof(T)) {
      fail("truncated fixed-width field");
      return v;
    }
    std::uint8_t raw[sizeof(T)];
    std::memcpy(raw, data.data() + pos, sizeof(T));
    pos += sizeof(T);
    // Little-endian on the wire whatever the host does.
    std::uint64_t u = 0;
    for (std::size_t i = sizeof(T); i-- > 0;) u = u << 8 | raw[i];
    if constexpr (sizeof(T) == 8) {
      std::uint64_t w = u;
      std::memcpy(&v, &w, 8);
    } else {
      auto w = static_cast<std::uint32_t>(u);
      std::memcpy(&v, &w, 4);
    }
    return v;
  }
  /// The payload of a length-delimited field.
  std::string_view bytes() noexcept {
    const std::uint64_t n = varint();
    if (bad != nullptr) return {};
    if (n > data.size() - pos) {
      fail("length-delimited field runs past the end of its message");
      return {};
    }
    const std::string_view out = data.substr(pos, static_cast<std::size_t>(n));
    pos += static_cast<std::size_t>(n);
    return out;
  }
  /// A reader over a nested message that reports offsets in the whole request; check `bad` after.
  wire_reader sub() noexcept {
    const std::string_view body = bytes();
    return wire_reader{body, 0, base + pos - body.size(), nullptr};
  }
  /// Skips a field the decoder does not know (forward compatibility).
  void skip(wire_type type) noexcept {
    switch (type) {
      case wire_type::varint: varint(); break;
      case wire_type::fixed64: advance(8); break;
      case wire_type::length: bytes(); break;
      case wire_type::fixed32: advance(4); break;
      default: fail("groups and wire types 6-7 are not used by OTLP"); break;
    }
  }
  std::uint64_t fail(const char* why) noexcept {
    if (bad == nullptr) bad = why;
    pos = data.size();
    return 0;
  }
  bool fail_bool(const char* why) noexcept {
    fail(why);
    return false;
  }

 private:
  void advance(std::size_t n) noexcept {
    if (data.size() - pos < n) {
      fail("truncated fixed-width field");
      return;
    }
    pos += n;
  }
};

/// Appends fields to a buffer; nested messages are written into a scratch buffer then prefixed
/// with their length, which costs a copy per level but keeps the code obvious.
struct wire_writer {
  std::string out;

  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      out += static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    out += static_cast<char>(v);
  }
  void key(std::uint32_t field, wire_type type) { varint(std::uint64_t{field} << 3 | static_cast<std::uint32_t>(type)); }

  void uint_field(std::uint32_t field, std::uint64_t v) {
    if (v == 0) return;  // proto3: defaults are not written
    key(field, wire_type::varint);
    varint(v);
  }
  void int_field(std::uint32_t field, std::int64_t v) { uint_field(field, static_cast<std::uint64_t>(v)); }
  void sint_field(std::uint32_t field, std::int32_t v) {
    uint_field(field, (static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31));
  }
  void bool_field(std::uint32_t field, bool v) { uint_field(field, v ? 1 : 0); }
  template <class T>
  void fixed_raw(T v) {
    std::uint64_t u = 0;
    if constexpr (sizeof(T) == 8) {
      std::memcpy(&u, &v, 8);
    } else {
      std::uint32_t w = 0;
      std::memcpy(&w, &v, 4);
      u = w;
    }
    for (std::size_t i = 0; i < sizeof(T); ++i, u >>= 8) out += static_cast<char>(u & 0xFF);
  }
  void fixed64_field(std::uint32_t field, std::uint64_t v) {
    if (v == 0) return;
    key(field, wire_type::fixed64);
    fixed_raw(v);
  }
  void fixed32_field(std::uint32_t field, std::uint32_t v) {
    if (v == 0) return;
    key(field, wire_type::fixed32);
    fixed_raw(v);
  }
  /// A double that is written even when zero (oneof members and `optional` fields have presence).
  void double_always(std::uint32_t field, double v) {
    key(field, wire_type::fixed64);
    fixed_raw(v);
  }
  void sfixed64_always(std::uint32_t field, std::int64_t v) {
    key(field, wire_type::fixed64);
    fixed_raw(v);
  }
  void bytes_field(std::uint32_t field, std::string_view v) {
    if (v.empty()) return;
    bytes_always(field, v);
  }
  void bytes_always(std::uint32_t field, std::string_view v) {
    key(field, wire_type::length);
    varint(v.size());
    out.append(v);
  }
  /// A nested message: `fill(writer)` writes its fields.
  template <class Fill>
  void message(std::uint32_t field, Fill&& fill, bool even_if_empty = false) {
    wire_writer inner;
    fill(inner);
    if (!inner.out.empty() || even_if_empty) bytes_always(field, inner.out);
  }
};

}  // namespace otel::detail
AIOPS_END_NAMESPACE
