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

from generator.core.errors import Problem, RuleError
from generator.core.loader import MAX_TEXT_BYTES
from generator.core.models import Guide, Rule, approx_days, compatible
from generator.core.wording import (
    AGREEMENT,
    MAX_CALLS,
    REFERENCE_FIELDS,
    TOKEN,
    TYPED_CALLS,
    agreement_text,
    prose_fields,
    typed_durations,
)
from generator.core.yaml_reader import read_regular

MAX_QUOTE_WORDS = 30
RULE_LINK = re.compile(r"\]\(#([^)\s]*)\)")
# A claim about how many sources agree, typed into prose instead of counted ([[agreement]]).
AGREEMENT_CLAIM = re.compile(
    r"\bevery\s+(?:one\s+)?(?:of\s+(?:the|our)\s+)?(?:sources?|experts?)\b"
    r"|\ball\s+(?:of\s+)?(?:the\s+|our\s+)?(?:\w+\s+)?(?:sources|experts)\b"
    r"|\bmost\s+(?:of\s+)?(?:the\s+|our\s+)?(?:\w+\s+)?(?:sources|experts)\b"
    r"|\b(?:sources|experts)\s+(?:all\s+)?agree\b"
    r"|\ball\b[^.;:!?]{0,60}?\bagree\b",
    re.IGNORECASE,
)


def today() -> datetime.date:
    return datetime.date.today()


@lru_cache(maxsize=64)
def _normalised_text(path: Path) -> str | None:
    try:  # loader.sources_from reported a text it cannot read
        return normalise(read_regular(path, MAX_TEXT_BYTES).decode("utf-8"))
    except (RuleError, UnicodeDecodeError):
        return None


def normalise(text: str) -> str:
    return " ".join(text.split())


def references(guide: Guide):
    topic_ids = {t.id for t in guide.topics}
    looped = _in_override_loops(guide)
    for rule in guide.rules.values():
        if rule.topic not in topic_ids:
            yield Problem(
                str(rule.path), 1, f"folder '{rule.topic}' is not a topic listed in {guide.topics_doc.path.name}"
            )
        for field in ("related", "overrides"):
            for i, ref in enumerate(getattr(rule, field)):
                if ref == rule.id:
                    yield rule.problem((field, i), f"{field}: a rule cannot refer to itself")
                elif ref not in guide.rules:
                    yield rule.problem((field, i), f"{field}: no rule with id '{ref}'")
                elif field == "overrides" and ref in looped and (loop := _overrides_path(guide, ref, rule.id)):
                    # Each would drop the other's step from the plan: neither would be shown.
                    yield rule.problem(
                        (field, i),
                        f"overrides: rule '{ref}' also overrides this rule; only one of them can replace the other"
                        if len(loop) == 2
                        else f"overrides: rules override each other in a loop ({' > '.join([rule.id, *loop])}); "
                        "break it",
                    )
        for e in rule.evidence:
            if e.source not in guide.sources:
                yield rule.problem(
                    ("evidence", e.index, "source"), f"evidence: no source with id '{e.source}' in sources.yml"
                )


def _in_override_loops(guide: Guide) -> set[str]:
    """Rules on some loop of ``overrides`` (a strongly connected component of two or more, found
    with Kosaraju's two passes), so the path search below runs only where a loop can be."""
    edges = {rid: [r for r in rule.overrides if r in guide.rules and r != rid] for rid, rule in guide.rules.items()}
    back: dict[str, list[str]] = {rid: [] for rid in edges}
    for rid, targets in edges.items():
        for target in targets:
            back[target].append(rid)
    order: list[str] = []
    seen: set[str] = set()
    for root in edges:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(edges[root]))]
        while stack:
            node, rest = stack[-1]
            nxt = next(rest, None)
            if nxt is None:
                order.append(node)
                stack.pop()
            elif nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, iter(edges[nxt])))
    looped: set[str] = set()
    assigned: set[str] = set()
    for root in reversed(order):
        if root in assigned:
            continue
        component, todo = [], [root]
        assigned.add(root)
        while todo:
            node = todo.pop()
            component.append(node)
            for prev in back[node]:
                if prev not in assigned:
                    assigned.add(prev)
                    todo.append(prev)
        if len(component) > 1:
            looped.update(component)
    return looped


