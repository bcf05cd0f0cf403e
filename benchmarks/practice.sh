#!/usr/bin/env bash
# Does PerfRunner find each practice bottleneck, and point at it? For each bottleneck the system is restarted
# alternately with it off and on (one fresh system per side, each warmed by a short run first), one PerfRunner run per
# start, and each run compared with the one before it: off → on must be judged regressed, on → off (the fix)
# improved, and the report of every "on" run must name the cause. Then A/A: the system restarted with nothing on,
# each run compared with the one before; every pair must be judged unchanged.
# Usage: benchmarks/practice.sh [bottlenecks] [pairs] [rate] [output-directory]
# e.g.   benchmarks/practice.sh "SequentialCalls ConnectionPerRequest" 10 50
# pairs: how many off → on pairs (and as many on → off, and as many A/A pairs); the table is written to
# results/practice/summary.md. PERFRUNNER_ARGS (e.g. "--repeat 3") pass through to every run. SYSTEMS=k makes each
# side of a pair k fresh systems in a row (compared merged: the test over runs, which weighs the spread between
# starts; k >= 4 for it to reach p < 0.05).
systems=${SYSTEMS:-1}
set -euo pipefail
cd "$(dirname "$0")/.."
bottlenecks=${1:-"SequentialCalls ConnectionPerRequest SlowDependency RandomByFullScan ChattyLogging UnindexedNameFilter"}
pairs=${2:-10}
rate=${3:-50}
out=$(realpath -m "${4:-results/practice}")
mkdir -p "$out"
health_port=8004
source benchmarks/apphost.sh
dotnet build PerfRunner -c Release -v q -nologo > /dev/null
perfrunner() { dotnet PerfRunner/bin/Release/net10.0/PerfRunner.dll "$@"; }

# What the report of an "on" run must say: a rule that reads the figures, not the switch.
declare -A cause=(
  [SequentialCalls]='Downstream calls one after another'
  [ConnectionPerRequest]='A database connection per request'
  [SlowDependency]='Dominant downstream call\*\*: locations'
  [RandomByFullScan]='heroes get_random|heroes `get_random`'
  [ChattyLogging]='Log records per request'
  [UnindexedNameFilter]='heroes list_by_name|heroes `list_by_name`'
)
# Settings both sides share, so that only the switch differs.
# 100,000 heroes: a full scan per random hero of 1,000,000 would need more than the machine's two cores at 50/s.
declare -A shared=([RandomByFullScan]='Heroes__GeneratedRows=100000' [UnindexedNameFilter]='Heroes__GeneratedRows=100000')
# What is asked for, when the fight does not reach the defect: a hero search by a part of the name.
declare -A scenario=([UnindexedNameFilter]='--scenario url --url http://localhost:8001/api/heroes?name_filter=hero%2000999&size=20')

declare -A files
# $1 name, $2 scenario arguments, $3.. settings: $systems fresh systems, each a warm-up run and the measured run
measure() {
  local name=$1 load=$2; shift 2
  files[$name]=
  for k in $(seq 1 "$systems"); do
    local one=$name; (( systems > 1 )) && one=$name.s$k
    measure_one "$one" "$load" "$@"
    files[$name]+="${files[$name]:+,}$out/$one.json"
  done
}

measure_one() {
  local name=$1 load=$2; shift 2
  start_apphost "$out/$name.apphost.log" "$@"
  perfrunner run $load --rps "$rate" --duration 10s --no-progress --output "$out/$name.warmup.json" > /dev/null
  perfrunner run $load --rps "$rate" --duration 20s --no-progress ${PERFRUNNER_ARGS:-} \
    --output "$out/$name.json" --report "$out/$name.md" > /dev/null
  stop_apphost
}

# $1 baseline, $2 current, $3 expected verdict: the p95 and p99 verdicts of the pair
judge() {
  perfrunner compare "${files[$1]}" "${files[$2]}" --output "$out/$2.vs.$1.json" > /dev/null || true
  python3 - "$out/$2.vs.$1.json" "$3" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
v = {m["metric"]: m["verdict"] for m in c["metrics"]}
print(f'{v.get("latency_p95_ms")} {v.get("latency_p99_ms")} {"hit" if v.get("latency_p95_ms") == sys.argv[2] else "miss"}')
PY
}

summary="$out/summary.md"
{
  echo "| bottleneck | off → on: regressed (p95) | on → off: improved (p95) | report names the cause | p95 off / on (median, ms) |"
  echo "|---|---:|---:|---:|---|"
} > "$summary"
for b in $bottlenecks; do
  extra=${shared[$b]:-}
  load=${scenario[$b]:---scenario execute-fight}
  prev=; prev_on=; up=0; down=0; named=0; runs=0
  for i in $(seq 0 $((2 * pairs))); do
    if (( i % 2 == 0 )); then state=off; setting="Practice__$b=false"; else state=on; setting="Practice__$b=true"; fi
    name="$b.$i.$state"
    measure "$name" "$load" "$setting" $extra
    if [[ $state == on ]]; then
      runs=$((runs + 1))
      # Every report of the step (one per system) must name the cause.
      [[ -z $(grep -LE "${cause[$b]}" "$out/$name"*.md) ]] && named=$((named + 1))
    fi
    if [[ -n $prev ]]; then
      if [[ $state == on ]]; then r=$(judge "$prev" "$name" regressed); [[ $r == *hit ]] && up=$((up + 1))
      else r=$(judge "$prev" "$name" improved); [[ $r == *hit ]] && down=$((down + 1)); fi
      echo "$b $prev → $name: $r"
    fi
    prev=$name
  done
  medians=$(python3 - "$out" "$b" <<'PY'
import glob, json, statistics, sys
def p95(state): return statistics.median(json.load(open(f))["metrics"]["latency_p95_ms"]["value"]
    for f in glob.glob(f"{sys.argv[1]}/{sys.argv[2]}.*.{state}*.json") if ".warmup." not in f and ".vs." not in f)
print(f"{p95('off'):.2f} / {p95('on'):.2f}")
PY
)
  echo "| $b | $up of $pairs | $down of $pairs | $named of $runs | $medians |" | tee -a "$summary"
done

# A/A: nothing switched on, a fresh system each time, each run against the one before.
same=0
for i in $(seq 0 "$pairs"); do
  measure "aa.$i" "--scenario execute-fight"
  if (( i > 0 )); then r=$(judge "aa.$((i - 1))" "aa.$i" unchanged); [[ $r == *hit ]] && same=$((same + 1)); echo "A/A $i: $r"; fi
done
echo "| A/A (nothing on) | unchanged (p95): $same of $pairs | | | |" | tee -a "$summary"
echo "Table: $summary"
