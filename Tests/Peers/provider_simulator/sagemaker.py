"""Amazon SageMaker training jobs (JSON 1.1) and STS GetCallerIdentity (query protocol), both on `POST /`, both
signed with SigV4: shared/api-specs/README.md, "AWS SageMaker (JSON 1.1 + SigV4)" and its "STS GetCallerIdentity"
part, with the states of state-mapping.json["sagemaker"].

- SageMaker calls carry `X-Amz-Target: SageMaker.<Operation>` (CreateTrainingJob, DescribeTrainingJob,
  StopTrainingJob, ListTrainingJobs); bodies are validated against the input shapes of
  `sagemaker/sagemaker-2017-07-24.training-jobs.service-2.json` (see botocore_shapes.py) plus the server-side
  rules of the shapes' documentation (spot needs MaxWaitTimeInSeconds >= MaxRuntimeInSeconds, ...). Errors are
  `{"__type": Code, "message": ...}` with `x-amzn-RequestId`.
- A form body `Action=GetCallerIdentity&Version=2011-06-15` answers STS's XML; errors are STS `ErrorResponse`s.
- Signatures are checked as AWS checks them: the access key, the credential scope (service `sagemaker` or `sts`),
  X-Amz-Date within 15 minutes of real time, and the signature recomputed with the secret key.

Jobs are keyed by TrainingJobName. A job walks its scenario's phases (TrainingJobStatus + SecondaryStatus);
StopTrainingJob cuts the scenario at the simulated now and walks Stopping for 120 s, then Stopped/Stopped.
"""

import base64
import datetime
import email.utils
import hashlib
import hmac
import json
import os
import re
import time
import uuid
from urllib.parse import parse_qsl, quote
from xml.sax.saxutils import escape

from aiohttp import web

from .core import Phase, SimJob
from .botocore_shapes import ShapeValidator, Violation

JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
TARGET_PREFIX = "SageMaker."
STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"
STS_VERSION = "2011-06-15"

SIGNATURE_MISMATCH = ("The request signature we calculated does not match the signature you provided. Check your "
                      "AWS Secret Access Key and signing method. Consult the service documentation for details.")
TOKEN_INVALID = "The security token included in the request is invalid."
TOKEN_EXPIRED = "The security token included in the request is expired"
NOT_FOUND = "Requested resource not found."
MAX_SKEW = 15 * 60
AMZ_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
STOP_GRACE = 120  # StopTrainingJob: SIGTERM, then 120 s before the job is Stopped

# Injectable faults: name -> (HTTP status, message); the name is the error code. The messages are AWS's own
# (README "Error classes"); {op}, {instance}, {role}, {user}, {resource} are filled per request.
FAULTS = {
    "ThrottlingException": (400, "Rate exceeded"),
    "ResourceLimitExceeded": (400, "The account-level service limit '{instance} for training job usage' is 0 "
                                   "Instances, with current utilization of 0 Instances and a request delta of 1 "
                                   "Instances. Please contact AWS support to request an increase for this limit."),
    "ResourceInUse": (400, "Training job names must be unique within an AWS account and region, and a training job "
                           "with this name already exists ({resource})"),
    "ValidationException": (400, "Could not assume role {role}. Please ensure that the role exists and allows "
                                 "principal 'sagemaker.amazonaws.com' to assume the role."),
    "InternalFailure": (500, "The request processing has failed because of an unknown error, exception or failure."),
    "ServiceUnavailable": (503, "The request has failed due to a temporary failure of the server."),
    "AccessDeniedException": (400, "User: {user} is not authorized to perform: sagemaker:{op} on resource: "
                                   "{resource} because no identity-based policy allows the sagemaker:{op} action"),
    "ExpiredTokenException": (400, TOKEN_EXPIRED),
    "UnrecognizedClientException": (400, TOKEN_INVALID),
    # STS (query protocol)
    "InvalidClientTokenId": (403, TOKEN_INVALID),
    "SignatureDoesNotMatch": (403, SIGNATURE_MISMATCH),
    "ExpiredToken": (400, TOKEN_EXPIRED),
    "Throttling": (400, "Rate exceeded"),
    "AccessDenied": (403, "User: {user} is not authorized to perform: sts:GetCallerIdentity"),
}

