#!/usr/bin/env bash
# aiops: bench/otel: spans/s through aiops::otel's codecs and its OTLP/HTTP receiver (protobuf and
# JSON), the receiver decoding every request and counting the spans; prints a Markdown table
# (bench/README.md has the results)
# SPDX-License-Identifier: MIT
#
#   bench/otel/run.sh                 # 512 spans per request, 400 requests, 2 client threads
#   bench/otel/run.sh 512 2000 2
#
# Needs: g++, cpp-httplib and nlohmann-json (Debian packages). Environment: AIOPS_BUILD_DIR
# (default build/otel-release), CXX.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${AIOPS_BUILD_DIR:-$root/build/otel-release}
mkdir -p "$build"

echo "building bench-otel (-O2 -DNDEBUG) in $build ..." >&2
# shellcheck disable=SC2046  # pkg-config's flags are meant to split
${CXX:-g++} -std=c++20 -O2 -DNDEBUG -I"$root/include" $(pkg-config --cflags cpp-httplib) -pthread \
  "$here/bench_otel.cpp" -o "$build/bench-otel" $(pkg-config --libs cpp-httplib)

echo "$(${CXX:-g++} --version | head -1), cpp-httplib $(pkg-config --modversion cpp-httplib), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
"$build/bench-otel" "$@"
