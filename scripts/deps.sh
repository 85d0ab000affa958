#!/usr/bin/env bash
# Installs what Trainyard's build and tests need, idempotently:
#   - the Debian packages listed in scripts/debian-packages.txt, only those missing
#     (apt-get update first, since a fresh machine's package lists can be stale);
#   - the Python test peers of Tests/requirements.txt into a venv under the build folder,
#     only when the requirements changed since the last install.
# Usage: scripts/deps.sh [--python]   (--python also prepares the test venv)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
while read -r line; do
    line="${line%%#*}"
    for name in $line; do packages+=("$name"); done
done < scripts/debian-packages.txt

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "deps: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

if [ "${1:-}" = "--python" ]; then
    venv=.build/venv
    stamp="$venv/.requirements.sha256"
    wanted=$(sha256sum Tests/requirements.txt | cut -d' ' -f1)
    if [ ! -x "$venv/bin/python3" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        echo "deps: preparing the test venv in $venv"
        python3 -m venv "$venv"
        "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check -r Tests/requirements.txt
        echo "$wanted" > "$stamp"
    fi
fi
