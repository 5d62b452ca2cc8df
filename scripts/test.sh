#!/usr/bin/env bash
# Runs every Floe test on a fresh machine: installs what the tests need from Debian's packages
# when it is missing (skopeo, umoci, the docker engine, podman, buildah and nginx for the real-client
# tests), builds once, runs each test project, and ends with one line:
# "N passed, N failed[, N skipped]". PostgreSQL, Ceph's S3 gateway and Azurite run for the whole
# run (scripts/postgres.sh, scripts/ceph-rgw.sh, scripts/azurite.sh) and are stopped at the end.
set -uo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
configuration=${CONFIGURATION:-Release}
results=$(mktemp -d /tmp/floe-test-results.XXXXXX)
trap 'rm -rf "$results"' EXIT

# Binary → Debian package. A docker CLI alone is not enough: the tests start their own dockerd
# (docker.io brings dockerd, containerd, runc and a docker CLI).
need_packages=()
for pair in skopeo:skopeo umoci:umoci dockerd:docker.io podman:podman buildah:buildah; do
    binary=${pair%%:*}
    command -v "$binary" >/dev/null 2>&1 || [ -x "/usr/sbin/$binary" ] || need_packages+=("${pair#*:}")
done
# nginx (Debian's) is the load balancer of the three-node deployment test (deploy/three-nodes/run.sh
# starts its own in the foreground, with its own prefix and port; the system service is never used).
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_packages+=(nginx)
# afl-fuzz (Debian's afl++) drives the fuzz targets of tests/Floe.Fuzz.Tests (docs/testing.md).
command -v afl-fuzz >/dev/null 2>&1 || need_packages+=(afl++)
# The object stores of the blob-store tests: Ceph (its S3 gateway) and npm, for Azurite.
for pair in ceph-mon:ceph-mon ceph-osd:ceph-osd radosgw:radosgw ceph:ceph-common npm:npm curl:curl; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || need_packages+=("${pair#*:}")
done
if [ ${#need_packages[@]} -gt 0 ]; then
    echo "Installing ${need_packages[*]} from Debian's packages..."
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null
    # No recommends: podman's and docker's pull in a desktop's worth of helpers the tests never use.
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
        -o DPkg::Lock::Timeout=600 "${need_packages[@]}" >/dev/null \
        || { echo "could not install ${need_packages[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi
# Debian's Chromium and chromedriver, driven by Selenium in the browser tests (the web console,
# the CLI's externalbrowser sign-in through the identity provider's page).
"$root/scripts/chromium.sh" ensure || { echo "could not install chromium"; echo "0 passed, 1 failed"; exit 1; }

# Both object stores start while the solution builds (Azurite's first start installs it from npm);
# the tests wait for them after the build. FLOE_TEST_S3_* and FLOE_TEST_AZURE carry their endpoints.
"$root/scripts/ceph-rgw.sh" up >"$results/s3.env" 2>"$results/s3.log" &
s3_job=$!
"$root/scripts/azurite.sh" up >"$results/azure.env" 2>"$results/azure.log" &
azure_job=$!
stop_object_stores() {
    wait "$s3_job" "$azure_job" 2>/dev/null
    local dir
    dir=$(sed -n "s/^export FLOE_TEST_S3_DIR='\(.*\)'$/\1/p" "$results/s3.env" 2>/dev/null)
    [ -z "$dir" ] || "$root/scripts/ceph-rgw.sh" down "$dir"
    dir=$(sed -n "s/^export FLOE_TEST_AZURE_DIR='\(.*\)'$/\1/p" "$results/azure.env" 2>/dev/null)
    [ -z "$dir" ] || "$root/scripts/azurite.sh" down "$dir"
}
trap 'stop_object_stores; rm -rf "$results"' EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! dotnet build Floe.slnx -c "$configuration" -nologo -v quiet -clp:ErrorsOnly; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

# One throwaway PostgreSQL cluster (127.0.0.1 only) for the whole run: the metadata contract suites
# run against it as well as SQLite. FLOE_TEST_POSTGRES carries its connection string to the tests.
if ! postgres_exports=$("$root/scripts/postgres.sh" up); then
    echo "could not start PostgreSQL"
    echo "0 passed, 1 failed"
    exit 1
fi
eval "$postgres_exports"
trap 'stop_object_stores; rm -rf "$results"; "$root/scripts/postgres.sh" down "$FLOE_TEST_POSTGRES_DIR"' EXIT

if ! wait "$s3_job"; then
    cat "$results/s3.log"
    echo "could not start Ceph's S3 gateway"
    echo "0 passed, 1 failed"
    exit 1
fi
eval "$(cat "$results/s3.env")"
if ! wait "$azure_job"; then
    cat "$results/azure.log"
    echo "could not start Azurite"
    echo "0 passed, 1 failed"
    exit 1
fi
eval "$(cat "$results/azure.env")"

# A real OpenID provider (127.0.0.1 only) for the sign-in through an identity provider:
# FLOE_TEST_OIDC_ISSUER carries its URL to the tests (scripts/oidc.sh).
if ! oidc_exports=$("$root/scripts/oidc.sh" up); then
    echo "could not start the OpenID provider"
    echo "0 passed, 1 failed"
    exit 1
fi
eval "$oidc_exports"
trap 'stop_object_stores; rm -rf "$results"; "$root/scripts/postgres.sh" down "$FLOE_TEST_POSTGRES_DIR"; "$root/scripts/oidc.sh" down "$FLOE_TEST_OIDC_DIR"' EXIT

status=0
passed=0; failed=0; skipped=0

# Runs one test project and adds its counts to the totals. $1: project, $2: label, $3: the name of
# its result files (distinct for each pass), then any further `dotnet test` arguments (a filter).
run_project() {
    local project=$1 label=$2 name=$3
    shift 3
    local log="$results/$name.log"
    echo "== $label"
    dotnet test "$project" -c "$configuration" --no-build -nologo --logger "trx;LogFileName=$name.trx" \
        --results-directory "$results" "$@" 2>&1 | tee "$log" | grep -E '^(Passed!|Failed!|  Failed |Skipped!)|error' || true
    local trx="$results/$name.trx"
    if [ ! -f "$trx" ]; then
        echo "   $label produced no results (crashed?)"
        failed=$((failed + 1)); status=1
        return
    fi
    local counters p f e t e2 s
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
    f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
    e=$(sed -E 's/.* error="([0-9]+)".*/\1/' <<<"$counters")
    t=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")
    e2=$(sed -E 's/.* executed="([0-9]+)".*/\1/' <<<"$counters")
    s=$((t - e2))
    passed=$((passed + p)); failed=$((failed + f + e)); skipped=$((skipped + s))
    [ $((f + e)) -eq 0 ] || status=1
}

for project in tests/*/*.csproj; do
    run_project "$project" "$(basename "$project" .csproj)" "$(basename "$project" .csproj)"
done

# The same server suites again with every test server's metadata in a PostgreSQL database of its own
# (FLOE_TEST_METADATASTORE; docs/testing.md). Tests of SQLite or the local disk themselves carry the
# trait MetadataStore=sqlite-only and stay out.
export FLOE_TEST_METADATASTORE=postgres
for name in Floe.Server.Tests Floe.Cli.Tests; do
    run_project "tests/$name/$name.csproj" "$name (postgres)" "$name.postgres" --filter "MetadataStore!=sqlite-only"
done
# The SQL engine's tests over the store (Execution); the lexer's and parser's never touch one.
run_project tests/Floe.Sql.Tests/Floe.Sql.Tests.csproj "Floe.Sql.Tests (postgres)" Floe.Sql.Tests.postgres \
    --filter "MetadataStore!=sqlite-only&FullyQualifiedName~.Execution."
# Tests that give their servers a PostgreSQL database of their own in every pass (MetadataStore=own-postgres:
# the three-node deployment) ran on PostgreSQL in the first pass already; tests of the object stores
# (MetadataStore=blob-store) check what the metadata store does not touch, and run once.
run_project tests/Floe.Clients.Tests/Floe.Clients.Tests.csproj "Floe.Clients.Tests (postgres)" Floe.Clients.Tests.postgres \
    --filter "MetadataStore!=sqlite-only&MetadataStore!=own-postgres&MetadataStore!=blob-store"
unset FLOE_TEST_METADATASTORE

summary="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || summary="$summary, $skipped skipped"
[ "$failed" -eq 0 ] || status=1
echo "$summary"
exit $status
