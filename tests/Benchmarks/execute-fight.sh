#!/usr/bin/env bash
# Benchmark: GET /api/fights/execute_fight through the whole system started by the AppHost (Release build):
# latency at 50/s, then a rate sweep that finds the highest rate held with p99 under 100 ms.
# Needs hey (apt-get install hey). Usage: tests/Benchmarks/execute-fight.sh [trace-sample-ratio] [seconds-per-step]
# Every trace is exported to the dashboard unless a ratio is given (0.01 keeps 1 % of traces).
# hey paces each of its workers (-q per worker), so a rate the system cannot hold shows as an achieved rate below
# the target; that step does not count as held.
set -euo pipefail
cd "$(dirname "$0")/../.."
ratio=${1:-}
step=${2:-15}
data=$(mktemp -d /tmp/superheroes-bench-XXXX)
url=http://localhost:8004/api/fights/execute_fight
apphost_pid=

stop() {
  [ -n "$apphost_pid" ] || return 0
  pkill -TERM -P "$apphost_pid" 2>/dev/null || true
  kill -TERM "$apphost_pid" 2>/dev/null || true
  wait "$apphost_pid" 2>/dev/null || true
  apphost_pid=
  while curl -s -o /dev/null http://localhost:8004/alive || pgrep -f "postgres -D $data" > /dev/null; do sleep 0.2; done
}
trap 'stop; rm -rf "$data"' EXIT

dotnet build AppHost -c Release -v q -nologo > /dev/null
env LocalPostgres__DataDirectory="$data" ${ratio:+Telemetry__TraceSampleRatio=$ratio} \
  dotnet run -c Release --project AppHost --no-build > "$data/apphost.log" 2>&1 &
apphost_pid=$!
until curl -sf -o /dev/null http://localhost:8004/health; do
  sleep 0.5
  kill -0 "$apphost_pid" 2>/dev/null || { cat "$data/apphost.log"; exit 1; }
done
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

echo "-- 50/s --"; run 50 5
echo "-- sweep --"
best=0
for rate in 100 200 300 400 500 600 700 800 1000 1200 1500 2000 2500; do
  run "$rate" 64
  [ "$held" = 1 ] && best=$rate || break
done
echo "highest rate held with p99 < 100 ms: ${best}/s"
