#!/usr/bin/env bash
# aiops: builds and runs bench/prom: text exposition parse MB/s of aiops::prom, Python's prometheus_client
# and promtool (Go), on node_exporter's page repeated to about 50 MB; counter increments/s on 2 threads.
#
#   bench/prom/run.sh [MB] [INCREMENTS_PER_THREAD]     default 50 MB, 20,000,000
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
mb=${1:-50}
out=${TMPDIR:-/tmp}/aiops-prom-bench
page=$out.page.prom
source_page=$root/tests/unit/prom/data/node_exporter.prom

# Copies of the page with the metric names prefixed c<N>_, so that no family repeats (a repeated
# HELP or TYPE line is an error to the Go parser).
awk -v target=$((mb * 1000000)) '
  { lines[NR] = $0 }
  END {
    for (copy = 0; size < target; ++copy) {
      for (i = 1; i <= NR; ++i) {
        line = lines[i]
        if (line ~ /^# (HELP|TYPE) /) line = substr(line, 1, 7) "c" copy "_" substr(line, 8)
        else if (line !~ /^#/ && line != "") line = "c" copy "_" line
        print line
        size += length(line) + 1
      }
    }
  }' "$source_page" >"$page"

${CXX:-g++} -std=c++20 -O2 -DNDEBUG -pthread -I"$root/include" "$root/bench/prom/bench_prom.cpp" -o "$out"
echo "$(${CXX:-g++} --version | head -1), $(nproc) cores, page $(du -m "$page" | cut -f1) MB ($(wc -l <"$page") lines)"
"$out" "$page" "${2:-20000000}"

# Debian's python3-prometheus-client lives in the system Python.
${PYTHON:-/usr/bin/python3} "$root/bench/prom/python_parse.py" "$page"

# promtool parses with the Go text parser (expfmt) and then lints; only the total time is visible.
start=$(date +%s.%N)
promtool check metrics <"$page" >/dev/null 2>&1 || true
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v b="$(stat -c %s "$page")" \
  'BEGIN { printf "promtool check metrics (%s): %.1f MB in %.2f s = %.1f MB/s (parse + lint)\n", "Go expfmt", b / 1e6, e - s, b / 1e6 / (e - s) }'
