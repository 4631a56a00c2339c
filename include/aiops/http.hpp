// aiops: the http module: an HTTP client with timeouts, retries and backoff, and JSON helpers
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/config.hpp"
#include "aiops/http/client.hpp"
#include "aiops/http/error.hpp"
#include "aiops/http/message.hpp"
#include "aiops/http/retry.hpp"
#include "aiops/http/serve.hpp"
#include "aiops/http/url.hpp"
