#!/usr/bin/env bash
# `make run`: the embedded stack as a service. State lives in $TRAINYARD_HOME (default .build/demo/home): SQLite,
# job folders, keys. Starts `trainyard serve` (API on $TRAINYARD_PORT, default 8080; status sync every 30 s) and
# one platform worker, submits the demo job through the API, follows it to the end, then keeps serving until
# Ctrl-C. On the first start the server prints an admin key for the `default` organization, once.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/.build/debug/trainyard
export TRAINYARD_HOME="${TRAINYARD_HOME:-$PWD/.build/demo/home}"
port="${TRAINYARD_PORT:-8080}"
api="http://127.0.0.1:$port"
mkdir -p "$TRAINYARD_HOME"

"$bin" profiles validate profiles/
"$bin" dataset generate --rows 50000 --features 32 --classes 4 --output .build/demo/blobs.csv

"$bin" serve --port "$port" --bootstrap-organization default 2>>"$TRAINYARD_HOME/serve.log" &
server=$!
"$bin" worker --heartbeat-seconds 1 2>>"$TRAINYARD_HOME/worker.log" &
worker=$!
trap 'kill $worker $server 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "$api/healthz" >/dev/null && break; sleep 0.1; done

# The demo's own member key, made once and kept beside the state (mode 0600).
keyfile="$TRAINYARD_HOME/demo-member.key"
if [ ! -s "$keyfile" ]; then
    (umask 077; "$bin" keys create --org default --role member 2>/dev/null > "$keyfile")
fi
auth="Authorization: Bearer $(cat "$keyfile")"
if ! curl -fs -H "$auth" "$api/v1/profiles/local" >/dev/null; then
    admin=$("$bin" keys create --org default --role admin 2>/dev/null)
    curl -fsS -X PUT -H "Authorization: Bearer $admin" --data-binary @profiles/local-cpu.yaml "$api/v1/profiles/local" >/dev/null
fi

job=$(cat <<JSON
{"profile": "local", "name": "demo-mlp", "trainer": "mlp", "dataset": "$PWD/.build/demo/blobs.csv",
 "config": {"label": "label", "epochs": 12, "batch_size": 256, "learning_rate": 0.003, "hidden_layers": [64, 32], "checkpoint_every": 2},
 "resources": {"gpus": 0}, "estimated_hours": 0.01}
JSON
)
submitted=$(curl -fsS -H "$auth" -H "Content-Type: application/json" --data "$job" "$api/v1/jobs")
id=$(printf '%s' "$submitted" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -n 1)
echo "submitted $id through $api/v1/jobs"
while true; do
    shown=$(curl -fsS -H "$auth" "$api/v1/jobs/$id")
    state=$(printf '%s' "$shown" | sed -n 's/.*"state":"\([^"]*\)".*/\1/p' | tail -n 1)
    progress=$(printf '%s' "$shown" | sed -n 's/.*"progress":\([0-9.e-]*\).*/\1/p' | tail -n 1)
    echo "  $id: $state${progress:+ (progress $progress)}"
    case "$state" in completed|failed|cancelled) break ;; esac
    sleep 2
done
"$bin" status "$id"
echo "artifacts, presigned for an hour:"
curl -fsS -H "$auth" "$api/v1/jobs/$id" \
    | python3 -c 'import json, sys; [print("  %s (%d bytes): %s" % (a["name"], a["size"], a["url"])) for a in json.load(sys.stdin).get("artifacts", [])]'
echo
echo "serving on $api (logs in $TRAINYARD_HOME/serve.log); Ctrl-C stops the server and the worker"
wait "$server"
