#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests of Floe's PostgreSQL metadata store.
#
#   eval "$(scripts/postgres.sh up)"     initdb's a cluster in a new temporary directory, starts it on
#                                        127.0.0.1 on a free port and prints two export lines:
#                                        FLOE_TEST_POSTGRES (an Npgsql connection string) and
#                                        FLOE_TEST_POSTGRES_DIR (the directory to pass to "down")
#   scripts/postgres.sh down DIR         stops that cluster and removes its directory
#
# The server refuses to run as root, so as root the cluster belongs to the "postgres" OS user
# (runuser); as any other user it runs as that user. Debian's postgresql package is installed
# when the binaries are missing. Only the loopback address listens (trust authentication there:
# nothing else can reach it, and it lives only as long as the test run).
#
# fsync is off: the cluster is deleted at the end of the run, so surviving a power cut buys nothing,
# and every CREATE DATABASE (one per test) and commit would otherwise wait for the disk of a
# machine that other builds share. Transactions, locks and isolation behave exactly as with fsync on.
set -euo pipefail

bin=/usr/lib/postgresql/15/bin

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

install_server() {
    [ -x "$bin/initdb" ] && return 0
    echo "Installing PostgreSQL 15 from Debian's packages..." >&2
    local sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
        -o DPkg::Lock::Timeout=600 postgresql-15 >/dev/null
    [ -x "$bin/initdb" ] || { echo "PostgreSQL 15 was not installed at $bin" >&2; exit 1; }
}

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

up() {
    install_server
    local dir port
    dir=$(mktemp -d /tmp/floe-postgres.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
    # Another process may take the port between the probe and the start: try a few.
    for _ in 1 2 3 4 5; do
        port=$(free_port)
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
            "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off -c max_connections=200" \
            >/dev/null 2>&1; then
            echo "export FLOE_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
            echo "export FLOE_TEST_POSTGRES_DIR='$dir'"
            return 0
        fi
    done
    cat "$dir/server.log" >&2 || true
    rm -rf "$dir"
    echo "PostgreSQL did not start" >&2
    exit 1
}

down() {
    local dir=${1:-${FLOE_TEST_POSTGRES_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    case "$dir" in /tmp/floe-postgres.*) ;; *) echo "refusing to remove $dir" >&2; exit 1 ;; esac
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}

case "${1:-}" in
    up) up ;;
    down) down "${2:-}" ;;
    *) echo "usage: $0 up | down DIR" >&2; exit 2 ;;
esac