def _overrides_path(guide: Guide, start: str, goal: str) -> list[str] | None:
    """The chain start > ... > goal along ``overrides``, if there is one (breadth first)."""
    came_from = {start: None}
    queue = [start]
    for rid in queue:
        for nxt in getattr(guide.rules.get(rid), "overrides", ()):
            if nxt == goal:
                path = [goal, rid]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])
                return path[::-1]
            if nxt not in came_from:
                came_from[nxt] = rid
                queue.append(nxt)
    return None


def quotes(guide: Guide):
    for rule in guide.rules.values():
        for e in rule.evidence:
            words = len(e.quote.split())
            if words > MAX_QUOTE_WORDS:
                yield rule.problem(
                    ("evidence", e.index, "quote"), f"quote is {words} words; keep it to at most {MAX_QUOTE_WORDS}"
                )
            source = guide.sources.get(e.source)
            if source is None or source.text_path is None:
                continue
            text = _normalised_text(source.text_path)
            if text is not None and normalise(e.quote) not in text:
                yield rule.problem(
                    ("evidence", e.index, "quote"),
                    f"quote not found verbatim in source '{e.source}' ({source.text_path.name})",
                )


def timing_windows(guide: Guide):
    for rule in guide.rules.values():
        t = rule.timing
        windows = [e for e in rule.evidence if e.window]
        if t is None:
            if windows:
                yield rule.problem(
                    ("evidence", windows[0].index, "window"), "evidence gives a window but the rule has no timing"
                )
            continue
        if not t.earliest <= t.recommended <= t.latest:
            yield rule.problem(
                ("timing",),
                f"timing: needs earliest <= recommended <= latest (got {t.earliest}, {t.recommended}, {t.latest})",
            )
        if not windows:
            yield rule.problem(
                ("timing",), "timing: at least one evidence entry must give the window its source supports"
            )
            continue
        lo = min(e.window.approx()[0] for e in windows)
        hi = max(e.window.approx()[1] for e in windows)
        if not lo - 1e-9 <= approx_days(t.recommended, t.unit) <= hi + 1e-9:
            yield rule.problem(
                ("timing", "recommended"),
                f"timing.recommended: {t.recommended} {t.unit.replace('_', ' ')} "
                f"is outside what the cited sources say ({_fmt(lo)} to {_fmt(hi)} days)",
            )
        distinct = {(e.window.unit, e.window.earliest, e.window.latest) for e in windows}
        if len(distinct) > 1 and rule.contested is None:
            yield rule.problem(
                ("timing",),
                "sources give different windows: add 'contested' with the question and why we chose our default",
            )
        for e in windows:
            if e.window.earliest > e.window.latest:
                yield rule.problem(("evidence", e.index, "window"), "window: earliest is after latest")


def _fmt(days: float) -> str:
    return f"{days:g}"


def _count(value: int, unit: str) -> str:
    """'1 business day', '7 days'."""
    words = unit.replace("_", " ")
    return f"{value} {words[:-1] if value == 1 else words}"


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
            yield this.problem(
                ("timing",),
                f"timing: window does not overlap rule '{other.id}' for the same step, "
                f"situation and anchor; make them agree or declare 'overrides: [{other.id}]'",
            )


def _disjoint_pairs(rules: list[Rule]) -> list[tuple[Rule, Rule]]:
    """The pairs (in ``combinations`` order) whose windows do not overlap. Windows sorted by their
    end give, for each rule, the rules that end before it starts at once, so a group of thousands
    of copies of one step costs a sort, not a comparison of every pair."""
    spans = [r.timing.window.approx() for r in rules]
    by_end = sorted(range(len(rules)), key=lambda i: spans[i][1])
    ends = [spans[i][1] for i in by_end]
    pairs = {
        (min(i, j), max(i, j))
        for j, (start, _) in enumerate(spans)
        for i in by_end[: bisect_left(ends, start)]
        if i != j
    }
    return [(rules[i], rules[j]) for i, j in sorted(pairs)]


