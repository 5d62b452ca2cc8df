#!/usr/bin/env bash
# Floe with its real token flow on, as every deployment runs: the load generator gets a registry
# token the way docker does (GET /oauth/token with Basic credentials and a scope) and presents it as
# a Bearer token on every /v2/ request. Measured on the same Floe, same image, same run:
#
#   - manifest GET by tag and 1 KiB blob GET with the token, then anonymously (RequireAuthentication
#     off: the same data directory served again), and the ratio token / anonymous;
#   - repeated registry-token requests with the same user and password (a CI farm's `docker pull`s);
#   - a bare Kestrel endpoint answering 555 bytes, the machine's HTTP ceiling for the same wrk settings
#     (bench/load/kestrel-ceiling), when it builds.
#
#   bench/load/auth.sh                          # the build in this checkout
#   BASE_DLL=/path/to/other/floe.dll bench/load/auth.sh   # ... and another build, A/B in one run
#
# Knobs (environment): DURATION=5 (s per load run), RUNS=3 (median shown, every run listed),
# CONNECTIONS=32, TOKEN_CONNECTIONS=8, THREADS=2, SKIP_BUILD=1, KEEP=1 (keep the temp dir).
# Everything listens on 127.0.0.1 only and lives in a temporary directory removed on exit.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
DURATION=${DURATION:-5}
RUNS=${RUNS:-3}
CONNECTIONS=${CONNECTIONS:-32}
TOKEN_CONNECTIONS=${TOKEN_CONNECTIONS:-8}
THREADS=${THREADS:-2}
FLOE_DLL=${FLOE_DLL:-$ROOT/src/Floe.Cli/bin/Release/net10.0/floe.dll}
CEILING_DIR=$ROOT/bench/load/kestrel-ceiling
CEILING_DLL=$CEILING_DIR/bin/Release/net10.0/kestrel-ceiling.dll
BASE_DLL=${BASE_DLL:-}

NAME=bench_db/bench_schema/bench_repo/app
OCI_MANIFEST=application/vnd.oci.image.manifest.v1+json
ACCEPT="$OCI_MANIFEST, application/vnd.docker.distribution.manifest.v2+json"
ADMIN_PASSWORD="bench-$RANDOM-$RANDOM-password"

WORK=""
PIDS=()

log() { printf '%s\n' "$*" >&2; }
die() { log "auth.sh: $*"; exit 1; }

