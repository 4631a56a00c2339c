// aiops: `aiops ship FILE... --es URL --index NAME`: a Filebeat-like shipper: parse, map to ECS,
// bulk-index, remember per-file offsets, follow growing files through rotation
// SPDX-License-Identifier: MIT
#include <algorithm>    // std::min
#include <atomic>       // std::atomic
#include <chrono>       // steady_clock, durations
#include <csignal>      // sigaction, SIGINT, SIGTERM, std::sig_atomic_t
#include <cstdint>      // std::int64_t, std::uint64_t
#include <cstdio>       // std::fprintf, std::FILE
#include <deque>        // std::deque
#include <filesystem>   // std::filesystem::absolute, directory_iterator
#include <memory>       // std::unique_ptr, std::make_unique, std::make_shared
#include <optional>     // std::optional
#include <stdexcept>    // std::logic_error
#include <string>       // std::string
#include <thread>       // std::this_thread::sleep_for
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include <aiops/core.hpp>
#include <aiops/es.hpp>
#include <aiops/logs.hpp>
#include <aiops/pipeline/offsets.hpp>
#include <aiops/pipeline/tail.hpp>

#include "command.hpp"
#include "es_connection.hpp"
#include "ship/mapper.hpp"

namespace cmd_ship {

namespace es = aiops::es;
namespace ship = aiops::app::ship;
namespace tail = aiops::pipeline;
using clock_type = std::chrono::steady_clock;

volatile std::sig_atomic_t stop_requested = 0;
extern "C" void request_stop(int) { stop_requested = 1; }

struct ship_args {
  std::vector<std::string> files;
  aiops::app::es_connection server;
  std::string index;
  std::string format;
  std::vector<std::string> grok;
  std::vector<std::string> grok_files;
  bool follow = false;
  std::string state;
  std::string dead_letter;
  int year = 0;
  std::size_t batch_docs = 1000;
  std::size_t batch_bytes = 5 * 1024 * 1024;
  unsigned workers = 2;
  int retries = 8;
  std::size_t queue = 20'000;
  double timeout = 60;
  bool no_create = false;
  double poll = 0.25;
  double close_inactive = 5;
  double state_interval = 1;
};

// FNV-1a, 64 bits: the document id must be the same every time the same line is shipped.
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 14695981039346656037ULL) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// `<hash of device, inode and line>-<offset>`: a restarted ship that sends a line again replaces
// its document instead of adding a copy; the offset keeps two lines of one file apart for sure.
std::string document_id(const tail::file_id& id, std::int64_t offset, std::string_view line) {
  std::uint64_t h = fnv1a(std::string_view(reinterpret_cast<const char*>(&id.device), sizeof id.device));
  h = fnv1a(std::string_view(reinterpret_cast<const char*>(&id.inode), sizeof id.inode), h);
  h = fnv1a(line, h);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = hex[h & 0xF];
  return out + "-" + std::to_string(offset);
}

// The first non-blank lines of the first file that exists, to recognise the format.
std::vector<std::string> sample_lines(const std::vector<std::string>& files) {
  for (const auto& path : files) {
    if (!tail::identify(path)) continue;
    std::vector<std::string> lines;
    tail::tailed_file f(path, 0);
    f.read_available(
        [&lines](const tail::line_event& e) {
          if (lines.size() < 50 && !aiops::trim(e.text).empty()) lines.emplace_back(e.text);
        },
        256 * 1024);
    return lines;
  }
  return {};
}

std::chrono::milliseconds seconds(double s) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::duration<double>(s));
}

/// One run of the shipper: the files, their offsets, the ingester, and the bookkeeping that
/// turns acknowledged sequence numbers into offsets saved in the state file.
class shipper {
 public:
  explicit shipper(const ship_args& args) : args_(args) {
    es::client_options client = args.server.client_options();
    client.http.deadline = seconds(args.timeout);
    client.http.read_timeout = seconds(args.timeout);
    client.http.write_timeout = seconds(args.timeout);
    client.http.retry.max_attempts = 4;
    es::client es(args.server.url, client);
    if (!args.no_create && !es.index_exists(args.index)) {
      try {
        es.create_index(args.index, es::ecs::index_body());
      } catch (const es::server_error& e) {
        if (e.type() != "resource_already_exists_exception") throw;  // another shipper was quicker
      }
    }

    mapper_.emplace(args.format, args.grok, args.grok_files, sample_lines(args.files), args.year);
    if (!args.dead_letter.empty()) {
      dead_letter_.reset(std::fopen(args.dead_letter.c_str(), "a"));
      if (!dead_letter_) throw aiops::error("cannot open --dead-letter file " + args.dead_letter);
    }
    es::ingester_options options;
    options.workers = args.workers;
    options.queue_capacity = args.queue;
    options.bulk.limits = {args.batch_docs, args.batch_bytes};
    options.bulk.max_retries = args.retries;
    options.bulk.on_failure = [this](const es::bulk_failure& f) { on_failure(f); };
    ingester_.emplace(args.server.url, client, options);
    if (!args.state.empty()) state_.emplace(args.state);
  }