def rule_prose(guide: Guide):
    citing = _one_rule_per_source(guide)
    for rule in guide.rules.values():
        for pointer, text in prose_fields(rule):
            for offset, message in prose_problems(text, rule, guide, citing):
                yield rule.problem(pointer, f"{pointer[0]}: {message}", text, offset)


def prose_problems(text: str, rule: Rule | None, guide: Guide, citing: dict[str, Rule] | None = None):
    """(offset, message) for each typed duration, bad [[reference]] or link to no rule in one piece
    of prose. ``rule`` owns the text; text outside any rule (a decision tree's) must name the rule
    it means. ``citing``: rules that cite every source the guide cites (_one_rule_per_source)."""
    # References and link targets (ids like call-at-most-once-a-week) are not prose; blank
    # them out, keeping offsets for line numbers.
    blanked = RULE_LINK.sub(lambda m: " " * len(m.group(0)), TOKEN.sub(lambda m: " " * len(m.group(0)), text))
    for offset, words in typed_durations(blanked):
        yield (
            offset,
            (
                f"'{words}' is typed into prose; refer to the timing "
                "with [[recommended]], [[window]] or [[rule-id:recommended]] instead"
            ),
        )
    for m in TOKEN.finditer(text):
        target_id, field = m.group(1), m.group(2)
        target = guide.rules.get(target_id) if target_id else rule
        if field not in REFERENCE_FIELDS:
            yield m.start(), f"unknown reference {m.group(0)}; use one of: " + ", ".join(REFERENCE_FIELDS)
        elif target_id and target is None:
            yield m.start(), f"{m.group(0)} names no existing rule"
        elif target is None:
            yield m.start(), f"{m.group(0)} names no rule; outside a rule write [[rule-id:{field}]]"
        elif field == AGREEMENT:
            if agreement_text(target, citing or guide.rules) is None:
                yield (
                    m.start(),
                    (
                        f"{m.group(0)} has nothing to count: {'rule ' + repr(target.id) if target_id else 'this rule'} "
                        "gives no timing and is contested (its sources include the dissent)"
                    ),
                )
        elif field == MAX_CALLS:
            if not (target.channel_policy and target.channel_policy.max_calls is not None):
                yield (
                    m.start(),
                    (
                        f"{m.group(0)} refers to the call limit, but "
                        f"{'rule ' + repr(target.id) if target_id else 'this rule'} states none (channel_policy.max_calls)"
                    ),
                )
        elif target.timing is None:
            yield (
                m.start(),
                (
                    f"{m.group(0)} refers to timing, but "
                    f"{'rule ' + repr(target.id) if target_id else 'this rule'} has none"
                ),
            )
    # The call limit is data (a rule's channel_policy): prose states it through [[max_calls]].
    for m in TYPED_CALLS.finditer(blanked):
        use = "[[rule-id:max_calls]]" if rule is None else "[[max_calls]] or [[rule-id:max_calls]]"
        yield m.start(), f"'{m.group(0)}' is typed into prose; refer to the call limit with {use} instead"
    # Rules a career center hid (center.py): links to them are shown as plain text, not errors.
    unlinked = guide.hidden_rules
    for m in RULE_LINK.finditer(text):
        if m.group(1) not in guide.rules and m.group(1) not in unlinked:
            yield m.start(), f"link to '#{m.group(1)}' names no existing rule"


