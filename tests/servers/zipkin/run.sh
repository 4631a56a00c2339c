#!/usr/bin/env bash
# aiops: start, stop or query a real Zipkin server (exec jar from Maven Central, in-memory storage) on 127.0.0.1.
# SPDX-License-Identifier: MIT
#
#   run.sh start    download the jar if needed, start with empty storage, wait for GET /health
#   run.sh stop     TERM by saved PID, KILL after 20 s
#   run.sh status   0 running and answering, 1 not answering, 3 not running
#
# Environment: AIOPS_RUN_DIR (default /tmp/aiops-servers), AIOPS_ZIPKIN_PORT (default 19411),
# AIOPS_ZIPKIN_TIMEOUT (seconds to wait for /health, default 120).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
zipkin_version=3.5.1
jar="$here/target/zipkin-server-$zipkin_version-exec.jar"
svc_name=zipkin
svc_port="${AIOPS_ZIPKIN_PORT:-19411}"
svc_ready=/health
svc_marker="zipkin-server-$zipkin_version-exec.jar"
svc_timeout="${AIOPS_ZIPKIN_TIMEOUT:-120}"

svc_prepare() {
  [[ -s "$jar" ]] && return 0
  say "downloading io.zipkin:zipkin-server:$zipkin_version:exec (131 MB) with Maven"
  local goal=(-B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy
              "-Dartifact=io.zipkin:zipkin-server:$zipkin_version:jar:exec" "-DoutputDirectory=$here/target")
  # from a folder without a pom.xml; offline first, so that a filled ~/.m2 never needs the network
  (cd "$here" && { mvn -o "${goal[@]}" >/dev/null 2>&1 || mvn "${goal[@]}" >&2; }) || die "Maven download failed"
}

# C1 only and the serial GC: about half the start-up CPU and 40 MB less RSS than the JVM defaults.
# Spring Boot replaces a whole list from a higher-priority source, so all of armeria.ports[0] is given.
svc_java_args() {
  printf '%s\n' -Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -jar "$jar" \
    --zipkin.storage.type=mem --armeria.ports[0].ip=127.0.0.1 "--armeria.ports[0].port=$svc_port" \
    --armeria.ports[0].protocols[0]=http
}

# shellcheck source=../opensearch/jvm-service.sh
source "$here/../opensearch/jvm-service.sh"
service_main "$@"
