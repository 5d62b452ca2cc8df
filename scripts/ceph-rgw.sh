#!/usr/bin/env bash
# A throwaway single-node Ceph cluster with its S3 gateway (RADOS Gateway), for the tests of Floe's S3
# blob store against a real S3 server.
#
#   eval "$(scripts/ceph-rgw.sh up)"     creates a cluster in a new temporary directory: one monitor, one
#                                        OSD keeping its objects in memory, and radosgw, all on 127.0.0.1
#                                        on free ports, plus an S3 user; prints export lines:
#                                        FLOE_TEST_S3_ENDPOINT, FLOE_TEST_S3_ACCESS_KEY,
#                                        FLOE_TEST_S3_SECRET_KEY and FLOE_TEST_S3_DIR (to pass to "down")
#   scripts/ceph-rgw.sh down DIR         stops those daemons (by their pid files) and removes the directory
#
# Debian's ceph-mon, ceph-osd, radosgw and ceph-common are installed when missing. The cluster has no
# authentication between its daemons (nothing but loopback reaches it, and it lives as long as the run);
# S3 requests are still signed and checked with the user's keys. Settings that matter here:
#   - "ms mon client mode = crc": daemons default to "secure", which needs cephx; without it radosgw
#     waits five minutes for the monitor and gives up.
#   - "paxos propose interval = 0.1": every pool radosgw creates at its first start waits one interval;
#     the default (1 s) makes the start take ~13 s instead of ~2 s.
#   - memstore: the OSD keeps objects in RAM (4 GiB at most); radosgw frees deleted objects only in its
#     own garbage collection, so that runs every 15 s instead of after two hours.
set -euo pipefail

access_key=floetestaccess
secret_key=floetestsecret0123456789

install_ceph() {
    if command -v radosgw >/dev/null && command -v ceph-osd >/dev/null && command -v ceph-mon >/dev/null \
        && command -v ceph >/dev/null && command -v curl >/dev/null; then
        return 0
    fi
    echo "Installing Ceph (ceph-mon ceph-osd radosgw ceph-common) from Debian's packages..." >&2
    local sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
        -o DPkg::Lock::Timeout=600 ceph-mon ceph-osd radosgw ceph-common curl >/dev/null
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

fail() {
    echo "$1" >&2
    [ -f "$2" ] && tail -20 "$2" >&2
    down "$dir"
    exit 1
}

up() {
    install_ceph
    dir=$(mktemp -d /tmp/floe-ceph.XXXXXX)
    mkdir -p "$dir"/{run,log,mon.a,osd.0,rgw.a}
    local fsid mon_v2 mon_v1 rgw_port mon_addr osd_uuid osd_id
    fsid=$(cat /proc/sys/kernel/random/uuid)
    mon_v2=$(free_port); mon_v1=$(free_port); rgw_port=$(free_port)
    mon_addr="[v2:127.0.0.1:$mon_v2,v1:127.0.0.1:$mon_v1]"
    cat >"$dir/ceph.conf" <<CONF
[global]
fsid = $fsid
mon host = $mon_addr
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
client mount timeout = 30
run dir = $dir/run
pid file = $dir/run/\$name.pid
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
[mon]
mon data = $dir/mon.\$id
paxos propose interval = 0.1
mon data avail warn = 1
mon data avail crit = 0
[osd]
osd data = $dir/osd.\$id
osd objectstore = memstore
memstore device bytes = 4294967296
osd memory target = 939524096
[client.rgw.a]
rgw data = $dir/rgw.a
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw gc obj min wait = 10
rgw gc processor period = 15
CONF
    local conf=(-c "$dir/ceph.conf")

    monmaptool --create --fsid "$fsid" --addv a "$mon_addr" "$dir/monmap" >/dev/null
    ceph-mon "${conf[@]}" --mkfs -i a --monmap "$dir/monmap" >"$dir/log/mon-mkfs.log" 2>&1 || fail "ceph-mon --mkfs failed" "$dir/log/mon-mkfs.log"
    ceph-mon "${conf[@]}" -i a >>"$dir/log/mon-start.log" 2>&1 || fail "ceph-mon did not start" "$dir/log/mon.a.log"
    timeout 60 ceph "${conf[@]}" --connect-timeout 30 mon stat >/dev/null 2>&1 || fail "the monitor did not answer" "$dir/log/mon.a.log"

    osd_uuid=$(cat /proc/sys/kernel/random/uuid)
    osd_id=$(ceph "${conf[@]}" osd new "$osd_uuid" 2>/dev/null)
    ceph-osd "${conf[@]}" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" >>"$dir/log/osd-mkfs.log" 2>&1 || fail "ceph-osd --mkfs failed" "$dir/log/osd-mkfs.log"
    ceph-osd "${conf[@]}" -i "$osd_id" >>"$dir/log/osd-start.log" 2>&1 || fail "ceph-osd did not start" "$dir/log/osd.$osd_id.log"
    for _ in $(seq 120); do ceph "${conf[@]}" osd stat 2>/dev/null | grep -q ' 1 up' && break; sleep 0.25; done
    ceph "${conf[@]}" osd stat 2>/dev/null | grep -q ' 1 up' || fail "the OSD did not come up" "$dir/log/osd.$osd_id.log"

    radosgw "${conf[@]}" -n client.rgw.a >>"$dir/log/rgw-start.log" 2>&1 || fail "radosgw did not start" "$dir/log/client.rgw.a.log"
    for _ in $(seq 240); do curl -sf -o /dev/null "http://127.0.0.1:$rgw_port/" && break; sleep 0.25; done
    curl -sf -o /dev/null "http://127.0.0.1:$rgw_port/" || fail "radosgw did not answer" "$dir/log/client.rgw.a.log"
    radosgw-admin "${conf[@]}" user create --uid=floe-tests --display-name="Floe tests" \
        --access-key="$access_key" --secret-key="$secret_key" >/dev/null 2>&1 || fail "could not create the S3 user" "$dir/log/client.rgw.a.log"

    echo "export FLOE_TEST_S3_ENDPOINT='http://127.0.0.1:$rgw_port'"
    echo "export FLOE_TEST_S3_ACCESS_KEY='$access_key'"
    echo "export FLOE_TEST_S3_SECRET_KEY='$secret_key'"
    echo "export FLOE_TEST_S3_DIR='$dir'"
}

down() {
    local dir=${1:-${FLOE_TEST_S3_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    case "$dir" in /tmp/floe-ceph.*) ;; *) echo "refusing to remove $dir" >&2; exit 1 ;; esac
    local pidfile pid
    for pidfile in "$dir"/run/*.pid; do
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        kill "$pid" 2>/dev/null || continue
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    rm -rf "$dir"
}

case "${1:-}" in
    up) up ;;
    down) down "${2:-}" ;;
    *) echo "usage: $0 up | down DIR" >&2; exit 2 ;;
esac
