#!/usr/bin/env bash
# Floe beside the CNCF distribution registry (Debian's docker-registry 2.8.2) on this machine:
# the same image pushed to both with curl, the same bounded load against both, then a table of
# throughput (medians, every run shown) and one of each server's CPU per operation.
#
#   bench/load/compare.sh            # about 3 minutes of measuring, plus the build
#
# Both registries run anonymously (Floe has no authentication yet), on 127.0.0.1 only, over fresh
# temporary directories that are removed on exit, whatever happens. Knobs (environment):
#   DURATION=5     seconds of each load run          RUNS=3        runs per test (median shown)
#   CONNECTIONS=32 concurrent connections            THREADS=2     load-generator threads
#   BIG_MIB=64     size of the large blobs           BIG_COUNT=4   large uploads/downloads per mode
#   LOADGEN=wrk    or hey, for the GET tests (tag PUT always uses wrk: it rotates tags in Lua)
#   SKIP_BUILD=1   reuse the Release build           KEEP=1        keep the temp dir (for logs)
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
DURATION=${DURATION:-5}
RUNS=${RUNS:-3}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
BIG_MIB=${BIG_MIB:-64}
BIG_COUNT=${BIG_COUNT:-4}
LOADGEN=${LOADGEN:-wrk}
BLOBS_ONLY=${BLOBS_ONLY:-0}

NAME=bench_db/bench_schema/bench_repo/app
OCI_MANIFEST=application/vnd.oci.image.manifest.v1+json
ACCEPT="$OCI_MANIFEST, application/vnd.docker.distribution.manifest.v2+json"
FLOE_DLL=$ROOT/src/Floe.Cli/bin/Release/net10.0/floe.dll
BENCH_DLL=$ROOT/bench/Floe.Benchmarks/bin/Release/net10.0/Floe.Benchmarks.dll

WORK=""
FLOE_PID=""
PEER_PID=""

log() { printf '%s\n' "$*" >&2; }
die() { log "compare.sh: $*"; exit 1; }

