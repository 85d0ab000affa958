"""Kubernetes batch/v1 Jobs as Trainyard's Kubernetes adapter sees a cluster: Jobs, their pods, pod logs, events,
SelfSubjectAccessReview/SelfSubjectReview and `/version`.

Contract: shared/api-specs/README.md, section "Kubernetes (batch/v1 Jobs)" (routes, auth, error Status bodies,
idempotency) and "Validation notes for simulators"; the state rules are state-mapping.json's "kubernetes" entry.

Requests are handled the way kube-apiserver 1.36 does it, in its order:
- authentication (`Authorization: Bearer`, else 401 Unauthorized), then RBAC (403 Forbidden with the apiserver's
  message), then the queued fault, then decoding: the body is checked against the OpenAPI definition
  (`kubernetes/kubernetes-1.36.batch-v1-jobs.swagger.json`, via `swagger.Swagger`) with a null member read as an
  unset one; a wrong type, a malformed quantity or an unknown field (fieldValidation=Strict, which this simulator
  also assumes when the parameter is absent; `Warn` and `Ignore` drop unknown fields, Warn naming each in a
  `Warning` header) is a 400 BadRequest "Job in version "v1" cannot be handled as a Job: ...";
- the namespace in the body must match the URL (400), then the defaults are applied (spec.backoffLimit 6,
  generated selector and pod-template labels, requests from limits, ...) and the apiserver's own validation runs:
  a missing member the schema requires and the rules the schema cannot state (DNS-1123 names, label syntax,
  restartPolicy Never/OnFailure, at least one container, quantities, non-negative counts) answer 422 Invalid with
  `details.causes`; an existing name answers 409 AlreadyExists.

The Job controller and the kubelet are simulated: the Job's single pod `<job>-<5 chars>` exists from creation
on and walks the scenario's phases (`core.Phase.state` is the pod phase, or "Suspended" when there is no pod;
`secondary` refines it; `failure` is a `Failure`). A spec.activeDeadlineSeconds shorter than the scenario ends the
Job with DeadlineExceeded, as the controller would; a Job created with spec.suspend=true stays Suspended.
"""

import hashlib
import json
import os
import re
import uuid
from decimal import Decimal
from typing import NamedTuple

from aiohttp import web

from . import core
from .swagger import Swagger


class Failure(NamedTuple):
    """How a Job failed: its Failed condition, its pod's last container state, and what the pod shows for it."""
    job_reason: str  # FailureTarget/Failed condition reason (also a Warning event on the Job)
    job_message: str
    exit_code: int
    log_line: str  # the container's last log line
    pod_reason: str = None  # status.reason / status.message (the kubelet's "Evicted")
    pod_message: str = None
    disruption: str = None  # DisruptionTarget=True reason, with pod_message (or disruption_message) as message
    disruption_message: str = None
    event: tuple = None  # (type, reason, component, message) recorded on the pod


BACKOFF = "Job has reached the specified backoff limit"
DEADLINE = Failure("DeadlineExceeded", "Job was active longer than specified deadline", 143,
                   "received SIGTERM, shutting down")
EXITED = Failure("BackoffLimitExceeded", BACKOFF, 1, "RuntimeError: training script failed (exit status 1)")
NODE_PRESSURE = ("The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. "
                 "Container train was using 31457280Ki, request is 0, has larger consumption of memory.")
EVICTED = Failure("BackoffLimitExceeded", BACKOFF, 137, "killed", pod_reason="Evicted", pod_message=NODE_PRESSURE,
                  disruption="TerminationByKubelet", event=("Warning", "Evicted", "kubelet", NODE_PRESSURE))
PREEMPTED = Failure("BackoffLimitExceeded", BACKOFF, 143, "received SIGTERM, shutting down",
                    disruption="PreemptionByScheduler",
                    disruption_message="default-scheduler: preempting to accommodate a higher priority pod",
                    event=("Normal", "Preempted", "default-scheduler",
                           "Preempted by pod 3b9f5c1e-6d2a-4f0e-9a7b-2c8d1e4f6a90 on node {node}"))
DRAINED = Failure("BackoffLimitExceeded", BACKOFF, 143, "received SIGTERM, shutting down",
                  disruption="EvictionByEvictionAPI", disruption_message="Eviction API: evicting")


def _lifecycle(*head):
    """A scenario: the given head, then 10 s creating the container, 600 s running and success."""
    return [*head, core.Phase("Pending", 10, "ContainerCreating"), core.Phase("Running", 600, "Running"),
            core.Phase("Succeeded", None, "Completed")]


SCENARIOS = {
    "success": _lifecycle(),
    "unschedulable": [core.Phase("Pending", None, "Unschedulable")],
    "scale-up": _lifecycle(core.Phase("Pending", 120, "Unschedulable")),
    "backoff-failure": [core.Phase("Pending", 10, "ContainerCreating"), core.Phase("Running", 60, "Running"),
                        core.Phase("Failed", None, "Error", EXITED)],
    "deadline": [core.Phase("Pending", 10, "ContainerCreating"), core.Phase("Running", 600, "Running"),
                 core.Phase("Failed", None, "DeadlineExceeded", DEADLINE)],
    "suspended": [core.Phase("Suspended", None, "Suspended")],
}
INTERRUPTIONS = {
    "eviction": core.Phase("Failed", None, "Evicted", EVICTED),
    "preemption": core.Phase("Failed", None, "Preempted", PREEMPTED),
    "drain": core.Phase("Failed", None, "EvictionByEvictionAPI", DRAINED),
}


class Resource(NamedTuple):
    group: str
    plural: str
    kind: str

    @property
    def qualified(self):
        return f"{self.plural}.{self.group}" if self.group else self.plural


JOBS = Resource("batch", "jobs", "Job")
PODS = Resource("", "pods", "Pod")
EVENTS = Resource("", "events", "Event")
SSAR = Resource("authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview")
SSR = Resource("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview")
DELETE_OPTIONS = Resource("meta.k8s.io", "deleteoptions", "DeleteOptions")

