#!/usr/bin/env bash
# Floe on its two metadata backends side by side: the embedded SQLite and PostgreSQL (a throwaway
# cluster on 127.0.0.1, started and removed by scripts/postgres.sh). Each backend gets the same image,
# pushed with curl, and the same bounded load — with authentication on, as users run Floe: the load
# generator presents a registry token fetched the way docker fetches one, and the SQL test a session
# token. Prints the medians (every run shown) and the server's CPU per request.
#
#   bench/load/metadata-backends.sh     # about 2 minutes of measuring, plus the build
#
# Knobs (environment): DURATION=5 (seconds per run), RUNS=3 (runs per test), SKIP_BUILD=1, KEEP=1.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
DURATION=${DURATION:-5}
RUNS=${RUNS:-3}
NAME=bench_db/bench_schema/bench_repo/app
OCI_MANIFEST=application/vnd.oci.image.manifest.v1+json
FLOE_DLL=$ROOT/src/Floe.Cli/bin/Release/net10.0/floe.dll
ADMIN_PASSWORD=bench-admin-secret-1

WORK=$(mktemp -d /tmp/floe-backends-bench.XXXXXX)
FLOE_PID=""
PG_DIR=""

log() { printf '%s\n' "$*" >&2; }
die() { log "metadata-backends.sh: $*"; exit 1; }

