#!/usr/bin/env bash
# A long run at half the measured capacity: execute_fight for N minutes, one hey run a minute, and after each minute
# every service's RSS, managed heap after its last GC and thread count, PostgreSQL's memory (PSS of all its
# processes), process count and client connections, the AppHost's RSS and threads, the minute's p99 and its answers
# by status. Then the growth from minute 2 to the end
# (goal: 10 % or less, no drift in p99, no error).
# Usage: benchmarks/soak.sh [minutes] [rate]   (rate: half of a 10 s wrk closed-loop maximum measured first, after 10 s of warm-up)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-20}
rate=${2:-}
url="http://localhost:8004/api/fights/execute_fight"
health_port=8004
source benchmarks/apphost.sh
out="$data/soak.tsv"

start_apphost "$data/apphost.log"
if [ -z "$rate" ]; then
  wrk -t1 -c32 -d10s "$url" > /dev/null # warm-up: the first seconds after a start run unoptimised code
  capacity=$(wrk -t1 -c32 -d10s "$url" | awk '/Requests\/sec/ {print int($2)}')
  rate=$(( capacity / 2 ))
  echo "closed-loop maximum ${capacity}/s: soaking at ${rate}/s for $minutes minutes"
fi
workers=8

pg_port() { ps -o args= -p "$(pgrep -f "postgres -D $data/data" | head -1)" | grep -oP '(?<=-p )\d+'; }
port_of() { case $1 in Heroes) echo 8001 ;; Villains) echo 8002 ;; Locations) echo 8003 ;; Fights) echo 8004 ;; esac; }
# One "column value" line per figure: each service's RSS, managed heap after its last GC and threads; PostgreSQL's
# processes (PSS, so shared buffers count once) and client connections; the AppHost's RSS and threads.
sample() {
  for svc in Heroes Villains Locations Fights; do
    local pid; pid=$(pgrep -f "$svc.Api.dll" | head -1)
    echo "${svc}_rss_mb $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))"
    echo "${svc}_heap_mb $(curl -s "http://localhost:$(port_of "$svc")/metrics" | awk '/^dotnet_gc_last_collection_heap_size_bytes/ {s+=$2} END {printf "%.1f", s/1048576}')"
    echo "${svc}_threads $(awk '/Threads/ {print $2}' "/proc/$pid/status")"
  done
  echo "postgres_pss_mb $(for p in $(pgrep -u postgres); do awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null; done | awk '{s+=$1} END {print int(s/1024)}')"
  echo "postgres_processes $(pgrep -u postgres | wc -l)"
  echo "postgres_client_connections $(PGPASSWORD=$(cat "$data/password") psql -h localhost -p "$(pg_port)" -U postgres -tA -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")"
  echo "apphost_rss_mb $(ps -o rss= -p "$apphost_pid" | awk '{print int($1/1024)}')"
  echo "apphost_threads $(awk '/Threads/ {print $2}' "/proc/$apphost_pid/status")"
}

printf 'minute\tp99_ms\tanswers' > "$out"
sample | while read -r name _; do printf '\t%s' "$name"; done >> "$out"
echo >> "$out"
for minute in $(seq 1 "$minutes"); do
  result=$(hey -z 60s -c "$workers" -q $(( rate / workers )) "$url")
  p99=$(grep -oP '99%+ in \K[\d.]+' <<< "$result" | awk '{printf "%.1f", $1 * 1000}')
  answers=$(grep -oP '\[\d+\]\s+\d+' <<< "$result" | tr -s ' \t' ':' | paste -sd, -)
  printf '%s\t%s\t%s' "$minute" "$p99" "$answers" >> "$out"
  sample | while read -r _ value; do printf '\t%s' "$value"; done >> "$out"
  echo >> "$out"
  tail -1 "$out"
done

python3 - "$out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
print("\n| minute | p99 ms | answers | " + " | ".join(k for k in rows[0] if k not in ("minute", "p99_ms", "answers")) + " |")
print("|" + "---|" * len(rows[0]))
for r in rows:
    print("| " + " | ".join(r.values()) + " |")
if len(rows) > 2:
    first, last = rows[1], rows[-1]
    print("\nFrom minute 2 to the last:")
    for k in first:
        if k in ("minute", "answers"):
            continue
        a, b = float(first[k]), float(last[k])
        growth = (b - a) / a * 100 if a else 0
        print(f"- {k}: {a:g} → {b:g} ({growth:+.0f} %){'  ← more than 10 %' if growth > 10 else ''}")
    bad = [r["minute"] for r in rows if any(not s.startswith("[200]") for s in r["answers"].split(",") if s)]
    print(f"- minutes with an answer other than 200: {', '.join(bad) or 'none'}")
PY
