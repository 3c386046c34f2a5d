"""Every rule in rules/ against every consistency check, one test per rule and check, so a failure
names the rule (e.g. test_rule_passes[quotes-send-thank-you-promptly])."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import CHECKS, run_checks
from generator.core.loader import rule_files
from generator.core.wording import TOKEN, fill_references

from .conftest import RULES

RULE_FILES = rule_files(RULES)
RULE_IDS = [p.stem for _, p in RULE_FILES]
SCHEMA_LINE = "# yaml-language-server: $schema=../../generator/schemas/rule.schema.json"


@pytest.fixture(scope="module")
def problems_by_check(guide) -> dict[str, tuple]:
    return {c.__name__: tuple(run_checks(guide, [c])) for c in CHECKS}


@pytest.mark.parametrize("check_name", [c.__name__ for c in CHECKS])
@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_passes(rule_id, check_name, guide, problems_by_check):
    path = str(guide.rules[rule_id].path)
    mine = [str(p) for p in problems_by_check[check_name] if p.path == path]
    assert not mine, "\n".join(mine)


def test_guide_level_checks_pass(guide):
    rule_paths = {str(r.path) for r in guide.rules.values()}
    others = [str(p) for p in run_checks(guide) if p.path not in rule_paths]
    assert not others, "\n".join(others)


@pytest.mark.parametrize("topic, path", RULE_FILES, ids=RULE_IDS)
def test_rule_file_names_its_schema_for_editors(topic, path: Path):
    assert path.read_text("utf-8").splitlines()[0] == SCHEMA_LINE


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rendered_prose_has_no_unresolved_reference(rule_id, guide):
    rule = guide.rules[rule_id]
    for text in (rule.title, rule.summary, rule.body, *rule.do, *rule.dont):
        assert not TOKEN.search(fill_references(text, rule, guide.rules))


def test_the_seed_advice_is_all_encoded(guide):
    assert len(guide.rules) >= 30
    assert all(guide.rules_in(t.id) for t in guide.topics)


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
