"""The rule checks: consistency over the loaded rules, sources and topics.

Each check is a function ``(guide) -> iterable of Problem``; ``pipeline.CHECKS`` lists every
check of every feature, so tests can run one at a time and name the file that fails it."""
from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from generator.core.errors import Problem
from generator.core.models import Guide, Rule, approx_days, compatible
from generator.core.wording import TIMING_FIELDS, TOKEN, TYPED_DURATION, prose_fields

MAX_QUOTE_WORDS = 30
RULE_LINK = re.compile(r"\]\(#([^)\s]*)\)")
def today() -> datetime.date:
    return datetime.date.today()


@lru_cache(maxsize=64)
def _normalised_text(path: Path) -> str | None:
    try:
        return normalise(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def normalise(text: str) -> str:
    return " ".join(text.split())


def references(guide: Guide):
    topic_ids = {t.id for t in guide.topics}
    for rule in guide.rules.values():
        if rule.topic not in topic_ids:
            yield Problem(str(rule.path), 1, f"folder '{rule.topic}' is not a topic listed in {guide.topics_doc.path.name}")
        for field in ("related", "overrides"):
            for i, ref in enumerate(getattr(rule, field)):
                if ref == rule.id:
                    yield rule.problem((field, i), f"{field}: a rule cannot refer to itself")
                elif ref not in guide.rules:
                    yield rule.problem((field, i), f"{field}: no rule with id '{ref}'")
        for e in rule.evidence:
            if e.source not in guide.sources:
                yield rule.problem(("evidence", e.index, "source"), f"evidence: no source with id '{e.source}' in sources.yml")


def quotes(guide: Guide):
    for rule in guide.rules.values():
        for e in rule.evidence:
            words = len(e.quote.split())
            if words > MAX_QUOTE_WORDS:
                yield rule.problem(("evidence", e.index, "quote"),
                         f"quote is {words} words; keep it to at most {MAX_QUOTE_WORDS}")
            source = guide.sources.get(e.source)
            if source is None or source.text_path is None:
                continue
            text = _normalised_text(source.text_path)
            if text is not None and normalise(e.quote) not in text:
                yield rule.problem(("evidence", e.index, "quote"),
                         f"quote not found verbatim in source '{e.source}' ({source.text_path.name})")


def timing_windows(guide: Guide):
    for rule in guide.rules.values():
        t = rule.timing
        windows = [e for e in rule.evidence if e.window]
        if t is None:
            if windows:
                yield rule.problem(("evidence", windows[0].index, "window"), "evidence gives a window but the rule has no timing")
            continue
        if not t.earliest <= t.recommended <= t.latest:
            yield rule.problem(("timing",), f"timing: needs earliest <= recommended <= latest "
                                         f"(got {t.earliest}, {t.recommended}, {t.latest})")
        if not windows:
            yield rule.problem(("timing",), "timing: at least one evidence entry must give the window its source supports")
            continue
        lo = min(e.window.approx()[0] for e in windows)
        hi = max(e.window.approx()[1] for e in windows)
        if not lo - 1e-9 <= approx_days(t.recommended, t.unit) <= hi + 1e-9:
            yield rule.problem(("timing", "recommended"), f"timing.recommended: {t.recommended} {t.unit.replace('_', ' ')} "
                                                      f"is outside what the cited sources say ({_fmt(lo)} to {_fmt(hi)} days)")
        distinct = {(e.window.unit, e.window.earliest, e.window.latest) for e in windows}
        if len(distinct) > 1 and rule.contested is None:
            yield rule.problem(("timing",), "sources give different windows: add 'contested' with the question and why we chose our default")
        for e in windows:
            if e.window.earliest > e.window.latest:
                yield rule.problem(("evidence", e.index, "window"), "window: earliest is after latest")


def _fmt(days: float) -> str:
    return f"{days:g}"


def overlapping_windows(guide: Guide):
    # Only rules for the same step from the same anchor can clash: compare within those groups,
    # not every pair of rules (quadratic in the whole guide).
    steps: dict[tuple, list[Rule]] = defaultdict(list)
    for rule in sorted(guide.rules.values(), key=lambda r: r.id):
        if rule.timing:
            steps[(rule.action, rule.timing.anchor)].append(rule)
    for a, b in (pair for rules in steps.values() for pair in _disjoint_pairs(rules)):
        if not compatible(a, b) or b.id in a.overrides or a.id in b.overrides:
            continue
        for this, other in ((a, b), (b, a)):
            yield this.problem(("timing",), f"timing: window does not overlap rule '{other.id}' for the same step, "
                                        f"situation and anchor; make them agree or declare 'overrides: [{other.id}]'")


def _disjoint_pairs(rules: list[Rule]) -> list[tuple[Rule, Rule]]:
    """The pairs (in ``combinations`` order) whose windows do not overlap. Windows sorted by their
    end give, for each rule, the rules that end before it starts at once, so a group of thousands
    of copies of one step costs a sort, not a comparison of every pair."""
    spans = [r.timing.window.approx() for r in rules]
    by_end = sorted(range(len(rules)), key=lambda i: spans[i][1])
    ends = [spans[i][1] for i in by_end]
    pairs = {(min(i, j), max(i, j)) for j, (start, _) in enumerate(spans)
             for i in by_end[:bisect_left(ends, start)] if i != j}
    return [(rules[i], rules[j]) for i, j in sorted(pairs)]


def rule_prose(guide: Guide):
    for rule in guide.rules.values():
        for pointer, text in prose_fields(rule):
            for offset, message in prose_problems(text, rule, guide):
                yield rule.problem(pointer, f"{pointer[0]}: {message}", text, offset)


def prose_problems(text: str, rule: Rule | None, guide: Guide):
    """(offset, message) for each typed duration, bad [[reference]] or link to no rule in one piece
    of prose. ``rule`` owns the text; text outside any rule (a decision tree's) must name the rule
    it means."""
    # References and link targets (ids like call-at-most-once-a-week) are not prose; blank
    # them out, keeping offsets for line numbers.
    blanked = RULE_LINK.sub(lambda m: " " * len(m.group(0)), TOKEN.sub(lambda m: " " * len(m.group(0)), text))
    for m in TYPED_DURATION.finditer(blanked) if _names_a_unit(blanked) else ():
        yield m.start(), (f"'{m.group(0)}' is typed into prose; refer to the timing "
                          "with [[recommended]], [[window]] or [[rule-id:recommended]] instead")
    for m in TOKEN.finditer(text):
        target_id, field = m.group(1), m.group(2)
        target = guide.rules.get(target_id) if target_id else rule
        if field not in TIMING_FIELDS:
            yield m.start(), f"unknown reference {m.group(0)}; use one of: " + ", ".join(TIMING_FIELDS)
        elif target_id and target is None:
            yield m.start(), f"{m.group(0)} names no existing rule"
        elif target is None:
            yield m.start(), f"{m.group(0)} names no rule; outside a rule write [[rule-id:{field}]]"
        elif target.timing is None:
            yield m.start(), (f"{m.group(0)} refers to timing, but "
                              f"{'rule ' + repr(target.id) if target_id else 'this rule'} has none")
    # Rules a career center hid (center.py): links to them are shown as plain text, not errors.
    unlinked = guide.hidden_rules
    for m in RULE_LINK.finditer(text):
        if m.group(1) not in guide.rules and m.group(1) not in unlinked:
            yield m.start(), f"link to '#{m.group(1)}' names no existing rule"


# Every typed duration ends in one of these units; most prose names none, and looking for them is
# far cheaper than TYPED_DURATION's search. Lower-casing is exact for ASCII text only; other text
# goes through the pattern, with the same case-insensitive matching as TYPED_DURATION.
_UNITS = ("day", "week", "hour", "month", "fortnight")
_UNIT = re.compile("|".join(_UNITS), re.IGNORECASE)


def _names_a_unit(text: str) -> bool:
    if text.isascii():
        low = text.lower()
        return any(unit in low for unit in _UNITS)
    return _UNIT.search(text) is not None


def topics_have_rules(guide: Guide):
    used = {r.topic for r in guide.rules.values()}
    for t in guide.topics:
        if t.id not in used:
            yield Problem(str(guide.topics_doc.path), t.line, f"topic '{t.id}' has no rules (add rules/{t.id}/<rule-id>.yml)")


def reviewed_dates(guide: Guide):
    for rule in guide.rules.values():
        try:
            date = datetime.date.fromisoformat(rule.reviewed)
        except ValueError:
            yield rule.problem(("reviewed",), f"reviewed: '{rule.reviewed}' is not a real calendar date")
            continue
        if date > today():
            yield rule.problem(("reviewed",), f"reviewed: {rule.reviewed} is in the future")


def one_sentence_summary(guide: Guide):
    for rule in guide.rules.values():
        if re.search(r"[.!?]\s+[A-Z]", rule.summary.strip()):
            yield rule.problem(("summary",), "summary: keep it to one sentence (the answer); put the rest in body")


CHECKS = (references, quotes, timing_windows, overlapping_windows, rule_prose, topics_have_rules, reviewed_dates, one_sentence_summary)
