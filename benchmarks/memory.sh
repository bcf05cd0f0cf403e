#!/usr/bin/env bash
# Each service's memory after PerfRunner's default run (the `fight` flow at 50/s after its warm-up of a cold system),
# once per set of settings: every setting goes into the AppHost's environment, which its services inherit, so runtime
# knobs (DOTNET_*) can be tried without a rebuild. One fresh system per set; RSS and PSS of each service's process.
# Usage: benchmarks/memory.sh OUTPUT-DIRECTORY "label [VAR=VALUE ...]" ...
# e.g.   benchmarks/memory.sh results/memory default "nopgo DOTNET_TieredPGO=0"
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 OUTPUT-DIRECTORY \"label [VAR=VALUE ...]\" ..." >&2; exit 2; }
out=$(realpath -m "$1"); shift
mkdir -p "$out"
health_port=8004
source benchmarks/apphost.sh
for config in "$@"; do
  read -r label settings <<< "$config"
  # shellcheck disable=SC2086 # the settings are separate words
  start_apphost "$out/$label.apphost.log" $settings
  perfrunner run --no-progress --output "$out/$label.json" > "$out/$label.run.txt" 2>&1 || true
  for service in Heroes Villains Locations Fights; do
    echo "$label $service $(service_memory $service | awk '{printf "Rss: %s MB Pss: %s MB", $1, $2}')"
  done | tee -a "$out/memory.txt"
  python3 - "$out/$label.json" "$label" <<'PY' | tee -a "$out/memory.txt"
import json, sys
r = json.load(open(sys.argv[1])); m = r["metrics"]
print(sys.argv[2], f"run p50 {m['latency_p50_ms']['value']} ms, p99 {m['latency_p99_ms']['value']} ms, valid {r['validity']['valid']}")
PY
  stop_apphost
done
