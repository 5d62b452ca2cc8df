#!/usr/bin/env bash
# A real OpenID provider (npm oidc-provider, pinned in tests/Floe.Clients.Tests/Authentication/oidc) for
# the tests of Floe's sign-in through an identity provider.
#
#   eval "$(scripts/oidc.sh up)"     installs the pinned packages into a new temporary directory (npm ci),
#                                    starts the provider on 127.0.0.1 on a free port and prints two export
#                                    lines: FLOE_TEST_OIDC_ISSUER (the issuer URL; its keys are at /jwks)
#                                    and FLOE_TEST_OIDC_DIR (the directory to pass to "down")
#   scripts/oidc.sh down DIR         stops that provider and removes its directory
#
# Debian's nodejs and npm are installed when node is missing. The provider keeps everything in memory
# and lives only as long as the test run.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source_dir="$root/tests/Floe.Clients.Tests/Authentication/oidc"

install_node() {
    command -v node >/dev/null && command -v npm >/dev/null && return 0
    echo "Installing Node.js and npm from Debian's packages..." >&2
    local sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
        -o DPkg::Lock::Timeout=600 nodejs npm >/dev/null
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
    install_node
    local dir port pid
    dir=$(mktemp -d /tmp/floe-oidc.XXXXXX)
    cp "$source_dir/package.json" "$source_dir/package-lock.json" "$source_dir/provider.mjs" "$dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >"$dir/npm.log" 2>&1) \
        || { cat "$dir/npm.log" >&2; rm -rf "$dir"; exit 1; }
    # Another process may take the port between the probe and the start: try a few.
    for _ in 1 2 3 4 5; do
        port=$(free_port)
        OIDC_PORT=$port nohup node "$dir/provider.mjs" </dev/null >"$dir/provider.log" 2>&1 &
        pid=$!
        echo "$pid" >"$dir/pid"
        for _ in $(seq 1 100); do
            if grep -q '^ready ' "$dir/provider.log" 2>/dev/null; then
                echo "export FLOE_TEST_OIDC_ISSUER='http://127.0.0.1:$port'"
                echo "export FLOE_TEST_OIDC_DIR='$dir'"
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$pid" 2>/dev/null || true
    done
    cat "$dir/provider.log" >&2 || true
    rm -rf "$dir"
    echo "the OpenID provider did not start" >&2
    exit 1
}

down() {
    local dir=${1:-${FLOE_TEST_OIDC_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    if [ -f "$dir/pid" ]; then
        kill "$(cat "$dir/pid")" 2>/dev/null || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    up) up ;;
    down) down "${2:-}" ;;
    *) echo "usage: $0 up | down DIR" >&2; exit 2 ;;
esac
