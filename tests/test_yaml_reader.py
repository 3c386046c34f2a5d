"""The strict reader keeps what contributors wrote: no YAML 1.1 guessing, no surprises."""

from pathlib import Path

import pytest

from generator.core.errors import RuleError
from generator.core.yaml_reader import load_text


def load(text):
    return load_text(text, Path("x.yml"))


@pytest.mark.parametrize(
    "written, value",
    [
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("2026-01-05", "2026-01-05"),
        ("1_000", "1_000"),
        ("true", True),
        ("false", False),
        ("7", 7),
        ("~", None),
        ("'7'", "7"),
        ("0o17", "0o17"),
    ],
)
def test_plain_scalars_resolve_by_yaml_1_2_core_only(written, value):
    assert load(f"key: {written}\n").data == {"key": value}


def test_every_key_and_item_has_its_line():
    doc = load("a: 1\nb:\n  - x\n  - y: 2\n")
    assert doc.line(("b", 1, "y")) == 4
    assert doc.line(("b", 0)) == 3
    assert doc.line(("missing", "deeper")) == 1


def test_all_duplicate_keys_reported_at_once():
    with pytest.raises(RuleError) as err:
        load("a: 1\nb: 2\na: 3\nb: 4\n")
    assert [str(p) for p in err.value.problems] == [
        "x.yml:3: duplicate key 'a' (first given on line 1)",
        "x.yml:4: duplicate key 'b' (first given on line 2)",
    ]


def test_a_comment_only_file_is_empty():
    with pytest.raises(RuleError, match="file is empty"):
        load("# just a comment\n")
