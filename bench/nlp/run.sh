#!/usr/bin/env bash
# aiops: bench/nlp: Drain and the refined parser on datasets/logs (GA, PA, FGA), and aiops's Drain
# against Drain3 (PyPI drain3, in bench/nlp/.venv) with the same masks, depth, similarity and max
# children, side by side on the same input: GA, whether the clusters are the same, lines/s.
# SPDX-License-Identifier: MIT
#
#   bench/nlp/run.sh              each dataset mined 5 times over for the speed columns
#   REPEAT=20 bench/nlp/run.sh
#
# Environment: AIOPS_BENCH_DIR (work dir, default /tmp/aiops-bench-nlp), REPEAT, CXX.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${AIOPS_BENCH_DIR:-/tmp/aiops-bench-nlp}
repeat=${REPEAT:-5}
venv=$here/.venv
mkdir -p "$work"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import drain3' 2>/dev/null; then
  echo "creating $venv with drain3 ..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q drain3==0.9.11
fi

echo "building bench_nlp ..." >&2
${CXX:-g++} -std=c++20 -O2 -DNDEBUG -I"$root/include" -isystem /usr/include/eigen3 -DAIOPS_SOURCE_DIR="\"$root\"" \
  "$here/bench_nlp.cpp" -o "$work/bench_nlp" -pthread $(pkg-config --libs libpcre2-8)

"$work/bench_nlp" prepare "$work"
for s in hdfs openssh linux hadoop android apache; do
  echo "Drain3 on $s ..." >&2
  "$venv/bin/python" "$here/drain3_bench.py" "$work/$s.txt" "$here/masks.txt" "$work/$s.drain3.ids" --repeat "$repeat" \
    >"$work/$s.drain3.json"
done
echo "$(${CXX:-g++} --version | head -1), $("$venv/bin/python" --version), drain3 $("$venv/bin/pip" show drain3 | sed -n 's/^Version: //p'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$work/bench_nlp" report "$work" "$repeat"
