# Sourced by the benchmark scripts: start the whole system (Release) on a throwaway data directory, and stop it.
# start_apphost LOG [VAR=VALUE ...]   waits until http://localhost:$health_port/health answers
# stop_apphost                        stops the AppHost and waits until its services and PostgreSQL are gone
# perfrunner ARGS...                  the Release PerfRunner of this tree
# service_memory SERVICE              "RSS PSS PROCESSES" (MB, MB, count) over every process of Heroes|Villains|...
data=$(mktemp -d /tmp/superheroes-bench-XXXX)
apphost_pid=
health_port=${health_port:-8001}

start_apphost() {
  local log=$1; shift
  env LocalPostgres__DataDirectory="$data" "$@" dotnet run -c Release --project AppHost --no-build > "$log" 2>&1 &
  apphost_pid=$!
  until curl -sf -o /dev/null "http://localhost:$health_port/health"; do
    sleep 0.2
    kill -0 "$apphost_pid" 2>/dev/null || { cat "$log"; exit 1; }
  done
}

stop_apphost() {
  [ -n "$apphost_pid" ] || return 0
  pkill -TERM -P "$apphost_pid" 2>/dev/null || true
  kill -TERM "$apphost_pid" 2>/dev/null || true
  wait "$apphost_pid" 2>/dev/null || true
  apphost_pid=
  while curl -s -o /dev/null "http://localhost:$health_port/alive" || pgrep -f "postgres -D $data" > /dev/null; do sleep 0.2; done
}

perfrunner() { dotnet "$PWD/PerfRunner/bin/Release/net10.0/PerfRunner.dll" "$@"; }

# Every process of a service (the service, and a `dotnet run` wrapper when Services__DotnetRun=true starts it that
# way). RSS counts the framework's shared library pages in every process; PSS divides them among the processes that
# share them, so the PSS of all processes adds up to what the machine really spends.
service_memory() {
  local pids
  pids=$(pgrep -f "$1.Api" | tr '\n' ' ')
  for p in $pids; do awk '/^(Rss|Pss):/ {print $1, $2}' "/proc/$p/smaps_rollup"; done |
    awk -v n="$(echo $pids | wc -w)" '{kb[$1] += $2} END {printf "%.0f %.0f %d\n", kb["Rss:"] / 1024, kb["Pss:"] / 1024, n}'
}

trap 'stop_apphost; rm -rf "$data"' EXIT
dotnet build AppHost -c Release -v q -nologo > /dev/null
dotnet build PerfRunner -c Release -v q -nologo > /dev/null