  /// Ships until the files end (or, with --follow, until SIGINT/SIGTERM); returns the exit code.
  int run() {
    const auto started = clock_type::now();
    open_sources();
    int code = 0;
    try {
      if (args_.follow) {
        follow();
      } else {
        for (auto& d : draining_) {
          read_to_end(*d.file);
          if (!stopping()) retire(d);
        }
        for (auto& s : sources_) {
          if (s.current) read_to_end(*s.current);
        }
      }
    } catch (...) {
      // Keep what the server has acknowledged, so that a restart resumes there.
      try {
        ingester_->close();
      } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): the first error is the one to show
      }
      advance(true);
      throw;
    }
    const es::bulk_report report = ingester_->close();
    advance(true);
    const double elapsed = std::chrono::duration<double>(clock_type::now() - started).count();
    std::fprintf(stderr,
                 "aiops ship: %llu lines (%s) -> %s/%s: %zu indexed (%zu new, %zu replaced), %zu rejected, "
                 "%llu did not parse (tagged _parse_failure), %llu blank%s skipped; %.1f s, %.0f docs/s%s\n",
                 static_cast<unsigned long long>(lines_), mapper_->label().c_str(), args_.server.url.c_str(),
                 args_.index.c_str(), report.succeeded, report.created, report.updated, report.failed,
                 static_cast<unsigned long long>(unparsed_), static_cast<unsigned long long>(blank_),
                 directives_ > 0 ? (" and " + std::to_string(directives_) + " W3C directive(s)").c_str() : "", elapsed,
                 elapsed > 0 ? static_cast<double>(report.items) / elapsed : 0.0, stopping() ? " (stopped)" : "");
    if (report.failed > unavailable_) {
      std::fprintf(stderr, "aiops ship: %zu documents were rejected by the server%s\n", report.failed - unavailable_,
                   args_.dead_letter.empty() ? " (keep them with --dead-letter FILE)"
                                             : (", written to " + args_.dead_letter).c_str());
      code = 3;
    }
    if (unavailable_ > 0) {
      std::fprintf(stderr,
                   "aiops ship: the server answered 429/503 (overloaded or unavailable) to %zu documents through every "
                   "retry: they are not marked shipped, and a run with the same --state sends them again\n",
                   unavailable_.load());
      code = 1;
    }
    return code;
  }

 private:
  // A path given on the command line, and the file it names now.
  struct source {
    std::string path;
    std::unique_ptr<tail::tailed_file> current;
    std::size_t entry = 0;  // in offsets_
  };
  struct draining_file {
    std::unique_ptr<tail::tailed_file> file;
    std::size_t entry = 0;
    clock_type::time_point last_data;
  };
  // Lines up to `offset` of offsets_[entry] are safe once sequence `seq` is acknowledged;
  // `retire`: the file is done (rotated away and closed), so its offset need not be kept.
  struct checkpoint {
    std::uint64_t seq;
    std::size_t entry;
    std::int64_t offset;
    bool retire = false;
  };

  std::size_t new_entry(const tail::tailed_file& f) {
    offsets_.push_back({f.path(), f.id(), f.position()});
    live_.push_back(true);
    return offsets_.size() - 1;
  }

  // Where each file starts: its saved offset when the state knows it; files that were rotated
  // away while no shipper ran are found by inode next to their old name and finished first.
  void open_sources() {
    std::vector<tail::file_offset> saved = state_ ? state_->load() : std::vector<tail::file_offset>{};
    for (const auto& path : args_.files) {
      source s;
      s.path = path;
      const std::optional<tail::file_id> now = tail::identify(path);
      for (auto it = saved.begin(); it != saved.end();) {
        if (now && it->id == *now) {
          s.current = std::make_unique<tail::tailed_file>(path, it->offset);
          it = saved.erase(it);
        } else if (it->path == path) {
          resume_rotated(*it);
          it = saved.erase(it);
        } else {
          ++it;
        }
      }
      if (now && !s.current) s.current = std::make_unique<tail::tailed_file>(path, 0);
      if (!now && !args_.follow) throw aiops::error("no such file: " + path);
      if (s.current) s.entry = new_entry(*s.current);
      sources_.push_back(std::move(s));
    }
    // Offsets of other files sharing this state file stay as they were.
    for (auto& other : saved) {
      offsets_.push_back(std::move(other));
      live_.push_back(true);
    }
    advance(true);  // an unwritable state file fails now, not after an hour of shipping
  }

  void resume_rotated(const tail::file_offset& old) {
    const std::filesystem::path dir = std::filesystem::path(old.path).parent_path();
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
      if (!e.is_regular_file(ec)) continue;
      const auto id = tail::identify(e.path().string());
      if (id && *id == old.id) {
        auto f = std::make_unique<tail::tailed_file>(e.path().string(), old.offset);
        const std::size_t entry = new_entry(*f);
        draining_.push_back({std::move(f), entry, clock_type::now()});
        std::fprintf(stderr, "aiops ship: %s was rotated to %s; finishing it from offset %lld\n", old.path.c_str(),
                     e.path().c_str(), static_cast<long long>(old.offset));
        return;
      }
    }
    std::fprintf(stderr, "aiops ship: warning: %s was rotated and its old file (inode %llu) is gone; lines after "
                 "offset %lld of it were not shipped\n", old.path.c_str(), static_cast<unsigned long long>(old.id.inode),
                 static_cast<long long>(old.offset));
  }

  void read_to_end(tail::tailed_file& f) {
    const std::size_t entry = entry_of(f);
    const auto on_line = [&](const tail::line_event& e) { ship_line(f, entry, e); };
    while (!stopping() && f.read_available(on_line) > 0) advance(false);
    if (!stopping()) f.finish(on_line);
  }

  std::size_t entry_of(const tail::tailed_file& f) const {
    for (const auto& s : sources_) {
      if (s.current.get() == &f) return s.entry;
    }
    for (const auto& d : draining_) {
      if (d.file.get() == &f) return d.entry;
    }
    throw std::logic_error("aiops ship: a file without an offset entry");
  }

  // The follow loop: read what is new in every file, notice rotation, close rotated files once
  // they are quiet, sleep a little when nothing happened.
  void follow() {
    while (!stopping()) {
      std::size_t read = 0;
      for (auto& s : sources_) read += poll_source(s);
      for (auto it = draining_.begin(); it != draining_.end();) {
        const auto on_line = [&](const tail::line_event& e) { ship_line(*it->file, it->entry, e); };
        const std::size_t n = it->file->read_available(on_line);
        read += n;
        if (n > 0) it->last_data = clock_type::now();
        if (n == 0 && clock_type::now() - it->last_data >= seconds(args_.close_inactive)) {
          it->file->finish(on_line);
          retire(*it);
          it = draining_.erase(it);
        } else {
          ++it;
        }
      }
      advance(false);
      if (read == 0) std::this_thread::sleep_for(seconds(args_.poll));
    }
  }

  std::size_t poll_source(source& s) {
    if (!s.current) {  // the path did not exist (or was renamed away): has it come (back)?
      if (!tail::identify(s.path)) return 0;
      s.current = std::make_unique<tail::tailed_file>(s.path, 0);
      s.entry = new_entry(*s.current);
    }
    const std::size_t entry = s.entry;
    tail::tailed_file& f = *s.current;
    const std::size_t n = f.read_available([&](const tail::line_event& e) { ship_line(f, entry, e); });
    const std::optional<tail::file_id> now = tail::identify(s.path);
    if (!now || *now != f.id()) {
      // Renamed (and maybe created again): the old file may still get a few writes before the
      // writer reopens, so it is read until it has been quiet for --close-inactive.
      draining_.push_back({std::move(s.current), s.entry, clock_type::now()});
      if (now) {
        s.current = std::make_unique<tail::tailed_file>(s.path, 0);
        s.entry = new_entry(*s.current);
      }
    } else if (f.truncated()) {
      // Copied then truncated in place: same file, new content from offset 0. Offsets still in
      // flight belong to the old content, so they go to an entry that is no longer saved.
      live_[s.entry] = false;
      f.rewind();
      s.entry = new_entry(f);
    }
    return n;
  }

  void retire(const draining_file& d) { checkpoints_.push_back({last_seq_, d.entry, d.file->position(), true}); }

  void ship_line(const tail::tailed_file& f, std::size_t entry, const tail::line_event& e) {
    if (e.skipped || aiops::trim(e.text).empty()) {
      if (!e.skipped) ++blank_;
      checkpoints_.push_back({last_seq_, entry, e.next});
      return;
    }
    if (const auto directive = mapper_->directive(e.text)) {
      ++directives_;
      if (!directive->empty())
        std::fprintf(stderr, "aiops ship: %s, offset %lld: %s\n", f.path().c_str(), static_cast<long long>(e.offset), directive->c_str());
      checkpoints_.push_back({last_seq_, entry, e.next});
      return;
    }
    ++lines_;
    const std::string why = mapper_->map(e.text, f.path(), e.offset, doc_);
    if (!why.empty()) ++unparsed_;
    if (e.truncated) doc_.set_json("tags", why.empty() ? R"(["_truncated"])" : R"(["_parse_failure","_truncated"])");
    std::string id = document_id(f.id(), e.offset, e.text);
    doc_.set("event.id", id);
    last_seq_ = ingester_->push({es::bulk_op::index, args_.index, std::move(id), doc_.json()});
    checkpoints_.push_back({last_seq_, entry, e.next});
    if (lines_ % 1024 == 0) advance(false);
  }

  // Asked to stop, or the server is refusing documents whatever the retries (no point reading on).
  bool stopping() const { return stop_requested || unavailable_ > 0; }

  // Moves the offsets forward to what the server has acknowledged; saves them now and then.
  void advance(bool force) {
    // Never past a document the server refused as unavailable: it must be sent again.
    const std::uint64_t acked = std::min(ingester_->acknowledged(), first_unavailable_.load() - 1);
    bool moved = false;
    while (!checkpoints_.empty() && checkpoints_.front().seq <= acked) {
      const checkpoint& c = checkpoints_.front();
      offsets_[c.entry].offset = c.offset;
      if (c.retire) live_[c.entry] = false;
      checkpoints_.pop_front();
      moved = true;
    }
    if (!state_ || (!moved && !force)) return;
    const auto now = clock_type::now();
    if (!force && now - last_save_ < seconds(args_.state_interval)) return;
    std::vector<tail::file_offset> live;
    for (std::size_t i = 0; i < offsets_.size(); ++i) {
      if (live_[i]) live.push_back(offsets_[i]);
    }
    state_->save(live);
    last_save_ = now;
  }

  void on_failure(const es::bulk_failure& f) {
    if (f.type == "retries_exhausted") {  // 429/503 after every retry: not a verdict on the document
      ++unavailable_;
      for (std::uint64_t seen = first_unavailable_.load(); f.tag < seen && !first_unavailable_.compare_exchange_weak(seen, f.tag);) {
      }
      ingester_->abandon();  // what waits would meet the same refusals, each through every retry
      return;
    }
    if (++rejected_shown_ <= 5) {
      std::fprintf(stderr, "aiops ship: rejected %s: HTTP %d %s: %s\n", f.id.c_str(), f.status, f.type.c_str(),
                   f.reason.c_str());
    }
    if (dead_letter_) {
      const nlohmann::json j = {{"index", f.index}, {"id", f.id},         {"status", f.status},
                                {"type", f.type},   {"reason", f.reason}, {"source", f.source}};
      const std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
      std::fwrite(line.data(), 1, line.size(), dead_letter_.get());
      std::fflush(dead_letter_.get());
    }
  }

  struct file_closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };

  const ship_args& args_;
  std::optional<ship::line_mapper> mapper_;
  std::optional<es::bulk_ingester> ingester_;
  std::optional<tail::state_file> state_;
  std::unique_ptr<std::FILE, file_closer> dead_letter_;
  std::atomic<std::size_t> unavailable_{0};                          // documents refused 429/503 to the end
  std::atomic<std::uint64_t> first_unavailable_{UINT64_MAX};         // the lowest sequence among them
  std::vector<source> sources_;
  std::vector<draining_file> draining_;
  std::vector<tail::file_offset> offsets_;
  std::vector<bool> live_;  // offsets_[i] is still saved (false once its file was truncated or retired)
  std::deque<checkpoint> checkpoints_;
  std::uint64_t last_seq_ = 0;
  clock_type::time_point last_save_{};
  es::document doc_;
  std::uint64_t lines_ = 0;
  std::uint64_t unparsed_ = 0;
  std::uint64_t blank_ = 0;
  std::uint64_t directives_ = 0;  // W3C directive lines: read, not shipped
  int rejected_shown_ = 0;
};