def _one_rule_per_source(guide: Guide) -> dict[str, Rule]:
    """A rule for each source the guide cites, one that cites it. agreement_text counts a rule's
    sources among every source cited by the rules it is given: given these few instead of the
    whole guide, it counts the same, without going through every rule for each [[agreement]]."""
    citing: dict[str, Rule] = {}
    for rule in guide.rules.values():
        for e in rule.evidence:
            citing.setdefault(e.source, rule)
    return {r.id: r for r in citing.values()}


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` holds any of ``words``, ignoring case as re.IGNORECASE does: a cheap test
    that lets the checks skip their long patterns on prose those patterns cannot match (most of it).
    Lower-casing is exact for ASCII only; other text is searched with re.IGNORECASE itself."""
    if text.isascii():
        low = text.lower()
        return any(word in low for word in words)
    return re.search("|".join(words), text, re.IGNORECASE) is not None


# Every TYPED_DURATION match ends in a unit; every AGREEMENT_CLAIM match names sources, experts or agreeing.
_UNITS = ("day", "week", "hour", "month", "fortnight")
_CLAIM_WORDS = ("source", "expert", "agree")


def agreement_claims(guide: Guide):
    """'every source agrees', 'most sources': how many agree is counted from the evidence
    ([[agreement]]), never typed, so it cannot go stale or overstate."""
    fix = "write [[agreement]] so the count comes from the evidence, or name the sources"
    for rule in guide.rules.values():
        for pointer, text in prose_fields(rule):
            for m in AGREEMENT_CLAIM.finditer(text) if _mentions(text, _CLAIM_WORDS) else ():
                yield rule.problem(
                    pointer, f"{pointer[0]}: '{m.group(0)}' is a typed claim about the sources; {fix}", text, m.start()
                )
    for topic in guide.topics:
        for m in AGREEMENT_CLAIM.finditer(topic.intro):
            yield Problem(
                str(guide.topics_doc.path),
                topic.line,
                f"intro: '{m.group(0)}' is a typed claim about the sources; name the sources or leave it to the rules",
            )


def timing_extremes(guide: Guide):
    """A rule's earliest and latest are the extremes its evidence windows allow (to the nearest of
    the rule's units): readers are told the window is what the sources support. Inside them only
    with a stated reason (timing.narrowed); beyond them never."""
    for rule in guide.rules.values():
        t = rule.timing
        windows = [e for e in rule.evidence if e.window]
        if t is None or not windows or not t.earliest <= t.recommended <= t.latest:
            continue  # timing_windows reports these
        first = min(windows, key=lambda e: e.window.approx()[0])
        last = max(windows, key=lambda e: e.window.approx()[1])
        lo, hi = first.window.approx()[0], last.window.approx()[1]
        slack = approx_days(1, t.unit) / 2
        earliest, latest = approx_days(t.earliest, t.unit), approx_days(t.latest, t.unit)
        narrower = []
        if earliest < lo - slack:
            yield rule.problem(
                ("timing", "earliest"),
                f"timing.earliest: {_count(t.earliest, t.unit)} is earlier than any cited source "
                f"allows (the earliest is {_fmt(lo)} days, from {first.source})",
            )
        elif earliest > lo + slack:
            narrower.append(
                (
                    "earliest",
                    f"timing.earliest: {_count(t.earliest, t.unit)} is later than the earliest its sources allow "
                    f"({_fmt(lo)} days, from {first.source})",
                )
            )
        if latest > hi + slack:
            yield rule.problem(
                ("timing", "latest"),
                f"timing.latest: {_count(t.latest, t.unit)} is later than any cited source "
                f"allows (the latest is {_fmt(hi)} days, from {last.source})",
            )
        elif latest < hi - slack:
            narrower.append(
                (
                    "latest",
                    f"timing.latest: {_count(t.latest, t.unit)} is earlier than the latest its sources allow "
                    f"({_fmt(hi)} days, from {last.source})",
                )
            )
        if narrower and not (t.narrowed or _center_timing_reason(guide, rule)):
            for field, message in narrower:
                yield rule.problem(("timing", field), f"{message}; widen it, or say why in timing.narrowed")
        elif t.narrowed and not narrower and not _center_timing_reason(guide, rule):
            yield rule.problem(
                ("timing", "narrowed"),
                "timing.narrowed: earliest and latest already are the extremes its sources allow; remove the reason",
            )


def _center_timing_reason(guide: Guide, rule: Rule) -> str | None:
    # A career center that changes a rule's timing states its reason in center.yml; that reason
    # covers a window it narrows. (guide.center is typed loosely: core imports no feature.)
    override = getattr(guide.center, "overrides", {}).get(rule.id)
    return override.reason if override is not None and "timing" in override.fields else None


def topics_have_rules(guide: Guide):
    used = {r.topic for r in guide.rules.values()}
    for t in guide.topics:
        if t.id not in used:
            yield Problem(
                str(guide.topics_doc.path), t.line, f"topic '{t.id}' has no rules (add rules/{t.id}/<rule-id>.yml)"
            )


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
