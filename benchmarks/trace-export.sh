#!/usr/bin/env bash
# What the trace export costs under a closed loop: one fresh system (extra settings as VAR=VALUE, e.g.
# Telemetry__TraceSampleRatio=0 to record nothing, Telemetry__TraceExport=All to export everything), warmed up by wrk on
# execute_fight (30 s) and heroes' random hero (10 s); then execute_fight with wrk -t1 -c32 for 15 s while every
# process's cores are sampled (8 s), heroes' random hero for 15 s, and what became of each service's traces between
# the two (trace_roots_total by export, a second).
# Usage: benchmarks/trace-export.sh [output-directory] [VAR=VALUE ...]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-results/trace-export}")
shift || true
mkdir -p "$out"
health_port=8004
source benchmarks/apphost.sh
trap stop_apphost EXIT
start_apphost "$out/apphost.log" "$@"

fights=http://localhost:8004/api/fights/execute_fight
heroes=http://localhost:8001/api/heroes/random
roots() {
  for port in 8001 8002 8003 8004; do
    curl -sf "http://localhost:$port/metrics" | sed -n "s/^trace_roots_total{.*export=\"\([a-z_]*\)\".*} \([0-9.e+]*\).*/$port \1 \2/p"
  done
}
wrk -t1 -c32 -d30s "$fights" > /dev/null
wrk -t1 -c32 -d10s "$heroes" > /dev/null
roots > "$out/roots-before.txt"
started=$(date +%s.%N)
(sleep 3; benchmarks/cpu-by-process.py 8 > "$out/cpu.txt") & sampler=$!
maximum() { echo "$1 $(wrk -t1 -c32 -d15s "$1" | awk '/Requests\/sec/ {print $2}')"; }
maximum "$fights" > "$out/wrk.txt"
wait "$sampler"
maximum "$heroes" >> "$out/wrk.txt"
roots > "$out/roots-after.txt"
ended=$(date +%s.%N)

python3 - "$out" "$started" "$ended" <<'PY'
import sys
sys.path.insert(0, "benchmarks")
from result_figures import closed_loop
out, seconds = sys.argv[1], float(sys.argv[3]) - float(sys.argv[2])
def counts(name):
    table = {}
    for line in open(f"{out}/{name}"):
        port, export, value = line.split()
        table[(port, export)] = float(value)
    return table
before, after = counts("roots-before.txt"), counts("roots-after.txt")
fights, heroes = closed_loop(out)
print(f"closed loop (wrk -t1 -c32): fights {fights:.0f}/s, heroes random {heroes:.0f}/s: {fights / heroes:.1%}")
print("cores during the fights loop:", open(f"{out}/cpu.txt").read().strip())
names = {"8001": "heroes", "8002": "villains", "8003": "locations", "8004": "fights"}
for port, name in names.items():
    kinds = sorted({k for p, k in after if p == port})
    shown = ", ".join(f"{k} {(after[(port, k)] - before.get((port, k), 0)) / seconds:.1f}" for k in kinds if k != "warmup")
    print(f"{name} traces a second over both loops ({seconds:.0f} s): {shown or 'none recorded'}")
PY
