"""Whole-situation checks: the trees, the calculator and the channel defaults give one reader one
answer. Each failure names the tree file:line and the rule files behind the calculator's step."""

from __future__ import annotations

import datetime
from functools import lru_cache

from generator.calculator.plan import THEY_SAID, Inputs, is_contact, next_step, plan, situation
from generator.core.models import Guide
from generator.trees.model import facts_along, facts_text, paths, sound, unmet

# The calculator's facts for a reader who ticks nothing (no date, no recruiter, nothing said, nothing
# done yet); a tree path's own facts replace them. Facts that change as time passes (their date,
# the last contact) take every value, as a plan from today on does.
_EMPTY = Inputs(
    interview=0,
    promised=None,
    offer_deadline=None,
    country=None,
    recruiter=False,
    they_said="nothing",
    history=(),
    today=1,
)
CALCULATOR_DEFAULTS = {k: v for k, v in situation(_EMPTY).items() if k != "stage"}
FLOWING = {"promised_date": ["not_reached", "passed"], "contacted_recently": [True, False]}


def _data(guide: Guide) -> dict:
    from generator.calculator.data import calculator_data

    return calculator_data(guide, (), datetime.date(2026, 1, 5), texts=False)


def _rule_path(guide: Guide, rule_id: str | None) -> str:
    return str(guide.rules[rule_id].path) if rule_id in guide.rules else "no rule"


def _words(action, channel) -> str:
    return "nothing to do" if action is None else action + (f" by {channel}" if channel else "")


def calculator_facts(tree_facts: dict) -> dict:
    facts = CALCULATOR_DEFAULTS | {k: sorted(v, key=str) for k, v in tree_facts.items()}
    for fact, values in FLOWING.items():
        if fact in facts and (fact != "promised_date" or facts.get("timeline_given") == [True]):
            facts[fact] = values
    return facts


def trees_agree_with_the_calculator(guide: Guide):
    """Every tree outcome's `next:` is the calculator's next step for the facts of every path to it."""
    if next(channel_policy_is_whole(guide), None) is not None:
        return  # with no sound channel policy the calculator's channel means nothing; reported there
    data = _data(guide)
    answers: dict[tuple, object] = {}  # many paths (and trees) share their facts: ask once per facts

    def next_for(facts: dict):
        key = tuple(sorted((k, tuple(v)) for k, v in facts.items()))
        if key not in answers:
            answers[key] = next_step(data, facts)
        return answers[key]

    for tree in guide.trees.values():
        if not sound(tree):
            continue
        for path in paths(tree):
            facts, clashes = facts_along(tree, path.steps)
            if clashes or any(r not in guide.rules or unmet(guide.rules[r], facts) for r in path.outcome.rules):
                continue  # the tree checks report these (a hidden or unknown rule, a fact that does not fit)
            n = next_for(calculator_facts(facts)) if "stage" in facts else None
            got = (n.action, n.channel) if n else (None, None)
            o = path.outcome
            said = (o.next["action"], o.next.get("channel")) if o.next else (None, None)
            if got != said:
                rules = ", ".join(_rule_path(guide, r) for r in ((n.source.rule,) + n.also if n else ()))
                yield tree.problem(
                    ("outcomes", o.id, "next"),
                    f"outcome '{o.id}' says next: {_words(*said)}, but the calculator, for the facts of "
                    f"{path.describe() or 'the start'} ({facts_text(facts)}), proposes {_words(*got)}"
                    + (f" ({rules})" if rules else ""),
                )


def channel_policy_is_whole(guide: Guide):
    """One default channel with its call limit, and deciders with distinct ranks over known facts."""
    from generator.core import schema

    facts = schema.common()["$defs"]["facts"]["properties"]
    ruled = sorted((r for r in guide.rules.values() if r.channel_policy), key=lambda r: r.id)
    defaults = [r for r in ruled if r.channel_policy.default]
    if len(defaults) > 1 or (not defaults and any(r.channel_policy.by for r in ruled)):
        where = defaults[1] if defaults else next(iter(sorted(guide.rules.values(), key=lambda r: r.id)), None)
        if where:
            yield where.problem(
                ("channel_policy",) if defaults else (),
                "channel_policy: exactly one rule states the "
                f"default channel and max_calls; found {len(defaults)}: {', '.join(r.id for r in defaults) or 'none'}",
            )
    ranks: dict[int, str] = {}
    for r in ruled:
        p = r.channel_policy
        if not p.by:
            continue
        if p.by not in facts:
            yield r.problem(("channel_policy", "by"), f"channel_policy.by: '{p.by}' is not a fact (common.schema.json)")
            continue
        first = facts[p.by]["anyOf"][0]
        known = first.get("enum", [True, False])
        for value in p.channels:
            if value not in [str(k).lower() if isinstance(k, bool) else k for k in known]:
                yield r.problem(
                    ("channel_policy", "channels", value),
                    f"channel_policy.channels: '{value}' is not a value of {p.by}",
                )
        if p.rank in ranks:
            yield r.problem(
                ("channel_policy", "rank"), f"channel_policy.rank: {p.rank} is also the rank of '{ranks[p.rank]}'"
            )
        ranks[p.rank] = r.id