void run(ship_args args) {
  for (auto& f : args.files) f = std::filesystem::absolute(f).lexically_normal().string();
  struct sigaction action {};
  action.sa_handler = request_stop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  shipper s(args);
  const int code = s.run();
  if (code != 0) throw CLI::RuntimeError(code);
}

void setup(CLI::App& sub) {
  auto args = std::make_shared<ship_args>();
  sub.add_option("files", args->files, "log files to ship")->required();
  args->server.add_options(sub);
  sub.add_option("--index", args->index, "index to write to (created with ECS mappings when missing)")->required();
  sub.add_option("--format", args->format, std::string(aiops::app::analyze::format_help));
  sub.add_option("--grok", args->grok, "grok pattern (repeatable: the first that matches wins), instead of --format")
      ->excludes("--format");
  sub.add_option("--grok-patterns", args->grok_files, "file of extra grok patterns, NAME REGEX per line (repeatable)");
  sub.add_flag("--follow,-f", args->follow, "keep reading as the files grow; handles rename+create and copytruncate");
  sub.add_option("--state", args->state, "file of per-file offsets (device, inode, offset) to resume from");
  sub.add_option("--dead-letter", args->dead_letter, "append documents the server rejects to this file (JSON lines)");
  sub.add_option("--year", args->year, "year of times written without one (RFC 3164 syslog, klog; default: the latest that puts them at most a day ahead of the clock)");
  sub.add_option("--batch-docs", args->batch_docs, "documents per _bulk request")->capture_default_str()->check(CLI::Range(1, 100'000));
  sub.add_option("--batch-bytes", args->batch_bytes, "bytes per _bulk request")->capture_default_str()->check(CLI::Range(1024, 100 << 20));
  sub.add_option("--workers", args->workers, "_bulk requests in flight")->capture_default_str()->check(CLI::Range(1, 16));
  sub.add_option("--queue", args->queue, "documents waiting to be sent before reading pauses")->capture_default_str()->check(CLI::Range(1, 10'000'000));
  sub.add_option("--timeout", args->timeout, "seconds for one _bulk call, retries included")->capture_default_str()->check(CLI::PositiveNumber);
  sub.add_option("--retries", args->retries,
                 "rounds of resending what the server refuses with 429/503, with growing backoff (after them: exit 1, "
                 "those lines not marked shipped)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  sub.add_flag("--no-create", args->no_create, "do not create the index when it is missing (an index template may)");
  sub.add_option("--poll", args->poll, "--follow: seconds between looks at the files")->capture_default_str()->check(CLI::PositiveNumber);
  sub.add_option("--close-inactive", args->close_inactive, "--follow: seconds a rotated file is read after its last line")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  sub.add_option("--state-interval", args->state_interval, "seconds between saves of the state file")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  sub.footer(
      "Every line becomes one document with Elastic Common Schema names (@timestamp, source.ip,\n"
      "http.request.method, url.path, http.response.status_code, log.file.path, log.offset, ...) and an id\n"
      "made from the file and the line, so shipping a line twice replaces it. Lines that do not parse are\n"
      "shipped with tags [_parse_failure]. Offsets are saved once the server acknowledged the lines before\n"
      "them: a ship killed at any moment and started again with the same --state loses and duplicates nothing.\n"
      "Exit codes: 0 all indexed, 3 some documents rejected (reasons on stderr), 1 error.\n"
      "  aiops ship datasets/nginx/access.log --es http://127.0.0.1:19200 --index web \\\n"
      "    --format '$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" $request_time'\n"
      "  aiops ship /var/log/nginx/access.log --follow --state ship.json --es http://127.0.0.1:19200 --index web --format combined");
  sub.callback([args] { run(*args); });
}

const aiops::app::register_command reg{{"ship", "Ship log files to Elasticsearch/OpenSearch (ECS fields, offsets, follow)", setup}};

}  // namespace cmd_ship
