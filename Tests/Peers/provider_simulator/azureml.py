"""Azure Machine Learning command jobs through Azure Resource Manager, and the Microsoft identity platform's
client-credentials token endpoint.

Contract: shared/api-specs/README.md, "Azure Machine Learning (ARM, api-version 2025-12-01)" and its "Token:
client-credentials grant"; the body of Jobs_CreateOrUpdate is validated against `JobBaseResource` of
`azureml/machinelearningservices-2025-12-01.jobs.swagger.json` (with `swagger.py`: `properties` dispatches on
`jobType` to CommandJob), the path patterns come from the same file, and states are its `JobStatus` values
(shared/api-specs/state-mapping.json, "azureml").

Routes, all answering ARM's `{"error": {"code", "message", ...}}` on failure:
  POST /{tenant}/oauth2/v2.0/token                    client_credentials grant -> bearer token for ARM
  GET  {workspace}?api-version=2025-12-01             Workspaces_Get (the adapter's credential check)
  PUT  {workspace}/jobs/{id}?api-version=...          Jobs_CreateOrUpdate: 201 new, 200 same body / mutable update
  GET  {workspace}/jobs/{id}?api-version=...          Jobs_Get
  POST {workspace}/jobs/{id}/cancel?api-version=...   Jobs_Cancel: 202 + Location + Retry-After; 200 when finished
  GET  {workspace}/jobs?api-version=...               Jobs_List: $skip paging via nextLink; tag, jobType,
                                                      listViewType, properties filters
where {workspace} is /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/
workspaces/{ws}. Every workspace of the secrets' subscription exists unless its resource group or its own name
starts with `missing-`.

The ARM schema has no start/end time or error members for a job; this simulator reports them, as Azure ML's run
history names them, in the job's string map `properties.properties`: `StartTimeUtc` (once Running), `EndTimeUtc`
(once terminal), and for a failed job `ErrorCode` and `ErrorMessage` (Azure ML's own wording).
"""

import base64
import hmac
import json
import re
import secrets
import time
import uuid
from urllib.parse import parse_qsl

from aiohttp import web

from . import core
from .swagger import Swagger

API_VERSION = "2025-12-01"
SWAGGER = "azureml/machinelearningservices-2025-12-01.jobs.swagger.json"
WORKSPACE = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}"
JOB_TYPE = "Microsoft.MachineLearningServices/workspaces/jobs"
LOCATION = "eastus"
ARM_AUDIENCES = {"https://management.azure.com", "https://management.core.windows.net"}
TERMINAL = {"Completed", "Failed", "Canceled"}
CANCEL_SECONDS = 30
CANCEL_RETRY_AFTER = "10"  # the swagger's minimum for Jobs_Cancel's Retry-After
PAGE_SIZE = 20
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
COMPUTE_ID = re.compile(r"^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/"
                        r"Microsoft\.MachineLearningServices/workspaces/([^/]+)/computes/([^/]+)$", re.IGNORECASE)
ACTIONS = {
    "Workspaces_Get": "Microsoft.MachineLearningServices/workspaces/read",
    "Jobs_CreateOrUpdate": "Microsoft.MachineLearningServices/workspaces/jobs/write",
    "Jobs_Get": "Microsoft.MachineLearningServices/workspaces/jobs/read",
    "Jobs_List": "Microsoft.MachineLearningServices/workspaces/jobs/read",
    "Jobs_Cancel": "Microsoft.MachineLearningServices/workspaces/jobs/cancel/action",
}

