#!/usr/bin/env bash
# aiops: bench/trace: spans/s through the OTLP/HTTP receiver into aiops::trace::store (protobuf and JSON),
# topology over 1M spans (seconds, peak RSS), root-cause accuracy over simulated incidents, large and small; prints
# Markdown tables (bench/README.md has the results)
# SPDX-License-Identifier: MIT
#
#   bench/trace/run.sh                 # receiver 400 requests x 2 threads, topology 1M spans, rca 100 incidents per kind,
#                                      # rca-small 50 small incidents per kind (200 requests per window)
#   bench/trace/run.sh topology 2000000
#   bench/trace/run.sh rca-small 50 100
#
# Needs: g++, cpp-httplib and nlohmann-json (Debian packages). Environment: AIOPS_BUILD_DIR
# (default build/trace-release), CXX.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${AIOPS_BUILD_DIR:-$root/build/trace-release}
mkdir -p "$build"

echo "building bench-trace (-O2 -DNDEBUG) in $build ..." >&2
# shellcheck disable=SC2046  # pkg-config's flags are meant to split
${CXX:-g++} -std=c++20 -O2 -DNDEBUG -I"$root/include" $(pkg-config --cflags cpp-httplib) -pthread \
  "$here/bench_trace.cpp" -o "$build/bench-trace" $(pkg-config --libs cpp-httplib) -lz

echo "$(${CXX:-g++} --version | head -1), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ $# -gt 0 ]; then
  "$build/bench-trace" "$@"
else
  for mode in receiver topology rca rca-small; do
    echo; echo "## $mode"; "$build/bench-trace" "$mode"
  done
fi
