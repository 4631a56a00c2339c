# aiops: start/stop/status of one JVM test server on 127.0.0.1, sourced by the run.sh scripts of
# tests/servers/opensearch and tests/servers/zipkin.
# SPDX-License-Identifier: MIT
#
# The sourcing script sets, then calls `service_main "$@"`:
#   svc_name       short name, used in messages and as the folder under AIOPS_RUN_DIR
#   svc_port       HTTP port on 127.0.0.1
#   svc_ready      path polled with GET until it answers 2xx
#   svc_marker     a word found only in this server's command line (guards against reused PIDs)
#   svc_timeout    seconds to wait for readiness
#   svc_prepare    function: builds or downloads; $java and $JAVA_HOME are set when it runs
#   svc_java_args  function: prints the java arguments, one per line ($svc_dir/home is fresh and empty)
# Exit codes: start/stop 0 on success, 1 on failure; status 0 running and ready, 1 not ready, 3 not running.

: "${svc_name:?}" "${svc_port:?}" "${svc_ready:?}" "${svc_marker:?}" "${svc_timeout:?}"
svc_dir="${AIOPS_RUN_DIR:-/tmp/aiops-servers}/$svc_name"
svc_pid_file="$svc_dir/$svc_name.pid"
svc_log="$svc_dir/$svc_name.log"
svc_url="http://127.0.0.1:$svc_port"

say() { echo "$svc_name: $*"; }
die() { echo "$svc_name: $*" >&2; exit 1; }

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

# Sets $java to a Java 17+ binary and makes sure mvn exists, installing Debian's packages if needed.
ensure_tools() {
  java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  local major
  major="$(java_major "$java" 2>/dev/null || true)"
  if [[ -z "$major" || "$major" -lt 17 ]] || ! command -v mvn >/dev/null; then
    local packages=(openjdk-17-jdk-headless maven) apt_log="$svc_dir/apt.log"
    say "installing ${packages[*]} from Debian (log $apt_log)"
    local install=(apt-get install -y -q --no-install-recommends --no-upgrade "${packages[@]}")
    # apt's output goes to a file: callers take the first URL that run.sh prints as the server's
    DEBIAN_FRONTEND=noninteractive "${install[@]}" > "$apt_log" 2>&1 \
      || { apt-get update -q >> "$apt_log" 2>&1 && DEBIAN_FRONTEND=noninteractive "${install[@]}" >> "$apt_log" 2>&1; } \
      || { tail -n 20 "$apt_log" >&2; die "could not install ${packages[*]}"; }
    major="$(java_major "$java" 2>/dev/null || true)"
    if [[ -z "$major" || "$major" -lt 17 ]]; then
      local jdks=(/usr/lib/jvm/java-17-openjdk-*/bin/java)
      java="${jdks[0]}"
    fi
  fi
  java="$(readlink -f "$(command -v "$java")")"
  export JAVA_HOME="${java%/bin/java}"  # Maven runs on the same JDK
}

# Prints the PID when the saved PID is alive and is really this server.
running_pid() {
  [[ -f "$svc_pid_file" ]] || return 1
  local pid
  pid="$(cat "$svc_pid_file")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$svc_marker" \
    && echo "$pid"
}

ready() { curl -fsS -m 5 -o /dev/null "$svc_url$svc_ready" 2>/dev/null; }

rss_mb() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

service_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$svc_pid_file"
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
  rm -f "$svc_pid_file"
  say "stopped (pid $pid)"
}

service_start() {
  local pid
  if pid="$(running_pid)" && ready; then
    say "already running on $svc_url (pid $pid)"
    return 0
  fi
  service_stop
  if curl -s -m 2 -o /dev/null "$svc_url/"; then
    die "port $svc_port is taken by another process"
  fi
  ensure_tools
  svc_prepare
  # a fresh home on every start: tests never see a previous run's data
  rm -rf "${svc_dir:?}/home"
  mkdir -p "$svc_dir/home/tmp"
  local args t0
  mapfile -t args < <(svc_java_args)
  t0="$(date +%s%N)"
  # setsid: the server must not get the caller's terminal signals; it is stopped by PID only.
  setsid "$java" "-Djava.io.tmpdir=$svc_dir/home/tmp" "${args[@]}" > "$svc_log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$svc_pid_file"
  local deadline=$((t0 + svc_timeout * 1000000000))
  until ready; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 60 "$svc_log" >&2
      rm -f "$svc_pid_file"
      die "the JVM exited during start-up (log: $svc_log)"
    fi
    if (($(date +%s%N) > deadline)); then
      tail -n 60 "$svc_log" >&2
      service_stop >&2
      die "$svc_url$svc_ready not ready after $svc_timeout s (log: $svc_log)"
    fi
    sleep 0.25
  done
  local ms=$((($(date +%s%N) - t0) / 1000000))
  say "ready on $svc_url in $((ms / 1000)).$(printf %03d $((ms % 1000))) s (pid $pid, rss $(rss_mb "$pid") MB, log $svc_log)"
}

service_status() {
  local pid
  if ! pid="$(running_pid)"; then
    say "not running"
    return 3
  fi
  if ready; then
    say "running on $svc_url (pid $pid, rss $(rss_mb "$pid") MB)"
  else
    say "pid $pid is alive but $svc_url$svc_ready does not answer"
    return 1
  fi
}

service_main() {
  mkdir -p "$svc_dir"
  case "${1:-}" in
    start) service_start ;;
    stop) service_stop ;;
    status) service_status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
  esac
}