CAPACITY_ERROR = ("CapacityError: Unable to provision requested ML compute capacity. Please retry using a different "
                  "ML instance type.")
ALGORITHM_ERROR = ('AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage "RuntimeError: CUDA error: '
                   'an illegal memory access was encountered"\nCommand "/opt/conda/bin/python3.10 train.py", '
                   'exit code: 1')
SPOT_LOST = ("Training job interrupted: the Spot capacity was reclaimed and did not become available again "
             "before MaxWaitTimeInSeconds elapsed")

# SecondaryStatusTransitions[].StatusMessage when the phase carries none of its own.
STATUS_MESSAGES = {
    "Starting": "Preparing the instances for training",
    "Pending": "Insufficient capacity error from EC2 while launching instances, retrying!",
    "Downloading": "Downloading input data",
    "Training": "Training image download completed. Training in progress.",
    "Uploading": "Uploading generated training model",
    "Completed": "Training job completed",
    "Stopping": "Stopping the training job",
    "Stopped": "Training job stopped",
    "MaxRuntimeExceeded": "Training job stopped because it exceeded MaxRuntimeInSeconds",
    "MaxWaitTimeExceeded": "Training job stopped because it exceeded MaxWaitTimeInSeconds",
}
RUNNING = frozenset({"Downloading", "Training", "Uploading"})  # TrainingStartTime is when the first of these began
TERMINAL = frozenset({"Completed", "Failed", "Stopped"})
STOPPING = Phase("Stopping", STOP_GRACE, "Stopping")
STOPPED = Phase("Stopped", None, "Stopped")
DEFAULT_MAX_RUNTIME = 86400  # StoppingCondition.MaxRuntimeInSeconds: "The default value is 1 day."
LONGEST_RUNTIME = 28 * 86400  # "The maximum value is 28 days."