# The trainyard service account's Role, bound in its own namespace and in "default".
ROLE = {("batch", "jobs"): {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"},
        ("batch", "jobs/status"): {"get", "list", "watch"},
        ("", "pods"): {"get", "list", "watch"}, ("", "pods/log"): {"get"}, ("", "events"): {"get", "list", "watch"}}
SELF_REVIEWS = {(SSAR.group, SSAR.plural), (SSR.group, SSR.plural)}
BASIC_USER = ('RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" '
              'to Group "system:authenticated"')
PUBLIC_INFO = ('RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole '
               '"system:public-info-viewer" to Group "system:authenticated"')
PUBLIC_PATHS = {"/version", "/version/", "/healthz", "/livez", "/readyz"}

VERSION = {"major": "1", "minor": "36", "emulationMajor": "1", "emulationMinor": "36", "minCompatibilityMajor": "1",
           "minCompatibilityMinor": "35", "gitVersion": "v1.36.0",
           "gitCommit": "6a1c2f9e0b7d4c3a8e5f2b1d9c0a7e6f4b3d2c1a", "gitTreeState": "clean",
           "buildDate": "2026-04-22T10:00:00Z", "goVersion": "go1.25.9", "compiler": "gc",
           "platform": "linux/amd64"}

DNS1123_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")
DNS1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")
LABEL_SUBDOMAIN_MESSAGE = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
                           "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
                           "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
LABEL_DNS_MESSAGE = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                     "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
                     "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
QUALIFIED_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\Z")
QUALIFIED_NAME_MESSAGE = ("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                          "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                          "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\Z")
LABEL_VALUE_MESSAGE = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                       "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
                       "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
QUANTITY = re.compile(r"([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+|)\Z")
QUANTITY_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
SUFFIXES = {"": 1, "m": Decimal("0.001"), "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18,
            "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
STANDARD_RESOURCES = {"cpu", "memory", "ephemeral-storage"}
POD_NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # k8s.io/apiserver names.SimpleNameGenerator
NODES = ("gpu-node-a1", "gpu-node-b2", "gpu-node-c3")
LOG_INTERVAL = 30  # simulated seconds between the training log lines


class KubeError(Exception):
    """A meta/v1 Status failure, answered instead of the operation's result."""

    def __init__(self, code, reason, message, details=None, headers=None):
        super().__init__(message)
        self.code, self.reason, self.message, self.details, self.headers = code, reason, message, details, headers

    def response(self):
        body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": self.message,
                "reason": self.reason}
        if self.details:
            body["details"] = self.details
        body["code"] = self.code
        return core.json_error(self.code, body, self.headers)


class User(NamedTuple):
    name: str
    uid: str
    groups: list
    namespaces: frozenset  # where the trainyard Role is bound


def _details(resource, name=""):
    return {k: v for k, v in (("name", name), ("group", resource.group), ("kind", resource.plural)) if v}


def _named(resource, name):
    return f'{resource.qualified} "{name}"' if name else resource.qualified


def _invalid(resource, name, causes):
    """422 Invalid for field errors [(reason, field, message)], with the apiserver's aggregate message."""
    parts = [f"{field}: {message}" for _, field, message in causes]
    joined = parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"
    kind = f"{resource.kind}.{resource.group}" if resource.group else resource.kind
    details = {"name": name, "group": resource.group, "kind": resource.kind,
               "causes": [{"reason": r, "message": m, "field": f} for r, f, m in causes]}
    if not resource.group:
        del details["group"]
    return KubeError(422, "Invalid", f'{kind} "{name}" is invalid: {joined}', details)


def _bad_request(message):
    return KubeError(400, "BadRequest", message)


def _go(value):
    """A value as the apiserver's field errors print it (Go %q for strings, %v for numbers)."""
    return json.dumps(value) if isinstance(value, str) else str(value)


def _required(field, detail=""):
    return ("FieldValueRequired", field, "Required value" + (f": {detail}" if detail else ""))


def _invalid_value(field, value, detail):
    return ("FieldValueInvalid", field, f"Invalid value: {_go(value)}: {detail}")


def _not_supported(field, value, supported):
    return ("FieldValueNotSupported", field,
            f"Unsupported value: {_go(value)}: supported values: " + ", ".join(json.dumps(s) for s in supported))


def _quantity(text):
    """The value of a resource quantity string, or None when Kubernetes cannot parse it."""
    match = QUANTITY.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    number, suffix = match.groups()
    if suffix[:1] in ("e", "E"):
        return Decimal(number) * Decimal(10) ** int(suffix[1:])
    return Decimal(number) * SUFFIXES[suffix]


def _resource_kind(name):
    """"standard", "extended" (a fully qualified name outside kubernetes.io: must be whole and not overcommitted)
    or None (not a resource a container may ask for)."""
    if name in STANDARD_RESOURCES or name.startswith("hugepages-"):
        return "standard"
    domain, slash, rest = name.partition("/")
    if slash and rest and not domain.endswith("kubernetes.io"):
        return "extended"
    return None


def _label_causes(field, labels):
    causes = []
    for key, value in (labels or {}).items():
        prefix, slash, name = key.rpartition("/")
        if slash and (not prefix or len(prefix) > 253 or not DNS1123_SUBDOMAIN.match(prefix)):
            causes.append(_invalid_value(field, key, "prefix part " + LABEL_SUBDOMAIN_MESSAGE))
        if len(name) > 63:
            causes.append(_invalid_value(field, key, "name part must be no more than 63 characters"))
        elif not QUALIFIED_NAME.match(name):
            causes.append(_invalid_value(field, key, QUALIFIED_NAME_MESSAGE))
        if len(value) > 63:
            causes.append(_invalid_value(field, value, "must be no more than 63 characters"))
        elif not LABEL_VALUE.match(value):
            causes.append(_invalid_value(field, value, LABEL_VALUE_MESSAGE))
    return causes


def _containers(job_object):
    """(field path, container) for every container and init container of a Job's pod template, as far as the
    body has the right shape."""
    spec = job_object
    for member in ("spec", "template", "spec"):
        spec = spec.get(member) if isinstance(spec, dict) else None
    if not isinstance(spec, dict):
        return []
    out = []
    for member in ("initContainers", "containers"):
        items = spec.get(member)
        if isinstance(items, list):
            out.extend((f"spec.template.spec.{member}[{i}]", c) for i, c in enumerate(items) if isinstance(c, dict))
    return out


def _amounts(job_object):
    """The resources.limits and resources.requests maps of a Job's containers, where the body has them."""
    for _, container in _containers(job_object):
        resources = container.get("resources")
        for kind in ("limits", "requests") if isinstance(resources, dict) else ():
            if isinstance(resources.get(kind), dict):
                yield resources[kind]


def _parse_selector(text, fields=None):
    """A label (or, with `fields`, field) selector as [(key, operator, values)]; raises KubeError 400."""
    requirements = []
    for part in re.split(r",(?![^()]*\))", text or ""):
        part = part.strip()
        if not part:
            continue
        match = (re.fullmatch(r"(\S+)\s+(in|notin)\s+\(([^()]*)\)", part) if fields is None else None) \
            or re.fullmatch(r"([^!=\s]+)\s*(==|!=|=)\s*([^=\s]*)", part) \
            or (re.fullmatch(r"(!?)([^!=\s()]+)", part) if fields is None else None)
        if match is None:
            raise _bad_request(f"unable to parse requirement: invalid selector: {json.dumps(part)}")
        if len(match.groups()) == 2:
            requirements.append((match.group(2), "notexists" if match.group(1) else "exists", ()))
            continue
        key, operator, values = match.groups()
        if fields is not None and key not in fields:
            raise _bad_request(f"field label not supported: {key}")
        values = tuple(v.strip() for v in values.split(",")) if operator in ("in", "notin") else (values,)
        requirements.append((key, {"==": "in", "=": "in", "!=": "notin"}.get(operator, operator), values))
    return requirements


def _matches(requirements, lookup):
    for key, operator, values in requirements:
        value = lookup(key)
        if operator == "exists" and value is None or operator == "notexists" and value is not None:
            return False
        if operator == "in" and value not in values or operator == "notin" and value in values:
            return False
    return True


def _digest(*parts):
    return hashlib.sha256("/".join(parts).encode()).hexdigest()


def _micro(seconds):
    return core.rfc3339(seconds)[:-1] + ".000000Z"


def _without_nulls(value):
    """A deep copy with null members dropped: Go's decoder leaves a null field unset."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _drop(body, path):
    """Removes the member at a validator path such as `spec.template.spec.containers[0].foo`; False if absent."""
    parts = re.findall(r"\[([^\]]*)\]|([^.\[\]]+)", path)
    node = body
    for index, member in parts[:-1]:
        if isinstance(node, list) and index.isdigit() and int(index) < len(node):
            node = node[int(index)]
        elif isinstance(node, dict):
            node = node.get(member or index)
        else:
            return False
    key = parts[-1][1] or parts[-1][0]
    if not isinstance(node, dict) or key not in node:
        return False
    del node[key]
    return True


def _repository(image):
    """An image reference without its tag or digest."""
    name = image.partition("@")[0]
    path, slash, last = name.rpartition("/")
    return path + slash + last.partition(":")[0]


def _condition(kind, reason, message, at, status="True", probed=False):
    """A Job or pod condition in the apiserver's member order. The Job controller stamps lastProbeTime; the
    kubelet and the scheduler leave it null."""
    condition = {"type": kind, "status": status, "lastProbeTime": at if probed else None, "lastTransitionTime": at}
    if reason:
        condition["reason"] = reason
    if message:
        condition["message"] = message
    return condition


class View(NamedTuple):
    """A job at one moment: its phase, when that began, when its pod was scheduled and started running."""
    phase: core.Phase
    started: float
    scheduled: float
    running: float
    ordinal: int  # the phase's position (len(phases) for a forced one), added to resourceVersion


class Provider:
    name = "kubernetes"
    scenarios = SCENARIOS
    interruptions = INTERRUPTIONS

    def __init__(self, sim, specs_dir):
        self.sim = sim
        self.spec = Swagger(os.path.join(specs_dir, "kubernetes", "kubernetes-1.36.batch-v1-jobs.swagger.json"))
        secrets = sim.secrets["kubernetes"]
        self.home = secrets["namespace"]
        groups = ["system:serviceaccounts", f"system:serviceaccounts:{self.home}", "system:authenticated"]
        self.trainyard = User(f"system:serviceaccount:{self.home}:trainyard",
                              str(uuid.uuid5(uuid.NAMESPACE_URL, "trainyard")), groups,
                              frozenset({self.home, "default"}))
        denied = User(f"system:serviceaccount:{self.home}:denied", str(uuid.uuid5(uuid.NAMESPACE_URL, "denied")),
                      groups, frozenset())
        self.users = {secrets["token"]: self.trainyard, secrets["deniedToken"]: denied}
        self.jobs = {}  # namespace -> {job name: SimJob} for the Jobs that exist
        self.pods = {}  # namespace -> {pod name: SimJob} for the pods that exist (an orphaned pod outlives its Job)
        self.history = {}  # namespace -> [SimJob] ever created there (their events outlive them)

    def routes(self, app):
        jobs = "/apis/batch/v1/namespaces/{namespace}/jobs"
        pods = "/api/v1/namespaces/{namespace}/pods"
        for method, path, operation, handler in (
                ("POST", jobs, "createJob", self.create_job),
                ("GET", jobs, "listJobs", self.list_jobs),
                ("GET", jobs + "/{name}", "readJob", self.read_job),
                ("GET", jobs + "/{name}/status", "readJobStatus", self.read_job),
                ("DELETE", jobs + "/{name}", "deleteJob", self.delete_job),
                ("GET", pods, "listPods", self.list_pods),
                ("GET", pods + "/{name}", "readPod", self.read_pod),
                ("GET", pods + "/{name}/log", "readPodLog", self.read_pod_log),
                ("GET", "/api/v1/namespaces/{namespace}/events", "listEvents", self.list_events),
                ("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "createSelfSubjectAccessReview",
                 self.create_access_review),
                ("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", "createSelfSubjectReview",
                 self.create_subject_review),
                ("GET", "/version/", "getCodeVersion", self.version),
                ("GET", "/version", "getCodeVersion", self.version),
                ("*", "/api/{path:.*}", "unknownPath", self.unknown_path),
                ("*", "/apis/{path:.*}", "unknownPath", self.unknown_path)):
            app.router.add_route(method, path, self._endpoint(operation, handler))

    def _endpoint(self, operation, handler):
        async def serve(request):
            await self.sim.delay()
            try:
                response, error = await handler(request, operation), None
            except KubeError as failure:
                response, error = failure.response(), failure.reason
            except RecursionError:  # a body nested deeper than Python can walk
                failure = _bad_request("the object provided is unrecognized: json: exceeded max depth")
                response, error = failure.response(), failure.reason
            self.sim.record(self.name, operation, request, response.status, body=request.get("body"), error=error)
            return response
        return serve

    # MARK: authentication, authorization, faults

    def _user(self, request, anonymous=False):
        """The bearer token's user; None for an anonymous call where that is allowed; else 401."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        user = self.users.get(token.strip()) if scheme.lower() == "bearer" else None
        if user is None and not (anonymous and "Authorization" not in request.headers):
            raise KubeError(401, "Unauthorized", "Unauthorized")
        return user

    def _allowed(self, user, verb, group, resource, namespace):
        """The RBAC reason `user` may do this, or None."""
        if (group, resource) in SELF_REVIEWS and verb == "create":
            return BASIC_USER
        if namespace in user.namespaces and verb in ROLE.get((group, resource), ()):
            return (f'RBAC: allowed by RoleBinding "trainyard/{namespace}" of Role "trainyard" '
                    f'to ServiceAccount "trainyard/{self.home}"')
        return None

    @staticmethod
    def _forbidden(user, verb, resource, namespace, name="", subresource=""):
        what = resource.plural + (f"/{subresource}" if subresource else "")
        scope = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
        return KubeError(403, "Forbidden", f'{_named(resource, name)} is forbidden: User "{user.name}" cannot {verb} '
                                           f'resource "{what}" in API group "{resource.group}" {scope}',
                         _details(resource, name))

    def _gate(self, request, operation, verb, resource, name="", subresource="", target=None):
        """Authenticates and authorizes the call, then raises the fault a test queued for it (about `target`,
        the object's name, when the URL does not name it)."""
        user = self._user(request)
        namespace = request.match_info.get("namespace", "")
        what = resource.plural + (f"/{subresource}" if subresource else "")
        if self._allowed(user, verb, resource.group, what, namespace) is None:
            raise self._forbidden(user, verb, resource, namespace, name, subresource)
        fault = self.sim.take_fault(self.name, operation)
        if fault is not None:
            raise self._fault(fault, verb, resource, namespace, target if target is not None else name)
        return user

    def _fault(self, fault, verb, resource, namespace, name):
        """The injected error `fault` as the apiserver would answer it for this call."""
        named, details = _named(resource, name), _details(resource, name)
        if fault == "TooManyRequests":
            return KubeError(429, fault, "Too many requests, please try again later.",
                             dict(details, retryAfterSeconds=1), {"Retry-After": "1"})
        if fault == "InternalError":
            return KubeError(500, fault, "Internal error occurred: etcdserver: leader changed",
                             dict(details, causes=[{"message": "etcdserver: leader changed"}]))
        if fault == "ServiceUnavailable":
            return KubeError(503, fault, "the server is currently unable to handle the request", details)
        if fault == "Timeout":
            return KubeError(504, fault, "Timeout: request did not complete within requested timeout - "
                                         "context deadline exceeded", details)
        if fault == "Unauthorized":
            return KubeError(401, fault, "Unauthorized")
        if fault == "Forbidden":
            return self._forbidden(self.trainyard, verb, resource, namespace, name)
        if fault == "ExceededQuota":
            return KubeError(403, "Forbidden", f"{named} is forbidden: exceeded quota: compute-quota, requested: "
                             "count/jobs.batch=1, used: count/jobs.batch=10, limited: count/jobs.batch=10", details)
        if fault == "Invalid":
            return _invalid(resource, name, [_required("spec.template.spec.containers[0].image")])
        if fault == "NotFound":
            return KubeError(404, fault, f"{named} not found", details)
        if fault == "AlreadyExists":
            return KubeError(409, fault, f"{named} already exists", details)
        if fault == "Conflict":
            return KubeError(409, fault, f"Operation cannot be fulfilled on {named}: the object has been modified; "
                                         "please apply your changes to the latest version and try again", details)
        return KubeError(500, "InternalError", f"Internal error occurred: unknown simulator fault {fault!r}")

    # MARK: decoding

    async def _body(self, request, resource):
        """The JSON object in the body (kept for the request log); 415 or 400 the apiserver's way otherwise."""
        raw = await request.read()
        media = request.headers.get("Content-Type", "application/json").split(";")[0].strip().lower()
        if media != "application/json":
            raise KubeError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted "
                            "media types include: application/json, application/yaml, "
                            "application/vnd.kubernetes.protobuf, application/cbor")
        unrecognized = f"the object provided is unrecognized (must be of type {resource.kind}): couldn't get " \
                       "version/kind; json parse error: "
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as error:
            raise _bad_request(unrecognized + str(error)) from None
        request["body"] = body
        if not isinstance(body, dict):
            raise _bad_request(unrecognized + f"json: cannot unmarshal {type(body).__name__} into Go value of type "
                               "struct { APIVersion string; Kind string }")
        return body

    def _decode(self, request, body, definition, resource, versions, headers):
        """Checks a body against its OpenAPI definition with fieldValidation semantics (Strict when absent; Warn
        and Ignore drop unknown fields from `body`, Warn naming them in a `Warning` in `headers`): a wrong
        apiVersion/kind, a wrong type or an unknown field is a 400 decoding error, a missing required member a 422
        field error."""
        kind, version = body.get("kind"), body.get("apiVersion")
        version_name = versions[0].rpartition("/")[2]
        prefix = f'{resource.kind} in version "{version_name}" cannot be handled as a {resource.kind}'
        if isinstance(version, str) and version and version not in versions:
            raise _bad_request(f"the API version in the data ({version}) does not match the expected API version "
                               f"({versions[0]})")
        if isinstance(kind, str) and kind and kind != resource.kind:
            raise _bad_request(f'{prefix}: no kind "{kind}" is registered for version "{versions[0]}" in scheme '
                               '"pkg/api/legacyscheme/scheme.go:30"')
        lenient = request.query.get("fieldValidation") in ("Warn", "Ignore")
        unknown = []
        while True:
            problem = self.spec.validate(definition, body, strict=True, null_is_absent=True)
            if problem is None:
                break
            field, _, message = problem.partition(": ")
            if not (lenient and message.startswith("unknown property") and _drop(body, field)):
                break
            unknown.append(f'299 - "unknown field \\"{field}\\""')
        if unknown and request.query["fieldValidation"] == "Warn":
            headers["Warning"] = ", ".join(unknown)
        if problem is None:
            return
        if message == "required property is missing":
            metadata = body.get("metadata")
            name = metadata.get("name") if isinstance(metadata, dict) else None
            raise _invalid(resource, name if isinstance(name, str) else "", [_required(field)])
        if message.startswith("unknown property"):
            raise _bad_request(f'{prefix}: strict decoding error: unknown field "{field}"')
        raise _bad_request(f"{prefix}: {field}: {message}")

    # MARK: Jobs

    async def create_job(self, request, operation):
        try:
            body, unreadable = await self._body(request, JOBS), None
        except KubeError as error:
            body, unreadable = {}, error
        metadata = body.get("metadata")
        target = metadata.get("name") if isinstance(metadata, dict) else None
        self._gate(request, operation, "create", JOBS, target=target if isinstance(target, str) else "")
        if unreadable is not None:
            raise unreadable
        namespace = request.match_info["namespace"]
        headers = {}
        job = _without_nulls(body)  # the object to store, defaulted in place below
        for amounts in _amounts(job):  # Quantity unmarshals a JSON number as well as a string
            amounts.update({k: format(Decimal(str(v)), "f") for k, v in amounts.items()
                            if isinstance(v, (int, float)) and not isinstance(v, bool)})
        self._decode(request, job, "io.k8s.api.batch.v1.Job", JOBS, ("batch/v1",), headers)
        if any(_quantity(v) is None for amounts in _amounts(job) for v in amounts.values()):
            raise _bad_request(f'Job in version "v1" cannot be handled as a Job: {QUANTITY_MESSAGE}')
        metadata = job.setdefault("metadata", {})
        if metadata.get("namespace", namespace) not in ("", namespace):
            raise _bad_request("the namespace of the provided object does not match the namespace sent on the request")
        self._default_job(job, namespace)
        name = metadata.get("name", "")
        causes = self._job_causes(job)
        if causes:
            raise _invalid(JOBS, name, causes)
        if name in self.jobs.get(namespace, {}):
            raise KubeError(409, "AlreadyExists", f'jobs.batch "{name}" already exists', _details(JOBS, name))
        now = self.sim.clock.now()
        serial = self.sim.next_id()
        uid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"kubernetes/{namespace}/{name}/{serial}"))
        metadata.update(uid=uid, resourceVersion=str(serial * 100), generation=1, creationTimestamp=core.rfc3339(now))
        spec = job["spec"]
        if not spec.get("manualSelector"):
            generated = {"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name,
                         "controller-uid": uid, "job-name": name}
            spec["selector"] = {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
            template_meta = spec["template"]["metadata"]
            template_meta["labels"] = dict(template_meta.get("labels", {}), **generated)
        if request.query.get("dryRun") != "All":
            phases = self.sim.take_scenario(self.name)
            if spec["suspend"]:
                phases = list(SCENARIOS["suspended"])
            elif "activeDeadlineSeconds" in spec:
                phases = _cut_at_deadline(phases, spec["activeDeadlineSeconds"])
            self._index(core.SimJob(self.name, f"{namespace}/{name}", body, phases, now), job, serial)
        return web.json_response(dict(job, status={}), status=201, headers=headers)

    @staticmethod
    def _default_job(job, namespace):
        """The apiserver's defaulting (SetDefaults_Job, SetDefaults_PodSpec, SetDefaults_Container, ...)."""
        job.update(apiVersion="batch/v1", kind="Job")
        job.pop("status", None)
        metadata = job["metadata"]
        metadata["namespace"] = namespace
        for member in ("uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
                       "deletionGracePeriodSeconds", "selfLink", "managedFields"):
            metadata.pop(member, None)
        spec = job.setdefault("spec", {})
        for member, value in (("parallelism", 1), ("completions", 1), ("backoffLimit", 6),
                              ("completionMode", "NonIndexed"), ("suspend", False),
                              ("podReplacementPolicy", "TerminatingOrFailed")):
            spec.setdefault(member, value)
        template = spec.setdefault("template", {})
        template_meta = template.setdefault("metadata", {})
        if not metadata.get("labels") and template_meta.get("labels"):
            metadata["labels"] = dict(template_meta["labels"])
        pod = template.setdefault("spec", {})
        if not pod.get("restartPolicy"):
            pod["restartPolicy"] = "Always"
        for member, value in (("terminationGracePeriodSeconds", 30), ("dnsPolicy", "ClusterFirst"),
                              ("securityContext", {}), ("schedulerName", "default-scheduler")):
            pod.setdefault(member, value)
        for _, container in _containers(job):
            image = container.get("image", "")
            tag = image.rpartition("/")[2].partition(":")[2]
            pinned = "@" in image or tag not in ("", "latest")
            if not container.get("imagePullPolicy"):
                container["imagePullPolicy"] = "IfNotPresent" if pinned else "Always"
            container.setdefault("terminationMessagePath", "/dev/termination-log")
            container.setdefault("terminationMessagePolicy", "File")
            resources = container.setdefault("resources", {})
            if resources.get("limits"):
                resources["requests"] = dict(resources["limits"], **resources.get("requests", {}))

    def _job_causes(self, job):
        """ValidateJob's field errors that the OpenAPI schema cannot state, on the defaulted object."""
        causes = []
        metadata, spec = job["metadata"], job["spec"]
        name = metadata.get("name", "")
        if not name:
            if metadata.get("generateName"):
                causes.append(("FieldValueForbidden", "metadata.generateName", "Forbidden: the Trainyard simulator "
                               "needs metadata.name (submissions must not use generateName)"))
            else:
                causes.append(_required("metadata.name", "name or generateName is required"))
        elif len(name) > 253:
            causes.append(_invalid_value("metadata.name", name, "must be no more than 253 characters"))
        elif not DNS1123_SUBDOMAIN.match(name):
            causes.append(_invalid_value("metadata.name", name, LABEL_SUBDOMAIN_MESSAGE))
        elif len(name) > 63:  # the generated batch.kubernetes.io/job-name label cannot hold it
            causes.append(_invalid_value("spec.template.labels", name, "must be no more than 63 characters"))
        causes += _label_causes("metadata.labels", metadata.get("labels"))
        causes += _label_causes("spec.template.metadata.labels", spec["template"]["metadata"].get("labels"))
        if "selector" in spec and not spec.get("manualSelector"):
            causes.append(_invalid_value("spec.selector", json.dumps(spec["selector"]),
                                         "`selector` will be auto-generated"))
        for member in ("parallelism", "completions", "backoffLimit", "activeDeadlineSeconds",
                       "ttlSecondsAfterFinished"):
            if spec.get(member, 0) < 0:
                causes.append(_invalid_value(f"spec.{member}", spec[member], "must be greater than or equal to 0"))
        pod = spec["template"]["spec"]
        if pod["restartPolicy"] not in ("OnFailure", "Never"):
            causes.append(_not_supported("spec.template.spec.restartPolicy", pod["restartPolicy"],
                                         ("OnFailure", "Never")))
        if not pod.get("containers"):
            causes.append(_required("spec.template.spec.containers"))
        seen = set()
        for field, container in _containers(job):
            causes += self._container_causes(field, container, seen)
        return causes

    @staticmethod
    def _container_causes(field, container, seen):
        causes = []
        name = container.get("name", "")
        if not name:
            causes.append(_required(f"{field}.name"))
        elif len(name) > 63:
            causes.append(_invalid_value(f"{field}.name", name, "must be no more than 63 characters"))
        elif not DNS1123_LABEL.match(name):
            causes.append(_invalid_value(f"{field}.name", name, LABEL_DNS_MESSAGE))
        elif name in seen:
            causes.append(("FieldValueDuplicate", f"{field}.name", f"Duplicate value: {_go(name)}"))
        seen.add(name)
        if not container.get("image", "").strip():
            causes.append(_required(f"{field}.image"))
        if container["imagePullPolicy"] not in ("Always", "IfNotPresent", "Never"):
            causes.append(_not_supported(f"{field}.imagePullPolicy", container["imagePullPolicy"],
                                         ("Always", "IfNotPresent", "Never")))
        for index, env in enumerate(container.get("env", [])):
            at = f"{field}.env[{index}].name"
            if not env.get("name"):
                causes.append(_required(at))
            elif "=" in env["name"] or not all(" " <= c <= "~" for c in env["name"]):
                causes.append(_invalid_value(at, env["name"], "a valid environment variable name must consist only "
                                                              "of printable ASCII characters other than '='"))
        limits = container["resources"].get("limits", {})
        requests = container["resources"].get("requests", {})
        for kind, amounts in (("limits", limits), ("requests", requests)):
            for resource, amount in amounts.items():
                at, value, sort = f"{field}.resources.{kind}[{resource}]", _quantity(amount), _resource_kind(resource)
                if sort is None:
                    causes.append(_invalid_value(at, resource, "must be a standard resource type or fully qualified"))
                elif value < 0:
                    causes.append(_invalid_value(at, amount, "must be greater than or equal to 0"))
                elif sort == "extended" and value != value.to_integral_value():
                    causes.append(_invalid_value(at, amount, "must be an integer"))
        for resource, amount in requests.items():
            at, extended = f"{field}.resources.requests[{resource}]", _resource_kind(resource) == "extended"
            if resource not in limits:
                if extended:
                    causes.append(_required(f"{field}.resources.limits",
                                            "Limit must be set for non overcommitable resources"))
            elif extended and _quantity(amount) != _quantity(limits[resource]):
                causes.append(_invalid_value(at, amount, f"must be equal to {resource} limit of {limits[resource]}"))
            elif _quantity(amount) > _quantity(limits[resource]):
                causes.append(_invalid_value(at, amount,
                                             f"must be less than or equal to {resource} limit of {limits[resource]}"))
        return causes

    def _index(self, sim_job, job, serial):
        """Stores a created Job with its pod's identity (name, node, IP) fixed once."""
        namespace, name, uid = job["metadata"]["namespace"], job["metadata"]["name"], job["metadata"]["uid"]
        digest = _digest(uid)
        pod = f"{name}-" + "".join(POD_NAME_ALPHABET[int(digest[i:i + 2], 16) % len(POD_NAME_ALPHABET)]
                                   for i in range(0, 10, 2))
        containers = job["spec"]["template"]["spec"]["containers"]
        extended = sorted(r for c in containers for r in c["resources"].get("limits", {})
                          if _resource_kind(r) == "extended")
        sim_job.extra.update(
            namespace=namespace, name=name, uid=uid, object=job, pod=pod, cache=None,
            pod_uid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"pod/{uid}")), node=NODES[serial % len(NODES)],
            pod_ip=f"10.244.{serial // 250 % 250}.{serial % 250 + 2}",
            containers=[(c["name"], c["image"]) for c in containers],
            insufficient=(extended or ["cpu"])[0], qos=_qos(containers))
        self.sim.jobs[(self.name, sim_job.id)] = sim_job
        self.jobs.setdefault(namespace, {})[name] = sim_job
        self.pods.setdefault(namespace, {})[pod] = sim_job
        self.history.setdefault(namespace, []).append(sim_job)

    def _job(self, namespace, name):
        job = self.jobs.get(namespace, {}).get(name)
        if job is None:
            raise KubeError(404, "NotFound", f'jobs.batch "{name}" not found', _details(JOBS, name))
        return job

    async def read_job(self, request, operation):
        name = request.match_info["name"]
        self._gate(request, operation, "get", JOBS, name, "status" if operation == "readJobStatus" else "")
        job = self._job(request.match_info["namespace"], name)
        return web.Response(body=self._cached(job)["job_json"], content_type="application/json")

    async def list_jobs(self, request, operation):
        self._gate(request, operation, "list", JOBS)
        namespace = request.match_info["namespace"]
        labels = _parse_selector(request.query.get("labelSelector"))
        fields = _parse_selector(request.query.get("fieldSelector"),
                                 {"metadata.name", "metadata.namespace", "status.successful"})
        items = []
        for job in self.jobs.get(namespace, {}).values():
            obj = self._cached(job)["job"]
            values = {"metadata.name": job.extra["name"], "metadata.namespace": namespace,
                      "status.successful": str(obj["status"].get("succeeded", 0))}
            if _matches(labels, obj["metadata"].get("labels", {}).get) and _matches(fields, values.get):
                items.append({k: v for k, v in obj.items() if k not in ("kind", "apiVersion")})
        return web.json_response({"kind": "JobList", "apiVersion": "batch/v1",
                                  "metadata": {"resourceVersion": str(self.sim.counter * 100)}, "items": items})

    async def delete_job(self, request, operation):
        namespace, name = request.match_info["namespace"], request.match_info["name"]
        self._gate(request, operation, "delete", JOBS, name)
        options = {k: request.query[k] for k in ("propagationPolicy", "dryRun") if k in request.query}
        if request.can_read_body:
            body = await self._body(request, DELETE_OPTIONS)
            self._decode(request, body, "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", DELETE_OPTIONS,
                         ("meta.k8s.io/v1", "v1", "batch/v1"), {})
            options.update({k: v for k, v in body.items() if k not in ("kind", "apiVersion") and v is not None})
        policy = options.get("propagationPolicy")
        if policy not in (None, "Foreground", "Background", "Orphan"):
            raise _invalid(DELETE_OPTIONS, "", [_not_supported("propagationPolicy", policy,
                                                               ("Foreground", "Background", "Orphan", "nil"))])
        request["body"] = dict(options, propagationPolicy=policy or "Orphan")  # the log keeps the effective policy
        job = self._job(namespace, name)
        headers = {}
        if policy is None:
            headers["Warning"] = ('299 - "child pods are preserved by default when jobs are deleted; '
                                  'set propagationPolicy=Background to remove them"')
        now = self.sim.clock.now()
        view = self._view(job, now)
        if options.get("dryRun") not in ("All", ["All"]):
            job.deleted, job.cancel_requested_at = True, now
            job.extra["propagation"] = policy or "Orphan"
            del self.jobs[namespace][name]
            if policy in ("Background", "Foreground"):
                del self.pods[namespace][job.extra["pod"]]
        if policy == "Background":
            return web.json_response({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                                      "details": dict(_details(JOBS, name), uid=job.extra["uid"])}, headers=headers)
        # Orphan and Foreground put a finalizer on the Job, so the apiserver answers the Job being deleted;
        # the simulated garbage collector then removes it at once.
        deleting = self._job_object(job, view)
        deleting["metadata"] = dict(deleting["metadata"], deletionTimestamp=core.rfc3339(now),
                                    deletionGracePeriodSeconds=0,
                                    finalizers=["foregroundDeletion" if policy == "Foreground" else "orphan"])
        return web.json_response(deleting, headers=headers)

    # MARK: the simulated Job controller and kubelet

    @staticmethod
    def _view(job, now):
        phase, started = job.phase(now)
        forced = phase is job.forced
        scheduled = running = None
        ordinal = len(job.phases)
        at = job.created
        for index, step in enumerate(job.phases):
            if at > now or (forced and at >= job.forced_at):
                break
            if step is phase:
                ordinal = index
            if scheduled is None and step.state in ("Pending", "Running") and step.secondary != "Unschedulable":
                scheduled = at
            if running is None and step.state == "Running":
                running = at
            if step.seconds is None:
                break
            at += step.seconds
        return View(phase, started, scheduled, running, ordinal)

    def _cached(self, job):
        """The view, Job and pod of the job's current phase, computed once per phase."""
        view = self._view(job, self.sim.clock.now())
        key = (id(view.phase), view.started, job.deleted)
        cache = job.extra["cache"]
        if cache is None or cache["key"] != key:
            obj = self._job_object(job, view)
            cache = job.extra["cache"] = {"key": key, "view": view, "job": obj, "job_json": json.dumps(obj).encode(),
                                          "pod": self._pod(job, view)}
        return cache

    def _job_object(self, job, view):
        stored = job.extra["object"]
        revision = str(int(stored["metadata"]["resourceVersion"]) + view.ordinal)
        return {"kind": "Job", "apiVersion": "batch/v1", "metadata": dict(stored["metadata"], resourceVersion=revision),
                "spec": stored["spec"], "status": self._job_status(job, view)}

    @staticmethod
    def _job_status(job, view):
        state, failure = view.phase.state, view.phase.failure
        created, ended = core.rfc3339(job.created), core.rfc3339(view.started)
        if state == "Suspended":
            return {"conditions": [_condition("Suspended", "JobSuspended", "Job suspended", created, probed=True)],
                    "terminating": 0, "ready": 0}
        if state == "Succeeded":
            message = "Reached expected number of succeeded pods"
            status = {"conditions": [_condition(kind, "CompletionsReached", message, ended, probed=True)
                                     for kind in ("SuccessCriteriaMet", "Complete")],
                      "startTime": created, "completionTime": ended, "succeeded": 1}
        elif state == "Failed":
            status = {"conditions": [_condition(kind, failure.job_reason, failure.job_message, ended, probed=True)
                                     for kind in ("FailureTarget", "Failed")],
                      "startTime": created, "failed": 1}
        else:
            status = {"startTime": created, "active": 1}
        status.update(terminating=0, uncountedTerminatedPods={}, ready=int(state == "Running"))
        return status

    @staticmethod
    def _pod(job, view):
        """The Job's pod at `view`, or None while the Job is suspended."""
        state = view.phase.state
        if state == "Suspended":
            return None
        extra = job.extra
        stored = extra["object"]
        template = stored["spec"]["template"]
        revision = str(int(stored["metadata"]["resourceVersion"]) + 50 + view.ordinal)
        metadata = {"name": extra["pod"], "generateName": extra["name"] + "-", "namespace": extra["namespace"],
                    "uid": extra["pod_uid"], "resourceVersion": revision,
                    "creationTimestamp": core.rfc3339(job.created),
                    "labels": template["metadata"].get("labels", {})}
        if template["metadata"].get("annotations"):
            metadata["annotations"] = template["metadata"]["annotations"]
        if not job.deleted:  # an orphaned pod has lost its owner
            metadata["ownerReferences"] = [{"apiVersion": "batch/v1", "kind": "Job", "name": extra["name"],
                                            "uid": extra["uid"], "controller": True, "blockOwnerDeletion": True}]
            if state in ("Pending", "Running"):
                metadata["finalizers"] = ["batch.kubernetes.io/job-tracking"]
        spec = dict(template["spec"], serviceAccountName=template["spec"].get("serviceAccountName", "default"),
                    enableServiceLinks=True, priority=0, preemptionPolicy="PreemptLowerPriority")
        if view.scheduled is not None:
            spec["nodeName"] = extra["node"]
        return {"kind": "Pod", "apiVersion": "v1", "metadata": metadata, "spec": spec,
                "status": _pod_status(job, view)}

    # MARK: pods, logs, events

    def _pod_job(self, namespace, name):
        job = self.pods.get(namespace, {}).get(name)
        if job is None or self._cached(job)["pod"] is None:
            raise KubeError(404, "NotFound", f'pods "{name}" not found', _details(PODS, name))
        return job

    async def list_pods(self, request, operation):
        self._gate(request, operation, "list", PODS)
        namespace = request.match_info["namespace"]
        labels = _parse_selector(request.query.get("labelSelector"))
        fields = _parse_selector(request.query.get("fieldSelector"), {
            "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "status.phase"})
        candidates = self.pods.get(namespace, {}).values()
        for key, operator, values in labels:  # the adapter's query, one Job's pods, without a scan
            if key in ("batch.kubernetes.io/job-name", "job-name") and operator == "in" and len(values) == 1:
                candidates = [job for job in candidates if job.extra["name"] == values[0]]
                break
        items = []
        for job in candidates:
            pod = self._cached(job)["pod"]
            if pod is None or not _matches(labels, pod["metadata"]["labels"].get):
                continue
            values = {"metadata.name": pod["metadata"]["name"], "metadata.namespace": namespace,
                      "spec.nodeName": pod["spec"].get("nodeName", ""),
                      "spec.restartPolicy": pod["spec"]["restartPolicy"],
                      "status.phase": pod["status"]["phase"]}
            if _matches(fields, values.get):
                items.append({k: v for k, v in pod.items() if k not in ("kind", "apiVersion")})
        return web.json_response({"kind": "PodList", "apiVersion": "v1",
                                  "metadata": {"resourceVersion": str(self.sim.counter * 100)}, "items": items})

    async def read_pod(self, request, operation):
        name = request.match_info["name"]
        self._gate(request, operation, "get", PODS, name)
        return web.json_response(self._cached(self._pod_job(request.match_info["namespace"], name))["pod"])

    async def read_pod_log(self, request, operation):
        namespace, name = request.match_info["namespace"], request.match_info["name"]
        self._gate(request, operation, "get", PODS, name, "log")
        job = self._pod_job(namespace, name)
        view, names = self._cached(job)["view"], [n for n, _ in job.extra["containers"]]
        container = request.query.get("container")
        if container is None and len(names) > 1:
            raise _bad_request(f"a container name must be specified for pod {name}, choose one of: [{' '.join(names)}]")
        container = container or names[0]
        if container not in names:
            raise _bad_request(f"container {container} is not valid for pod {name}")
        if request.query.get("previous") == "true":
            raise _bad_request(f'previous terminated container "{container}" in pod "{name}" not found')
        try:
            numbers = {k: int(request.query[k]) for k in ("tailLines", "sinceSeconds", "limitBytes")
                       if k in request.query}
        except ValueError:
            raise _bad_request("tailLines, sinceSeconds and limitBytes must be integers") from None
        if view.scheduled is None:  # no node to ask: the apiserver streams nothing
            return web.Response(text="", content_type="text/plain")
        if view.running is None and view.phase.state in ("Pending", "Running"):
            raise _bad_request(f'container "{container}" in pod "{name}" is waiting to start: ContainerCreating')
        lines = _log_lines(job, view, container, self.sim.clock.now())
        if "sinceSeconds" in numbers:
            lines = [(t, text) for t, text in lines if t >= self.sim.clock.now() - numbers["sinceSeconds"]]
        if "tailLines" in numbers:
            lines = lines[-numbers["tailLines"]:] if numbers["tailLines"] > 0 else []
        stamp = request.query.get("timestamps") == "true"
        data = "".join((core.rfc3339(t)[:-1] + ".000000000Z " if stamp else "") + text + "\n" for t, text in lines)
        data = data.encode()
        if "limitBytes" in numbers:
            data = data[:max(numbers["limitBytes"], 0)]
        return web.Response(body=data, content_type="text/plain")

    async def list_events(self, request, operation):
        self._gate(request, operation, "list", EVENTS)
        namespace = request.match_info["namespace"]
        fields = _parse_selector(request.query.get("fieldSelector"), {
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
            "reportingComponent", "source", "type", "metadata.name", "metadata.namespace"})
        labels = _parse_selector(request.query.get("labelSelector"))
        candidates = self.history.get(namespace, [])
        for key, operator, values in fields:  # the adapter's query, one object's events, without a scan
            if key == "involvedObject.name" and operator == "in":
                candidates = [job for job in candidates if job.extra["name"] in values or job.extra["pod"] in values]
        items = []
        for job in candidates:
            for event in self._events(job):
                involved = event["involvedObject"]
                values = {"metadata.name": event["metadata"]["name"], "metadata.namespace": namespace,
                          "reason": event["reason"], "type": event["type"],
                          "reportingComponent": event["reportingComponent"],
                          "source": event["source"].get("component", event["reportingComponent"]),
                          **{"involvedObject." + k: v for k, v in involved.items()}}
                if _matches(fields, lambda key: values.get(key, "")) and _matches(labels, {}.get):
                    items.append(event)
        return web.json_response({"kind": "EventList", "apiVersion": "v1",
                                  "metadata": {"resourceVersion": str(self.sim.counter * 100)}, "items": items})

    def _events(self, job):
        """The events the scheduler, autoscaler, kubelet and Job controller recorded for this job, oldest first.
        They outlive the Job; a deleted Job's (and, unless orphaned, its pod's) stop at the deletion."""
        now = self.sim.clock.now()
        view = self._cached(job)["view"]
        extra, phase, failure = job.extra, view.phase, view.phase.failure
        job_until = job.cancel_requested_at if job.deleted else now
        pod_until = now if self.pods.get(extra["namespace"], {}).get(extra["pod"]) is job else job_until
        happened = []  # (on, time, type, reason, component, message, count, last time)
        if phase.state == "Suspended":
            happened.append(("job", job.created, "Normal", "Suspended", "job-controller", "Job suspended", 1, None))
        else:
            happened.append(("job", job.created, "Normal", "SuccessfulCreate", "job-controller",
                             f"Created pod: {extra['pod']}", 1, None))
            waited = (view.scheduled if view.scheduled is not None
                      else view.started if phase.state == "Failed" else pod_until) - job.created
            if waited > 0:
                count = 1 + int(waited // 60)
                happened.append(("pod", job.created, "Warning", "FailedScheduling", "default-scheduler",
                                 _unschedulable(extra), count, job.created + 60 * (count - 1)))
                happened.append(("pod", job.created + 5, "Normal", "TriggeredScaleUp", "cluster-autoscaler",
                                 "pod triggered scale-up: [{gpu-pool 2->3 (max: 8)}]", 1, None)
                                if view.scheduled is not None else
                                ("pod", job.created + 5, "Normal", "NotTriggerScaleUp", "cluster-autoscaler",
                                 "pod didn't trigger scale-up: 1 max node group size reached", 1, None))
        if view.scheduled is not None:
            happened.append(("pod", view.scheduled, "Normal", "Scheduled", "default-scheduler",
                             f"Successfully assigned {extra['namespace']}/{extra['pod']} to {extra['node']}", 1, None))
            for name, image in extra["containers"]:
                happened.append(("pod", view.scheduled + 1, "Normal", "Pulling", "kubelet", f'Pulling image "{image}"',
                                 1, None))
                happened.append(("pod", view.scheduled + 8, "Normal", "Pulled", "kubelet",
                                 f'Successfully pulled image "{image}" in 7.012s (7.012s including waiting). '
                                 "Image size: 4823127040 bytes.", 1, None))
                if view.running is not None:
                    happened.append(("pod", view.running, "Normal", "Created", "kubelet", f"Created container: {name}",
                                     1, None))
                    happened.append(("pod", view.running, "Normal", "Started", "kubelet", f"Started container {name}",
                                     1, None))
        if phase.state == "Succeeded":
            happened.append(("job", view.started, "Normal", "Completed", "job-controller", "Job completed", 1, None))
        elif phase.state == "Failed":
            if failure.event is not None:
                kind, reason, component, message = failure.event
                happened.append(("pod", view.started, kind, reason, component, message.format(node=extra["node"]),
                                 1, None))
            if failure.exit_code in (137, 143) and view.running is not None:
                happened.extend(("pod", view.started, "Normal", "Killing", "kubelet", f"Stopping container {name}", 1,
                                 None) for name, _ in extra["containers"])
            happened.append(("job", view.started, "Warning", failure.job_reason, "job-controller",
                             failure.job_message, 1, None))
        happened.sort(key=lambda e: e[1])
        return [_event(extra, index, *entry) for index, entry in enumerate(happened)
                if entry[1] <= (pod_until if entry[0] == "pod" else job_until)]

    # MARK: identity and discovery

    async def create_access_review(self, request, operation):
        user = self._gate(request, operation, "create", SSAR)
        body = await self._body(request, SSAR)
        self._decode(request, body, "io.k8s.api.authorization.v1.SelfSubjectAccessReview", SSAR,
                     ("authorization.k8s.io/v1",), {})
        spec = body["spec"]
        resource, non_resource = spec.get("resourceAttributes"), spec.get("nonResourceAttributes")
        if (resource is None) == (non_resource is None):
            raise _invalid(SSAR, "", [_invalid_value("spec.resourceAttributes", "null" if resource is None else "...",
                                                     "exactly one of nonResourceAttributes or resourceAttributes "
                                                     "must be specified")])
        if resource is not None:
            what = resource.get("resource") or ""
            if resource.get("subresource"):
                what += "/" + resource["subresource"]
            reason = self._allowed(user, resource.get("verb") or "", resource.get("group") or "", what,
                                   resource.get("namespace") or "")
        else:
            public = non_resource.get("verb") == "get" and non_resource.get("path") in PUBLIC_PATHS
            reason = PUBLIC_INFO if public else None
        status = {"allowed": reason is not None}
        if reason is not None:
            status["reason"] = reason
        return web.json_response({"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
                                  "metadata": {}, "spec": spec, "status": status}, status=201)

    async def create_subject_review(self, request, operation):
        user = self._gate(request, operation, "create", SSR)
        body = await self._body(request, SSR)
        self._decode(request, body, "io.k8s.api.authentication.v1.SelfSubjectReview", SSR,
                     ("authentication.k8s.io/v1",), {})
        return web.json_response({"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1",
                                  "metadata": {"creationTimestamp": core.rfc3339(self.sim.clock.now())},
                                  "status": {"userInfo": {"username": user.name, "uid": user.uid,
                                                          "groups": user.groups}}}, status=201)

    async def unknown_path(self, request, operation):
        """Any other path under /api or /apis: the apiserver's 404 (after authentication)."""
        self._user(request)
        raise KubeError(404, "NotFound", "the server could not find the requested resource", {})

    async def version(self, request, operation):
        self._user(request, anonymous=True)  # system:public-info-viewer: anyone, but a bad token is still a 401
        fault = self.sim.take_fault(self.name, operation)
        if fault is not None:
            raise self._fault(fault, "get", Resource("", "version", "Info"), "", "")
        return web.json_response(VERSION)


def _cut_at_deadline(phases, deadline):
    """The phases, ending in DeadlineExceeded where the Job would still be active `deadline` seconds after its
    startTime (its creation)."""
    out, elapsed = [], 0
    for phase in phases:
        if phase.state in ("Succeeded", "Failed"):
            return out + [phase]
        if phase.seconds is None or elapsed + phase.seconds >= deadline:
            if deadline > elapsed:
                out.append(core.Phase(phase.state, deadline - elapsed, phase.secondary, phase.failure))
            return out + [core.Phase("Failed", None, "DeadlineExceeded", DEADLINE)]
        out.append(phase)
        elapsed += phase.seconds
    return out


def _qos(containers):
    amounts = [(c["resources"].get("limits", {}), c["resources"].get("requests", {})) for c in containers]
    if not any(limits or requests for limits, requests in amounts):
        return "BestEffort"
    guaranteed = all(r in limits and limits[r] == requests.get(r) for limits, requests in amounts
                     for r in ("cpu", "memory"))
    return "Guaranteed" if guaranteed else "Burstable"


def _unschedulable(extra):
    return (f"0/3 nodes are available: 3 Insufficient {extra['insufficient']}. preemption: 0/3 nodes are available: "
            "3 No preemption victims found for incoming pod.")


def _pod_status(job, view):
    """The kubelet's (or, before scheduling, the scheduler's) view of the pod."""
    extra, state, failure = job.extra, view.phase.state, view.phase.failure
    if view.scheduled is None:
        conditions = [_condition("PodScheduled", "Unschedulable", _unschedulable(extra), core.rfc3339(job.created),
                                 "False")]
        return {"phase": state, "conditions": conditions, "qosClass": extra["qos"]}
    scheduled, ended = core.rfc3339(view.scheduled), core.rfc3339(view.started)
    running = core.rfc3339(view.running) if view.running is not None else None
    names = " ".join(name for name, _ in extra["containers"])
    if state == "Pending":
        unready = ("ContainersNotReady", f"containers with unready status: [{names}]", scheduled, "False")
        conditions = [_condition("PodReadyToStartContainers", None, None, scheduled, "False"),
                      _condition("Initialized", None, None, scheduled),
                      _condition("Ready", *unready), _condition("ContainersReady", *unready)]
    elif state == "Running":
        conditions = [_condition("PodReadyToStartContainers", None, None, running),
                      _condition("Initialized", None, None, scheduled),
                      _condition("Ready", None, None, running), _condition("ContainersReady", None, None, running)]
    else:
        why = "PodCompleted" if state == "Succeeded" else "PodFailed"
        conditions = [_condition("PodReadyToStartContainers", None, None, ended, "False"),
                      _condition("Initialized", "PodCompleted" if state == "Succeeded" else None, None, scheduled),
                      _condition("Ready", why, None, ended, "False"),
                      _condition("ContainersReady", why, None, ended, "False")]
        if failure is not None and failure.disruption:
            conditions.insert(0, _condition("DisruptionTarget", failure.disruption,
                                            failure.disruption_message or failure.pod_message, ended))
    conditions.append(_condition("PodScheduled", None, None, scheduled))
    host = f"10.0.3.{NODES.index(extra['node']) + 10}"
    status = {"phase": state, "conditions": conditions, "hostIP": host, "hostIPs": [{"ip": host}]}
    if state != "Pending":
        status.update(podIP=extra["pod_ip"], podIPs=[{"ip": extra["pod_ip"]}])
    status["startTime"] = scheduled
    if failure is not None and failure.pod_reason:
        status.update(reason=failure.pod_reason, message=failure.pod_message)
    statuses = []
    for name, image in extra["containers"]:
        container = {"name": name, "state": {}, "lastState": {}, "ready": state == "Running", "restartCount": 0,
                     "image": image, "imageID": "", "started": state == "Running"}
        if running is not None:
            container.update(imageID=f"{_repository(image)}@sha256:{_digest(image)}",
                             containerID="containerd://" + _digest(extra["pod_uid"], name))
        if state == "Pending":
            container["state"] = {"waiting": {"reason": "ContainerCreating"}}
        elif state == "Running":
            container["state"] = {"running": {"startedAt": running}}
        elif running is None:  # killed before its container started
            container["state"] = {"terminated": {"exitCode": 137, "reason": "ContainerStatusUnknown", "message":
                                                 "The container could not be located when the pod was terminated"}}
        else:
            code = 0 if state == "Succeeded" else failure.exit_code
            container["state"] = {"terminated": {"exitCode": code, "reason": "Completed" if code == 0 else "Error",
                                                 "startedAt": running, "finishedAt": ended,
                                                 "containerID": container["containerID"]}}
        statuses.append(container)
    status.update(containerStatuses=statuses, qosClass=extra["qos"])
    return status


def _log_lines(job, view, container, now):
    """The container's deterministic output so far, as (simulated time, line)."""
    if view.running is None:
        return []
    image = dict(job.extra["containers"])[container]
    end = now if view.phase.state == "Running" else view.started
    count = min(int((end - view.running) // LOG_INTERVAL), 5000)
    lines = [(view.running, f"trainyard-sim: container {container} started (image {image})")]
    lines += [(view.running + LOG_INTERVAL * k, f"step {k * 100}: loss={2.5 / (1 + 0.1 * k):.4f}")
              for k in range(1, count + 1)]
    if view.phase.state == "Succeeded":
        lines.append((end, "training finished; checkpoint written"))
    elif view.phase.state == "Failed":
        lines.append((end, view.phase.failure.log_line))
    return lines


def _event(extra, index, on, at, kind, reason, component, message, count, last):
    """A core/v1 Event. The scheduler records through events.k8s.io/v1, which leaves firstTimestamp and
    lastTimestamp null and sets eventTime (and series when repeated); the others use the legacy recorder."""
    name = extra["pod"] if on == "pod" else extra["name"]
    if on == "pod":
        involved = {"kind": "Pod", "namespace": extra["namespace"], "name": name, "uid": extra["pod_uid"],
                    "apiVersion": "v1"}
        if component == "kubelet" and reason != "Evicted":
            involved["fieldPath"] = f"spec.containers{{{extra['containers'][0][0]}}}"
    else:
        involved = {"kind": "Job", "namespace": extra["namespace"], "name": name, "uid": extra["uid"],
                    "apiVersion": "batch/v1"}
    event = {"metadata": {"name": f"{name}.{_digest(extra['uid'], str(index))[:16]}", "namespace": extra["namespace"],
                          "uid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{extra['uid']}/event/{index}")),
                          "resourceVersion": str(int(extra["object"]["metadata"]["resourceVersion"]) + 60 + index),
                          "creationTimestamp": core.rfc3339(at)},
             "involvedObject": involved, "reason": reason, "message": message}
    if component == "default-scheduler":
        event.update(source={}, firstTimestamp=None, lastTimestamp=None, type=kind, eventTime=_micro(at),
                     action="Preempting" if reason == "Preempted" else "Scheduling",
                     reportingComponent=component, reportingInstance="default-scheduler-control-plane")
        if count > 1:
            event["series"] = {"count": count, "lastObservedTime": _micro(last)}
    else:
        host = extra["node"] if component == "kubelet" else ""
        event.update(source={"component": component, **({"host": host} if host else {})},
                     firstTimestamp=core.rfc3339(at), lastTimestamp=core.rfc3339(last or at), count=count, type=kind,
                     eventTime=None, reportingComponent=component, reportingInstance=host)
    return event
