"""Fernet encrypt+decrypt of 1 KiB payloads per second with Python cryptography, for `make bench`."""
import json
import os
import sys
import time

from cryptography.fernet import Fernet

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
fernet = Fernet(Fernet.generate_key())
payload = os.urandom(1024)
operations = 0
start = time.perf_counter()
while time.perf_counter() - start < seconds:
    for _ in range(200):
        assert fernet.decrypt(fernet.encrypt(payload)) == payload
    operations += 200
elapsed = time.perf_counter() - start
print(json.dumps({"per_second": operations / elapsed}))
