#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the PostgreSQL outbox tests.
#
#   eval "$(scripts/postgres-test-cluster.sh start)"   # prints the two export lines
#   swift test
#   scripts/postgres-test-cluster.sh stop "$CERTBRIDGE_TEST_POSTGRES_DIR"
#
#   scripts/postgres-test-cluster.sh pause DIR    # stops the server (fast shutdown), keeps its data and port
#   scripts/postgres-test-cluster.sh resume DIR   # starts it again on the same port (the outage test)
#
# The cluster lives in a temporary directory, listens on a free port and asks for a password
# (SCRAM), like a real deployment. initdb refuses to run as root, so as root it runs as the
# `postgres` system user of Debian's postgresql package.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "postgres-test-cluster: no PostgreSQL server found (apt-get install postgresql)" >&2
  exit 1
fi
as=()
if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); fi

case "${1:-}" in
start)
  dir=$(mktemp -d /tmp/certbridge-pg.XXXXXX)
  chmod 755 "$dir"
  password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  printf '%s\n' "$password" >"$dir/pwfile"
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$dir"; fi
  # A port the kernel just handed out is free; without python3, a random high port.
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 30000)))
  "${as[@]}" "$bin/initdb" -D "$dir/data" -U certbridge --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  # The options are kept beside the data, so `resume` starts the same server on the same port.
  # fsync is off for tests; CERTBRIDGE_PG_FSYNC=on keeps it (load runs, where the figure should be honest).
  printf '%s' "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=${CERTBRIDGE_PG_FSYNC:-off} -c max_connections=200" >"$dir/options"
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/options")" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "export CERTBRIDGE_TEST_POSTGRES_URL='postgres://certbridge:$password@127.0.0.1:$port/postgres?sslmode=disable'"
  echo "export CERTBRIDGE_TEST_POSTGRES_DIR='$dir'"
  ;;
stop)
  dir=${2:?usage: $0 stop DIR}
  [ -d "$dir/data" ] && "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
pause)
  dir=${2:?usage: $0 pause DIR}
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
  ;;
resume)
  dir=${2:?usage: $0 resume DIR}
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/options")" start >/dev/null \
    || { tail -n 20 "$dir/server.log" >&2; exit 1; }
  ;;
*)
  echo "usage: $0 start | stop DIR | pause DIR | resume DIR" >&2
  exit 2
  ;;
esac
