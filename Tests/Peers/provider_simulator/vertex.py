"""Simulated Google Vertex AI customJobs API (v1) plus Google's OAuth 2.0 token endpoint (JWT-bearer grant).

Contract: `shared/api-specs/README.md`, section "Google Vertex AI (REST + OAuth2 service-account JWT bearer)" and its
"Token: JWT-bearer grant (RFC 7523)" subsection; states and failure classes from `state-mapping.json` ("vertex");
request bodies are validated against `vertex/aiplatform-v1.customJobs.discovery.json` (schema
`GoogleCloudAiplatformV1CustomJob`) with `discovery_schema.DiscoveryValidator`.

Routes (one loopback port stands in for both https://oauth2.googleapis.com and https://{location}-aiplatform...):
  POST   /google/token                                          JWT-bearer grant -> access token
  POST   /v1/projects/{p}/locations/{l}/customJobs              CreateCustomJob
  GET    /v1/projects/{p}/locations/{l}/customJobs              ListCustomJobs (filter, pageSize, pageToken)
  GET    /v1/projects/{p}/locations/{l}/customJobs/{id}         GetCustomJob
  POST   /v1/projects/{p}/locations/{l}/customJobs/{id}:cancel  CancelCustomJob
  DELETE /v1/projects/{p}/locations/{l}/customJobs/{id}         DeleteCustomJob
Like the real service, returned resource names carry the project *number*; paths accept the project id or number.
"""

import base64
import binascii
import hashlib
import json
import os
import re
import secrets
import time

from aiohttp import web
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from . import core
from .discovery_schema import DiscoveryValidator

SPEC = os.path.join("vertex", "aiplatform-v1.customJobs.discovery.json")
JOB_SCHEMA = "GoogleCloudAiplatformV1CustomJob"
CANCEL_SCHEMA = "GoogleCloudAiplatformV1CancelCustomJobRequest"
CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
SERVICE = "aiplatform.googleapis.com"

QUEUED, PENDING, RUNNING = "JOB_STATE_QUEUED", "JOB_STATE_PENDING", "JOB_STATE_RUNNING"
SUCCEEDED, FAILED, EXPIRED = "JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED", "JOB_STATE_EXPIRED"
CANCELLING, CANCELLED = "JOB_STATE_CANCELLING", "JOB_STATE_CANCELLED"
TERMINAL = frozenset({SUCCEEDED, FAILED, CANCELLED, EXPIRED, "JOB_STATE_PARTIALLY_SUCCEEDED"})
WITH_ERROR = frozenset({FAILED, CANCELLED})  # CustomJob.error: "Only populated when ... FAILED or ... CANCELLED"
CANCEL_SECONDS = 30
OPERATIONS = {"CreateCustomJob": "create", "ListCustomJobs": "list", "GetCustomJob": "get",
              "CancelCustomJob": "cancel", "DeleteCustomJob": "delete"}  # fault/log name -> discovery method

# google.rpc.Code name -> HTTP status (google/rpc/code.proto)
HTTP_STATUS = {"INVALID_ARGUMENT": 400, "FAILED_PRECONDITION": 400, "UNAUTHENTICATED": 401, "PERMISSION_DENIED": 403,
               "NOT_FOUND": 404, "RESOURCE_EXHAUSTED": 429, "INTERNAL": 500, "UNAVAILABLE": 503,
               "DEADLINE_EXCEEDED": 504}

# Failure texts; {location}, {project_number} and {job_id} are filled in per job.
STOCKOUT = {"code": 8, "message": "Resources are insufficient in region: {location}. Please try a different region. "
                                  "If you use K80, please consider switch to P100 or V100."}
REPLICA_EXIT = {"code": 3, "message": "The replica workerpool0-0 exited with a non-zero status of 1. Termination "
                                      "reason: Error. To find out more about why your job exited please check the "
                                      "logs: https://console.cloud.google.com/logs/viewer?project={project_number}"
                                      "&resource=ml_job%2Fjob_id%2F{job_id}&advancedFilter=resource.type%3D%22ml_job"
                                      "%22%0Aresource.labels.job_id%3D%22{job_id}%22"}