class AwsError(Exception):
    """An error answer: HTTP status, error code, message; rendered as JSON for SageMaker, XML for STS."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def timeline(job, now):
    """[(phase, start, end or None)] for the phases the job has entered by `now`, a forced phase included;
    the last entry is the current phase."""
    cut = job.forced_at if job.forced is not None and job.forced_at <= now else None
    entries = []
    start = job.created
    for phase in job.phases:
        if start > now or (cut is not None and start >= cut):
            break
        end = None if phase.seconds is None else start + phase.seconds
        if cut is not None and (end is None or end > cut):
            end = cut
        if end is not None and end <= start:  # a phase cut before it began
            continue
        entries.append((phase, start, end if end is not None and end <= now else None))
        if end is None:
            break
        start = end
    if cut is not None:
        entries.append((job.forced, cut, None))
    return entries


def _amz(seconds):
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(seconds))


class SigV4:
    """Checks `Authorization: AWS4-HMAC-SHA256 ...` against the one key pair the simulator issued."""

    def __init__(self, access_key, secret_key):
        self.access_key = access_key
        self.secret = ("AWS4" + secret_key).encode()
        self.keys = {}  # (date, region, service) -> signing key

    def verify(self, request, raw, service, codes):
        """The credential scope's region; raises AwsError otherwise, with `codes`: the service's (status, code)
        for a missing token, an incomplete signature, an unknown key and a signature that does not match."""
        missing_token, incomplete, unrecognized, mismatch = codes
        header = request.headers.get("Authorization")
        if header is None:
            raise AwsError(*missing_token, "Missing Authentication Token")
        algorithm, _, rest = header.partition(" ")
        fields = dict(part.strip().partition("=")[::2] for part in rest.split(",") if "=" in part)
        missing = [f"Authorization header requires '{name}' parameter."
                   for name in ("Credential", "Signature", "SignedHeaders") if not fields.get(name)]
        if algorithm != "AWS4-HMAC-SHA256":
            missing.insert(0, f"Unsupported AWS 'algorithm': '{algorithm}'.")
        amz_date = request.headers.get("X-Amz-Date")
        if amz_date is None and "Date" not in request.headers:
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        if missing:
            raise AwsError(*incomplete, " ".join(missing) + f" Authorization={header}")
        scope = fields["Credential"].split("/")
        if len(scope) != 5:
            raise AwsError(*incomplete, "Credential must have exactly 5 slash-delimited elements, e.g. "
                                        f"keyid/date/region/service/term, got '{fields['Credential']}'")
        key_id, day, region, scope_service, terminator = scope
        signed = fields["SignedHeaders"].split(";")
        if "host" not in signed:
            raise AwsError(*incomplete, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        if key_id != self.access_key or request.headers.get("X-Amz-Security-Token"):
            raise AwsError(*unrecognized, TOKEN_INVALID)
        if terminator != "aws4_request":
            raise AwsError(*mismatch, f"Credential should be scoped with a valid terminator: 'aws4_request', "
                                      f"not '{terminator}'.")
        if scope_service != service:
            raise AwsError(*mismatch, f"Credential should be scoped to correct service: '{service}'. ")
        if amz_date is not None:
            try:
                when = datetime.datetime(*map(int, AMZ_DATE.fullmatch(amz_date).groups()),
                                         tzinfo=datetime.timezone.utc)
            except (AttributeError, ValueError):  # no match, or a field out of range
                raise AwsError(*incomplete, f"Date must be in ISO-8601 'basic format'. Got '{amz_date}'. "
                                            "See http://en.wikipedia.org/wiki/ISO_8601") from None
        else:
            try:
                when = email.utils.parsedate_to_datetime(request.headers["Date"]).astimezone(datetime.timezone.utc)
            except (TypeError, ValueError):
                raise AwsError(*incomplete, f"Date must be in RFC 1123 format. Got '{request.headers['Date']}'.") \
                    from None
            amz_date = when.strftime("%Y%m%dT%H%M%SZ")
        if day != amz_date[:8]:
            raise AwsError(*mismatch, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                                      f"date from HTTP: '{day}' != '{amz_date[:8]}', from '{amz_date}'.")
        self._check_clock(when.timestamp(), amz_date, mismatch)
        canonical = "\n".join((
            request.method, "/", self._canonical_query(request),
            "".join(f"{name}:{self._header_value(request, name)}\n" for name in signed),
            fields["SignedHeaders"], hashlib.sha256(raw).hexdigest()))
        to_sign = "\n".join(("AWS4-HMAC-SHA256", amz_date, f"{day}/{region}/{service}/aws4_request",
                             hashlib.sha256(canonical.encode()).hexdigest()))
        expected = hmac.new(self._signing_key(day, region, service), to_sign.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, fields["Signature"]):
            raise AwsError(*mismatch, SIGNATURE_MISMATCH)
        return region

    @staticmethod
    def _check_clock(signed_at, amz_date, mismatch):
        now = time.time()
        if signed_at < now - MAX_SKEW:
            raise AwsError(*mismatch, f"Signature expired: {amz_date} is now earlier than {_amz(now - MAX_SKEW)} "
                                      f"({_amz(now)} - 15 min.)")
        if signed_at > now + MAX_SKEW:
            raise AwsError(*mismatch, f"Signature not yet current: {amz_date} is still later than "
                                      f"{_amz(now + MAX_SKEW)} ({_amz(now)} + 15 min.)")

    @staticmethod
    def _canonical_query(request):
        pairs = parse_qsl(request.query_string, keep_blank_values=True)
        return "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(pairs))

    @staticmethod
    def _header_value(request, name):
        return ",".join(" ".join(value.split()) for value in request.headers.getall(name, ()))

    def _signing_key(self, day, region, service):
        key = self.keys.get((day, region, service))
        if key is None:
            key = self.secret
            for part in (day, region, service, "aws4_request"):
                key = hmac.new(key, part.encode(), hashlib.sha256).digest()
            self.keys[(day, region, service)] = key
        return key


class Provider:
    name = "sagemaker"
    scenarios = {
        "success": [Phase("InProgress", 60, "Starting"), Phase("InProgress", 30, "Downloading"),
                    Phase("InProgress", 600, "Training"), Phase("InProgress", 30, "Uploading"),
                    Phase("Completed", None, "Completed")],
        "capacity-error": [Phase("InProgress", 90, "Starting"), Phase("Failed", None, "Failed", CAPACITY_ERROR)],
        "max-wait": [Phase("InProgress", 60, "Starting"), Phase("InProgress", 3600, "Pending"),
                     Phase("Stopped", None, "MaxWaitTimeExceeded")],
        "max-runtime": [Phase("InProgress", 60, "Starting"), Phase("InProgress", 600, "Training"),
                        Phase("Stopped", None, "MaxRuntimeExceeded")],
        "algorithm-error": [Phase("InProgress", 60, "Starting"), Phase("InProgress", 30, "Downloading"),
                            Phase("InProgress", 300, "Training"), Phase("Failed", None, "Failed", ALGORITHM_ERROR)],
    }
    interruptions = {"capacity-lost": Phase("Stopped", None, "MaxWaitTimeExceeded", SPOT_LOST)}

    def __init__(self, sim, specs_dir):
        self.sim = sim
        folder = os.path.join(specs_dir, "sagemaker")
        with open(os.path.join(folder, "sagemaker-2017-07-24.training-jobs.service-2.json")) as f:
            model = json.load(f)
        with open(os.path.join(folder, "sts-2011-06-15.get-caller-identity.service-2.json")) as f:
            sts_model = json.load(f)
        self.validator = ShapeValidator(model)
        self.inputs = {name: op["input"]["shape"] for name, op in model["operations"].items()}
        self.handlers = {"CreateTrainingJob": self._create, "DescribeTrainingJob": self._describe,
                         "StopTrainingJob": self._stop, "ListTrainingJobs": self._list}
        assert set(self.handlers) == set(self.inputs), "the model's operations and the handlers differ"
        shapes = model["shapes"]
        # Describe echoes every member of the create request that the response declares as well.
        self.echoed = (set(shapes["CreateTrainingJobRequest"]["members"])
                       & set(shapes["DescribeTrainingJobResponse"]["members"])) - {"TrainingJobName"}
        self.sts_parameters = {"Action", "Version"} | set(
            sts_model["shapes"][sts_model["operations"]["GetCallerIdentity"]["input"]["shape"]]["members"])
        aws = sim.secrets["aws"]
        self.account = aws["account"]
        self.user_arn = f"arn:aws:iam::{self.account}:user/{aws['userName']}"
        self.user_id = "AIDA" + base64.b32encode(hashlib.sha256(aws["accessKeyID"].encode()).digest()).decode()[:17]
        self.signer = SigV4(aws["accessKeyID"], aws["secretAccessKey"])

    def routes(self, app):
        app.router.add_post("/", self.handle)

    async def handle(self, request):
        await self.sim.delay()
        raw = await request.read()
        if "X-Amz-Target" not in request.headers and request.content_type == "application/x-www-form-urlencoded":
            return self._sts(request, raw)
        return self._sagemaker(request, raw)

    # MARK: SageMaker (JSON 1.1)

    def _sagemaker(self, request, raw):
        request_id = str(uuid.uuid4())
        target = request.headers.get("X-Amz-Target", "")
        operation = target[len(TARGET_PREFIX):] if target.startswith(TARGET_PREFIX) else target
        body = None
        try:
            region = self.signer.verify(request, raw, "sagemaker", (
                (400, "MissingAuthenticationTokenException"), (400, "IncompleteSignatureException"),
                (400, "UnrecognizedClientException"), (400, "InvalidSignatureException")))
            handler = self.handlers.get(operation) if target.startswith(TARGET_PREFIX) else None
            if handler is None or not request.content_type.startswith("application/x-amz-json-1."):
                raise AwsError(400, "com.amazon.coral.service#UnknownOperationException", "")
            fault = self.sim.take_fault(self.name, operation)
            # A queued ResourceInUse on CreateTrainingJob models a create that went through although its answer
            # was lost: the job is created (if the request is valid) and the caller sees ResourceInUse.
            adopt = fault == "ResourceInUse" and operation == "CreateTrainingJob"
            if fault is not None and not adopt:
                raise self._fault(fault, operation, self._peek(raw), region)
            body = self._parse(raw)
            violation = self.validator.validate(self.inputs[operation], body)
            if violation is not None:
                code = ("com.amazon.coral.service#SerializationException"
                        if violation.kind == Violation.SERIALIZATION else "ValidationException")
                raise AwsError(400, code, violation.message)
            answer = handler(body, region)
            if adopt:
                raise AwsError(400, "ResourceInUse", self._in_use(answer["TrainingJobArn"]))
        except AwsError as error:
            self.sim.record(self.name, operation, request, error.status, body=body, error=error.code.split("#")[-1])
            return web.Response(status=error.status, content_type=JSON_CONTENT_TYPE,
                                headers={"x-amzn-RequestId": request_id},
                                text=json.dumps({"__type": error.code, "message": error.message}))
        self.sim.record(self.name, operation, request, 200, body=body)
        return web.Response(status=200, content_type=JSON_CONTENT_TYPE, headers={"x-amzn-RequestId": request_id},
                            text="" if answer is None else json.dumps(answer, separators=(",", ":")))

    @staticmethod
    def _parse(raw):
        if not raw.strip():
            return {}
        try:  # a member sent as JSON null reads as absent, as the server reads it
            body = json.loads(raw, object_hook=lambda members: {k: v for k, v in members.items() if v is not None})
        except (ValueError, UnicodeDecodeError):
            raise AwsError(400, "com.amazon.coral.service#SerializationException",
                           "Request body is not valid JSON") from None
        if not isinstance(body, dict):
            raise AwsError(400, "com.amazon.coral.service#SerializationException",
                           "Start of structure or map found where not expected.")
        return body

    @staticmethod
    def _peek(raw):
        """The request body as far as it can be read, for the wording of an injected fault."""
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return {}
        return body if isinstance(body, dict) else {}

    def _arn(self, region, name):
        return f"arn:aws:sagemaker:{region}:{self.account}:training-job/{name}"

    @staticmethod
    def _in_use(arn):
        return FAULTS["ResourceInUse"][1].format(resource=arn)

    def _fault(self, name, operation, body, region):
        if name not in FAULTS:
            return AwsError(500, "InternalFailure", f"simulator: no fault named {name!r} (known: {sorted(FAULTS)})")
        status, message = FAULTS[name]
        if name == "ValidationException" and operation != "CreateTrainingJob":
            message = NOT_FOUND
        job = body.get("TrainingJobName")
        resource = self._arn(region, job if isinstance(job, str) else "*")
        config = body.get("ResourceConfig")
        instance = config.get("InstanceType") if isinstance(config, dict) else None
        return AwsError(status, name, message.format(
            op=operation, user=self.user_arn, resource=resource, role=body.get("RoleArn"),
            instance=instance if isinstance(instance, str) else "ml.p3.2xlarge"))

    def _job(self, name):
        job = self.sim.jobs.get((self.name, name))
        if job is None:
            raise AwsError(400, "ValidationException", NOT_FOUND)
        return job

    def _create(self, body, region):
        self._server_rules(body)
        name = body["TrainingJobName"]
        arn = self._arn(region, name)
        existing = self.sim.jobs.get((self.name, name))
        if existing is not None:
            raise AwsError(400, "ResourceInUse", self._in_use(existing.extra["TrainingJobArn"]))
        now = self.sim.clock.now()
        job = SimJob(self.name, name, body, self.sim.take_scenario(self.name), now)
        # What DescribeTrainingJob answers whatever the phase; booleans default as SageMaker reports them.
        static = {"TrainingJobName": name, "TrainingJobArn": arn, "CreationTime": now,
                  "ModelArtifacts": {"S3ModelArtifacts": f"{body['OutputDataConfig']['S3OutputPath'].rstrip('/')}/"
                                                         f"{name}/output/model.tar.gz"},
                  "StoppingCondition": {"MaxRuntimeInSeconds": DEFAULT_MAX_RUNTIME},
                  "EnableNetworkIsolation": False, "EnableInterContainerTrafficEncryption": False,
                  "EnableManagedSpotTraining": False}
        static.update((member, value) for member, value in body.items() if member in self.echoed)
        job.extra.update(static)
        self.sim.jobs[(self.name, name)] = job
        return {"TrainingJobArn": arn}

    @staticmethod
    def _server_rules(body):
        """CreateTrainingJob rules the shapes cannot express (a container training job needs an algorithm and
        instances; the StoppingCondition and spot rules of the members' documentation)."""
        def null(path):
            return AwsError(400, "ValidationException", f"1 validation error detected: Value null at '{path}' "
                                                        "failed to satisfy constraint: Member must not be null")
        algorithm = body.get("AlgorithmSpecification")
        if algorithm is None:
            raise null("algorithmSpecification")
        if ("TrainingImage" in algorithm) == ("AlgorithmName" in algorithm):
            raise AwsError(400, "ValidationException", "You must specify either the algorithm name to the "
                                                       "AlgorithmName parameter or the image URI of the algorithm "
                                                       "container to the TrainingImage parameter.")
        resources = body.get("ResourceConfig")
        if resources is None:
            raise null("resourceConfig")
        if "InstanceGroups" not in resources:
            for member in ("InstanceType", "InstanceCount"):
                if member not in resources:
                    raise null("resourceConfig." + member[:1].lower() + member[1:])
            if resources["InstanceCount"] < 1:
                raise AwsError(400, "ValidationException", "1 validation error detected: Value "
                                                           f"'{resources['InstanceCount']}' at 'resourceConfig."
                                                           "instanceCount' failed to satisfy constraint: Member "
                                                           "must have value greater than or equal to 1")
        stopping = body.get("StoppingCondition", {})
        runtime = stopping.get("MaxRuntimeInSeconds", DEFAULT_MAX_RUNTIME)
        if runtime > LONGEST_RUNTIME:
            raise AwsError(400, "ValidationException", f"Invalid MaxRuntimeInSeconds: {runtime}. The maximum "
                                                       f"value is {LONGEST_RUNTIME} seconds (28 days).")
        wait = stopping.get("MaxWaitTimeInSeconds")
        if body.get("EnableManagedSpotTraining"):
            if wait is None or wait < runtime:
                raise AwsError(400, "ValidationException", "Invalid MaxWaitTimeInSeconds. It must be present and "
                                                           "be greater than or equal to MaxRuntimeInSeconds")
        elif wait is not None:
            raise AwsError(400, "ValidationException", "Invalid MaxWaitTimeInSeconds. It is only supported when "
                                                       "EnableManagedSpotTraining is set to true")

    def _describe(self, body, region):
        job = self._job(body["TrainingJobName"])
        entries = timeline(job, self.sim.clock.now())
        phase, since, _ = entries[-1]
        out = dict(job.extra)
        out["TrainingJobStatus"] = phase.state
        out["SecondaryStatus"] = phase.secondary
        out["LastModifiedTime"] = since
        transitions = []
        for step, start, end in entries:
            transition = {"Status": step.secondary, "StartTime": start,
                          "StatusMessage": step.failure or STATUS_MESSAGES.get(step.secondary, "")}
            if end is not None or step.state in TERMINAL:
                transition["EndTime"] = start if end is None else end
            transitions.append(transition)
        out["SecondaryStatusTransitions"] = transitions
        started = next((start for step, start, _ in entries if step.secondary in RUNNING), None)
        if started is not None:
            out["TrainingStartTime"] = started
        if phase.state in TERMINAL:
            out["TrainingEndTime"] = since
            if started is not None:
                out["TrainingTimeInSeconds"] = out["BillableTimeInSeconds"] = max(1, int(since - started))
        if phase.state == "Failed":
            out["FailureReason"] = phase.failure
        return out

    def _stop(self, body, region):
        job = self._job(body["TrainingJobName"])
        now = self.sim.clock.now()
        entries = timeline(job, now)
        phase = entries[-1][0]
        if phase.state in TERMINAL:
            raise AwsError(400, "ValidationException",
                           f"The request was rejected because the training job is in status {phase.state}.")
        if phase.state != "Stopping":  # a second stop while Stopping changes nothing
            job.phases = [Phase(step.state, (now if end is None else end) - start, step.secondary, step.failure)
                          for step, start, end in entries] + [STOPPING, STOPPED]
            job.forced = job.forced_at = None  # a forced phase is part of `entries` now
            job.cancel_requested_at = now
        return None

    def _list(self, body, region):
        now = self.sim.clock.now()
        contains = body.get("NameContains", "").lower()
        status = body.get("StatusEquals")
        bounds = [(field, suffix == "After", body[field + suffix]) for field in ("CreationTime", "LastModifiedTime")
                  for suffix in ("After", "Before") if field + suffix in body]
        summaries = []
        for (provider, name), job in self.sim.jobs.items():
            if provider != self.name or contains not in name.lower():
                continue
            phase, since, _ = timeline(job, now)[-1]
            if status is not None and phase.state != status:
                continue
            summary = {"TrainingJobName": name, "TrainingJobArn": job.extra["TrainingJobArn"],
                       "CreationTime": job.created, "LastModifiedTime": since,
                       "TrainingJobStatus": phase.state, "SecondaryStatus": phase.secondary}
            if phase.state in TERMINAL:
                summary["TrainingEndTime"] = since
            if all(summary[field] > value if after else summary[field] < value for field, after, value in bounds):
                summaries.append(summary)
        sort_key = {"Name": "TrainingJobName", "Status": "TrainingJobStatus"}.get(body.get("SortBy"), "CreationTime")
        summaries.sort(key=lambda s: (s[sort_key], s["TrainingJobName"]),
                       reverse=body.get("SortOrder", "Descending") == "Descending")
        offset = 0
        if "NextToken" in body:
            try:
                offset = int(base64.urlsafe_b64decode(body["NextToken"].encode()).decode())
            except ValueError:
                offset = -1
            if offset < 0:
                raise AwsError(400, "ValidationException", "Invalid pagination token.")
        limit = body.get("MaxResults", 10)
        out = {"TrainingJobSummaries": summaries[offset:offset + limit]}
        if offset + limit < len(summaries):
            out["NextToken"] = base64.urlsafe_b64encode(str(offset + limit).encode()).decode()
        return out

    # MARK: STS (query protocol)

    def _sts(self, request, raw):
        request_id = str(uuid.uuid4())
        form = None
        operation = "GetCallerIdentity"
        try:
            try:
                form = dict(parse_qsl(raw.decode(), keep_blank_values=True, strict_parsing=bool(raw)))
            except (ValueError, UnicodeDecodeError):
                raise AwsError(400, "MalformedQueryString", "The query string is malformed.") from None
            operation = form.get("Action", "GetCallerIdentity")
            self.signer.verify(request, raw, "sts", (
                (403, "MissingAuthenticationToken"), (400, "IncompleteSignature"), (403, "InvalidClientTokenId"),
                (403, "SignatureDoesNotMatch")))
            if "Action" not in form:
                raise AwsError(400, "MissingAction", "Missing Action")
            if operation != "GetCallerIdentity" or form.get("Version") != STS_VERSION:
                raise AwsError(400, "InvalidAction", f"Could not find operation {operation} for version "
                                                     f"{form.get('Version', 'NO_VERSION_SPECIFIED')}")
            unknown = sorted(set(form) - self.sts_parameters)
            if unknown:
                raise AwsError(400, "ValidationError", f"The parameter {unknown[0]} is not recognized by "
                                                       "GetCallerIdentity")
            fault = self.sim.take_fault(self.name, operation)
            if fault is not None:
                raise self._fault(fault, operation, {}, "us-east-1")
        except AwsError as error:
            self.sim.record(self.name, operation, request, error.status, body=form, error=error.code)
            kind = "Receiver" if error.status >= 500 else "Sender"
            return web.Response(status=error.status, content_type="text/xml", headers={"x-amzn-RequestId": request_id},
                                text=f'<ErrorResponse xmlns="{STS_NAMESPACE}"><Error><Type>{kind}</Type>'
                                     f"<Code>{escape(error.code)}</Code><Message>{escape(error.message)}</Message>"
                                     f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>")
        self.sim.record(self.name, operation, request, 200, body=form)
        return web.Response(status=200, content_type="text/xml", headers={"x-amzn-RequestId": request_id},
                            text=f'<GetCallerIdentityResponse xmlns="{STS_NAMESPACE}"><GetCallerIdentityResult>'
                                 f"<Arn>{self.user_arn}</Arn><UserId>{self.user_id}</UserId>"
                                 f"<Account>{self.account}</Account></GetCallerIdentityResult>"
                                 f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>"
                                 "</GetCallerIdentityResponse>")
