// aiops: running programs: output capture, errors, stdin, environment, working directory, timeouts
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <signal.h>  // kill, SIGTERM, SIGKILL

#include <chrono>  // std::chrono::milliseconds
#include <thread>  // std::this_thread::sleep_for

#include <aiops/core/strings.hpp>
#include <aiops/sys/process.hpp>

#include "temp_dir.hpp"

using aiops::sys::run;
using aiops::sys::run_options;
using namespace std::chrono_literals;

namespace {
// Options with some fields set (designated initializers that skip fields trip -Wextra on GCC 12).
template <class F>
run_options with(F set) {
  run_options o;
  set(o);
  return o;
}
}  // namespace

TEST_CASE("run captures stdout, stderr and the exit status", "[process]") {
  auto r = run({"sh", "-c", "echo out; echo err >&2; exit 3"});
  REQUIRE(r);
  CHECK(r->out == "out\n");
  CHECK(r->err == "err\n");
  CHECK(r->exit_code == 3);
  CHECK(r->signal == 0);
  CHECK_FALSE(r->success());
  CHECK(r->describe() == "exit status 3");
}

TEST_CASE("run passes arguments as they are, without a shell", "[process]") {
  auto r = run({"printf", "%s|", "a b", "$HOME", "*", "'q'"});
  REQUIRE(r);
  CHECK(r->out == "a b|$HOME|*|'q'|");
  CHECK(r->success());
}

TEST_CASE("run says clearly when the program does not exist", "[process]") {
  auto r = run({"aiops-no-such-program-42"});
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "cannot run 'aiops-no-such-program-42': not found in PATH");
  auto abs = run({"/nonexistent/bin/tool", "x"});
  REQUIRE_FALSE(abs);
  CHECK(abs.error().code == aiops::errc::io);
  CHECK(abs.error().message == "cannot run '/nonexistent/bin/tool': No such file or directory");
  auto found = aiops::sys::find_program("sh");
  REQUIRE(found);
  CHECK(found->back() == 'h');
  CHECK(found->find('/') != std::string::npos);
  aiops::testing::temp_dir dir;
  aiops::testing::write_text(dir / "not-executable", "#!/bin/sh\n");
  auto denied = run({dir / "not-executable"});
  REQUIRE_FALSE(denied);
  CHECK(denied.error().message.find("Permission denied") != std::string::npos);
  CHECK_THROWS_AS(run({}), std::invalid_argument);
}

TEST_CASE("run starts in the working directory and with the environment given", "[process]") {
  aiops::testing::temp_dir dir;
  auto pwd = run({"pwd", "-P"}, with([&](run_options& o) { o.working_dir = dir.path; }));
  REQUIRE(pwd);
  CHECK(pwd->out == std::filesystem::canonical(dir.path).string() + "\n");
  auto bad = run({"pwd"}, with([&](run_options& o) { o.working_dir = dir / "missing"; }));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("cannot change to directory") != std::string::npos);

  auto env = run({"env"}, with([](run_options& o) { o.environment = {{"A=1", "B=two words"}}; }));
  REQUIRE(env);
  CHECK(env->out == "A=1\nB=two words\n");
}

TEST_CASE("run feeds stdin and reads both pipes without deadlock", "[process]") {
  std::string input;
  for (int i = 0; i < 200'000; ++i) input += "line " + std::to_string(i) + "\n";  // ~2.5 MB, far above a pipe's 64 KiB
  auto echo = run({"cat"}, with([&](run_options& o) { o.stdin_text = input; }));
  REQUIRE(echo);
  CHECK(echo->out.size() == input.size());
  CHECK(echo->out == input);

  auto both = run({"sh", "-c", "head -c 3000000 /dev/zero; head -c 2000000 /dev/zero >&2; echo done >&2"});
  REQUIRE(both);
  CHECK(both->out.size() == 3'000'000);
  CHECK(both->err.size() == 2'000'005);

  // A program that never reads its stdin must not get us killed by SIGPIPE.
  auto ignores = run({"true"}, with([](run_options& o) { o.stdin_text = std::string(5'000'000, 'x'); }));
  REQUIRE(ignores);
  CHECK(ignores->success());
}

TEST_CASE("run keeps at most max_output bytes of each stream", "[process]") {
  auto r = run({"sh", "-c", "head -c 100000 /dev/zero; echo small >&2"}, with([](run_options& o) { o.max_output = 1000; }));
  REQUIRE(r);
  CHECK(r->out.size() == 1000);
  CHECK(r->out_truncated);
  CHECK(r->err == "small\n");
  CHECK_FALSE(r->err_truncated);
  CHECK(r->success());
}

TEST_CASE("run reports a program killed by a signal", "[process]") {
  auto r = run({"sh", "-c", "kill -9 $$"});
  REQUIRE(r);
  CHECK(r->signal == SIGKILL);
  CHECK(r->exit_code == -1);
  CHECK_FALSE(r->timed_out);
  CHECK(r->describe() == "killed by signal 9");
}

namespace {
// The process is gone (or a zombie waiting for init): give init a moment to reap it.
bool process_gone(pid_t pid) {
  for (int i = 0; i < 200; ++i) {
    if (::kill(pid, 0) != 0) return true;
    std::this_thread::sleep_for(10ms);
  }
  auto stat = aiops::sys::detail::read_file("/proc/" + std::to_string(pid) + "/stat");
  return !stat || stat->find(") Z ") != std::string::npos;
}
}  // namespace

TEST_CASE("a timeout terminates the whole process group", "[process]") {
  // The shell prints its background child's pid, then waits; both must die. (A generous timeout:
  // the shell must have started and printed before it.)
  auto r = run({"sh", "-c", "sleep 30 & echo $!; wait"}, with([](run_options& o) { o.timeout = 1000ms; }));
  REQUIRE(r);
  CHECK(r->timed_out);
  CHECK(r->signal == SIGTERM);
  CHECK_FALSE(r->success());
  CHECK(r->describe().rfind("timed out after", 0) == 0);
  auto grandchild = aiops::parse_int(aiops::trim(r->out));
  REQUIRE(grandchild);
  CHECK(process_gone(static_cast<pid_t>(*grandchild)));
}

TEST_CASE("a program that ignores SIGTERM gets SIGKILL", "[process]") {
  auto r = run({"sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done"}, with([](run_options& o) { o.timeout = 1000ms; o.kill_after = 200ms; }));
  REQUIRE(r);
  CHECK(r->timed_out);
  CHECK(r->signal == SIGKILL);
  CHECK(r->out == "ready\n");
}
