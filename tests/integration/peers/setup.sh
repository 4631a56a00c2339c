#!/usr/bin/env bash
# aiops: installs the OpenTelemetry SDK peers once: node_modules/ from the committed lock, and a
# Python venv (.venv/) from requirements.txt. Does nothing when both are already there.
# SPDX-License-Identifier: MIT
set -euo pipefail
cd "$(dirname "$0")"
if [[ ! -d node_modules/@opentelemetry/sdk-trace-base ]]; then
  npm ci --no-audit --no-fund >&2
fi
if [[ ! -x .venv/bin/python ]] || ! .venv/bin/python -c 'import opentelemetry.exporter.otlp.proto.http' 2>/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt >&2
fi
echo "peers ready: node $(node --version), $(.venv/bin/python --version)"
