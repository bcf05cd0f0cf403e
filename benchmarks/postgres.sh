# Sourced by the benchmark scripts that need a PostgreSQL of their own, not the AppHost's: a throwaway server with
# trust authentication on a free port of localhost.
# start_postgres   starts it and waits until it answers; sets pg_bin, pg_dir, pg_port and as_server_user
# stop_postgres    stops it and removes its data
start_postgres() {
  pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/postgres | sort -V | tail -1)")
  pg_dir=$(mktemp -d /tmp/superheroes-pg-XXXX)
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # PostgreSQL refuses to run as root; setpriv execs, so the stop signal below reaches the server itself.
  as_server_user=()
  if [ "$(id -u)" = 0 ]; then
    as_server_user=(setpriv --reuid=postgres --regid=postgres --init-groups --)
    chown postgres "$pg_dir"
  fi
  "${as_server_user[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust > /dev/null
  "${as_server_user[@]}" "$pg_bin/postgres" -D "$pg_dir/data" -p "$pg_port" -c listen_addresses=localhost \
    -c unix_socket_directories= > "$pg_dir/server.log" 2>&1 &
  pg_server=$!
  until "$pg_bin/pg_isready" -h localhost -p "$pg_port" -U postgres -q; do sleep 0.2; done
}

stop_postgres() {
  [ -n "${pg_server:-}" ] || return 0
  kill -INT "$pg_server" 2>/dev/null || true
  wait "$pg_server" 2>/dev/null || true
  rm -rf "$pg_dir"
  pg_server=
}
