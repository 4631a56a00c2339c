#!/usr/bin/env bash
# aiops: bench/analyze: the library (bench_aggregate: pandas' three answers) and `aiops analyze` (the
# whole report) against pandas and GoAccess on a generated 1-million-line nginx combined log, one
# machine, one run; prints a Markdown table (bench/README.md has the results)
# SPDX-License-Identifier: MIT
#
#   bench/analyze/run.sh                 # 1M lines, aiops 5 runs each (median), pandas 3 (median), GoAccess once
#   LINES=200000 RUNS=3 bench/analyze/run.sh
#
# Needs: python3-pandas and goaccess (apt-get install -y python3-pandas goaccess), GNU time, g++.
# Environment: AIOPS_BENCH_DIR (work dir, default /tmp/aiops-bench-analyze), AIOPS_BUILD_DIR
# (default build/frame-release), LINES, RUNS, CXX.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${AIOPS_BENCH_DIR:-/tmp/aiops-bench-analyze}
build=${AIOPS_BUILD_DIR:-$root/build/frame-release}
lines=${LINES:-1000000}
runs=${RUNS:-5}
python=/usr/bin/python3  # Debian's python3 with python3-pandas, not a pyenv shim

for need in /usr/bin/time goaccess; do
  command -v "$need" >/dev/null || { echo "run.sh: $need is missing (apt-get install -y time goaccess)" >&2; exit 2; }
done
"$python" -c 'import pandas' 2>/dev/null || { echo "run.sh: pandas is missing (apt-get install -y python3-pandas)" >&2; exit 2; }

mkdir -p "$work"
log=$work/access-$lines.log
if [ ! -s "$log" ]; then
  echo "generating $log ..." >&2
  "$python" "$here/gen_nginx_log.py" --lines "$lines" --out "$log"
fi

echo "building aiops (release) in $build ..." >&2
cmake --preset release -B "$build" >/dev/null
cmake --build "$build" --target aiops >/dev/null
aiops=$build/apps/aiops/aiops
flags=(-std=c++20 -O3 -DNDEBUG -pthread)  # the release preset's
${CXX:-g++} "${flags[@]}" -I"$root/include" "$here/bench_aggregate.cpp" -o "$build/bench_aggregate"
echo "$(${CXX:-g++} --version | head -1) ${flags[*]}" >"$work/compiler"

# measure NAME CMD...: wall, user and system seconds (bash's `time`: to the millisecond; GNU time's
# %e counts hundredths, 12% of bench_aggregate's 0.08 s) into $work/NAME.time, peak RSS (KiB, GNU
# time) into $work/NAME.rss
measure() {
  local name=$1 TIMEFORMAT="%3R %3U %3S"
  shift
  { time /usr/bin/time -f "%M" -o "$work/$name.rss" "$@" >"$work/$name.out" 2>"$work/$name.err"; } 2>"$work/$name.time"
}

cut -d' ' -f1-3 /proc/loadavg >"$work/load.before"
for threads in 1 2; do
  echo "bench_aggregate, $threads thread(s), $runs runs ..." >&2
  for i in $(seq "$runs"); do measure "aggregate$threads-$i" "$build/bench_aggregate" "$log" "$threads"; done
done
echo "aiops analyze, $runs runs ..." >&2
for i in $(seq "$runs"); do measure "aiops-$i" "$aiops" analyze "$log" --json; done
echo "aiops analyze, one thread ..." >&2
measure aiops-1thread "$aiops" analyze "$log" --json --threads 1
echo "aiops analyze on the log three times over (same groups, 3x the lines) ..." >&2
cat "$log" "$log" "$log" >"$work/access-x3.log"
measure aiops-x3 "$aiops" analyze "$work/access-x3.log" --json
rm -f "$work/access-x3.log"
echo "awk (status counts only: a floor for any tool that reads every line) ..." >&2
measure awk awk '{ n[$9]++ } END { for (s in n) print s, n[s] }' "$log"
echo "pandas, 3 runs ..." >&2
for i in 1 2 3; do measure "pandas-$i" "$python" "$here/pandas_analyze.py" "$log"; done
echo "GoAccess ..." >&2
measure goaccess goaccess "$log" --log-format=COMBINED --no-progress --no-global-config --no-query-string \
  -o "$work/goaccess.json"

