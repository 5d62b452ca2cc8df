#!/usr/bin/env bash
# The time of a push through three nodes behind nginx beside the same push to one node: the
# deployment of docs/deployment.md (deploy/three-nodes/run.sh: three `floe serve` nodes on one
# PostgreSQL database and one S3 bucket, nginx round-robin in front), skopeo copying an OCI image of
# LAYERS layers of LAYER_MIB MiB of random bytes each, once straight to node 1 and once through nginx,
# RUNS times in turn, each push a fresh image (nothing already stored). Prints one line a push and a
# table. Measurements, never assertions.
#
#   bench/load/three-nodes.sh                  RUNS=3 LAYERS=4 LAYER_MIB=16; starts PostgreSQL and Ceph itself
#   SKIP_BUILD=1 RUNS=5 bench/load/three-nodes.sh
#
# With FLOE_TEST_POSTGRES or FLOE_TEST_S3_ENDPOINT (and keys) set, the running services are used
# instead (scripts/postgres.sh and scripts/ceph-rgw.sh print those). Needs skopeo, umoci, nginx, psql, curl.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-3}
LAYERS=${LAYERS:-4}
LAYER_MIB=${LAYER_MIB:-16}
PASSWORD=bench-admin-password-1
FLOE_DLL=$ROOT/src/Floe.Cli/bin/Release/net10.0/floe.dll
WORK=$(mktemp -d /tmp/floe-bench-nodes.XXXXXX)
RUN_PID=""
STARTED_PG=""
STARTED_S3=""

cleanup() {
    if [[ -n $RUN_PID ]]; then kill "$RUN_PID" 2>/dev/null || true; wait "$RUN_PID" 2>/dev/null || true; fi
    [[ -z $STARTED_S3 ]] || "$ROOT/scripts/ceph-rgw.sh" down "$STARTED_S3"
    [[ -z $STARTED_PG ]] || "$ROOT/scripts/postgres.sh" down "$STARTED_PG"
    rm -rf "$WORK"
}
trap cleanup EXIT

die() { echo "three-nodes.sh: $*" >&2; exit 1; }

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    die "no free port"
}

if [[ ${SKIP_BUILD:-0} != 1 || ! -f $FLOE_DLL ]]; then
    dotnet build "$ROOT/src/Floe.Cli" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
fi
if [[ -z ${FLOE_TEST_POSTGRES:-} ]]; then
    eval "$("$ROOT/scripts/postgres.sh" up)"
    STARTED_PG=$FLOE_TEST_POSTGRES_DIR
fi
if [[ -z ${FLOE_TEST_S3_ENDPOINT:-} ]]; then
    eval "$("$ROOT/scripts/ceph-rgw.sh" up)"
    STARTED_S3=$FLOE_TEST_S3_DIR
fi

# A database of its own on the cluster, and the bucket (Floe itself never creates either).
pg_port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$FLOE_TEST_POSTGRES")
database="floe_bench_$(date +%s)_$RANDOM"
psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE $database" || die "could not create the database"
curl -fsS -o /dev/null --aws-sigv4 "aws:amz:us-east-1:s3" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" --user "$FLOE_TEST_S3_ACCESS_KEY:$FLOE_TEST_S3_SECRET_KEY" \
    -X PUT "$FLOE_TEST_S3_ENDPOINT/floe-bench" 2>/dev/null || true

# The images first, all of them, so that building them never overlaps a push.
for run in $(seq 1 "$RUNS"); do
    for where in one three; do
        layout=$WORK/layout-$where-$run
        umoci init --layout "$layout"
        umoci new --image "$layout:v1"
        for layer in $(seq 1 "$LAYERS"); do
            head -c "$((LAYER_MIB << 20))" /dev/urandom >"$WORK/layer.bin"
            umoci insert --image "$layout:v1" "$WORK/layer.bin" "/layer-$layer.bin"
        done
        umoci config --image "$layout:v1" --os linux --architecture amd64
    done
done
rm -f "$WORK/layer.bin"

listen=$(free_port)
node1=$(free_port)
FLOE_METADATASTORE=postgres \
FLOE_METADATACONNECTIONSTRING="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database" \
FLOE_BLOBSTORE=s3 FLOE_S3ENDPOINT="$FLOE_TEST_S3_ENDPOINT" FLOE_S3BUCKET=floe-bench FLOE_S3PREFIX="bench-$database/" \
FLOE_S3ACCESSKEY="$FLOE_TEST_S3_ACCESS_KEY" FLOE_S3SECRETKEY="$FLOE_TEST_S3_SECRET_KEY" \
FLOE_ADMIN_PASSWORD=$PASSWORD FLOE_LISTEN_PORT=$listen FLOE_NODE_PORTS="$node1 $(free_port) $(free_port)" \
FLOE_COMMAND="dotnet $FLOE_DLL" \
    "$ROOT/deploy/three-nodes/run.sh" "$WORK/deployment" >"$WORK/run.out" 2>&1 &
RUN_PID=$!
for _ in $(seq 1 600); do
    grep -qs '^ready: ' "$WORK/run.out" && break
    kill -0 "$RUN_PID" 2>/dev/null || { cat "$WORK/run.out" >&2; die "run.sh stopped"; }
    sleep 0.2
done
grep -q '^ready: ' "$WORK/run.out" || die "the deployment did not get ready"

token=$(curl -fsS -d grant_type=password -d username=ADMIN -d "password=$PASSWORD" "http://127.0.0.1:$listen/oauth/token" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"statement": "CREATE DATABASE bench; CREATE SCHEMA bench.sch; CREATE IMAGE REPOSITORY bench.sch.repo;"}' \
    "http://127.0.0.1:$listen/api/v2/statements"

push() { # where, port, run → seconds
    local start end
    start=$(date +%s%N)
    skopeo --insecure-policy copy --quiet --dest-tls-verify=false --dest-creds "ADMIN:$PASSWORD" \
        "oci:$WORK/layout-$1-$3:v1" "docker://127.0.0.1:$2/bench/sch/repo/$1:$3" >/dev/null
    end=$(date +%s%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", (e - s) / 1e9 }'
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
one=(); three=()
for run in $(seq 1 "$RUNS"); do
    one+=("$(push one "$node1" "$run")")
    three+=("$(push three "$listen" "$run")")
    echo "run $run: one node ${one[-1]} s, three nodes through nginx ${three[-1]} s" >&2
done
row() { local label=$1; shift; printf '| %s |' "$label"; printf ' %s |' "$@"; echo; }
row "push of $LAYERS × $LAYER_MIB MiB" $(for run in $(seq 1 "$RUNS"); do echo "run_$run"; done) | tr '_' ' '
echo "|---|$(for _ in $(seq 1 "$RUNS"); do printf -- '---:|'; done)"
row "one node (node 1 directly), s" "${one[@]}"
row "three nodes through nginx, s" "${three[@]}"
echo "load average before and after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg)"
