#!/usr/bin/env bash
# The seed workflow's numbers as a new user gets them: the system as the README's run command starts it (Release,
# every setting at its default, traces included), PerfRunner with its defaults, and the machine's floor beside it.
# In order, on one fresh system: the floor beside the idle system (F: p99 of a committed single-row INSERT), a first
# baseline with PerfRunner's defaults (the `fight` flow at 50/s), execute_fight at 50/s and at 200/s (REPEAT runs each,
# PerfRunner's default 5 s warm-up), the RSS of every service with all its processes, the closed-loop maxima of
# execute_fight and of heroes' random hero (wrk -t1 -c32), and the whole machine's CPU per fight at 1,000/s.
# Extra settings for the system go in the environment, e.g. Telemetry__TraceSampleRatio=0.01; PERFRUNNER_ARGS adds
# options to every PerfRunner run (e.g. "--traced 1%").
# Usage: benchmarks/default-experience.sh [repeat] [output-directory]
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-3}
out=$(realpath -m "${2:-results/default-experience}")
mkdir -p "$out"
health_port=8004
source benchmarks/apphost.sh
run() { perfrunner run "$@" ${PERFRUNNER_ARGS:-} --no-progress; }
start_apphost "$out/apphost.log"

benchmarks/floor.sh 20 | tee "$out/floor.txt"

run --output "$out/first.json" --report "$out/first.md" | tail -1
for rate in 50 200; do
  run --scenario execute-fight --rps "$rate" --duration 20s --repeat "$repeat" \
    --output "$out/fight-$rate.json" --report "$out/fight-$rate.md" | tail -1
done

for service in Heroes Villains Locations Fights; do
  echo "$service $(service_memory $service | awk '{printf "RSS %s MB, PSS %s MB in %d processes", $1, $2, $3}')"
done | tee "$out/rss.txt"

fights=http://localhost:8004/api/fights/execute_fight
heroes=http://localhost:8001/api/heroes/random
wrk -t1 -c32 -d5s "$fights" > /dev/null
for url in "$fights" "$heroes"; do
  echo "$url $(wrk -t1 -c32 -d15s "$url" | awk '/Requests\/sec/ {print $2}')"
done | tee "$out/wrk.txt"

(sleep 8; benchmarks/cpu-by-process.py 8 > "$out/cpu-1000.txt") & sampler=$!
run --scenario execute-fight --rps 1000 --duration 15s --output "$out/fight-1000.json" --report "$out/fight-1000.md" | tail -1
wait "$sampler"
stop_apphost

python3 - "$out" <<'EOF'
import re, sys
sys.path.insert(0, "benchmarks")
from result_figures import closed_loop, figures as figures_of, machine_cores
out = sys.argv[1]
figures = lambda name: figures_of(out, name)
floor = open(f"{out}/floor.txt").read()
commit = re.search(r"INSERT.*?p99 ([\d.]+)", floor).group(1)
fights, heroes = closed_loop(out)
cores = machine_cores(out)
print(f"\nfloor beside the idle system, committed INSERT p99 (F): {commit} ms")
print(f"first baseline, PerfRunner defaults (fight flow, 50/s): {figures('first')}")
print(f"execute_fight at 50/s (median of runs):  {figures('fight-50')}")
print(f"execute_fight at 200/s (median of runs): {figures('fight-200')}")
print(f"closed loop (wrk -t1 -c32): fights {fights:.0f}/s, heroes random {heroes:.0f}/s: {fights / heroes:.1%}")
print(f"whole machine at 1,000 fights/s: {cores:.2f} cores = {cores:.2f} ms of CPU per fight ({figures('fight-1000')})")
print("RSS after the 50/s and 200/s runs:", "; ".join(l.strip() for l in open(f"{out}/rss.txt")))
EOF
