"""The guide's words for its vocabulary (anchors, channels), durations in words, and the [[token]]
references prose uses instead of typed numbers."""
from __future__ import annotations

import re

from generator.core.models import Rule, Timing, Window, approx_days

TOKEN = re.compile(r"\[\[(?:([a-z0-9-]+):)?([a-z_]+)\]\]")
TIMING_FIELDS = ("earliest", "recommended", "latest", "window")
# How many sources agree, counted from the evidence ("5 of the 7 sources that give a time"): prose
# never types "every source" or "most sources".
AGREEMENT = "agreement"

ANCHOR_WORDS = {"interview": "after the interview", "promised_date": "after the date they gave you",
                "last_contact": "after your last contact", "offer_deadline": "before the other offer's deadline"}
# A zero offset reads as the day itself, not "the same day after the interview".
ANCHOR_DAYS = {"interview": "the day of the interview", "promised_date": "the date they gave you",
               "last_contact": "the day of your last contact", "offer_deadline": "the other offer's deadline"}
CHANNEL_WORDS = {"email": "Email", "phone": "Phone", "letter": "Letter", "card": "Handwritten card",
                 "text": "Text message", "linkedin": "LinkedIn", "in_person": "In person",
                 "recruiter": "Through your recruiter"}

_NUMBER_WORDS = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an|a couple of|a few|several"
# A duration typed into prose ("wait 2 weeks", "three business days", "once a week").
TYPED_DURATION = re.compile(
    rf"\b(?:{_NUMBER_WORDS})(?:\s*(?:-|–|to|or)\s*(?:{_NUMBER_WORDS}))?[\s-]+(?:business[\s-]+|working[\s-]+|calendar[\s-]+)?"
    r"(?:days?|weeks?|hours?|months?|fortnights?)\b", re.IGNORECASE)


def amount(value: int, unit: str) -> str:
    """7 days -> 'a week'; 3 business days -> '3 business days'."""
    if unit == "business_days":
        return "a business day" if value == 1 else f"{value} business days"
    if value == 0:
        return "the same day"
    if value % 7 == 0:
        return "a week" if value == 7 else f"{value // 7} weeks"
    return "a day" if value == 1 else f"{value} days"


def between(lo: int, lo_unit: str, hi: int, hi_unit: str) -> str:
    """'the same day to a day later', '3 business days to 2 weeks'."""
    if lo == 0:
        return f"the same day to {amount(hi, hi_unit)} later"
    return f"{amount(lo, lo_unit)} to {amount(hi, hi_unit)}"


def span(window: Window) -> str:
    """'3–5 business days', '1–2 weeks', 'a week'."""
    lo, hi, unit = window.earliest, window.latest, window.unit
    if lo == hi:
        return amount(lo, unit)
    if unit == "days" and lo % 7 == 0 and hi % 7 == 0 and lo:
        return f"{lo // 7}–{hi // 7} weeks"
    if unit == "days" and lo == 0:
        return between(lo, unit, hi, unit)
    noun = "business days" if unit == "business_days" else "days"
    return f"{lo}–{hi} {noun}"


def timing_text(timing: Timing, field: str) -> str:
    if field == "window":
        return span(timing.window)
    return amount(getattr(timing, field), timing.unit)


def agreeing_sources(rule: Rule, rules: dict[str, Rule]) -> tuple[set[str], set[str]] | None:
    """(sources that agree, sources they are counted among) for [[agreement]]. A timed rule: the
    sources whose window allows its recommended time, among those that give a window. Any other
    rule: the sources it cites, among every source the guide cites; None if it is contested (its
    citations include the dissent)."""
    if rule.timing is not None:
        recommended = approx_days(rule.timing.recommended, rule.timing.unit)
        windows = [e for e in rule.evidence if e.window]
        among = {e.source for e in windows}
        agree = {e.source for e in windows if e.window.approx()[0] - 1e-9 <= recommended <= e.window.approx()[1] + 1e-9}
        return agree, among
    if rule.contested is not None:
        return None
    return {e.source for e in rule.evidence}, {e.source for r in rules.values() for e in r.evidence}


def agreement_text(rule: Rule, rules: dict[str, Rule]) -> str | None:
    """'5 of the 7 sources that give a time', 'all 13 of our sources'."""
    counts = agreeing_sources(rule, rules)
    if counts is None or not counts[1]:
        return None
    agree, among = len(counts[0]), len(counts[1])
    if rule.timing is not None:
        return f"all {among} sources that give a time" if agree == among else f"{agree} of the {among} sources that give a time"
    return f"all {among} of our sources" if agree == among else f"{agree} of our {among} sources"


def fill_references(text: str, rule: Rule, rules: dict[str, Rule]) -> str:
    """Replace [[field]] and [[rule-id:field]] with the words for that rule's timing, and
    [[agreement]] with how many of its sources agree. Unknown references are left as written;
    ``checks`` reports them."""
    def sub(m):
        target = rules.get(m.group(1)) if m.group(1) else rule
        if target is not None and m.group(2) == AGREEMENT:
            return agreement_text(target, rules) or m.group(0)
        if target is None or target.timing is None or m.group(2) not in TIMING_FIELDS:
            return m.group(0)
        return timing_text(target.timing, m.group(2))
    return TOKEN.sub(sub, text)


def prose_fields(rule: Rule):
    """(pointer, text) for every piece of our own prose in a rule (quotes are the sources' words)."""
    yield ("title",), rule.title
    yield ("summary",), rule.summary
    yield ("body",), rule.body
    for name in ("do", "dont"):
        for i, item in enumerate(getattr(rule, name)):
            yield (name, i), item
    if rule.contested:
        yield ("contested", "question"), rule.contested.question
        yield ("contested", "why"), rule.contested.why
    for e in rule.evidence:
        if e.position:
            yield ("evidence", e.index, "position"), e.position
