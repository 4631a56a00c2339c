// aiops: run a program without a shell: arguments, directory, environment, stdin, timeout, captured output
// SPDX-License-Identifier: MIT
#pragma once

#include <poll.h>        // poll, POLLIN, POLLOUT
#include <signal.h>      // kill, sigaction, sigprocmask, sigtimedwait, SIGTERM, SIGKILL, SIGPIPE
#include <sys/wait.h>    // waitpid, WIFEXITED, WEXITSTATUS, WIFSIGNALED, WTERMSIG
#include <sys/stat.h>    // stat, S_ISREG
#include <unistd.h>      // fork, execv, execve, pipe2, dup2, chdir, setpgid, access, _exit

#include <algorithm>     // std::min
#include <cerrno>        // errno
#include <cstdlib>       // std::getenv
#include <chrono>        // std::chrono::steady_clock, milliseconds
#include <cstddef>       // std::size_t
#include <optional>      // std::optional
#include <stdexcept>     // std::invalid_argument
#include <string>        // std::string
#include <string_view>   // std::string_view
#include <vector>        // std::vector

#include <fcntl.h>       // fcntl, open, O_NONBLOCK, O_CLOEXEC

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/sys/detail/posix.hpp"

AIOPS_BEGIN_NAMESPACE
namespace sys {

/// How `run` starts a program and how long it lets it run.
struct run_options {
  /// Directory the program starts in; empty keeps the caller's.
  std::string working_dir;
  /// The program's whole environment as "NAME=value" strings; nothing inherits the caller's.
  std::optional<std::vector<std::string>> environment;
  /// Written to the program's standard input, which is then closed; empty gives /dev/null.
  std::string stdin_text;
  /// Wall-clock limit; zero means none. When it passes, the whole process group gets SIGTERM.
  std::chrono::milliseconds timeout{0};
  /// Time between SIGTERM and SIGKILL for a program that ignores SIGTERM.
  std::chrono::milliseconds kill_after{2000};
  /// Bytes kept of each of stdout and stderr; the rest is read and dropped, so the program never blocks.
  std::size_t max_output = 64u << 20;
};

/// What a finished program did.
struct run_result {
  int exit_code = -1;      ///< exit status, or -1 when a signal ended the program
  int signal = 0;          ///< the signal that ended it, 0 when it exited
  bool timed_out = false;  ///< the timeout passed and the process group was killed
  std::string out;         ///< captured standard output (at most max_output bytes)
  std::string err;         ///< captured standard error (at most max_output bytes)
  bool out_truncated = false;
  bool err_truncated = false;
  std::chrono::nanoseconds duration{0};

  /// Exited by itself with status 0.
  bool success() const noexcept { return exit_code == 0 && !timed_out; }
  /// "exit status 3", "killed by signal 9", "timed out after 1.5 s (killed by signal 15)".
  std::string describe() const {
    std::string how = signal != 0 ? "killed by signal " + std::to_string(signal) : "exit status " + std::to_string(exit_code);
    if (!timed_out) return how;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
    return "timed out after " + std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) + " s (" + how + ")";
  }
};

namespace detail {

// What the child reports through its close-on-exec pipe when it fails before exec.
struct spawn_failure {
  int stage;  // 0: chdir, 1: exec
  int code;
};

// A write to a pipe whose reader has gone must fail with EPIPE, not kill the caller with SIGPIPE:
// block the signal around the write and take back one that the write raised.
inline ssize_t write_no_sigpipe(int fd, std::string_view data) noexcept {
  sigset_t pipe_set, old_set, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  ssize_t put;
  do put = ::write(fd, data.data(), data.size());
  while (put < 0 && errno == EINTR);
  int saved = errno;
  if (put < 0 && saved == EPIPE && !was_pending) {
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  errno = saved;
  return put;
}

// Runs in the child between fork and exec: only async-signal-safe calls.
[[noreturn]] inline void exec_child(const char* program, char* const* argv, char* const* envp, const char* dir, int in, int out, int err,
                                    int report) noexcept {
  ::setpgid(0, 0);  // its own group, so a timeout can kill everything it started
  // The caller may ignore or block signals; the program must start with the defaults.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int s = 1; s < NSIG; ++s) ::sigaction(s, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) {
    spawn_failure f{1, errno};
    (void)!::write(report, &f, sizeof f);
    ::_exit(127);
  }
  if (dir != nullptr && ::chdir(dir) != 0) {
    spawn_failure f{0, errno};
    (void)!::write(report, &f, sizeof f);
    ::_exit(127);
  }
  if (envp != nullptr)
    ::execve(program, argv, envp);
  else
    ::execv(program, argv);
  spawn_failure f{1, errno};
  (void)!::write(report, &f, sizeof f);
  ::_exit(127);
}

// One captured stream: appends up to `cap` bytes, drops the rest.
struct capture {
  unique_fd fd;
  std::string* text;
  bool* truncated;
  std::size_t cap;

