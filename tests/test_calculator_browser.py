"""The calculator in Chromium as a reader uses it: fill the form, read the plan, export it, fix
mistakes the messages point to; on a phone and a desktop, with instant navigation."""

from __future__ import annotations

import datetime
import json

import icalendar
import pytest
from playwright.sync_api import expect

from generator.calculator.data import DATA_FILE
from generator.calculator.plan import plan

from .calculator_helpers import day
from .conftest import accessibility_violations, instant_navigation_ready

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_data(built_site) -> dict:
    return json.loads((built_site / DATA_FILE).read_text("utf-8"))


def expected(site_data, **raw) -> dict:
    """The Python reference plan for the page's inputs (the page uses the reader's local date)."""
    return plan(site_data, {"today": datetime.date.today().isoformat(), **raw})


def read_plan(page) -> list[dict]:
    page.locator(".fug-plan:not([hidden])").wait_for()
    return page.evaluate("""() => [...document.querySelectorAll('.fug-plan-step')].map(li => ({
        action: li.dataset.action, rule: li.dataset.rule, date: li.querySelector('time').dateTime,
        status: li.dataset.status, next: li.classList.contains('is-next')}))""")


def test_fill_the_form_and_read_your_plan(watched, site_url, site_data):
    page = watched.page
    page.goto(site_url + "calculator/")
    page.get_by_label("Date of your interview").fill(day(-3))
    page.get_by_label("Date they said you would hear by (optional)").fill(day(4))
    page.get_by_label("Public holidays to skip").select_option("GB")
    page.get_by_label("A recruiter arranged the interview").check()
    page.get_by_role("button", name="Show my dates").click()
    shown = read_plan(page)
    steps = expected(site_data, interview=day(-3), promised=day(4), country="GB", recruiter=True)["steps"]
    assert [(s["action"], s["rule"], s["date"]) for s in shown] == [(s["action"], s["rule"], s["date"]) for s in steps]
    assert [s["status"] for s in shown] == [s["status"] for s in steps]
    assert [s["next"] for s in shown].count(True) == 1
    assert shown[[s["status"] == "planned" for s in steps].index(True)]["next"]
    assert page.evaluate("document.activeElement.textContent") == "Your plan"
    assert page.locator(".fug-calc-status").inner_text().startswith(f"Your plan has {len(steps)} steps")
    assert page.locator(".fug-plan-axis-mark").count() == len(steps)
    assert f"interview={day(-3)}" in page.url and "recruiter=1" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert accessibility_violations(page, [".fug-calc"]) == []
    assert watched.errors == [] and watched.outside == []


def test_add_to_calendar_downloads_an_ics_file_with_every_step(browser, site_url, site_data):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(site_url + f"calculator/#interview={day(-1)}&they_said=still-interviewing")
    page.get_by_label("Job or employer, for your calendar (optional)").fill("Café Zoë 🎉")
    shown = expected(site_data, interview=day(-1), they_said="still-interviewing")["steps"]
    assert len(read_plan(page)) == len(shown)
    steps = [s for s in shown if s["status"] == "planned"]  # what is done or missed needs no reminder
    with page.expect_download() as info:
        page.get_by_role("button", name="Add to calendar (.ics)").click()
    download = info.value
    assert download.suggested_filename == f"follow-up-plan-{day(-1)}.ics"
    raw = open(download.path(), "rb").read()
    assert b"\n" not in raw.replace(b"\r\n", b"")
    events = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert [e.decoded("DTSTART").isoformat() for e in events] == [s["date"] for s in steps]
    assert all(str(e["SUMMARY"]).endswith(" – Café Zoë 🎉") for e in events)
    assert all(site_url + site_data["rules"][s["rule"]]["url"] in str(e["DESCRIPTION"]) for e, s in zip(events, steps))
    context.close()


def test_copy_plan_as_text_and_print_layout(browser, site_url, site_data):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    page.goto(site_url + f"calculator/#interview={day(0)}&promised={day(2)}")
    steps = expected(site_data, interview=day(0), promised=day(2))["steps"]
    read_plan(page)
    page.get_by_role("button", name="Copy plan as text").click()
    page.get_by_text("Plan copied").wait_for()
    text = page.evaluate("navigator.clipboard.readText()")
    for s in steps:
        assert s["status"] == "planned"  # the interview is today: nothing is done or missed yet
        assert site_url + site_data["rules"][s["rule"]]["url"] in text
        assert site_data["rules"][s["rule"]]["summary"] in text
    page.emulate_media(media="print")
    assert not page.locator(".fug-calc-form").is_visible()
    assert not page.get_by_role("button", name="Print").is_visible()
    assert page.locator(".fug-plan-step").first.is_visible()
    context.close()


