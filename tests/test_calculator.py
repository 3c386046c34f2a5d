"""The calculator's date core, data and CLI. Every date case runs in Python and in the
site's JavaScript (node), in several time zones, and must give the same answer in each."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from generator.calculator.data import ACTION_WORDS, DATA_FILE, calculator_data
from generator.calculator.plan import InputProblem, iso, parse_day, plan, weekday
from generator.calculator.public_holidays import DEFAULT_COUNTRIES
from generator.core import schema
from generator.core.wording import CHANNEL_WORDS

from .calculator_helpers import BAD_DATES, TODAY, node_call, real_data, rule, synthetic
from .conftest import ROOT, mkdocs_build, real_guide, run_generator

TIME_ZONES = ["UTC", "America/New_York", "Pacific/Auckland", "Asia/Kolkata"]
GOOD_DATES = [
    "2026-11-20",
    "2024-02-29",
    "2000-02-29",
    "2026-12-31",
    "2027-01-01",
    "2100-02-28",
    "0001-01-01",
    "9999-12-31",
    "1970-01-01",
    "1969-12-31",
]


def py_parse(text):
    try:
        return parse_day(text)
    except InputProblem as p:
        return {"thrown": p.key}


def both(data: dict, *raws: dict, tz: str | None = None) -> list[dict]:
    """plan() in Python and in JavaScript; they must agree."""
    js = node_call("plan.js", "plan", [[r] for r in raws], prefix=(data,), tz=tz)
    py = [plan(data, r) for r in raws]
    assert js == py
    return py


@pytest.mark.node
@pytest.mark.parametrize("tz", TIME_ZONES)
def test_strict_parsing_is_the_same_in_both_runtimes(tz):
    js = node_call("plan.js", "parseDay", [[t] for t in GOOD_DATES + BAD_DATES], tz=tz)
    assert dict(zip(GOOD_DATES + BAD_DATES, js)) == {t: py_parse(t) for t in GOOD_DATES + BAD_DATES}
    assert all(isinstance(py_parse(t), int) for t in GOOD_DATES)
    assert py_parse("2026-02-30") == {"thrown": "impossible"}  # never rolled over to 2 March
    assert py_parse("2026-2-3") == {"thrown": "format"}


def _days_to_check() -> list[int]:
    days = []
    for year in (1999, 2000, 2023, 2024, 2025, 2026, 2027, 2028, 2100):
        start = parse_day(f"{year}-02-26")
        days += range(start, start + 6)  # through 29 February where there is one
        end = parse_day(f"{year}-12-29")
        days += range(end, end + 6)  # across the year end
    for dst in ("2026-03-08", "2026-11-01", "2026-04-05", "2026-09-27", "2026-03-29", "2026-10-25"):
        days += range(parse_day(dst) - 2, parse_day(dst) + 3)  # US, NZ and EU clock changes
    return days


@pytest.mark.node
@pytest.mark.parametrize("tz", TIME_ZONES)
def test_day_numbers_and_weekdays_ignore_time_zones_and_clock_changes(tz):
    days = _days_to_check()
    assert node_call("plan.js", "iso", [[d] for d in days], tz=tz) == [iso(d) for d in days]
    assert node_call("plan.js", "weekday", [[d] for d in days], tz=tz) == [weekday(d) for d in days]
    assert [datetime.date.fromisoformat(iso(d)).weekday() for d in days] == [weekday(d) for d in days]
    assert iso(parse_day("2028-02-28") + 1) == "2028-02-29" and iso(parse_day("2100-02-28") + 1) == "2100-03-01"


# Made-up rules pin down the arithmetic; holidays are the real US ones for the year in question.
ONE_BUSINESS_DAY = {"r": rule("follow-up", "interview", "business_days", (1, 1, 1))}
A_WEEK = {"r": rule("follow-up", "interview", "days", (7, 7, 7))}


@pytest.mark.parametrize(
    "data_rules, around, raw, expected",
    [
        # 31 Dec 2026 is a Thursday and 1 Jan 2027 a US holiday: the next business day is Monday 4 Jan.
        (ONE_BUSINESS_DAY, datetime.date(2027, 1, 1), {"interview": "2026-12-31", "country": "US"}, "2027-01-04"),
        (ONE_BUSINESS_DAY, datetime.date(2027, 1, 1), {"interview": "2026-12-31"}, "2027-01-01"),
        # A calendar week from Saturday 22 May 2027 is a Saturday; Monday 31 May is Memorial Day.
        (A_WEEK, datetime.date(2027, 5, 1), {"interview": "2027-05-22", "country": "US"}, "2027-06-01"),
        (A_WEEK, datetime.date(2027, 5, 1), {"interview": "2027-05-22"}, "2027-05-31"),
        # 31 May 2027 is also the spring bank holiday in GB
        (A_WEEK, datetime.date(2027, 5, 1), {"interview": "2027-05-22", "country": "GB"}, "2027-06-01"),
        # Leap day: a week after 22 February 2028 is 29 February (a Tuesday).
        (A_WEEK, datetime.date(2028, 2, 1), {"interview": "2028-02-22"}, "2028-02-29"),
        (ONE_BUSINESS_DAY, datetime.date(2028, 2, 1), {"interview": "2028-02-28"}, "2028-02-29"),
    ],
)
@pytest.mark.node
@pytest.mark.parametrize("tz", ["America/New_York", "Pacific/Auckland"])
def test_business_days_skip_weekends_and_the_chosen_countrys_holidays(data_rules, around, raw, expected, tz):
    data = synthetic(data_rules, around, countries=("US", "GB"))
    (result,) = both(data, {"today": around.isoformat(), **raw}, tz=tz)
    assert [s["date"] for s in result["steps"]] == [expected]


@pytest.mark.node
def test_offer_deadline_windows_count_back_from_the_deadline():
    data = synthetic(
        {"r": rule("competing-offer-note", "offer_deadline", "business_days", (1, 2, 3))}, datetime.date(2026, 12, 1)
    )
    # Back from Monday 28 Dec 2026: Sunday, Saturday and Christmas Day (US) are skipped.
    (result,) = both(
        data, {"today": "2026-12-01", "interview": "2026-12-01", "offer_deadline": "2026-12-28", "country": "US"}
    )
    assert result["steps"][0] | {"rule": "r"} == {
        "action": "competing-offer-note",
        "date": "2026-12-23",
        "earliest": "2026-12-22",
        "latest": "2026-12-24",
        "rule": "r",
        "template": None,
        "channel": "email",
        "status": "planned",
        "also": [],
        "instead": None,
    }


@pytest.mark.node
def test_dates_beyond_the_embedded_holidays_are_refused_for_that_country():
    data = synthetic(A_WEEK, TODAY)
    far = data["holiday_range"]["to"]
    results = both(data, {"today": far, "interview": far, "country": "US"}, {"today": far, "interview": far})
    assert results[0] == {
        "errors": {
            "country": f"Public holidays for United States are known only from "
            f"{data['holiday_range']['from']} to {far}; choose dates in that "
            "range, or no country."
        }
    }
    assert "steps" in results[1]  # without a country only weekends count, and those need no table


@pytest.mark.parametrize(
    "raw, errors",
    [
        ({"interview": ""}, {"interview": "Enter the date of your interview."}),
        ({"interview": "2026-02-30"}, {"interview": "There is no such date as 2026-02-30."}),
        ({"interview": "20-11-2026"}, {"interview": "Write the date as YYYY-MM-DD (year, month, day)."}),
        ({"interview": "2027-11-25"}, {"interview": "Choose a date within a year of today (2026-11-23)."}),
        ({"interview": "2027-11-24"}, None),  # a year and a day: still within the allowance
        (
            {"interview": "2026-11-20", "promised": "2026-11-19"},
            {"promised": "The date they promised must be on or after your interview (2026-11-20)."},
        ),
        (
            {"interview": "2026-11-20", "offer_deadline": "2026-11-22"},
            {"offer_deadline": "That deadline has passed; enter it only while the offer is still open."},
        ),
        (
            {"interview": "2026-11-20", "country": "XX"},
            {"country": f"Choose one of the countries offered ({', '.join(DEFAULT_COUNTRIES)}), or none."},
        ),
        (
            {"interview": "2026-02-30", "promised": "nope", "country": "XX"},
            {
                "interview": "There is no such date as 2026-02-30.",
                "promised": "Write the date as YYYY-MM-DD (year, month, day).",
                "country": f"Choose one of the countries offered ({', '.join(DEFAULT_COUNTRIES)}), or none.",
            },
        ),
    ],
)
@pytest.mark.node
def test_bad_input_gives_one_message_per_field_in_both_runtimes(raw, errors):
    (result,) = both(real_data(), {"today": "2026-11-23", **raw})
    assert result == {"errors": errors} if errors else "steps" in result


# -- the data the site embeds ---------------------------------------------------------------------------
def test_every_step_and_channel_has_words_and_every_action_rule_is_in_the_data():
    vocab = schema.common()["$defs"]
    assert set(ACTION_WORDS) == set(vocab["action"]["enum"])
    assert set(CHANNEL_WORDS) == set(vocab["channel"]["enum"])
    data = real_data()
    assert set(data["rules"]) == {r.id for r in real_guide().rules.values() if r.action}
    for rid, entry in data["rules"].items():
        assert "[[" not in entry["title"] + entry["summary"], rid  # timing words filled in
        if entry["template"]:
            assert rid in real_guide().templates[entry["template"]].serves, rid


def test_the_holiday_table_covers_last_year_to_two_years_ahead():
    data = real_data()
    assert data["holiday_range"] == {"from": f"{TODAY.year - 1}-01-01", "to": f"{TODAY.year + 2}-12-31"}
    assert [c["code"] for c in data["countries"]] == list(DEFAULT_COUNTRIES)
    for c in data["countries"]:
        years = {d[:4] for d in c["holidays"]}
        assert years == {str(y) for y in range(TODAY.year - 1, TODAY.year + 3)}, c["code"]


def test_embedded_holidays_cover_the_next_12_months(built_site):
    data = json.loads((built_site / DATA_FILE).read_text("utf-8"))
    start, end = (datetime.date.fromisoformat(data["holiday_range"][k]) for k in ("from", "to"))
    assert start <= TODAY and end >= TODAY + datetime.timedelta(days=366), data["holiday_range"]
    assert all(c["holidays"] for c in data["countries"])


PLUGIN_CONFIG = """\
site_name: Test guide
site_url: http://127.0.0.1:8000/
docs_dir: content
theme: {{name: material, font: false}}
plugins:
  - search
  - follow-up-guide:
      countries: {countries}
