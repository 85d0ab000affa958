#!/usr/bin/env bash
# Runs the built test suite (arguments go to `swift test`), keeping its whole output in .build/test-output.log.
# The tests' temporary folders go into one folder (TMPDIR), removed after a passing run and kept after a failing
# one. When the run fails, it ends with every failing test and recorded issue again, so that a reader who sees
# only the last lines of the output (as CI shows them) sees what failed.
set -uo pipefail
cd "$(dirname "$0")/.."
log=.build/test-output.log
mkdir -p .build
TMPDIR=$(mktemp -d /tmp/trainyard-tests.XXXXXX)
export TMPDIR
"${SWIFT:-swift}" test --skip-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ]; then
    rm -rf "$TMPDIR"
else
    echo
    echo "==== failures (whole output in $log, the tests' files in $TMPDIR) ===="
    grep -E -A 6 '✘|error: |: failed|Fatal error|Test .* recorded an issue' "$log" | grep -v '^✔' | head -n 150
fi
exit "$status"
