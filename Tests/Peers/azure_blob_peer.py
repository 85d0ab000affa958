"""A local Azure Blob service for the storage tests, checking every request with azure-storage-blob's own code.

It serves the block-blob subset of the Blob REST API (Put Blob, Put Block, Put Block List, Get Blob,
Get Blob Properties, Delete Blob, List Blobs) from memory, path-style like the storage emulator
(`http://127.0.0.1:PORT/<account>/<container>/<blob>`), with the status codes, headers and XML bodies of the
REST reference for service version 2026-10-06.

Requests are authorized the way the service does it, with the SDK as the reference implementation:
- Shared Key: the `Authorization` header must equal the one the SDK's `SharedKeyCredentialPolicy` computes for
  the same method, URL and headers with the account key, and `x-ms-date` must be within 15 minutes of now;
- SAS: the token's `sig` must equal the one the SDK's `generate_blob_sas` / `generate_container_sas` computes
  from the token's own fields for the requested resource, the token must be in its time window, allow the
  request's protocol and grant the operation's permission.
Failures are answered like the service: 403 `AuthenticationFailed` (with the string the peer signed in
`AuthenticationErrorDetail`) or the more specific 403 authorization codes.

Each request is appended to a JSON-lines log (method, path, query, operation, authorization scheme, headers,
status, error code, start and end times) that the tests read. Features the tests do not use (ranges,
delimiters, snapshots, leases, stored access policies, IP-restricted SAS) are refused rather than ignored.

Usage: azure_blob_peer.py --account NAME --key BASE64 --container NAME [--container NAME ...]
                          --port-file PATH --log PATH [--block-delay SECONDS]
"""

import argparse
import base64
import datetime
import email.utils
import hashlib
import json
import os
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from azure.core.pipeline import PipelineContext, PipelineRequest
from azure.core.pipeline.transport import HttpRequest
from azure.storage.blob import generate_blob_sas, generate_container_sas
from azure.storage.blob._shared.authentication import SharedKeyCredentialPolicy

SERVICE_VERSION = "2026-10-06"
MAX_CLOCK_SKEW = datetime.timedelta(minutes=15)
METADATA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# SAS query fields and the generate_*_sas arguments they come from.
SAS_ARGUMENTS = {
    "st": "start", "se": "expiry", "sp": "permission", "spr": "protocol", "rscc": "cache_control",
    "rscd": "content_disposition", "rsce": "content_encoding", "rscl": "content_language", "rsct": "content_type",
    "ses": "encryption_scope",
}
SAS_FIELDS = set(SAS_ARGUMENTS) | {"sv", "sr", "sig"}
# Query parameters each operation understands here (besides the SAS fields).
OPERATION_QUERY = {
    "ListBlobs": {"restype", "comp", "prefix", "marker", "maxresults", "include"},
    "PutBlob": set(), "PutBlock": {"comp", "blockid"}, "PutBlockList": {"comp"},
    "GetBlob": set(), "GetBlobProperties": set(), "DeleteBlob": set(),
}
LIST_INCLUDES = {"snapshots", "metadata", "uncommittedblobs", "copy", "deleted", "tags", "versions",
                 "deletedwithversions", "immutabilitypolicy", "legalhold", "permissions"}


class ServiceError(Exception):
    """An error answer: the HTTP status, the `x-ms-error-code` and the message."""

    def __init__(self, status, code, message, detail=None):
        super().__init__(message)
        self.status, self.code, self.message, self.detail = status, code, message, detail


def authentication_failed(detail):
    return ServiceError(403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the value "
                        "of Authorization header is formed correctly including the signature.", detail)


class RecordingPolicy(SharedKeyCredentialPolicy):
    """The SDK's Shared Key policy, keeping the string it signed."""

    def _add_authorization_header(self, request, string_to_sign):
        self.string_to_sign = string_to_sign
        super()._add_authorization_header(request, string_to_sign)


