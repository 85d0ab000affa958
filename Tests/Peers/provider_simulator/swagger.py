"""A Swagger 2.0 request-body validator for the simulator (used by `azureml` and `kubernetes`).

`Swagger(path)` loads a Swagger 2.0 document and indexes its `definitions`; `validate(definition, value)`
returns the first violation as "path.to.field: message" (None when the value is valid), and `members(definition)`
the members a definition declares through its allOf chain. Paths use `.member`, `[index]` for array items and
`[key]` for map entries, e.g. `properties.inputs[data].uri` or `spec.template.spec.containers[0].name`; a violation
of the value itself reads "(root): ...".

What it understands (see shared/api-specs/README.md, "Validation notes for simulators"):
- `$ref` to `#/definitions/...`; `readOnly` and `x-nullable` are honoured beside a `$ref` too, as AutoRest does.
- `allOf`: an object's members are the union of every schema in its allOf chain, so `additionalProperties: false`
  does not compose through allOf; when `strict`, a member no schema of the chain declares is rejected unless some
  schema of the chain has `additionalProperties` true or a schema (whose members are then checked against it).
  An object schema that declares no members and no `additionalProperties` is free-form.
- Polymorphism: a `discriminator` on a base picks, by the value of that property, the definition that lists the
  base in its allOf chain and carries that `x-ms-discriminator-value` (Swagger's default: the definition's name);
  a missing discriminator is a missing required property, an unknown value is an error.
- `required`, `type` (object, array, string, integer, number, boolean), `enum`, `pattern` (searched, unanchored,
  as JSON Schema does), `minLength`/`maxLength`, `minimum`/`maximum` (+ boolean `exclusiveMinimum`/`Maximum`),
  `minItems`/`maxItems`, `format` int32/int64 (ranges), date-time, date, duration (ISO 8601), uuid, and
  Kubernetes' `int-or-string` (an integer or a string). Other formats and every `x-kubernetes-*` or other `x-*`
  extension are ignored.
- `readOnly` members are rejected unless `allow_read_only`; null is accepted where `x-nullable` is true, and
  treated as an absent member when `null_is_absent` (Kubernetes' decoding: a null field is an unset field).
"""

import json
import re