  void drain() {
    char buf[65536];
    ssize_t got = read_some(fd.get(), buf, sizeof buf);
    if (got <= 0) {  // end of file, or an error that leaves nothing more to read
      fd.reset();
      return;
    }
    std::size_t room = cap - std::min(cap, text->size());
    std::size_t keep = std::min(room, static_cast<std::size_t>(got));
    text->append(buf, keep);
    if (keep < static_cast<std::size_t>(got)) *truncated = true;
  }
};

}  // namespace detail

/// The file `run` would execute for `name`: `name` itself when it has a '/', otherwise the first
/// executable regular file called `name` in the directories of $PATH (/usr/local/bin:/usr/bin:/bin
/// when unset), like a shell's lookup.
/// @returns a failure (errc::io) "not found in PATH", or "Permission denied" when the only files
///          found are not executable.
inline result<std::string> find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* env_path = std::getenv("PATH");
  std::string_view path = env_path != nullptr ? env_path : "/usr/local/bin:/usr/bin:/bin";
  bool denied = false;
  for (auto dir : split(path, ':')) {
    std::string candidate = (dir.empty() ? std::string(".") : std::string(dir)) + "/" + name;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    denied = true;
  }
  if (denied) return detail::errno_failure("cannot run '" + name + "'", EACCES);
  return fail(errc::io, "cannot run '" + name + "': not found in PATH");
}