def sdk_authorization(account, key, method, url, headers):
    """The `Authorization` value azure-storage-blob computes for this request, and the string it signed.

    Header names are lower-cased first, as the service's canonicalization does.
    """
    request = HttpRequest(method, url, headers={name.lower(): value for name, value in headers
                                                if name.lower() != "authorization"})
    policy = RecordingPolicy(account, key)
    policy.on_request(PipelineRequest(request, PipelineContext(None)))
    return request.headers["Authorization"], policy.string_to_sign


def parse_query(raw):
    """Query parameters percent-decoded (`+` stays `+`), in order."""
    pairs = []
    for part in filter(None, raw.split("&")):
        name, _, value = part.partition("=")
        pairs.append((unquote(name), unquote(value)))
    return pairs


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def http_date(moment):
    return email.utils.format_datetime(moment, usegmt=True)


class Blob:
    def __init__(self, content, content_type, metadata, blocks):
        now = datetime.datetime.now(datetime.timezone.utc)
        self.content, self.content_type, self.metadata, self.blocks = content, content_type, metadata, blocks
        self.created = self.modified = now
        self.etag = f'"0x{uuid.uuid4().hex[:15].upper()}"'


class Service:
    """The account's containers, committed blobs and uncommitted blocks."""

    def __init__(self, account, key, containers, block_delay):
        self.account, self.key, self.block_delay = account, key, block_delay
        self.lock = threading.Lock()
        self.containers = {name: {} for name in containers}
        self.uncommitted = {}  # (container, blob) -> {block id: bytes}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Windows-Azure-Blob/1.0"
    sys_version = ""

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.handle_request()

    do_PUT = do_HEAD = do_DELETE = do_POST = do_GET

    @property
    def service(self):
        return self.server.service

    def handle_request(self):
        started = time.monotonic()
        self.request_id = str(uuid.uuid4())
        record = {"method": self.command, "path": urlsplit(self.path).path, "operation": None, "auth": "none",
                  "headers": {name.lower(): value for name, value in self.headers.items()
                              if name.lower() != "authorization"}}
        length = self.headers.get("Content-Length")
        body = self.rfile.read(int(length)) if length else b""
        try:
            record["query"] = dict(parse_query(urlsplit(self.path).query))
            status, headers, payload = self.dispatch(body, record)
            record["error"] = None
        except ServiceError as error:
            status, headers, payload = self.error_answer(error)
            record["error"] = error.code
        except Exception as error:  # a peer bug: answered like the service's own failures, never a dropped connection
            status, headers, payload = self.error_answer(ServiceError(500, "InternalError", f"Peer failure: {error!r}"))
            record["error"] = "InternalError"
        if "transfer-encoding" in record["headers"] and not length:
            self.close_connection = True
        # Logged before answering, so a client that has its answer finds its request in the log.
        record.update(status=status, started=started, finished=time.monotonic())
        self.server.write_log(record)
        self.answer(status, headers, payload)

    # Routing and authorization

    def dispatch(self, body, record):
        parts = urlsplit(self.path)
        segments = parts.path.split("/", 3)
        if len(segments) < 3 or segments[1] != self.service.account or not segments[2]:
            raise ServiceError(400, "InvalidUri", "The requested URI does not represent any resource on the server.")
        container = unquote(segments[2])
        blob = unquote(segments[3]) if len(segments) == 4 and segments[3] else None
        query = dict(parse_query(parts.query))
        operation = self.operation(container, blob, query)
        record["operation"] = operation
        unknown = set(query) - OPERATION_QUERY[operation] - (SAS_FIELDS if "sig" in query else set())
        if unknown:
            raise ServiceError(501, "NotImplemented", f"This peer does not implement {sorted(unknown)} for {operation}.")
        for header in ("range", "x-ms-range", "x-ms-lease-id", "if-match", "if-modified-since", "if-unmodified-since"):
            if header in record["headers"]:
                raise ServiceError(501, "NotImplemented", f"This peer does not implement the {header} header.")
        if record["headers"].get("if-none-match", "*") != "*":
            raise ServiceError(501, "NotImplemented", "This peer implements If-None-Match: * only.")
        version = self.headers.get("x-ms-version")
        if version is not None and version != SERVICE_VERSION:
            raise ServiceError(400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the "
                               f"correct format (this peer implements x-ms-version {SERVICE_VERSION}).")
        record["auth"] = "SharedKey" if self.headers.get("Authorization") else "SAS" if "sig" in query else "none"
        self.authorize(record["auth"], operation, container, blob, query)
        with self.service.lock:
            blobs = self.service.containers.get(container)
        if blobs is None:
            raise ServiceError(404, "ContainerNotFound", "The specified container does not exist.")
        return getattr(self, operation)(container, blob, query, body)

    def operation(self, container, blob, query):
        method, comp = self.command, query.get("comp")
        if blob is None:
            if method == "GET" and query.get("restype") == "container" and comp == "list":
                return "ListBlobs"
        elif method == "PUT":
            operation = {None: "PutBlob", "block": "PutBlock", "blocklist": "PutBlockList"}.get(comp)
            if operation:
                return operation
        elif comp is None and method in ("GET", "HEAD", "DELETE"):
            return {"GET": "GetBlob", "HEAD": "GetBlobProperties", "DELETE": "DeleteBlob"}[method]
        raise ServiceError(501, "NotImplemented", f"This peer does not implement {method} {self.path}.")

    def authorize(self, scheme, operation, container, blob, query):
        if scheme == "SharedKey":
            self.check_shared_key(self.headers.get("Authorization"))
        elif scheme == "SAS":
            self.check_sas(operation, container, blob, query)
        else:
            raise ServiceError(401, "NoAuthenticationInformation", "Server failed to authenticate the request. "
                               "Please refer to the information in the www-authenticate header.")

    def check_shared_key(self, authorization):
        if not authorization.startswith(f"SharedKey {self.service.account}:"):
            raise authentication_failed(f"The Authorization header is not SharedKey for account {self.service.account}.")
        if self.headers.get("x-ms-version") is None:
            raise ServiceError(400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is "
                               "not specified: x-ms-version.")
        date = self.headers.get("x-ms-date") or self.headers.get("Date")
        if not date:
            raise authentication_failed("Request date header not specified.")
        try:
            sent = email.utils.parsedate_to_datetime(date)
        except (TypeError, ValueError):
            raise authentication_failed(f"The date header '{date}' is not an HTTP date.")
        if abs(datetime.datetime.now(datetime.timezone.utc) - sent) > MAX_CLOCK_SKEW:
            raise authentication_failed(f"Request date header too old: '{date}'.")
        url = f"http://{self.headers.get('Host')}{self.path}"
        expected, string_to_sign = sdk_authorization(self.service.account, self.service.key, self.command, url,
                                                      self.headers.items())
        if authorization != expected:
            signature = authorization.split(":", 1)[1]
            raise authentication_failed(f"The MAC signature found in the HTTP request '{signature}' is not the same "
                                        f"as any computed signature. Server used following string to sign: "
                                        f"'{string_to_sign}'.")

    def check_sas(self, operation, container, blob, query):
        if "si" in query or "sip" in query:
            raise authentication_failed("This peer keeps no stored access policies and does not check sip.")
        if query.get("sv") != SERVICE_VERSION:
            raise authentication_failed(f"This peer verifies SAS tokens of version {SERVICE_VERSION} only.")
        arguments = {SAS_ARGUMENTS[name]: value for name, value in query.items() if name in SAS_ARGUMENTS}
        resource = query.get("sr")
        try:
            if resource == "b" and blob is not None:
                token = generate_blob_sas(self.service.account, container, blob, account_key=self.service.key,
                                          **arguments)
            elif resource == "c":
                token = generate_container_sas(self.service.account, container, account_key=self.service.key,
                                               **arguments)
            else:
                raise ServiceError(403, "AuthorizationResourceTypeMismatch", "This request is not authorized to "
                                   "perform this operation using this resource type.")
        except ValueError as error:  # the SDK refuses a token without expiry or permissions
            raise authentication_failed(str(error))
        if query["sig"] != dict(parse_query(token))["sig"]:
            raise authentication_failed("Signature did not match. String to sign used was computed by "
                                        "azure-storage-blob from the token's fields.")
        now = datetime.datetime.now(datetime.timezone.utc)
        start = parse_time(query["st"]) if "st" in query else now
        if not start <= now <= parse_time(query["se"]):
            raise authentication_failed(f"Signed expiry time [{query['se']}] must be after signed start time "
                                        f"and the current time [{http_date(now)}] within them.")
        if query.get("spr") == "https":
            raise ServiceError(403, "AuthorizationProtocolMismatch", "This request is not authorized to perform "
                               "this operation using this protocol.")
        permissions = query["sp"]
        granted = {
            "ListBlobs": "l" in permissions, "GetBlob": "r" in permissions, "GetBlobProperties": "r" in permissions,
            "DeleteBlob": "d" in permissions,
            "PutBlob": "w" in permissions or ("c" in permissions and not self.exists(container, blob)),
            "PutBlock": "w" in permissions or "c" in permissions,
            "PutBlockList": "w" in permissions or ("c" in permissions and not self.exists(container, blob)),
        }[operation]
        if not granted:
            raise ServiceError(403, "AuthorizationPermissionMismatch", "This request is not authorized to perform "
                               "this operation using this permission.")

    def exists(self, container, blob):
        with self.service.lock:
            return blob in self.service.containers.get(container, {})

    # Operations

    def content_length(self):
        length = self.headers.get("Content-Length")
        if length is None:
            raise ServiceError(411, "MissingContentLengthHeader", "The Content-Length header is required.")
        return int(length)

    def metadata(self):
        metadata = [(name[len("x-ms-meta-"):], value) for name, value in self.headers.items()
                    if name.lower().startswith("x-ms-meta-")]
        if not all(METADATA_NAME.match(name) for name, _ in metadata):
            raise ServiceError(400, "InvalidMetadata", "The metadata specified is invalid. It has characters that "
                               "are not permitted.")
        return metadata

    def stored(self, container, blob, content, content_type, blocks):
        stored = Blob(content, content_type or "application/octet-stream", self.metadata(), blocks)
        with self.service.lock:
            if self.headers.get("If-None-Match") == "*" and blob in self.service.containers[container]:
                raise ServiceError(409, "BlobAlreadyExists", "The specified blob already exists.")
            self.service.containers[container][blob] = stored
            self.service.uncommitted.pop((container, blob), None)
        return 201, {"ETag": stored.etag, "Last-Modified": http_date(stored.modified),
                     "x-ms-request-server-encrypted": "true"}, b""

    def PutBlob(self, container, blob, query, body):
        self.content_length()
        blob_type = self.headers.get("x-ms-blob-type")
        if blob_type is None:
            raise ServiceError(400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is "
                               "not specified: x-ms-blob-type.")
        if blob_type != "BlockBlob":
            raise ServiceError(501, "NotImplemented", "This peer implements block blobs only.")
        content_type = self.headers.get("x-ms-blob-content-type") or self.headers.get("Content-Type")
        status, headers, _ = self.stored(container, blob, body, content_type, {})
        headers["Content-MD5"] = base64.b64encode(hashlib.md5(body).digest()).decode()
        return status, headers, b""

    def PutBlock(self, container, blob, query, body):
        self.content_length()
        block_id = query.get("blockid", "")
        try:
            valid = 0 < len(base64.b64decode(block_id, validate=True)) <= 64
        except ValueError:
            valid = False
        if not valid:
            raise ServiceError(400, "InvalidQueryParameterValue", "Value for one of the query parameters specified "
                               "in the request URI is invalid: blockid.")
        with self.service.lock:
            blocks = self.service.uncommitted.setdefault((container, blob), {})
            if any(len(other) != len(block_id) for other in blocks):
                raise ServiceError(400, "InvalidBlobOrBlock", "The specified blob or block content is invalid.")
            blocks[block_id] = body
        time.sleep(self.service.block_delay)
        return 201, {"Content-MD5": base64.b64encode(hashlib.md5(body).digest()).decode(),
                     "x-ms-request-server-encrypted": "true"}, b""

    def PutBlockList(self, container, blob, query, body):
        try:
            document = ElementTree.fromstring(body)
        except ElementTree.ParseError:
            raise ServiceError(400, "InvalidXmlDocument", "XML specified is not syntactically valid.")
        if document.tag != "BlockList" or any(item.tag not in ("Committed", "Uncommitted", "Latest") for item in document):
            raise ServiceError(400, "InvalidXmlDocument", "XML specified is not syntactically valid.")
        with self.service.lock:
            uncommitted = self.service.uncommitted.get((container, blob), {})
            existing = self.service.containers[container].get(blob)
            committed = existing.blocks if existing else {}
            blocks = {}
            for item in document:
                block_id = (item.text or "").strip()
                sources = {"Committed": [committed], "Uncommitted": [uncommitted],
                           "Latest": [uncommitted, committed]}[item.tag]
                found = next((source[block_id] for source in sources if block_id in source), None)
                if found is None:
                    raise ServiceError(400, "InvalidBlockList", "The specified block list is invalid.")
                blocks[block_id] = found
            content = b"".join(blocks[(item.text or "").strip()] for item in document)
        return self.stored(container, blob, content, self.headers.get("x-ms-blob-content-type"), blocks)

    def blob(self, container, name):
        with self.service.lock:
            found = self.service.containers[container].get(name)
        if found is None:
            raise ServiceError(404, "BlobNotFound", "The specified blob does not exist.")
        return found

    def properties(self, blob):
        headers = {"Content-Type": blob.content_type, "Last-Modified": http_date(blob.modified), "ETag": blob.etag,
                   "x-ms-creation-time": http_date(blob.created), "x-ms-blob-type": "BlockBlob",
                   "x-ms-server-encrypted": "true", "Accept-Ranges": "bytes", "Content-Length": str(len(blob.content))}
        headers.update((f"x-ms-meta-{name}", value) for name, value in blob.metadata)
        return headers

    def GetBlob(self, container, name, query, body):
        blob = self.blob(container, name)
        return 200, self.properties(blob), blob.content

    def GetBlobProperties(self, container, name, query, body):
        return 200, self.properties(self.blob(container, name)), b""

    def DeleteBlob(self, container, name, query, body):
        self.blob(container, name)
        with self.service.lock:
            self.service.containers[container].pop(name, None)
            self.service.uncommitted.pop((container, name), None)
        return 202, {"x-ms-delete-type-permanent": "true"}, b""

    def ListBlobs(self, container, name, query, body):
        prefix, marker = query.get("prefix", ""), query.get("marker", "")
        try:
            max_results = min(int(query.get("maxresults", "5000")), 5000)
        except ValueError:
            max_results = 0
        if max_results < 1:
            raise ServiceError(400, "OutOfRangeQueryParameterValue", "One of the query parameters specified in the "
                               "request URI is outside the permissible range: maxresults.")
        includes = set(filter(None, query.get("include", "").split(",")))
        if not includes <= LIST_INCLUDES:
            raise ServiceError(400, "InvalidQueryParameterValue", "Value for one of the query parameters specified "
                               "in the request URI is invalid: include.")
        try:
            start = base64.urlsafe_b64decode(marker[2:]).decode() if marker else ""
        except ValueError:
            raise ServiceError(400, "InvalidQueryParameterValue", "Value for one of the query parameters specified "
                               "in the request URI is invalid: marker.")
        with self.service.lock:
            blobs = sorted(self.service.containers[container].items(), key=lambda item: item[0].encode())
        matching = [(key, blob) for key, blob in blobs if key.startswith(prefix) and key.encode() >= start.encode()]
        page, rest = matching[:max_results], matching[max_results:]
        next_marker = "2!" + base64.urlsafe_b64encode(rest[0][0].encode()).decode() if rest else ""
        endpoint = f"http://{self.headers.get('Host')}/{self.service.account}/"
        xml = ['<?xml version="1.0" encoding="utf-8"?>',
               f"<EnumerationResults ServiceEndpoint={quoteattr(endpoint)} ContainerName={quoteattr(container)}>"]
        for field, value in (("Prefix", query.get("prefix")), ("Marker", query.get("marker")),
                             ("MaxResults", query.get("maxresults"))):
            if value is not None:
                xml.append(f"<{field}>{escape(value)}</{field}>")
        xml.append("<Blobs>")
        for key, blob in page:
            xml.append(f"<Blob><Name>{escape(key)}</Name><Properties>"
                       f"<Creation-Time>{http_date(blob.created)}</Creation-Time>"
                       f"<Last-Modified>{http_date(blob.modified)}</Last-Modified><Etag>{escape(blob.etag)}</Etag>"
                       f"<Content-Length>{len(blob.content)}</Content-Length>"
                       f"<Content-Type>{escape(blob.content_type)}</Content-Type><Content-Encoding /><Content-Language />"
                       "<Content-CRC64 /><Content-MD5 /><Cache-Control /><Content-Disposition />"
                       "<BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier><AccessTierInferred>true"
                       "</AccessTierInferred><LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState>"
                       "<ServerEncrypted>true</ServerEncrypted></Properties>")
            if "metadata" in includes:
                xml.append("<Metadata>" + "".join(f"<{name}>{escape(value)}</{name}>" for name, value in blob.metadata)
                           + "</Metadata>")
            xml.append("</Blob>")
        xml.append(f"</Blobs><NextMarker>{escape(next_marker)}</NextMarker></EnumerationResults>")
        return 200, {"Content-Type": "application/xml"}, "".join(xml).encode()

    # Answers

    def error_answer(self, error):
        now = datetime.datetime.now(datetime.timezone.utc)
        detail = f"<AuthenticationErrorDetail>{escape(error.detail)}</AuthenticationErrorDetail>" if error.detail else ""
        body = (f'<?xml version="1.0" encoding="utf-8"?><Error><Code>{error.code}</Code><Message>'
                f"{escape(error.message)}\nRequestId:{self.request_id}\nTime:{now.isoformat()}</Message>{detail}</Error>")
        return error.status, {"x-ms-error-code": error.code, "Content-Type": "application/xml"}, body.encode()

    def answer(self, status, headers, payload):
        self.send_response(status)
        headers = dict(headers)
        if self.command == "HEAD" and status >= 400:
            payload = b""
            headers.pop("Content-Type", None)
        headers.setdefault("Content-Length", str(len(payload)))
        headers.update({"x-ms-request-id": self.request_id, "x-ms-version": SERVICE_VERSION})
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, service, log_path):
        super().__init__(address, Handler)
        self.service = service
        self.log_path = log_path
        self.log_lock = threading.Lock()

    def write_log(self, record):
        with self.log_lock, open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--account", required=True)
    parser.add_argument("--key", required=True, help="the account key, base64")
    parser.add_argument("--container", action="append", default=[])
    parser.add_argument("--port-file", required=True, help="where the chosen loopback port is written")
    parser.add_argument("--log", required=True, help="the JSON-lines request log")
    parser.add_argument("--block-delay", type=float, default=0, help="seconds each Put Block is held")
    arguments = parser.parse_args()
    service = Service(arguments.account, arguments.key, arguments.container, arguments.block_delay)
    server = Server(("127.0.0.1", 0), service, arguments.log)
    temporary = arguments.port_file + ".tmp"
    with open(temporary, "w", encoding="utf-8") as port_file:
        port_file.write(str(server.server_address[1]))
    os.replace(temporary, arguments.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
