#!/usr/bin/env bash
# Floe with its real token flow on, as every deployment runs: the load generator gets a registry
# token the way docker does (GET /oauth/token with Basic credentials and a scope) and presents it as
# a Bearer token on every /v2/ request. Measured on the same Floe, same image, same run:
#
#   - manifest GET by tag and 1 KiB blob GET with the token, then anonymously (RequireAuthentication
#     off: the same data directory served again), and the ratio token / anonymous;
#   - repeated registry-token requests with the same user and password (a CI farm's `docker pull`s),
#     and the same with a programmatic access token and with a session token as `0sessiontoken`;
#   - tag PUT with a push token (bench/load/tag-put.lua: the same manifest under rotating tags), one
#     client and TAG_CONNECTIONS clients — each answered 201 only once committed to disk;
#   - uploads with a push token, one at a time, UPLOAD_MIB each (distinct blobs): monolithic
#     (POST + one PUT) and chunked in 1 MiB PATCHes (one curl process, one connection, as docker's
#     client keeps it), beside the machine's ceilings measured in the same run: SHA-256 speed
#     (openssl, the library .NET uses) and O_DIRECT write + fsync speed (dd) on the data's disk;
#   - the same tag PUTs against the CNCF distribution registry (Debian's docker-registry, anonymous, as
#     bench/load/compare.sh runs it), when it is installed, for the ratio to the peer in this run;
#   - a bare Kestrel endpoint answering 555 bytes, the machine's HTTP ceiling for the same wrk settings
#     (bench/load/kestrel-ceiling), when it builds.
#
#   bench/load/auth.sh                          # the build in this checkout
#   BASE_DLL=/path/to/other/floe.dll bench/load/auth.sh   # ... and another build, A/B in one run
#
# Knobs (environment): DURATION=5 (s per load run), WARMUP=10 (s of the same load first, not counted), RUNS=3 (median shown, every run listed),
# CONNECTIONS=32, TOKEN_CONNECTIONS=8, TAG_CONNECTIONS=8, UPLOAD_MIB=64, UPLOAD_COUNT=4 (0: none), UPLOAD_WARMUP=10 (pairs of uploads first, not counted), THREADS=2, SKIP_BUILD=1, KEEP=1 (keep the temp dir).
# Everything listens on 127.0.0.1 only and lives in a temporary directory removed on exit.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-10}
RUNS=${RUNS:-3}
CONNECTIONS=${CONNECTIONS:-32}
TOKEN_CONNECTIONS=${TOKEN_CONNECTIONS:-8}
TAG_CONNECTIONS=${TAG_CONNECTIONS:-8}
UPLOAD_MIB=${UPLOAD_MIB:-64}
UPLOAD_COUNT=${UPLOAD_COUNT:-4}
UPLOAD_WARMUP=${UPLOAD_WARMUP:-10}
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

