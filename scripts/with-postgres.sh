#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: initdb in a temporary folder, a free loopback port, the
# Debian `postgresql` binaries, run as a non-root user (the `postgres` account when invoked as root), stopped and
# removed afterwards. The command sees TRAINYARD_TEST_DATABASE_URL (postgres://trainyard@127.0.0.1:PORT/trainyard).
# Without a usable server the command still runs, with TRAINYARD_TEST_POSTGRES_SKIPPED saying why.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    export TRAINYARD_TEST_POSTGRES_SKIPPED="no PostgreSQL server binaries under /usr/lib/postgresql (Debian package postgresql)"
    exec "$@"
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi
folder=$(mktemp -d /tmp/trainyard-pg.XXXXXX)
chmod 755 "$folder"
[ ${#as_owner[@]} -eq 0 ] || chown postgres "$folder"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
    "${as_owner[@]}" "$bin/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$folder"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$folder/data" -U trainyard -A trust --no-sync >/dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -o \
    "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
"${as_owner[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U trainyard trainyard
export TRAINYARD_TEST_DATABASE_URL="postgres://trainyard@127.0.0.1:$port/trainyard?sslmode=disable"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
