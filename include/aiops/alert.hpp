// aiops: the alert module: rules on series, the alert state machine, routing (grouping, dedup,
// silences, inhibition), a persistent outbox and notifiers (Alertmanager, webhook, DingTalk, e-mail)
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/config.hpp"
#include "aiops/alert/alertmanager.hpp"
#include "aiops/alert/dingtalk.hpp"
#include "aiops/alert/expr.hpp"
#include "aiops/alert/notifier.hpp"
#include "aiops/alert/outbox.hpp"
#include "aiops/alert/route.hpp"
#include "aiops/alert/rule.hpp"
#include "aiops/alert/series.hpp"
#include "aiops/alert/smtp.hpp"
#include "aiops/alert/template.hpp"
#include "aiops/alert/webhook.hpp"
