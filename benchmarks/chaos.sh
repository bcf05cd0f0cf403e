#!/usr/bin/env bash
# Faults under load: with fights asked for at a constant rate, kill (SIGKILL) PostgreSQL, each catalog service and
# fights itself, one at a time, and let the AppHost bring each back on its own. Per fault: answers by status, 5xx
# other than 503 (goal 0), fights answered 200 against rows stored (goal equal; when fights itself dies, a fight it
# committed but could not answer is stored without a 200), how long until the process was back,
# how long after that until every answer was a 200 again (goal 15 s or less), how long after a catalog was back
# fights still answered with a fallback character or location (its breakers closing: goal 10 s or less), and the
# slowest answer. A fault named TARGET-hang stops the target instead (SIGSTOP; PostgreSQL with its backends) for
# HANG_SECONDS (10) and continues it: a process that answers nothing while its port still accepts connections, where
# the slowest answer shows the bound on waiting (docs/performance.md).
# Usage: benchmarks/chaos.sh [rate] [seconds-per-fault] [faults]   (about 1 minute a fault at the defaults)
# e.g.   benchmarks/chaos.sh 100 45 "postgres villains postgres-hang villains-hang"
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-100}
seconds=${2:-45}
faults=${3:-"postgres heroes villains locations fights"}
workers=4
hang=${HANG_SECONDS:-10}
url="http://localhost:8004/api/fights/execute_fight"
health_port=8004
source benchmarks/apphost.sh

# The process of a fault's target, as the AppHost started it.
pid_of() {
  case $1 in
    postgres) pgrep -f "postgres -D $data/data" | head -1 ;;
    *) pgrep -f "${1^}.Api.dll" | head -1 ;;
  esac
}
port_of() { case $1 in heroes) echo 8001 ;; villains) echo 8002 ;; locations) echo 8003 ;; fights) echo 8004 ;; esac; }

back() { # the target answers again (services: /health; PostgreSQL: a new server process accepts connections)
  case $1 in
    postgres) psql_fights -c "SELECT 1" > /dev/null 2>&1 ;;
    *) curl -sf -o /dev/null "http://localhost:$(port_of "$1")/health" ;;
  esac
}

psql_fights() {
  local port; port=$(ps -o args= -p "$(pid_of postgres)" | grep -oP '(?<=-p )\d+')
  PGPASSWORD=$(cat "$data/password") psql -h localhost -p "$port" -U postgres -d fights -tA "$@"
}
stored() { psql_fights -c "SELECT count(*) FROM fights"; }

# A signal to a process and its children (PostgreSQL's backends): stopping the parent first, so that it starts no new
# child after the others stopped, and continuing it last.
signal_tree() {
  if [ "$1" = STOP ]; then kill -STOP "$2"; pkill -STOP -P "$2" || true; else pkill -CONT -P "$2" || true; kill -CONT "$2"; fi
}

all_healthy() { for p in 8001 8002 8003 8004; do curl -sf -o /dev/null "http://localhost:$p/health" || return 1; done; }

start_apphost "$data/apphost.log"
until all_healthy; do sleep 0.5; done
echo "| fault | answers by status | errors or not sent | 5xx other than 503 | 200s (load and probe) / rows stored | back after (s) | all 200 again after back (s) | fallbacks after back (s) | slowest (ms) |"
echo "|---|---|---:|---:|---|---:|---:|---:|---:|"
for fault in $faults; do
  until all_healthy; do sleep 0.5; done
  before=$(stored)
  csv="$data/$fault.csv"
  hey -z "${seconds}s" -c "$workers" -q $((rate / workers)) -o csv "$url" > "$csv" &
  load=$!
  # A probe beside the load: each fight's status and whether it had a fallback in it (about five a second).
  ( end=$(( $(date +%s) + seconds )); while (( $(date +%s) < end )); do
      body=$(curl -s --max-time 5 -w '\n%{http_code}' "$url" || true)
      printf '%s %s %s\n' "$(date +%s.%N)" "$(grep -c Fallback <<< "$body" || true)" "$(tail -1 <<< "$body")"; sleep 0.2
    done > "$data/$fault.probe" ) &
  probe=$!
  sleep 10
  target=${fault%-hang}
  victim=$(pid_of "$target")
  killed=$(date +%s.%N)
  if [ "$target" != "$fault" ]; then
    signal_tree STOP "$victim"; sleep "$hang"; signal_tree CONT "$victim"
    until back "$target"; do sleep 0.1; done
  else
    kill -9 "$victim"
    while [ "$(pid_of "$target")" = "$victim" ] || ! back "$target"; do sleep 0.1; done
  fi
  returned=$(date +%s.%N)
  wait "$load" "$probe"
  after=$(stored)
  python3 - "$csv" "$rate" "$seconds" "$fault" "$(echo "$returned - $killed" | bc)" "$(( after - before ))" "$data/$fault.probe" "$returned" <<'PY'
import csv, sys
path, rate, seconds, fault, back, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5]), int(sys.argv[6])
probe = [line.split() for line in open(sys.argv[7]) if line.strip()]
returned = float(sys.argv[8])
last_fallback = max((float(t) for t, n, _ in probe if n != "0"), default=None)
probe_ok = sum(1 for _, _, code in probe if code == "200")
fallback_after = "-" if last_fallback is None else "0" if last_fallback <= returned else f"{last_fallback - returned:.1f}"
answers = [r for r in csv.DictReader(open(path))]
status = {}
for r in answers:
    status[r["status-code"]] = status.get(r["status-code"], 0) + 1
# Offsets are from the start of the load; the kill came 10 s in.
killed_at, back_at = 10.0, 10.0 + back
bad = [float(r["offset"]) + float(r["response-time"]) for r in answers if r["status-code"] != "200"]
last_bad = max((b for b in bad if b >= killed_at), default=None)
after_back = "0" if last_bad is None or last_bad <= back_at else f"{last_bad - back_at:.1f}"
other_5xx = sum(n for s, n in status.items() if s.startswith("5") and s != "503")
slowest = max(float(r["response-time"]) for r in answers) * 1000
by_status = ", ".join(f"{s}: {n}" for s, n in sorted(status.items()))
print(f"| {fault} | {by_status} | {max(0, rate * seconds - len(answers))} | {other_5xx} | {status.get('200', 0) + probe_ok} / {rows} | {back:.1f} | {after_back} | {fallback_after} | {slowest:.0f} |")
PY
done
