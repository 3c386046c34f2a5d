"""The calendar export (assets/ics.js), run in node and read back with the `icalendar` package:
CRLF line ends, lines folded at 75 octets (never inside a character), TEXT escaped, one all-day
event per step with a reminder, and names with accents and emoji intact."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.calculator.data import ACTION_WORDS
from generator.calculator.plan import plan

from .calculator_helpers import TODAY, day, node_call, real_data

pytestmark = pytest.mark.node  # every test exports through assets/ics.js

BASE = "https://guide.example/"
NAMES = [
    "",
    "Café Zoë",
    "Crème brûlée & Søn 🎉",
    "株式会社テスト",
    "Semi; colon, comma \\ backslash",
    "👩‍💻" * 40,
    "é" * 100,
    "a" * 74 + "é" + "🎉" * 3,
]


def _plan(**raw) -> tuple[list, str]:
    raw = {"today": TODAY.isoformat(), "interview": day(-2), **raw}
    return plan(real_data(), raw)["steps"], raw["interview"]


def export(names, **raw) -> tuple[list, list[bytes]]:
    """One plan exported once per name (in a far-off time zone, which must not matter); returns the
    steps still to do, the ones that become events."""
    steps, interview = _plan(**raw)
    texts = node_call(
        "ics.js",
        "calendar",
        [[steps, real_data(), {"interview": interview, "name": n, "base": BASE}] for n in names],
        tz="Pacific/Auckland",
    )
    return [s for s in steps if s["status"] == "planned"], [t.encode("utf-8") for t in texts]


def test_steps_already_done_or_missed_are_not_put_in_the_calendar():
    steps, interview = _plan(interview=day(-30), thank_you_sent=day(-29), followed_up=[day(-20)])
    assert {s["status"] for s in steps} >= {"done", "planned"}
    (raw,) = node_call("ics.js", "calendar", [[steps, real_data(), {"interview": interview, "base": BASE}]])
    events = icalendar.Calendar.from_ical(raw.encode("utf-8")).walk("VEVENT")
    assert [e.decoded("DTSTART").isoformat() for e in events] == [s["date"] for s in steps if s["status"] == "planned"]
    assert all(e.decoded("DTSTART") >= TODAY for e in events)


def assert_well_formed(raw: bytes):
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "a bare line feed"
    for line in raw[:-2].split(b"\r\n"):
        assert len(line) <= 75, (len(line), line)
        line.decode("utf-8")  # folding never splits a character


def test_every_step_becomes_an_all_day_event_with_a_reminder_and_its_rule():
    steps, (raw,) = export(["Café Zoë 🎉"], promised=day(5), country="GB")
    assert_well_formed(raw)
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    events = cal.walk("VEVENT")
    assert len(events) == len(steps)
    data = real_data()
    uids = set()
    for event, step in zip(events, steps):
        start = datetime.date.fromisoformat(step["date"])
        assert event.decoded("DTSTART") == start and not isinstance(event.decoded("DTSTART"), datetime.datetime)
        assert event.decoded("DTEND") == start + datetime.timedelta(days=1)
        assert str(event["SUMMARY"]) == f"{ACTION_WORDS[step['action']]} – Café Zoë 🎉"
        rule = data["rules"][step["rule"]]
        description = str(event["DESCRIPTION"])
        assert rule["summary"] in description and BASE + rule["url"] in description
        assert str(event["URL"]) == BASE + rule["url"]
        stamp = event.decoded("DTSTAMP")
        assert stamp.tzinfo is not None and abs(stamp - datetime.datetime.now(datetime.UTC)).total_seconds() < 300
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == datetime.timedelta(hours=9)
        uids.add(str(event["UID"]))
    assert len(uids) == len(steps)


def test_names_with_accents_emoji_and_special_characters_survive_folding_and_escaping():
    steps, files = export(NAMES)
    for name, raw in zip(NAMES, files):
        assert_well_formed(raw)
        summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")]
        expected = [ACTION_WORDS[s["action"]] + (f" – {name}" if name else "") for s in steps]
        assert summaries == expected, name
    assert b"\r\n " in files[NAMES.index("é" * 100)]  # long lines are folded (assert_well_formed checks where)


def test_the_same_plan_and_name_keep_their_uids_and_another_interview_gets_new_ones():
    _, (a, b) = export(["Acme", "Acme"])
    _, (c,) = export(["Acme"], interview=day(-3))
    uid = lambda raw: [str(e["UID"]) for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")]  # noqa: E731
    assert uid(a) == uid(b)
    assert not set(uid(a)) & set(uid(c))


NAME_TEXT = st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), max_size=90).map(str.strip)


@settings(max_examples=1)
@given(st.lists(NAME_TEXT, min_size=150, max_size=150))
def test_any_printable_name_reads_back_exactly(names):
    steps, files = export(names)
    for name, raw in zip(names, files):
        assert_well_formed(raw)
        event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
        assert str(event["SUMMARY"]) == ACTION_WORDS[steps[0]["action"]] + (f" – {name}" if name else "")


def test_control_characters_are_dropped_from_text():
    steps, (raw,) = export(["Tab\there\x00 and\r\nnew line"])
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == ACTION_WORDS[steps[0]["action"]] + " – Tabhere and\nnew line"
