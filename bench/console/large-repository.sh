#!/usr/bin/env bash
# How long the web console takes to open a repository with many tags: starts the real `floe serve`
# (this checkout's Release build) on 127.0.0.1 with a temporary data directory, pushes one image and
# tags it TAGS times over the registry API, signs in to the console, and times GET of the repository
# page (first page, newest first) and of its last page, RUNS times each. Prints every time and the median.
#
#   bench/console/large-repository.sh            # TAGS=10000 RUNS=5
#   TAGS=1000 RUNS=3 bench/console/large-repository.sh
set -euo pipefail

cd "$(dirname "$0")/../.."
FLOE_DLL=${FLOE_DLL:-$PWD/src/Floe.Cli/bin/Release/net10.0/floe.dll}
[ -f "$FLOE_DLL" ] || dotnet build src/Floe.Cli -c Release -nologo -v q -clp:ErrorsOnly
WORK=$(mktemp -d /tmp/floe-console-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PASSWORD="bench-$RANDOM-$RANDOM"
FLOE_ADMIN_PASSWORD=$PASSWORD dotnet "$FLOE_DLL" serve --listen "http://127.0.0.1:$PORT" --data-dir "$WORK/data" >"$WORK/floe.log" 2>&1 &
FLOE_PID=$!
trap 'kill $FLOE_PID 2>/dev/null; wait $FLOE_PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done

PORT=$PORT PASSWORD=$PASSWORD TAGS=${TAGS:-10000} RUNS=${RUNS:-5} python3 - <<'PY'
import base64, hashlib, http.client, json, os, re, statistics, time, urllib.parse

port, password = int(os.environ["PORT"]), os.environ["PASSWORD"]
tags, runs = int(os.environ["TAGS"]), int(os.environ["RUNS"])
conn = http.client.HTTPConnection("127.0.0.1", port)

def request(method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response, response.read()

_, login = request("POST", "/oauth/token", urllib.parse.urlencode({"grant_type": "password", "username": "ADMIN", "password": password}),
                   {"Content-Type": "application/x-www-form-urlencoded"})
session = json.loads(login)["token"]
request("POST", "/api/v2/statements", json.dumps({"statement": "CREATE DATABASE bench; CREATE SCHEMA bench.s; CREATE IMAGE REPOSITORY bench.s.r"}),
        {"Authorization": "Bearer " + session, "Content-Type": "application/json"})
basic = base64.b64encode(f"ADMIN:{password}".encode()).decode()
_, token = request("GET", f"/oauth/token?service=127.0.0.1:{port}&scope=repository:bench/s/r/app:pull,push", headers={"Authorization": "Basic " + basic})
auth = {"Authorization": "Bearer " + json.loads(token)["token"]}

def blob(data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    response, body = request("POST", f"/v2/bench/s/r/app/blobs/uploads/?digest={digest}", data, dict(auth, **{"Content-Type": "application/octet-stream"}))
    assert response.status == 201, body
    return {"mediaType": "", "digest": digest, "size": len(data)}

layer = blob(os.urandom(4096)); layer["mediaType"] = "application/vnd.oci.image.layer.v1.tar"
config = blob(json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}).encode())
config["mediaType"] = "application/vnd.oci.image.config.v1+json"
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": config, "layers": [layer]}).encode()
started = time.monotonic()
for i in range(tags):
    response, body = request("PUT", f"/v2/bench/s/r/app/manifests/t{i:05d}", manifest, dict(auth, **{"Content-Type": "application/vnd.oci.image.manifest.v1+json"}))
    assert response.status == 201, body
print(f"pushed {tags} tags in {time.monotonic() - started:.1f} s")

_, page = request("GET", "/console/signin")
cookies = {}
def keep(response):
    for header in response.msg.get_all("Set-Cookie") or []:
        name, value = header.split(";", 1)[0].split("=", 1)
        cookies[name] = value
conn.request("GET", "/console/signin"); response = conn.getresponse(); page = response.read().decode(); keep(response)
csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
def cookie_header():
    return "; ".join(f"{k}={v}" for k, v in cookies.items())
conn.request("POST", "/console/signin", urllib.parse.urlencode({"csrf": csrf, "user": "ADMIN", "password": password}),
             {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header()})
response = conn.getresponse(); response.read(); keep(response)
assert response.status == 302, response.status

def measure(path):
    times = []
    for _ in range(runs):
        started = time.monotonic()
        conn.request("GET", path, headers={"Cookie": cookie_header()})
        response = conn.getresponse(); body = response.read()
        times.append(time.monotonic() - started)
        assert response.status == 200 and b'id="tags"' in body, response.status
    print(f"{path}: median {statistics.median(times) * 1000:.0f} ms (" + " ".join(f"{t * 1000:.0f}" for t in times) + ")")

measure("/console/repository?db=BENCH&schema=S&repo=R&image=app")
measure(f"/console/repository?db=BENCH&schema=S&repo=R&image=app&page={(tags + 99) // 100}")
PY
