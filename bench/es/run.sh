#!/usr/bin/env bash
# aiops: documents/s shipping a 1M-line nginx log into the OpenSearch node of scripts/servers:
# `aiops ship` against opensearch-py's helpers.bulk, same node, data, ECS documents and batch size.
#   bench/es/run.sh [LINES] [BATCH]       (defaults: 1000000 lines, 1000 documents per _bulk)
# Needs: scripts/servers start opensearch; a Release build of aiops (cmake --preset release; the
# binary is taken from $AIOPS_BIN or build/release/apps/aiops/aiops); python3 with venv (the
# client is installed into $AIOPS_BENCH_VENV, default /tmp/aiops-bench-es-venv).
set -euo pipefail
cd "$(dirname "$0")/../.."
lines=${1:-1000000}
batch=${2:-1000}
url=${AIOPS_OPENSEARCH_URL:-http://127.0.0.1:19200}
aiops=${AIOPS_BIN:-build/release/apps/aiops/aiops}
work=${AIOPS_BENCH_DIR:-/tmp/aiops-bench-es}
venv=${AIOPS_BENCH_VENV:-/tmp/aiops-bench-es-venv}
log="$work/access-$lines.log"

[ -x "$aiops" ] || { echo "no aiops binary at $aiops (cmake --preset release && cmake --build --preset release)" >&2; exit 1; }
curl -fsS "$url/_cluster/health?wait_for_status=yellow&timeout=30s" >/dev/null ||
  { echo "no OpenSearch at $url: scripts/servers start opensearch" >&2; exit 1; }
mkdir -p "$work"
[ -f "$log" ] || python3 bench/analyze/gen_nginx_log.py --lines "$lines" --out "$log"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import opensearchpy' 2>/dev/null || "$venv/bin/pip" install -q opensearch-py

count() { curl -fsS -XPOST "$url/$1/_refresh" >/dev/null; curl -fsS "$url/$1/_count" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(wc -l < "$log") lines, $(du -h "$log" | cut -f1)"
for workers in 1 2; do
  index="bench-aiops-w$workers"
  curl -fsS -XDELETE "$url/$index" >/dev/null 2>&1 || true
  # bash's `time` gives the wall clock and the client's CPU (user + system) seconds.
  TIMEFORMAT="%R %U %S"
  t=$( { time "$aiops" ship "$log" --es "$url" --index "$index" --format combined --batch-docs "$batch" \
           --workers "$workers" 2>"$work/ship-w$workers.txt" >/dev/null; } 2>&1 ) || true
  read -r wall user sys <<<"$t"
  n=$(count "$index")
  echo "aiops ship --workers $workers: $n documents in $wall s = $(python3 -c "print(round($n / $wall))") docs/s; client CPU $(python3 -c "print(round($user + $sys, 1))") s"
  tail -1 "$work/ship-w$workers.txt"
done
TIMEFORMAT="%R %U %S"
t=$( { time "$venv/bin/python" bench/es/helpers_bulk.py --url "$url" --index bench-python --like bench-aiops-w1 \
         --chunk "$batch" "$log" >"$work/python.txt"; } 2>&1 )
read -r wall user sys <<<"$t"
cat "$work/python.txt"
echo "python helpers.bulk: $wall s wall; client CPU $(python3 -c "print(round($user + $sys, 1))") s"
for index in bench-aiops-w1 bench-aiops-w2 bench-python; do curl -fsS -XDELETE "$url/$index" >/dev/null; done