def trees_ask_channel_facts_in_policy_order(guide: Guide):
    """A tree that asks two deciding facts asks them in the channel policy's order (the default a
    page states in words, "the workplace first", is the order readers are asked in)."""
    deciders = sorted(
        (r for r in guide.rules.values() if r.channel_policy and r.channel_policy.by),
        key=lambda r: (r.channel_policy.rank, r.id),
    )
    rank = {r.channel_policy.by: i for i, r in enumerate(deciders)}
    for tree in guide.trees.values():
        if not sound(tree):
            continue
        seen = set()
        for path in paths(tree):
            asked: list[tuple[str, object]] = []
            for step in path.steps:
                asked += [(f, step) for f in step.option.sets if f in rank]
            for (a, _), (b, step) in zip(asked, asked[1:]):
                key = (step.question.id, a, b)
                if rank[b] < rank[a] and key not in seen:
                    seen.add(key)
                    yield tree.problem(
                        ("questions", step.question.id),
                        f"question '{step.question.id}' asks about {b} after {a}, but the channel "
                        f"policy decides by {b} first ({deciders[rank[b]].path}, rank "
                        f"{deciders[rank[b]].channel_policy.rank}; {deciders[rank[a]].path})",
                    )


# -- plans over a sweep of histories: the promises no plan may break ----------------------------------
SWEEP_OFFSETS = (0, -1, -3, -7, -10, -14, -21, -30, -45)


def plan_problems(data: dict, raw: dict, result: dict) -> list[str]:
    """What is wrong with one plan (empty when it keeps every promise)."""
    steps = result.get("steps", [])
    out = []
    planned = [s for s in steps if s["status"] == "planned"]
    contacts = [s for s in steps if s["status"] != "missed" and is_contact(s["channel"])]
    days = [s["date"] for s in contacts]
    for d in sorted({s["date"] for s in contacts if s["status"] == "planned"}):
        if days.count(d) > 1:  # the reader's own history may hold two on a day; a plan adds none
            out.append(f"two contacts on {d}")
    if any(s["date"] < raw["today"] for s in planned):
        out.append("a step still to do is dated before today")
    if [s["date"] for s in steps] != sorted(s["date"] for s in steps):
        out.append("steps out of date order")
    first_follow_up = next(
        (i for i, s in enumerate(steps) if s["action"] == "follow-up" and s["status"] != "missed"), None
    )
    if first_follow_up is not None and any(s["action"] == "ask-timeline" for s in steps[first_follow_up:]):
        out.append("asks about the timeline after a follow-up")
    move_on = next((i for i, s in enumerate(steps) if s["action"] == "move-on"), None)
    if move_on is not None and any(is_contact(s["channel"]) for s in steps[move_on + 1 :]):
        out.append("a contact after moving on")
    if raw.get("they_said") == "will-call" and any(
        s["action"] in ("follow-up", "call", "recruiter-nudge", "ask-timeline") and is_contact(s["channel"])
        for s in planned
    ):
        out.append('chases them after "we\'ll call you"')
    calls = sum(s["channel"] == "phone" for s in steps if s["status"] != "missed")
    if calls > max(
        data["channel_policy"]["max_calls"] or 0, sum(s["status"] == "done" and s["channel"] == "phone" for s in steps)
    ):
        out.append(f"{calls} calls where the channel policy allows {data['channel_policy']['max_calls']}")
    return out


@lru_cache(maxsize=1)
def _base() -> datetime.date:
    return datetime.date(2026, 3, 2)  # a Monday; no country, so no holiday table is needed


def sweep(data: dict):
    """Readers at each distance from their interview, with each answer to "what did they say" and
    with and without a thank-you sent: the calculator's raw inputs."""
    today = _base()
    for offset in SWEEP_OFFSETS:
        interview = today + datetime.timedelta(days=offset)
        for said in THEY_SAID:
            for promised in ("", (interview + datetime.timedelta(days=10)).isoformat()):
                for thanked in (False, True):
                    if said == "new-date" and not promised:
                        continue
                    yield {
                        "today": today.isoformat(),
                        "interview": interview.isoformat(),
                        "promised": promised,
                        "they_said": said,
                        "thank_you_sent": interview.isoformat() if thanked else "",
                    }


def plans_keep_their_promises(guide: Guide):
    data = _data(guide)
    for raw in sweep(data):
        result = plan(data, raw)
        for problem in plan_problems(data, raw, result):
            rules = sorted({s["rule"] for s in result["steps"] if s["rule"]})
            first = guide.rules[rules[0]] if rules else None
            if first:
                yield first.problem(
                    (),
                    f"the calculator's plan for {raw} {problem} "
                    f"(rules: {', '.join(_rule_path(guide, r) for r in rules)})",
                )
            return
