"""Validates request bodies against the `schemas` of a Google API Discovery document the way Google's JSON front end
(proto3 JSON parsing) and the service's own "Required." checks do.

Shared contract: `shared/api-specs/README.md`, section "Google Vertex AI (REST + OAuth2 service-account JWT bearer)";
the document is `vertex/aiplatform-v1.customJobs.discovery.json`.

Two stages, as on the real service:
1. `parse` is the proto3 JSON parse. Unknown members, wrong JSON types, out-of-range integers, unknown enum names and
   malformed durations/timestamps each give one field violation in Google's wording, e.g.
   `Invalid JSON payload received. Unknown name "x" at 'custom_job.job_spec': Cannot find field.` or
   `Invalid value at 'custom_job.display_name' (TYPE_STRING), 5`. Paths use proto field names (snake_case), `[i]`
   for repeated elements and `[i].value` for map entries. Both lowerCamelCase and proto names are accepted as keys;
   `null` means "not set"; int64/uint64 (JSON strings) and int32 accept numbers or decimal strings. The result is the
   body as the service stores it: camelCase keys, int64 as strings, proto3 default values and "Output only." fields
   dropped (AIP-203: output-only input is ignored, not rejected).
2. `missing_required` lists the fields whose description starts with "Required." that are unset in a parsed body
   (only inside messages that are present).
"""

import json
import re

_INVALID = object()  # a scalar parser's "this JSON value does not fit"
_NO_DEFAULT = object()  # messages have presence: an empty message is still set

_COMMON_PACKAGES = (("GoogleRpc", "google.rpc"), ("GoogleProtobuf", "google.protobuf"),
                    ("GoogleLongrunning", "google.longrunning"), ("GoogleType", "google.type"),
                    ("GoogleIamV1", "google.iam.v1"), ("GoogleApi", "google.api"))
_VALUE_TYPE = "type.googleapis.com/google.protobuf.Value"
_DURATION = re.compile(r"-?\d{1,12}(\.\d{1,9})?s")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]*={0,2}")
_DECIMAL = re.compile(r"-?\d+")
_INT_RANGES = {"int32": (-2**31, 2**31 - 1), "uint32": (0, 2**32 - 1),
               "int64": (-2**63, 2**63 - 1), "uint64": (0, 2**64 - 1)}


def _snake(name):
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _join(path, name):
    return f"{path}.{name}" if path else name


def _at(path):
    return f" at '{path}'" if path else ""


def _invalid(path, type_name, value):
    return path, f"Invalid value at '{path}' ({type_name}), {json.dumps(value)}"


class _Scalar:
    """A JSON leaf: `check` returns the stored form of a fitting value, else `_INVALID`."""

    def __init__(self, type_name, check, default):
        self.type_name, self.check, self.default = type_name, check, default

    def parse(self, value, path, errors):
        parsed = self.check(value)
        if parsed is _INVALID:
            errors.append(_invalid(path, self.type_name, value))
        return parsed


class _Array:
    default = []

    def __init__(self, item):
        self.item = item

    @property
    def type_name(self):
        return self.item.type_name

    def parse(self, value, path, errors):
        if not isinstance(value, list):
            errors.append(_invalid(path, self.type_name, value))
            return _INVALID
        out = []
        for i, item in enumerate(value):
            where = f"{path}[{i}]"
            if item is None:
                errors.append(_invalid(where, self.type_name, None))
                continue
            parsed = self.item.parse(item, where, errors)
            if parsed is not _INVALID:
                out.append(parsed)
        return out


class _Map:
    default = {}

    def __init__(self, value):
        self.value = value

    @property
    def type_name(self):
        return self.value.type_name

    def parse(self, value, path, errors):
        if not isinstance(value, dict):
            errors.append(_invalid(path, self.type_name, value))
            return _INVALID
        out = {}
        for i, (key, item) in enumerate(value.items()):
            where = f"{path}[{i}].value"
            if item is None:
                errors.append(_invalid(where, self.type_name, None))
                continue
            parsed = self.value.parse(item, where, errors)
            if parsed is not _INVALID:
                out[key] = parsed
        return out


class _Field:
    __slots__ = ("json_name", "proto_name", "node", "required", "read_only", "takes_list")

    def __init__(self, json_name, node, description, read_only):
        self.json_name = json_name
        self.proto_name = _snake(json_name)
        self.node = node
        self.required = description.startswith("Required.") and not read_only
        self.read_only = read_only
        self.takes_list = isinstance(node, _Array) or node.type_name == _VALUE_TYPE


class _Message:
    default = _NO_DEFAULT

    def __init__(self, type_name):
        self.type_name = type_name
        self.fields = {}  # JSON name and proto name -> _Field
        self.required = ()
        self.nested = ()  # fields that hold messages (directly, repeated or as map values)

    def finish(self, fields):
        for field in fields:
            self.fields[field.json_name] = self.fields[field.proto_name] = field
        self.required = tuple(f for f in fields if f.required)
        self.nested = tuple(f for f in fields if isinstance(_element(f.node), _Message))

    def parse(self, value, path, errors):
        if not isinstance(value, dict):
            errors.append(_invalid(path, self.type_name, value))
            return _INVALID
        out = {}
        for key, item in value.items():
            field = self.fields.get(key)
            if field is None:
                errors.append((path, f'Invalid JSON payload received. Unknown name "{key}"{_at(path)}: '
                                     "Cannot find field."))
                continue
            if item is None:
                continue
            if isinstance(item, list) and not field.takes_list:
                errors.append((path, f'Invalid JSON payload received. Unknown name "{key}"{_at(path)}: '
                                     "Proto field is not repeating, cannot start list."))
                continue
            parsed = field.node.parse(item, _join(path, field.proto_name), errors)
            if parsed is _INVALID or field.read_only or parsed == field.node.default:
                continue
            out[field.json_name] = parsed
        return out

    def missing(self, value, path, out):
        for field in self.required:
            if field.json_name not in value:
                out.append(_join(path, field.proto_name))
        for field in self.nested:
            held = value.get(field.json_name)
            if held is None:
                continue
            where = _join(path, field.proto_name)
            message = _element(field.node)
            if isinstance(field.node, _Array):
                for i, item in enumerate(held):
                    message.missing(item, f"{where}[{i}]", out)
            elif isinstance(field.node, _Map):
                for i, item in enumerate(held.values()):
                    message.missing(item, f"{where}[{i}].value", out)
            else:
                message.missing(held, where, out)


