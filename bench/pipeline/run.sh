#!/usr/bin/env bash
# aiops: bench/pipeline: sustained lines/s and peak RSS of `aiops run` (file source, nginx parse,
# Drain templates, per-minute features, z-scores on errors and on every template series, two
# alert rules, a JSONL sink, the state file at checkpoints) on 2 cores, side by side with the same
# pipeline in Python (re + Drain3 + pandas + a rolling z-score), same input, one run each
# SPDX-License-Identifier: MIT
#
#   cmake --preset release && cmake --build --preset release     # build/release/apps/aiops/aiops
#   bench/pipeline/run.sh              # 1,000,000 lines
#   bench/pipeline/run.sh 300000
#
# Environment: AIOPS (the program, default build/release/apps/aiops/aiops), AIOPS_BENCH_DIR (work
# dir, default /tmp/aiops-bench-pipeline), VENV (default build/pipeline-bench-venv: drain3 + pandas).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lines=${1:-1000000}
work=${AIOPS_BENCH_DIR:-/tmp/aiops-bench-pipeline}
aiops=${AIOPS:-$root/build/release/apps/aiops/aiops}
venv=${VENV:-$root/build/pipeline-bench-venv}
mkdir -p "$work"
[ -x "$aiops" ] || { echo "no $aiops: build the release preset first (or set AIOPS)" >&2; exit 2; }

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import drain3, pandas' 2>/dev/null; then
  echo "creating $venv with drain3 and pandas ..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q drain3==0.9.11 pandas
fi

log=$work/access-$lines.log
[ -f "$log" ] || python3 "$here/make_log.py" "$root/datasets/nginx/access.log" "$lines" "$log"
sed -e "s|LOG|$log|; s|STATE|$work/state.json|; s|ALERTS|$work/aiops-alerts.jsonl|" "$here/pipeline.yaml" >"$work/pipeline.yaml"
rm -f "$work/state.json" "$work/aiops-alerts.jsonl" "$work/python-alerts.jsonl"

# Both pinned to the same 2 cores; /usr/bin/time -v gives wall, CPU and peak RSS.
measure() {
  local name=$1
  shift
  taskset -c 0,1 /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.json"
}
echo "aiops run ..." >&2
measure aiops "$aiops" run "$work/pipeline.yaml" --once --json --progress 30
echo "python ..." >&2
measure python "$venv/bin/python" "$here/python_pipeline.py" "$log" "$root/bench/nlp/masks.txt" "$work/python-alerts.jsonl"

echo "$(${CXX:-g++} --version | head -1), $("$venv/bin/python" --version), drain3 $("$venv/bin/pip" show drain3 | sed -n 's/^Version: //p'), pandas $("$venv/bin/python" -c 'import pandas; print(pandas.__version__)'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(wc -l <"$log") lines, $(du -h "$log" | cut -f1); state file $(du -h "$work/state.json" | cut -f1)"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]

def usage(name):
    out = {}
    for line in open(f"{work}/{name}.time"):
        key, _, value = line.strip().rpartition(": ")
        out[key] = value
    parts = [float(p) for p in out["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")]
    wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    cpu = float(out["User time (seconds)"]) + float(out["System time (seconds)"])
    return wall, cpu, int(out["Maximum resident set size (kbytes)"]) / 1024

rows = []
a = json.load(open(f"{work}/aiops.json"))
p = json.load(open(f"{work}/python.json"))
for name, lines, fired, resolved in [("aiops run", a["records"] + a["bad"], a["fired"], a["resolved"]),
                                     ("Python (re + Drain3 + pandas)", p["lines"], p["fired"], p["resolved"])]:
    wall, cpu, rss = usage("aiops" if name == "aiops run" else "python")
    rows.append((name, lines, wall, cpu, rss, fired, resolved))
print("| pipeline | lines | wall s | lines/s | CPU s | lines per CPU s | peak RSS MB | alerts fired / resolved |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, lines, wall, cpu, rss, fired, resolved in rows:
    print(f"| {name} | {lines:,} | {wall:.1f} | {lines / wall:,.0f} | {cpu:.1f} | {lines / cpu:,.0f} | {rss:.0f} | {fired} / {resolved} |")
(_, la, wa, ca, ra, *_), (_, lp, wp, cp, rp, *_) = rows
print(f"\naiops run / Python: {(la / wa) / (lp / wp):.1f}x the lines/s (wall), {(la / ca) / (lp / cp):.1f}x the lines per CPU second; peak RSS Python / aiops: {rp / ra:.1f}x")
PY
