// aiops: `aiops run pipeline.yaml`: the closed loop (sources -> templates -> features -> detectors
// -> alerts -> sinks) against real files and servers, until SIGINT/SIGTERM, with its state saved
// SPDX-License-Identifier: MIT
#include <chrono>   // steady_clock
#include <csignal>  // sigaction, SIGINT, SIGTERM
#include <cstdint>  // std::uint64_t
#include <cstdio>   // std::fprintf, std::printf
#include <memory>   // std::make_shared
#include <string>   // std::string

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <aiops/pipeline.hpp>
#include <aiops/prom/server.hpp>

#include "command.hpp"

namespace cmd_run {

namespace pl = aiops::pipeline;

struct run_args {
  std::string config;
  bool once = false;
  bool json = false;
  double progress = 5;
};

pl::pipeline* running = nullptr;
extern "C" void aiops_run_request_stop(int) {  // extern "C": one name in the program
  if (running != nullptr) running->request_stop();  // an atomic store: safe in a handler
}

std::string data_time(aiops::timestamp_ns t) { return t ? aiops::format_rfc3339(t, 0) : std::string("-"); }

std::string progress_line(const pl::pipeline& p) {
  const pl::run_stats& s = p.stats();
  std::string at;
  for (const auto& [name, t] : p.watermarks()) at += fmt::format(" {}@{}", name, data_time(t));
  const std::string dropped = s.dropped ? fmt::format(", {} DROPPED: outbox full", s.dropped) : "";
  return fmt::format("{} records ({} bad), {} windows, {} fired, {} resolved, {} notifications ({} delivered, {} waiting{});{}",
                     s.records, s.bad, s.windows, s.fired, s.resolved, s.notifications, s.delivered, p.pending_notifications(), dropped, at);
}

nlohmann::json summary(const pl::pipeline& p) {
  const pl::run_stats& s = p.stats();
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto& a : p.alerts())
    alerts.push_back({{"labels", a.labels}, {"state", aiops::alert::to_string(a.state)}, {"value", a.value},
                      {"active_at", data_time(a.active_at)}, {"fired_at", data_time(a.fired_at)}, {"resolved_at", data_time(a.resolved_at)}});
  nlohmann::json sources = nlohmann::json::object();
  for (const auto& [name, t] : p.watermarks()) sources[name] = data_time(t);
  return {{"pipeline", p.configuration().name}, {"records", s.records}, {"bad", s.bad}, {"windows", s.windows},
          {"fired", s.fired}, {"resolved", s.resolved}, {"notifications", s.notifications}, {"delivered", s.delivered},
          {"delivery_errors", s.delivery_errors}, {"source_errors", s.source_errors}, {"waiting", p.pending_notifications()}, {"coalesced", s.coalesced},
          {"dropped", s.dropped}, {"skipped_series", s.skipped_series},
          {"sources", sources}, {"alerts", alerts}, {"last_error", p.last_error()}};
}

