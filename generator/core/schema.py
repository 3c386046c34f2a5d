"""Validation against the JSON Schemas in ``schemas/`` (the same files editors use)."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import best_match

from generator.core.errors import Problem
from generator.core.yaml_reader import Document

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


# JSON Schema counts 2.0 as an integer; a page would then say "2.0 paragraphs". Integers are ints.
_Validator = validators.extend(Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda checker, value: isinstance(value, int) and not isinstance(value, bool)))


@cache
def validator(kind: str) -> Draft202012Validator:
    name = f"{kind}.schema.json"
    return _Validator(_inline(_schema_file(name), name))


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
        return _raw_message(best_match(error.context))
    if v == "type":
        wanted = error.validator_value
        names = {"boolean": "true or false", "integer": "a whole number", "string": "text",
                 "array": "a list", "object": "a mapping of keys"}
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
    problems: list[Problem] = []
    for error in validator(kind).iter_errors(doc.data):
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            base = tuple(error.absolute_path)
            for key in error.instance:
                if key not in allowed:
                    inside = f" in {_where(base)}" if base else ""
                    problems.append(Problem(str(doc.path), doc.line(base + (key,)),
                                            f"unknown key '{key}'{inside}; allowed keys: {', '.join(allowed)}"))
            continue
        pointer, message = _message(error)
        problems.append(Problem(str(doc.path), doc.line(pointer), message))
    return problems
