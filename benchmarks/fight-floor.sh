#!/usr/bin/env bash
# The least a fight costs on this machine in its shape (FightFloor/): three catalog processes serving a random row
# from memory and a fights process that calls them in parallel and commits its row to PostgreSQL before answering,
# with no telemetry, resilience, logging or service discovery. Measured as default-experience.sh measures the system:
# PerfRunner at 50/s and 200/s (REPEAT runs of 20 s each, its default warm-up), RSS of each process, the closed-loop
# maxima (wrk -t1 -c32) of a fight and of a catalog's random row, and the whole machine's CPU per fight at 1,000/s.
# Run it beside nothing else, in the same session as default-experience.sh: what the system spends beyond this is its
# own; what this spends is the machine's and the shape's.
# Usage: benchmarks/fight-floor.sh [repeat] [output-directory]
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-3}
out=$(realpath -m "${2:-results/fight-floor}")
mkdir -p "$out"
source benchmarks/postgres.sh
dotnet build benchmarks/FightFloor -c Release -v q -nologo > /dev/null
dotnet build PerfRunner -c Release -v q -nologo > /dev/null
floor() { exec dotnet benchmarks/FightFloor/bin/Release/net10.0/FightFloor.dll "$@"; }
perfrunner() { dotnet PerfRunner/bin/Release/net10.0/PerfRunner.dll "$@"; }

start_postgres
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; stop_postgres' EXIT
for port in 9101 9102 9103; do floor catalog $port > "$out/catalog-$port.log" 2>&1 & pids+=($!); done
# CATALOGS="HERO-URL VILLAIN-URL LOCATION-URL" makes the bare fight call other catalogs, e.g. the system's own
# (http://localhost:8001/api/heroes/random ...), to see what they add.
floor fights 9104 "Host=localhost;Port=$pg_port;Username=postgres;Database=postgres" \
  ${CATALOGS:-http://127.0.0.1:9101/random http://127.0.0.1:9102/random http://127.0.0.1:9103/random} > "$out/fights.log" 2>&1 & pids+=($!)
until curl -sf -o /dev/null http://127.0.0.1:9104/fight; do sleep 0.2; kill -0 "${pids[3]}" || { cat "$out/fights.log"; exit 1; }; done

fight=http://127.0.0.1:9104/fight
random=http://127.0.0.1:9101/random
# PerfRunner scrapes nothing here (these processes expose no metrics): its report says so and measures all the same.
run() { perfrunner run --scenario url --url "$fight" --heroes-url "$random" --villains-url "$random" \
  --locations-url "$random" --fights-url "$fight" --cold-warmup 15s --no-progress "$@"; }
for rate in 50 200; do
  run --rps "$rate" --duration 20s --repeat "$repeat" --output "$out/fight-$rate.json" --report "$out/fight-$rate.md" | tail -1
done

for i in 0 1 2 3; do
  awk '/^Rss:/ {printf "%s %.0f MB\n", p, $2 / 1024}' p="$(tr '\0' ' ' < /proc/${pids[$i]}/cmdline | awk '{print $3, $4}')" \
    "/proc/${pids[$i]}/smaps_rollup"
done | tee "$out/rss.txt"

wrk -t1 -c32 -d5s "$fight" > /dev/null
for url in "$fight" "$random"; do
  echo "$url $(wrk -t1 -c32 -d15s "$url" | awk '/Requests\/sec/ {print $2}')"
done | tee "$out/wrk.txt"

(sleep 8; benchmarks/cpu-by-process.py 8 > "$out/cpu-1000.txt") & sampler=$!
run --rps 1000 --duration 15s --output "$out/fight-1000.json" --report "$out/fight-1000.md" | tail -1
wait "$sampler"

python3 - "$out" <<'PY'
import sys
sys.path.insert(0, "benchmarks")
from result_figures import closed_loop, figures as figures_of, machine_cores
out = sys.argv[1]
figures = lambda name: figures_of(out, name)
fights, random = closed_loop(out)
cores = machine_cores(out)
print(f"\nbare fight at 50/s (median of runs):  {figures('fight-50')}")
print(f"bare fight at 200/s (median of runs): {figures('fight-200')}")
print(f"closed loop (wrk -t1 -c32): bare fight {fights:.0f}/s, bare random row {random:.0f}/s: {fights / random:.1%}")
print(f"whole machine at 1,000 bare fights/s: {cores:.2f} cores = {cores:.2f} ms of CPU per fight ({figures('fight-1000')})")
print("RSS:", "; ".join(l.strip() for l in open(f"{out}/rss.txt")))
PY
