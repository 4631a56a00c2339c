#!/usr/bin/env bash
# aiops: bench/ml: aiops::ml against scikit-learn on the same generated data, in one run: linear,
# ridge, logistic (binary and one-vs-rest) and k-means fit + predict times, and whether the results
# agree within tolerance; prints a Markdown table (bench/README.md has the results)
# SPDX-License-Identifier: MIT
#
#   bench/ml/run.sh            # best of 3 runs of each fit and predict
#   REPEATS=5 bench/ml/run.sh
#
# Needs: Debian's scikit-learn (apt-get install -y python3-sklearn), Eigen 3.4 (libeigen3-dev), g++.
# Environment: AIOPS_BUILD_DIR (default build/ml-release), AIOPS_BENCH_DIR (data, default
# /tmp/aiops-bench-ml), REPEATS, CXX, ARCH (default -march=native: Eigen picks its SIMD at compile
# time, while numpy's OpenBLAS picks AVX2 at run time; ARCH= gives the portable SSE2 build).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${AIOPS_BUILD_DIR:-$root/build/ml-release}
work=${AIOPS_BENCH_DIR:-/tmp/aiops-bench-ml}
repeats=${REPEATS:-3}
python=/usr/bin/python3  # Debian's python3 with python3-sklearn, not a pyenv shim

"$python" -c 'import sklearn' 2>/dev/null || { echo "run.sh: scikit-learn is missing (apt-get install -y python3-sklearn)" >&2; exit 2; }
mkdir -p "$build" "$work"

# CMake's Release flags; header-only, so one compiler call.
flags=(-std=c++20 -O3 -DNDEBUG ${ARCH--march=native})
echo "building bench-ml (${flags[*]}) in $build ..." >&2
${CXX:-g++} "${flags[@]}" -I"$root/include" -isystem /usr/include/eigen3 "$here/bench_ml.cpp" -o "$build/bench-ml"

echo "$(${CXX:-g++} --version | head -1) ${flags[*]}, Eigen $(sed -n 's/#define EIGEN_\(WORLD\|MAJOR\|MINOR\)_VERSION //p' /usr/include/eigen3/Eigen/src/Core/util/Macros.h | paste -sd.), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d" " -f1-3 /proc/loadavg)"
"$python" "$here/compare.py" "$work" "$build/bench-ml" "$repeats"
