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


# -- inputs ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Inputs:
    interview: int
    promised: int | None
    offer_deadline: int | None
    country: str | None
    recruiter: bool
    we_will_call: bool
    still_interviewing: bool
    today: int


def read_inputs(data: dict, raw: dict) -> tuple[Inputs | None, dict[str, str]]:
    """Validate the reader's raw inputs (strings and booleans). Returns the inputs, or the one
    message per field that is wrong; every field is checked so all problems show at once."""
    errors: dict[str, str] = {}
    days: dict[str, int | None] = {}

    def day_of(field: str, required_key: str | None = None) -> None:
        text = raw.get(field) or ""
        days[field] = None
        if not text:
            if required_key:
                errors[field] = message(data, required_key)
            return
        try:
            days[field] = parse_day(text)
        except InputProblem as p:
            errors[field] = message(data, p.key, **p.params)

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
    if errors:
        return None, errors
    return Inputs(interview, promised, deadline, country, bool(raw.get("recruiter")),
                  bool(raw.get("we_will_call")), bool(raw.get("still_interviewing")), today), {}


# -- the situation, and the rules that fit it ------------------------------------------------------
def situation(inputs: Inputs) -> dict[str, list]:
    """Facts (in the rules' `when` vocabulary) that hold at some point of the plan. A fact left out
    is unknown, and a rule that needs it is not used."""
    stages = (["at_interview"] if inputs.interview >= inputs.today else []) + ["after_interview", "waiting"]
    facts = {
        "stage": stages,
        "outcome": ["pending"],
        "timeline_given": [inputs.promised is not None],
        "told_we_will_call": [inputs.we_will_call],
        "recruiter": [inputs.recruiter],
        "competing_offer": ["written" if inputs.offer_deadline is not None else "none"],
        "still_interviewing": [inputs.still_interviewing],
        "contacted_recently": [True, False],
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


# -- dating the steps -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlannedStep:
    action: str
    rule: str
    timing: str | None
    earliest: int
    date: int
    latest: int
    channel: str | None
    template: str | None

    def as_json(self) -> dict:
        return {"action": self.action, "date": iso(self.date), "earliest": iso(self.earliest),
                "latest": iso(self.latest), "rule": self.rule, "template": self.template, "channel": self.channel}


class Planner:
    def __init__(self, data: dict, inputs: Inputs):
        self.data = data
        self.rules = data["rules"]
        self.inputs = inputs
        self.cal = calendar_for(data, inputs.country)
        self.actions = data["vocab"]["actions"]
        self.stages = data["vocab"]["stages"]
        self.facts = situation(inputs)

    def anchor_day(self, anchor: str, last_contact: int | None) -> int | None:
        i = self.inputs
        return {"interview": i.interview, "promised_date": i.promised, "offer_deadline": i.offer_deadline,
                "last_contact": i.interview if last_contact is None else last_contact}[anchor]

    def dated(self, src: Candidate, last_contact: int | None = None) -> PlannedStep | None:
        rule = self.rules[src.rule]
        interview = self.inputs.interview
        if src.timing is None:  # as soon as it applies: now, or the interview if that is still ahead
            e = d = l = self.cal.roll(max(interview, self.inputs.today), 1)
        else:
            t = self.rules[src.timing]["timing"]
            anchor = self.anchor_day(t["anchor"], last_contact)
            if anchor is None:
                return None
            # offer_deadline windows count back from the deadline; the others count forward.
            direction = -1 if t["anchor"] == "offer_deadline" else 1
            near, far = (t["earliest"], t["latest"]) if direction == 1 else (t["latest"], t["earliest"])
            e = self.cal.shift(anchor, near, t["unit"], direction)
            d = self.cal.roll(self.cal.shift(anchor, t["recommended"], t["unit"], direction), direction)
            l = self.cal.shift(anchor, far, t["unit"], direction)
            if d < interview:
                d = self.cal.roll(interview, 1)
            e = min(max(e, interview), d)
            l = max(l, d)
        return PlannedStep(rule["action"], src.rule, src.timing, e, d, l, rule["channel"], rule["template"])

    def stage_rank(self, rule_id: str) -> int:
        wanted = self.rules[rule_id]["when"].get("stage") or self.facts["stage"]
        return min(self.stages.index(s) for s in wanted if s in self.facts["stage"])

    def order(self, step: PlannedStep):
        return (step.date, self.actions.index(step.action), step.rule)

    def gap_ok(self, step: PlannedStep, limit: Candidate | None, last: PlannedStep | None) -> bool:
        if limit is None or last is None:
            return True
        t = self.rules[limit.timing]["timing"]
        return step.date >= self.cal.shift(last.date, t["earliest"], t["unit"], 1)

    def plan(self) -> list[PlannedStep]:
        srcs = sources(self.data, self.facts)
        relative = [s for s in srcs if s.timing and self.rules[s.timing]["timing"]["anchor"] == "last_contact"]
        fixed = [s for s in srcs if s not in relative]
        fixed_steps = [st for st in (self.dated(s) for s in fixed) if st is not None]
        chosen: dict[str, PlannedStep] = {}
        for st in sorted(fixed_steps, key=lambda st: (st.date, self.stage_rank(st.rule), st.rule, st.timing or "")):
            chosen.setdefault(st.action, st)
        # Where an action also has a rule counted from the last contact, that rule is the minimum
        # gap before the step (e.g. calls spaced apart), not a step of its own.
        limits: dict[str, Candidate] = {}
        later: dict[str, Candidate] = {}
        for s in sorted(relative, key=lambda s: (self.stage_rank(s.rule), s.rule, s.timing)):
            action = self.rules[s.rule]["action"]
            if action in chosen:
                current = limits.get(action)
                if current is None or self.min_gap(s) > self.min_gap(current):
                    limits[action] = s
            else:
                later.setdefault(action, s)

        pending = sorted(chosen.values(), key=self.order)
        done: list[PlannedStep] = []
        last: PlannedStep | None = None
        while pending:
            step = pending.pop(0)
            limit = limits.get(step.action)
            if not self.gap_ok(step, limit, last):
                pending.append(self.dated(limit, last.date))
                pending.sort(key=self.order)
                continue
            done.append(step)
            if step.channel:
                last = step
        for action in self.actions:
            if action in later:
                step = self.dated(later[action], last.date if last else None)
                done.append(step)
                if step.channel:
                    last = step
        return sorted(done, key=self.order)

    def min_gap(self, src: Candidate) -> float:
        t = self.rules[src.timing]["timing"]
        return t["earliest"] * (self.data["days_per_business_day"] if t["unit"] == "business_days" else 1)


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
