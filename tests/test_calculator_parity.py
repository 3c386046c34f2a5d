"""One algorithm, two runtimes: on generated scenarios the site's JavaScript and the Python reference
return identical plans (in two time zones), and the plans keep the properties the guide promises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.calculator.plan import calendar_for, iso, parse_day, plan, read_inputs, weekday
from generator.core import schema

from .calculator_helpers import node_call, real_data, scenarios
from .conftest import real_guide

SCENARIOS = 1100
MADE_UP = 500  # rule sets are slower to generate; the real rules get the full count
CHASING = {"follow-up", "call", "recruiter-nudge"}  # steps that ask the employer about their decision
QUIET = settings(suppress_health_check=[HealthCheck.too_slow])  # deadline and database: tests/conftest.py


def _mismatches(data_per_call, raws, results):
    for data, raw, js in zip(data_per_call, raws, results):
        py = plan(data, raw)
        if js != py:
            yield {"inputs": raw, "python": py, "javascript": js}


def _collect(strategy, count: int) -> list:
    seen = []

    @settings(QUIET, max_examples=count)
    @given(strategy)
    def collect(example):
        seen.append(example)

    collect()
    return seen


@pytest.mark.node
@pytest.mark.parametrize("tz", ["America/New_York", "Pacific/Auckland"])
def test_javascript_and_python_plans_are_identical(tz):
    data = real_data()
    raws = _collect(scenarios(data), SCENARIOS)
    assert len(raws) >= 1000
    js = node_call("plan.js", "plan", [[r] for r in raws], prefix=(data,), tz=tz)
    bad = list(_mismatches([data] * len(raws), raws, js))
    assert not bad, f"{len(bad)} of {len(raws)} differ; first: {bad[0]}"
    # Plenty of scenarios are plans, not errors (53–62% in trials; the floor is far below, so it never flakes).
    assert sum("steps" in r for r in js) > len(raws) * 2 // 5


# -- made-up rule sets reach every anchor, unit and override the real rules do not use -----------------------
FACTS = schema.common()["$defs"]["facts"]["properties"]


def values_text(fact: str) -> list:
    first = FACTS[fact]["anyOf"][0]
    return first["enum"] if "enum" in first else [True, False]


# Strategies are built once: building them inside a composite makes generation many times slower.
_VOCAB = real_data()["vocab"]
_WHEN = st.lists(st.sampled_from(sorted(FACTS)), max_size=2, unique=True).flatmap(
    lambda facts: st.fixed_dictionaries(
        {f: st.lists(st.sampled_from(values_text(f)), min_size=1, max_size=2, unique=True) for f in facts}
    )
)
_TIMING = st.one_of(
    st.none(),
    st.builds(
        lambda anchor, unit, window: {
            "anchor": anchor,
            "unit": unit,
            **dict(zip(("earliest", "recommended", "latest"), sorted(window))),
        },
        st.sampled_from(_VOCAB["anchors"]),
        st.sampled_from(["days", "business_days"]),
        st.lists(st.integers(0, 15), min_size=3, max_size=3),
    ),
)
_RULE = st.fixed_dictionaries(
    {
        "action": st.sampled_from(_VOCAB["actions"]),
        "when": _WHEN,
        "timing": _TIMING,
        "channels": st.sampled_from([[], ["email"], ["phone"], ["email", "phone"], ["phone", "email", "letter"]]),
        "overrides": st.lists(st.integers(0, 7), max_size=2, unique=True),
        "template": st.none(),
    }
)


def _rule_set(entries: list) -> dict:
    ids = [f"r{i}" for i in range(len(entries))]
    return {
        rid: e | {"overrides": [ids[o] for o in e["overrides"] if o < len(ids) and ids[o] != rid]}
        for rid, e in zip(ids, entries)
    }


made_up_rules = st.lists(_RULE, min_size=1, max_size=8).map(_rule_set)


@pytest.mark.node
def test_javascript_and_python_agree_on_made_up_rule_sets():
    base = real_data() | {"countries": real_data()["countries"][:2]}
    cases = _collect(st.tuples(made_up_rules, scenarios(base)), MADE_UP)
    datas = [base | {"rules": rules} for rules, _ in cases]
    raws = [raw for _, raw in cases]
    js = node_call("plan.js", "plan", [[d, r] for d, r in zip(datas, raws)], tz="Pacific/Auckland")
    bad = list(_mismatches(datas, raws, js))
    assert not bad, f"{len(bad)} of {len(raws)} differ; first: {bad[0]}"


# -- properties of every plan from the real rules --------------------------------------------------------------
def _grace() -> tuple[int, str]:
    """The rules' grace period after the promised date: the earliest a follow-up counted from it may go."""
    timed = [
        r.timing
        for r in real_guide().rules.values()
        if r.action == "follow-up" and r.timing and r.timing.anchor == "promised_date"
    ]
    first = min(timed, key=lambda t: t.earliest)
    return first.earliest, first.unit