cleanup() {
    local rc=$?
    for pid in $FLOE_PID $PEER_PID; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ -n $WORK && -d $WORK ]]; then
        if [[ ${KEEP:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

install_tools() {
    local missing=()
    command -v docker-registry >/dev/null || missing+=(docker-registry)
    command -v wrk >/dev/null || missing+=(wrk)
    [[ $LOADGEN != hey ]] || command -v hey >/dev/null || missing+=(hey)
    command -v curl >/dev/null || missing+=(curl)
    if ((${#missing[@]})); then
        log "installing ${missing[*]} from Debian's packages"
        apt-get update -qq
        apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
    fi
}

build() {
    if [[ ${SKIP_BUILD:-0} == 1 && -f $FLOE_DLL && -f $BENCH_DLL ]]; then return; fi
    log "building Floe (Release)"
    dotnet build "$ROOT/src/Floe.Cli" -c Release -nologo -v q >/dev/null
    dotnet build "$ROOT/bench/Floe.Benchmarks" -c Release -nologo -v q >/dev/null
}

free_port() {
    local port
    while true; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

wait_for() { # url what
    for _ in $(seq 1 150); do
        if curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; then return 0; fi
        sleep 0.2
    done
    die "$2 did not come up at $1"
}

start_floe() {
    local port
    port=$(free_port)
    dotnet "$BENCH_DLL" seed --data-dir "$WORK/floe" --repository "${NAME%/*}" >/dev/null
    # Anonymous, like the peer (which runs without htpasswd): RequireAuthentication=false is Floe's own
    # setting for a throwaway registry on loopback. Token checks are therefore not in these figures.
    FLOE_REQUIREAUTHENTICATION=false \
        dotnet "$FLOE_DLL" serve --listen "http://127.0.0.1:$port" --data-dir "$WORK/floe" >"$WORK/floe.log" 2>&1 &
    FLOE_PID=$!
    FLOE=http://127.0.0.1:$port
    wait_for "$FLOE/healthz" "floe serve"
}

start_peer() {
    local port
    port=$(free_port)
    mkdir -p "$WORK/peer/storage"
    # Debian's stock configuration minus authentication and the access log (Floe logs no requests either).
    cat >"$WORK/peer/config.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: $WORK/peer/storage
  delete:
    enabled: false
http:
  addr: 127.0.0.1:$port
EOF
    docker-registry serve "$WORK/peer/config.yml" >"$WORK/peer.log" 2>&1 &
    PEER_PID=$!
    PEER=http://127.0.0.1:$port
    wait_for "$PEER/v2/" "docker-registry"
}

sha256_of() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }

# The upload URL of a new session, absolute (Floe answers with a path, the peer with a URL).
start_upload() { # base
    local location
    location=$(curl -sS --max-time 30 -o /dev/null -D - -X POST "$1/v2/$NAME/blobs/uploads/" |
        tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
    [[ -n $location ]] || die "no upload location from $1"
    [[ $location == /* ]] && location=$1$location
    echo "$location"
}

with_query() { # url key=value
    if [[ $1 == *\?* ]]; then echo "$1&$2"; else echo "$1?$2"; fi
}

expect_code() { # expected actual what
    [[ $1 == "$2" ]] || die "$3: HTTP $2, expected $1"
}

# Monolithic upload: POST, then PUT with the whole body and the digest.
upload_monolithic() { # base file digest
    local url code
    url=$(start_upload "$1")
    code=$(curl -sS --max-time 120 -o /dev/null -w '%{http_code}' -H 'Expect:' \
        -H 'Content-Type: application/octet-stream' -T "$2" "$(with_query "$url" "digest=$3")")
    expect_code 201 "$code" "monolithic upload to $1"
}

# Chunked upload: POST, one PATCH per part with Content-Range, then PUT with the digest. curl streams
# each part from its file (-T), as for the monolithic PUT; --data-binary would first read the part
# whole into the client's memory, a cost on the shared cores that is neither server's.
upload_chunked() { # base digest part...
    local base=$1 digest=$2 url code offset=0 size location
    shift 2
    url=$(start_upload "$base")
    for part in "$@"; do
        size=$(stat -c %s "$part")
        location=$(curl -sS --max-time 120 -o /dev/null -D - -X PATCH -H 'Expect:' \
            -H 'Content-Type: application/octet-stream' -H "Content-Range: $offset-$((offset + size - 1))" \
            -T "$part" "$url" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
        [[ -n $location ]] || die "chunk at $offset refused by $base"
        [[ $location == /* ]] && location=$base$location
        url=$location
        offset=$((offset + size))
    done
    code=$(curl -sS --max-time 60 -o /dev/null -w '%{http_code}' -X PUT "$(with_query "$url" "digest=$digest")")
    expect_code 201 "$code" "chunked upload completion on $base"
}

push_image() { # base
    upload_monolithic "$1" "$WORK/config.json" "$CONFIG_DIGEST"
    upload_monolithic "$1" "$WORK/layer.bin" "$SMALL_DIGEST"
    local code
    code=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' -X PUT -H "Content-Type: $OCI_MANIFEST" \
        --data-binary @"$WORK/manifest.json" "$1/v2/$NAME/manifests/latest")
    expect_code 201 "$code" "manifest PUT to $1"
    code=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' -H "Accept: $ACCEPT" "$1/v2/$NAME/manifests/latest")
    expect_code 200 "$code" "manifest GET from $1"
    code=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' "$1/v2/$NAME/blobs/$SMALL_DIGEST")
    expect_code 200 "$code" "blob GET from $1"
}

make_image() {
    head -c 1024 /dev/urandom >"$WORK/layer.bin"
    SMALL_DIGEST=$(sha256_of "$WORK/layer.bin")
    printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
        "$SMALL_DIGEST" >"$WORK/config.json"
    CONFIG_DIGEST=$(sha256_of "$WORK/config.json")
    printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":1024}]}' \
        "$OCI_MANIFEST" "$CONFIG_DIGEST" "$(stat -c %s "$WORK/config.json")" "$SMALL_DIGEST" >"$WORK/manifest.json"
}

# Distinct large blobs, so that no upload finds its content already stored (both registries skip
# the write then). Chunked ones are kept as 4 parts.
make_big_blobs() {
    mkdir -p "$WORK/big"
    head -c "$((BIG_MIB * 1024 * 1024))" /dev/urandom >"$WORK/big/base"
    for i in $(seq 1 $((2 * BIG_COUNT))); do
        { printf '%016d' "$i"; tail -c +17 "$WORK/big/base"; } >"$WORK/big/$i"
        sha256_of "$WORK/big/$i" >"$WORK/big/$i.digest"
        if ((i > BIG_COUNT)); then
            split -n 4 -d "$WORK/big/$i" "$WORK/big/$i.part-"
            rm "$WORK/big/$i"
        fi
    done
    rm "$WORK/big/base"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "NaN"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# CPU time (user + system, all threads) the process has used so far, in milliseconds.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d\n", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }

pid_of() { if [[ $1 == *floe ]]; then echo "$FLOE_PID"; else echo "$PEER_PID"; fi; }

base_of() { if [[ $1 == *floe ]]; then echo "$FLOE"; else echo "$PEER"; fi; }

# One bounded load run; prints requests/s and the server's CPU microseconds per request, and warns
# about any failed request.
load_rps() { # label pid url [wrk options...]
    local label=$1 pid=$2 url=$3 out rps total bad cpu_before cpu_after
    shift 3
    cpu_before=$(cpu_ms "$pid")
    if [[ $LOADGEN == hey && $* != *tag-put.lua* ]]; then
        local headers=()
        [[ $* == *Accept* ]] && headers=(-H "Accept: $ACCEPT")
        out=$(hey -z "${DURATION}s" -c "$CONNECTIONS" "${headers[@]}" "$url" 2>&1)
        rps=$(awk '/Requests\/sec:/ { print $2 }' <<<"$out")
        total=$(awk '/^ *\[[0-9]+\]/ { n += $2 } END { print n + 0 }' <<<"$out")
        bad=$(awk '/^ *\[[0-9]+\]/ && $1 !~ /\[2/ { n += $2 } END { print n + 0 }' <<<"$out")
    else
        out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url" 2>&1)
        rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
        total=$(awk '/requests in/ { print $1 }' <<<"$out")
        bad=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$out")
    fi
    cpu_after=$(cpu_ms "$pid")
    [[ -n $rps && ${total:-0} -gt 0 ]] || die "$label: no result from the load generator:\n$out"
    ((bad == 0)) || log "WARNING $label: $bad failed requests (non-2xx or socket errors)"
    echo "$rps $(awk -v c=$((cpu_after - cpu_before)) -v n="$total" 'BEGIN { printf "%.1f", c * 1000 / n }')"
}

declare -A RESULTS

record() { RESULTS["$1"]+="$2 "; }

run_rps_tests() { # who
    local who=$1 base pid out rps cpu
    base=$(base_of "$who")
    pid=$(pid_of "$who")
    out=$(load_rps "$who manifest GET" "$pid" "$base/v2/$NAME/manifests/latest" -H "Accept: $ACCEPT")
    read -r rps cpu <<<"$out"
    record "$who:manifest" "$rps"; record "$who:manifest-cpu" "$cpu"
    out=$(load_rps "$who blob GET" "$pid" "$base/v2/$NAME/blobs/$SMALL_DIGEST")
    read -r rps cpu <<<"$out"
    record "$who:blob" "$rps"; record "$who:blob-cpu" "$cpu"
    out=$(load_rps "$who tag PUT" "$pid" "$base" -s "$ROOT/bench/load/tag-put.lua")
    read -r rps cpu <<<"$out"
    record "$who:tagput" "$rps"; record "$who:tagput-cpu" "$cpu"
    log "  $who req/s so far: manifest GET ${RESULTS[$who:manifest]}| blob GET ${RESULTS[$who:blob]}| tag PUT ${RESULTS[$who:tagput]}"
}

now_ns() { date +%s%N; }

mib_per_s() { # bytes start_ns end_ns
    awk -v b="$1" -v s="$2" -v e="$3" 'BEGIN { printf "%.1f", b / 1048576 / ((e - s) / 1e9) }'
}

# Runs a large-blob transfer against one server; records MiB/s and the server's CPU ms for it.
timed() { # who key command...
    local who=$1 key=$2 pid start end cpu_before
    shift 2
    pid=$(pid_of "$who")
    cpu_before=$(cpu_ms "$pid")
    start=$(now_ns)
    "$@"
    end=$(now_ns)
    record "$who:$key" "$(mib_per_s $((BIG_MIB * 1024 * 1024)) "$start" "$end")"
    record "$who:$key-cpu" "$(($(cpu_ms "$pid") - cpu_before))"
}

download() { # base digest
    local code
    code=$(curl -sS --max-time 120 -o /dev/null -w '%{http_code}' "$1/v2/$NAME/blobs/$2")
    expect_code 200 "$code" "large blob GET from $1"
}

run_big_blobs() {
    local who base chunked
    for i in $(seq 1 "$BIG_COUNT"); do
        chunked=$((i + BIG_COUNT))
        for who in floe peer; do
            base=$(base_of "$who")
            timed "$who" upload upload_monolithic "$base" "$WORK/big/$i" "$(cat "$WORK/big/$i.digest")"
            timed "$who" chunked upload_chunked "$base" "$(cat "$WORK/big/$chunked.digest")" "$WORK/big/$chunked.part-"*
        done
    done
    for _ in $(seq 1 "$BIG_COUNT"); do
        for who in floe peer; do
            timed "$who" download download "$(base_of "$who")" "$(cat "$WORK/big/1.digest")"
        done
    done
}

median_of() { tr ' ' '\n' <<<"${RESULTS[$1]}" | grep -v '^$' | median; }

row() { # label key unit target
    local floe peer ratio
    floe=$(median_of "floe:$2")
    peer=$(median_of "peer:$2")
    ratio=$(awk -v f="$floe" -v p="$peer" 'BEGIN { printf "%.2f", f / p }')
    printf '| %-28s | %-5s | %8.0f | %8.0f | %6s× | %s | %s / %s |\n' "$1" "$3" "$floe" "$peer" "$ratio" "$4" \
        "${RESULTS[floe:$2]% }" "${RESULTS[peer:$2]% }"
}

cpu_row() { # label key unit
    local floe peer
    floe=$(median_of "floe:$2-cpu")
    peer=$(median_of "peer:$2-cpu")
    printf '| %-28s | %-10s | %8.1f | %8.1f | %6.2f× |\n' "$1" "$3" "$floe" "$peer" "$(awk -v f="$floe" -v p="$peer" 'BEGIN { print p / f }')"
}

main() {
    install_tools
    build
    LOAD_AT_START=$(cut -d' ' -f1 /proc/loadavg)
    WORK=$(mktemp -d /tmp/floe-compare.XXXXXX)
    log "working in $WORK"
    start_floe
    start_peer
    log "floe at $FLOE, docker-registry $(docker-registry --version | awk '{ print $3 }') at $PEER"
    make_image
    # Read by tag-put.lua inside wrk.
    export BENCH_MANIFEST_FILE=$WORK/manifest.json BENCH_MANIFEST_PATH=/v2/$NAME/manifests/ BENCH_CONTENT_TYPE=$OCI_MANIFEST
    push_image "$FLOE"
    push_image "$PEER"
    log "making $((2 * BIG_COUNT)) distinct ${BIG_MIB} MiB blobs"
    make_big_blobs

    if [[ $BLOBS_ONLY != 1 ]]; then
        log "warming up both servers"
        local keep_duration=$DURATION keep_loadgen=$LOADGEN
        DURATION=2
        LOADGEN=wrk
        run_rps_tests warm-floe >/dev/null
        run_rps_tests warm-peer >/dev/null
        DURATION=$keep_duration
        LOADGEN=$keep_loadgen

        for run in $(seq 1 "$RUNS"); do
            log "load run $run of $RUNS (${DURATION}s per test, $CONNECTIONS connections, $LOADGEN)"
            run_rps_tests floe
            run_rps_tests peer
        done
    fi
    log "large blobs: $BIG_COUNT monolithic and $BIG_COUNT chunked uploads, $BIG_COUNT downloads, each registry"
    run_big_blobs

    echo
    echo "Floe vs docker-registry $(docker-registry --version | awk '{ print $3 }'), anonymous, loopback, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "Medians of $RUNS runs of ${DURATION}s at $CONNECTIONS connections ($LOADGEN); large blobs ${BIG_MIB} MiB, one at a time, median of $BIG_COUNT."
    echo
    echo "Load average (1 min) at start and end: $LOAD_AT_START / $(cut -d' ' -f1 /proc/loadavg)."
    echo
    echo "| Test                         | Unit  |     Floe |     Peer |   Ratio | Target | Runs (Floe / peer) |"
    echo "|------------------------------|-------|---------:|---------:|--------:|--------|--------------------|"
    if [[ $BLOBS_ONLY != 1 ]]; then
        row "manifest GET by tag" manifest "req/s" "≥ 20×"
        row "small blob GET (1 KiB)" blob "req/s" "≥ 20×"
        row "tag PUT (rotating tags)" tagput "req/s" "≥ 5×"
    fi
    row "monolithic upload (POST+PUT)" upload "MiB/s" "≥ 3×"
    row "chunked upload (4 PATCH)" chunked "MiB/s" "≥ 3×"
    row "blob download" download "MiB/s" "≥ 1×"
    echo
    echo "Server CPU (user + system) per operation, medians; less is better, the last column is peer / Floe:"
    echo
    echo "| Operation                    | Unit       |     Floe |     Peer | Peer/Floe |"
    echo "|------------------------------|------------|---------:|---------:|----------:|"
    if [[ $BLOBS_ONLY != 1 ]]; then
        cpu_row "manifest GET by tag" manifest "µs/request"
        cpu_row "small blob GET (1 KiB)" blob "µs/request"
        cpu_row "tag PUT" tagput "µs/request"
    fi
    cpu_row "monolithic upload" upload "ms/blob"
    cpu_row "chunked upload" chunked "ms/blob"
    cpu_row "blob download" download "ms/blob"
}

main "$@"
