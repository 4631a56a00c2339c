// aiops: cpp-httplib, included once for the whole library
// SPDX-License-Identifier: MIT
#pragma once

#include <httplib.h>

// Debian's httplib.h includes <resolv.h>, whose `_res` macro rewrites Eigen's parameter names
// (any translation unit that includes an HTTP header before Eigen fails to compile). Nothing in
// aiops uses the resolver's global state.
#undef _res
