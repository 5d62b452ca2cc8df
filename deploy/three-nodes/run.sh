#!/usr/bin/env bash
# Runs a three-node Floe deployment on one machine: three `floe serve` nodes on loopback ports,
# sharing one PostgreSQL database and one S3 bucket, and nginx round-robin in front of them
# (nginx.conf.template beside this script). It stays in the foreground until nginx stops or it gets
# SIGINT/SIGTERM, then stops the nodes. A node that exits is started again after a second, as a
# service manager would (systemd's Restart=always).
#
#   deploy/three-nodes/run.sh DIR
#
# DIR (created if missing) receives everything the run writes: node-N/ (each node's data directory),
# node-N.log (its output and access log), node-N.pid, nginx.conf, logs/access.log, logs/error.log.
#
# The nodes' shared settings come from the environment as for any `floe serve` (docs/configuration.md):
# FLOE_METADATASTORE=postgres, FLOE_METADATACONNECTIONSTRING, FLOE_BLOBSTORE=s3, FLOE_S3ENDPOINT,
# FLOE_S3BUCKET, FLOE_S3ACCESSKEY, FLOE_S3SECRETKEY, ... (or FLOE_CONFIG_FILE). Also read:
#   FLOE_LISTEN_PORT   nginx's port (default 5000)
#   FLOE_NODE_PORTS    the three nodes' ports (default "5001 5002 5003")
#   FLOE_COMMAND       how to run floe (default "floe"; e.g. "dotnet /opt/floe/floe.dll")
#   NGINX              the nginx binary (default: nginx on PATH, else /usr/sbin/nginx)
# It prints "ready: http://127.0.0.1:PORT" once every node answers /readyz and nginx has started.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: run.sh DIR}
mkdir -p "$dir/logs" "$dir/temp"
dir=$(cd "$dir" && pwd)
# nginx's workers run as an unprivileged user when nginx starts as root: they must reach temp/.
chmod 755 "$dir"

listen_port=${FLOE_LISTEN_PORT:-5000}
read -ra ports <<<"${FLOE_NODE_PORTS:-5001 5002 5003}"
[ "${#ports[@]}" -eq 3 ] || { echo "FLOE_NODE_PORTS must name three ports" >&2; exit 2; }
read -ra floe <<<"${FLOE_COMMAND:-floe}"
nginx=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

supervisors=()
nginx_pid=
stop() {
    trap - EXIT INT TERM
    touch "$dir/stopping"
    [ ${#supervisors[@]} -eq 0 ] || kill "${supervisors[@]}" 2>/dev/null || true
    [ -z "$nginx_pid" ] || kill -QUIT "$nginx_pid" 2>/dev/null || true
    local i pid
    for i in 1 2 3; do
        pid=$(cat "$dir/node-$i.pid" 2>/dev/null || true)
        [ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 0' INT TERM

# Node N on its port, started again whenever it exits, until the run stops.
supervise() {
    local i=$1 port=$2
    while [ ! -e "$dir/stopping" ]; do
        "${floe[@]}" serve --listen "http://127.0.0.1:$port" --data-dir "$dir/node-$i" >>"$dir/node-$i.log" 2>&1 &
        echo $! >"$dir/node-$i.pid"
        wait $! || true
        [ -e "$dir/stopping" ] || { echo "node $i exited; starting it again" >&2; sleep 1; }
    done
}

wait_ready() {
    local port=$1 attempt
    for attempt in $(seq 1 300); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && return 0
        sleep 0.2
    done
    echo "the node on port $port did not become ready; see $dir/node-*.log" >&2
    return 1
}

rm -f "$dir/stopping"
# The first node alone first: it creates or migrates the database's schema; then the other two.
supervise 1 "${ports[0]}" &
supervisors+=($!)
wait_ready "${ports[0]}"
supervise 2 "${ports[1]}" &
supervisors+=($!)
supervise 3 "${ports[2]}" &
supervisors+=($!)
wait_ready "${ports[1]}"
wait_ready "${ports[2]}"

sed -e "s/@LISTEN_PORT@/$listen_port/" -e "s/@NODE1_PORT@/${ports[0]}/" \
    -e "s/@NODE2_PORT@/${ports[1]}/" -e "s/@NODE3_PORT@/${ports[2]}/" \
    "$here/nginx.conf.template" >"$dir/nginx.conf"
"$nginx" -p "$dir/" -e "$dir/logs/error.log" -c "$dir/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
until curl -sS -o /dev/null "http://127.0.0.1:$listen_port/healthz" 2>/dev/null; do
    kill -0 "$nginx_pid" 2>/dev/null || { echo "nginx did not start; see $dir/logs/error.log" >&2; exit 1; }
    sleep 0.1
done
echo "ready: http://127.0.0.1:$listen_port"
wait "$nginx_pid"
