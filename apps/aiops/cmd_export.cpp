// aiops: `aiops export`: a node_exporter-like /metrics endpoint for this host plus the program's own metrics
// SPDX-License-Identifier: MIT
#include <pthread.h>  // pthread_sigmask: only the main thread takes SIGINT/SIGTERM
#include <signal.h>   // sigwait

#include <cstdio>  // std::fprintf
#include <string>  // std::string

#include <aiops/core.hpp>
#include <aiops/prom.hpp>

#include "command.hpp"

namespace cmd_export {

struct export_args {
  std::string listen = "127.0.0.1:9101";
  std::string proc = "/proc";
};

void run_export(const export_args& args) {
  const std::size_t colon = args.listen.rfind(':');
  const std::string host = args.listen.substr(0, colon);
  const int port = static_cast<int>(*aiops::parse_int(args.listen.substr(colon + 1)));  // checked by the validator

  aiops::prom::registry reg;
  reg.add_gauge("aiops_build_info", "The aiops version this exporter was built from.", {"version"})
      .with({aiops::version_string})
      .set(1);
  aiops::prom::host_options host_options;
  host_options.proc_path = args.proc;
  reg.add_collector(aiops::prom::host_collector(host_options));
  reg.add_collector(aiops::prom::collect_process);

  // Block the stop signals before the server's threads start, so that they inherit the mask and
  // only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  aiops::prom::metrics_server server(reg, host, port);
  server.start();
  std::fprintf(stderr, "aiops export: serving http://%s:%d/metrics (Ctrl-C to stop)\n", host.c_str(), server.port());
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server.stop();
  std::fprintf(stderr, "aiops export: stopped by signal %d\n", signal_number);
}

void setup(CLI::App& sub) {
  auto args = std::make_shared<export_args>();
  sub.add_option("--listen", args->listen, "HOST:PORT to serve /metrics on (port 0: any free port)")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& text) {
            const std::size_t colon = text.rfind(':');
            const auto port = colon == std::string::npos ? std::nullopt : aiops::parse_int(text.substr(colon + 1));
            return colon == 0 || !port || *port < 0 || *port > 65535 ? std::string("expected HOST:PORT") : std::string();
          },
          "HOST:PORT"));
  sub.add_option("--proc", args->proc, "where /proc is mounted (a container may mount the host's elsewhere)")
      ->capture_default_str();
  sub.footer(
      "Serves this host's metrics under node_exporter's names (node_cpu_seconds_total{cpu,mode},\n"
      "node_memory_MemAvailable_bytes, node_filesystem_avail_bytes, node_network_receive_bytes_total,\n"
      "node_load1, ...) plus process_* and aiops_* metrics, as text 0.0.4 or OpenMetrics (Accept header),\n"
      "gzip when asked. Scrape it with Prometheus:\n"
      "  scrape_configs: [{job_name: aiops, static_configs: [{targets: ['127.0.0.1:9101']}]}]");
  sub.callback([args] { run_export(*args); });
}

const aiops::app::register_command reg{{"export", "Serve this host's metrics for Prometheus (like node_exporter)", setup}};

}  // namespace cmd_export
