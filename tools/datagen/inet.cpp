// aiops: datagen's network-looking values
// SPDX-License-Identifier: MIT
#include "inet.hpp"

#include <cstdio>  // std::snprintf

namespace datagen {

namespace {
// The US Department of Defense's /8s: routed, but almost never seen as web clients.
bool is_military(int first_octet) {
  for (int a : {6, 7, 11, 21, 22, 26, 28, 29, 30, 33, 55, 214, 215})
    if (first_octet == a) return true;
  return false;
}
}  // namespace

std::string public_ipv4(rng& r) {
  for (;;) {
    const int a = static_cast<int>(r.between(1, 223));
    const int b = static_cast<int>(r.between(0, 255));
    // 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.0.2/24, 192.168/16,
    // 198.18/15, 198.51.100/24, 203.0.113/24: private, special or documentation.
    const int c = static_cast<int>(r.between(0, 255));
    const bool special = a == 10 || a == 127 || is_military(a) || (a == 100 && b >= 64 && b < 128) || (a == 169 && b == 254) ||
                         (a == 172 && b >= 16 && b < 32) || (a == 192 && (b == 168 || (b == 0 && c <= 2))) ||
                         (a == 198 && (b == 18 || b == 19 || (b == 51 && c == 100))) || (a == 203 && b == 0 && c == 113);
    if (special) continue;
    char buf[20];
    std::snprintf(buf, sizeof buf, "%d.%d.%d.%d", a, b, c, static_cast<int>(r.between(1, 254)));
    return buf;
  }
}

std::string public_ipv6(rng& r) {
  // Residential and mobile prefixes of large European, American and Chinese ISPs.
  static constexpr const char* prefixes[] = {"2a01:cb08", "2a02:8108", "2600:1700", "2601:646", "240e:3b4",
                                             "2409:8a1e", "2408:8256", "2a00:23c7", "2003:e6", "2406:da18"};
  std::string s = r.pick(prefixes);
  char buf[8];
  std::snprintf(buf, sizeof buf, ":%x", static_cast<unsigned>(r.below(0x10000)));
  s += buf;
  if (r.chance(0.25)) {
    // A SLAAC-less address such as ...::1a2b: the "::" form parsers must handle.
    std::snprintf(buf, sizeof buf, "::%x", static_cast<unsigned>(r.between(1, 0xffff)));
    return s + buf;
  }
  for (int i = 0; i < 5; ++i) {  // two prefix groups + one + five: eight groups
    std::snprintf(buf, sizeof buf, ":%x", static_cast<unsigned>(r.between(1, 0xffff)));
    s += buf;
  }
  return s;
}

std::string hex_id(rng& r, int digits) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < digits; ++i) s += hex[r.below(16)];
  return s;
}

}  // namespace datagen
