"""Validates JSON values against the shapes of a botocore service model the way an AWS JSON-protocol server does
before it runs an operation (shared/api-specs/README.md, "Validation notes for simulators": `required`,
`min`/`max`, `pattern`, `enum` per shape; unknown members are rejected).

Like the real server it works in two stages and reports the first problem found:
- reading the document: a value of the wrong JSON type or a member the shape does not declare is a
  `Violation.SERIALIZATION` (the server's `SerializationException`), reported before any constraint;
- constraints: a missing required member, a length/value outside `min`/`max`, a string outside `enum` or not fully
  matching `pattern` is a `Violation.VALIDATION` (`ValidationException`), worded as AWS words it:
  "1 validation error detected: Value 'x' at 'resourceConfig.instanceType' failed to satisfy constraint: ...".
Member paths use AWS's spelling: member names with a lower-case first letter, joined by dots, list items as
`name.N.member` (N counted from 1).
"""

import re

# The model's patterns are Java regular expressions matched whole. Python's `re` lacks Unicode property classes;
# in this model they only occur inside [...], where these fragments stand for them: [\p{L}\p{N}_] is exactly
# Python's \w, \p{Z} is the Unicode separator list (Zs, Zl, Zp), \p{Alnum} is ASCII in Java.
_JAVA_CLASSES = {
    r"\p{L}": r"\w",
    r"\p{N}": r"\w",
    r"\p{Z}": "\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000",
    r"\p{Alnum}": "a-zA-Z0-9",
}

_INTEGER_RANGES = {"integer": (-2**31, 2**31 - 1, "int"), "long": (-2**63, 2**63 - 1, "long")}
_TYPE_NAMES = {"integer": "an Integer", "long": "a Long", "float": "a Float", "double": "a Double",
               "boolean": "a Boolean", "timestamp": "a Date", "string": "a String",
               "structure": "a structure", "list": "a list", "map": "a map"}


def java_pattern(pattern):
    """A compiled Python equivalent of a botocore (Java) `pattern`."""
    for java, python in _JAVA_CLASSES.items():
        pattern = pattern.replace(java, python)
    return re.compile(pattern)


class Violation:
    """The first problem found in a value: `kind` (SERIALIZATION or VALIDATION), the member `path`, `message`."""

    SERIALIZATION = "serialization"
    VALIDATION = "validation"

    def __init__(self, kind, path, message):
        self.kind = kind
        self.path = path
        self.message = message

    def __repr__(self):
        return f"Violation({self.kind}, {self.path!r}, {self.message!r})"


class _Unreadable(Exception):
    """Stops the walk at the first serialization problem: it outranks every constraint problem."""

    def __init__(self, path, message):
        super().__init__(message)
        self.violation = Violation(Violation.SERIALIZATION, path, message)


def _json_token(value):
    """How a JSON parser names the token it found (what AWS's SerializationException messages quote)."""
    if isinstance(value, bool):
        return "TRUE_VALUE" if value else "FALSE_VALUE"
    if isinstance(value, str):
        return "STRING_VALUE"
    if isinstance(value, (int, float)):
        return "NUMBER_VALUE"
    if isinstance(value, dict):
        return "START_OBJECT"
    return "VALUE_NULL" if value is None else "START_ARRAY"


def _join(path, member):
    name = member[:1].lower() + member[1:]
    return f"{path}.{name}" if path else name


def _shown(value):
    return "null" if value is None else f"'{value}'"