markdown_extensions: [attr_list, md_in_html, admonition, pymdownx.details, toc]
"""


@pytest.mark.build
def test_countries_come_from_the_site_configuration(rules_copy):
    project = rules_copy.parent
    (project / "content").mkdir()
    config = project / "mkdocs.yml"
    config.write_text(PLUGIN_CONFIG.format(countries="[]"), "utf-8")
    result = mkdocs_build(config, project / "site")
    assert result.returncode == 0, result.stderr
    data = json.loads((project / "site" / DATA_FILE).read_text("utf-8"))
    assert data["countries"] == []  # with none configured, only weekends are skipped
    page = (project / "site" / "calculator" / "index.html").read_text("utf-8")
    country = re.search(r'<select id="fug-calc-country".*?</select>', page, re.S).group(0)
    assert country.count("<option") == 1
    config.write_text(PLUGIN_CONFIG.format(countries="[IE, XQ]"), "utf-8")
    result = mkdocs_build(config, project / "site2")
    assert result.returncode != 0
    assert "countries: unknown country code(s) XQ" in result.stderr
    assert "Traceback" not in result.stderr


# -- the CLI -------------------------------------------------------------------------------------------------
def cli(*args):
    return run_generator("plan", *args)


@pytest.mark.build
def test_cli_json_is_the_documented_shape_and_the_reference_plan():
    today = TODAY.isoformat()
    interview = (TODAY - datetime.timedelta(days=3)).isoformat()
    promised = (TODAY + datetime.timedelta(days=4)).isoformat()
    result = cli("--interview", interview, "--promised", promised, "--country", "GB", "--today", today, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert list(out) == ["steps"] and out["steps"]
    for step in out["steps"]:
        assert list(step) == [
            "action",
            "date",
            "earliest",
            "latest",
            "rule",
            "template",
            "channel",
            "status",
            "also",
            "instead",
        ]
        for key in ("date", "earliest", "latest"):
            assert iso(parse_day(step[key])) == step[key]
    data = calculator_data(real_guide(), ["GB"], TODAY)
    assert out == plan(data, {"interview": interview, "promised": promised, "country": "GB", "today": today})


@pytest.mark.build
def test_cli_text_shows_each_step_with_its_weekday():
    result = cli("--interview", TODAY.isoformat(), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    steps = plan(real_data(), {"interview": TODAY.isoformat(), "today": TODAY.isoformat()})["steps"]
    lines = result.stdout.splitlines()
    assert len(lines) == len(steps)
    for line, step in zip(lines, steps):
        assert line.startswith(datetime.date.fromisoformat(step["date"]).strftime("%a ") + step["date"])
        assert f"rule {step['rule']}" in line


@pytest.mark.parametrize(
    "args, message",
    [
        (["--interview", "2026-02-30", "--today", "2026-11-23"], "--interview: There is no such date as 2026-02-30."),
        ([], "--interview: Enter the date of your interview."),
        (
            ["--interview", "2026-11-20", "--promised", "2026-11-01", "--country", "ZZ", "--today", "2026-11-23"],
            "--promised: The date they promised must be on or after your interview (2026-11-20).; "
            f"--country: Choose one of the countries offered ({', '.join(DEFAULT_COUNTRIES)}), or none.",
        ),
        (["--interview", "2026-11-20", "--today", "2026-11-31"], "--today: There is no such date as 2026-11-31."),
    ],
)
@pytest.mark.build
def test_cli_bad_input_exits_2_with_one_line(args, message):
    result = cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == message + "\n"


def test_the_calculators_javascript_stays_under_its_size_budget():
    from bench.calculator import BUDGET_BYTES, sizes

    total = sum(gz for _, gz in sizes(ROOT / "site-templates" / "assets").values())
    assert total < BUDGET_BYTES, f"{total} bytes gzipped; the budget is {BUDGET_BYTES}"


def test_every_rule_and_template_link_in_the_embedded_data_reaches_its_anchor(built_site):
    data = json.loads((built_site / DATA_FILE).read_text("utf-8"))
    links = [(rid, e["url"]) for rid, e in data["rules"].items()]
    links += [(rid, e["template_url"]) for rid, e in data["rules"].items() if e["template_url"]]
    for rid, url in links:
        path, anchor = url.split("#")
        page = (built_site / path / "index.html").read_text("utf-8")
        assert f'id="{anchor}"' in page, (rid, url)
