#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the integration tests: its own data folder, its own port, on
# 127.0.0.1 only. Used by .ci/run and by developers.
#
#   scripts/test-postgres.sh start   # installs the server from Debian's packages when missing,
#                                    # starts the cluster, prints the export lines to eval
#   scripts/test-postgres.sh stop    # stops it and removes its data folder
#
# Reads: CONSORT_PG_PORT (default 55432), CONSORT_PG_DIR (default ${TMPDIR:-/tmp}/consort-pg-$port).
# As root, the cluster runs as the 'postgres' user (initdb refuses root).
set -euo pipefail

port=${CONSORT_PG_PORT:-55432}
dir=${CONSORT_PG_DIR:-${TMPDIR:-/tmp}/consort-pg-$port}
user=consort
password=consort

bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && [ -x "$found/pg_ctl" ] && echo "$found"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local pg
  if ! pg=$(bin); then
    echo "test-postgres: no PostgreSQL server; installing Debian's postgresql" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
    pg=$(bin) || { echo "test-postgres: PostgreSQL could not be installed" >&2; exit 1; }
  fi
  if [ -f "$dir/postmaster.pid" ] && as_owner "$pg/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    echo "test-postgres: already running in $dir on port $port" >&2
  else
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_owner "$pg/initdb" -D "$dir" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
      || { cat "$dir.initdb.log" >&2; exit 1; }
    as_owner "$pg/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200" start >&2
    as_owner "$pg/psql" -h "$dir" -p "$port" -d postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE $user LOGIN PASSWORD '$password'" -c "CREATE DATABASE consort OWNER $user" >&2
  fi
  echo "export CONSORT_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$port/consort"
  echo "export CONSORT_TEST_PG_USER=$user"
  echo "export CONSORT_TEST_PG_PASSWORD=$password"
}

stop() {
  local pg
  pg=$(bin) || return 0
  if [ -d "$dir" ]; then
    as_owner "$pg/pg_ctl" -D "$dir" -m fast -w stop >&2 || true
    rm -rf "$dir" "$dir.initdb.log"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