def _spacing(facts) -> dict[str, tuple[int, str]]:
    """Per action, the least gap after the last contact that the applicable rules allow."""
    from generator.calculator.plan import applies

    out = {}
    for r in real_guide().rules.values():
        if (
            r.action
            and r.timing
            and r.timing.anchor == "last_contact"
            and applies({k: list(v) for k, v in r.when.items()}, facts)
        ):
            out[r.action] = max(out.get(r.action, (0, "days")), (r.timing.earliest, r.timing.unit))
    return out


@settings(QUIET, max_examples=1000)
@given(scenarios(real_data()))
def test_plans_keep_the_guides_promises(raw):
    from generator.calculator.checks import plan_problems
    from generator.calculator.plan import situation

    data = real_data()
    result = plan(data, raw)
    if "errors" in result:
        assert set(result["errors"]) <= {
            "interview",
            "promised",
            "offer_deadline",
            "country",
            "today",
            "they_said",
            "thank_you_sent",
            "followed_up",
            "called",
        }
        assert all(result["errors"].values())
        return
    inputs, _ = read_inputs(data, raw)
    steps = result["steps"]
    assert plan_problems(data, raw, result) == [], raw  # the same promises `generator check` sweeps
    days = [parse_day(s["date"]) for s in steps]
    cal = calendar_for(data, inputs.country)
    today = parse_day(raw["today"])
    assert days == sorted(days), "steps in date order"
    planned = [(s, d) for s, d in zip(steps, days) if s["status"] == "planned"]
    assert all(d >= today for _, d in planned), "nothing still to do is dated in the past"
    assert [s["date"] for s in steps if s["status"] == "done"] == sorted(
        [raw["thank_you_sent"]] * bool(raw["thank_you_sent"])
        + [e.split(":")[0] for e in raw["followed_up"] + raw["called"]]
    )
    for s, d in zip(steps, days):
        if s["status"] == "done":
            continue
        assert parse_day(s["earliest"]) <= d <= parse_day(s["latest"]), s
        assert s["rule"] in real_guide().rules and real_guide().rules[s["rule"]].action == s["action"], s
        if s["status"] == "missed":
            assert parse_day(s["latest"]) < today and s["instead"] in {p["rule"] for p, _ in planned} | {None}
            continue
        assert weekday(d) not in cal.weekend and d not in cal.holidays, f"{s} falls on a weekend or holiday"
        if s["template"]:
            assert s["rule"] in real_guide().templates[s["template"]].serves
    if inputs.promised is not None:
        amount, unit = _grace()
        threshold = cal.shift(inputs.promised, amount, unit, 1)
        if inputs.offer_deadline is None or inputs.offer_deadline >= threshold:
            for s, d in planned:
                if s["action"] in CHASING and s["rule"] != "follow-up-when-no-date-given":
                    assert d >= threshold, f"{s['action']} on {s['date']} before {iso(threshold)}"
    spacing = _spacing(situation(inputs))
    last_contact = None
    for s, d in zip(steps, days):
        if s["status"] == "missed":
            continue
        if s["status"] == "planned" and s["channel"] and s["action"] in spacing and last_contact is not None:
            amount, unit = spacing[s["action"]]
            assert d >= cal.shift(last_contact, amount, unit, 1), (
                f"{s} too soon after the contact on {iso(last_contact)}"
            )
        if s["channel"]:
            last_contact = d
    if inputs.they_said == "will-call" or any(s["action"] == "move-on" for s in steps):
        assert steps[-1]["action"] == "move-on" or steps[-1]["status"] != "planned"


def test_the_plans_next_step_is_next_step_of_its_situation():
    """The trees' answers and the plan come from one function: the plan's first step still to do is
    next_step's answer for the reader's situation, past the steps the plan shows as missed."""
    from generator.calculator.plan import Planner, next_step

    data = real_data()
    raws = _collect(scenarios(data), 300)
    for raw in raws:
        inputs, errors = read_inputs(data, raw)
        if errors:
            continue
        result = plan(data, raw)
        if "errors" in result:
            continue
        planner = Planner(data, inputs)
        passed = frozenset(
            s["rule"] for s in result["steps"] if s["status"] == "missed" and s["action"] != data["late_action"]
        )
        n = next_step(data, planner.facts, sum(c.channel == "phone" for c in inputs.history), passed)
        first = next(((s["action"], s["channel"]) for s in result["steps"] if s["status"] == "planned"), None)
        assert ((n.action, n.channel) if n else None) == first, raw
