// aiops: the one Catch2 main shared by every test executable (compiled once)
// SPDX-License-Identifier: MIT
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
