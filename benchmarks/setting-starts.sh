#!/usr/bin/env bash
# Does a setting change the system, and how far do fresh starts of it spread? Fresh systems without and with the
# settings alternately (without, with, without, ...: 2 x starts), PerfRunner's default run on each (its warm-up of a
# cold system, then the `fight` flow, at 50/s unless a rate is given) and each service's memory after it.
# A setting VAR=VALUE goes into the AppHost's environment, which all its processes inherit (the dashboard's too), so
# runtime knobs (DOTNET_*) need no rebuild; runtimeconfig:NAME=VALUE goes into the four services' runtimeconfig.json
# only (what a build property such as <TieredPGO> writes there), restored after each start. Written to
# OUTPUT/summary.md: per side the medians, the spread between starts (SD of the log, as measured and with the machine's
# walk taken out at its fitted elasticity) and the RSS per service; each start judged against the start two before it
# (same side; A/A: must be unchanged) and each "with" start against the "without" start before it.
# Empty settings ("") make both sides the same: every pair is then an A/A pair. SHARED="VAR=VALUE ..." goes to both
# sides; RUN_ARGS (e.g. "--scenario url --url ...") to every PerfRunner run.
# Usage: benchmarks/setting-starts.sh "VAR=VALUE ..." [starts-a-side] [rate] [output-directory]
# e.g.   benchmarks/setting-starts.sh "DOTNET_TieredPGO=0" 8 50
#        benchmarks/setting-starts.sh "runtimeconfig:System.Runtime.TieredPGO=false" 8 50
#        SHARED=Heroes__GeneratedRows=100000 RUN_ARGS="--scenario url --url http://localhost:8001/api/heroes?name_filter=hero%2000999&size=20" \
#          benchmarks/setting-starts.sh "" 8 50 results/search-starts
set -euo pipefail
cd "$(dirname "$0")/.."
settings=${1?usage: setting-starts.sh \"VAR=VALUE ...\" [starts-a-side] [rate] [output-directory]}
starts=${2:-8}
rate=${3:-50}
out=$(realpath -m "${4:-results/setting-starts}")
mkdir -p "$out"
health_port=8004
source benchmarks/apphost.sh

# $1: "with" writes the runtimeconfig: settings into each service's runtimeconfig.json, "without" restores it
runtime_config() {
  for service in Heroes Villains Locations Fights; do
    local file=$service.Api/bin/Release/net10.0/$service.Api.runtimeconfig.json
    [[ -f $file.orig ]] || cp "$file" "$file.orig"
    cp "$file.orig" "$file"
    [[ $1 == with ]] || continue
    python3 - "$file" $settings <<'PY'
import json, sys
path, settings = sys.argv[1], [s.split(":", 1)[1] for s in sys.argv[2:] if s.startswith("runtimeconfig:")]
config = json.load(open(path))
for setting in settings:
    name, value = setting.split("=", 1)
    config["runtimeOptions"].setdefault("configProperties", {})[name] = json.loads(value) if value in ("true", "false") or value.isdigit() else value
json.dump(config, open(path, "w"), indent=2)
PY
  done
}
trap 'runtime_config without; stop_apphost; rm -rf "$data"' EXIT

# JUDGE_ONLY=1: no starts, the results already in OUTPUT judged again (by this tree's PerfRunner).
for i in $(seq 0 $((2 * starts - 1))); do
  [[ -z ${JUDGE_ONLY:-} ]] || break
  # PAUSE_FILE=path: before each start wait while that file exists, so the machine can be used between starts.
  while [[ -n ${PAUSE_FILE:-} && -e $PAUSE_FILE ]]; do sleep 5; done
  side=without; env=(${SHARED:-})
  if (( i % 2 == 1 )); then
    side=with
    for word in $settings; do [[ $word == runtimeconfig:* ]] || env+=("$word"); done
  fi
  runtime_config $side
  name=$i.$side
  start_apphost "$out/$name.apphost.log" "${env[@]}"
  perfrunner run ${RUN_ARGS:-} --rps "$rate" --no-progress --output "$out/$name.json" --report "$out/$name.md" > /dev/null 2> "$out/$name.stderr" || true
  for service in Heroes Villains Locations Fights; do echo "$service $(service_memory $service | cut -d' ' -f1)"; done > "$out/$name.rss"
  stop_apphost
  echo "$name: $(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["metrics"]; print(" ".join(k[8:-3] + " " + str(m[k]["value"]) for k in ("latency_p50_ms","latency_p95_ms","latency_p99_ms")))' "$out/$name.json")"
done

# Verdicts: each start against the one two before it (same side), and each "with" against the "without" before it.
verdict() {
  perfrunner compare "$out/$1.json" "$out/$2.json" --output "$out/$2.vs.$1.json" > /dev/null || true
  python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["comparison"]; print(c["netChange"])' "$out/$2.vs.$1.json"
}
: > "$out/verdicts.txt"
for i in $(seq 1 $((2 * starts - 1))); do
  side=without
  if (( i % 2 == 1 )); then
    side=with
    echo "ab $((i - 1)).without $i.with $(verdict "$((i - 1)).without" "$i.with")" >> "$out/verdicts.txt"
  fi
  if (( i >= 2 )); then
    echo "aa $((i - 2)).$side $i.$side $(verdict "$((i - 2)).$side" "$i.$side")" >> "$out/verdicts.txt"
  fi
done
python3 benchmarks/setting-starts.py "$out" "$settings" | tee "$out/summary.md"
