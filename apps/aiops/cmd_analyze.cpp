// aiops: `aiops analyze FILE`: a streaming report of an access log, syslog, JSON-lines or logfmt
// file (traffic, status codes, errors over time, top lists, latency, sshd logins, levels, bad lines)
// SPDX-License-Identifier: MIT
#include <unistd.h>  // isatty

#include <algorithm>  // std::max
#include <chrono>     // std::chrono
#include <cstdio>     // std::fprintf
#include <fstream>    // std::ofstream
#include <iostream>   // std::cout
#include <memory>     // std::unique_ptr, std::make_shared
#include <optional>   // std::optional
#include <string>     // std::string
#include <thread>     // std::thread::hardware_concurrency
#include <vector>     // std::vector

#include <fmt/core.h>

#include <aiops/core.hpp>
#include <aiops/logs.hpp>

#include "analyze/build.hpp"
#include "analyze/detect.hpp"
#include "analyze/report.hpp"
#include "analyze/scan.hpp"
#include "analyze/stats.hpp"
#include "command.hpp"

namespace cmd_analyze {

namespace an = aiops::app::analyze;
namespace logs = aiops::logs;

struct analyze_args {
  std::string file;
  std::string format;
  bool json = false;
  std::string html;
  std::size_t top = 10;
  bool progress = false;
  unsigned threads = 0;
  int year = 0;
  std::size_t examples = 10;
};

// Lines looked at to recognise the format.
constexpr std::size_t sample_size = 50;

// The input: a regular file read in parallel ranges, or a stream (stdin, gzip) read once.
struct input {
  std::unique_ptr<an::open_file> file;          // set for a plain regular file
  std::optional<logs::line_reader> stream;      // set otherwise
  std::vector<an::held_line> ahead;             // stream lines read for detection
  std::vector<std::string> sample;
};

input open_input(const std::string& path) {
  input in;
  if (path != "-") {
    auto f = std::make_unique<an::open_file>(path);
    if (f->regular() && !f->gzipped()) {
      in.sample = an::sample_lines(*f, sample_size);
      in.file = std::move(f);
      return in;
    }
  }
  in.stream.emplace(logs::open_log(path));
  in.ahead = an::read_ahead(*in.stream, sample_size);
  for (const auto& h : in.ahead)
    if (!aiops::trim(h.text).empty()) in.sample.push_back(h.text);
  return in;
}

template <class Sink>
void run(const analyze_args& args, input& in, const std::string& label, const Sink& prototype) {
  an::progress prog;
  prog.enabled = args.progress || ::isatty(2);
  an::run_info info;
  info.path = args.file;
  info.format = label;
  info.top = args.top;
  info.totals.summary.limits.max_examples = args.examples;
  const auto start = std::chrono::steady_clock::now();
  if (in.file) prog.total_bytes = in.file->size();
  const unsigned threads = args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  const Sink result = in.file ? an::scan_file(*in.file, prototype, threads, prog, info.totals)
                              : an::scan_stream(*in.stream, in.ahead, prototype, prog, info.totals);
  info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  prog.done();

  const an::report r = an::build(result.stats, info);
  if (args.json) std::cout << an::to_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  else std::cout << an::to_text(r);
  if (!args.html.empty()) {
    std::ofstream out(args.html, std::ios::binary | std::ios::trunc);
    out << an::to_html(r);
    out.close();
    if (!out) throw aiops::error("cannot write the HTML report to " + args.html);
    std::fprintf(stderr, "analyze: HTML report written to %s\n", args.html.c_str());
  }
}

void analyze(const analyze_args& args) {
  input in = open_input(args.file);
  const int year = args.year;  // 0: syslog lines take the most recent year not in the future
  an::chosen_format f = an::choose_format(args.format, in.sample, year);
  switch (f.kind) {
    case an::log_kind::access:
      if (f.w3c) {  // a #Fields: directive changes how the lines after it read: one thread reads them in order
        analyze_args in_order = args;
        in_order.threads = 1;
        return run(in_order, in, f.label, an::access_sink(logs::w3c_parser(*f.w3c)));
      }
      if (f.in_syslog) return run(args, in, f.label, an::access_sink(*f.access, year));
      return run(args, in, f.label, an::access_sink(*f.access));
    case an::log_kind::syslog: return run(args, in, f.label, an::parsing_sink<logs::syslog_parser, an::syslog_stats>({year}));
    case an::log_kind::json: return run(args, in, f.label, an::parsing_sink<logs::json_parser, an::kv_stats>());
    case an::log_kind::logfmt: return run(args, in, f.label, an::parsing_sink<logs::logfmt_parser, an::kv_stats>());
    case an::log_kind::text: return run(args, in, f.label, an::parsing_sink<logs::text_parser, an::kv_stats>(logs::text_parser(year)));
    case an::log_kind::loghub:
      return run(args, in, f.label, an::parsing_sink<an::loghub_format_parser, an::kv_stats>(an::loghub_format_parser(*f.loghub)));
  }
}

const aiops::app::register_command reg{{"analyze", "Report on a log file: traffic, errors, top lists, latency, logins",
                                        [](CLI::App& sub) {
  auto args = std::make_shared<analyze_args>();
  sub.add_option("FILE", args->file, "log file: plain, .gz, or - for standard input")->required();
  sub.add_option("--format", args->format, std::string(an::format_help));
  sub.add_flag("--json", args->json, "print the report as JSON");
  sub.add_option("--html", args->html, "also write a self-contained HTML report with SVG charts to this file");
  sub.add_option("--top", args->top, "rows in each top list")->check(CLI::Range(1, 100000))->capture_default_str();
  sub.add_flag("--progress", args->progress, "show progress on stderr even when it is not a terminal");
  sub.add_option("--threads", args->threads, "threads for a plain file (default: one per core)")->check(CLI::Range(1, 256));
  sub.add_option("--year", args->year,
                 "year of syslog timestamps, which have none (default: the most recent year that does not put a line in the future)")
      ->check(CLI::Range(1678, 2261));
  sub.add_option("--examples", args->examples, "bad lines shown as examples")->capture_default_str();
  sub.callback([args] { analyze(*args); });
}}};

}  // namespace cmd_analyze