stop() { # pid
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    for pid in "${PIDS[@]}"; do stop "$pid"; done
    if [[ -n $WORK && -d $WORK ]]; then
        if [[ ${KEEP:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

if [[ ${SKIP_BUILD:-0} != 1 || ! -f $FLOE_DLL ]]; then
    log "building Floe (Release)"
    dotnet build "$ROOT/src/Floe.Cli" -c Release -nologo -v q >/dev/null
fi
if [[ ! -f $CEILING_DLL ]]; then
    dotnet build "$CEILING_DIR" -c Release -nologo -v q >/dev/null 2>&1 || log "kestrel-ceiling did not build: no ceiling"
fi

free_port() {
    local port
    while true; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
}

wait_for() { # url what
    for _ in $(seq 1 300); do
        if curl -sS -o /dev/null --max-time 2 "$1" 2>/dev/null; then return 0; fi
        sleep 0.2
    done
    die "$2 did not come up at $1"
}

# Starts floe serve on DATA with the given RequireAuthentication; sets SERVER and SERVER_PID.
start_floe() { # dll data require-auth
    local port
    port=$(free_port)
    FLOE_ADMIN_PASSWORD=$ADMIN_PASSWORD FLOE_REQUIREAUTHENTICATION=$3 \
        dotnet "$1" serve --listen "http://127.0.0.1:$port" --data-dir "$2" >>"$2.log" 2>&1 &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    SERVER=http://127.0.0.1:$port
    wait_for "$SERVER/healthz" "floe serve"
}

# A request to 127.0.0.1 reaches the default account; HOST_HEADER stays empty unless a test sets it.
HOST_HEADER=()

sql() { # statement
    local session
    session=$(curl -sS --max-time 60 -X POST "${HOST_HEADER[@]}" -d "grant_type=password&username=ADMIN&password=$ADMIN_PASSWORD" \
        "$SERVER/oauth/token" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
    [[ -n $session ]] || die "no session for ADMIN"
    curl -sS --max-time 60 -o /dev/null -w '%{http_code}' -X POST "${HOST_HEADER[@]}" -H "Authorization: Bearer $session" \
        -H 'Content-Type: application/json' -d "{\"statement\":\"$1\"}" "$SERVER/api/v2/statements"
}

registry_token() { # scope
    curl -sS --max-time 60 "${HOST_HEADER[@]}" -u "ADMIN:$ADMIN_PASSWORD" \
        "$SERVER/oauth/token?service=127.0.0.1&scope=$1" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

sha256_of() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }

push_image() { # token
    local auth=(-H "Authorization: Bearer $1") location code
    for blob in config.json layer.bin; do
        location=$(curl -sS --max-time 30 -o /dev/null -D - -X POST "${HOST_HEADER[@]}" "${auth[@]}" "$SERVER/v2/$NAME/blobs/uploads/" |
            tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
        [[ -n $location ]] || die "no upload location"
        [[ $location == /* ]] && location=$SERVER$location
        [[ $location == *\?* ]] && location="$location&" || location="$location?"
        code=$(curl -sS --max-time 60 -o /dev/null -w '%{http_code}' -X PUT "${HOST_HEADER[@]}" "${auth[@]}" -H 'Expect:' \
            -H 'Content-Type: application/octet-stream' -T "$WORK/$blob" "${location}digest=$(sha256_of "$WORK/$blob")")
        [[ $code == 201 ]] || die "blob upload: HTTP $code"
    done
    code=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' -X PUT "${HOST_HEADER[@]}" "${auth[@]}" \
        -H "Content-Type: $OCI_MANIFEST" --data-binary @"$WORK/manifest.json" "$SERVER/v2/$NAME/manifests/latest")
    [[ $code == 201 ]] || die "manifest PUT: HTTP $code"
}

make_image() {
    head -c 1024 /dev/urandom >"$WORK/layer.bin"
    SMALL_DIGEST=$(sha256_of "$WORK/layer.bin")
    printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["%s"]}}' "$SMALL_DIGEST" >"$WORK/config.json"
    printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":1024}]}' \
        "$OCI_MANIFEST" "$(sha256_of "$WORK/config.json")" "$(stat -c %s "$WORK/config.json")" "$SMALL_DIGEST" >"$WORK/manifest.json"
}

# One wrk run; prints requests/s, warns about failures. A 1-second run first, not counted, so that
# start-up (JIT, first connections, the first password verification) is not in the figure.
rps() { # label connections url [wrk options...]
    local label=$1 connections=$2 url=$3 out bad
    shift 3
    wrk -t"$THREADS" -c"$connections" -d1s "$@" "$url" >/dev/null 2>&1 || true
    out=$(wrk -t"$THREADS" -c"$connections" -d"${DURATION}s" "$@" "$url" 2>&1)
    bad=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$out")
    ((bad == 0)) || log "WARNING $label: $bad failed requests"
    awk '/^Requests\/sec:/ { printf "%.0f\n", $2 }' <<<"$out"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A RESULTS
record() { RESULTS["$1"]+="$2 "; }
median_of() { tr ' ' '\n' <<<"${RESULTS[$1]:-}" | grep -v '^$' | median; }

# Sets up one build's data directory: admin, repository, image pushed with a token.
prepare() { # label dll
    local data=$WORK/$1 code token
    start_floe "$2" "$data" true
    HOST_HEADER=()
    code=$(sql "CREATE DATABASE bench_db; CREATE SCHEMA bench_db.bench_schema; CREATE IMAGE REPOSITORY bench_db.bench_schema.bench_repo")
    [[ $code == 200 ]] || die "$1: SQL setup: HTTP $code"
    token=$(registry_token "repository:$NAME:pull,push")
    [[ -n $token ]] || die "$1: no registry token"
    push_image "$token"
    stop "$SERVER_PID"
}

measure() { # label dll
    local label=$1 data=$WORK/$1 token basic hdr=()
    start_floe "$2" "$data" true
    token=$(registry_token "repository:$NAME:pull")
    [[ -n $token ]] || die "$label: no registry token"
    record "$label:manifest-token" "$(rps "$label manifest GET (token)" "$CONNECTIONS" "$SERVER/v2/$NAME/manifests/latest" "${hdr[@]}" -H "Accept: $ACCEPT" -H "Authorization: Bearer $token")"
    record "$label:blob-token" "$(rps "$label blob GET (token)" "$CONNECTIONS" "$SERVER/v2/$NAME/blobs/$SMALL_DIGEST" "${hdr[@]}" -H "Authorization: Bearer $token")"
    basic=$(printf 'ADMIN:%s' "$ADMIN_PASSWORD" | base64 -w0)
    record "$label:token-endpoint" "$(rps "$label token endpoint" "$TOKEN_CONNECTIONS" "$SERVER/oauth/token?service=127.0.0.1&scope=repository:$NAME:pull" "${hdr[@]}" -H "Authorization: Basic $basic")"
    stop "$SERVER_PID"
    start_floe "$2" "$data" false
    record "$label:manifest-anon" "$(rps "$label manifest GET (anonymous)" "$CONNECTIONS" "$SERVER/v2/$NAME/manifests/latest" "${hdr[@]}" -H "Accept: $ACCEPT")"
    record "$label:blob-anon" "$(rps "$label blob GET (anonymous)" "$CONNECTIONS" "$SERVER/v2/$NAME/blobs/$SMALL_DIGEST" "${hdr[@]}")"
    stop "$SERVER_PID"
    log "  $label so far: manifest token ${RESULTS[$label:manifest-token]}| anon ${RESULTS[$label:manifest-anon]}| blob token ${RESULTS[$label:blob-token]}| token endpoint ${RESULTS[$label:token-endpoint]}"
}

measure_ceiling() {
    [[ -f $CEILING_DLL ]] || return 0
    local port pid
    port=$(free_port)
    ASPNETCORE_URLS=http://127.0.0.1:$port dotnet "$CEILING_DLL" >"$WORK/ceiling.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    wait_for "http://127.0.0.1:$port/" "kestrel-ceiling"
    record "kestrel" "$(rps "bare Kestrel" "$CONNECTIONS" "http://127.0.0.1:$port/")"
    stop "$pid"
}

WORK=$(mktemp -d /tmp/floe-auth-bench.XXXXXX)
make_image
LABELS=(after)
DLLS=("$FLOE_DLL")
if [[ -n $BASE_DLL ]]; then LABELS=(before after); DLLS=("$BASE_DLL" "$FLOE_DLL"); fi
for i in "${!LABELS[@]}"; do
    log "preparing ${LABELS[$i]} (${DLLS[$i]})"
    prepare "${LABELS[$i]}" "${DLLS[$i]}"
done

for run in $(seq 1 "$RUNS"); do
    log "run $run of $RUNS"
    measure_ceiling
    for i in "${!LABELS[@]}"; do measure "${LABELS[$i]}" "${DLLS[$i]}"; done
done

echo
echo "Medians of $RUNS runs of ${DURATION}s, wrk -t$THREADS; GETs at $CONNECTIONS connections, token endpoint at $TOKEN_CONNECTIONS. Every run in brackets."
echo "bare Kestrel (555 bytes): $(median_of kestrel) req/s [${RESULTS[kestrel]:-not built}]"
printf '%-34s' "test"
for label in "${LABELS[@]}"; do printf '%-34s' "$label"; done
echo
for test in manifest-token manifest-anon blob-token blob-anon token-endpoint; do
    printf '%-34s' "$test"
    for label in "${LABELS[@]}"; do printf '%-34s' "$(median_of "$label:$test") [${RESULTS[$label:$test]% }]"; done
    echo
done
for label in "${LABELS[@]}"; do
    awk -v l="$label" -v t="$(median_of "$label:manifest-token")" -v a="$(median_of "$label:manifest-anon")" -v k="$(median_of kestrel)" \
        'BEGIN { printf "%s: manifest GET token/anonymous %.0f %%", l, 100 * t / a; if (k != "-" && k > 0) printf ", token/bare Kestrel %.0f %%", 100 * t / k; print "" }'
done