# wrk, and the peer (without it the run has no peer figures), from Debian's packages when missing.
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v docker-registry >/dev/null || missing+=(docker-registry)
if ((${#missing[@]})); then
    log "installing ${missing[*]} from Debian's packages"
    apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null ||
        command -v wrk >/dev/null || die "wrk is needed"
fi

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
    for _ in $(seq 1 300); do
        if curl -sS -o /dev/null --max-time 2 "$SERVER/healthz" 2>/dev/null; then return 0; fi
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.2
    done
    tail -n 30 "$2.log" >&2
    die "floe serve did not come up at $SERVER"
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

session_token() {
    curl -sS --max-time 60 -X POST "${HOST_HEADER[@]}" -d "grant_type=password&username=ADMIN&password=$ADMIN_PASSWORD" \
        "$SERVER/oauth/token" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# A new programmatic access token of ADMIN: the secret is the second column of the statement's row.
access_token() { # name
    local session
    session=$(session_token)
    curl -sS --max-time 60 -X POST "${HOST_HEADER[@]}" -H "Authorization: Bearer $session" -H 'Content-Type: application/json' \
        -d "{\"statement\":\"ALTER USER ADMIN ADD PROGRAMMATIC ACCESS TOKEN $1\"}" "$SERVER/api/v2/statements" |
        sed -n 's/.*"data":\[\["[^"]*","\([^"]*\)".*/\1/p'
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

# One wrk run; prints requests/s, warns about failures. The same load runs WARMUP seconds first, not
# counted, so that start-up is not in the figure: the first connections, the first password
# verification, and the JIT, which compiles a hot path again with what it profiled over its first
# seconds, on a background thread that gets little of two cores under this load: a freshly started
# Floe answers its first seconds' manifest GETs at about half its later rate and needs about 10 s to
# settle (a 1-second warm-up measured start-up, not the steady state).
rps() { # label connections url [wrk options...]
    local label=$1 connections=$2 url=$3 out bad
    shift 3
    wrk -t"$THREADS" -c"$connections" -d"${WARMUP}s" "$@" "$url" >/dev/null 2>&1 || true
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
    local label=$1 data=$WORK/$1 token basic secret hdr=()
    start_floe "$2" "$data" true
    token=$(registry_token "repository:$NAME:pull")
    [[ -n $token ]] || die "$label: no registry token"
    record "$label:manifest-token" "$(rps "$label manifest GET (token)" "$CONNECTIONS" "$SERVER/v2/$NAME/manifests/latest" "${hdr[@]}" -H "Accept: $ACCEPT" -H "Authorization: Bearer $token")"
    record "$label:blob-token" "$(rps "$label blob GET (token)" "$CONNECTIONS" "$SERVER/v2/$NAME/blobs/$SMALL_DIGEST" "${hdr[@]}" -H "Authorization: Bearer $token")"
    basic=$(printf 'ADMIN:%s' "$ADMIN_PASSWORD" | base64 -w0)
    record "$label:token-endpoint" "$(rps "$label token endpoint" "$TOKEN_CONNECTIONS" "$SERVER/oauth/token?service=127.0.0.1&scope=repository:$NAME:pull" "${hdr[@]}" -H "Authorization: Basic $basic")"
    secret=$(access_token "bench_$RANDOM$RANDOM")
    [[ -n $secret ]] || die "$label: no programmatic access token"
    basic=$(printf 'ADMIN:%s' "$secret" | base64 -w0)
    record "$label:token-pat" "$(rps "$label token endpoint (PAT)" "$TOKEN_CONNECTIONS" "$SERVER/oauth/token?service=127.0.0.1&scope=repository:$NAME:pull" -H "Authorization: Basic $basic")"
    secret=$(session_token)
    [[ -n $secret ]] || die "$label: no session token"
    basic=$(printf '0sessiontoken:%s' "$secret" | base64 -w0)
    record "$label:token-session" "$(rps "$label token endpoint (0sessiontoken)" "$TOKEN_CONNECTIONS" "$SERVER/oauth/token?service=127.0.0.1&scope=repository:$NAME:pull" -H "Authorization: Basic $basic")"
    token=$(registry_token "repository:$NAME:pull,push")
    [[ -n $token ]] || die "$label: no push token"
    record "$label:tagput-1" "$(THREADS=1 rps "$label tag PUT (token, 1 client)" 1 "$SERVER" -s "$ROOT/bench/load/tag-put.lua" -H "Authorization: Bearer $token")"
    record "$label:tagput-n" "$(rps "$label tag PUT (token, $TAG_CONNECTIONS clients)" "$TAG_CONNECTIONS" "$SERVER" -s "$ROOT/bench/load/tag-put.lua" -H "Authorization: Bearer $token")"
    stop "$SERVER_PID"
    start_floe "$2" "$data" false
    record "$label:manifest-anon" "$(rps "$label manifest GET (anonymous)" "$CONNECTIONS" "$SERVER/v2/$NAME/manifests/latest" "${hdr[@]}" -H "Accept: $ACCEPT")"
    record "$label:blob-anon" "$(rps "$label blob GET (anonymous)" "$CONNECTIONS" "$SERVER/v2/$NAME/blobs/$SMALL_DIGEST" "${hdr[@]}")"
    stop "$SERVER_PID"
    log "  $label so far: manifest token ${RESULTS[$label:manifest-token]}| anon ${RESULTS[$label:manifest-anon]}| blob token ${RESULTS[$label:blob-token]}| token endpoint ${RESULTS[$label:token-endpoint]}"
}

now_ns() { date +%s%N; }
mib_per_s() { awk -v b="$1" -v s="$2" -v e="$3" 'BEGIN { printf "%.0f\n", b / 1048576 / ((e - s) / 1e9) }'; }

# A new upload session's absolute URL, with the query separator ready for one more parameter.
upload_url() { # token
    local location
    location=$(curl -sS --max-time 30 -o /dev/null -D - -X POST -H "Authorization: Bearer $1" "$SERVER/v2/$NAME/blobs/uploads/" |
        tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
    [[ -n $location ]] || die "no upload location"
    [[ $location == /* ]] && location=$SERVER$location
    echo "$location"
}

with_digest() { if [[ $1 == *\?* ]]; then echo "$1&digest=$2"; else echo "$1?digest=$2"; fi; }

# Only the transfer is timed (TIMED_MIB_S), by curl's own clock (time_total of each request, from
# the connection to the last byte of the answer): not the POST that opens the session, not the digest
# or the curl arguments, and not curl's process start (about 30 ms on this machine, loading its TLS
# and HTTP libraries, which would be a sixth of a 64 MiB upload and is not the server's), for both
# kinds of upload alike.
upload_monolithic() { # token file
    local url digest out
    warm_input "$2"
    url=$(upload_url "$1")
    digest=$(cat "$2.digest")
    out=$(curl -sS --max-time 300 -o /dev/null -w '%{http_code} %{time_total}\n' -X PUT -H "Authorization: Bearer $1" -H 'Expect:' \
        -H 'Content-Type: application/octet-stream' -T "$2" "$(with_digest "$url" "$digest")")
    [[ ${out%% *} == 201 ]] || die "monolithic upload: HTTP ${out%% *}"
    TIMED_MIB_S=$(transfer_mib_per_s "$out")
}

# Reads what curl (or dd) is about to send into the page cache. The blobs are made at the start, and
# the kernel here pages out file pages unused for a few seconds (DAMON reclaim), so without this the
# client would read its input from the same disk the server writes to, at the same time.
warm_input() { # files...
    cat "$@" >/dev/null
}

# MiB/s of UPLOAD_MIB over the summed time_total of curl's "code seconds" lines.
transfer_mib_per_s() { # lines
    awk -v b="$((UPLOAD_MIB * 1048576))" '{ s += $2 } END { printf "%.0f\n", b / 1048576 / s }' <<<"$1"
}

# All PATCHes in one curl process (--next keeps the connection), as a registry client does; every
# part is exactly 1 MiB (the blob is a whole number of MiB).
upload_chunked() { # token file
    local url digest args=() offset=0 part out code
    warm_input "$2".part-*
    url=$(upload_url "$1")
    digest=$(cat "$2.digest")
    for part in "$2".part-*; do
        args+=(-sS --max-time 300 -o /dev/null -w '%{http_code} %{time_total}\n' -X PATCH -H "Authorization: Bearer $1" -H 'Expect:'
            -H 'Content-Type: application/octet-stream' -H "Content-Range: $offset-$((offset + 1048575))" -T "$part" "$url" --next)
        offset=$((offset + 1048576))
    done
    args+=(-sS --max-time 60 -o /dev/null -w '%{http_code} %{time_total}\n' -X PUT -H "Authorization: Bearer $1" "$(with_digest "$url" "$digest")")
    out=$(curl "${args[@]}")
    code=$(awk '{ print $1 }' <<<"$out" | sort -u | tr '\n' ' ')
    [[ $code == "201 202 " ]] || die "chunked upload: HTTP codes $code"
    TIMED_MIB_S=$(transfer_mib_per_s "$out")
}

# Distinct blobs (no upload finds its content stored already), each also kept as 1 MiB parts.
make_upload_blobs() {
    local n=$((2 * (UPLOAD_COUNT + UPLOAD_WARMUP) * RUNS * ${#LABELS[@]}))
    mkdir -p "$WORK/up"
    head -c "$((UPLOAD_MIB * 1048576))" /dev/urandom >"$WORK/up/base"
    for i in $(seq 1 "$n"); do
        { printf '%016d' "$i"; tail -c +17 "$WORK/up/base"; } >"$WORK/up/$i"
        sha256_of "$WORK/up/$i" >"$WORK/up/$i.digest"
        split -b 1M -d -a 4 "$WORK/up/$i" "$WORK/up/$i.part-"
    done
    NEXT_BLOB=0
}

measure_uploads() { # label dll
    local label=$1 token
    ((UPLOAD_COUNT > 0)) || return 0
    start_floe "$2" "$WORK/$label" true
    # UPLOAD_WARMUP pairs of uploads first, not counted, as the GET tests' warm-up keeps start-up out
    # of theirs: a fresh process runs an upload's code cold (first pooled buffers, and the JIT still
    # recompiling the hot methods of the chunk path on this 2-core machine for a dozen uploads or so,
    # which costs a chunked upload about twice the server CPU of a warm one).
    token=$(registry_token "repository:$NAME:pull,push")
    for _ in $(seq 1 "$UPLOAD_WARMUP"); do
        NEXT_BLOB=$((NEXT_BLOB + 1))
        upload_monolithic "$token" "$WORK/up/$NEXT_BLOB"
        NEXT_BLOB=$((NEXT_BLOB + 1))
        upload_chunked "$token" "$WORK/up/$NEXT_BLOB"
    done
    local writes=()
    for _ in $(seq 1 "$UPLOAD_COUNT"); do
        writes+=("$(measure_direct_write)")
        token=$(registry_token "repository:$NAME:pull,push")
        NEXT_BLOB=$((NEXT_BLOB + 1))
        upload_monolithic "$token" "$WORK/up/$NEXT_BLOB"
        record "$label:upload" "$TIMED_MIB_S"
        NEXT_BLOB=$((NEXT_BLOB + 1))
        upload_chunked "$token" "$WORK/up/$NEXT_BLOB"
        record "$label:chunked" "$TIMED_MIB_S"
    done
    stop "$SERVER_PID"
    [[ $label != after ]] || record "direct-write" "$(printf '%s\n' "${writes[@]}" | median)"
}

# The machine's own limits for an upload, in the same run: hashing and writing to disk durably.
measure_disk_and_hash() {
    ((UPLOAD_COUNT > 0)) || return 0
    cat "$WORK/up/base" >/dev/null
    # Hashing alone, in 1 MiB blocks from memory: no process start or file read in the figure.
    record "sha256" "$(openssl speed -evp sha256 -bytes 1048576 -seconds 2 2>/dev/null |
        awk '$1 == "sha256" { sub(/k$/, "", $2); printf "%.0f\n", $2 * 1000 / 1048576 }')"
}

# One O_DIRECT write + fsync of UPLOAD_MIB with dd, the disk's ceiling for an upload. The disk's
# speed swings from one write to the next on a virtual machine (one 64 MiB write alone read anywhere
# from 420 to 590 MiB/s), and a write slows the next one while the host flushes it, so one is taken
# before each pair of uploads, in the same conditions, and the run's figure is their median.
measure_direct_write() {
    local start end
    warm_input "$WORK/up/base"
    start=$(now_ns); dd if="$WORK/up/base" of="$WORK/dd.out" bs=1M oflag=direct conv=fsync status=none; end=$(now_ns)
    rm -f "$WORK/dd.out"
    mib_per_s "$((UPLOAD_MIB * 1048576))" "$start" "$end"
}

# The peer registry, anonymous, with the same image, kept running through the runs; sets PEER. A
# second one over the same storage requires htpasswd (bcrypt) basic authentication, for reference:
# what the peer's own authentication costs it (PEER_HTPASSWD).
start_peer() {
    command -v docker-registry >/dev/null || { log "docker-registry not installed: no peer figures"; return 0; }
    local keep_server=${SERVER:-}
    mkdir -p "$WORK/peer/storage"
    run_peer anonymous ""
    PEER=$PEER_URL
    SERVER=$PEER
    push_image none
    SERVER=$keep_server
    PEER_PASSWORD="peer-$RANDOM-$RANDOM"
    python3 -c 'import crypt, sys; print("bench:" + crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1 << 10)))' \
        "$PEER_PASSWORD" >"$WORK/peer/htpasswd" 2>/dev/null || {
        command -v htpasswd >/dev/null || { apt-get update -qq && apt-get install -y -qq apache2-utils >/dev/null; }
        htpasswd -Bbn -C 10 bench "$PEER_PASSWORD" >"$WORK/peer/htpasswd"
    }
    run_peer htpasswd "auth:
  htpasswd:
    realm: bench
    path: $WORK/peer/htpasswd"
    PEER_HTPASSWD=$PEER_URL
}

# Starts docker-registry over the shared storage with the given auth section; sets PEER_URL. Not
# in a command substitution: its process must join PIDS here, so the exit trap stops it.
run_peer() { # name auth-yaml
    local port
    port=$(free_port)
    printf '%s\n' "version: 0.1" "log:" "  level: error" "  accesslog:" "    disabled: true" "storage:" "  cache:" \
        "    blobdescriptor: inmemory" "  filesystem:" "    rootdirectory: $WORK/peer/storage" "  delete:" "    enabled: false" \
        "http:" "  addr: 127.0.0.1:$port" "$2" >"$WORK/peer/$1.yml"
    docker-registry serve "$WORK/peer/$1.yml" >"$WORK/peer-$1.log" 2>&1 &
    PIDS+=("$!")
    wait_for "http://127.0.0.1:$port/" "docker-registry ($1)"
    PEER_URL="http://127.0.0.1:$port"
}

measure_peer() {
    [[ -n ${PEER:-} ]] || return 0
    local basic
    basic=$(printf 'bench:%s' "$PEER_PASSWORD" | base64 -w0)
    record "peer:manifest-anon" "$(rps "peer manifest GET (anonymous)" "$CONNECTIONS" "$PEER/v2/$NAME/manifests/latest" -H "Accept: $ACCEPT")"
    record "peer:blob-anon" "$(rps "peer blob GET (anonymous)" "$CONNECTIONS" "$PEER/v2/$NAME/blobs/$SMALL_DIGEST")"
    record "peer:manifest-htpasswd" "$(rps "peer manifest GET (htpasswd)" "$CONNECTIONS" "$PEER_HTPASSWD/v2/$NAME/manifests/latest" -H "Accept: $ACCEPT" -H "Authorization: Basic $basic")"
    record "peer:blob-htpasswd" "$(rps "peer blob GET (htpasswd)" "$CONNECTIONS" "$PEER_HTPASSWD/v2/$NAME/blobs/$SMALL_DIGEST" -H "Authorization: Basic $basic")"
    record "peer:tagput-1" "$(THREADS=1 rps "peer tag PUT (1 client)" 1 "$PEER" -s "$ROOT/bench/load/tag-put.lua")"
    record "peer:tagput-n" "$(rps "peer tag PUT ($TAG_CONNECTIONS clients)" "$TAG_CONNECTIONS" "$PEER" -s "$ROOT/bench/load/tag-put.lua")"
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
# Read by tag-put.lua inside wrk.
export BENCH_MANIFEST_FILE=$WORK/manifest.json BENCH_MANIFEST_PATH=/v2/$NAME/manifests/ BENCH_CONTENT_TYPE=$OCI_MANIFEST
LABELS=(after)
DLLS=("$FLOE_DLL")
if [[ -n $BASE_DLL ]]; then LABELS=(before after); DLLS=("$BASE_DLL" "$FLOE_DLL"); fi
for i in "${!LABELS[@]}"; do
    log "preparing ${LABELS[$i]} (${DLLS[$i]})"
    prepare "${LABELS[$i]}" "${DLLS[$i]}"
done
((UPLOAD_COUNT > 0)) && { log "making upload blobs"; make_upload_blobs; }
start_peer

for run in $(seq 1 "$RUNS"); do
    log "run $run of $RUNS"
    measure_ceiling
    for i in "${!LABELS[@]}"; do measure "${LABELS[$i]}" "${DLLS[$i]}"; done
    measure_peer
    measure_disk_and_hash
    for i in "${!LABELS[@]}"; do measure_uploads "${LABELS[$i]}" "${DLLS[$i]}"; done
done

echo
echo "Medians of $RUNS runs of ${DURATION}s, wrk -t$THREADS; GETs at $CONNECTIONS connections, token endpoint at $TOKEN_CONNECTIONS, tag PUT at 1 and $TAG_CONNECTIONS. Every run in brackets."
echo "bare Kestrel (555 bytes): $(median_of kestrel) req/s [${RESULTS[kestrel]:-not built}]"
printf '%-34s' "test"
for label in "${LABELS[@]}"; do printf '%-34s' "$label"; done
echo
if [[ -n ${PEER:-} ]]; then
    echo "peer (docker-registry $(docker-registry --version | awk '{ print $3 }'), anonymous) tag PUT: 1 client $(median_of peer:tagput-1) req/s [${RESULTS[peer:tagput-1]% }], $TAG_CONNECTIONS clients $(median_of peer:tagput-n) req/s [${RESULTS[peer:tagput-n]% }]"
    for test in manifest-anon blob-anon manifest-htpasswd blob-htpasswd; do
        echo "peer $test: $(median_of "peer:$test") req/s [${RESULTS[peer:$test]% }]"
    done
fi
if ((UPLOAD_COUNT > 0)); then
    echo "uploads: ${UPLOAD_MIB} MiB each, $UPLOAD_COUNT of each kind per run, MiB/s. Ceilings of the run: SHA-256 $(median_of sha256) MiB/s [${RESULTS[sha256]% }], O_DIRECT write+fsync $(median_of direct-write) MiB/s [${RESULTS[direct-write]% }]"
fi
TESTS=(manifest-token manifest-anon blob-token blob-anon token-endpoint token-pat token-session tagput-1 tagput-n)
((UPLOAD_COUNT == 0)) || TESTS+=(upload chunked)
for test in "${TESTS[@]}"; do
    printf '%-34s' "$test"
    for label in "${LABELS[@]}"; do printf '%-34s' "$(median_of "$label:$test") [${RESULTS[$label:$test]% }]"; done
    echo
done
# The targets run by run (Floe's figures are this checkout's, "after"): each ratio within one run.
# The value of a series in one run: the run's own figure, or the median of its uploads, or the lower
# of its two ceilings.
in_run() { # series run
    case $1 in
        min-ceiling) awk -v h="$(in_run sha256 "$2")" -v d="$(in_run direct-write "$2")" 'BEGIN { print (h < d ? h : d) }' ;;
        *:upload | *:chunked) tr ' ' '\n' <<<"${RESULTS[$1]:-}" | sed '/^$/d' | sed -n "$((($2 - 1) * UPLOAD_COUNT + 1)),$(($2 * UPLOAD_COUNT))p" | median ;;
        *) tr ' ' '\n' <<<"${RESULTS[$1]:-}" | sed '/^$/d' | sed -n "${2}p" ;;
    esac
}
ratio() { awk -v a="$1" -v b="$2" -v scale="$3" 'BEGIN { if (a == "" || b == "" || b == "-" || b == 0) print "-"; else printf "%.*f%s\n", (scale == 100 ? 0 : 1), scale * a / b, (scale == 100 ? " %" : "x") }'; }
echo
echo "targets, run by run (after):"
printf '%-52s' "ratio"; for run in $(seq 1 "$RUNS"); do printf '%-10s' "run $run"; done; echo
target_row() { # label numerator-series denominator-series scale (100: per cent, 1: times)
    printf '%-52s' "$1"
    for run in $(seq 1 "$RUNS"); do printf '%-10s' "$(ratio "$(in_run "$2" "$run")" "$(in_run "$3" "$run")" "$4")"; done
    echo
}
target_row "manifest GET with token / bare Kestrel (>= 33 %)" after:manifest-token kestrel 100
target_row "1 KiB blob GET with token / bare Kestrel (>= 33 %)" after:blob-token kestrel 100
target_row "manifest GET with token / peer anonymous (>= 20x)" after:manifest-token peer:manifest-anon 1
target_row "1 KiB blob GET with token / peer anonymous (>= 20x)" after:blob-token peer:blob-anon 1
target_row "tag PUT 1 client / peer (>= 3x)" after:tagput-1 peer:tagput-1 1
target_row "tag PUT $TAG_CONNECTIONS clients / peer (>= 5x)" after:tagput-n peer:tagput-n 1
for kind in token-endpoint:password token-pat:PAT token-session:0sessiontoken; do
    printf '%-52s' "registry token, ${kind#*:}, req/s (>= 1,000)"
    for run in $(seq 1 "$RUNS"); do printf '%-10s' "$(in_run "after:${kind%%:*}" "$run")"; done
    echo
done
if ((UPLOAD_COUNT > 0)); then
    target_row "chunked / monolithic (>= 75 %)" after:chunked after:upload 100
    target_row "monolithic / min(SHA-256, O_DIRECT) (>= 75 %)" after:upload min-ceiling 100
fi
echo
for label in "${LABELS[@]}"; do
    awk -v l="$label" -v t="$(median_of "$label:manifest-token")" -v a="$(median_of "$label:manifest-anon")" -v k="$(median_of kestrel)" \
        'BEGIN { printf "%s: manifest GET token/anonymous %.0f %%", l, 100 * t / a; if (k != "-" && k > 0) printf ", token/bare Kestrel %.0f %%", 100 * t / k; print "" }'
    if [[ -n ${PEER:-} ]]; then
        awk -v l="$label" -v n="$TAG_CONNECTIONS" -v a="$(median_of "$label:tagput-1")" -v b="$(median_of "$label:tagput-n")" -v pa="$(median_of peer:tagput-1)" -v pb="$(median_of peer:tagput-n)" \
            'BEGIN { printf "%s: tag PUT with token / peer: 1 client %.1fx, %d clients %.1fx\n", l, a / pa, n, b / pb }'
    fi
    if ((UPLOAD_COUNT > 0)); then
        awk -v l="$label" -v u="$(median_of "$label:upload")" -v c="$(median_of "$label:chunked")" -v h="$(median_of sha256)" -v d="$(median_of direct-write)" \
            'BEGIN { m = h < d ? h : d; printf "%s: chunked/monolithic %.0f %%, monolithic/min(SHA-256, O_DIRECT write+fsync) %.0f %%\n", l, 100 * c / u, 100 * u / m }'
    fi
done
