// aiops: the logs module: access-log (nginx/Apache), syslog, JSON-lines and logfmt parsers, line readers (.gz too)
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/core.hpp"
#include "aiops/logs/access.hpp"
#include "aiops/logs/fields.hpp"
#include "aiops/logs/grok.hpp"
#include "aiops/logs/gzip.hpp"
#include "aiops/logs/json.hpp"
#include "aiops/logs/logfmt.hpp"
#include "aiops/logs/reader.hpp"
#include "aiops/logs/syslog.hpp"
#include "aiops/logs/text.hpp"
