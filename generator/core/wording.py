"""The guide's words for its vocabulary (anchors, channels), durations in words, and the [[token]]
references prose uses instead of typed numbers."""

from __future__ import annotations

import html
import re

from generator.core.models import Rule, Timing, Window, approx_days

TOKEN = re.compile(r"\[\[(?:([a-z0-9-]+):)?([a-z_]+)\]\]")
TIMING_FIELDS = ("earliest", "recommended", "latest", "window")
# How many sources agree, counted from the evidence ("5 of the 7 sources that give a time"): prose
# never types "every source" or "most sources".
AGREEMENT = "agreement"
# [[max_calls]]: the channel policy's most calls ("one call"), so no page types the number.
MAX_CALLS = "max_calls"
REFERENCE_FIELDS = TIMING_FIELDS + (AGREEMENT, MAX_CALLS)
COUNT_WORDS = ("no", "one", "two", "three", "four", "five")

ANCHOR_WORDS = {
    "interview": "after the interview",
    "promised_date": "after the date they gave you",
    "last_contact": "after your last contact",
    "offer_deadline": "before the other offer's deadline",
}
# A zero offset reads as the day itself, not "the same day after the interview".
ANCHOR_DAYS = {
    "interview": "the day of the interview",
    "promised_date": "the date they gave you",
    "last_contact": "the day of your last contact",
    "offer_deadline": "the other offer's deadline",
}
CHANNEL_WORDS = {
    "email": "Email",
    "phone": "Phone",
    "letter": "Letter",
    "card": "Handwritten card",
    "text": "Text message",
    "linkedin": "LinkedIn",
    "in_person": "In person",
    "recruiter": "Through your recruiter",
}

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER_WORDS = (
    rf"\d+(?:[.,]\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:{_UNITS}))?|"
    rf"{_UNITS}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"a hundred|hundreds of|a dozen|dozens of|half a|an|a|a couple of|a couple|a few|few|several|many"
)
# A number of calls typed into prose ("one phone call", "a single call"): the call limit is data.
TYPED_CALLS = re.compile(r"\b(?:\d+|one|two|three|a single|only one)(?:\s+phone)?\s+calls?\b", re.IGNORECASE)
# A duration typed into prose ("wait 2 weeks", "three business days", "once a week", "24h", "the
# next day", "tomorrow"), matched in the text a reader reads (``typed_durations``).
TYPED_DURATION = re.compile(
    # The lookahead (every alternative's first letter) lets the engine skip most positions fast.
    r"\b(?=[0-9adefhmnost])(?:"
    rf"(?:{_NUMBER_WORDS})(?:\s*(?:-|–|—|to|or|and)\s*(?:{_NUMBER_WORDS}))?[\s-]+(?:business[\s-]+|working[\s-]+|calendar[\s-]+)?"
    r"(?:days?|weeks?|hours?|minutes?|months?|fortnights?|nights?|weekends?)\b"
    r"|\d+\s*(?:h|hrs?|d|wks?|mins?)\b"
    r"|(?:the\s+)?(?:next|following)\s+(?:business\s+|working\s+)?(?:day|week|month)\b"
    r"|(?:tomorrow|fortnight|overnight)\b)",
    re.IGNORECASE,
)
# What a reader does not see as a character (soft hyphen, zero-width spaces and joiners, and
# Markdown's emphasis marks): "two\u00adweeks" and "*two* weeks" read as "two weeks".
_UNSEEN = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff*_~`]")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _reading(text: str, soft_hyphen: str) -> tuple[str, list[int]]:
    """The text as read, and the offset in ``text`` of each of its characters."""
    read, where = [], []
    pos = 0
    for m in re.finditer(rf"{_ENTITY.pattern}|{_UNSEEN.pattern}", text):
        read.append(text[pos : m.start()])
        where.extend(range(pos, m.start()))
        shown = html.unescape(m.group(0))  # an entity, or one unseen character
        if _UNSEEN.fullmatch(shown):
            shown = soft_hyphen if shown == "\u00ad" else ""
        elif shown.isspace():
            shown = " "
        read.append(shown)
        where.extend([m.start()] * len(shown))
        pos = m.end()
    read.append(text[pos:])
    where.extend(range(pos, len(text)))
    return "".join(read), where


def typed_durations(text: str):
    """(offset in ``text``, the words as read) of every typed duration, however it is spelled:
    entities (two&nbsp;weeks), invisible characters and emphasis are read as a reader reads them.
    A soft hyphen is read both as nothing (fo&shy;urteen) and as a line break (two&shy;weeks)."""
    if not _ENTITY.search(text) and not _UNSEEN.search(text):  # most prose: read as written
        yield from ((m.start(), " ".join(m.group(0).split())) for m in TYPED_DURATION.finditer(text))
        return
    found = {}
    for soft_hyphen in ("", " ") if "\u00ad" in html.unescape(text) else ("",):
        reading, where = _reading(text, soft_hyphen)
        for m in TYPED_DURATION.finditer(reading):
            found.setdefault(where[m.start()], " ".join(m.group(0).split()))
    yield from sorted(found.items())


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
        return (
            f"all {among} sources that give a time"
            if agree == among
            else f"{agree} of the {among} sources that give a time"
        )
    return f"all {among} of our sources" if agree == among else f"{agree} of our {among} sources"


def calls_text(count: int) -> str:
    """1 -> 'one call'; 2 -> 'two calls'."""
    number = COUNT_WORDS[count] if count < len(COUNT_WORDS) else str(count)
    return f"{number} call" + ("" if count == 1 else "s")


def fill_references(text: str, rule: Rule, rules: dict[str, Rule]) -> str:
    """Replace [[field]] and [[rule-id:field]] with the words for that rule's timing,
    [[agreement]] with how many of its sources agree, and [[max_calls]] with its call limit.
    Unknown references are left as written; ``checks`` reports them."""

    def sub(m):
        target = rules.get(m.group(1)) if m.group(1) else rule
        if target is not None and m.group(2) == AGREEMENT:
            return agreement_text(target, rules) or m.group(0)
        if (
            target is not None
            and m.group(2) == MAX_CALLS
            and target.channel_policy
            and target.channel_policy.max_calls is not None
        ):
            return calls_text(target.channel_policy.max_calls)
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
