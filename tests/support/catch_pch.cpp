// aiops: the translation unit that builds the precompiled catch.hpp every test executable reuses
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>
