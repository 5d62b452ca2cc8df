#!/usr/bin/env bash
# Runs every Floe test on a fresh machine: installs what the tests need from Debian's packages
# when it is missing (skopeo, umoci, the docker engine, podman and buildah for the real-client
# tests), builds once, runs each test project, and ends with one line:
# "N passed, N failed[, N skipped]".
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
# afl-fuzz (Debian's afl++) drives the fuzz targets of tests/Floe.Fuzz.Tests (docs/testing.md).
command -v afl-fuzz >/dev/null 2>&1 || need_packages+=(afl++)
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
trap 'rm -rf "$results"; "$root/scripts/postgres.sh" down "$FLOE_TEST_POSTGRES_DIR"' EXIT

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
# trait MetadataStore=sqlite-only and stay out. The real-client suite runs a subset: the journeys of
# each client and the faults; the rest exercises the blob store and the process, not the metadata.
export FLOE_TEST_METADATASTORE=postgres
for name in Floe.Server.Tests Floe.Cli.Tests; do
    run_project "tests/$name/$name.csproj" "$name (postgres)" "$name.postgres" --filter "MetadataStore!=sqlite-only"
done
# The SQL engine's tests over the store (Execution); the lexer's and parser's never touch one.
run_project tests/Floe.Sql.Tests/Floe.Sql.Tests.csproj "Floe.Sql.Tests (postgres)" Floe.Sql.Tests.postgres \
    --filter "MetadataStore!=sqlite-only&FullyQualifiedName~.Execution."
run_project tests/Floe.Clients.Tests/Floe.Clients.Tests.csproj "Floe.Clients.Tests (postgres)" Floe.Clients.Tests.postgres \
    --filter "MetadataStore!=sqlite-only&(FullyQualifiedName~.Docker.DockerJourneyTests|FullyQualifiedName~.Podman.|FullyQualifiedName~.Skopeo.|FullyQualifiedName~.Faults.|FullyQualifiedName~.Cli.FloeSqlJourneyTests)"
unset FLOE_TEST_METADATASTORE

summary="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || summary="$summary, $skipped skipped"
[ "$failed" -eq 0 ] || status=1
echo "$summary"
exit $status
