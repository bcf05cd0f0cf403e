#!/usr/bin/env bash
# What each part of the fights service costs a fight at 50/s, beside one running system. The system starts as
# default-experience.sh starts it; beside its own fights process, one fights process per variant runs with the same
# environment on its own port: this tree's build as it is, builds with one part taken out (fights-parts/*.patch, applied
# to a worktree of HEAD: resilience, tracing, metrics, the log export, all telemetry), and the bare fight
# (FightFloor/) calling the same catalogs. All of them share the machine, the catalogs, PostgreSQL and the dashboard, and
# are measured in turns: ROUNDS rounds, each a PerfRunner run of 20 s at RATE per variant, the order rotated every
# round, so the machine's walk falls on every variant alike. Then each variant's closed-loop maximum (wrk -t1 -c32, 10 s
# after 3 s unmeasured, WRK_ROUNDS rounds (3) in rotated order) with the cores each process took meanwhile,
# its CPU per fight at RATE (from /proc) and its RSS. The summary (OUTPUT/summary.md) gives the medians over rounds, the
# change of each variant against the tree as it is, and the rounds in which it was lower.
# Usage: benchmarks/fights-parts.sh [rounds] [rate] [output-directory]
# e.g.   benchmarks/fights-parts.sh 10 50
#        WRK_ROUNDS=4 VARIANTS="as-is||;exemplars-off||OTEL_METRICS_EXEMPLAR_FILTER=always_off;bare||" benchmarks/fights-parts.sh 2
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-8}
rate=${2:-50}
out=$(realpath -m "${3:-results/fights-parts}")
mkdir -p "$out"
here=$PWD
health_port=8004
source benchmarks/apphost.sh
builds=$(mktemp -d /tmp/superheroes-parts-XXXX)
pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true
  stop_apphost; rm -rf "$data"
  for tree in "$builds"/*/; do git -C "$here" worktree remove --force "$tree" 2>/dev/null || true; done
  rm -rf "$builds"
}
trap cleanup EXIT

# name | patch | extra environment (Aspire's Npgsql integration adds its own tracing and metrics: off with the parts).
# VARIANTS="name|patch|VAR=VALUE ...;..." measures others, e.g. settings of this tree's build
# ("as-is||;exemplars-off||OTEL_METRICS_EXEMPLAR_FILTER=always_off;bare||"); "bare" is always FightFloor's.
default_variants="as-is||;no-resilience|no-resilience|;no-tracing|no-tracing|Aspire__Npgsql__DisableTracing=true"
default_variants+=";no-metrics|no-metrics|Aspire__Npgsql__DisableMetrics=true;no-log-export|no-log-export|"
default_variants+=";no-telemetry|no-telemetry|Aspire__Npgsql__DisableTracing=true Aspire__Npgsql__DisableMetrics=true;bare||"
IFS=';' read -r -a variants <<< "${VARIANTS:-$default_variants}"
[[ ${variants[0]%%|*} == as-is ]] || { echo "VARIANTS: the first must be as-is, the variant the others are compared with" >&2; exit 2; }
dotnet build benchmarks/FightFloor -c Release -v q -nologo > /dev/null
for v in "${variants[@]}"; do
  IFS='|' read -r name patch _ <<< "$v"
  [[ -n $patch ]] || continue
  git worktree add --detach --force "$builds/$name" HEAD > /dev/null 2>&1
  git -C "$builds/$name" apply "$here/benchmarks/fights-parts/$patch.patch"
  # A part taken out leaves usings and helpers unused: that is not what is measured.
  dotnet build "$builds/$name/Fights.Api" -c Release -v q -nologo -p:TreatWarningsAsErrors=false > "$out/$name.build.log" 2>&1 ||
    { cat "$out/$name.build.log"; exit 1; }
done

start_apphost "$out/apphost.log"
mapfile -d '' fights_env < "/proc/$(pgrep -f 'Fights.Api.dll' | head -1)/environ"
connection=$(printf '%s\n' "${fights_env[@]}" | sed -n 's/^ConnectionStrings__fightsdb=//p')
catalogs=(http://localhost:8001/api/heroes/random http://localhost:8002/api/villains/random http://localhost:8003/api/locations/random)
declare -A port pid url
i=0
for v in "${variants[@]}"; do
  IFS='|' read -r name patch extra <<< "$v"
  port[$name]=$((8010 + i)); i=$((i + 1))
  if [[ $name == bare ]]; then
    # Its own table, in the server's default database: the fights database's table has the service's columns.
    dotnet benchmarks/FightFloor/bin/Release/net10.0/FightFloor.dll fights "${port[$name]}" \
      "${connection/Database=fights/Database=postgres}" "${catalogs[@]}" > "$out/$name.log" 2>&1 &
    url[$name]=http://127.0.0.1:${port[$name]}/fight
  else
    tree=$here; [[ -z $patch ]] || tree=$builds/$name
    # In the project's directory, as the AppHost starts it: appsettings.json is read from there (without it every
    # request is logged at Information).
    (cd "$tree/Fights.Api" && exec env -i "${fights_env[@]}" ASPNETCORE_URLS="http://localhost:${port[$name]}" \
      OTEL_SERVICE_NAME="fights-$name" OTEL_RESOURCE_ATTRIBUTES="service.instance.id=$name" $extra \
      dotnet exec bin/Release/net10.0/Fights.Api.dll) > "$out/$name.log" 2>&1 &
    url[$name]=http://localhost:${port[$name]}/api/fights/execute_fight
  fi
  pid[$name]=$!; pids+=($!)
done
names=(); for v in "${variants[@]}"; do names+=("${v%%|*}"); done
for name in "${names[@]}"; do
  until curl -sf -o /dev/null "${url[$name]}"; do sleep 0.2; kill -0 "${pid[$name]}" || { cat "$out/$name.log"; exit 1; }; done
done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# $1 = variant, $2 = result name; the rest goes to PerfRunner
measure() {
  local name=$1 result=$2; shift 2
  local before; before=$(ticks "${pid[$name]}")
  perfrunner run --scenario url --url "${url[$name]}" --fights-url "http://localhost:${port[$name]}" --rps "$rate" \
    --no-progress --output "$out/$result.json" --report "$out/$result.md" "$@" > /dev/null 2> "$out/$result.stderr" || true
  echo "$(( $(ticks "${pid[$name]}") - before ))" > "$out/$result.ticks"
}
for name in "${names[@]}"; do measure "$name" "$name.warmup" --duration 15s --cold-warmup 0s; done
for r in $(seq 0 $((rounds - 1))); do
  for k in "${!names[@]}"; do
    name=${names[$(( (k + r) % ${#names[@]} ))]}
    measure "$name" "$name.$r" --duration 20s --cold-warmup 0s
  done
  echo "round $((r + 1)) of $rounds done"
done

: > "$out/wrk.txt"
for r in $(seq 0 $((${WRK_ROUNDS:-3} - 1))); do
  for k in "${!names[@]}"; do
    name=${names[$(( (k + r) % ${#names[@]} ))]}
    wrk -t1 -c32 -d3s "${url[$name]}" > /dev/null
    # Where the machine's two cores go meanwhile: the dashboard ingests what the services export.
    (sleep 1; benchmarks/cpu-by-process.py 8 > "$out/$name.wrk$r.cpu") & sampler=$!
    echo "$name $(wrk -t1 -c32 -d10s "${url[$name]}" | awk '/Requests\/sec/ {print $2}')" >> "$out/wrk.txt"
    wait "$sampler"
  done
done
for name in "${names[@]}"; do
  echo "$name $(awk '/^Rss:/ {printf "%.0f", $2 / 1024}' "/proc/${pid[$name]}/smaps_rollup")"
done > "$out/rss.txt"
python3 benchmarks/fights-parts.py "$out" "$rate" "${names[@]}" | tee "$out/summary.md"