def test_what_has_happened_shows_steps_done_and_missed_and_what_to_do_instead(watched, site_url, site_data):
    page = watched.page
    page.goto(site_url + "calculator/")
    history = page.locator(".fug-calc-history")
    assert not history.evaluate("d => d.open")  # folded away until the reader asks for it
    page.get_by_label("Date of your interview").fill(day(-30))
    page.get_by_text("What has happened since the interview?").click()
    page.get_by_label("Day you sent your thank-you").fill(day(-29))
    page.get_by_label("What did they say last?").select_option(label="Nothing yet")
    page.get_by_role("button", name="Show my dates").click()
    raw = {"interview": day(-30), "thank_you_sent": day(-29)}
    steps = expected(site_data, **raw)["steps"]
    shown = read_plan(page)

    def key(s):
        return s["action"], s["date"], s["status"]

    assert [key(s) for s in shown] == [key(s) for s in steps]
    assert {"done", "missed", "planned"} <= {s["status"] for s in shown}
    done = page.locator('.fug-plan-step[data-status="done"]')
    expect(done.first.locator(".fug-plan-badge")).to_have_text("Done")
    missed = [s for s in steps if s["status"] == "missed"]
    for step, item in zip(missed, page.locator('.fug-plan-step[data-status="missed"]').all()):
        expect(item.locator(".fug-plan-badge")).to_have_text("Missed")
        instead = site_data["words"]["actions"][site_data["rules"][step["instead"]]["action"]].lower()
        expect(item.locator(".fug-plan-instead")).to_contain_text(f"Instead: {instead}")
    first_to_do = next(s for s in steps if s["status"] == "planned")
    assert [s for s in shown if s["next"]] == [
        s for s in shown if (s["action"], s["date"]) == (first_to_do["action"], first_to_do["date"])
    ][:1]
    assert f"thank_you_sent={day(-29)}" in page.url
    assert accessibility_violations(page, [".fug-calc"]) == []
    # "We'll call you": nothing more to chase, whatever the dates
    page.get_by_label("What did they say last?").select_option(label=site_data["they_said_words"]["will-call"])
    page.get_by_role("button", name="Show my dates").click()
    steps = expected(site_data, **raw, they_said="will-call")["steps"]
    expect(page.locator(".fug-plan-step")).to_have_count(len(steps))
    assert [s["action"] for s in read_plan(page) if s["status"] == "planned"] == ["move-on"]
    # a bookmark with a mistake in the folded fields opens them to show the message
    page.goto("about:blank")
    page.goto(site_url + f"calculator/#interview={day(-3)}&called={day(2)}")
    error = page.locator("#fug-calc-called-error")
    expect(error).to_have_text(expected(site_data, interview=day(-3), called=day(2))["errors"]["called"])
    assert history.evaluate("d => d.open") and error.is_visible()
    assert watched.errors == [] and watched.outside == []


def test_mistakes_get_a_message_next_to_the_field_and_no_plan(watched, site_url, site_data):
    page = watched.page
    page.goto(site_url + "calculator/")
    interview = page.get_by_label("Date of your interview")
    promised = page.get_by_label("Date they said you would hear by (optional)")
    offer = page.get_by_label("Deadline of another written offer (optional)")
    interview.fill("2026-02-30")
    promised.fill("tomorrow")
    offer.fill(day(400))
    interview.press("Enter")
    raw = {"interview": "2026-02-30", "promised": "tomorrow", "offer_deadline": day(400)}
    errors = expected(site_data, **raw)["errors"]
    assert set(errors) == {"interview", "promised", "offer_deadline"}
    # Enter may come before the calculator's data has arrived: the page answers once it has.
    for name, field in (("interview", interview), ("promised", promised), ("offer_deadline", offer)):
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#fug-calc-{name}-error")).to_be_visible()
        expect(page.locator(f"#fug-calc-{name}-error")).to_have_text(errors[name])
        assert f"fug-calc-{name}-error" in field.get_attribute("aria-describedby").split()
    expect(interview).to_be_focused()
    assert page.locator(".fug-plan").is_hidden()
    assert accessibility_violations(page, [".fug-calc"]) == []
    # a promised date before the interview, then everything put right
    interview.fill(day(-2))
    promised.fill(day(-5))
    offer.fill("")
    page.get_by_role("button", name="Show my dates").click()
    expect(page.locator("#fug-calc-promised-error")).to_have_text(
        expected(site_data, interview=day(-2), promised=day(-5))["errors"]["promised"]
    )
    expect(interview).not_to_have_attribute("aria-invalid", "true")
    promised.fill(day(3))
    page.get_by_role("button", name="Show my dates").click()
    assert len(read_plan(page)) == len(expected(site_data, interview=day(-2), promised=day(3))["steps"])
    assert promised.get_attribute("aria-invalid") is None and page.locator("#fug-calc-promised-error").is_hidden()
    # an unknown country can only arrive in a bookmarked address
    page.goto("about:blank")
    page.goto(site_url + f"calculator/#interview={day(-2)}&country=XX")
    page.locator("#fug-calc-country-error").wait_for()
    assert page.locator("#fug-calc-country").get_attribute("aria-invalid") == "true"
    assert watched.errors == [] and watched.outside == []