# What a failed job reports (properties.properties ErrorCode / ErrorMessage). Wording: README "Quota -> fallback"
# (MicrosoftDocs/azure-docs #121466, MicrosoftLearning/mslearn-dp100 #35); preemption: Azure/MachineLearningNotebooks
# #1242 and microsoft/MLOpsPython #346 (low-priority nodes pre-empted fail the job rather than restarting it).
OUT_OF_QUOTA = {
    "code": "OutOfQuota",
    "message": "AzureMLCompute job failed. OutOfQuota: Not enough cluster CPU quota to run the job. "
               "JobNodeCountExceedsCoreQuota: The specified subscription has a Standard NCADS_A100_v4 Family vCPU "
               "quota of 0 and cannot accomodate for at least 1 requested managed compute node which maps to 24 "
               "vCPUs. Talk to your Subscription Admin or refer to https://aka.ms/azureml-quota to increase the quota.",
}
USER_FAILURE = {
    "code": "UserError",
    "message": "Execution failed. User process 'python' exited with status code 1. Please check log file "
               "'user_logs/std_log.txt' for error details. Error: Traceback (most recent call last): "
               "File \"train.py\", line 1, in <module> RuntimeError: training diverged",
}
PREEMPTED = {
    "code": "PreemptionError",
    "message": "AzureMLCompute job failed. PreemptionError: Nodes of this job got pre-empted. Check if the run has "
               "failed or restarted. Reason: Received pre-emption warning signal",
}

# Injectable ARM errors: name -> (status, code, message template, headers). Templates see the request's
# sub/rg/ws/job/scope/action/client/object/expiry/now.
WWW_AUTHENTICATE = 'Bearer authorization_uri="{authority}/{tenant}", error="invalid_token", error_description="{why}"'
FAULTS = {
    "TooManyRequests": (429, "TooManyRequests", "The request is being throttled as the limit has been reached for "
                        "operation type - Requests_ObservationWindow_00:05:00. For more information, refer to - "
                        "https://aka.ms/armthrottling", {"Retry-After": "1"}),
    "InternalServerError": (500, "InternalServerError", "The server encountered an internal error. Please retry the "
                            "request.", {}),
    "ServiceUnavailable": (503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry the "
                           "request.", {"Retry-After": "1"}),
    "GatewayTimeout": (504, "GatewayTimeout", "The gateway did not receive a response from "
                       "'Microsoft.MachineLearningServices' within the specified time period.", {}),
    "InvalidAuthenticationToken": (401, "InvalidAuthenticationToken", "The access token is invalid.", None),
    "ExpiredAuthenticationToken": (401, "ExpiredAuthenticationToken", "The access token expiry UTC time '{expiry}' "
                                   "is earlier than current UTC time '{now}'.", None),
    "AuthorizationFailed": (403, "AuthorizationFailed", "The client '{client}' with object id '{object}' does not "
                            "have authorization to perform action '{action}' over scope '{scope}' or the scope is "
                            "invalid. If access was recently granted, please refresh your credentials.", {}),
    "QuotaExceeded": (409, "QuotaExceeded", "Operation could not be completed as it results in exceeding approved "
                      "Standard NCADS_A100_v4 Family Cores quota. Additional details - Deployment Model: Resource "
                      "Manager, Location: eastus, Current Limit: 0, Current Usage: 0, Additional Required: 24, "
                      "(Minimum) New Limit Required: 24.", {}),
    "OutOfQuota": (400, "OutOfQuota", OUT_OF_QUOTA["message"], {}),
    "BadRequest": (400, "BadRequest", "The request is invalid.", {}),
    "UserError": (400, "UserError", "The request is invalid: the job definition was rejected by the service.", {}),
    "ResourceNotFound": (404, "ResourceNotFound", "The Resource 'Microsoft.MachineLearningServices/workspaces/{ws}' "
                         "under resource group '{rg}' was not found. For more details please go to "
                         "https://aka.ms/ARMResourceNotFoundFix", {}),
    "Conflict": (409, "Conflict", "The request conflicts with an operation in progress on '{scope}'. Please retry "
                 "the request later.", {}),
}


