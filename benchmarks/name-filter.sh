#!/usr/bin/env bash
# The heroes list at 1,000,000 rows: a name_filter search (no match, and a selective match) and a deep page, asked
# by number (page: skips the earlier rows one by one) and by the last id seen (after: the Link header's form), with
# the trigram index (the default) and without it (Practice__UnindexedNameFilter=true). Needs hey.
# Usage: benchmarks/name-filter.sh [seconds-per-request] [connections]   (about 4 minutes at 10 s)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-8}
base=http://localhost:8001/api/heroes
source benchmarks/apphost.sh

declare -A requests=(
  ["name_filter, no match"]="$base?name_filter=zzz&size=1000"
  ["name_filter, 10 matches"]="$base?name_filter=hero%20099999&size=1000"
  ["page 500 by number"]="$base?page=500&size=1000"
  ["page 500 by last id"]="$base?after=500000&size=1000"
)

# Reads hey's output: label, request name → one table row.
read -r -d '' summarize <<'PY' || true
import re, sys
t = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p = {k: float(v) * 1000 for k, v in re.findall(r"(\d+)%+ in ([\d.]+) secs", t)}
codes = " ".join(f"{c}: {n}" for c, n in re.findall(r"\[(\d+)\]\s+(\d+) responses", t))
print(f"| {sys.argv[1]} | {sys.argv[2]} | {rps:,.0f} | {p.get('50', float('nan')):.1f} | {p.get('99', float('nan')):.1f} | {codes} |")
PY

# $1 label: one row per request
measure() {
  for name in "${!requests[@]}"; do
    local url=${requests[$name]}
    curl -sf -o /dev/null "$url"
    hey -z "${duration}s" -c "$connections" "$url" | python3 -c "$summarize" "$1" "$name"
  done
}

echo "| index | request | requests/s ($connections connections) | p50 ms | p99 ms | answers |"
echo "|---|---|---:|---:|---:|---|"
start_apphost "$data/indexed.log" Heroes__GeneratedRows=999900
measure "trigram (default)"
stop_apphost
start_apphost "$data/unindexed.log" Heroes__GeneratedRows=999900 Practice__UnindexedNameFilter=true
measure "none (UnindexedNameFilter)"
stop_apphost
