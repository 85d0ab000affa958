"""The peer of the API benchmark: GET /v1/jobs/{id} in FastAPI on uvicorn, over the same SQLite rows and with the
same work per request as `trainyard serve`: read the bearer key, check its SHA-256 against api_keys in constant
time, read the job of the key's organization with its attempts and events, answer JSON.

Usage: python3 jobs_api_peer.py STATE_DB PORT
"""
import hashlib
import hmac
import json
import sqlite3
import sys

import uvicorn
from fastapi import FastAPI, Header, HTTPException

database = sys.argv[1]
app = FastAPI()


def connect():
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    return connection


connection = connect()


def organization(authorization):
    if not authorization or not authorization.lower().startswith("bearer ty_"):
        raise HTTPException(401, {"code": "auth.required"})
    parts = authorization[len("bearer ty_"):].split("_", 1)
    if len(parts) != 2:
        raise HTTPException(401, {"code": "auth.required"})
    row = connection.execute("SELECT org_id, secret_hash FROM api_keys WHERE id = ?", (parts[0],)).fetchone()
    presented = hashlib.sha256(parts[1].encode()).hexdigest()
    if row is None or not hmac.compare_digest(presented, row["secret_hash"]):
        raise HTTPException(401, {"code": "auth.required"})
    return row["org_id"]


@app.get("/v1/jobs/{job_id}")
def job(job_id: str, authorization: str = Header(None)):
    org = organization(authorization)
    row = connection.execute("SELECT * FROM jobs WHERE id = ? AND org_id = ?", (job_id, org)).fetchone()
    if row is None:
        raise HTTPException(404, {"code": "job.not_found"})
    attempts = connection.execute("SELECT * FROM attempts WHERE job_id = ? ORDER BY number", (job_id,)).fetchall()
    events = connection.execute("SELECT at, kind, message FROM events WHERE job_id = ? ORDER BY seq", (job_id,)).fetchall()
    view = {key: row[key] for key in row.keys() if key not in ("spec", "profile_source")}
    view["spec"] = json.loads(row["spec"])
    view["attempts"] = [dict(attempt) for attempt in attempts]
    view["events"] = [dict(event) for event in events]
    return view


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
