#!/usr/bin/env bash
# aiops: start, stop or query one real OpenSearch 2.19 node (Maven Central jars, plain JVM) on 127.0.0.1.
# SPDX-License-Identifier: MIT
#
#   run.sh start    build if needed, start, wait for yellow (exit 1 with the log tail on failure)
#   run.sh stop     TERM by saved PID, KILL after 20 s (exit 0 when nothing runs)
#   run.sh status   exit 0 when running and answering, 3 when not running, 1 when not answering
#
# Environment: AIOPS_RUN_DIR (default /tmp/aiops-servers), AIOPS_OPENSEARCH_PORT (default 19200),
# AIOPS_OPENSEARCH_TIMEOUT (seconds to wait for yellow, default 120),
# AIOPS_OPENSEARCH_HEAP_MAX (default 1g; the initial heap is 512m).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run_dir="${AIOPS_RUN_DIR:-/tmp/aiops-servers}/opensearch"
port="${AIOPS_OPENSEARCH_PORT:-19200}"
timeout_s="${AIOPS_OPENSEARCH_TIMEOUT:-120}"
heap_max="${AIOPS_OPENSEARCH_HEAP_MAX:-1g}"
pid_file="$run_dir/opensearch.pid"
log_file="$run_dir/opensearch.log"
classpath_file="$here/target/classpath.txt"
main_class=aiops.testsupport.EmbeddedOpenSearch
url="http://127.0.0.1:$port"

say() { echo "opensearch: $*"; }
die() { echo "opensearch: $*" >&2; exit 1; }

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

# Sets $java to a Java 17+ binary and makes sure mvn exists, installing Debian's packages if needed.
ensure_tools() {
  java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  local major
  major="$(java_major "$java" 2>/dev/null || true)"
  if [[ -z "$major" || "$major" -lt 17 ]] || ! command -v mvn >/dev/null; then
    say "installing openjdk-17-jdk-headless and maven from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jdk-headless maven >&2 \
      || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jdk-headless maven >&2; } \
      || die "could not install openjdk-17-jdk-headless and maven"
    major="$(java_major "$java" 2>/dev/null || true)"
    if [[ -z "$major" || "$major" -lt 17 ]]; then
      java="$(ls -d /usr/lib/jvm/java-17-openjdk-*/bin/java | head -n1)"
    fi
  fi
  java="$(readlink -f "$(command -v "$java")")"
  export JAVA_HOME="${java%/bin/java}"  # Maven runs on the same JDK
}

# The build is current when the cached classpath is newer than every input and all its jars exist.
build_is_current() {
  [[ -s "$classpath_file" && -d "$here/target/classes" ]] || return 1
  [[ -z "$(find "$here/pom.xml" "$here/src" -newer "$classpath_file" -print -quit)" ]] || return 1
  local jar jars
  IFS=: read -r -a jars < "$classpath_file" || true  # the file has no final newline
  for jar in "${jars[@]}"; do [[ -f "$jar" ]] || return 1; done
}

build() {
  build_is_current && return 0
  say "building with Maven (the first build downloads about 70 MB into ~/.m2)"
  local goals=(-B -q -f "$here/pom.xml" compile dependency:build-classpath "-Dmdep.outputFile=$classpath_file")
  # offline first, so a machine with a filled ~/.m2 never needs the network
  mvn -o "${goals[@]}" >/dev/null 2>&1 || mvn "${goals[@]}" >&2 || die "Maven build failed"
}

# Prints the PID when the saved PID is alive and is really this node (PIDs get reused).
running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "$main_class" \
    && echo "$pid"
}

healthy() { curl -fsS -m 5 -o /dev/null "$url/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null; }

rss_mb() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid ignored TERM for 20 s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  say "stopped (pid $pid)"
}

start() {
  local pid
  if pid="$(running_pid)" && healthy; then
    say "already running on $url (pid $pid)"
    return 0
  fi
  stop
  if curl -s -m 2 -o /dev/null "$url/"; then
    die "port $port is taken by another process; set AIOPS_OPENSEARCH_PORT"
  fi
  ensure_tools
  build
  # a fresh home (data, node lock, tmp) on every start: tests never see a previous run's indices
  rm -rf "$run_dir/home"
  mkdir -p "$run_dir/home/tmp"
  local t0
  t0="$(date +%s%N)"
  # setsid: the node must not get the caller's terminal signals; it is stopped by PID only.
  setsid "$java" -Xms512m "-Xmx$heap_max" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djava.locale.providers=SPI,COMPAT \
    "-Djava.io.tmpdir=$run_dir/home/tmp" -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
    -cp "$here/target/classes:$(cat "$classpath_file")" \
    "$main_class" "$run_dir/home" "$port" > "$log_file" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$pid_file"
  local deadline=$((t0 + timeout_s * 1000000000))
  until healthy; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 60 "$log_file" >&2
      rm -f "$pid_file"
      die "the JVM exited during start-up (log: $log_file)"
    fi
    if (($(date +%s%N) > deadline)); then
      tail -n 60 "$log_file" >&2
      stop >&2
      die "not yellow after ${timeout_s} s (log: $log_file)"
    fi
    sleep 0.25
  done
  local ms=$((($(date +%s%N) - t0) / 1000000))
  say "ready on $url in $((ms / 1000)).$(printf %03d $((ms % 1000))) s (pid $pid, rss $(rss_mb "$pid") MB, log $log_file)"
}

status() {
  local pid
  if ! pid="$(running_pid)"; then
    say "not running"
    return 3
  fi
  if healthy; then
    say "running on $url (pid $pid, rss $(rss_mb "$pid") MB)"
  else
    say "pid $pid is alive but $url does not answer"
    return 1
  fi
}

mkdir -p "$run_dir"
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
