#!/usr/bin/env bash
# Microsoft's Azure Storage emulator (Azurite, from npm, pinned) serving the Blob API, for the tests of
# Floe's Azure blob store against the real protocol.
#
#   eval "$(scripts/azurite.sh up)"      starts Azurite's blob service on 127.0.0.1 on a free port, its data
#                                        in a new temporary directory, and prints export lines:
#                                        FLOE_TEST_AZURE (a connection string for the well-known
#                                        development account) and FLOE_TEST_AZURE_DIR (to pass to "down")
#   scripts/azurite.sh down DIR          stops it and removes the directory
#
# Azurite is installed once under ~/.cache/floe/azurite-<version> (Debian's nodejs and npm first when
# there is no npm). It is started with --skipApiVersionCheck, because the Azure SDK sends a service
# version newer than the emulator knows, and --disableTelemetry, so it never calls out.
set -euo pipefail

version=3.35.0
install_dir=${XDG_CACHE_HOME:-$HOME/.cache}/floe/azurite-$version
# The development account of every Azure Storage emulator: a published, well-known key, not a secret.
account=devstoreaccount1
account_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

install_azurite() {
    [ -x "$install_dir/node_modules/.bin/azurite-blob" ] && return 0
    if ! command -v npm >/dev/null; then
        echo "Installing nodejs and npm from Debian's packages..." >&2
        local sudo_cmd=()
        [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
        "${sudo_cmd[@]}" apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
            -o DPkg::Lock::Timeout=600 nodejs npm >/dev/null
    fi
    echo "Installing azurite $version from npm..." >&2
    mkdir -p "$install_dir"
    npm install --prefix "$install_dir" --no-audit --no-fund --loglevel=error "azurite@$version" >/dev/null
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
    install_azurite
    local dir port
    dir=$(mktemp -d /tmp/floe-azurite.XXXXXX)
    mkdir -p "$dir/data"
    for _ in 1 2 3 4 5; do
        port=$(free_port)
        setsid "$install_dir/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$port" \
            --location "$dir/data" --disableTelemetry --skipApiVersionCheck --loose --silent \
            >"$dir/azurite.log" 2>&1 </dev/null &
        echo $! >"$dir/azurite.pid"
        for _ in $(seq 100); do
            curl -s -o /dev/null "http://127.0.0.1:$port/" && break
            kill -0 "$(cat "$dir/azurite.pid")" 2>/dev/null || break
            sleep 0.1
        done
        if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
            echo "export FLOE_TEST_AZURE='DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$port/$account;'"
            echo "export FLOE_TEST_AZURE_DIR='$dir'"
            return 0
        fi
        stop "$dir"
    done
    cat "$dir/azurite.log" >&2 || true
    rm -rf "$dir"
    echo "Azurite did not start" >&2
    exit 1
}

stop() {
    local pidfile=$1/azurite.pid pid
    [ -f "$pidfile" ] || return 0
    pid=$(cat "$pidfile")
    rm -f "$pidfile"
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}

down() {
    local dir=${1:-${FLOE_TEST_AZURE_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    case "$dir" in /tmp/floe-azurite.*) ;; *) echo "refusing to remove $dir" >&2; exit 1 ;; esac
    stop "$dir"
    rm -rf "$dir"
}

case "${1:-}" in
    up) up ;;
    down) down "${2:-}" ;;
    *) echo "usage: $0 up | down DIR" >&2; exit 2 ;;
esac
