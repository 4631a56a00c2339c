// aiops: the sys module: processes with timeouts, /proc readers, SHA-256, snapshot backups (standard library + POSIX)
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/core.hpp"
#include "aiops/sys/backup.hpp"
#include "aiops/sys/manifest.hpp"
#include "aiops/sys/process.hpp"
#include "aiops/sys/procfs.hpp"
#include "aiops/sys/retention.hpp"
#include "aiops/sys/sha256.hpp"