def test_compact_form_on_the_timing_page_works_with_instant_navigation(watched, configured_origin, site_data):
    page = watched.page
    page.goto(configured_origin(page))
    instant_navigation_ready(page)
    page.evaluate("window.fugSameDocument = true")  # gone if a click really reloads the page
    page.evaluate("document.querySelector('a[href$=\"topics/timing/\"]').click()")  # Material's instant navigation
    page.wait_for_url("**/topics/timing/")
    form = page.locator(".fug-calc--compact")
    form.and_(page.locator('[data-fug-ready="ready"]')).wait_for()  # else Enter sends the form the old way
    form.get_by_label("Date of your interview").fill(day(-1))
    form.get_by_label("Date of your interview").press("Enter")
    steps = expected(site_data, interview=day(-1))["steps"]
    assert [s["date"] for s in read_plan(page)] == [s["date"] for s in steps]
    page.locator(".fug-calc-more").click()
    page.wait_for_url("**/calculator/**")
    assert [s["date"] for s in read_plan(page)] == [s["date"] for s in steps]
    assert page.get_by_label("Date of your interview").input_value() == day(-1)
    page.go_back()
    page.wait_for_url("**/topics/timing/**")
    page.go_forward()
    page.wait_for_url("**/calculator/**")
    page.get_by_role("button", name="Show my dates").click()
    assert page.locator("[data-fug-calculator]").count() == 1
    assert page.locator(".fug-plan-step").count() == len(steps)  # one listener per form, however often we arrive
    assert page.evaluate("window.fugSameDocument") is True
    assert watched.errors == [] and watched.outside == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_plan_and_messages_have_no_accessibility_violations(scheme, browser, site_url):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + f"calculator/#interview={day(-2)}&promised={day(1)}&offer_deadline={day(5)}")
    read_plan(page)
    assert accessibility_violations(page, [".fug-calc"]) == []
    page.goto("about:blank")
    page.goto(site_url + f"calculator/#interview=2026-02-30&promised={day(1)}")
    page.locator("#fug-calc-interview-error").wait_for()
    assert accessibility_violations(page, [".fug-calc"]) == []
    context.close()


def test_a_date_asked_for_before_the_data_arrives_is_answered_when_it_does(browser, site_url, site_data):
    context = browser.new_context()
    page = context.new_page()
    held = []
    page.route("**/" + DATA_FILE, lambda route: held.append(route))  # hold the calculator's data back
    page.goto(site_url + "calculator/")
    page.get_by_label("Date of your interview").fill(day(-1))
    page.get_by_role("button", name="Show my dates").click()
    assert page.url == site_url + "calculator/"  # no reload, no plan yet
    assert page.locator(".fug-plan").is_hidden()
    held[0].continue_()
    assert len(read_plan(page)) == len(expected(site_data, interview=day(-1))["steps"])
    context.close()


def test_a_form_sent_before_the_script_runs_goes_nowhere(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.route("**/assets/calculator.js", lambda route: route.abort())  # as on a very slow phone
    sent = []
    page.on("request", lambda request: sent.append(request.url))
    page.goto(site_url + "calculator/")
    page.evaluate("window.fugSameDocument = true")
    page.get_by_label("Date of your interview").fill(day(-1))
    page.get_by_label("Job or employer, for your calendar (optional)").fill("Acme")
    page.get_by_label("Date of your interview").press("Enter")
    page.get_by_role("button", name="Show my dates").click()
    assert page.evaluate("window.fugSameDocument") is True and page.url == site_url + "calculator/"
    assert not [url for url in sent if day(-1) in url or "Acme" in url]  # inputs never leave the browser
    context.close()


def test_opening_another_bookmarked_plan_on_the_page_shows_that_plan(browser, site_url, site_data):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + f"calculator/#interview={day(-3)}&promised={day(2)}")
    assert len(read_plan(page)) == len(expected(site_data, interview=day(-3), promised=day(2))["steps"])
    page.evaluate("window.fugSameDocument = true")
    page.evaluate(f"location.hash = 'interview={day(-10)}&recruiter=1'")  # as a link or the address bar would
    steps = expected(site_data, interview=day(-10), recruiter=True)["steps"]
    expect(page.locator(".fug-plan-step")).to_have_count(len(steps))
    assert [s["date"] for s in read_plan(page)] == [s["date"] for s in steps]
    assert page.get_by_label("Date they said you would hear by (optional)").input_value() == ""
    assert page.get_by_label("A recruiter arranged the interview").is_checked()
    assert page.evaluate("window.fugSameDocument") is True
    context.close()


def test_copy_on_a_page_without_the_clipboard_api_says_to_copy_by_hand(browser, site_url):
    # as on an intranet served over plain http, where browsers offer no navigator.clipboard
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined })")
    page = context.new_page()
    page.goto(site_url + f"calculator/#interview={day(-1)}")
    read_plan(page)
    page.get_by_role("button", name="Copy plan as text").click()
    expect(page.locator(".fug-calc-status")).to_have_text(
        "Your browser did not allow copying; select the plan and copy it instead."
    )
    context.close()
