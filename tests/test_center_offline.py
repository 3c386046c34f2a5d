"""The example center's offline build opened from file:// in Chromium, as a reader with a USB stick
would: search finds the center's local rule, a decision tree can be clicked through, and the
calculator computes a plan with the center's overridden window; no request leaves the machine."""

from __future__ import annotations

import datetime

import pytest

from .conftest import PageWatch, search_result_links


@pytest.fixture()
def reader(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    watch = PageWatch(context, allowed=("file:",))
    yield watch
    context.close()
    assert watch.outside == [], watch.outside
    assert watch.errors == [], watch.errors


def test_search_works_from_file(reader, center_site, riverside):
    rid = riverside.center.added["rules"][0]
    page = reader.page
    page.goto((center_site / "index.html").as_uri())
    phrase = riverside.rules[rid].title.split()[0] + " " + riverside.rules[rid].title.split()[-1]
    hrefs = search_result_links(page, phrase, lambda h: h.endswith(f"#{rid}"))
    assert any(h and h.endswith(f"#{rid}") for h in hrefs), hrefs


def test_tree_can_be_clicked_from_file(reader, center_site, riverside):
    tree = riverside.trees["how-can-the-careers-service-help"]
    question = tree.questions[tree.start]
    option = question.options[-1]
    page = reader.page
    page.goto((center_site / f"trees/{tree.id}.html").as_uri())
    page.get_by_role("button", name=option.label, exact=True).click()
    shown = page.locator(f"#node-{option.next} .fug-tree-heading")
    shown.wait_for(state="visible")
    assert shown.inner_text() == tree.outcomes[option.next].answer
    assert page.url.endswith(f"?a={option.index}")


def test_calculator_plans_with_the_override_from_file(reader, center_site, riverside):
    rule = riverside.rules["follow-up-when-no-date-given"]
    page = reader.page
    page.goto((center_site / "calculator.html").as_uri())
    today = datetime.date.today()
    friday = today + datetime.timedelta(days=(4 - today.weekday()) % 7)  # still ahead, so nothing is missed
    page.fill("#fug-calc-interview", friday.isoformat())
    page.get_by_role("button", name="Show my dates").click()
    step = page.locator(f'.fug-plan-steps li[data-rule="{rule.id}"]')
    step.wait_for()
    # 10 days (the center's override, not the guide's 7) after a Friday is a Monday.
    monday = friday + datetime.timedelta(days=10)
    assert rule.timing.recommended == 10 and f"{monday:%b} {monday.day}, {monday.year}" in step.inner_text()
