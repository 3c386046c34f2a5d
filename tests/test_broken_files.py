"""Every broken case under tests/broken/<kind>/<case>/ gets exactly the problems its expected.txt
lists (`file:line[:column]: message`, all of them). A case folder holds the broken file(s) and
expected.txt; the case is dropped into the one small valid guide (tests/broken/_guide, plus the
kind's tests/broken/<kind>/_guide) where a contributor would put it: rules/timing/ for a rule,
rules/trees/ for a tree, rules/templates/ for a template; a center file (and its local folder) goes
beside the guide and is checked as that guide's edition, from the guide's folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.core.errors import RuleError
from generator.pipeline import check_guide, edition, load_guide

from .conftest import BROKEN, problems_of, support_guide

# Where a case of each kind goes, relative to the guide's folder (the one holding rules/).
PLACE = {"rules": "rules/timing", "trees": "rules/trees", "templates": "rules/templates", "centers": "."}
CASES = sorted(
    folder
    for kind in PLACE
    for folder in (BROKEN / kind).iterdir()
    if folder.is_dir() and not folder.name.startswith("_")
)


def expected(case: Path) -> list[str]:
    return sorted(line for line in (case / "expected.txt").read_text("utf-8").splitlines() if line.strip())


def center_problems(rules: Path, center_file: Path) -> list[str]:
    with pytest.raises(RuleError) as err:
        edition(rules, center_file)
    return sorted(
        f"{Path(p.path).name}:{p.line}{f':{p.column}' if p.column else ''}: {p.message}" for p in err.value.problems
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.parent.name}/{c.name}")
def test_broken_case_gets_exact_messages(case: Path, tmp_path, monkeypatch):
    kind = case.parent.name
    rules = support_guide(tmp_path, kind)
    place = tmp_path / PLACE[kind]
    place.mkdir(parents=True, exist_ok=True)
    for item in case.iterdir():
        if item.name != "expected.txt":
            (shutil.copytree if item.is_dir() else shutil.copy)(item, place / item.name)
    monkeypatch.chdir(tmp_path)  # messages name other files relative to the working directory
    found = center_problems(rules, place / f"{case.name}.yml") if kind == "centers" else problems_of(rules)
    assert found == expected(case)


def test_every_kind_has_cases_and_every_case_states_its_messages():
    assert sorted({c.parent.name for c in CASES}) == sorted(PLACE)
    assert [c.name for c in CASES if not (c / "expected.txt").is_file() or not expected(c)] == []
    # the file the case is named after is the one dropped in (centers: the center file)
    assert [c.name for c in CASES if not (c / f"{c.name}.yml").is_file()] == []


@pytest.mark.parametrize("kind", sorted(PLACE))
def test_the_support_guide_is_itself_valid(kind, tmp_path):
    rules = support_guide(tmp_path, kind)
    if kind == "centers":
        center = tmp_path / "center.yml"
        center.write_text("name: Fine\ncontact: {office: Room 1}\n", "utf-8")
        assert edition(rules, center).center.name == "Fine"
    else:
        check_guide(load_guide(rules))
