#!/usr/bin/env bash
# aiops: bench/nlp: TF-IDF + k-means against scikit-learn and Word2Vec against gensim, side by side in one
# run on the same words (datasets/logs, masked), one thread each, the same hyper-parameters.
# SPDX-License-Identifier: MIT
#
#   bench/nlp/vectors.sh
#
# Needs python3 with scikit-learn and gensim (Debian: apt-get install python3-sklearn python3-gensim).
# Environment: AIOPS_BENCH_DIR (work dir, default /tmp/aiops-bench-nlp-vectors), CXX, PYTHON (default /usr/bin/python3).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${AIOPS_BENCH_DIR:-/tmp/aiops-bench-nlp-vectors}
python=${PYTHON:-/usr/bin/python3}
mkdir -p "$work"

"$python" -c 'import sklearn, gensim' || { echo "need scikit-learn and gensim: apt-get install python3-sklearn python3-gensim" >&2; exit 1; }
echo "building bench_vectors ..." >&2
${CXX:-g++} -std=c++20 -O2 -DNDEBUG -I"$root/include" -isystem /usr/include/eigen3 -DAIOPS_SOURCE_DIR="\"$root\"" \
  "$here/bench_vectors.cpp" -o "$work/bench_vectors"

"$work/bench_vectors" prepare "$work"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "aiops ..." >&2
"$work/bench_vectors" run "$work" > "$work/aiops.tsv"
echo "scikit-learn and gensim ..." >&2
report=$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$python" "$here/vectors_bench.py" "$work" "$work/aiops.tsv")
echo "$(${CXX:-g++} --version | head -1), $("$python" --version), $(nproc) cores, load $load_before (before) $(cut -d' ' -f1-3 /proc/loadavg) (after)"
echo
echo "$report"
