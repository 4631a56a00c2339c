// aiops: the interface every notifier (Alertmanager, webhook, DingTalk, e-mail) implements (standard library only)
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/alert/route.hpp"
#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace alert {

/// Delivers notifications to one receiver.
class notifier {
 public:
  virtual ~notifier() = default;

  /// Delivers `n`, or throws: the caller (an `outbox`) keeps what was not delivered.
  /// @throws aiops::error (e.g. `http::http_error`) when the receiver did not take it.
  virtual void send(const notification& n) = 0;
};

}  // namespace alert
AIOPS_END_NAMESPACE
