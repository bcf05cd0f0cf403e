# Sourced by the benchmark scripts: start the whole system (Release) on a throwaway data directory, and stop it.
# start_apphost LOG [VAR=VALUE ...]   waits until http://localhost:$health_port/health answers
# stop_apphost                        stops the AppHost and waits until its services and PostgreSQL are gone
# perfrunner ARGS...                  the Release PerfRunner of this tree
# restart_service NAME [COMMAND]      a fresh process of one service (the AppHost's stop and start, or its COMMAND)
# describe_resources [NAME]           the running AppHost's resources, as the Aspire CLI describes them (JSON)
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

# The Aspire CLI of the AppHost's Aspire version, installed on first use beside the user's other caches, talking to
# the AppHost this script started.
aspire_cli() {
  local version dir
  version=$(sed -n 's:.*<AspireVersion>\(.*\)</AspireVersion>.*:\1:p' Directory.Packages.props)
  dir=${XDG_CACHE_HOME:-$HOME/.cache}/superheroes/aspire-cli-$version
  [[ -x $dir/aspire ]] || dotnet tool install Aspire.Cli --version "$version" --tool-path "$dir" > /dev/null
  "$dir/aspire" "$@" --apphost AppHost --nologo --non-interactive
}

# The rest of the system stays up. A practice command stops the service, switches it and waits until the new process
# is healthy; a plain restart is the AppHost's stop and start. Then until the AppHost sees it healthy, which is also
# when its commands are enabled again.
restart_service() {
  local name=$1 command=${2:-}
  if [[ -n $command ]]; then
    aspire_cli resource "$name" "$command" > /dev/null
  else
    aspire_cli resource "$name" stop > /dev/null
    aspire_cli resource "$name" start > /dev/null
  fi
  aspire_cli wait "$name" --status healthy --timeout 120 > /dev/null
}

# The running AppHost's resources (or one of them) as the CLI's JSON. Its first use after its install has answered
# with nothing: ask again.
describe_resources() {
  local json tries=0
  until json=$(aspire_cli describe "$@" --format Json 2>/dev/null) && python3 -c 'import json, sys; json.loads(sys.argv[1])' "$json" 2>/dev/null; do
    (( ++tries < 5 )) || { echo "describe_resources: no answer from the Aspire CLI" >&2; return 1; }
    sleep 1
  done
  printf '%s\n' "$json"
}

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
