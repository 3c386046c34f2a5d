"""Validation against the JSON Schemas in ``schemas/`` (the same files editors use).

jsonschema is the validator of record: every message comes from its errors. Most files are valid,
though, and jsonschema takes milliseconds per file (seconds on thousands of rules), so each
schema is first turned into a plain Python predicate (``_fast``) that only answers "valid?";
jsonschema runs (and is imported) only for a file that predicate rejects."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.errors import Problem
from generator.core.yaml_reader import Document

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"  # public path: every rule file names it


@cache
def _schema_file(name: str) -> dict:  # never mutated: _inline builds new dicts
    return json.loads((SCHEMA_DIR / name).read_text("utf-8"))


def _inline(node, current: str):
    """Replace each $ref with the schema it points to. Our schemas are not recursive, so the
    result is finite; validating against it skips jsonschema's per-instance reference lookups
    (most of the time spent on thousands of rules). Editors still read the files with $ref."""
    if isinstance(node, list):
        return [_inline(n, current) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _inline(v, current) for k, v in node.items()}
    ref = node.pop("$ref", None)
    if ref is None:
        return node
    name, _, pointer = ref.partition("#")
    target = _schema_file(name or current)
    for part in filter(None, pointer.split("/")):
        target = target[part]
    return {**_inline(target, name or current), **node}


def common() -> dict:
    return _schema_file("common.schema.json")


@cache
def _inlined(kind: str) -> dict:
    name = f"{kind}.schema.json"
    return _inline(_schema_file(name), name)


@cache
def validator(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, validators

    # JSON Schema counts 2.0 as an integer; a page would then say "2.0 paragraphs". Integers are ints.
    strict = validators.extend(
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
            "integer", lambda checker, value: isinstance(value, int) and not isinstance(value, bool)
        ),
    )
    return strict(_inlined(kind))


# -- the fast path: a schema compiled into a predicate with jsonschema's (Draft 2020-12) meaning ---------
# It covers the keywords our schemas use. A schema with any other keyword gets no predicate (every
# file goes to jsonschema), and where the predicate cannot be sure it answers False: jsonschema then
# decides. So a False costs time, never a message; a True must only ever mean jsonschema finds no error.

Check = Callable[[object], bool]
_ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples", "deprecated"}
_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    "number": lambda x: isinstance(x, (int, float)) and not isinstance(x, bool),
    # Only ints: JSON Schema also counts 2.0, but answering False for it is never wrong (see above).
    "integer": lambda x: isinstance(x, int) and not isinstance(x, bool),
}
_SCALARS = (str, int, float, bool, type(None))


class _Unsupported(Exception):
    pass


def _unbool(x):
    """jsonschema's equality: true and false equal only themselves, never 1 or 0."""
    return ("bool", x) if isinstance(x, bool) else x


def _equal(a, b) -> bool | None:
    """jsonschema's equality for scalars; None (unsure) when either is a list or mapping."""
    if not isinstance(a, _SCALARS) or not isinstance(b, _SCALARS):
        return None
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return _unbool(a) == _unbool(b)


def _unique(items: list) -> bool:
    if all(type(i) is str for i in items):
        return len(set(items)) == len(items)
    return all(_equal(a, b) is False for i, a in enumerate(items) for b in items[i + 1 :])


def _compile(node) -> Check:
    if node is True:
        return lambda x: True
    if node is False:
        return lambda x: False
    if not isinstance(node, dict):
        raise _Unsupported(node)
    text = _text(node)
    if text is not None:
        return text
    checks: list[Check] = []
    for key, value in node.items():
        if key in _ANNOTATIONS or key.startswith("x-") or key in ("properties", "additionalProperties"):
            continue
        checks.append(_keyword(key, value, node))
    if "properties" in node or "additionalProperties" in node:
        checks.append(_object_keys(node.get("properties", {}), node.get("additionalProperties", True)))
    return _every(checks)


def _text(node: dict) -> Check | None:
    """The commonest schema, text with limits, as one call; None for any other."""
    keys = {k for k in node if k not in _ANNOTATIONS and not k.startswith("x-")}
    if node.get("type") != "string" or not keys <= {"type", "minLength", "maxLength", "pattern"}:
        return None
    low, high = node.get("minLength", 0), node.get("maxLength")
    search = re.compile(node["pattern"]).search if "pattern" in node else None

    def text(x) -> bool:
        return (
            isinstance(x, str)
            and low <= len(x)
            and (high is None or len(x) <= high)
            and (search is None or search(x) is not None)
        )

    return text


def _every(checks: list[Check]) -> Check:
    """All of ``checks``, as one call (no generator: this runs a million times on a big guide)."""
    if not checks:
        return lambda x: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        a, b = checks
        return lambda x: a(x) and b(x)
    if len(checks) == 3:
        a, b, c = checks
        return lambda x: a(x) and b(x) and c(x)

    def every(x) -> bool:
        for check in checks:
            if not check(x):
                return False
        return True

    return every


def _object_keys(properties: dict, additional) -> Check:
    props = {k: _compile(v) for k, v in properties.items()}
    if additional is True:
        rest = None
    elif additional is False:
        rest = False
    else:
        rest = _compile(additional)

    def check(x) -> bool:
        if not isinstance(x, dict):
            return True
        for k, v in x.items():
            sub = props.get(k)
            if sub is not None:
                if not sub(v):
                    return False
            elif rest is False or (rest is not None and not rest(v)):
                return False
        return True

    return check