class _ArmError(Exception):
    """An ARM error answer: status, `error.code`, `error.message`, optional `error.target` and headers."""

    def __init__(self, status, code, message, headers=None, target=None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers, self.target = status, code, message, headers, target


class Provider:
    name = "azureml"
    scenarios = {
        "success": [core.Phase("NotStarted", 5), core.Phase("Queued", 30), core.Phase("Preparing", 30),
                    core.Phase("Running", 600), core.Phase("Finalizing", 30), core.Phase("Completed")],
        "stuck-queued": [core.Phase("Queued")],
        "quota-failure": [core.Phase("Queued", 30), core.Phase("Failed", failure=OUT_OF_QUOTA)],
        "user-error": [core.Phase("Running", 60), core.Phase("Failed", failure=USER_FAILURE)],
    }
    interruptions = {"preemption": core.Phase("Failed", failure=PREEMPTED)}

    def __init__(self, sim, specs_dir):
        self.sim = sim
        self.azure = sim.secrets["azure"]
        self.swagger = Swagger(f"{specs_dir}/{SWAGGER}")
        parameters = self.swagger.document["parameters"]
        self.rg_pattern = re.compile(parameters["ResourceGroupNameParameter"]["pattern"])
        self.rg_max = parameters["ResourceGroupNameParameter"]["maxLength"]
        self.ws_pattern = re.compile(parameters["WorkspaceNameParameter"]["pattern"])
        put = self.swagger.document["paths"][WORKSPACE.format(
            sub="{subscriptionId}", rg="{resourceGroupName}", ws="{workspaceName}") + "/jobs/{id}"]["put"]
        self.id_pattern = next(p["pattern"] for p in put["parameters"] if p.get("name") == "id")
        members = self.swagger.members("CommandJob")
        self.nullable = [n for n, s in members.items() if s.get("x-nullable") and not s.get("readOnly")]
        self.immutable = [n for n, s in members.items() if "update" not in s.get("x-ms-mutability", ["update"])]
        self.object_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "azure-sp:" + self.azure["clientID"]))
        self.cancel_requested = core.Phase("CancelRequested", CANCEL_SECONDS)
        self.canceled = core.Phase("Canceled")

    def routes(self, app):
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self.token)
        app.router.add_get(WORKSPACE, self.get_workspace)
        app.router.add_get(WORKSPACE + "/jobs", self.list_jobs)
        app.router.add_put(WORKSPACE + "/jobs/{id}", self.put_job)
        app.router.add_get(WORKSPACE + "/jobs/{id}", self.get_job)
        app.router.add_post(WORKSPACE + "/jobs/{id}/cancel", self.cancel_job)

    # MARK: token endpoint (Microsoft identity platform v2.0)

    async def token(self, request):
        tenant = request.match_info["tenant"]
        form = {}  # the endpoint reads only form-encoded bodies; anything else lacks every parameter
        if request.content_type == "application/x-www-form-urlencoded":
            form = dict(parse_qsl((await request.read()).decode("utf-8", "replace"), keep_blank_values=True))
        logged = {k: ("***" if k == "client_secret" else v) for k, v in form.items()}
        client_id, secret, scope = form.get("client_id"), form.get("client_secret"), form.get("scope")

        def refuse(status, error, number, description):
            self.sim.record(self.name, "Token", request, status, body=logged, error=error)
            return self._aad_error(status, error, number, description)

        if tenant != self.azure["tenantID"]:
            return refuse(400, "invalid_request", 90002, f"Tenant '{tenant}' not found. Check to make sure you have "
                          "the correct tenant ID and are signing into the correct cloud. Check with your subscription "
                          "administrator, this may happen if there are no active subscriptions for the tenant.")
        for parameter in ("grant_type", "client_id"):
            if not form.get(parameter):
                return refuse(400, "invalid_request", 900144,
                              f"The request body must contain the following parameter: '{parameter}'.")
        if form["grant_type"] != "client_credentials":
            return refuse(400, "unsupported_grant_type", 70003,
                          f"The app requested an unsupported grant type '{form['grant_type']}'.")
        if not hmac.compare_digest(client_id.encode(), self.azure["clientID"].encode()):
            return refuse(400, "unauthorized_client", 700016, f"Application with identifier '{client_id}' was not "
                          f"found in the directory '{tenant}'. This can happen if the application has not been "
                          "installed by the administrator of the tenant or consented to by any user in the tenant. "
                          "You may have sent your authentication request to the wrong tenant.")
        if not secret:
            return refuse(401, "invalid_client", 7000218, "The request body must contain the following parameter: "
                          "'client_assertion' or 'client_secret'.")
        if not hmac.compare_digest(secret.encode(), self.azure["clientSecret"].encode()):
            return refuse(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being "
                          "sent in the request is the client secret value, not the client secret ID, for a secret "
                          f"added to app '{client_id}'.")
        if not scope:
            return refuse(400, "invalid_request", 900144,
                          "The request body must contain the following parameter: 'scope'.")
        if not scope.endswith("/.default") or " " in scope:
            return refuse(400, "invalid_scope", 1002012, f"The provided value for scope {scope} is not valid. "
                          "Client credential flows must have a scope value with /.default suffixed to the resource "
                          "identifier (application ID URI).")
        audience = scope[:-len("/.default")].rstrip("/")
        now = int(time.time())
        claims = {"aud": audience + "/", "iss": f"https://sts.windows.net/{tenant}/", "iat": now, "nbf": now,
                  "exp": now + 3599, "appid": client_id, "tid": tenant, "oid": self.object_id,
                  "sub": self.object_id, "idtyp": "app", "ver": "1.0", "uti": secrets.token_urlsafe(16)}
        token = ".".join(_b64url(json.dumps(part, separators=(",", ":")).encode())
                         for part in ({"typ": "JWT", "alg": "RS256", "kid": "simulator"}, claims))
        token += "." + _b64url(secrets.token_bytes(64))
        self.sim.issued_tokens[token] = {"provider": self.name, "expires": now + 3599, "identity": client_id,
                                         "audience": audience}
        self.sim.record(self.name, "Token", request, 200, body=logged)
        return web.json_response({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                                  "access_token": token},
                                 headers={"Cache-Control": "no-store, no-cache", "Pragma": "no-cache"})

    def _aad_error(self, status, error, number, description):
        stamp = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime())
        trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
        return core.json_error(status, {
            "error": error,
            "error_description": f"AADSTS{number}: {description} Trace ID: {trace} Correlation ID: {correlation} "
                                 f"Timestamp: {stamp}",
            "error_codes": [number], "timestamp": stamp, "trace_id": trace, "correlation_id": correlation,
            "error_uri": f"{self.azure['authorityHost']}/error?code={number}",
        }, headers={"Cache-Control": "no-store, no-cache", "Pragma": "no-cache"})

    # MARK: ARM request pipeline

    async def _serve(self, request, operation, handler):
        """Runs an ARM operation: latency, authentication, an injected fault, api-version and workspace checks,
        then `handler(request, info)` -> (status, body object or None, headers); records the outcome."""
        await self.sim.delay()
        try:
            info = self._authenticate(request, operation)
            fault = self.sim.take_fault(self.name, operation)
            if fault is not None:
                raise self._fault(fault, request, operation, info)
            version = request.query.get("api-version")
            if not version:
                raise _ArmError(400, "MissingApiVersionParameter",
                                "The api-version query parameter (?api-version=) is required for all requests.")
            if version != API_VERSION:
                raise _ArmError(400, "InvalidApiVersionParameter", f"The api-version '{version}' is invalid. "
                                f"The supported versions are '{API_VERSION}'.")
            self._check_workspace(request)
            status, payload, headers = await handler(request, info)
        except _ArmError as error:
            self.sim.record(self.name, operation, request, error.status, body=request.get("sim_body"),
                            error=error.code)
            body = {"error": {"code": error.code, "message": error.message, "target": error.target,
                              "details": [], "additionalInfo": []}}
            return core.json_error(error.status, body, headers={**_ids(), "x-ms-response-type": "error",
                                                                  **(error.headers or {})})
        self.sim.record(self.name, operation, request, status, body=request.get("sim_body"))
        if payload is None:
            return web.Response(status=status, headers={**_ids(), **headers})
        if not isinstance(payload, bytes):
            payload = json.dumps(payload).encode()
        return web.Response(status=status, body=payload, content_type="application/json",
                            headers={**_ids(), **headers})

    def _www_authenticate(self, why):
        return {"WWW-Authenticate": WWW_AUTHENTICATE.format(authority=self.azure["authorityHost"],
                                                             tenant=self.azure["tenantID"], why=why)}

    def _authenticate(self, request, operation):
        header = request.headers.get("Authorization")
        if header is None:
            raise _ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is "
                            "missing.", self._www_authenticate("The authentication failed because of missing "
                                                               "'Authorization' header."))
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is "
                            "provided in an invalid format.", self._www_authenticate("The authentication failed "
                                                                                    "because of invalid format."))
        info = self.sim.issued_tokens.get(token.strip())
        if info is None or info["provider"] != self.name:
            raise self._fault("InvalidAuthenticationToken", request, operation, None)
        if info["expires"] <= time.time():
            raise self._fault("ExpiredAuthenticationToken", request, operation, info)
        if info["audience"] not in ARM_AUDIENCES:
            raise _ArmError(401, "InvalidAuthenticationTokenAudience", "The access token has been obtained for wrong "
                            f"audience or resource '{info['audience']}/'. It should exactly match with one of the "
                            "allowed audiences 'https://management.core.windows.net/','https://management.core."
                            "windows.net','https://management.azure.com/','https://management.azure.com'.",
                            self._www_authenticate("The access token has been obtained for wrong audience."))
        subscription = request.match_info["sub"]
        if not UUID.match(subscription):
            raise _ArmError(400, "InvalidSubscriptionId",
                            f"The provided subscription identifier '{subscription}' is malformed or invalid.")
        if subscription != self.azure["subscriptionID"]:
            raise self._fault("AuthorizationFailed", request, operation, info)
        return info

    def _fault(self, name, request, operation, info):
        """The `_ArmError` for an injectable error name (an unknown name answers 500 so the test sees it)."""
        if name not in FAULTS:
            return _ArmError(500, "InternalServerError", f"simulator: unknown azureml fault '{name}'")
        status, code, template, headers = FAULTS[name]
        expires = info["expires"] if info else time.time() - 60
        message = template.format(
            sub=request.match_info.get("sub"), rg=request.match_info.get("rg"), ws=request.match_info.get("ws"),
            scope=request.path.removesuffix("/cancel"), action=ACTIONS[operation], client=self.azure["clientID"],
            object=self.object_id, expiry=_arm_time(min(expires, time.time() - 1)), now=_arm_time(time.time()))
        if headers is None:
            headers = self._www_authenticate(message)
        return _ArmError(status, code, message, headers)

    def _check_workspace(self, request):
        rg, ws = request.match_info["rg"], request.match_info["ws"]
        if len(rg) > self.rg_max or not self.rg_pattern.search(rg) or rg.startswith("missing-"):
            raise _ArmError(404, "ResourceGroupNotFound", f"Resource group '{rg}' could not be found.")
        if not self.ws_pattern.search(ws) or ws.startswith("missing-"):
            raise _ArmError(404, "ResourceNotFound", f"The Resource 'Microsoft.MachineLearningServices/workspaces/"
                            f"{ws}' under resource group '{rg}' was not found. For more details please go to "
                            "https://aka.ms/ARMResourceNotFoundFix")

    def _job(self, request):
        """The job the path names in the path's workspace, else Azure ML's 404."""
        job_id = request.match_info["id"]
        job = self.sim.jobs.get((self.name, job_id))
        if job is None or job.deleted or job.extra["scope"] != _scope(request):
            raise _ArmError(404, "UserError", f"Run {job_id} was not found")
        return job

    # MARK: operations

    async def get_workspace(self, request):
        return await self._serve(request, "Workspaces_Get", self._get_workspace)

    async def put_job(self, request):
        return await self._serve(request, "Jobs_CreateOrUpdate", self._put_job)

    async def get_job(self, request):
        return await self._serve(request, "Jobs_Get", self._get_job)

    async def cancel_job(self, request):
        return await self._serve(request, "Jobs_Cancel", self._cancel_job)

    async def list_jobs(self, request):
        return await self._serve(request, "Jobs_List", self._list_jobs)

    async def _get_workspace(self, request, info):
        sub, rg, ws = (request.match_info[k] for k in ("sub", "rg", "ws"))
        arm_id = WORKSPACE.format(sub=sub, rg=rg, ws=ws)
        group = f"/subscriptions/{sub}/resourceGroups/{rg}/providers"
        stamp = _arm_time(self.sim.clock.now())
        return 200, {
            "id": arm_id, "name": ws, "type": "Microsoft.MachineLearningServices/workspaces", "location": LOCATION,
            "tags": {}, "kind": "Default", "sku": {"name": "Basic", "tier": "Basic"},
            "identity": {"type": "SystemAssigned", "principalId": str(uuid.uuid5(uuid.NAMESPACE_URL, arm_id)),
                         "tenantId": self.azure["tenantID"]},
            "systemData": {"createdAt": stamp, "createdBy": info["identity"], "createdByType": "Application",
                           "lastModifiedAt": stamp, "lastModifiedBy": info["identity"],
                           "lastModifiedByType": "Application"},
            "properties": {
                "friendlyName": ws, "description": "", "provisioningState": "Succeeded",
                "workspaceId": str(uuid.uuid5(uuid.NAMESPACE_URL, arm_id.lower())),
                "storageAccount": f"{group}/Microsoft.Storage/storageAccounts/{ws.replace('-', '')[:20]}store",
                "keyVault": f"{group}/Microsoft.KeyVault/vaults/{ws[:18]}-kv",
                "applicationInsights": f"{group}/Microsoft.insights/components/{ws}-ai",
                "containerRegistry": None, "hbiWorkspace": False, "publicNetworkAccess": "Enabled",
                "discoveryUrl": f"https://{LOCATION}.api.azureml.ms/discovery",
                "mlFlowTrackingUri": f"azureml://{LOCATION}.api.azureml.ms/mlflow/v1.0{arm_id}",
                "v1LegacyMode": False,
            },
        }, {}

    async def _put_job(self, request, info):
        job_id = request.match_info["id"]
        if not re.search(self.id_pattern, job_id):
            raise _ArmError(400, "UserError", f"The field id must match the regular expression '{self.id_pattern}'.",
                            target="id")
        if request.content_type != "application/json":
            raise _ArmError(415, "UnsupportedMediaType", f"The content media type '{request.content_type}' is not "
                            "supported. Only 'application/json' is supported.")
        raw = await request.read()
        try:
            body = json.loads(raw)
        except ValueError as error:  # includes UnicodeDecodeError
            raise _ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be "
                            f"deserialized: '{error}'.")
        request["sim_body"] = body
        if not isinstance(body, dict):
            raise _ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be "
                            f"deserialized: 'expected a JSON object, got {type(body).__name__}'.")
        violation = self.swagger.validate("JobBaseResource", body)
        if violation is not None:
            raise _ArmError(400, "UserError", f"Invalid job definition: {violation}",
                            target=violation.partition(": ")[0])
        properties = body["properties"]
        self._check_compute(request, properties.get("computeId"))
        now = self.sim.clock.now()
        job = self.sim.jobs.get((self.name, job_id))
        if job is not None and not job.deleted:
            if job.extra["scope"] != _scope(request):
                raise _ArmError(409, "Conflict", f"A job named '{job_id}' exists in another workspace of this "
                                "simulator; job names are unique per simulator.")
            for member in self.immutable:
                if job.body["properties"].get(member) != properties.get(member):
                    raise _ArmError(400, "UserError", f"Job '{job_id}' already exists and its property '{member}' "
                                    "cannot be updated.", target=f"properties.{member}")
            if body != job.body:
                job.body, job.extra["modified"] = body, now
                self._prepare(job, request, info)
            return 200, self._render(job, now), {}
        job = core.SimJob(self.name, job_id, body, self.sim.take_scenario(self.name), now)
        job.extra.update(scope=_scope(request), modified=now)
        self._prepare(job, request, info)
        self.sim.jobs[(self.name, job_id)] = job
        return 201, self._render(job, now), {}

    def _check_compute(self, request, compute):
        """computeId, when given, must be a compute of this workspace; absent means serverless compute."""
        if compute is None:
            return
        sub, rg, ws = (request.match_info[k] for k in ("sub", "rg", "ws"))
        match = COMPUTE_ID.match(compute)
        if match is None or match.group(1) != sub or (match.group(2).lower(), match.group(3).lower()) != (
                rg.lower(), ws.lower()):
            raise _ArmError(400, "UserError", f"Invalid computeId '{compute}': expected the ARM id of a compute in "
                            f"this workspace, {WORKSPACE.format(sub=sub, rg=rg, ws=ws)}/computes/{{name}}.",
                            target="properties.computeId")
        if match.group(4).startswith("missing-"):
            raise _ArmError(404, "ResourceNotFound", f"The Resource 'Microsoft.MachineLearningServices/workspaces/"
                            f"{ws}/computes/{match.group(4)}' under resource group '{rg}' was not found. For more "
                            "details please go to https://aka.ms/ARMResourceNotFoundFix", target="properties.computeId")

    async def _get_job(self, request, info):
        return 200, self._render(self._job(request), self.sim.clock.now()), {}

    async def _cancel_job(self, request, info):
        job = self._job(request)
        now = self.sim.clock.now()
        phase, _ = job.phase(now)
        if phase.state in TERMINAL:
            return 200, None, {}  # nothing left to cancel: the swagger's 200 "Success", no Location
        if phase.state != "CancelRequested":
            kept, began = [], job.created
            for step in job.phases:  # the history up to now, then CancelRequested -> Canceled
                if step.seconds is None or now < began + step.seconds:
                    if now > began:
                        kept.append(core.Phase(step.state, now - began, step.secondary, step.failure))
                    break
                kept.append(step)
                began += step.seconds
            job.phases = kept + [self.cancel_requested, self.canceled]
            job.cancel_requested_at = now
        location = request.url.with_path(request.path.removesuffix("/cancel")).with_query(
            {"api-version": API_VERSION})
        return 202, None, {"Location": str(location), "Retry-After": CANCEL_RETRY_AFTER}

    async def _list_jobs(self, request, info):
        query = request.query
        skip = query.get("$skip", "0")
        view = query.get("listViewType", "ActiveOnly")
        if not skip.isdigit():
            raise _ArmError(400, "UserError", f"Invalid continuation token '{skip}'.", target="$skip")
        if view not in ("ActiveOnly", "ArchivedOnly", "All"):
            raise _ArmError(400, "UserError", f"Invalid listViewType '{view}'; supported values: ActiveOnly, "
                            "ArchivedOnly, All.", target="listViewType")
        scope = _scope(request)
        jobs = [job for job in self.sim.jobs.values()
                if job.provider == self.name and not job.deleted and job.extra["scope"] == scope
                and _matches(job.body["properties"], query, view)]
        jobs.sort(key=lambda job: (-job.created, job.id))
        offset = int(skip)
        now = self.sim.clock.now()
        page = {"value": [json.loads(self._render(job, now)) for job in jobs[offset:offset + PAGE_SIZE]]}
        if offset + PAGE_SIZE < len(jobs):
            page["nextLink"] = str(request.url.update_query({"$skip": str(offset + PAGE_SIZE)}))
        return 200, page, {}

    # MARK: the job resource

    def _prepare(self, job, request, info):
        """Precomputes the parts of the job's JobBaseResource that do not change while it runs."""
        sub, rg, ws = (request.match_info[k] for k in ("sub", "rg", "ws"))
        workspace = WORKSPACE.format(sub=sub, rg=rg, ws=ws)
        job.extra["id"] = f"{workspace}/jobs/{job.id}"
        given = job.body["properties"]
        properties = dict.fromkeys(self.nullable)
        properties.update(experimentName="Default", isArchived=False, displayName=job.id, tags={}, parameters={})
        properties.update(given)
        properties["resources"] = {"instanceCount": 1, "shmSize": "2g", **(given.get("resources") or {})}
        properties["services"] = {
            "Tracking": {"jobServiceType": "Tracking", "port": None, "status": None, "errorMessage": None,
                         "properties": None, "nodes": None,
                         "endpoint": f"azureml://{LOCATION}.api.azureml.ms/mlflow/v1.0{workspace}?"},
            "Studio": {"jobServiceType": "Studio", "port": None, "status": None, "errorMessage": None,
                       "properties": None, "nodes": None,
                       "endpoint": f"https://ml.azure.com/runs/{job.id}?wsid=/subscriptions/{sub}/resourcegroups/"
                                   f"{rg}/workspaces/{ws}&tid={self.azure['tenantID']}"},
            **(given.get("services") or {}),
        }
        system = {"_azureml.ComputeTargetType": "amlctrain",
                  "ContentSnapshotId": str(uuid.uuid5(uuid.NAMESPACE_URL, job.extra["id"])),
                  "ProcessInfoFile": "azureml-logs/process_info.json",
                  "ProcessStatusFile": "azureml-logs/process_status.json"}
        previous = job.extra.get("system_data")
        job.extra.update(
            properties=properties, cache=None,
            user_properties={**system, **(given.get("properties") or {})},
            system_data={"createdAt": previous["createdAt"] if previous else _arm_time(job.created),
                         "createdBy": info["identity"], "createdByType": "Application",
                         "lastModifiedAt": _arm_time(job.extra["modified"]), "lastModifiedBy": info["identity"],
                         "lastModifiedByType": "Application"})

    def _render(self, job, now):
        """The job's JobBaseResource as JSON bytes, reused while its state and times stay the same."""
        phase, began = job.phase(now)
        start = job.started_running({"Running"})
        if start is not None and (start > now or (job.forced is not None and start >= job.forced_at)):
            start = None
        end = began if phase.state in TERMINAL else None
        key = (phase.state, phase.failure and phase.failure["code"], start, end)
        cached = job.extra["cache"]
        if cached is not None and cached[0] == key:
            return cached[1]
        user = dict(job.extra["user_properties"])
        if start is not None:
            user["StartTimeUtc"] = _arm_time(start)
        if end is not None:
            user["EndTimeUtc"] = _arm_time(end)
        if phase.failure is not None:
            user["ErrorCode"], user["ErrorMessage"] = phase.failure["code"], phase.failure["message"]
        properties = dict(job.extra["properties"], status=phase.state, properties=user)
        payload = json.dumps({"id": job.extra["id"], "name": job.id, "type": JOB_TYPE, "properties": properties,
                              "systemData": job.extra["system_data"]}).encode()
        job.extra["cache"] = (key, payload)
        return payload


def _scope(request):
    """The workspace a request addresses, as ARM compares it (names are case-insensitive)."""
    return (request.match_info["sub"], request.match_info["rg"].lower(), request.match_info["ws"].lower())


def _matches(properties, query, view):
    """Jobs_List filters: listViewType, jobType, tag (`key` or `key=value`), properties (`a,b=value`)."""
    archived = properties.get("isArchived", False)
    if (view == "ActiveOnly" and archived) or (view == "ArchivedOnly" and not archived):
        return False
    if "jobType" in query and properties["jobType"] != query["jobType"]:
        return False
    if "tag" in query and not _has(properties.get("tags") or {}, query["tag"]):
        return False
    if "properties" in query:
        own = properties.get("properties") or {}
        return all(_has(own, wanted) for wanted in query["properties"].split(",") if wanted)
    return True


def _has(mapping, wanted):
    key, equals, value = wanted.partition("=")
    return key in mapping and (not equals or mapping[key] == value)


def _ids():
    request_id = str(uuid.uuid4())
    return {"x-ms-request-id": request_id, "x-ms-correlation-request-id": request_id}


def _arm_time(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{int(seconds * 1000) % 1000:03d}Z"


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
