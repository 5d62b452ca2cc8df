#!/usr/bin/env bash
# Chromium and its WebDriver for the browser tests (the web console, sign-in pages), from Debian's packages.
# Usage: scripts/chromium.sh ensure   — installs chromium and chromium-driver when chromedriver is missing.
set -euo pipefail

case "${1:-}" in
    ensure)
        command -v chromedriver >/dev/null 2>&1 && exit 0
        sudo_cmd=()
        [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
        "${sudo_cmd[@]}" apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium chromium-driver >/dev/null
        ;;
    *)
        echo "usage: $0 ensure" >&2
        exit 2
        ;;
esac
