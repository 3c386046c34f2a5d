"""Sources as readers meet them: one name each, on every page and in rule prose, and claims about
how many sources agree counted from the evidence ([[agreement]]), never typed."""

from __future__ import annotations

import html
import re

import pytest

from generator.core.loader import rule_files
from generator.core.wording import fill_references, prose_fields
from generator.pipeline import load_guide

from .conftest import RULES

RULE_IDS = [p.stem for _, p in rule_files(RULES)]
TAG = re.compile(r"<[^>]+>")
# Names the sources went by before each had one (a source was "the higher-education coach", "one
# career coach" and "HigherEdCareerCoach.com" on different pages). Any of these words in our prose
# must be part of a source's name.
NICKNAME_WORDS = re.compile(
    r"\bcoach\b|\bstaffing firm\b|\bschool-jobs board\b|\bpro-tips\b|\bblog\b|\bOLAS\b", re.IGNORECASE
)


def text_of(fragment: str) -> str:
    return html.unescape(TAG.sub("", fragment)).strip()


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, str]:
    return {str(p.relative_to(built_site)): p.read_text("utf-8") for p in built_site.rglob("*.html")}


def test_every_page_names_a_source_by_its_one_name(guide, pages):
    names = {s.id: s.name for s in guide.sources.values()}
    capitalised = {s.capitalised_name for s in guide.sources.values()}
    seen = {"citation": 0, "heading": 0, "chart": 0, "contested": 0}
    for page, content in pages.items():
        for sid, text in re.findall(r'<a href="[^"]*#source-([a-z0-9-]+)">(.*?)</a>', content):
            assert text_of(text) == names[sid], page
            seen["citation"] += 1
        for sid, text in re.findall(r'<h2 id="source-([a-z0-9-]+)">(.*?)</h2>', content):
            assert text_of(text) == guide.sources[sid].capitalised_name, page
            seen["heading"] += 1
        for text in re.findall(r'<span class="fug-chart-label">(.*?)</span>', content):
            assert text_of(text) in capitalised | {"Our default"}, page
            seen["chart"] += 1
        for block in re.findall(r'<div class="admonition info fug-contested">.*?</ul>', content, re.DOTALL):
            for item in re.findall(r"<li>(.*?)</li>", block, re.DOTALL):
                assert text_of(item).split(":")[0] in capitalised, (page, text_of(item))
                seen["contested"] += 1
        # The longer description (publisher, position) belongs to the sources page alone.
        if not page.startswith("sources/"):
            for source in guide.sources.values():
                assert html.escape(source.author, quote=False) not in content, (page, source.author)
    assert all(seen.values()), seen  # each place was found, so the test can fail


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_prose_names_sources_by_their_one_name(rule_id, guide):
    rule = guide.rules[rule_id]
    names = [re.escape(s.name) for s in guide.sources.values()]
    for pointer, text in prose_fields(rule):
        rendered = fill_references(text, rule, guide.rules)
        named = [m.span() for m in re.finditer("|".join(names), rendered, re.IGNORECASE)]
        for m in NICKNAME_WORDS.finditer(rendered):
            where = f"{rule_id} {pointer}"
            assert any(a <= m.start() < b for a, b in named), f"{where}: '{m.group(0)}' outside a source's name"


def test_agreement_is_counted_from_the_evidence(rules_copy):
    # The base fixture's timed rule cites two sources: one gives its recommended week, one more.
    (rules_copy / "timing" / "both-agree.yml").write_text(
        'title: Both agree\nsummary: A summary.\nbody: Text.\nreviewed: "2026-01-05"\nevidence:\n'
        "  - source: tiny\n    quote: Wait about a week before following up.\n"
        "  - source: other\n    quote: Some say wait two weeks.\n",
        "utf-8",
    )
    (rules_copy / "timing" / "one-says.yml").write_text(
        'title: One says\nsummary: A summary.\nbody: Text.\nreviewed: "2026-01-05"\nevidence:\n'
        "  - source: tiny\n    quote: Send a thank-you note on the day of the interview.\n",
        "utf-8",
    )
    guide = load_guide(rules_copy)
    words = {rid: fill_references("[[agreement]]", guide.rules[rid], guide.rules) for rid in guide.rules}
    assert words == {
        "wait-then-follow-up": "1 of the 2 sources that give a time",
        "both-agree": "all 2 of our sources",
        "one-says": "1 of our 2 sources",
    }


def test_the_thank_you_rule_counts_the_silent_source(guide):
    # Jeff Westover says nothing about thank-you notes: "every source agrees" was not true.
    rule = guide.rules["always-send-a-thank-you"]
    assert "experts-westover" not in {e.source for e in rule.evidence}
    body = fill_references(rule.body, rule, guide.rules)
    assert f"{len(guide.sources) - 1} of our {len(guide.sources)} sources" in body
