#!/usr/bin/env bash
# Does PerfRunner find each practice bottleneck, and point at it? For each bottleneck the system is restarted
# alternately with it off and on (off, on, off, ... : 2 x pairs + 1 fresh systems), one PerfRunner run per start (its
# own warm-up of a cold system first), and each run compared with the one before: off -> on must be judged regressed,
# on -> off (the fix) improved, and the report of every "on" run must name the cause. Each "off" run is also compared
# with the "off" run two starts before it, and each "on" run with the "on" run two before it: the same configuration
# twice, an A/A pair, which must be unchanged.
# The verdict counted is PerfRunner's net change, the one a user reads.
# Usage: benchmarks/practice.sh [bottlenecks] [pairs] [rate] [output-directory]
# e.g.   benchmarks/practice.sh "SequentialCalls ConnectionPerRequest" 10 50
# pairs: how many off -> on pairs (and as many on -> off, and as many A/A); rate: iterations/s where a bottleneck sets
# none of its own (below). The table is written to results/practice/summary.md. PERFRUNNER_ARGS (e.g. "--repeat 3")
# pass through to every run. SYSTEMS=k makes each side of a pair k fresh systems in a row (compared merged: the test
# over runs, which weighs the spread between starts; k >= 4 for it to reach p < 0.05 at all, 5 to allow two runs out
# of order; judged by capacity, the geometric means of the k knees a side). INTERLEAVED=1 starts the system once per
# bottleneck and gives each run a fresh process of only the service the bottleneck lives in (its dashboard command when
# the switch changes, a stop and start when it does not), the rest of the system and PostgreSQL staying up.
# ALTERNATE=k (implies INTERLEAVED=1) judges pairs of k starts a side whose settings alternate start by start, as a user
# who switches back and forth would run them: 2 x k x pairs + 1 steps, each block of 2k steps from an "off" step judged
# off -> on, each from an "on" step on -> off, and each block of 4k steps gives two A/A pairs, its "off" starts taken
# alternately into two sides and so its "on" starts (the blocks of benchmarks/alternating-groups.sh, judged live). Both
# sides then see the machine's walk alike.
systems=${SYSTEMS:-1}
alternate=${ALTERNATE:-0}
interleaved=${INTERLEAVED:-0}
(( alternate > 0 )) && interleaved=1
(( alternate > 0 && systems > 1 )) && { echo "ALTERNATE and SYSTEMS exclude each other: a side of ALTERNATE=k is k starts already" >&2; exit 2; }
set -euo pipefail
cd "$(dirname "$0")/.."
bottlenecks=${1:-"SequentialCalls ConnectionPerRequest SlowDependency RandomByFullScan ChattyLogging UnindexedNameFilter RetryStorm"}
pairs=${2:-10}
rate=${3:-50}
out=$(realpath -m "${4:-results/practice}")
mkdir -p "$out"
health_port=8004
source benchmarks/apphost.sh

