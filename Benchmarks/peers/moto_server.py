"""A moto S3 server for `make bench`: prints {"endpoint": ...} once a bucket exists, stops when stdin closes."""
import json
import socket
import sys

import boto3
from moto.server import ThreadedMotoServer

with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
server.start()
endpoint = f"http://127.0.0.1:{port}"
boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
             aws_access_key_id="bench", aws_secret_access_key="bench").create_bucket(Bucket=sys.argv[1])
print(json.dumps({"endpoint": endpoint}), flush=True)
sys.stdin.read()
server.stop()
