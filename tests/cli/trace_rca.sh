#!/usr/bin/env bash
# aiops: `aiops trace` on simulated traces with an erroring service: the topology has the edge to it,
# and root-cause ranking puts it first.   trace_rca.sh AIOPS WORKDIR
set -euo pipefail
aiops=$1
traces=$2/trace-sim.json
mkdir -p "$2"
"$aiops" trace simulate --traces 400 --fault error:payments:0.6 --format jaeger -o "$traces" 2>/dev/null
"$aiops" trace topology "$traces" --format dot | grep -q '"orders" -> "payments"'
"$aiops" trace rca "$traces" --top 1
