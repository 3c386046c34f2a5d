"""The schema fast path (a predicate compiled from each schema) must agree with jsonschema, the
validator of record, on every real file, and never let through a change to one that jsonschema
refuses: a file it passes is never shown to jsonschema, so its errors would go unreported."""

import copy
import functools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.core import schema
from generator.core.yaml_reader import load_file

ROOT = Path(__file__).resolve().parent.parent
KINDS = {
    "rule": "rules/*/*.yml",
    "tree": "rules/trees/*.yml",
    "template": "rules/templates/*.yml",
    "sources": "rules/sources.yml",
    "topics": "rules/topics.yml",
    "center": "examples/*/center.yml",
}


@functools.cache
def documents(kind: str) -> list:
    return [
        load_file(p).data
        for p in sorted(ROOT.glob(KINDS[kind]))
        if kind != "rule" or p.parent.name not in ("trees", "templates")
    ]


def agrees(kind: str, data) -> None:
    assert schema._fast(kind)(data) == schema.validator(kind).is_valid(data), data


def never_passes_what_jsonschema_refuses(kind: str, data) -> None:
    # The fast path may send a valid file on to jsonschema (a whole number written 2.0), never the reverse.
    assert not schema._fast(kind)(data) or schema.validator(kind).is_valid(data), data


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_a_fast_path_that_agrees_on_the_real_files(kind):
    assert schema._fast(kind) is not None, f"{kind}.schema.json uses a keyword the fast path does not know"
    for data in documents(kind):
        agrees(kind, data)


# What YAML can give: scalars the reader resolves, and small lists and mappings of them, plus
# values taken from the schemas' own vocabularies so that changes stay near the valid edge.
VOCABULARY = sorted(
    {
        v
        for s in ("common", "rule", "tree", "template")
        for v in re.findall(r'"([a-z_-]+)"', (schema.SCHEMA_DIR / f"{s}.schema.json").read_text())
    }
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 400),
    st.floats(-2, 40, allow_nan=False),
    st.sampled_from(VOCABULARY),
    st.text(max_size=12),
    st.sampled_from(["2026-01-05", "a-b", "", "x" * 300]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(VOCABULARY), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(node, pointer=()):
    yield pointer
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _places(child, pointer + (key,))


@pytest.mark.parametrize("kind", sorted(KINDS))
@given(data=st.data())
def test_the_fast_path_agrees_on_any_change_to_a_real_file(kind, data):
    doc = copy.deepcopy(data.draw(st.sampled_from(documents(kind))))
    for _ in range(data.draw(st.integers(1, 3))):
        pointer = data.draw(st.sampled_from(list(_places(doc))))
        if not pointer:
            continue
        parent = doc
        for key in pointer[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[pointer[-1]] = data.draw(VALUES)
        elif action == "delete":
            del parent[pointer[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.sampled_from(VOCABULARY))] = data.draw(VALUES)
        else:
            parent.append(data.draw(VALUES))
    never_passes_what_jsonschema_refuses(kind, doc)