PREEMPTED = {"code": 8, "message": "The replica workerpool0-0 was preempted: the Spot VM it ran on was reclaimed by "
                                   "Compute Engine (compute.instances.preempted). Termination reason: Preempted."}
CANCELED = {"code": 1, "message": "CANCELED"}

UNAUTHENTICATED_MESSAGE = ("Request had invalid authentication credentials. Expected OAuth 2 access token, login "
                           "cookie or other valid authentication credential. See "
                           "https://developers.google.com/identity/sign-in/web/devconsole-project.")
MISSING_CREDENTIALS_MESSAGE = ("Request is missing required authentication credential. Expected OAuth 2 access "
                               "token, login cookie or other valid authentication credential. See "
                               "https://developers.google.com/identity/sign-in/web/devconsole-project.")
SHORT_LIVED = ("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check "
               "your iat and exp values in the JWT claim.")

LABEL = re.compile(r"[\w-]{0,64}")  # lowercase letters (international allowed), digits, '_' and '-'
LABEL_KEY_START = re.compile(r"[^\W\d_]")
C_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
FILTER_TERM = re.compile(r'(labels\.("?)([^"=:!\s]+)\2|state|display_name)\s*(=|!=|:)\s*(.+)')
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000
JOB_ID_BASE = 1_234_567_890_000_000_000  # real CustomJob ids are 19-digit int64s


def _b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def timestamp(seconds):
    """google.protobuf.Timestamp JSON: RFC 3339, Z-normalized, with 0, 3, 6 or 9 fractional digits."""
    whole = int(seconds)
    nanos = round((seconds - whole) * 1e9)
    base = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
    if nanos == 0:
        return base + "Z"
    if nanos % 1_000_000 == 0:
        return f"{base}.{nanos // 1_000_000:03d}Z"
    if nanos % 1000 == 0:
        return f"{base}.{nanos // 1000:06d}Z"
    return f"{base}.{nanos:09d}Z"