void run(const run_args& args) {
  auto loaded = pl::load_config_file(args.config);
  if (!loaded) {
    std::fprintf(stderr, "aiops run: %s\n", loaded.error().message.c_str());
    throw CLI::RuntimeError(2);
  }
  pl::pipeline p(std::move(*loaded));
  std::unique_ptr<aiops::prom::metrics_server> metrics;
  if (const std::string& listen = p.configuration().metrics_listen; !listen.empty()) {
    const std::size_t colon = listen.rfind(':');
    const auto port = aiops::parse_int(colon == std::string::npos ? std::string_view() : std::string_view(listen).substr(colon + 1));
    if (!port) throw aiops::error("metrics: HOST:PORT expected, not '" + listen + "'");
    metrics = std::make_unique<aiops::prom::metrics_server>(p.metrics(), listen.substr(0, colon), int(*port));
    metrics->start();
    std::fprintf(stderr, "aiops run: the pipeline's metrics on http://%s/metrics\n", listen.c_str());
  }

  running = &p;
  struct sigaction action {};
  action.sa_handler = aiops_run_request_stop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  const auto started = std::chrono::steady_clock::now();
  auto last_shown = started;
  std::string last_error, last_source_error;
  std::uint64_t dropped = 0;
  std::fprintf(stderr, "aiops run: %s: %zu sources, %zu rules, %zu sinks%s\n", p.configuration().name.c_str(),
               p.configuration().sources.size(), p.configuration().rules.size(), p.configuration().sinks.size(),
               args.once ? " (once: until every source has caught up)" : " (until SIGINT or SIGTERM)");
  p.run(args.once, [&](const pl::pipeline& q) {
    const auto now = std::chrono::steady_clock::now();
    if (q.last_error() != last_error) {
      last_error = q.last_error();
      std::fprintf(stderr, "aiops run: delivery failed (will retry): %s\n", last_error.c_str());
    }
    if (q.last_source_error() != last_source_error) {
      last_source_error = q.last_source_error();
      if (last_source_error.empty()) std::fprintf(stderr, "aiops run: the sources answer again\n");
      else std::fprintf(stderr, "aiops run: a source failed (polled again next cycle): %s\n", last_source_error.c_str());
    }
    if (q.stats().dropped != dropped) {
      dropped = q.stats().dropped;
      std::fprintf(stderr, "aiops run: warning: outbox full (max_outbox %zu): the oldest notifications were dropped, %llu so far\n",
                   q.configuration().max_outbox, static_cast<unsigned long long>(dropped));
    }
    if (now - last_shown < std::chrono::duration<double>(args.progress)) return;
    last_shown = now;
    std::fprintf(stderr, "aiops run: %s\n", progress_line(q).c_str());
  });
  running = nullptr;
  if (metrics) metrics->stop();

  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "aiops run: done in %.1f s: %s%s\n", elapsed, progress_line(p).c_str(),
               p.configuration().state.empty() ? "" : ("; state saved in " + p.configuration().state).c_str());
  for (const auto& a : p.alerts())
    if (a.state == aiops::alert::alert_state::firing)
      std::fprintf(stderr, "aiops run: still firing: %s since %s\n", a.labels.at("alertname").c_str(), data_time(a.fired_at).c_str());
  if (args.json) std::printf("%s\n", summary(p).dump(2).c_str());
  if (p.pending_notifications() > 0) {
    std::fprintf(stderr, "aiops run: %zu notifications could not be delivered yet; they wait in the state file\n",
                 p.pending_notifications());
    throw CLI::RuntimeError(3);
  }
}

void setup(CLI::App& sub) {
  auto args = std::make_shared<run_args>();
  sub.add_option("config", args->config, "pipeline configuration (YAML), see docs/pipeline.md")->required()->check(CLI::ExistingFile);
  sub.add_flag("--once", args->once, "stop once every source has caught up (a batch run) instead of running until stopped");
  sub.add_flag("--json", args->json, "print a summary (counts, alerts held, where each source is) as JSON on stdout at the end");
  sub.add_option("--progress", args->progress, "seconds between progress lines on stderr")->capture_default_str()->check(CLI::PositiveNumber);
  sub.footer(
      "Time is the data's: windows close and rules fire at the times the records carry, so replaying old\n"
      "logs gives the alerts watching them live would have given. The state file (offsets, templates,\n"
      "detectors, alert state, undelivered notifications) is saved every `checkpoint:` (5s) while data\n"
      "flows, after every notification queued or delivered, and at the end: a pipeline killed at any\n"
      "moment and started again reads again what it read since, and loses no alert; it repeats only one\n"
      "delivered in the instant between the sink's answer and that save.\n"
      "Exit codes: 0 done, 2 bad configuration (key, line and column on stderr), 3 notifications still\n"
      "waiting for their sink, 1 other errors.\n"
      "  aiops run deploy/pipeline/bundled.yaml --once\n"
      "  aiops run deploy/pipeline/servers.yaml");
  sub.callback([args] { run(*args); });
}

const aiops::app::register_command reg{{"run", "Run a pipeline (logs/metrics -> detection -> alerts) from a YAML file", setup}};

}  // namespace cmd_run
