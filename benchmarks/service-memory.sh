#!/usr/bin/env bash
# What each way of building and running one catalog service leaves in memory, alone against a throwaway PostgreSQL:
#   jit      as the AppHost runs it (`dotnet exec` of the Release build)
#   LABEL    the same build with runtime settings (DOTNET_*), one per "LABEL VAR=VALUE ..." argument
#   trimmed  published self-contained with the framework trimmed (TrimMode=partial: the framework's unused code
#            removed, ours and our packages' kept whole), still JIT-compiled
#   aot      published Native AOT from a clean copy of HEAD (warnings allowed: they are what stands in its way)
# RSS and PSS at rest and after 20 s of random rows at 50/s, the HTTP status each answered (a build that starts but
# does not serve is listed, not hidden), and where the RSS after the load sits, by mapping (BUILD.maps). The JIT build
# runs first: it creates and seeds the table, which the AOT build cannot (Dapper emits code at run time).
# Usage: benchmarks/service-memory.sh [Heroes|Villains|Locations] [output-directory] ["LABEL VAR=VALUE ..."]...
# e.g.   benchmarks/service-memory.sh Locations results/service-memory "nopgo DOTNET_TieredPGO=0"
set -euo pipefail
cd "$(dirname "$0")/.."
service=${1:-Locations}
case $service in Heroes|Villains|Locations) ;; *) echo "service: Heroes, Villains or Locations" >&2; exit 2;; esac
out=$(realpath -m "${2:-results/service-memory}")
shift $(( $# < 2 ? $# : 2 ))
mkdir -p "$out"
lower=${service,,}
work=$(mktemp -d /tmp/superheroes-memory-XXXX)
source benchmarks/postgres.sh
cleanup() { stop_postgres; git worktree remove --force "$work/src" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

git worktree add -q --detach "$work/src" HEAD
(cd "$work/src" && dotnet build "$service.Api" -c Release -v q -nologo > "$out/build.log" 2>&1)
publish() {
  local name=$1; shift
  (cd "$work/src" && dotnet publish "$service.Api" -c Release -r linux-x64 -p:TreatWarningsAsErrors=false "$@" \
    -v q -nologo -o "$work/$name" > "$out/$name.publish.log" 2>&1) || { echo "the $name publish failed: $out/$name.publish.log" >&2; exit 1; }
}
# Trimming turns reflection-based JSON off by default; the services serialize by reflection (no source-generated
# contexts yet), so it stays on: what is measured is the trimmed framework, not a service that cannot answer.
publish trimmed --self-contained true -p:PublishTrimmed=true -p:TrimMode=partial -p:JsonSerializerIsReflectionEnabledByDefault=true
publish aot -p:PublishAot=true
echo "AOT analysis warnings (code, count; the calls behind them in $out/aot.publish.log):"
grep -Eo 'warning IL[0-9]+' "$out/aot.publish.log" | sort | uniq -c | awk '{print "  " $3 " " $1}' | tee "$out/warnings.txt"
echo "  native binary: $(du -m "$work/aot/$service.Api" | cut -f1) MB"

start_postgres
"$pg_bin/createdb" -h localhost -p "$pg_port" -U postgres "$lower"

export "ConnectionStrings__${lower}db=Host=localhost;Port=$pg_port;Username=postgres;Database=$lower"
export ASPNETCORE_URLS=http://127.0.0.1:8099 ASPNETCORE_ENVIRONMENT=Production
url=http://127.0.0.1:8099
memory() { awk '/^(Rss|Pss):/ {printf "%s %.0f MB  ", $1, $2 / 1024}' "/proc/$1/smaps_rollup"; }
status() { curl -s -o /dev/null -w '%{http_code}' "$url$1"; }
# RSS by mapping (anonymous memory, the JIT's code, each library), largest first.
mappings() {
  awk '/^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "" ? "[anonymous]" : $6) } /^Rss:/ { rss[name] += $2 }
       END { for (n in rss) if (rss[n] >= 512) printf "%7.1f MB  %s\n", rss[n] / 1024, n }' "/proc/$1/smaps" | sort -rn
}

measure() {
  local label=$1; shift
  "$@" > "$out/$label.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 60); do curl -s -o /dev/null "$url/alive" && break; kill -0 $pid 2>/dev/null || break; sleep 1; done
  if ! kill -0 $pid 2>/dev/null; then echo "| $label | did not start: $(grep -m1 -Eo '[A-Za-z.]+Exception: [^.]*' "$out/$label.log") | | |"; return; fi
  sleep 5
  local rest; rest=$(memory $pid)
  hey -z 20s -q 50 -c 1 "$url/api/$lower/random" > "$out/$label.hey.txt" 2>&1
  echo "| $label | /health $(status /health), /api/$lower/random $(status /api/"$lower"/random), /metrics $(status /metrics) | $rest | $(memory $pid) |"
  mappings $pid > "$out/$label.maps"
  kill $pid; wait $pid 2>/dev/null || true
}

{
  echo "| $service.Api | answers | at rest | after 20 s at 50/s |"
  echo "|---|---|---|---|"
  jit=(dotnet "$work/src/$service.Api/bin/Release/net10.0/$service.Api.dll")
  measure jit "${jit[@]}"
  for config in "$@"; do
    read -r label settings <<< "$config"
    # shellcheck disable=SC2086 # the settings are separate words
    measure "$label" env $settings "${jit[@]}"
  done
  measure trimmed "$work/trimmed/$service.Api"
  measure aot "$work/aot/$service.Api"
} | tee "$out/memory.md"