class ShapeValidator:
    """A botocore model's shapes, indexed once; `validate(shape_name, value)` answers the first Violation or None."""

    def __init__(self, model):
        self.shapes = model["shapes"]
        unsupported = {shape["type"] for shape in self.shapes.values()} - set(_TYPE_NAMES)
        if unsupported:
            raise ValueError(f"shape types not supported: {sorted(unsupported)}")
        self.patterns = {name: java_pattern(shape["pattern"])
                         for name, shape in self.shapes.items() if "pattern" in shape}
        self.members = {name: {member: spec["shape"] for member, spec in shape["members"].items()}
                        for name, shape in self.shapes.items() if shape["type"] == "structure"}
        self.enums = {name: frozenset(shape["enum"]) for name, shape in self.shapes.items() if "enum" in shape}

    def validate(self, shape_name, value):
        found = []
        try:
            self._check(shape_name, value, "", found)
        except _Unreadable as unreadable:
            return unreadable.violation
        if not found:
            return None
        path, shown, constraint = found[0]
        return Violation(Violation.VALIDATION, path, f"1 validation error detected: Value {shown} at '{path}' "
                                                     f"failed to satisfy constraint: {constraint}")

    def _check(self, name, value, path, found):
        """Raises _Unreadable on a type problem; appends (path, shown value, constraint) for a constraint problem."""
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            if not isinstance(value, dict):
                raise self._wrong_type(value, kind, path)
            members = self.members[name]
            for member, item in value.items():
                child = members.get(member)
                where = _join(path, member)
                if child is None:
                    raise _Unreadable(where, f"Unknown member '{member}' at '{where}': {name} has no such member")
                if item is not None:  # JSON null reads as an absent member
                    self._check(child, item, where, found)
            for member in shape.get("required", ()):
                if value.get(member) is None:
                    found.append((_join(path, member), "null", "Member must not be null"))
        elif kind == "list":
            if not isinstance(value, list):
                raise self._wrong_type(value, kind, path)
            self._bounds(shape, len(value), "length", path, value, found)
            member = shape["member"]["shape"]
            for index, item in enumerate(value, 1):
                self._check(member, item, f"{path}.{index}.member", found)
        elif kind == "map":
            if not isinstance(value, dict):
                raise self._wrong_type(value, kind, path)
            self._bounds(shape, len(value), "length", path, value, found)
            for part, shape_ref, items in (("keys", shape["key"]["shape"], value.keys()),
                                           ("value", shape["value"]["shape"], value.values())):
                for item in items:
                    inner = []
                    self._check(shape_ref, item, path, inner)
                    if inner:
                        found.append((path, _shown(item), f"Map {part} must satisfy constraint: [{inner[0][2]}]"))
        elif kind == "string":
            if not isinstance(value, str):
                raise self._wrong_type(value, kind, path)
            self._bounds(shape, len(value), "length", path, value, found)
            enum = self.enums.get(name)
            if enum is not None and value not in enum:
                found.append((path, _shown(value),
                              f"Member must satisfy enum value set: [{', '.join(shape['enum'])}]"))
            pattern = self.patterns.get(name)
            if pattern is not None and pattern.fullmatch(value) is None:
                found.append((path, _shown(value),
                              f"Member must satisfy regular expression pattern: {shape['pattern']}"))
        elif kind == "boolean":
            if not isinstance(value, bool):
                raise self._wrong_type(value, kind, path)
        elif kind in _INTEGER_RANGES:
            if not isinstance(value, int) or isinstance(value, bool):
                raise self._wrong_type(value, kind, path)
            low, high, java = _INTEGER_RANGES[kind]
            if not low <= value <= high:
                raise _Unreadable(path, f"Numeric value ({value}) out of range of {java} at '{path}'")
            self._bounds(shape, value, "value", path, value, found)
        else:  # float, double, timestamp (JSON-protocol timestamps are epoch seconds)
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise self._wrong_type(value, kind, path)
            self._bounds(shape, value, "value", path, value, found)

    @staticmethod
    def _bounds(shape, measure, what, path, value, found):
        if "min" in shape and measure < shape["min"]:
            found.append((path, _shown(value), f"Member must have {what} greater than or equal to {shape['min']}"))
        elif "max" in shape and measure > shape["max"]:
            found.append((path, _shown(value), f"Member must have {what} less than or equal to {shape['max']}"))

    @staticmethod
    def _wrong_type(value, kind, path):
        return _Unreadable(path, f"{_json_token(value)} can not be converted to {_TYPE_NAMES[kind]} "
                                 f"at '{path or '(request)'}'")
