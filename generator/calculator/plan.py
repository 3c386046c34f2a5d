"""The calculator's reference implementation: a reader's inputs in, a dated plan out.

It reads the same data the site embeds (built by ``calculator_data``), and
site-templates/assets/plan.js is a line-by-line twin of it in JavaScript; a test runs both on
generated scenarios and requires identical output. The algorithm is described in words, once, in
docs/design/calculator.md: change the three together. Dates are day numbers (days since
1970-01-01), so no clock, time zone or daylight-saving change can shift them."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_EPOCH = datetime.date(1970, 1, 1).toordinal()
MAX_DAYS_AWAY = 366  # "within a year of today", generous across a 29 February
# The one place the calculator's messages are written; the site's script reads them from the data.
MESSAGES = {
    "required": "Enter the date of your interview.",
    "format": "Write the date as YYYY-MM-DD (year, month, day).",
    "impossible": "There is no such date as {value}.",
    "too_far": "Choose a date within a year of today ({today}).",
    "promised_before_interview": "The date they promised must be on or after your interview ({interview}).",
    "offer_before_interview": "The other offer’s deadline must be on or after your interview ({interview}).",
    "offer_passed": "That deadline has passed; enter it only while the offer is still open.",
    "unknown_country": "Choose one of the countries offered ({codes}), or none.",
    "no_holidays": "Public holidays for {country} are known only from {start} to {end}; choose dates in that range, or no country.",
    "before_interview": "This must be on or after your interview ({interview}).",
    "in_future": "This is after today ({today}); enter only what has already happened.",
    "unknown_channel": "Say how you followed up: {channels}.",
    "unknown_said": "Choose one of: {choices}.",
    "new_date_needed": "Enter the new date they gave you.",
    "said_before_interview": "Your interview is still ahead: choose “{nothing}” until it has happened.",
}
# The one step still worth taking late when its window has passed (mistakes/dont-skip-the-follow-up).
LATE_ACTION = "follow-up"
# What the employer said last (the page's and the CLI's choices), as facts of the situation.
THEY_SAID = {
    "nothing": {},
    "will-call": {"told_we_will_call": True},
    "still-interviewing": {"still_interviewing": True},
    "new-date": {},  # the new date is the promised date
    "rejected": {"outcome": "rejected"},
    "offered": {"outcome": "offered"},
}


class InputProblem(ValueError):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


class OutsideHolidays(Exception):
    """A date the plan needs lies outside the embedded holiday range."""


def message(data: dict, key: str, **params) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), data["messages"][key])


# -- calendar dates as day numbers ---------------------------------------------------------------
def parse_day(text: str) -> int:
    """Strict YYYY-MM-DD: 2026-02-30 is an error, never 2 March."""
    m = ISO_DATE.fullmatch(text)
    if not m:
        raise InputProblem("format")
    try:
        return datetime.date(*map(int, m.groups())).toordinal() - _EPOCH
    except ValueError:
        raise InputProblem("impossible", value=text) from None


def iso(day: int) -> str:
    return datetime.date.fromordinal(day + _EPOCH).isoformat()


def weekday(day: int) -> int:
    """0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday)."""
    return (day + 3) % 7


@dataclass(frozen=True)
class Calendar:
    """Which days are business days: not a weekend day and not one of the chosen country's public
    holidays. With a country, only days inside the embedded holiday range can be judged."""
    weekend: frozenset[int]
    holidays: frozenset[int] = frozenset()
    start: int | None = None
    end: int | None = None

    def is_business(self, day: int) -> bool:
        if self.start is not None and not self.start <= day <= self.end:
            raise OutsideHolidays()
        return weekday(day) not in self.weekend and day not in self.holidays

    def shift(self, day: int, amount: int, unit: str, direction: int) -> int:
        """``amount`` calendar or business days after (direction 1) or before (-1) ``day``."""
        if unit == "days":
            return day + direction * amount
        for _ in range(amount):
            day += direction
            while not self.is_business(day):
                day += direction
        return day

    def roll(self, day: int, direction: int) -> int:
        """The nearest business day on or after (1) / on or before (-1) ``day``."""
        while not self.is_business(day):
            day += direction
        return day


def calendar_for(data: dict, country: str | None) -> Calendar:
    if not country:
        return Calendar(frozenset(data["default_weekend"]))
    c = next(c for c in data["countries"] if c["code"] == country)
    return Calendar(frozenset(c["weekend"]), frozenset(parse_day(d) for d in c["holidays"]),
                    parse_day(data["holiday_range"]["from"]), parse_day(data["holiday_range"]["to"]))


# -- inputs: the reader's dates, and what has already happened ------------------------------------
@dataclass(frozen=True)
class Contact:
    """Something the reader has already done: a thank-you, a follow-up or a call."""
    action: str
    day: int
    channel: str | None


@dataclass(frozen=True)
class Inputs:
    interview: int
    promised: int | None
    offer_deadline: int | None
    country: str | None
    recruiter: bool
    they_said: str
    history: tuple[Contact, ...]
    today: int


def entries(value) -> list[str]:
    """A list of dates (or DATE:channel) from a list or a comma-separated string."""
    items = value if isinstance(value, list) else str(value or "").split(",")
    return [i.strip() for i in items if i and i.strip()]


def read_inputs(data: dict, raw: dict) -> tuple[Inputs | None, dict[str, str]]:
    """Validate the reader's raw inputs (strings, lists and booleans). Returns the inputs, or the
    one message per field that is wrong; every field is checked so all problems show at once."""
    errors: dict[str, str] = {}
    days: dict[str, int | None] = {}

    def parsed(field: str, text: str) -> int | None:
        try:
            return parse_day(text)
        except InputProblem as p:
            errors[field] = message(data, p.key, **p.params)
        return None

    def day_of(field: str, required_key: str | None = None) -> None:
        text = raw.get(field) or ""
        days[field] = None
        if not text:
            if required_key:
                errors[field] = message(data, required_key)
            return
        days[field] = parsed(field, text)

    day_of("today", "format")  # always given: the CLI and the page default it to the local date
    day_of("interview", "required")
    day_of("promised")
    day_of("offer_deadline")
    today = days["today"]
    for field in ("interview", "promised", "offer_deadline"):
        if today is not None and days[field] is not None and abs(days[field] - today) > data["max_days_away"]:
            errors[field] = message(data, "too_far", today=iso(today))
            days[field] = None
    interview, promised, deadline = days["interview"], days["promised"], days["offer_deadline"]
    if interview is not None and promised is not None and promised < interview:
        errors["promised"] = message(data, "promised_before_interview", interview=iso(interview))
    if interview is not None and deadline is not None and deadline < interview:
        errors["offer_deadline"] = message(data, "offer_before_interview", interview=iso(interview))
    elif today is not None and deadline is not None and deadline < today:
        errors["offer_deadline"] = message(data, "offer_passed")
    country = raw.get("country") or None
    if country is not None and not any(c["code"] == country for c in data["countries"]):
        errors["country"] = message(data, "unknown_country", codes=", ".join(c["code"] for c in data["countries"]))
    said = raw.get("they_said") or "nothing"
    if said not in data["they_said"]:
        errors["they_said"] = message(data, "unknown_said", choices=", ".join(data["they_said"]))
    elif said != "nothing" and interview is not None and today is not None and interview > today:
        errors["they_said"] = message(data, "said_before_interview", nothing=data["they_said_words"]["nothing"])
    elif said == "new-date" and promised is None and "promised" not in errors:
        errors["promised"] = message(data, "new_date_needed")
    history: list[Contact] = []
    for field, action in (("thank_you_sent", "thank-you"), ("followed_up", "follow-up"), ("called", "call")):
        for text in entries(raw.get(field)):
            text, _, channel = text.partition(":")
            channel = "phone" if action == "call" else channel or "email"
            if channel not in data["words"]["channels"]:
                errors[field] = message(data, "unknown_channel", channels=", ".join(data["words"]["channels"]))
                continue
            d = parsed(field, text)
            if d is None:
                continue
            if interview is not None and d < interview:
                errors[field] = message(data, "before_interview", interview=iso(interview))
            elif today is not None and d > today:
                errors[field] = message(data, "in_future", today=iso(today))
            else:
                history.append(Contact(action, d, channel))
    if errors:
        return None, errors
    history.sort(key=lambda c: (c.day, c.action))
    return Inputs(interview, promised, deadline, country, bool(raw.get("recruiter")), said, tuple(history), today), {}


# -- the situation, and the rules that fit it ------------------------------------------------------
def situation(inputs: Inputs) -> dict[str, list]:
    """Facts (in the rules' `when` vocabulary, common.schema.json) that hold from today on. A fact
    left out is unknown, and a rule that needs it is not used."""
    said = THEY_SAID[inputs.they_said]
    done = {c.action for c in inputs.history}
    outcome = said.get("outcome", "pending")
    if outcome != "pending":
        stages = ["after_decision"]
    else:
        stages = (["at_interview"] if inputs.interview >= inputs.today and not done else []) \
            + ([] if "thank-you" in done else ["after_interview"]) + ["waiting"]
    facts = {
        "stage": stages,
        "outcome": [outcome],
        "timeline_given": [inputs.promised is not None],
        "told_we_will_call": [said.get("told_we_will_call", False)],
        "recruiter": [inputs.recruiter],
        "competing_offer": ["written" if inputs.offer_deadline is not None else "none"],
        "still_interviewing": [said.get("still_interviewing", False)],
        "contacted_recently": [True, False],
        "thank_you_sent": ["thank-you" in done],
        "followed_up": ["follow-up" in done],
        "called": [any(c.channel == "phone" for c in inputs.history)],
    }
    if inputs.promised is not None:
        facts["promised_date"] = ["not_reached", "passed"]
    return facts


def applies(when: dict, facts: dict) -> bool:
    return all(fact in facts and any(v in facts[fact] for v in values) for fact, values in when.items())


@dataclass(frozen=True)
class Candidate:
    """Where a step comes from: ``rule`` says what to do, ``timing`` (a rule id, or None for "as
    soon as it applies") says when. They differ when an untimed rule takes over a timed one."""
    rule: str
    timing: str | None


def sources(data: dict, facts: dict) -> list[Candidate]:
    rules = data["rules"]
    fit = [rid for rid in sorted(rules) if applies(rules[rid]["when"], facts)]
    overriders = {rid: [o for o in fit if rid in rules[o]["overrides"]] for rid in fit}
    out = []
    for rid in fit:
        timed = rules[rid]["timing"] is not None
        by = overriders[rid]
        if not by:
            takes_over = any(takeover_target(rules, t, overriders) for t in rules[rid]["overrides"])
            if timed or not takes_over:
                out.append(Candidate(rid, rid if timed else None))
        elif takeover_target(rules, rid, overriders):
            out.extend(Candidate(u, rid) for u in by if not overriders[u])
    return out


def takeover_target(rules: dict, rid: str, overriders: dict) -> bool:
    """A timed rule that applies and is overridden only by untimed rules: they take over its dates."""
    return (rid in overriders and rules[rid]["timing"] is not None and bool(overriders[rid])
            and all(rules[o]["timing"] is None for o in overriders[rid]))


def channel_for(data: dict, rule_id: str, facts: dict) -> str | None:
    """The channel of a rule's step: the first deciding fact (channel policy, in its order) that
    points to a channel the rule allows, else the default channel if the rule allows it, else the
    rule's first channel."""
    allowed = data["rules"][rule_id]["channels"]
    policy = data["channel_policy"]
    if len(allowed) > 1:
        for decider in policy["deciders"]:
            values = facts.get(decider["fact"], [])
            if len(values) == 1 and values[0] in decider["channels"]:
                pick = [c for c in decider["channels"][values[0]] if c in allowed]
                if pick:
                    return pick[0]
        if policy["default"] in allowed:
            return policy["default"]
    return allowed[0] if allowed else None


@dataclass(frozen=True)
class Next:
    """A step of the sequence, before it has a date: what to do, which rules say so, the channel,
    and the rules of steps folded into it (one message that does both)."""
    action: str
    source: Candidate
    channel: str | None
    done: bool
    also: tuple[str, ...] = ()
    gap: Candidate | None = None  # a rule counted from the last contact: the least gap before the step


def is_contact(channel: str | None) -> bool:
    return channel is not None and channel != "in_person"


def stage_rank(data: dict, rule_id: str, facts: dict) -> int:
    stages = data["vocab"]["stages"]
    wanted = data["rules"][rule_id]["when"].get("stage") or facts["stage"]
    return min((stages.index(s) for s in wanted if s in facts["stage"]), default=len(stages))


def sequence(data: dict, facts: dict, calls_made: int | None = None) -> list[Next]:
    """The steps the rules give for a situation, in the order a reader takes them: by stage, then by
    the action vocabulary's order. Steps already done (facts thank_you_sent, followed_up, called)
    stay in, marked done. A message whose template serves another step's rule carries that step
    too; "ask about the timeline" is dropped once a follow-up has asked it; calls stop at the
    channel policy's max_calls; nothing follows "move on"."""
    rules, actions = data["rules"], data["vocab"]["actions"]
    srcs = sources(data, facts)
    relative = [s for s in srcs if s.timing and rules[s.timing]["timing"]["anchor"] == "last_contact"]
    fixed = [s for s in srcs if s not in relative]
    chosen: dict[str, Candidate] = {}
    for s in sorted(fixed, key=lambda s: (stage_rank(data, s.rule, facts), s.rule, s.timing or "")):
        chosen.setdefault(rules[s.rule]["action"], s)
    # Where an action also has a rule counted from the last contact, that rule is the minimum gap
    # before the step (e.g. calls spaced apart), not a step of its own.
    gaps: dict[str, Candidate] = {}
    for s in sorted(relative, key=lambda s: (stage_rank(data, s.rule, facts), s.rule, s.timing)):
        action = rules[s.rule]["action"]
        if action in chosen and s.rule != chosen[action].rule:
            current = gaps.get(action)
            if current is None or min_gap(data, s) > min_gap(data, current):
                gaps[action] = s
        else:
            chosen.setdefault(action, s)
    done = {a for a, fact in (("thank-you", "thank_you_sent"), ("follow-up", "followed_up")) if facts.get(fact) == [True]}
    order = sorted(chosen.values(), key=lambda s: (stage_rank(data, s.rule, facts), actions.index(rules[s.rule]["action"]), s.rule))
    # One message for two steps: a step whose template also serves another step's rule carries it.
    folded = {b.rule: a.rule for a in order for b in order
              if a.rule != b.rule and rules[a.rule]["template"] and b.rule in data["templates"].get(rules[a.rule]["template"], [])}
    skipped = {b for b, a in folded.items() if a not in folded}
    steps: list[Next] = []
    calls = calls_made if calls_made is not None else int(facts.get("called") == [True])
    for s in order:
        action = rules[s.rule]["action"]
        if s.rule in skipped:
            continue
        if action == "ask-timeline" and ("follow-up" in done or any(n.action == "follow-up" for n in steps)):
            continue
        channel = channel_for(data, s.rule, facts)
        if channel == "phone" and action not in done:
            if data["channel_policy"]["max_calls"] is not None and calls >= data["channel_policy"]["max_calls"]:
                continue
            calls += 1
        also = tuple(b for b in folded if b in skipped and folded[b] == s.rule)
        steps.append(Next(action, s, channel, action in done, also, gaps.get(action)))
        if action == "move-on":
            break
    return steps


def next_step(data: dict, facts: dict, calls_made: int | None = None, passed: frozenset[str] = frozenset()) -> Next | None:
    """What to do next in a situation: the first step not yet done, passing over the rules in
    ``passed`` (steps whose time is over, shown as missed). The trees' outcomes are checked against
    it (no dates, so nothing has passed), and the plan's first step still to do is the same step."""
    return next((n for n in sequence(data, facts, calls_made) if not n.done and n.source.rule not in passed), None)


def min_gap(data: dict, src: Candidate) -> float:
    t = data["rules"][src.timing]["timing"]
    return t["earliest"] * (data["days_per_business_day"] if t["unit"] == "business_days" else 1)


# -- dating the steps -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlannedStep:
    action: str
    rule: str | None
    earliest: int
    date: int
    latest: int
    channel: str | None
    template: str | None
    status: str  # done, missed or planned
    also: tuple[str, ...] = ()
    instead: str | None = None  # for a missed step: the rule of the step to take instead

    def as_json(self) -> dict:
        return {"action": self.action, "date": iso(self.date), "earliest": iso(self.earliest),
                "latest": iso(self.latest), "rule": self.rule, "template": self.template, "channel": self.channel,
                "status": self.status, "also": list(self.also), "instead": self.instead}


class Planner:
    def __init__(self, data: dict, inputs: Inputs):
        self.data = data
        self.rules = data["rules"]
        self.inputs = inputs
        self.cal = calendar_for(data, inputs.country)
        self.facts = situation(inputs)

    def window(self, src: Candidate, last_contact: int | None) -> tuple[int, int, int] | None:
        """(earliest, recommended, latest) of a step, or None when its anchor is unknown."""
        i = self.inputs
        if src.timing is None:  # as soon as it applies: now, or the interview if that is still ahead
            d = self.cal.roll(max(i.interview, i.today), 1)
            return d, d, d
        t = self.rules[src.timing]["timing"]
        anchor = {"interview": i.interview, "promised_date": i.promised, "offer_deadline": i.offer_deadline,
                  "last_contact": i.interview if last_contact is None else last_contact}[t["anchor"]]
        if anchor is None:
            return None
        # offer_deadline windows count back from the deadline; the others count forward.
        direction = -1 if t["anchor"] == "offer_deadline" else 1
        near, far = (t["earliest"], t["latest"]) if direction == 1 else (t["latest"], t["earliest"])
        e = self.cal.shift(anchor, near, t["unit"], direction)
        d = self.cal.roll(self.cal.shift(anchor, t["recommended"], t["unit"], direction), direction)
        l = self.cal.shift(anchor, far, t["unit"], direction)
        if d < i.interview:
            d = self.cal.roll(i.interview, 1)
        return min(max(e, i.interview), d), d, max(l, d)

    def plan(self) -> list[PlannedStep]:
        i = self.inputs
        calls = sum(c.channel == "phone" for c in i.history)
        seq = sequence(self.data, self.facts, calls)
        rule_of = {n.action: n.source.rule for n in seq}
        out = [PlannedStep(c.action, rule_of.get(c.action), c.day, c.day, c.day, c.channel, None, "done")
               for c in i.history]
        last = i.history[-1].day if i.history else None  # the last contact, done or planned
        floor = i.today  # planned steps keep the sequence's order
        missed: list[int] = []
        for n in seq:
            rule = self.rules[n.source.rule]
            w = self.window(n.source, last)
            relative = n.source.timing is not None and self.rules[n.source.timing]["timing"]["anchor"] == "last_contact"
            if n.done:
                # Done early or late, a step still holds its place: the steps after it wait for the
                # earliest day its rule allows (no call before the follow-up was due).
                if w is not None and not relative:
                    floor = max(floor, w[0])
                continue
            if w is None:
                continue
            e, d, l = w
            if l < i.today and not relative:
                missed.append(len(out))
                out.append(PlannedStep(n.action, n.source.rule, e, d, l, n.channel, rule["template"], "missed", n.also))
                if n.action != LATE_ACTION:
                    continue
                e = d = l = i.today  # never skip the follow-up: late is better than never
            d, lower = max(d, floor), i.today
            if is_contact(n.channel) and last is not None:
                lower = max(i.today, last + 1)  # never two contacts on one day
                d = max(d, lower)
                if n.gap is not None:
                    t = self.rules[n.gap.timing]["timing"]
                    d = max(d, self.cal.shift(last, t["earliest"], t["unit"], 1))
            d = self.cal.roll(d, 1)
            out.append(PlannedStep(n.action, n.source.rule, min(max(e, i.today, lower), d), d, max(l, d), n.channel,
                                   rule["template"], "planned", n.also))
            floor = d
            if is_contact(n.channel):
                last = d
        ahead = next((s.rule for s in out if s.status == "planned"), None)
        for k in missed:
            s = out[k]
            out[k] = PlannedStep(s.action, s.rule, s.earliest, s.date, s.latest, s.channel, s.template, s.status,
                                 s.also, ahead)
        rank = {"done": 0, "missed": 1, "planned": 2}
        return sorted(out, key=lambda s: (s.date, rank[s.status]))


def plan(data: dict, raw: dict) -> dict:
    """``{"steps": [...]}`` for valid inputs, else ``{"errors": {field: message}}``."""
    inputs, errors = read_inputs(data, raw)
    if errors:
        return {"errors": errors}
    try:
        steps = Planner(data, inputs).plan()
    except OutsideHolidays:
        c = next(c for c in data["countries"] if c["code"] == inputs.country)
        r = data["holiday_range"]
        return {"errors": {"country": message(data, "no_holidays", country=c["name"], start=r["from"], end=r["to"])}}
    return {"steps": [s.as_json() for s in steps]}
