#!/usr/bin/env bash
# Benchmark: GET /api/fights/execute_fight through the whole system started by the AppHost (Release build):
# latency at 50/s, then a rate sweep that finds the highest rate held with p99 under 100 ms.
# Needs hey (apt-get install hey). Usage: benchmarks/execute-fight.sh [trace-sample-ratio] [seconds-per-step]
# Every trace is exported to the dashboard unless a ratio is given (0.01 keeps 1 % of traces).
# hey paces each of its workers (-q per worker) and the workers tick together, so N workers send bursts of N:
# the script uses one worker per 50/s to keep bursts small. A rate the system cannot hold shows as an achieved
# rate below the target; that step does not count as held. (PerfRunner's open-model engine is the better tool.)
set -euo pipefail
cd "$(dirname "$0")/.."
ratio=${1:-}
step=${2:-15}
url=http://localhost:8004/api/fights/execute_fight
health_port=8004
source benchmarks/apphost.sh
start_apphost "$data/apphost.log" ${ratio:+Telemetry__TraceSampleRatio=$ratio}
echo "trace sample ratio: ${ratio:-1 (every trace)}; ${step} s a step; $(nproc) cores"
hey -z 10s -c 16 "$url" > /dev/null   # warm-up (JIT, pools)

# $1 = rate, $2 = workers
run() {
  local out; out=$(hey -z "${step}s" -c "$2" -q "$(echo "$1 / $2" | bc -l | xargs printf '%.2f')" "$url")
  local achieved p50 p99 non200
  achieved=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  p50=$(echo "$out" | awk '/ 50%/ {printf "%.1f", $3 * 1000}')
  p99=$(echo "$out" | awk '/ 99%/ {printf "%.1f", $3 * 1000}')
  non200=$(echo "$out" | awk '/^\s+\[[0-9]+\]/ && $1 != "[200]" {s += $2} END {print s + 0}')
  printf '%6s/s target  %6s/s achieved  p50 %7s ms  p99 %7s ms  non-200 %s\n' "$1" "$achieved" "$p50" "$p99" "$non200"
  held=$(echo "$achieved >= 0.98 * $1 && $p99 < 100 && $non200 == 0" | bc)
}

echo "-- 50/s --"; run 50 1
echo "-- sweep --"
best=0
for rate in 100 200 300 400 500 600 700 800 1000 1200 1500 2000 2500; do
  run "$rate" $(( (rate + 49) / 50 ))
  [ "$held" = 1 ] && best=$rate || break
done
echo "highest rate held with p99 < 100 ms: ${best}/s"
echo "-- closed loop, 16 connections (wrk) --"
wrk -t 2 -c 16 -d "${step}s" --latency "$url" | grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx' | sed 's/^/  /'
