#!/usr/bin/env bash
# `make run`: the embedded stack end to end. State lives in $TRAINYARD_HOME (default .build/demo/home):
# SQLite, job folders, keys. Generates the demo dataset, submits the demo job to the local queue profile,
# starts a platform worker, shows the job's progress live, and ends with its metrics and artifact paths.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/debug/trainyard
export TRAINYARD_HOME="${TRAINYARD_HOME:-$PWD/.build/demo/home}"

"$bin" profiles validate profiles/
"$bin" dataset generate --rows 50000 --features 32 --classes 4 --output .build/demo/blobs.csv
echo
submitted=$("$bin" submit --profile profiles/local-cpu.yaml --job profiles/jobs/demo-job.yaml --output json)
job=$(printf '%s' "$submitted" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
echo "submitted $job to the local queue (state in $TRAINYARD_HOME)"

"$bin" worker --exit-when-idle --heartbeat-seconds 1 2>>"$TRAINYARD_HOME/worker.log" &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
"$bin" status "$job" --follow
wait "$worker" || true
