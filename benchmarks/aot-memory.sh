#!/usr/bin/env bash
# What Native AOT would take off a service's memory, and what stands in its way. One catalog service is built as the
# AppHost runs it (JIT, Release) and published ahead-of-time from a clean copy of HEAD (warnings allowed: they are
# what this lists), each run alone against a throwaway PostgreSQL; RSS and PSS at rest and after 20 s of random rows at
# 50/s, with the HTTP status each build answered. The JIT build runs first: it creates and seeds the table, which the
# AOT build could not do itself (Dapper emits code at run time), so the AOT figures are of a build that starts but
# may not serve: the status codes say whether it did.
# Usage: benchmarks/aot-memory.sh [Heroes|Villains|Locations] [output-directory]
set -euo pipefail
cd "$(dirname "$0")/.."
service=${1:-Locations}
case $service in Heroes|Villains|Locations) ;; *) echo "service: Heroes, Villains or Locations" >&2; exit 2;; esac
out=$(realpath -m "${2:-results/aot-memory}")
mkdir -p "$out"
lower=${service,,}
work=$(mktemp -d /tmp/superheroes-aot-XXXX)
source benchmarks/postgres.sh
cleanup() { stop_postgres; git worktree remove --force "$work/src" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

git worktree add -q --detach "$work/src" HEAD
(cd "$work/src" && dotnet build "$service.Api" -c Release -v q -nologo > "$out/build.log" 2>&1)
(cd "$work/src" && dotnet publish "$service.Api" -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=false \
  -v q -nologo -o "$work/aot" > "$out/publish.log" 2>&1) || { echo "the AOT publish failed: $out/publish.log" >&2; exit 1; }
echo "AOT analysis warnings (code, count; the calls behind them in $out/publish.log):"
grep -Eo 'warning IL[0-9]+' "$out/publish.log" | sort | uniq -c | awk '{print "  " $3 " " $1}' | tee "$out/warnings.txt"
echo "  native binary: $(du -m "$work/aot/$service.Api" | cut -f1) MB"

start_postgres
"$pg_bin/createdb" -h localhost -p "$pg_port" -U postgres "$lower"

export "ConnectionStrings__${lower}db=Host=localhost;Port=$pg_port;Username=postgres;Database=$lower"
export ASPNETCORE_URLS=http://127.0.0.1:8099 ASPNETCORE_ENVIRONMENT=Production
url=http://127.0.0.1:8099
memory() { awk '/^(Rss|Pss):/ {printf "%s %.0f MB  ", $1, $2 / 1024}' "/proc/$1/smaps_rollup"; }
status() { curl -s -o /dev/null -w '%{http_code}' "$url$1"; }

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
  kill $pid; wait $pid 2>/dev/null || true
}

{
  echo "| $service.Api | answers | at rest | after 20 s at 50/s |"
  echo "|---|---|---|---|"
  measure jit dotnet "$work/src/$service.Api/bin/Release/net10.0/$service.Api.dll"
  measure aot "$work/aot/$service.Api"
} | tee "$out/memory.md"