class Provider:
    name = "vertex"
    scenarios = {
        "success": [core.Phase(QUEUED, 20), core.Phase(PENDING, 60), core.Phase(RUNNING, 600), core.Phase(SUCCEEDED)],
        "stockout": [core.Phase(QUEUED, 20), core.Phase(PENDING, 120), core.Phase(FAILED, failure=STOCKOUT)],
        "stuck-queued": [core.Phase(QUEUED)],
        "algorithm-error": [core.Phase(QUEUED, 20), core.Phase(PENDING, 60), core.Phase(RUNNING, 300),
                            core.Phase(FAILED, failure=REPLICA_EXIT)],
        "expired": [core.Phase(QUEUED, 1800), core.Phase(EXPIRED)],
    }
    interruptions = {"preemption": core.Phase(FAILED, failure=PREEMPTED)}

    def __init__(self, sim, specs_dir):
        self.sim = sim
        with open(os.path.join(specs_dir, SPEC)) as f:
            document = json.load(f)
        self.validator = DiscoveryValidator(document, enum_type_names={
            "GoogleCloudAiplatformV1CustomJob.state": "google.cloud.aiplatform.v1.JobState",
            "GoogleCloudAiplatformV1MachineSpec.acceleratorType": "google.cloud.aiplatform.v1.AcceleratorType",
            "GoogleCloudAiplatformV1ReservationAffinity.reservationAffinityType":
                "google.cloud.aiplatform.v1.ReservationAffinity.Type",
        })
        self.locations = frozenset(document["x-trainyard-endpointsLocations"])
        methods = document["resources"]["projects"]["resources"]["locations"]["resources"]["customJobs"]["methods"]
        global_params = set(document["parameters"])
        self.query_params = {  # operation -> query parameters the method binds (anything else is rejected)
            op: frozenset(global_params | {n for n, p in methods[m]["parameters"].items() if p["location"] == "query"})
            for op, m in OPERATIONS.items()}
        self.scopes = {op: frozenset(methods[m]["scopes"]) for op, m in OPERATIONS.items()}  # any one suffices
        gcp = sim.secrets["gcp"]
        self.project_id = gcp["project_id"]
        digest = int(hashlib.sha256(self.project_id.encode()).hexdigest(), 16)
        self.project_number = str(10**11 + digest % (9 * 10**11))  # a stable 12-digit number for the project id
        self.projects = frozenset({self.project_id, self.project_number})
        self.public_key = serialization.load_pem_public_key(sim.secrets["_rsa_public"].encode())
        self.faults = {  # fault name -> (google.rpc.Code name, message, ErrorInfo reason or None)
            "QUOTA_EXCEEDED": ("RESOURCE_EXHAUSTED", "The following quota metrics exceed quota limits: "
                               "aiplatform.googleapis.com/custom_model_training_nvidia_l4_gpus", None),
            "RATE_LIMITED": ("RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Resource management (CRUD) "
                             "requests' and limit 'Resource management (CRUD) requests per minute per region' of "
                             "service 'aiplatform.googleapis.com' for consumer 'project_number:{project_number}'.",
                             "RATE_LIMIT_EXCEEDED"),
            "INTERNAL": ("INTERNAL", "Internal error encountered.", None),
            "UNAVAILABLE": ("UNAVAILABLE", "The service is currently unavailable.", None),
            "DEADLINE_EXCEEDED": ("DEADLINE_EXCEEDED", "Deadline expired before operation could complete.", None),
            "UNAUTHENTICATED": ("UNAUTHENTICATED", UNAUTHENTICATED_MESSAGE, "ACCESS_TOKEN_EXPIRED"),
            "PERMISSION_DENIED": ("PERMISSION_DENIED", "Permission '{permission}' denied on resource "
                                  "'//aiplatform.googleapis.com/{resource}' (or it may not exist).",
                                  "IAM_PERMISSION_DENIED"),
            "INVALID_ARGUMENT": ("INVALID_ARGUMENT", "Request contains an invalid argument.", None),
            "NOT_FOUND": ("NOT_FOUND", "Requested entity was not found.", None),
            "FAILED_PRECONDITION": ("FAILED_PRECONDITION", "Precondition check failed.", None),
        }

    def routes(self, app):
        base = "/v1/projects/{project}/locations/{location}/customJobs"
        app.router.add_post("/google/token", self.token)
        app.router.add_post(base, self.create)
        app.router.add_get(base, self.list)
        app.router.add_get(base + "/{tail}", self.get)
        app.router.add_post(base + "/{tail}", self.post_on_job)
        app.router.add_delete(base + "/{tail}", self.delete)

    # MARK: OAuth 2.0 token endpoint

    async def token(self, request):
        form = await request.post()
        grant, assertion = form.get("grant_type", ""), form.get("assertion")
        if grant != JWT_GRANT:
            return self._oauth_error(request, 400, "unsupported_grant_type", f"Invalid grant_type: {grant}")
        if not assertion:
            return self._oauth_error(request, 400, "invalid_request", "Missing required parameter: assertion")
        claims, problem = self._check_assertion(assertion)
        if problem is not None:
            return self._oauth_error(request, 400, *problem)
        scopes = frozenset(claims["scope"].split())
        token = "ya29.c." + secrets.token_urlsafe(96)
        self.sim.issued_tokens[token] = {"provider": self.name, "expires": time.time() + 3599,
                                         "identity": self.sim.secrets["gcp"]["client_email"], "scopes": scopes}
        self.sim.record(self.name, "Token", request, 200)
        return web.json_response({"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

    def _check_assertion(self, assertion):
        """(claims, None) when Google would accept the signed JWT, else (None, (error, error_description))."""
        gcp = self.sim.secrets["gcp"]
        try:
            encoded_header, encoded_claims, encoded_signature = assertion.split(".")
            header = json.loads(_b64url(encoded_header))
            claims = json.loads(_b64url(encoded_claims))
            signature = _b64url(encoded_signature)
            if not isinstance(header, dict) or not isinstance(claims, dict):
                raise ValueError("not a JSON object")
        except (ValueError, binascii.Error):
            return None, ("invalid_grant", "Invalid JWT: the assertion is not a well-formed signed JWT.")
        if claims.get("iss") != gcp["client_email"]:
            return None, ("invalid_grant", "Invalid grant: account not found")
        if header.get("alg") != "RS256" or header.get("kid") != gcp["private_key_id"]:
            return None, ("invalid_grant", "Invalid JWT Signature.")
        try:
            self.public_key.verify(signature, f"{encoded_header}.{encoded_claims}".encode(), padding.PKCS1v15(),
                                   hashes.SHA256())
        except InvalidSignature:
            return None, ("invalid_grant", "Invalid JWT Signature.")
        if claims.get("aud") != gcp["token_uri"]:
            return None, ("invalid_grant", "Invalid JWT: Failed audience check. The right audience is "
                                           + gcp["token_uri"])
        iat, exp, now = claims.get("iat"), claims.get("exp"), time.time()
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (iat, exp)) \
                or exp - iat > 3600 or exp <= now or iat > now + 300:
            return None, ("invalid_grant", SHORT_LIVED)
        if not isinstance(claims.get("scope"), str) or not claims["scope"].strip():
            return None, ("invalid_scope", "Empty or missing scope not allowed.")
        return claims, None

    def _oauth_error(self, request, status, error, description):
        self.sim.record(self.name, "Token", request, status, error=error)
        return core.json_error(status, {"error": error, "error_description": description})

    # MARK: customJobs

    async def create(self, request):
        await self.sim.delay()
        raw = await request.read()
        body, syntax_error = self._decode(raw)
        denied = self._gate(request, "CreateCustomJob", "aiplatform.customJobs.create", body)
        if denied is not None:
            return denied
        if syntax_error is not None:
            return self._error(request, "CreateCustomJob", "INVALID_ARGUMENT", syntax_error, body=body)
        stored, violations = self.validator.parse(JOB_SCHEMA, {} if body is None else body, "custom_job")
        if violations:
            return self._invalid_payload(request, "CreateCustomJob", violations, body)
        problems = [(f, "Required field is not set.") for f in self.validator.missing_required(JOB_SCHEMA, stored)]
        problems += self._server_rules(stored)
        if problems:
            message = "List of found errors:\t" + "".join(
                f"{i}.Field: {field}; Message: {text}\t" for i, (field, text) in enumerate(problems, 1))
            details = [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                        "fieldViolations": [{"field": f, "description": t} for f, t in problems]}]
            return self._error(request, "CreateCustomJob", "INVALID_ARGUMENT", message, details, body=body)

        now = self.sim.clock.now()
        job_id = str(JOB_ID_BASE + self.sim.next_id())
        location = request.match_info["location"]
        job = core.SimJob(self.name, job_id, stored, self.sim.take_scenario(self.name), now)
        name = f"projects/{self.project_number}/locations/{location}/customJobs/{job_id}"
        job.extra.update(location=location, name=name, created=timestamp(now), resource={
            "name": name, "displayName": stored["displayName"], "jobSpec": stored.get("jobSpec", {}),
            **({"labels": stored["labels"]} if "labels" in stored else {})})
        self.sim.jobs[(self.name, job_id)] = job
        self.sim.record(self.name, "CreateCustomJob", request, 200, body=body)
        return web.json_response(self._render(job, now))

    async def list(self, request):
        await self.sim.delay()
        operation = "ListCustomJobs"
        denied = self._gate(request, operation, "aiplatform.customJobs.list")
        if denied is not None:
            return denied
        query = request.query
        try:
            page_size = int(query.get("pageSize", "0"))
        except ValueError:
            return self._error(request, operation, "INVALID_ARGUMENT",
                               f"Invalid value at 'page_size' (TYPE_INT32), \"{query['pageSize']}\"")
        if page_size < 0:
            return self._error(request, operation, "INVALID_ARGUMENT", "page_size must not be negative.")
        page_size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        matches = self._filter(query.get("filter", ""))
        if matches is None:
            return self._error(request, operation, "INVALID_ARGUMENT", f"Invalid filter: \"{query['filter']}\".")
        before = None
        if query.get("pageToken"):
            try:
                before = int(_b64url(query["pageToken"]).decode())
            except (ValueError, binascii.Error, UnicodeDecodeError):
                return self._error(request, operation, "INVALID_ARGUMENT", "The provided page token is invalid.")

        now, location = self.sim.clock.now(), request.match_info["location"]
        found = []  # newest first, like the real list
        for job in reversed(list(self.sim.jobs.values())):
            if job.provider != self.name or job.deleted or job.extra["location"] != location:
                continue
            if before is not None and int(job.id) >= before:
                continue
            resource = self._render(job, now)
            if matches(resource):
                found.append(resource)
                if len(found) > page_size:
                    break
        out = {}  # proto3 JSON: an empty list is omitted, so no jobs at all answers {}
        if found:
            out["customJobs"] = found[:page_size]
        if len(found) > page_size:
            last = found[page_size - 1]["name"].rsplit("/", 1)[1]
            out["nextPageToken"] = base64.urlsafe_b64encode(last.encode()).decode().rstrip("=")
        self.sim.record(self.name, operation, request, 200)
        return web.json_response(out)

    async def get(self, request):
        await self.sim.delay()
        operation = "GetCustomJob"
        denied = self._gate(request, operation, "aiplatform.customJobs.get")
        if denied is not None:
            return denied
        job, missing = self._lookup(request, operation, request.match_info["tail"])
        if missing is not None:
            return missing
        self.sim.record(self.name, operation, request, 200)
        return web.json_response(self._render(job, self.sim.clock.now()))

    async def post_on_job(self, request):
        """`POST .../customJobs/{id}:cancel`; any other custom verb is not a route of the API."""
        job_id, _, verb = request.match_info["tail"].partition(":")
        if verb != "cancel":
            self.sim.record(self.name, "Unknown", request, 404, error="NOT_FOUND")
            return core.json_error(404, {"error": {"code": 404, "message": f"The requested URL {request.path} was "
                                                                          "not found on this server.",
                                                   "status": "NOT_FOUND"}})
        await self.sim.delay()
        operation = "CancelCustomJob"
        raw = await request.read()
        body, syntax_error = self._decode(raw)
        denied = self._gate(request, operation, "aiplatform.customJobs.cancel", body)
        if denied is not None:
            return denied
        if syntax_error is not None:
            return self._error(request, operation, "INVALID_ARGUMENT", syntax_error, body=body)
        _, violations = self.validator.parse(CANCEL_SCHEMA, {} if body is None else body, "")
        if violations:
            return self._invalid_payload(request, operation, violations, body)
        job, missing = self._lookup(request, operation, job_id, body)
        if missing is not None:
            return missing
        now = self.sim.clock.now()
        state = job.phase(now)[0].state
        if state in TERMINAL:
            return self._error(request, operation, "FAILED_PRECONDITION",
                               f"Cannot cancel CustomJob \"{job.extra['name']}\" because it is in state {state}; "
                               "only jobs that have not finished can be cancelled.", body=body)
        if state != CANCELLING:
            self._end_scenario(job, now, [core.Phase(CANCELLING, CANCEL_SECONDS), core.Phase(CANCELLED,
                                                                                          failure=CANCELED)])
            job.cancel_requested_at = now
        self.sim.record(self.name, operation, request, 200, body=body)
        return web.json_response({})

    async def delete(self, request):
        await self.sim.delay()
        operation = "DeleteCustomJob"
        denied = self._gate(request, operation, "aiplatform.customJobs.delete")
        if denied is not None:
            return denied
        job, missing = self._lookup(request, operation, request.match_info["tail"])
        if missing is not None:
            return missing
        now = self.sim.clock.now()
        state = job.phase(now)[0].state
        if state not in TERMINAL:
            return self._error(request, operation, "FAILED_PRECONDITION",
                               f"CustomJob \"{job.extra['name']}\" is in state {state} and cannot be deleted; "
                               "cancel it and wait until it has finished.")
        job.deleted = True
        stamp = timestamp(now)
        self.sim.record(self.name, operation, request, 200)
        return web.json_response({
            "name": f"projects/{self.project_number}/locations/{job.extra['location']}/operations/"
                    f"{JOB_ID_BASE + self.sim.next_id()}",
            "metadata": {"@type": "type.googleapis.com/google.cloud.aiplatform.v1.DeleteOperationMetadata",
                         "genericMetadata": {"createTime": stamp, "updateTime": stamp}},
            "done": True,
            "response": {"@type": "type.googleapis.com/google.protobuf.Empty"},
        })

    # MARK: helpers

    def _gate(self, request, operation, permission, body=None):
        """The checks every customJobs call passes before its own work: bearer token, scopes, an injected fault,
        query parameters, project and location. Returns the error response, or None."""
        header = request.headers.get("Authorization")
        token = request.query.get("access_token")
        if header is not None:
            scheme, _, token = header.partition(" ")
            token = token.strip() if scheme.lower() == "bearer" else ""
        info = self.sim.issued_tokens.get(token) if token is not None else None
        if token is None or info is None or info["provider"] != self.name or info["expires"] <= time.time():
            reason = "CREDENTIALS_MISSING" if token is None else \
                "ACCESS_TOKEN_EXPIRED" if info is not None and info["provider"] == self.name else \
                "ACCESS_TOKEN_TYPE_UNSUPPORTED"
            return self._error(request, operation, "UNAUTHENTICATED",
                               MISSING_CREDENTIALS_MESSAGE if token is None else UNAUTHENTICATED_MESSAGE,
                               [self._error_info(reason, operation)], body=body,
                               headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'})
        if not info["scopes"] & self.scopes[operation]:
            return self._error(request, operation, "PERMISSION_DENIED",
                               "Request had insufficient authentication scopes.",
                               [self._error_info("ACCESS_TOKEN_SCOPE_INSUFFICIENT", operation)], body=body,
                               headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", '
                                                            f'error="insufficient_scope", scope="{CLOUD_PLATFORM}"'})

        project, location = request.match_info["project"], request.match_info["location"]
        fault = self.sim.take_fault(self.name, operation)
        if fault is not None:
            return self._fault(request, operation, fault, permission, f"projects/{project}/locations/{location}",
                               body)
        for param in request.query:
            if param not in self.query_params[operation]:
                message = (f'Invalid JSON payload received. Unknown name "{param}": Cannot bind query parameter. '
                           f"Field '{param}' could not be found in request message.")
                return self._error(request, operation, "INVALID_ARGUMENT", message,
                                   [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                                     "fieldViolations": [{"description": message}]}], body=body)
        if project not in self.projects:
            resource = f"projects/{project}/locations/{location}"
            return self._error(request, operation, "PERMISSION_DENIED",
                               f"Permission '{permission}' denied on resource '//{SERVICE}/{resource}' (or it may "
                               "not exist).", [self._error_info("IAM_PERMISSION_DENIED", operation,
                                                                permission=permission, resource=resource)], body=body)
        if location not in self.locations:
            return self._error(request, operation, "INVALID_ARGUMENT",
                               f"Location '{location}' is not supported by Vertex AI custom training.", body=body)
        return None

    def _fault(self, request, operation, fault, permission, resource, body):
        if fault not in self.faults:
            return self._error(request, operation, "INTERNAL", f"simulator: unknown vertex fault {fault!r}; known: "
                                                               f"{', '.join(sorted(self.faults))}", body=body)
        status, message, reason = self.faults[fault]
        message = message.format(project_number=self.project_number, permission=permission, resource=resource)
        details = None
        if reason == "RATE_LIMIT_EXCEEDED":
            details = [self._error_info(reason, operation, quota_metric=f"{SERVICE}/resource_management_requests",
                                        quota_limit="ResourceManagementRequestsPerMinutePerProjectPerRegion",
                                        quota_location=request.match_info["location"], quota_limit_value="600",
                                        consumer=f"projects/{self.project_number}"),
                       {"@type": "type.googleapis.com/google.rpc.Help", "links": [{
                           "description": "Request a higher quota limit.",
                           "url": "https://cloud.google.com/docs/quotas/help/request_increase"}]}]
        elif reason == "IAM_PERMISSION_DENIED":
            details = [self._error_info(reason, operation, permission=permission, resource=resource)]
        elif reason is not None:
            details = [self._error_info(reason, operation)]
        headers = {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'} \
            if status == "UNAUTHENTICATED" else None
        return self._error(request, operation, status, message, details, body=body, headers=headers)

    def _error_info(self, reason, operation, **metadata):
        domain = "aiplatform.googleapis.com" if reason == "IAM_PERMISSION_DENIED" else "googleapis.com"
        return {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason, "domain": domain,
                "metadata": {"service": SERVICE, "method": f"google.cloud.aiplatform.v1.JobService.{operation}",
                             **metadata}}

    def _error(self, request, operation, status, message, details=None, body=None, headers=None):
        code = HTTP_STATUS[status]
        error = {"code": code, "message": message, "status": status}
        if details:
            error["details"] = details
        self.sim.record(self.name, operation, request, code, body=body, error=status)
        return core.json_error(code, {"error": error}, headers)

    def _invalid_payload(self, request, operation, violations, body):
        return self._error(request, operation, "INVALID_ARGUMENT", "\n".join(d for _, d in violations),
                           [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                             "fieldViolations": [{"field": f, "description": d} if f else {"description": d}
                                                 for f, d in violations]}], body=body)

    @staticmethod
    def _decode(raw):
        """(parsed JSON or None, Google's syntax-error message or None). An empty body is an empty message."""
        if not raw.strip():
            return None, None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            return None, f"Invalid JSON payload received. Invalid UTF-8 byte at offset {e.start}."
        try:
            return json.loads(text, parse_constant=_reject_constant), None
        except ValueError as e:
            pos = getattr(e, "pos", 0)
            line_start = text.rfind("\n", 0, pos) + 1
            snippet_start = max(line_start, pos - 20)
            line_end = text.find("\n", pos)
            snippet = text[snippet_start:line_end if line_end >= 0 else len(text)][:40]
            return None, f"Invalid JSON payload received. Unexpected token.\n{snippet}\n{' ' * (pos - snippet_start)}^"

    def _server_rules(self, job):
        """The service's own checks beyond the schema (answered in the same "List of found errors" form)."""
        problems = []
        if len(job.get("displayName", "")) > 128:
            problems.append(("display_name", "The display name can be at most 128 characters long."))
        for key, value in job.get("labels", {}).items():
            if not (key and LABEL_KEY_START.match(key) and LABEL.fullmatch(key) and LABEL.fullmatch(value)
                    and key == key.lower() and value == value.lower()):
                problems.append(("labels", f"Invalid label \"{key}\": \"{value}\". Label keys and values can be no "
                                           "longer than 64 characters, can only contain lowercase letters, numeric "
                                           "characters, underscores and dashes, and keys must start with a letter."))
        for i, pool in enumerate(job.get("jobSpec", {}).get("workerPoolSpecs", [])):
            if not pool and i > 0:
                continue  # an empty WorkerPoolSpec skips that pool in distributed training
            where = f"job_spec.worker_pool_specs[{i}]"
            machine = pool.get("machineSpec", {})
            if "machineType" not in machine:
                problems.append((f"{where}.machine_spec.machine_type", "Required field is not set."))
            if ("acceleratorType" in machine) != ("acceleratorCount" in machine):
                problems.append((f"{where}.machine_spec.accelerator_type",
                                 "Both `accelerator_type` and `accelerator_count` should be specified or none."))
            if "containerSpec" not in pool and "pythonPackageSpec" not in pool:
                problems.append((f"{where}.task", "Required field is not set."))
            for spec_name, field in (("containerSpec", "container_spec"), ("pythonPackageSpec", "python_package_spec")):
                for j, env in enumerate(pool.get(spec_name, {}).get("env", [])):
                    if "name" in env and not C_IDENTIFIER.fullmatch(env["name"]):
                        problems.append((f"{where}.{field}.env[{j}].name",
                                         "Environment variable name must be a valid C identifier."))
        return problems

    def _lookup(self, request, operation, job_id, body=None):
        """(job, None) or (None, error response) for the job `job_id` under the request's location."""
        name = f"projects/{request.match_info['project']}/locations/{request.match_info['location']}/customJobs/" \
               f"{job_id}"
        if not job_id.isdigit():
            return None, self._error(request, operation, "INVALID_ARGUMENT",
                                     f"Invalid CustomJob resource name: \"{name}\"; the job ID must be a number.",
                                     body=body)
        job = self.sim.jobs.get((self.name, job_id))
        if job is None or job.deleted or job.extra["location"] != request.match_info["location"]:
            return None, self._error(request, operation, "NOT_FOUND", f"The CustomJob \"{name}\" does not exist.",
                                     body=body)
        return job, None

    @staticmethod
    def _end_scenario(job, now, tail):
        """Cuts the job's scenario at `now` and continues it with `tail`."""
        kept, started = [], job.created
        for phase in job.phases:
            if phase.seconds is None or now < started + phase.seconds:
                if now > started:
                    kept.append(core.Phase(phase.state, now - started, phase.secondary, phase.failure))
                break
            kept.append(phase)
            started += phase.seconds
        job.phases = kept + tail

    def _render(self, job, now):
        """The CustomJob resource as GetCustomJob answers it at simulated time `now`."""
        phase, since = job.phase(now)
        state = phase.state
        out = dict(job.extra["resource"])
        out["state"] = state
        out["createTime"] = job.extra["created"]
        began = job.started_running((RUNNING,))
        if began is not None and began <= now and (job.forced is None or began < job.forced_at):
            out["startTime"] = timestamp(began)
        if state in TERMINAL:
            out["endTime"] = timestamp(since)
        out["updateTime"] = timestamp(max(since, job.created))
        if state in WITH_ERROR and phase.failure is not None:
            out["error"] = {"code": phase.failure["code"], "message": phase.failure["message"].format(
                location=job.extra["location"], project_number=self.project_number, job_id=job.id)}
        return out

    def _filter(self, text):
        """A predicate over rendered CustomJobs for a list `filter` (`labels.k=v`, `labels.k:*`, `state=`,
        `display_name=`, joined with AND), or None when the filter is not understood."""
        tests = []
        for term in filter(None, (t.strip() for t in re.split(r"\s+AND\s+", text.strip()))):
            match = FILTER_TERM.fullmatch(term)
            if match is None:
                return None
            field, _, label, op, value = match.groups()
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            if label is not None:
                if op == ":" and value != "*":
                    return None
                tests.append(lambda job, k=label, v=value, op=op: (k in job.get("labels", {})) if op == ":" else
                             ((job.get("labels", {}).get(k) == v) == (op == "=")))
            else:
                if op == ":":
                    return None
                key = "state" if field == "state" else "displayName"
                tests.append(lambda job, k=key, v=value, op=op: (job.get(k) == v) == (op == "="))
        return lambda job: all(test(job) for test in tests)
