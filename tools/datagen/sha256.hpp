// aiops: SHA-256 (FIPS 180-4) for datagen's manifest, so it matches `sha256sum` without running it
// SPDX-License-Identifier: MIT
#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view

namespace datagen {

/// Lower-case hex SHA-256 of `data`, as `sha256sum` prints it.
std::string sha256_hex(std::string_view data);

}  // namespace datagen
