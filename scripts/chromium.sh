#!/usr/bin/env bash
# Debian's Chromium and its WebDriver, for the tests that drive a real browser (Selenium).
#
#   scripts/chromium.sh ensure    installs chromium and chromium-driver when chromedriver is missing
set -euo pipefail

ensure() {
    command -v chromedriver >/dev/null && return 0
    echo "Installing chromium and chromium-driver from Debian's packages..." >&2
    local sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
        chromium chromium-driver >/dev/null
}

case "${1:-}" in
    ensure) ensure ;;
    *) echo "usage: $0 ensure" >&2; exit 2 ;;
esac
