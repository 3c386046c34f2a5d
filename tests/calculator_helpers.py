"""Shared by the timeline tests: the calculator's data, scenario strategies, and a way to call the
site's JavaScript modules in node (many calls per process, so thousands of scenarios stay fast)."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from generator.calculator.data import calculator_data

from .conftest import real_guide

NODE = shutil.which("node") or "/usr/bin/node"
CALL = Path(__file__).resolve().parent / "js" / "call.mjs"
TODAY = datetime.date.today()
BAD_DATES = [
    "2026-02-30",
    "2025-02-29",
    "1900-02-29",
    "2026-13-01",
    "2026-00-10",
    "2026-04-31",
    "0000-01-01",
    "2026-2-3",
    "26-02-03",
    "2026/02/03",
    " 2026-02-03",
    "2026-02-03 ",
    "2026-02-03T00:00",
    "２０２６-02-03",
    "2026-02-3x",
    "abcd-ef-gh",
    "+2026-02-03",
]


def node_call(module: str, fn: str, calls: list, prefix: tuple = (), tz: str | None = None) -> list:
    """``fn(*prefix, *args)`` from site-templates/assets/<module> for each args list in ``calls``."""
    env = dict(os.environ, TZ=tz) if tz else None
    result = subprocess.run(
        [NODE, str(CALL)],
        input=json.dumps({"module": module, "fn": fn, "prefix": list(prefix), "calls": calls}),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@lru_cache(maxsize=1)
def real_data() -> dict:
    """The data the site embeds, built today with the default countries."""
    from generator.calculator.public_holidays import DEFAULT_COUNTRIES

    return calculator_data(real_guide(), DEFAULT_COUNTRIES, TODAY)


def day(offset: int, base: datetime.date = TODAY) -> str:
    return (base + datetime.timedelta(days=offset)).isoformat()


@st.composite
def scenarios(draw, data: dict) -> dict:
    """A reader's raw inputs: mostly sensible dates around a ``today`` inside the holiday range,
    sometimes malformed, impossible, too far away or in the wrong order."""
    today = draw(st.integers(-200, 400))
    interview = today + draw(st.integers(-90, 40))

    def date(offsets) -> str:
        if draw(st.integers(0, 14)) == 14:  # hypothesis leans to small numbers: make the odd case the big one
            return draw(st.sampled_from(BAD_DATES + [day(today + 400), day(today - 380)]))
        return day(draw(offsets))

    def optional(offsets) -> str:
        return "" if draw(st.booleans()) else date(offsets)

    thank_you = draw(st.integers(-2, 4))  # days after the interview; negative: not sent

    def history(entries: int, channels) -> list[str]:
        late = draw(st.integers(0, 9)) == 9  # now and then a day after today: an error to report
        upper = today + 2 if late else today
        if interview > upper:
            return []  # nothing can have happened since an interview still ahead
        out = []
        for _ in range(draw(st.integers(0, entries))):
            text = date(st.integers(interview, upper))
            channel = draw(st.sampled_from(channels))
            out.append(text + (f":{channel}" if channel else ""))
        return out

    return {
        "today": day(today),
        "interview": "" if draw(st.integers(0, 40)) == 40 else date(st.just(interview)),
        "promised": optional(st.integers(interview - 3, interview + 40)),
        "offer_deadline": optional(st.integers(today - 3, today + 40)),
        "country": draw(st.sampled_from([""] * 3 + [c["code"] for c in data["countries"]] + ["ZZ"])),
        "recruiter": draw(st.booleans()),
        # before the interview they can have said nothing yet; now and then a reader says otherwise
        "they_said": draw(st.sampled_from(data["they_said"] + ["nothing"] * 3))
        if interview <= today or draw(st.integers(0, 9)) == 9
        else "nothing",
        "thank_you_sent": day(interview + thank_you) if thank_you >= 0 and interview + thank_you <= today else "",
        "followed_up": history(2, ["", "email", "phone", "letter"]),
        "called": history(1, [""]),
    }


def rule(
    action: str,
    anchor: str | None = None,
    unit: str = "days",
    window=(0, 0, 0),
    when=None,
    channel="email",
    overrides=(),
) -> dict:
    """A rule entry as calculator-data.json holds it, for made-up rule sets."""
    timing = (
        None if anchor is None else dict(zip(("earliest", "recommended", "latest"), window), anchor=anchor, unit=unit)
    )
    return {
        "action": action,
        "when": when or {},
        "timing": timing,
        "channels": [channel] if channel else [],
        "overrides": list(overrides),
        "title": action,
        "summary": action,
        "url": "topics/x/",
        "template": None,
        "template_title": None,
        "template_url": None,
    }


def synthetic(rules: dict, around: datetime.date = TODAY, countries=("US",)) -> dict:
    """The real data's vocabularies and messages with made-up rules, holidays built ``around`` a date."""
    return calculator_data(real_guide(), countries, around) | {"rules": rules}
