"""Kubernetes batch/v1 Jobs as Trainyard's Kubernetes adapter sees a cluster: Jobs, their pods, pod logs, events,
SelfSubjectAccessReview/SelfSubjectReview and `/version`.

Contract: shared/api-specs/README.md, section "Kubernetes (batch/v1 Jobs)" (routes, auth, error Status bodies,
idempotency) and "Validation notes for simulators"; the state rules are state-mapping.json's "kubernetes" entry.

Requests are handled the way kube-apiserver 1.36 does it, in its order:
- authentication (`Authorization: Bearer`, else 401 Unauthorized), then RBAC (403 Forbidden with the apiserver's
  message), then the queued fault, then decoding: the body is checked against the OpenAPI definition
  (`kubernetes/kubernetes-1.36.batch-v1-jobs.swagger.json`, via `swagger.Swagger`) with a null member read as an
  unset one; a wrong type, a malformed quantity or an unknown field (fieldValidation=Strict, which this simulator
  also assumes when the parameter is absent; `Warn` answers a `Warning` header, `Ignore` says nothing) is a
  400 BadRequest "Job in version "v1" cannot be handled as a Job: ...";
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
BASIC_USER = 'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"'
PUBLIC_INFO = ('RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole '
               '"system:public-info-viewer" to Group "system:authenticated"')
PUBLIC_PATHS = {"/version", "/version/", "/healthz", "/livez", "/readyz"}

VERSION = {"major": "1", "minor": "36", "emulationMajor": "1", "emulationMinor": "36", "minCompatibilityMajor": "1",
           "minCompatibilityMinor": "35", "gitVersion": "v1.36.0", "gitCommit": "6a1c2f9e0b7d4c3a8e5f2b1d9c0a7e6f4b3d2c1a",
           "gitTreeState": "clean", "buildDate": "2026-04-22T10:00:00Z", "goVersion": "go1.25.9", "compiler": "gc",
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
    spec = ((job_object.get("spec") or {}).get("template") or {}).get("spec")
    if not isinstance(spec, dict):
        return []
    out = []
    for member in ("initContainers", "containers"):
        items = spec.get(member)
        if isinstance(items, list):
            out.extend((f"spec.template.spec.{member}[{i}]", c) for i, c in enumerate(items) if isinstance(c, dict))
    return out


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