cut -d' ' -f1-3 /proc/loadavg >"$work/load.after"

"$python" - "$work" "$log" "$runs" <<'PY'
import json, os, sys

work, log, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = os.path.getsize(log)

def timing(name):
    wall, user, sys_ = open(os.path.join(work, name + ".time")).read().split()[-3:]
    rss = open(os.path.join(work, name + ".rss")).read().split()[-1]
    return {"wall": float(wall), "cpu": float(user) + float(sys_), "rss": int(rss) / 1024}

def median(name, n=runs):
    ts = sorted((timing("%s-%d" % (name, i)) for i in range(1, n + 1)), key=lambda t: t["wall"])
    return ts[len(ts) // 2]

rows = [("bench_aggregate, 1 thread (median of %d)" % runs, median("aggregate1")),
        ("bench_aggregate, 2 threads (median of %d)" % runs, median("aggregate2")),
        ("aiops analyze, whole report (2 threads, median of %d)" % runs, median("aiops")),
        ("aiops analyze --threads 1", timing("aiops-1thread")),
        ("pandas 1.5 (regex + value_counts + resample; median of 3)", median("pandas", 3)),
        ("GoAccess 1.7 (--log-format=COMBINED, JSON)", timing("goaccess")),
        ("awk, status counts only (reference)", timing("awk"))]
base = rows[0][1]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
load = [open(os.path.join(work, "load." + w)).read().strip() for w in ("before", "after")]
lines = sum(1 for _ in open(log, "rb"))
print("input: %s, %.1f MB, %s lines; machine: %d x %s; %s; load average %s before, %s after\n" % (
    os.path.basename(log), size / 1e6, lines, os.cpu_count(), cpu, open(os.path.join(work, "compiler")).read().strip(),
    load[0], load[1]))
print("| tool | wall s | CPU s | CPU µs/line | MB/s (wall) | peak RSS MB | wall vs first row | CPU vs first row |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, t in rows:
    print("| %s | %.3f | %.3f | %.3f | %.0f | %.0f | %.1fx | %.1fx |" % (
        name, t["wall"], t["cpu"], t["cpu"] / lines * 1e6, size / 1e6 / t["wall"], t["rss"], t["wall"] / base["wall"],
        t["cpu"] / base["cpu"]))
pandas = median("pandas", 3)
print("\npandas / bench_aggregate: %s" % ", ".join("%s thread(s) %.1fx CPU, %.1fx wall" % (
    n, pandas["cpu"] / t["cpu"], pandas["wall"] / t["wall"]) for n, t in (("1", rows[0][1]), ("2", rows[1][1]))))
x3 = timing("aiops-x3")
print("\naiops on the same log 3 times over (%.0f MB): %.2f s wall, peak RSS %.0f MB (1x: %.0f MB)" % (
    3 * size / 1e6, x3["wall"], x3["rss"], rows[2][1]["rss"]))

# Do the tools agree on what they both compute?
p = json.load(open(os.path.join(work, "pandas-1.out")))
for threads in (1, 2):
    b = json.load(open(os.path.join(work, "aggregate%d-1.out" % threads)))
    same = [k for k in p if b.get(k) == p[k]]
    print("\nbench_aggregate (%d thread(s)) and pandas agree on: %s%s" % (
        threads, ", ".join(same), "" if len(same) == len(p) else "; DIFFER on: " + ", ".join(k for k in p if k not in same)))
a = json.load(open(os.path.join(work, "aiops-1.out")))
g = json.load(open(os.path.join(work, "goaccess.json")))
checks = {
    "records": a["records"] == p["records"],
    "status counts": {str(s["status"]): s["count"] for s in a["status"]} == p["status"],
    "top 10 paths": [[x["path"], x["count"]] for x in a["top_paths"]] == p["top_paths"],
    "peak minute": a["requests_per_minute_peak"] == p["peak"],
    "minutes": len(a["requests_per_minute"]) == p["minutes"],
    "GoAccess total requests = lines": g["general"]["total_requests"] == a["lines"],
}
print("aiops analyze and pandas agree on: " + ", ".join("%s %s" % (k, "yes" if v else "NO") for k, v in checks.items()))
PY
