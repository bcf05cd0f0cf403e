#!/usr/bin/env bash
# execute_fight's capacity on this machine, the whole system measured: a fresh system (Release, 1 % of traces unless
# TRACE_RATIO says otherwise), a 15 s wrk warm-up, 3 PerfRunner runs at RATE with the CPU of every process (PostgreSQL,
# the dashboard and the kernel included) sampled in each run's measured window, wrk's closed loop at 16 connections,
# then PerfRunner's sweep from 400/s up (×1.25 a step, a breaking step measured once more).
# Usage: benchmarks/capacity.sh [rate] [output-directory]     e.g. benchmarks/capacity.sh 500
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-500}
out=$(realpath -m "${2:-results/capacity}")
mkdir -p "$out"
url=http://localhost:8004/api/fights/execute_fight
health_port=8004
source benchmarks/apphost.sh
ratio=${TRACE_RATIO:-0.01}
traced="$(awk -v r="$ratio" 'BEGIN { print r * 100 }')%"
start_apphost "$out/apphost.log" Telemetry__TraceSampleRatio="$ratio"
wrk -t1 -c4 -d15s "$url" > /dev/null
for i in 1 2 3; do
  # 10 s of ramp, then 20 s measured: the sample covers 12 s in the middle of the measured window.
  (sleep 15; benchmarks/cpu-by-process.py 12 > "$out/cpu$i.txt") & sampler=$!
  perfrunner run --scenario execute-fight --traced "$traced" --rps "$rate" --duration 20s --warmup 10s --no-progress \
    --output "$out/run$i.json" --report "$out/run$i.md" 2>&1 | tail -1
  wait "$sampler"
  echo "  CPU cores: $(cat "$out/cpu$i.txt")"
done
echo "wrk, closed loop, 16 connections, 15 s: $(wrk -t2 -c16 -d15s --latency "$url" \
  | grep -E 'Requests/sec|^ +(50|99)%' | tr -s ' ' | tr '\n' ' ')"
perfrunner sweep --scenario execute-fight --traced "$traced" --from 400 --to 3000 --factor 1.25 --step-duration 10s --warmup 10s \
  --no-progress --output "$out/sweep.json" --report "$out/sweep.md" 2>&1 | tail -1
stop_apphost
