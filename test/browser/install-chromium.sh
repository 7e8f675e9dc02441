#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/browser/), from Debian's own packages:
# no test tool downloads a browser of its own (`npx playwright install` is never used). Safe to
# run again: an installed Chromium is left as it is. .ci/run calls it before the tests, and the
# tests call it when Chromium is missing.
set -euo pipefail
chromium_path="${BSS_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then
  echo "Chromium is installed: $chromium_path"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "Installing Chromium needs root (apt-get install chromium): run this script as root, or set BSS_CHROMIUM to a Chromium or Chrome executable." >&2
  exit 1
fi
echo "Installing Debian's chromium package (about 100 MB, a minute or two)…"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
"$chromium_path" --version 2>/dev/null || true
