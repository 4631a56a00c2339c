# aiops: shared shell helpers for scripts/* (sourced, not run)
# SPDX-License-Identifier: MIT
set -euo pipefail
AIOPS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export AIOPS_ROOT
# ccache: paths under the tree are hashed relative to it, so a fresh clone reuses earlier objects;
# the sloppiness lets it cache the test sources built with the Catch2 precompiled header (40% of
# all compiles were "could not use precompiled header" without it).
export CCACHE_BASEDIR="$AIOPS_ROOT" CCACHE_NOHASHDIR=true
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
# The whole project (solutions, exercises, fuzzers, sanitizers) does not fit ccache's default 5 GB.
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-20G}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'aiops: %s\n' "$*" >&2; exit 1; }

# as_root CMD...: run as root (directly, or through sudo when we are not root).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $* (install sudo or run as root)"; fi
}

# need_packages PKG...: installs the Debian packages that are missing, and nothing else.
need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The build toolchain and the libraries of every module (scripts/test adds TEST_PACKAGES).
BUILD_PACKAGES=(git cmake ninja-build g++ ccache pkg-config catch2 libfmt-dev librange-v3-dev libeigen3-dev
  libcpp-httplib-dev nlohmann-json3-dev libcli11-dev libyaml-cpp-dev libpcre2-dev zlib1g-dev libssl-dev chromium)
# The solutions preset's compiler: the whole test suite compiles 1.4-2.8x faster at -O0 with clang
# than with g++ (which still builds the program and, in CI, the asan preset); libFuzzer for scripts/fuzz;
# the SMTP server the e-mail integration test sends to (aiosmtpd, with STARTTLS and AUTH).
TEST_PACKAGES=(clang-14 libclang-rt-14-dev python3-aiosmtpd)
