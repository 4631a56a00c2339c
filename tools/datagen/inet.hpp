// aiops: datagen's network-looking values: public IPv4/IPv6 addresses, ports, hex ids
// SPDX-License-Identifier: MIT
#pragma once

#include <string>  // std::string

#include "random.hpp"

namespace datagen {

/// A random IPv4 address outside the private, loopback, link-local, CGNAT, multicast,
/// documentation (kept for the datasets' own hosts) and military ranges.
std::string public_ipv4(rng& r);

/// A random global unicast IPv6 address under a few real-looking ISP prefixes, in RFC 5952 form.
std::string public_ipv6(rng& r);

/// An ephemeral client port (Linux default range 32768..60999).
inline int ephemeral_port(rng& r) { return static_cast<int>(r.between(32768, 60999)); }

/// `digits` random lower-case hex digits (trace ids, content hashes).
std::string hex_id(rng& r, int digits);

}  // namespace datagen