# What the report of an "on" run must say: a rule that reads the figures, not the switch.
declare -A cause=(
  [SequentialCalls]='Downstream calls one after another'
  [ConnectionPerRequest]='A database connection per request'
  [SlowDependency]='Dominant downstream call\*\*: locations'
  [RandomByFullScan]='heroes get_random|heroes `get_random`'
  [ChattyLogging]='Log records per request'
  [UnindexedNameFilter]='heroes list_by_name|heroes `list_by_name`'
  [RetryStorm]='Retries multiply the calls'
)
# Where a defect only shows under load, the rate it is measured at (the seed workflow's 50/s otherwise).
# ChattyLogging costs CPU per request, so it shows only under load, and the rate where it shows and the rate the
# machine can hold are close and differ from machine to machine (docs/verdicts.md): RATES="ChattyLogging=100" sets
# them for the machine at hand, and CAPACITY (below) judges it by the knees instead.
declare -A rates=([ChattyLogging]=600)
for setting in ${RATES:-}; do rates[${setting%%=*}]=${setting#*=}; done
# Judged by capacity: after its run at the rate above (whose report must name the cause), each start is swept with these
# arguments, and the pairs are judged by the knees (`compare` of two sweeps), not by the runs' latency. For a defect that
# costs CPU per request: near saturation, where it shows in latency, a single run's latency is at its noisiest.
# CAPACITY="ChattyLogging" names the bottlenecks judged so (none by default: the rates above are judged by latency).
declare -A capacity=()
for b in ${CAPACITY:-}; do capacity[$b]='--from 100 --factor 1.4'; done
# Settings both sides share, so that only the switch differs.
# 100,000 heroes: a full scan per random hero of 1,000,000 would need more than the machine's two cores at 50/s.
# RetryStorm shows under a fault: villains failing a share of its calls, and more of them the more it gets.
declare -A shared=([RandomByFullScan]='Heroes__GeneratedRows=100000' [UnindexedNameFilter]='Heroes__GeneratedRows=100000'
  [RetryStorm]='Practice__FailingVillains=true')
# What is asked for, when the fight does not reach the defect: a hero search by a part of the name.
declare -A scenario=([UnindexedNameFilter]='--scenario url --url http://localhost:8001/api/heroes?name_filter=hero%2000999&size=20')

declare -A files sweeps
# $1 name, $2 scenario arguments, $3.. settings: $systems fresh systems, each a warm-up run and the measured run
measure() {
  local name=$1 load=$2; shift 2
  files[$name]=
  sweeps[$name]=
  for k in $(seq 1 "$systems"); do
    local one=$name; (( systems > 1 )) && one=$name.s$k
    measure_one "$one" "$load" "$@"
    files[$name]+="${files[$name]:+,}$out/$one.json"
    sweeps[$name]+="${sweeps[$name]:+,}$out/$one.sweep.json"
  done
}

measure_one() {
  local name=$1 load=$2; shift 2
  # PAUSE_FILE=path: before each start wait while that file exists, so the machine can be used between starts.
  while [[ -n ${PAUSE_FILE:-} && -e $PAUSE_FILE ]]; do sleep 5; done
  if [[ $interleaved != 1 ]]; then
    start_apphost "$out/$name.apphost.log" "$@"
  elif [[ -z $running ]]; then
    start_once "$load" "$@"
  elif [[ $running == "$state" ]]; then
    restart_service "$home"
  else
    restart_service "$home" "practice-$b"
    running=$state
  fi
  run_once "$name" "$load"
  if [[ -n $sweep_args ]]; then
    perfrunner sweep $load $sweep_args --no-progress --output "$out/$name.sweep.json" --report "$out/$name.sweep.md" \
      > /dev/null 2> "$out/$name.sweep.stderr"
  fi
  [[ $interleaved == 1 ]] || stop_apphost
}

# $1 name, $2 scenario arguments: one PerfRunner run at the bottleneck's rate, its result, report and errors under $name
run_once() {
  perfrunner run $2 --rps "$run_rate" --no-progress ${PERFRUNNER_ARGS:-} \
    --output "$out/$1.json" --report "$out/$1.md" > /dev/null 2> "$out/$1.stderr"
}

# INTERLEAVED=1, the bottleneck's first run: $1 scenario arguments, $2.. settings. The system, and the service whose
# dashboard command switches the bottleneck (the CLI lists a command once it is enabled: when the AppHost has seen its
# resource healthy).
start_once() {
  local load=$1; shift
  start_apphost "$out/$b.apphost.log" "$@"
  home=
  for _ in $(seq 60); do
    home=$(describe_resources | python3 -c '
import json, sys
print(next((r["displayName"] for r in json.load(sys.stdin)["resources"] if sys.argv[1] in r.get("commands", {})), ""))' \
      "practice-$b")
    [[ -n $home ]] && break
    sleep 1
  done
  [[ -n $home ]] || { echo "No resource of the AppHost has the command practice-$b" >&2; exit 1; }
  # One run unmeasured, so that the services that stay up are as warm for the first measured run as for the rest,
  # and a fresh process of the bottleneck's service for it, as for every other.
  run_once "$b.warm" "$load"
  restart_service "$home"
  running=$state
}

# ALTERNATE=k, after the steps: the pairs of alternating-groups.sh, judged and counted into up, down, same and aa
judge_blocks() {
  local base current kind first second r
  while read -r base current kind; do
    group_name "$base"; first=$block_name; group_name "$current"; second=$block_name
    r=$(judge "$first" "$second")
    case $kind in
      regressed) [[ $r == regressed* ]] && up=$((up + 1)); echo "$b $first → $second (should be regressed): $r" ;;
      improved) [[ $r == improved* ]] && down=$((down + 1)); echo "$b $first → $second (should be improved): $r" ;;
      *) aa=$((aa + 1)); [[ $r == unchanged* ]] && same=$((same + 1)); echo "$b A/A $first → $second: $r" ;;
    esac
  done < <(benchmarks/alternating-groups.sh "$out" "$alternate" "$b")
}

