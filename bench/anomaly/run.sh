#!/usr/bin/env bash
# aiops: bench/anomaly: Isolation Forest against scikit-learn, Holt-Winters against statsmodels and the
# Prophet-style model against Prophet on the same data in one run (times, and whether the results agree
# within tolerance), then `aiops detect` on a million points with each detector (seconds, peak RSS);
# prints Markdown tables (bench/README.md has the results)
# SPDX-License-Identifier: MIT
#
#   bench/anomaly/run.sh                # both parts; parity timings are the best of 3 runs
#   bench/anomaly/run.sh parity         # only the comparison with scikit-learn, statsmodels, Prophet
#   bench/anomaly/run.sh detect         # only aiops detect on POINTS points (default 1000000)
#   REPEATS=1 POINTS=200000 MODES="batch online" bench/anomaly/run.sh   # also the causal (--online) runs
#   PARTS=iforest REPEATS=1 bench/anomaly/run.sh parity   # only Isolation Forest (PARTS: iforest forecast)
#
# Needs: Debian python3-sklearn, python3-statsmodels, python3-pandas; Prophet from PyPI in a venv
# (created here on first use: build/tsbench-venv, with the system packages visible); Eigen 3.4,
# g++, GNU time (Debian `time`). The `aiops` program is built with the release preset in
# build/tsbench-release. Environment: AIOPS_BENCH_DIR (data, default /tmp/aiops-bench-anomaly),
# REPEATS, POINTS, MODES (default batch), AIOPS (a built aiops program to time instead),
# CXX, ARCH (default -march=native, as bench/ml).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${AIOPS_BENCH_DIR:-/tmp/aiops-bench-anomaly}
repeats=${REPEATS:-3}
points=${POINTS:-1000000}
modes=${MODES:-batch}
part=${1:-all}
venv=$root/build/tsbench-venv
mkdir -p "$work" "$root/build/tsbench"

for module in sklearn statsmodels pandas; do
  /usr/bin/python3 -c "import $module" 2>/dev/null || { echo "run.sh: $module is missing (apt-get install -y python3-$module)" >&2; exit 2; }
done
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import prophet' 2>/dev/null; then
  echo "installing Prophet into $venv ..." >&2
  /usr/bin/python3 -m venv --system-site-packages "$venv"
  # Pinned to Debian's numpy: pandas 1.5 from Debian, seen through the venv, breaks on numpy 2.
  "$venv/bin/pip" install --quiet prophet "numpy==$(/usr/bin/python3 -c 'import numpy; print(numpy.__version__)')"
fi

echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB"
echo "load average before: $(cut -d" " -f1-3 /proc/loadavg)"

if [[ $part == all || $part == parity ]]; then
  # CMake's Release flags; header-only, so one compiler call.
  flags=(-std=c++20 -O3 -DNDEBUG ${ARCH--march=native})
  echo "building bench-anomaly (${flags[*]}) ..." >&2
  ${CXX:-g++} "${flags[@]}" -I"$root/include" -isystem /usr/include/eigen3 "$here/bench_anomaly.cpp" -o "$root/build/tsbench/bench-anomaly"
  echo "$(${CXX:-g++} --version | head -1) ${flags[*]}"
  "$venv/bin/python" "$here/compare.py" "$root" "$work" "$root/build/tsbench/bench-anomaly" "$repeats"
fi

if [[ $part == all || $part == detect ]]; then
  aiops=${AIOPS:-}
  if [[ -z $aiops ]]; then
    build=$root/build/tsbench-release
    echo "building aiops (release preset) in $build ..." >&2
    [[ -f $build/CMakeCache.txt ]] || cmake --preset release -B "$build" >&2
    cmake --build "$build" --target aiops -j2 >&2
    aiops=$build/apps/aiops/aiops
  fi
  csv=$work/series-$points.csv
  [[ -f $csv ]] || /usr/bin/python3 "$here/make_series.py" "$csv" "$points"
  # The detectors the program offers, from its help: `--detector TEXT:{zscore,mad,...}=ensemble`.
  detectors=$("$aiops" detect --help | sed -n 's/.*--detector TEXT:{\([^}]*\)}.*/\1/p' | tr , ' ')
  echo
  echo "aiops detect on $(($(wc -l <"$csv") - 1)) rows ($(du -m "$csv" | cut -f1) MB); load average before: $(cut -d" " -f1-3 /proc/loadavg)"
  echo
  echo "| detector | mode | wall s | user + sys s | peak RSS MB | rows flagged |"
  echo "|---|---|---:|---:|---:|---:|"
  for detector in $detectors; do
    for mode in $modes; do
      flag=(); [[ $mode == online ]] && flag=(--online)
      /usr/bin/time -v -o "$work/time.txt" "$aiops" detect "$csv" --detector "$detector" "${flag[@]}" --out /dev/null 2>"$work/detect.err" ||
        { echo "| $detector | $mode | failed: $(tail -1 "$work/detect.err") | | | |"; continue; }
      awk -F': ' -v d="$detector" -v m="$mode" -v flagged="$(grep -o '[0-9]* flagged' "$work/detect.err" | cut -d' ' -f1)" '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3 ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]) }
        /User time/ { cpu += $2 } /System time/ { cpu += $2 }
        /Maximum resident set size/ { rss = $2 / 1024 }
        END { printf "| %s | %s | %.1f | %.1f | %.0f | %s |\n", d, m, wall, cpu, rss, flagged }' "$work/time.txt"
    done
  done
  echo
  echo "load average after: $(cut -d" " -f1-3 /proc/loadavg)"
fi
