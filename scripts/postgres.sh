#!/usr/bin/env bash
# A throwaway PostgreSQL for the history store's tests (lib/history/postgres.ts).
#   bash scripts/postgres.sh start   fresh data dir, server on 127.0.0.1, prints its URL (the only stdout line)
#   bash scripts/postgres.sh stop    stops it and removes its data
# Installs Debian's postgresql when it is missing (as root). PostgreSQL refuses to run as root,
# so as root the server runs as the package's `postgres` user.
set -euo pipefail

data="${TMPDIR:-/tmp}/svcmap-test-postgres"
port="${SVCMAP_POSTGRES_PORT:-35432}"
user=svcmap
database=svcmap_test

fail() { echo "postgres.sh: $*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# The newest installed server's binaries (Debian puts each major version in its own folder).
server_bin() {
  local initdb
  initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$initdb" ] && dirname "$initdb"
}

install_server() {
  is_root || fail "PostgreSQL is not installed: run 'sudo apt-get install postgresql' (or this script as root)."
  echo "Installing Debian's postgresql for the history tests…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 || fail "apt-get install postgresql failed."
}

# Runs a server binary as the user that owns the data dir.
as_owner() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  local bin
  if [ -f "$data/postmaster.pid" ] && bin="$(server_bin)"; then
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$data"
}

start() {
  local bin output
  bin="$(server_bin)" || { install_server && bin="$(server_bin)"; } || fail "postgresql was installed but no initdb is under /usr/lib/postgresql/*/bin."
  stop # leftovers of an interrupted run
  mkdir -p "$data"
  chmod 700 "$data"
  if is_root; then
    getent passwd postgres >/dev/null || fail "there is no 'postgres' user to run the server as (PostgreSQL refuses to run as root)."
    chown postgres: "$data"
    as_owner test -w "$data" || fail "the postgres user cannot write $data: set TMPDIR to a folder it can reach."
  fi

  # Trust for local and loopback connections: a test database with no password to leak.
  if ! output="$(as_owner "$bin/initdb" -D "$data" -U "$user" --auth=trust -E UTF8 --locale=C --no-sync 2>&1)"; then
    echo "$output" >&2
    fail "initdb failed."
  fi
  # Throwaway data: speed over durability.
  cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  # The port, or one of the next ten: a loopback port in the ephemeral range may be held for a
  # while by any local client's connection (the test cluster makes many).
  local first=$port started=""
  for port in $(seq "$first" $((first + 10))); do
    [ -z "$(ss -tanH "( sport = :$port )" 2>/dev/null)" ] || continue
    if as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -o "-p $port" -w -t 60 start >/dev/null; then
      started=1
      break
    fi
  done
  if [ -z "$started" ]; then
    tail -n 20 "$data/server.log" >&2 || true
    fail "the server did not start on 127.0.0.1, ports $first–$((first + 10)) (all taken? set SVCMAP_POSTGRES_PORT)."
  fi
  for _ in $(seq 60); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
  done
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" || fail "the server on 127.0.0.1:$port does not accept connections."
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$database" || fail "createdb $database failed."
  echo "postgres://$user@127.0.0.1:$port/$database"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) fail "usage: bash scripts/postgres.sh start|stop" ;;
esac