cleanup() {
    local rc=$?
    if [[ -n $FLOE_PID ]]; then kill "$FLOE_PID" 2>/dev/null || true; wait "$FLOE_PID" 2>/dev/null || true; fi
    if [[ -n $PG_DIR ]]; then "$ROOT/scripts/postgres.sh" down "$PG_DIR" >/dev/null 2>&1 || true; fi
    if [[ ${KEEP:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null && command -v curl >/dev/null || {
    log "installing wrk and curl from Debian's packages"
    apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 wrk curl >/dev/null
}
if [[ ${SKIP_BUILD:-0} != 1 || ! -f $FLOE_DLL ]]; then
    log "building Floe (Release)"
    dotnet build "$ROOT/src/Floe.Cli" -c Release -nologo -v q >/dev/null
fi

free_port() {
    local port
    while true; do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "NaN"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d\n", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
sha256_of() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }

start_floe() { # backend [extra env...]
    local port data=$WORK/$1
    port=$(free_port)
    shift
    mkdir -p "$data"
    env FLOE_ADMIN_PASSWORD=$ADMIN_PASSWORD "$@" \
        dotnet "$FLOE_DLL" serve --listen "http://127.0.0.1:$port" --data-dir "$data" >"$data.log" 2>&1 &
    FLOE_PID=$!
    FLOE=http://127.0.0.1:$port
    for _ in $(seq 1 300); do
        curl -fsS -o /dev/null --max-time 2 "$FLOE/healthz" 2>/dev/null && return 0
        sleep 0.2
    done
    die "floe serve did not come up (log: $data.log)"
}

stop_floe() { kill "$FLOE_PID"; wait "$FLOE_PID" 2>/dev/null || true; FLOE_PID=""; }

session_token() {
    curl -fsS --max-time 60 -d grant_type=password -d username=ADMIN -d "password=$ADMIN_PASSWORD" "$FLOE/oauth/token" |
        sed -E 's/.*"token":"([^"]+)".*/\1/'
}

registry_token() {
    curl -fsS --max-time 60 -u "ADMIN:$ADMIN_PASSWORD" \
        "$FLOE/oauth/token?service=127.0.0.1&scope=repository:$NAME:pull,push" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}

sql() { # session statement
    local code
    code=$(curl -sS --max-time 60 -o "$WORK/sql.out" -w '%{http_code}' -H "Authorization: Bearer $1" \
        -H 'Content-Type: application/json' -d "{\"statement\":\"$2\"}" "$FLOE/api/v2/statements")
    [[ $code == 200 ]] || die "SQL '$2': HTTP $code $(cat "$WORK/sql.out")"
}

upload() { # token file digest
    local location code
    location=$(curl -sS --max-time 60 -o /dev/null -D - -X POST -H "Authorization: Bearer $1" "$FLOE/v2/$NAME/blobs/uploads/" |
        tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
    [[ -n $location ]] || die "no upload location"
    code=$(curl -sS --max-time 60 -o /dev/null -w '%{http_code}' -H 'Expect:' -H "Authorization: Bearer $1" \
        -H 'Content-Type: application/octet-stream' -T "$2" "$FLOE$location?digest=$3")
    [[ $code == 201 ]] || die "upload: HTTP $code"
}

make_image() {
    head -c 1024 /dev/urandom >"$WORK/layer.bin"
    LAYER=$(sha256_of "$WORK/layer.bin")
    printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["%s"]}}' "$LAYER" >"$WORK/config.json"
    CONFIG=$(sha256_of "$WORK/config.json")
    printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":1024}]}' \
        "$OCI_MANIFEST" "$CONFIG" "$(stat -c %s "$WORK/config.json")" "$LAYER" >"$WORK/manifest.json"
    printf '{"statement":"SHOW IMAGES IN IMAGE REPOSITORY bench_db.bench_schema.bench_repo"}' >"$WORK/sql.json"
}

prepare() {
    local session token code
    session=$(session_token)
    sql "$session" "CREATE DATABASE bench_db"
    sql "$session" "CREATE SCHEMA bench_db.bench_schema"
    sql "$session" "CREATE IMAGE REPOSITORY bench_db.bench_schema.bench_repo"
    token=$(registry_token)
    upload "$token" "$WORK/config.json" "$CONFIG"
    upload "$token" "$WORK/layer.bin" "$LAYER"
    code=$(curl -sS --max-time 60 -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $token" \
        -H "Content-Type: $OCI_MANIFEST" --data-binary @"$WORK/manifest.json" "$FLOE/v2/$NAME/manifests/latest")
    [[ $code == 201 ]] || die "manifest PUT: HTTP $code"
}

# One bounded wrk run: requests/s and the server's CPU microseconds per request; warns on failures.
run_wrk() { # connections url [wrk options...]
    local connections=$1 url=$2 out rps total bad before after
    shift 2
    before=$(cpu_ms "$FLOE_PID")
    out=$(wrk -t2 -c"$connections" -d"${DURATION}s" "$@" "$url" 2>&1)
    after=$(cpu_ms "$FLOE_PID")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    total=$(awk '/requests in/ { print $1 }' <<<"$out")
    bad=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$out")
    [[ -n $rps && ${total:-0} -gt 0 ]] || die "no result from wrk: $out"
    ((bad == 0)) || log "WARNING: $bad failed requests on $url"
    echo "$rps $(awk -v c=$((after - before)) -v n="$total" 'BEGIN { printf "%.1f", c * 1000 / n }')"
}

declare -A RESULTS
measure() { # backend
    local backend=$1 token session i
    for i in $(seq 1 "$RUNS"); do
        token=$(registry_token)
        session=$(session_token)
        RESULTS[$backend/manifest]+="$(run_wrk 32 "$FLOE/v2/$NAME/manifests/latest" -H "Authorization: Bearer $token" -H "Accept: $OCI_MANIFEST"),"
        RESULTS[$backend/tagput]+="$(BENCH_MANIFEST_FILE=$WORK/manifest.json BENCH_MANIFEST_PATH=/v2/$NAME/manifests/ \
            BENCH_CONTENT_TYPE=$OCI_MANIFEST run_wrk 8 "$FLOE" -H "Authorization: Bearer $token" -s "$ROOT/bench/load/tag-put.lua"),"
        RESULTS[$backend/sql]+="$(BENCH_BODY_FILE=$WORK/sql.json run_wrk 8 "$FLOE/api/v2/statements" \
            -H "Authorization: Bearer $session" -H 'Content-Type: application/json' -s "$ROOT/bench/load/post-body.lua"),"
    done
}

make_image
log "SQLite: starting, pushing, measuring"
start_floe sqlite
prepare
measure sqlite
stop_floe

log "PostgreSQL: starting a throwaway cluster, pushing, measuring"
eval "$("$ROOT/scripts/postgres.sh" up)"
PG_DIR=$FLOE_TEST_POSTGRES_DIR
PG_PORT=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$FLOE_TEST_POSTGRES")
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE floe_bench" >/dev/null
start_floe postgres FLOE_METADATASTORE=postgres \
    FLOE_METADATACONNECTIONSTRING="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=floe_bench"
prepare
measure postgres
stop_floe

summary() { # key
    local rps cpu
    rps=$(tr ',' '\n' <<<"${RESULTS[$1]}" | awk 'NF { print $1 }' | median)
    cpu=$(tr ',' '\n' <<<"${RESULTS[$1]}" | awk 'NF { print $2 }' | median)
    printf '%s req/s (%s µs CPU/req; runs: %s)' "$rps" "$cpu" "$(tr ',' '\n' <<<"${RESULTS[$1]}" | awk 'NF { printf "%s%s", s, $1; s=" " }')"
}

echo
echo "Floe with registry tokens, ${RUNS} runs of ${DURATION}s each, medians:"
for test in manifest tagput sql; do
    case $test in
        manifest) label="manifest GET by tag (c32)" ;;
        tagput) label="tag PUT (c8)" ;;
        sql) label="SQL SHOW IMAGES (c8)" ;;
    esac
    printf '%-28s SQLite:     %s\n' "$label" "$(summary "sqlite/$test")"
    printf '%-28s PostgreSQL: %s\n' "" "$(summary "postgres/$test")"
done
