#!/usr/bin/env bash
# The PerfRunner workflow on the real system, end to end: a baseline with every trace exported to the dashboard,
# then the "optimized" system tracing 1 % of iterations (PerfRunner's --traced 1%, which the services' samplers
# follow, and Telemetry__TraceSampleRatio=0.01), compared with --baseline.
# Each side starts the AppHost fresh (Release) on a throwaway database.
# Usage: benchmarks/perfrunner-example.sh [rate] [duration] [repeat] [warm-up] [output-directory]
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-200}
duration=${2:-15s}
repeat=${3:-5}
warmup=${4:-20s}
out=${5:-results/example}
health_port=8004
source benchmarks/apphost.sh
mkdir -p "$out"

start_apphost "$data/baseline.log"
perfrunner run --rps "$rate" --duration "$duration" --warmup "$warmup" --repeat "$repeat" --no-progress \
  --output "$out/baseline.json" --report "$out/baseline.md"
stop_apphost

start_apphost "$data/optimized.log" Telemetry__TraceSampleRatio=0.01
perfrunner run --traced 1% --rps "$rate" --duration "$duration" --warmup "$warmup" --repeat "$repeat" --no-progress \
  --baseline "$out/baseline.json" --output "$out/optimized.json" --report "$out/optimized.md"
stop_apphost
