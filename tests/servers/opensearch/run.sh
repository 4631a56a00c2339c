#!/usr/bin/env bash
# aiops: start, stop or query one real OpenSearch 2.19 node (Maven Central jars, plain JVM) on 127.0.0.1.
# SPDX-License-Identifier: MIT
#
#   run.sh start    build if needed, start on a fresh data dir, wait for yellow (log tail on failure)
#   run.sh stop     TERM by saved PID, KILL after 20 s
#   run.sh status   0 running and answering, 1 not answering, 3 not running
#
# Environment: AIOPS_RUN_DIR (default /tmp/aiops-servers), AIOPS_OPENSEARCH_PORT (default 19200),
# AIOPS_OPENSEARCH_TIMEOUT (seconds to wait for yellow, default 120),
# AIOPS_OPENSEARCH_HEAP_MAX (default 1g; the initial heap is 512m).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
svc_name=opensearch
svc_port="${AIOPS_OPENSEARCH_PORT:-19200}"
svc_ready="/_cluster/health?wait_for_status=yellow&timeout=1s"
svc_marker=aiops.testsupport.EmbeddedOpenSearch
svc_timeout="${AIOPS_OPENSEARCH_TIMEOUT:-120}"
classpath_file="$here/target/classpath.txt"

# The build is current when the cached classpath is newer than every input and all its jars exist.
build_is_current() {
  [[ -s "$classpath_file" && -d "$here/target/classes" ]] || return 1
  [[ -z "$(find "$here/pom.xml" "$here/src" -newer "$classpath_file" -print -quit)" ]] || return 1
  local jar jars
  IFS=: read -r -a jars < "$classpath_file" || true  # the file has no final newline
  for jar in "${jars[@]}"; do [[ -f "$jar" ]] || return 1; done
}

svc_prepare() {
  build_is_current && return 0
  say "building with Maven (a first build downloads about 75 MB into ~/.m2)"
  local goals=(-B -q -f "$here/pom.xml" compile dependency:build-classpath "-Dmdep.outputFile=$classpath_file")
  # offline first, so that a machine with a filled ~/.m2 never needs the network
  mvn -o "${goals[@]}" >/dev/null 2>&1 || mvn "${goals[@]}" >&2 || die "Maven build failed"
  touch "$classpath_file"  # build-classpath leaves an unchanged file untouched, which would rebuild every time
}

# TieredStopAtLevel=1 (C1 only) halves the CPU of start-up and of the smoke test on 2 busy cores.
svc_java_args() {
  printf '%s\n' -Xms512m "-Xmx${AIOPS_OPENSEARCH_HEAP_MAX:-1g}" -XX:+UseG1GC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djava.locale.providers=SPI,COMPAT \
    -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
    -cp "$here/target/classes:$(cat "$classpath_file")" "$svc_marker" "$svc_dir/home" "$svc_port"
}

# shellcheck source=jvm-service.sh
source "$here/jvm-service.sh"
service_main "$@"
