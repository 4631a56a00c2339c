#!/usr/bin/env bash
# aiops: `aiops collect --trace-store` as a Zipkin server: OTLP in, the last N traces read back through
# Zipkin's v2 API by id with their exact span counts, the evicted ones gone and counted on /metrics,
# and `aiops trace topology --zipkin` against the collector equal to the topology of the file sent.
#   trace_collect.sh AIOPS WORKDIR
set -euo pipefail
aiops=$1
work=$2
mkdir -p "$work"
rm -f "$work"/collect.* "$work"/old.* "$work"/new.*

# Two batches of 100 traces (different seeds, so different trace ids); the store keeps 100 traces.
"$aiops" trace simulate --traces 100 --seed 7 -o "$work/old.otlp.json" 2>/dev/null
"$aiops" trace simulate --traces 100 --seed 8 --fault error:payments:0.3 -o "$work/new.otlp.json" 2>/dev/null
"$aiops" trace simulate --traces 100 --seed 8 --fault error:payments:0.3 --format zipkin -o "$work/new.zipkin.json" 2>/dev/null

"$aiops" collect --listen 127.0.0.1:0 --prometheus 127.0.0.1:0 --trace-store 100 --batch-timeout 50 \
  2>"$work/collect.log" >"$work/collect.summary" &
collector=$!
trap 'kill "$collector" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q 'Zipkin read API' "$work/collect.log" 2>/dev/null && break
  sleep 0.1
done
api=$(sed -n 's|.*Zipkin read API on \(http://[^/]*\)/api/v2/.*|\1|p' "$work/collect.log")
metrics=$(sed -n 's|.*/metrics on \(http://[^ ]*\)$|\1|p' "$work/collect.log")
[ -n "$api" ] && [ -n "$metrics" ] || { cat "$work/collect.log"; echo "collector did not start"; exit 1; }

for batch in old new; do
  curl -sf -X POST -H 'Content-Type: application/json' --data-binary "@$work/$batch.otlp.json" "$api/v1/traces" >/dev/null
done
for _ in $(seq 100); do  # the batch worker exports every 50 ms
  curl -sf "$metrics" | grep -q '^aiops_collect_trace_store_evicted_traces_total 100$' && break
  sleep 0.1
done
page=$(curl -sf "$metrics")
grep -q '^aiops_collect_trace_store_traces 100$' <<<"$page" || { echo "$page" | grep trace_store; echo "store does not hold 100 traces"; exit 1; }
grep -q '^aiops_collect_trace_store_evicted_traces_total 100$' <<<"$page" || { echo "$page" | grep trace_store; echo "not 100 evictions"; exit 1; }

# Every trace by id, with the span count the file has ("trace ID SERVICE NAME: T ms, N spans").
expect_ids() { "$aiops" trace critical-path "$1" --top 1000 | sed -n 's/^trace \([0-9a-f]*\) .*, \([0-9]*\) spans.*/\1 \2/p'; }
checked=0
while read -r id spans; do
  got=$(curl -sf "$api/api/v2/trace/$id" | grep -o '"traceId"' | wc -l)
  [ "$got" -eq "$spans" ] || { echo "trace $id: $got spans read back, $spans sent"; exit 1; }
  checked=$((checked + 1))
done < <(expect_ids "$work/new.zipkin.json")
[ "$checked" -eq 100 ] || { echo "checked $checked traces, expected 100"; exit 1; }
while read -r id _; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$api/api/v2/trace/$id")
  [ "$code" = 404 ] || { echo "evicted trace $id answered $code"; exit 1; }
done < <(expect_ids "$work/old.otlp.json")

# The services and the topology, through Zipkin's API as against a Zipkin server.
curl -sf "$api/api/v2/services" | grep -q '"payments"'
"$aiops" trace topology "$work/new.zipkin.json" --format json >"$work/new.topology.json"
"$aiops" trace topology --zipkin "$api" --lookback 100000 --format json >"$work/collect.topology.json"
diff "$work/new.topology.json" "$work/collect.topology.json"
"$aiops" trace rca --zipkin "$api" --lookback 100000 --top 1 | grep -q '^1 \+payments '

kill -TERM "$collector"
wait "$collector"
trap - EXIT
grep -q '"trace_store":{"traces":100,' "$work/collect.summary"
echo "trace collect ok: 100 traces by id, 100 evicted, topology and rca through the Zipkin API"