# $1: a side's results joined by commas. Named block_name by its first step and the steps between its starts
# (SequentialCalls.0.every2), its results and sweeps registered for judge.
group_name() {
  local steps
  steps=($(tr ',' '\n' <<< "$1" | sed -E 's:.*\.([0-9]+)\.(on|off)\.json$:\1:'))
  block_name="$b.${steps[0]}.every$(( ${#steps[@]} > 1 ? steps[1] - steps[0] : 2 ))"
  files[$block_name]=$1
  sweeps[$block_name]=${1//.json/.sweep.json}
}

# $1 baseline, $2 current: the net verdict, then p50 and p95 with their changes (by capacity: the knees' verdict)
judge() {
  if [[ -n $sweep_args ]]; then
    perfrunner compare "${sweeps[$1]}" "${sweeps[$2]}" --output "$out/$2.vs.$1.sweep.json" > /dev/null || true
    python3 - "$out/$2.vs.$1.sweep.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
change = "" if c["changePercent"] is None else f', {c["changePercent"]:+.1f}%'
print(f'{c["verdict"]} (knee {c["baselineKnee"]} -> {c["currentKnee"]}/s{change})')
PY
    return
  fi
  perfrunner compare "${files[$1]}" "${files[$2]}" --output "$out/$2.vs.$1.json" > /dev/null || true
  python3 - "$out/$2.vs.$1.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
v = {m["metric"]: f'{m["verdict"]} {m["changePercent"]:+.1f}%' for m in c["metrics"] if m["changePercent"] is not None}
machine = next((w.split(" during")[0] for w in c["warnings"] if w.startswith("The machine itself")), "the machine within the threshold")
print(f'{c["netChange"]} (p50 {v.get("latency_p50_ms")}, p95 {v.get("latency_p95_ms")}; {machine})')
PY
}

summary="$out/summary.md"
{
  aa_kind="two steps apart"; (( alternate > 0 )) && aa_kind="$alternate alternate starts a side"
  echo "| bottleneck | rate | off → on: regressed | on → off: improved | report names the cause | A/A ($aa_kind): unchanged | p50 off / on | p95 off / on (median, ms) | knee off / on (median, /s) |"
  echo "|---|---:|---:|---:|---:|---|---|---|---|"
} > "$summary"
for b in $bottlenecks; do
  extra=${shared[$b]:-}
  load=${scenario[$b]:---scenario execute-fight}
  run_rate=${rates[$b]:-$rate}
  sweep_args=${capacity[$b]:-}
  prev=; up=0; down=0; named=0; runs=0; same=0; aa=0; running=
  declare -A before=()
  steps=$((2 * pairs + 1)); (( alternate > 0 )) && steps=$((2 * pairs * alternate + 1))
  for ((i = 0; i < steps; i++)); do
    if (( i % 2 == 0 )); then state=off; setting="Practice__$b=false"; else state=on; setting="Practice__$b=true"; fi
    name="$b.$i.$state"
    measure "$name" "$load" "$setting" $extra
    if [[ $state == on ]]; then
      runs=$((runs + 1))
      # Every report of the step (one per system) must name the cause.
      reports=$(ls "$out/$name"*.md | grep -v '\.sweep\.md$')
      [[ -z $(grep -LE "${cause[$b]}" $reports) ]] && named=$((named + 1))
    fi
    if [[ -n $prev && $alternate == 0 ]]; then
      r=$(judge "$prev" "$name")
      if [[ $state == on ]]; then [[ $r == regressed* ]] && up=$((up + 1)); else [[ $r == improved* ]] && down=$((down + 1)); fi
      echo "$b $prev → $name: $r"
    fi
    if [[ -n ${before[$state]:-} && $alternate == 0 ]]; then
      r=$(judge "${before[$state]}" "$name")
      aa=$((aa + 1))
      [[ $r == unchanged* ]] && same=$((same + 1))
      echo "$b A/A ${before[$state]} → $name: $r"
    fi
    before[$state]=$name
    prev=$name
  done
  (( alternate > 0 )) && judge_blocks
  stop_apphost
  medians=$(python3 - "$out" "$b" <<'PY'
import glob, json, statistics, sys
def median(state, metric): return statistics.median(json.load(open(f))["metrics"][metric]["value"]
    for f in glob.glob(f"{sys.argv[1]}/{sys.argv[2]}.*.{state}*.json") if ".vs." not in f and ".sweep." not in f)
print(" | ".join(f"{median('off', m):.2f} / {median('on', m):.2f}" for m in ("latency_p50_ms", "latency_p95_ms")))
knees = {s: sorted(json.load(open(f))["knee"] or 0 for f in glob.glob(f"{sys.argv[1]}/{sys.argv[2]}.*.{s}*.sweep.json") if ".vs." not in f)
         for s in ("off", "on")}
print(f" | {statistics.median(knees['off']):.0f} / {statistics.median(knees['on']):.0f}" if knees["off"] and knees["on"] else " | -")
PY
)
  medians=${medians//$'\n'/}
  echo "| $b | $run_rate/s${sweep_args:+, then swept} | $up of $pairs | $down of $pairs | $named of $runs | $same of $aa | $medians |" | tee -a "$summary"
done
echo "Table: $summary"
