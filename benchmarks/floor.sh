#!/usr/bin/env bash
# This machine's own latency floor at 50/s, with no .NET and no HTTP: one TCP round trip between two idle processes
# (Python) and one PostgreSQL round trip from a C client (pgbench, libpq) for `SELECT 1` and for a committed single-row
# INSERT, each at a fixed 50/s. A fight answered with 200 has crossed more process boundaries than any of these and
# has committed its row first, so its p99 at 50/s cannot be below the commit's. Run it with nothing else running to
# see the machine's best case, or beside a running system (`dotnet run -c Release --project AppHost`) to see what the
# fights service is up against.
# Usage: benchmarks/floor.sh [seconds]
set -euo pipefail
secs=${1:-30}
source "$(dirname "$0")/postgres.sh"
start_postgres
trap stop_postgres EXIT
bin=$pg_bin dir=$pg_dir port=$pg_port
psql="psql -h localhost -p $port -U postgres -d postgres -qAt"
$psql -c "CREATE TABLE floor (id bigserial PRIMARY KEY, name text NOT NULL, at timestamptz NOT NULL)"

# Percentiles of one number per line (milliseconds).
percentiles() { sort -n | awk -v what="$1" '{a[NR]=$1} END {printf "%-34s n=%d  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms\n",
  what, NR, a[int(NR*.5)], a[int(NR*.9)], a[int(NR*.99)], a[NR]}'; }

python3 - "$secs" <<'EOF' | percentiles "TCP round trip, two processes"
import os, socket, sys, time
listener = socket.create_server(("127.0.0.1", 0))
if os.fork() == 0:
    peer, _ = listener.accept()
    peer.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while data := peer.recv(64):
        peer.sendall(data)
    os._exit(0)
client = socket.create_connection(listener.getsockname())
client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
for i in range(int(sys.argv[1]) * 50):
    due = time.perf_counter() + 0.02
    started = time.perf_counter()
    client.sendall(b"x")
    client.recv(64)
    print((time.perf_counter() - started) * 1000)
    time.sleep(max(0.0, due - time.perf_counter()))
client.close()
EOF

cd "$dir"
for statement in "SELECT 1" "INSERT INTO floor (name, at) VALUES ('x', now())"; do
  echo "$statement;" > script.sql
  rm -f pgbench_log.*
  "$bin/pgbench" -h localhost -p "$port" -U postgres -d postgres -n -f script.sql -R 50 -T "$secs" -c 1 -l > /dev/null 2>&1
  # Column 3 is the time from the scheduled start, column 7 how late pgbench itself started it: the difference is the
  # round trip alone, the floor most favourable to the target.
  awk '{print ($3 - $7) / 1000}' pgbench_log.* | percentiles "$statement (pgbench, autocommit)"
done