/// Runs `argv[0]` (looked up with find_program) with the arguments `argv[1..]`, no shell,
/// and waits for it, capturing stdout and stderr.
///
///     auto r = aiops::sys::run({"df", "-P", "/"}, {.timeout = std::chrono::seconds(5)});
///     if (!r) die(r.error().message);           // e.g. "cannot run 'df': No such file or directory"
///     else if (!r->success()) warn(r->describe() + ": " + r->err);
///
/// A program that exits but leaves children holding its stdout or stderr open is waited for until
/// they close them (or the timeout kills its process group).
/// @returns a failure (errc::io) when the program cannot be started: not found, not executable,
///          bad working directory, no more processes.
/// @throws std::invalid_argument when `argv` is empty.
/// Thread-safe: it touches no global state but the calling thread's signal mask, briefly.
inline result<run_result> run(const std::vector<std::string>& argv, const run_options& options = {}) {
  using namespace detail;
  using clock = std::chrono::steady_clock;
  if (argv.empty()) throw std::invalid_argument("aiops::sys::run: empty argument list");

  // Everything the child needs is prepared before fork: after it, the child may not allocate.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;
  if (options.environment) {
    for (const auto& e : *options.environment) env.push_back(const_cast<char*>(e.c_str()));
    env.push_back(nullptr);
  }
  const std::string name = "cannot run '" + argv[0] + "'";
  auto program = find_program(argv[0]);
  if (!program) return program.error();

  int fds[4][2];  // stdin, stdout, stderr, failure report
  unique_fd ends[4][2];
  for (int i = 0; i < 4; ++i) {
    if (i == 0 && options.stdin_text.empty()) {
      ends[0][0].reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
      if (!ends[0][0]) return errno_failure(name + ": /dev/null");
      continue;
    }
    if (::pipe2(fds[i], O_CLOEXEC) != 0) return errno_failure(name + ": pipe");
    ends[i][0].reset(fds[i][0]);
    ends[i][1].reset(fds[i][1]);
  }

  const auto start = clock::now();
  pid_t pid = ::fork();
  if (pid < 0) return errno_failure(name + ": fork");
  if (pid == 0)
    exec_child(program->c_str(), args.data(), options.environment ? env.data() : nullptr,
               options.working_dir.empty() ? nullptr : options.working_dir.c_str(), ends[0][0].get(),
               ends[1][1].get(), ends[2][1].get(), ends[3][1].get());
  ::setpgid(pid, pid);  // also here, so the group exists before any kill below (EACCES after exec is fine)

  ends[0][0].reset();
  ends[1][1].reset();
  ends[2][1].reset();
  ends[3][1].reset();
  spawn_failure failed{};
  if (read_some(ends[3][0].get(), &failed, sizeof failed) == static_cast<ssize_t>(sizeof failed)) {
    int status;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return failed.stage == 0 ? errno_failure(name + ": cannot change to directory " + options.working_dir, failed.code)
                             : errno_failure(name, failed.code);
  }

  run_result res;
  capture streams[2] = {{std::move(ends[1][0]), &res.out, &res.out_truncated, options.max_output},
                        {std::move(ends[2][0]), &res.err, &res.err_truncated, options.max_output}};
  unique_fd input = std::move(ends[0][1]);
  std::string_view pending = options.stdin_text;
  if (input) ::fcntl(input.get(), F_SETFL, ::fcntl(input.get(), F_GETFL) | O_NONBLOCK);

  enum class stage { running, terminated, killed } phase = stage::running;
  std::optional<clock::time_point> deadline;
  if (options.timeout.count() > 0) deadline = start + options.timeout;
  bool reaped = false;
  int status = 0;
  for (;;) {
    if (!reaped) {
      pid_t r = ::waitpid(pid, &status, WNOHANG);
      reaped = r == pid || (r < 0 && errno == ECHILD);
    }
    bool open_pipes = streams[0].fd || streams[1].fd;
    // After SIGKILL, a process that left the group could hold the pipes forever: stop at the leader.
    if (reaped && (!open_pipes || phase == stage::killed)) break;

    auto now = clock::now();
    if (deadline && now >= *deadline) {
      res.timed_out = true;
      if (phase == stage::running) {
        ::kill(-pid, SIGTERM);
        phase = stage::terminated;
        deadline = now + options.kill_after;
      } else {
        ::kill(-pid, SIGKILL);
        phase = stage::killed;
        deadline.reset();
      }
    }

    pollfd pfd[3];
    nfds_t n = 0;
    for (auto& s : streams)
      if (s.fd) pfd[n++] = {s.fd.get(), POLLIN, 0};
    if (input) pfd[n++] = {input.get(), POLLOUT, 0};
    // With no pipe left to wake us (or after SIGKILL), the leader's exit is noticed by looking every few ms.
    int wait_ms = (n == 0 || phase == stage::killed) ? 5 : -1;
    if (deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - clock::now()).count() + 1;
      int left_ms = static_cast<int>(std::max<long long>(left, 0));
      wait_ms = wait_ms < 0 ? left_ms : std::min(wait_ms, left_ms);
    }
    int ready = ::poll(pfd, n, wait_ms);
    if (ready < 0 && errno != EINTR) {
      int code = errno;
      ::kill(-pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return errno_failure(name + ": poll", code);
    }
    for (nfds_t i = 0; ready > 0 && i < n; ++i) {
      if (pfd[i].revents == 0) continue;
      if (input && pfd[i].fd == input.get()) {
        ssize_t put = write_no_sigpipe(input.get(), pending.substr(0, 65536));
        if (put > 0) pending.remove_prefix(static_cast<std::size_t>(put));
        // Done, or the program closed its stdin without reading it all: either way we stop writing.
        if (pending.empty() || (put < 0 && errno != EAGAIN)) input.reset();
      } else {
        for (auto& s : streams)
          if (s.fd && s.fd.get() == pfd[i].fd) s.drain();
      }
    }
  }
  res.duration = clock::now() - start;
  if (WIFEXITED(status)) {
    res.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    res.signal = WTERMSIG(status);
  }
  return res;
}

}  // namespace sys
AIOPS_END_NAMESPACE
