"""Every YAML file in rules/ passes every consistency check: one test per file (rules, trees,
templates, sources.yml, topics.yml), so a failure names the file, e.g.
test_file_passes_every_check[timing/send-thank-you-promptly.yml], and lists the checks that
reported it with their messages. The checks run once per test run (conftest.real_problems)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.loader import rule_files
from generator.core.wording import TOKEN, fill_references

from .conftest import RULES, real_problems

YAML_FILES = sorted(p for p in RULES.rglob("*") if p.suffix in (".yml", ".yaml"))
RULE_FILES = rule_files(RULES)
SCHEMA_LINE = "# yaml-language-server: $schema=../../generator/schemas/rule.schema.json"


def reported(paths: set[Path]) -> list[str]:
    """``check: file:line: message`` for every problem any check reports in one of ``paths``."""
    return [
        f"{check}: {problem}"
        for check, problems in real_problems().items()
        for problem in problems
        if Path(problem.path).resolve() in paths
    ]


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(RULES).as_posix())
def test_file_passes_every_check(path: Path):
    found = reported({path.resolve()})
    assert not found, "\n".join(found)


def test_no_problem_falls_outside_the_yaml_files():
    """A problem naming no YAML file (a source text, the rules folder) would have no test above."""
    yaml = {p.resolve() for p in YAML_FILES}
    elsewhere = [
        f"{check}: {problem}"
        for check, problems in real_problems().items()
        for problem in problems
        if Path(problem.path).resolve() not in yaml
    ]
    assert elsewhere == []


@pytest.mark.parametrize("topic, path", RULE_FILES, ids=[p.stem for _, p in RULE_FILES])
def test_rule_file_names_its_schema_for_editors(topic, path: Path):
    assert path.read_text("utf-8").splitlines()[0] == SCHEMA_LINE


@pytest.mark.parametrize("rule_id", [p.stem for _, p in RULE_FILES])
def test_rendered_prose_has_no_unresolved_reference(rule_id, guide):
    rule = guide.rules[rule_id]
    for text in (rule.title, rule.summary, rule.body, *rule.do, *rule.dont):
        assert not TOKEN.search(fill_references(text, rule, guide.rules))


def test_the_seed_advice_is_all_encoded(guide):
    assert len(guide.rules) >= 30


def test_every_source_is_cited(guide):
    cited = {e.source for r in guide.rules.values() for e in r.evidence}
    assert sorted(set(guide.sources) - cited) == []


def test_every_source_text_is_present_for_quote_checks(guide):
    # CI has ../shared/seeds; without it the quote check would silently check nothing.
    missing = [s.id for s in guide.sources.values() if s.text_path and not s.text_path.exists()]
    assert missing == []


def test_disagreements_are_shown_not_hidden(guide):
    """Where the cited windows differ, the rule must carry `contested` (the check enforces it);
    here we make sure the guide has such rules at all: the sources do disagree on waiting times."""
    contested = [r.id for r in guide.rules.values() if r.contested]
    assert "follow-up-when-no-date-given" in contested