def _keyword(key: str, value, node: dict) -> Check:  # noqa: C901 - one branch per keyword
    if key == "type":
        types = [_TYPES[t] for t in ([value] if isinstance(value, str) else value)]
        return types[0] if len(types) == 1 else (lambda x: any(t(x) for t in types))
    if key == "enum":
        if not all(isinstance(v, _SCALARS) for v in value):
            raise _Unsupported(key)
        return lambda x: any(_equal(x, v) for v in value)
    if key == "const":
        if not isinstance(value, _SCALARS):
            raise _Unsupported(key)
        return lambda x: _equal(x, value) is True
    if key == "required":
        return lambda x: not isinstance(x, dict) or all(k in x for k in value)
    if key == "propertyNames":
        sub = _compile(value)
        return lambda x: not isinstance(x, dict) or all(sub(k) for k in x)
    if key == "minProperties":
        return lambda x: not isinstance(x, dict) or len(x) >= value
    if key == "maxProperties":
        return lambda x: not isinstance(x, dict) or len(x) <= value
    if key == "items":
        if "prefixItems" in node:
            raise _Unsupported(key)
        sub = _compile(value)

        def items(x) -> bool:
            if isinstance(x, list):
                for item in x:
                    if not sub(item):
                        return False
            return True

        return items
    if key == "minItems":
        return lambda x: not isinstance(x, list) or len(x) >= value
    if key == "maxItems":
        return lambda x: not isinstance(x, list) or len(x) <= value
    if key == "uniqueItems":
        return (lambda x: not isinstance(x, list) or _unique(x)) if value else (lambda x: True)
    if key == "minLength":
        return lambda x: not isinstance(x, str) or len(x) >= value
    if key == "maxLength":
        return lambda x: not isinstance(x, str) or len(x) <= value
    if key == "pattern":
        search = re.compile(value).search
        return lambda x: not isinstance(x, str) or search(x) is not None
    if key in ("minimum", "maximum"):
        number = _TYPES["number"]
        if key == "minimum":
            return lambda x: not number(x) or x >= value
        return lambda x: not number(x) or x <= value
    if key in ("anyOf", "allOf", "oneOf"):
        subs = [_compile(v) for v in value]
        if key == "anyOf":
            return lambda x: any(s(x) for s in subs)
        if key == "allOf":
            return lambda x: all(s(x) for s in subs)
        return lambda x: sum(1 for s in subs if s(x)) == 1
    if key == "not":
        sub = _compile(value)
        return lambda x: not sub(x)
    raise _Unsupported(key)


@cache
def _fast(kind: str) -> Check | None:
    try:
        return _compile(_inlined(kind))
    except _Unsupported:
        return None


def _where(pointer) -> str:
    return ".".join(str(p) for p in pointer)


def _describe(value) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)


def _message(error) -> tuple[tuple, str]:
    pointer, text = _raw_message(error)
    return pointer, (f"{_where(pointer)}: {text}" if pointer else text)


def _raw_message(error) -> tuple[tuple, str]:
    pointer = tuple(error.absolute_path)
    v = error.validator
    if v in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        return _raw_message(best_match(error.context))
    if v == "type":
        wanted = error.validator_value
        names = {
            "boolean": "true or false",
            "integer": "a whole number",
            "string": "text",
            "array": "a list",
            "object": "a mapping of keys",
        }
        wanted = " or ".join(names.get(w, w) for w in ([wanted] if isinstance(wanted, str) else wanted))
        return pointer, f"must be {wanted}, not {_describe(error.instance)}"
    if v == "enum":
        allowed = ", ".join(str(x) for x in error.validator_value)
        return pointer, f"{_describe(error.instance)} is not allowed; use one of: {allowed}"
    if v == "required":
        # jsonschema reports each missing key as its own error, naming it in the message.
        missing = error.message.split(" is a required property")[0].strip("'\"")
        return pointer, f"missing required key '{missing}'"
    if v == "pattern":
        hint = error.schema.get("description", f"must match {error.validator_value}")
        return pointer, f"{_describe(error.instance)} is not valid: {hint}"
    if v == "minItems" and error.validator_value == 1:
        return pointer, "must not be empty"
    if v == "minItems":
        return pointer, f"needs at least {error.validator_value} entries, not {len(error.instance)}"
    if v == "maxLength":
        return pointer, f"too long ({len(error.instance)} characters; at most {error.validator_value})"
    return pointer, error.message


def validate(doc: Document, kind: str) -> list[Problem]:
    fast = _fast(kind)
    if fast is not None and fast(doc.data):
        return []
    problems: list[Problem] = []
    for error in validator(kind).iter_errors(doc.data):
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            base = tuple(error.absolute_path)
            for key in error.instance:
                if key not in allowed:
                    inside = f" in {_where(base)}" if base else ""
                    problems.append(
                        Problem(
                            str(doc.path),
                            doc.line(base + (key,)),
                            f"unknown key '{key}'{inside}; allowed keys: {', '.join(allowed)}",
                        )
                    )
            continue
        pointer, message = _message(error)
        problems.append(Problem(str(doc.path), doc.line(pointer), message))
    return problems
