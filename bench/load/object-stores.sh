#!/usr/bin/env bash
# Large-blob upload and download through the real `floe serve` on each blob backend: the filesystem,
# Ceph's S3 gateway (BlobStore=s3) and Azurite (BlobStore=azure), one server at a time, the same
# distinct random blobs, one transfer at a time, the median of COUNT of each. Prints a table in MiB/s.
# The object stores run with parts sent one at a time and several at once (BlobUploadConcurrency), and
# with BlobRedirect (downloads follow the 307 to the store); Ceph alone, without Floe, is a row too.
#
#   bench/load/object-stores.sh                 COUNT=5 MIB=64; starts Ceph and Azurite itself
#   SKIP_BUILD=1 COUNT=9 bench/load/object-stores.sh
#
# With FLOE_TEST_S3_ENDPOINT (and keys) or FLOE_TEST_AZURE set, the running services are used instead
# (scripts/ceph-rgw.sh, scripts/azurite.sh print those). Measurements, never assertions.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
COUNT=${COUNT:-5}
MIB=${MIB:-64}
NAME=bench_db/bench_schema/blob_repo/app
FLOE_DLL=$ROOT/src/Floe.Cli/bin/Release/net10.0/floe.dll
BENCH_DLL=$ROOT/bench/Floe.Benchmarks/bin/Release/net10.0/Floe.Benchmarks.dll
WORK=$(mktemp -d /tmp/floe-bench-objects.XXXXXX)
FLOE_PID=""
STARTED_S3=""
STARTED_AZURE=""

cleanup() {
    [[ -z $FLOE_PID ]] || kill "$FLOE_PID" 2>/dev/null || true
    [[ -z $STARTED_S3 ]] || "$ROOT/scripts/ceph-rgw.sh" down "$STARTED_S3"
    [[ -z $STARTED_AZURE ]] || "$ROOT/scripts/azurite.sh" down "$STARTED_AZURE"
    rm -rf "$WORK"
}
trap cleanup EXIT

die() { echo "object-stores.sh: $*" >&2; exit 1; }

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    die "no free port"
}

if [[ ${SKIP_BUILD:-0} != 1 || ! -f $FLOE_DLL || ! -f $BENCH_DLL ]]; then
    dotnet build "$ROOT/src/Floe.Cli" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
    dotnet build "$ROOT/bench/Floe.Benchmarks" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
fi

if [[ -z ${FLOE_TEST_S3_ENDPOINT:-} ]]; then
    eval "$("$ROOT/scripts/ceph-rgw.sh" up)"
    STARTED_S3=$FLOE_TEST_S3_DIR
fi
if [[ -z ${FLOE_TEST_AZURE:-} ]]; then
    eval "$("$ROOT/scripts/azurite.sh" up)"
    STARTED_AZURE=$FLOE_TEST_AZURE_DIR
fi
PREFIX="bench-$(date +%s)-$RANDOM/"
# The bucket and the container: created if missing (Floe itself never creates them).
curl -fsS -o /dev/null --aws-sigv4 "aws:amz:us-east-1:s3" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" --user "$FLOE_TEST_S3_ACCESS_KEY:$FLOE_TEST_S3_SECRET_KEY" \
    -X PUT "$FLOE_TEST_S3_ENDPOINT/floe-bench" || die "could not create the bucket"
# Create Container with a Shared Key signature (the emulator's path-style account in the resource).
python3 - "$FLOE_TEST_AZURE" <<'PY' || die "could not create the container"
import base64, hashlib, hmac, sys, urllib.request, email.utils
parts = dict(p.split("=", 1) for p in sys.argv[1].split(";") if p)
account, key, endpoint = parts["AccountName"], base64.b64decode(parts["AccountKey"]), parts["BlobEndpoint"].rstrip("/")
date, version = email.utils.formatdate(usegmt=True), "2021-08-06"
path = endpoint.split("/", 3)[3] + "/floe-bench"
to_sign = "PUT\n\n\n\n\n\n\n\n\n\n\n\n" + f"x-ms-date:{date}\nx-ms-version:{version}\n" + f"/{account}/{path}\nrestype:container"
signature = base64.b64encode(hmac.new(key, to_sign.encode(), hashlib.sha256).digest()).decode()
request = urllib.request.Request(endpoint + "/floe-bench?restype=container", method="PUT",
    headers={"x-ms-date": date, "x-ms-version": version, "Content-Length": "0", "Authorization": f"SharedKey {account}:{signature}"})
try:
    urllib.request.urlopen(request)
except urllib.error.HTTPError as error:
    if error.code != 409:
        raise
PY

mkdir -p "$WORK/blobs"
for i in $(seq 1 "$COUNT"); do head -c "$((MIB << 20))" /dev/urandom >"$WORK/blobs/$i"; done

