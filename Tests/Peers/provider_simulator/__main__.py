"""A spec-driven simulator of SageMaker (+ STS), Vertex AI, Azure ML and Kubernetes for Trainyard's adapter tests.

Every request body is validated against the vendor's own schema in `shared/api-specs/`, authentication is checked
the way each provider does it, jobs walk through the provider's real state names on a clock the tests move, and
the provider's real error bodies are injected on demand. See `core.py` for the control API.

Usage: python -m provider_simulator --specs DIR --state-dir DIR [--port 0] [--latency SECONDS] [--providers a,b]
It writes `port` (when listening) and `credentials.json` (the keys and tokens it accepts) into the state folder.
"""

import argparse
import base64
import json
import os
import secrets
import socket

from aiohttp import web
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from . import azureml, core, kubernetes, sagemaker, vertex


def make_secrets(port):
    """Fresh credentials for every provider; the simulator accepts exactly these."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    base = f"http://127.0.0.1:{port}"
    return {
        "aws": {"accessKeyID": "AKIASIM" + secrets.token_hex(6).upper(), "secretAccessKey": secrets.token_urlsafe(30),
                "account": "123456789012", "userName": "trainyard-sim"},
        "gcp": {"type": "service_account", "project_id": "trainyard-sim", "private_key_id": secrets.token_hex(20),
                "private_key": pem.decode(), "client_email": "trainer@trainyard-sim.iam.gserviceaccount.com",
                "client_id": "1" + "".join(secrets.choice("0123456789") for _ in range(20)),
                "token_uri": f"{base}/google/token"},
        "azure": {"tenantID": secrets.token_hex(16), "clientID": secrets.token_hex(16),
                  "clientSecret": base64.b64encode(secrets.token_bytes(24)).decode(),
                  "subscriptionID": "00000000-0000-0000-0000-" + secrets.token_hex(6), "authorityHost": base},
        "kubernetes": {"server": base, "token": secrets.token_urlsafe(32), "namespace": "training",
                       "deniedToken": secrets.token_urlsafe(32)},
        "_rsa_public": key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--specs", required=True, help="shared/api-specs")
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds every provider call waits before answering")
    parser.add_argument("--providers", default="sagemaker,vertex,azureml,kubernetes",
                        help="the providers this process serves (the benchmark runs one process per provider)")
    args = parser.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(1024)
    port = sock.getsockname()[1]

    sim = core.Simulator(make_secrets(port), latency=args.latency)
    app = web.Application(client_max_size=4 * 1024 * 1024)
    sim.routes(app)
    modules = {"sagemaker": sagemaker, "vertex": vertex, "azureml": azureml, "kubernetes": kubernetes}
    for name in args.providers.split(","):
        module = modules[name]
        provider = module.Provider(sim, args.specs)
        sim.register(provider)
        provider.routes(app)

    public = {k: v for k, v in sim.secrets.items() if not k.startswith("_")}
    with open(os.path.join(args.state_dir, "credentials.json"), "w") as f:
        json.dump(public, f)
    with open(os.path.join(args.state_dir, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(args.state_dir, "port.tmp"), os.path.join(args.state_dir, "port"))
    web.run_app(app, sock=sock, access_log=None, print=None, handle_signals=True)


if __name__ == "__main__":
    main()