_INT_RANGES = {"int32": (-2**31, 2**31 - 1), "int64": (-2**63, 2**63 - 1)}
_FORMATS = {
    "date-time": re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "duration": re.compile(r"^-?P(?=\d|T\d)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
                           r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$"),
    "uuid": re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
}


class _Violation(Exception):
    def __init__(self, path, message):
        super().__init__(f"{path or '(root)'}: {message}")


class _ObjectView:
    """An object schema flattened through its allOf chain: members, required names, extra-member rule."""

    __slots__ = ("properties", "required", "extra", "closed", "discriminator", "name")

    def __init__(self, name):
        self.name = name
        self.properties = {}
        self.required = []
        self.extra = None  # True or a schema when some schema of the chain allows undeclared members
        self.closed = False  # True when the chain declares members or says additionalProperties: false
        self.discriminator = None


class Swagger:
    """A loaded Swagger 2.0 document whose definitions request bodies are validated against."""

    def __init__(self, path):
        with open(path) as f:
            self.document = json.load(f)
        self.definitions = self.document.get("definitions", {})
        self._views = {}  # id(schema) -> _ObjectView
        self._patterns = {}
        # definition name -> {discriminator value: definition name} over the definition and its descendants,
        # for every definition of a polymorphic hierarchy
        self._subtypes = {}
        for name in self.definitions:
            chain = self._ancestors(name)
            if any(self.definitions[a].get("discriminator") for a in chain):
                value = self.definitions[name].get("x-ms-discriminator-value", name)
                for ancestor in chain:
                    self._subtypes.setdefault(ancestor, {})[value] = name

    def validate(self, definition, value, *, strict=True, allow_read_only=False, null_is_absent=False):
        """The first way `value` breaks `#/definitions/<definition>`, as "path: message", or None."""
        try:
            self._check({"$ref": "#/definitions/" + definition}, value, "",
                        (strict, allow_read_only, null_is_absent))
        except _Violation as violation:
            return str(violation)
        return None

    def members(self, definition):
        """Every member `#/definitions/<definition>` declares through its allOf chain: name -> schema."""
        return dict(self._view(self.definitions[definition], definition).properties)

    # MARK: indexing

    def _ref_name(self, ref):
        if not ref.startswith("#/definitions/"):
            raise ValueError(f"unsupported $ref {ref}")
        return ref[len("#/definitions/"):]

    def _ancestors(self, name):
        """`name` and every definition its allOf chain reaches, nearest first."""
        out, todo = [], [name]
        while todo:
            current = todo.pop(0)
            if current in out:
                continue
            out.append(current)
            for part in self.definitions[current].get("allOf", []):
                if "$ref" in part:
                    todo.append(self._ref_name(part["$ref"]))
        return out

    def _view(self, schema, name):
        view = self._views.get(id(schema))
        if view is None:
            view = _ObjectView(name)
            self._collect(schema, view)
            view.closed = view.closed or bool(view.properties)
            self._views[id(schema)] = view
        return view

    def _collect(self, schema, view):
        if "$ref" in schema:
            schema = self.definitions[self._ref_name(schema["$ref"])]
        for part in schema.get("allOf", []):
            self._collect(part, view)
        view.properties.update(schema.get("properties", {}))
        view.required.extend(r for r in schema.get("required", []) if r not in view.required)
        extra = schema.get("additionalProperties")
        if extra is False:
            view.closed = True
        elif extra is not None:
            view.extra = extra
        if view.discriminator is None and schema.get("discriminator"):
            view.discriminator = schema["discriminator"]

    def _pattern(self, pattern):
        compiled = self._patterns.get(pattern)
        if compiled is None:
            compiled = self._patterns[pattern] = re.compile(pattern)
        return compiled

    # MARK: checking

    def _check(self, schema, value, path, options):
        strict, allow_read_only, _ = options
        nullable = schema.get("x-nullable", False)
        if schema.get("readOnly") and not allow_read_only:
            raise _Violation(path, "is read-only and cannot be set in a request")
        name = None
        while "$ref" in schema:
            name = self._ref_name(schema["$ref"])
            schema = self.definitions[name]
            nullable = nullable or schema.get("x-nullable", False)
            if schema.get("readOnly") and not allow_read_only:
                raise _Violation(path, "is read-only and cannot be set in a request")
        if value is None:
            if nullable:
                return
            raise _Violation(path, "must not be null")

        kind = schema.get("type")
        if kind is None and ("properties" in schema or "allOf" in schema or "discriminator" in schema):
            kind = "object"
        if kind == "object" or (kind is None and isinstance(value, dict) and "additionalProperties" in schema):
            self._check_object(schema, name, value, path, options)
        elif kind == "array":
            if not isinstance(value, list):
                raise _Violation(path, "must be an array")
            if len(value) < schema.get("minItems", 0):
                raise _Violation(path, f"must have at least {schema['minItems']} items")
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                raise _Violation(path, f"must have at most {schema['maxItems']} items")
            items = schema.get("items")
            if items:
                for index, item in enumerate(value):
                    self._check(items, item, f"{path}[{index}]", options)
        elif kind is not None:
            self._check_scalar(schema, kind, value, path)
        if "enum" in schema and value not in schema["enum"]:
            allowed = ", ".join(json.dumps(e) for e in schema["enum"])
            raise _Violation(path, f"unsupported value {json.dumps(value)}; supported values: {allowed}")

    def _check_scalar(self, schema, kind, value, path):
        fmt = schema.get("format")
        if kind == "string":
            if fmt == "int-or-string" and isinstance(value, int) and not isinstance(value, bool):
                return
            if not isinstance(value, str):
                raise _Violation(path, "must be a string" + (" or an integer" if fmt == "int-or-string" else ""))
            if len(value) < schema.get("minLength", 0):
                raise _Violation(path, f"must be at least {schema['minLength']} characters long")
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                raise _Violation(path, f"must be at most {schema['maxLength']} characters long")
            if "pattern" in schema and not self._pattern(schema["pattern"]).search(value):
                raise _Violation(path, f"must match the regular expression '{schema['pattern']}'")
            if fmt in _FORMATS and not _FORMATS[fmt].match(value):
                raise _Violation(path, f"is not a valid {fmt}")
            return
        if kind == "boolean":
            if not isinstance(value, bool):
                raise _Violation(path, "must be a boolean")
            return
        if kind in ("integer", "number"):
            numeric = int if kind == "integer" else (int, float)
            if isinstance(value, bool) or not isinstance(value, numeric):
                raise _Violation(path, "must be an integer" if kind == "integer" else "must be a number")
            if fmt in _INT_RANGES and not _INT_RANGES[fmt][0] <= value <= _INT_RANGES[fmt][1]:
                raise _Violation(path, f"is out of range for {fmt}")
            low, high = schema.get("minimum"), schema.get("maximum")
            if low is not None and (value < low or (schema.get("exclusiveMinimum") and value == low)):
                raise _Violation(path, f"must be {'greater than' if schema.get('exclusiveMinimum') else 'at least'} "
                                       f"{low}")
            if high is not None and (value > high or (schema.get("exclusiveMaximum") and value == high)):
                raise _Violation(path, f"must be {'less than' if schema.get('exclusiveMaximum') else 'at most'} {high}")
            return
        raise ValueError(f"unsupported type {kind!r} at {path or '(root)'}")

    def _check_object(self, schema, name, value, path, options):
        if not isinstance(value, dict):
            raise _Violation(path, "must be an object")
        view = self._view(schema, name)
        if view.discriminator is not None and name is not None:
            key = view.discriminator
            member = _join(path, key)
            tag = value.get(key)
            if tag is None:
                raise _Violation(member, "required property is missing")
            table = self._subtypes[name]
            chosen = table.get(tag) if isinstance(tag, str) else None
            if chosen is None:
                allowed = ", ".join(sorted(v for v, d in table.items()
                                           if d != name or "x-ms-discriminator-value" in self.definitions[d]))
                raise _Violation(member, f"unknown discriminator value {json.dumps(tag)}; expected one of: {allowed}")
            if chosen != name:
                view = self._view(self.definitions[chosen], chosen)
        strict, _, null_is_absent = options
        for required in view.required:
            if required not in value or (null_is_absent and value[required] is None):
                raise _Violation(_join(path, required), "required property is missing")
        for key, item in value.items():
            if null_is_absent and item is None:
                continue
            member_schema = view.properties.get(key)
            if member_schema is None:
                if isinstance(view.extra, dict):  # a map entry, or a member beside the declared ones
                    self._check(view.extra, item, _join(path, key) if view.properties else f"{path}[{key}]", options)
                elif view.extra is None and view.closed and strict:
                    raise _Violation(_join(path, key), f"unknown property (not a member of {view.name or 'object'})")
                continue
            self._check(member_schema, item, _join(path, key), options)


def _join(path, key):
    return f"{path}.{key}" if path else key
