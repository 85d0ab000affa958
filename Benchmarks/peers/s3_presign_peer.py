"""Presigned S3 GET URLs per second with botocore's generate_presigned_url, for `make bench`."""
import json
import sys
import time

import botocore.session

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
client = botocore.session.get_session().create_client(
    "s3", region_name="us-east-1",
    aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
operations = 0
start = time.perf_counter()
while time.perf_counter() - start < seconds:
    for _ in range(100):
        client.generate_presigned_url(
            "get_object", Params={"Bucket": "trainyard-artifacts", "Key": f"orgs/acme/jobs/{operations}/model.onnx"},
            ExpiresIn=3600)
        operations += 1
elapsed = time.perf_counter() - start
print(json.dumps({"per_second": operations / elapsed}))
