#!/usr/bin/env bash
# aiops: end-to-end checks of the Zipkin v2 HTTP API against the server started by run.sh.
# SPDX-License-Identifier: MIT
#
#   run.sh start && smoke.sh     exit 0 when every check passed; prints "N passed, N failed" last
set -euo pipefail
export LC_ALL=C

url="http://127.0.0.1:${AIOPS_ZIPKIN_PORT:-19411}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

command -v jq >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q jq >&2

# req METHOD PATH [BODY_FILE [CURL_ARGS...]]: the response body goes to $work/body, the status to $status.
req() {
  local args=(-s -m 30 -o "$work/body" -w '%{http_code}' -X "$1" "$url$2")
  if (($# > 2)); then
    args+=(-H "Content-Type: application/json" --data-binary "@$3" "${@:4}")
  fi
  status="$(curl "${args[@]}")" || status=000
}

# check NAME EXPECTED_STATUS JQ_FILTER: passes when the status matches and the filter is true on the body.
check() {
  if [[ "$status" == "$2" ]] && jq -e "$3" "$work/body" >/dev/null 2>&1; then
    passed=$((passed + 1))
    echo "ok   - $1"
  else
    failed=$((failed + 1))
    echo "FAIL - $1: HTTP $status, wanted $2 and: $3"
    head -c 800 "$work/body"
    echo
  fi
}

# check_text NAME EXPECTED_STATUS TEXT: for the plain-text error bodies.
check_text() {
  if [[ "$status" == "$2" ]] && grep -qF -- "$3" "$work/body"; then
    passed=$((passed + 1))
    echo "ok   - $1"
  else
    failed=$((failed + 1))
    echo "FAIL - $1: HTTP $status, wanted $2 and a body with: $3"
    head -c 800 "$work/body"
    echo
  fi
}

hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# poll_trace ID: the collector answers 202 before storing, so read until the spans appear (5 s at most).
poll_trace() {
  for _ in $(seq 1 50); do
    req GET "/api/v2/trace/$1"
    [[ "$status" == 200 ]] && return 0
    sleep 0.1
  done
}

req GET /health
if [[ "$status" != 200 ]]; then
  echo "no Zipkin answers on $url (HTTP $status): start it with tests/servers/zipkin/run.sh start" >&2
  exit 1
fi
check "GET /health is UP with in-memory storage" 200 '.status == "UP" and (.zipkin.details | has("InMemoryStorage{}"))'

# One trace with a random 128-bit id (a fresh server keeps earlier runs' traces until it restarts).
trace_id="$(hex 16)"
root_id="$(hex 8)"
child_id="$(hex 8)"
now_us=$(($(date +%s%N) / 1000))
cat > "$work/spans.json" <<EOF
[{"traceId": "$trace_id", "id": "$root_id", "name": "get /checkout", "kind": "SERVER",
  "timestamp": $now_us, "duration": 150000,
  "localEndpoint": {"serviceName": "aiops-smoke-checkout", "ipv4": "10.0.0.1", "port": 8080},
  "tags": {"http.method": "GET", "http.path": "/checkout", "error": "upstream timeout"}},
 {"traceId": "$trace_id", "parentId": "$root_id", "id": "$child_id", "name": "select orders", "kind": "CLIENT",
  "timestamp": $((now_us + 1000)), "duration": 90000,
  "localEndpoint": {"serviceName": "aiops-smoke-checkout"}, "remoteEndpoint": {"serviceName": "aiops-smoke-db"},
  "annotations": [{"timestamp": $((now_us + 2000)), "value": "retry"}]}]
EOF
req POST /api/v2/spans "$work/spans.json"
check "POST /api/v2/spans accepts two spans" 202 'true'
poll_trace "$trace_id"
check "GET /api/v2/trace/{id} returns both spans as sent" 200 "
  length == 2
  and (map(select(.id == \"$root_id\"))[0] | .kind == \"SERVER\" and .duration == 150000
       and .localEndpoint == {\"serviceName\": \"aiops-smoke-checkout\", \"ipv4\": \"10.0.0.1\", \"port\": 8080}
       and .tags.error == \"upstream timeout\" and (has(\"parentId\") | not))
  and (map(select(.id == \"$child_id\"))[0] | .parentId == \"$root_id\" and .timestamp == $((now_us + 1000))
       and .remoteEndpoint.serviceName == \"aiops-smoke-db\" and .annotations[0].value == \"retry\")"

req GET /api/v2/services
check "services include the local service" 200 'index("aiops-smoke-checkout") != null'
req GET "/api/v2/spans?serviceName=aiops-smoke-checkout"
check "span names of the service" 200 '. == ["get /checkout", "select orders"]'
req GET "/api/v2/traces?serviceName=aiops-smoke-checkout&annotationQuery=error&limit=10"
check "trace search by service and tag key finds the trace" 200 \
  "map(.[0].traceId) | index(\"$trace_id\") != null"
req GET "/api/v2/dependencies?endTs=$(((now_us / 1000) + 60000))&lookback=600000"
check "dependency link from the client span" 200 \
  'any(.[]; .parent == "aiops-smoke-checkout" and .child == "aiops-smoke-db" and .callCount >= 1)'

# Clients may compress: the collector accepts gzip bodies.
gzip_trace="$(hex 8)"
printf '[{"traceId":"%s","id":"%s","name":"gzip","timestamp":%d,"duration":1,"localEndpoint":{"serviceName":"aiops-smoke-gzip"}}]' \
  "$gzip_trace" "$gzip_trace" "$now_us" | gzip > "$work/span.json.gz"
req POST /api/v2/spans "$work/span.json.gz" -H "Content-Encoding: gzip"
check "POST with Content-Encoding: gzip is accepted" 202 'true'
poll_trace "$gzip_trace"
check "a 64-bit trace id reads back" 200 "length == 1 and .[0].traceId == \"$gzip_trace\""

printf '[{"traceId": "XYZ", "id": "1"}]' > "$work/bad.json"
req POST /api/v2/spans "$work/bad.json"
check_text "a span with a bad trace id is rejected whole with 400" 400 "should be lower-hex encoded with no prefix"
req GET "/api/v2/trace/$(hex 16)"
check_text "an unknown trace is 404" 404 "not found"

echo "$passed passed, $failed failed"
((failed == 0))