def _element(node):
    if isinstance(node, _Array):
        return node.item
    if isinstance(node, _Map):
        return node.value
    return node


def _integer(kind, as_string):
    low, high = _INT_RANGES[kind]

    def check(value):
        if isinstance(value, bool):
            return _INVALID
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and _DECIMAL.fullmatch(value):
            number = int(value)
        else:
            return _INVALID
        if not low <= number <= high:
            return _INVALID
        return str(number) if as_string else number
    return check


def _number(value):
    if isinstance(value, bool):
        return _INVALID
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return _INVALID
    return _INVALID


def _matching(pattern):
    return lambda value: value if isinstance(value, str) and pattern.fullmatch(value) else _INVALID


def _string(value):
    return value if isinstance(value, str) else _INVALID


def _boolean(value):
    return value if isinstance(value, bool) else _INVALID


def _anything(value):
    return value


class DiscoveryValidator:
    """The compiled `schemas` of one Discovery document; compile once, validate many bodies."""

    def __init__(self, document, enum_type_names=None):
        """`enum_type_names` maps "SchemaId.property" to the protobuf enum's full name where it is not the default
        `<package>.<Message>.<Property>` (top-level enums such as google.cloud.aiplatform.v1.JobState)."""
        self._enum_names = enum_type_names or {}
        self._cloud_prefix = "GoogleCloud" + document["name"].capitalize() + document["version"].capitalize()
        self._cloud_package = f"google.cloud.{document['name']}.{document['version']}"
        schemas = document["schemas"]
        self._messages = {sid: _Message(self._type_url(sid)) for sid in schemas}
        for sid, schema in schemas.items():
            self._compile_message(self._messages[sid], sid, schema)

    def _full_name(self, schema_id):
        if schema_id.startswith(self._cloud_prefix):
            return f"{self._cloud_package}.{schema_id[len(self._cloud_prefix):]}"
        for prefix, package in _COMMON_PACKAGES:
            if schema_id.startswith(prefix):
                return f"{package}.{schema_id[len(prefix):]}"
        return schema_id

    def _type_url(self, schema_id):
        return "type.googleapis.com/" + self._full_name(schema_id)

    def _compile_message(self, message, owner, schema):
        message.finish([_Field(name, self._compile(prop, owner, name), prop.get("description", ""),
                               prop.get("readOnly", False))
                        for name, prop in schema.get("properties", {}).items()])

    def _compile(self, prop, owner, name):
        if "$ref" in prop:
            return self._messages[prop["$ref"]]
        kind, fmt = prop.get("type"), prop.get("format")
        if kind == "array":
            return _Array(self._compile(prop["items"], owner, name))
        if kind == "object":
            if "additionalProperties" in prop:
                return _Map(self._compile(prop["additionalProperties"], owner, name))
            inline = _Message(self._type_url(owner) + "." + name[:1].upper() + name[1:])
            self._compile_message(inline, owner, prop)
            return inline
        if kind == "string":
            if "enum" in prop:
                values = frozenset(prop["enum"])
                enum_name = self._enum_names.get(f"{owner}.{name}") or \
                    f"{self._full_name(owner)}.{name[:1].upper()}{name[1:]}"
                return _Scalar("type.googleapis.com/" + enum_name,
                               lambda v: v if isinstance(v, str) and v in values else _INVALID, prop["enum"][0])
            if fmt in ("int64", "uint64"):
                return _Scalar("TYPE_" + fmt.upper(), _integer(fmt, True), "0")
            if fmt == "google-duration":
                return _Scalar("type.googleapis.com/google.protobuf.Duration", _matching(_DURATION), _NO_DEFAULT)
            if fmt == "google-datetime":
                return _Scalar("type.googleapis.com/google.protobuf.Timestamp", _matching(_TIMESTAMP), _NO_DEFAULT)
            if fmt == "byte":
                return _Scalar("TYPE_BYTES", _matching(_BASE64), "")
            return _Scalar("TYPE_STRING", _string, "")
        if kind == "integer":
            fmt = fmt if fmt in ("int32", "uint32") else "int32"
            return _Scalar("TYPE_" + fmt.upper(), _integer(fmt, False), 0)
        if kind == "number":
            return _Scalar("TYPE_FLOAT" if fmt == "float" else "TYPE_DOUBLE", _number, 0)
        if kind == "boolean":
            return _Scalar("TYPE_BOOL", _boolean, False)
        return _Scalar(_VALUE_TYPE, _anything, _NO_DEFAULT)

    def parse(self, schema_id, value, root):
        """(stored body or None, [(field, description), ...]) for a request body bound at proto path `root`
        ("custom_job" for `body: "custom_job"`, "" for `body: "*"`)."""
        errors = []
        parsed = self._messages[schema_id].parse(value, root, errors)
        return (None if errors else parsed), errors

    def missing_required(self, schema_id, parsed):
        """Proto paths (relative to the body) of "Required." fields left unset in a body `parse` accepted."""
        out = []
        self._messages[schema_id].missing(parsed, "", out)
        return out
