#!/usr/bin/env bash
# aiops: builds and runs bench/grok: %{COMBINEDAPACHELOG} lines/s with PCRE2 JIT, PCRE2's
# interpreter, RE2 (when libre2-dev is installed), std::regex, and aiops::logs::access_format.
#
#   bench/grok/run.sh [LINES]      default 200000 lines (datasets/nginx/access.log, repeated)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${TMPDIR:-/tmp}/aiops-grok-bench
flags=(-std=c++20 -O2 -DNDEBUG -I"$root/include" -DAIOPS_SOURCE_DIR="\"$root\"")
libs=($(pkg-config --libs libpcre2-8))
if pkg-config --exists re2; then
  flags+=(-DAIOPS_BENCH_RE2 $(pkg-config --cflags re2))
  libs+=($(pkg-config --libs re2))
else
  echo "(RE2 not found: apt-get install libre2-dev to include it)"
fi
${CXX:-g++} "${flags[@]}" "$root/bench/grok/grok_bench.cpp" -o "$out" "${libs[@]}"
echo "$(${CXX:-g++} --version | head -1), PCRE2 $(pkg-config --modversion libpcre2-8), $(nproc) cores"
"$out" "$@"
