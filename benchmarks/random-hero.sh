#!/usr/bin/env bash
# Benchmark: time from `dotnet run --project AppHost` to a healthy Heroes service, and random-hero latency and
# throughput at 100 rows and at 1,000,000 rows. Needs wrk and hey (apt-get install wrk hey).
# Usage: benchmarks/random-hero.sh [duration-seconds]   (run from anywhere; about 3 minutes at 20 s)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20}
url=http://localhost:8001/api/heroes/random
source benchmarks/apphost.sh

start() { # $1 = generated heroes
  local started; started=$(date +%s.%N)
  start_apphost "$data/apphost-$1.log" Heroes__GeneratedRows="$1"
  echo "healthy after $(echo "$(date +%s.%N) - $started" | bc) s"
}

measure() { # $1 = label
  echo "== $1 =="
  curl -sf "$url" > /dev/null
  # Warm-up, then a fixed rate (hey: 10 workers x 100 req/s = 1,000 req/s), then the most the machine does (wrk).
  hey -z 5s -c 32 "$url" > /dev/null
  hey -z "${duration}s" -c 10 -q 100 "$url" | grep -E 'Requests/sec|50%|90%|99%' | sed 's/^/  fixed 1000\/s: /'
  wrk -t 2 -c 64 -d "${duration}s" --latency "$url" | grep -E 'Requests/sec|^ +50%|^ +90%|^ +99%' | sed 's/^/  max (wrk -c64): /'
}

echo "-- first start (initdb, seed) --"; start 0; measure "100 heroes";
stop_apphost
echo "-- restart (data kept) --"; start 0;
stop_apphost
echo "-- start with 999,900 generated heroes (1,000,000 rows) --"; start 999900
curl -s "http://localhost:8001/api/heroes?page=999&size=1000" | grep -o '"name":"Generated hero 0999900"' || { echo "1,000,000 rows were not loaded" >&2; exit 1; }
measure "1,000,000 heroes";
stop_apphost