now_ns() { date +%s%N; }
mib_per_s() { awk -v b="$((MIB << 20))" -v s="$1" -v e="$2" 'BEGIN { printf "%.0f", b / 1048576 / ((e - s) / 1e9) }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

start_floe() { # store, then FLOE_ settings
    local store=$1 port data=$WORK/data-$1
    shift
    rm -rf "$data"
    dotnet "$BENCH_DLL" seed --data-dir "$data" --repository "${NAME%/*}" >/dev/null
    port=$(free_port)
    env FLOE_REQUIREAUTHENTICATION=false "$@" dotnet "$FLOE_DLL" serve --listen "http://127.0.0.1:$port" --data-dir "$data" \
        >"$WORK/floe-$store.log" 2>&1 &
    FLOE_PID=$!
    BASE=http://127.0.0.1:$port
    for _ in $(seq 1 150); do curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" 2>/dev/null && return; sleep 0.2; done
    cat "$WORK/floe-$store.log" >&2
    die "floe serve ($store) did not come up"
}

measure() { # row label; DOWNLOAD_FLAGS (e.g. -L to follow a BlobRedirect) applies to the download
    local i location digest start mid end code up=() commit=() down=()
    for i in $(seq 1 "$COUNT"); do
        digest="sha256:$(sha256sum "$WORK/blobs/$i" | cut -d' ' -f1)"
        location=$(curl -sS -o /dev/null -D - -X POST "$BASE/v2/$NAME/blobs/uploads/" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
        # The body in one PATCH (the node streams it into the store), then the PUT that commits it.
        start=$(now_ns)
        location=$(curl -sS -o /dev/null -D - -X PATCH -H 'Expect:' -H 'Content-Type: application/octet-stream' \
            -T "$WORK/blobs/$i" "$BASE$location" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
        [[ -n $location ]] || die "$1: PATCH gave no Location"
        mid=$(now_ns)
        code=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT "$BASE$location?digest=$digest")
        end=$(now_ns)
        [[ $code == 201 ]] || die "$1: commit answered $code"
        up+=("$(mib_per_s "$start" "$end")")
        commit+=("$(( (end - mid) / 1000000 ))")
        start=$(now_ns)
        code=$(curl -sS -o /dev/null -w '%{http_code}' ${DOWNLOAD_FLAGS:-} "$BASE/v2/$NAME/blobs/$digest")
        end=$(now_ns)
        [[ $code == 200 ]] || die "$1: download answered $code"
        down+=("$(mib_per_s "$start" "$end")")
    done
    printf '| %s | %s | %s | %s |\n' "$1" "$(printf '%s\n' "${up[@]}" | median)" "$(printf '%s\n' "${commit[@]}" | median)" "$(printf '%s\n' "${down[@]}" | median)"
    kill "$FLOE_PID"; wait "$FLOE_PID" 2>/dev/null || true; FLOE_PID=""
}

# The store alone, without Floe: one PutObject and one GetObject of the same blobs with curl (unsigned
# payload), so the rows through Floe can be read against what the gateway takes on this machine.
measure_s3_direct() {
    local i start end code up=() down=() url
    for i in $(seq 1 "$COUNT"); do
        url="$FLOE_TEST_S3_ENDPOINT/floe-bench/${PREFIX}direct/$i"
        start=$(now_ns)
        code=$(curl -sS -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:s3" --user "$FLOE_TEST_S3_ACCESS_KEY:$FLOE_TEST_S3_SECRET_KEY" \
            -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -T "$WORK/blobs/$i" "$url")
        end=$(now_ns)
        [[ $code == 200 ]] || die "s3 direct: PUT answered $code"
        up+=("$(mib_per_s "$start" "$end")")
        start=$(now_ns)
        code=$(curl -sS -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:s3" --user "$FLOE_TEST_S3_ACCESS_KEY:$FLOE_TEST_S3_SECRET_KEY" \
            -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "$url")
        end=$(now_ns)
        [[ $code == 200 ]] || die "s3 direct: GET answered $code"
        down+=("$(mib_per_s "$start" "$end")")
    done
    printf '| %s | %s | – | %s |\n' "Ceph RGW alone (curl PutObject / GetObject)" "$(printf '%s\n' "${up[@]}" | median)" "$(printf '%s\n' "${down[@]}" | median)"
}

S3_SETTINGS=(FLOE_BLOBSTORE=s3 "FLOE_S3ENDPOINT=$FLOE_TEST_S3_ENDPOINT" FLOE_S3BUCKET=floe-bench "FLOE_S3PREFIX=$PREFIX"
    "FLOE_S3ACCESSKEY=$FLOE_TEST_S3_ACCESS_KEY" "FLOE_S3SECRETKEY=$FLOE_TEST_S3_SECRET_KEY")
AZURE_SETTINGS=(FLOE_BLOBSTORE=azure "FLOE_AZURECONNECTIONSTRING=$FLOE_TEST_AZURE" FLOE_AZURECONTAINER=floe-bench "FLOE_AZUREPREFIX=$PREFIX")

echo "| blob store | upload, MiB/s | of which the commit, ms | download, MiB/s |"
echo "|---|---:|---:|---:|"
start_floe filesystem FLOE_BLOBSTORE=filesystem
measure filesystem
measure_s3_direct
start_floe s3 "${S3_SETTINGS[@]}" FLOE_BLOBUPLOADCONCURRENCY=1
measure "s3 (Ceph RGW), one part at a time (BlobUploadConcurrency=1)"
start_floe s3 "${S3_SETTINGS[@]}"
measure "s3 (Ceph RGW), default (4 parts at once)"
start_floe s3 "${S3_SETTINGS[@]}" FLOE_BLOBREDIRECT=true
DOWNLOAD_FLAGS=-L measure "s3 (Ceph RGW), BlobRedirect=true"
start_floe azure "${AZURE_SETTINGS[@]}" FLOE_BLOBUPLOADCONCURRENCY=1
measure "azure (Azurite), one block at a time (BlobUploadConcurrency=1)"
start_floe azure "${AZURE_SETTINGS[@]}"
measure "azure (Azurite), default (4 blocks at once)"
start_floe azure "${AZURE_SETTINGS[@]}" FLOE_BLOBREDIRECT=true
DOWNLOAD_FLAGS=-L measure "azure (Azurite), BlobRedirect=true"
echo "Medians of $COUNT transfers of distinct ${MIB} MiB blobs, one at a time; upload: POST, one PATCH with the body, PUT with the digest;"
echo "with BlobRedirect the download is the node's 307 followed by curl to the store. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
