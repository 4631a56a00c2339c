// aiops: shared pieces of the aiops::es integration tests: the real node, the nginx dataset as ECS
// documents, and running the aiops program in the background
// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>      // durations
#include <cstdint>     // std::int64_t
#include <functional>  // std::function
#include <string>      // std::string
#include <thread>      // std::this_thread::sleep_for
#include <vector>      // std::vector

#include <fcntl.h>     // O_WRONLY, O_CREAT, O_TRUNC
#include <signal.h>    // kill
#include <spawn.h>     // posix_spawn
#include <sys/wait.h>  // waitpid
#include <unistd.h>    // readlink

#include <nlohmann/json.hpp>

#include <aiops/es.hpp>
#include <aiops/logs.hpp>

#include "datasets.hpp"
#include "servers.hpp"

extern char** environ;

namespace aiops::testing {

/// The nginx dataset's log_format (`main_timed`: combined plus $request_time).
inline const char* const nginx_log_format =
    R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time)";

/// A client to the real node that gives up within seconds when it is down.
inline aiops::es::client opensearch() {
  aiops::es::client_options o;
  o.http.deadline = std::chrono::seconds(120);  // bulk requests on a busy 2-core machine
  o.http.connect_timeout = std::chrono::seconds(3);
  o.http.retry.base = std::chrono::milliseconds(100);
  return aiops::es::client(opensearch_url(), o);
}

/// Calls `each(line_number, record, line)` for every valid line of datasets/nginx/access.log
/// (the format matches and the request line is well formed: truth.json's `valid_lines`).
inline void for_each_valid_nginx_line(
    const std::function<void(std::size_t, const aiops::logs::access_record&, std::string_view)>& each) {
  const auto format = aiops::logs::access_format::nginx(nginx_log_format).value();
  auto reader = aiops::logs::open_lines(dataset("nginx/access.log"));
  while (auto line = reader.next()) {
    const auto r = format.parse(line->text);
    if (r && r->request_line_ok()) each(line->number, *r, line->text);
  }
}

/// The ECS document of one line, with `event.id` = `id` (the tiebreaker for paging).
inline std::string nginx_document(const aiops::logs::access_record& r, std::string_view line, const std::string& id) {
  aiops::es::ecs::http_request h;
  h.time = r.time();
  h.source_ip = r.remote_addr();
  h.user_name = r.remote_user();
  h.method = r.method();
  h.path = r.path();
  h.query = r.query();
  h.protocol = r.protocol();
  h.referrer = r.referer();
  h.user_agent = r.user_agent();
  h.status = r.status();
  h.body_bytes = r.bytes();
  h.duration_seconds = r.request_time();
  aiops::es::document d;
  aiops::es::ecs::add(d, h);
  aiops::es::ecs::add_origin(d, "datasets/nginx/access.log", 0, line);
  d.set("event.id", id);
  return d.json();
}

/// The index every search test reads: the valid lines of the nginx dataset, one document each.
inline const char* const nginx_index = "aiops-it-nginx";

/// (Re)builds `index` from the valid lines through a bulk ingester and returns its report.
inline aiops::es::bulk_report build_nginx_index(aiops::es::client& es, const std::string& index = nginx_index) {
  es.delete_index(index);
  es.create_index(index, aiops::es::ecs::index_body());
  aiops::es::bulk_ingester in(es.url(), {}, {.workers = 2});
  for_each_valid_nginx_line([&](std::size_t number, const aiops::logs::access_record& r, std::string_view line) {
    const std::string id = "line-" + std::to_string(number);
    in.push({aiops::es::bulk_op::index, index, id, nginx_document(r, line, id)});
  });
  const aiops::es::bulk_report report = in.close();
  es.refresh(index);
  return report;
}

/// The valid lines truth.json counts.
inline std::int64_t nginx_valid_lines() {
  static const std::int64_t n = [] {
    std::int64_t count = 0;
    for_each_valid_nginx_line([&count](std::size_t, const aiops::logs::access_record&, std::string_view) { ++count; });
    return count;
  }();
  return n;
}

/// `index` as `build_nginx_index` makes it, built unless it is already there with every document.
inline void ensure_nginx_index(aiops::es::client& es, const std::string& index = nginx_index) {
  if (es.index_exists(index)) {
    es.refresh(index);
    if (es.count(index) == nginx_valid_lines()) return;
  }
  build_nginx_index(es, index);
}

/// datasets/nginx/truth.json.
inline const nlohmann::json& nginx_truth() {
  static const nlohmann::json truth = [] {
    auto reader = aiops::logs::open_lines(dataset("nginx/truth.json"));
    std::string text;
    while (auto line = reader.next()) text.append(line->text).append("\n");
    return nlohmann::json::parse(text);
  }();
  return truth;
}

/// The aiops program next to this test binary (`<build>/apps/aiops/aiops`), or $AIOPS_BIN.
inline std::string aiops_program() {
  const std::string from_env = env_or("AIOPS_BIN", "");
  if (!from_env.empty()) return from_env;
  char self[4096];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  std::string path(self, n > 0 ? static_cast<std::size_t>(n) : 0);
  path = path.substr(0, path.rfind('/'));  // <build>/tests
  return path.substr(0, path.rfind('/')) + "/apps/aiops/aiops";
}

/// A program running in the background, its output in a file (its errors too, or in `errors` when
/// given); killed if still running at the end.
class background {
 public:
  background(const std::vector<std::string>& argv, const std::string& log, const std::string& errors = "") {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (errors.empty()) {
      posix_spawn_file_actions_adddup2(&files, 1, 2);
    } else {
      posix_spawn_file_actions_addopen(&files, 2, errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    }
    const int rc = posix_spawn(&pid_, args[0], &files, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    if (rc != 0) pid_ = -1;
  }
  background(const background&) = delete;
  background& operator=(const background&) = delete;
  ~background() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }

  bool started() const noexcept { return pid_ > 0; }
  /// Sends `signal` (SIGKILL, SIGTERM).
  void signal(int signal) const { ::kill(pid_, signal); }
  /// True while it runs.
  bool running() {
    if (pid_ <= 0) return false;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == 0) return true;
    status_ = status;
    pid_ = -1;
    return false;
  }
  /// Waits for it to end; its exit code, or 128 + the signal that ended it.
  int wait() {
    if (pid_ > 0) {
      int status = 0;
      ::waitpid(pid_, &status, 0);
      status_ = status;
      pid_ = -1;
    }
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  }

 private:
  pid_t pid_ = -1;
  int status_ = 0;
};

/// Polls `done` every 100 ms for up to `limit`; true as soon as it holds.
inline bool eventually(const std::function<bool()>& done, std::chrono::seconds limit = std::chrono::seconds(180)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

}  // namespace aiops::testing
