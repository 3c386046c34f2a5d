"""Accessibility of the whole site in Chromium: axe-core finds no WCAG 2.1 A/AA violation (of any
impact) on any page type, in the light and the dark palette, nor in the states a reader's clicks
create, nor on a career center's edition; and a keyboard alone walks a tree, copies a message and
gets a plan."""

from __future__ import annotations

import pytest

from generator.trees.model import paths

from .calculator_helpers import day
from .conftest import accessibility_violations
from .test_templates_browser import field

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "",
    "topic": "topics/timing/",
    "tree": "trees/should-i-follow-up-now/",
    "templates": "templates/",
    "calculator": "calculator/",
    "sources": "sources/",
    "disagreements": "disagreements/",
    "a-z": "rules/",
    "about": "about/",
}
SCHEMES = ["light", "dark"]


@pytest.fixture(scope="module", params=SCHEMES)
def scheme_page(request, browser, site_url):
    """One page per palette; Material picks its palette from the media query on each load."""
    context = browser.new_context(color_scheme=request.param, viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_every_page_type_has_no_wcag_violation(kind, scheme_page, site_url):
    scheme_page.goto(site_url + PAGE_TYPES[kind])
    assert accessibility_violations(scheme_page) == []


# The example center's edition, as built for file://: its own colours, logo, contact block,
# overridden advice, local tree and list of differences must keep the guide's accessibility.
CENTER_PAGES = [
    "index.html",
    "topics/timing.html",
    "topics/with-us.html",
    "differences.html",
    "trees/how-can-the-careers-service-help.html",
    "templates.html",
    "calculator.html",
]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_centers_pages_have_no_wcag_violation(scheme, browser, center_site):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    found = {}
    for name in CENTER_PAGES:
        page.goto((center_site / name).as_uri())
        found[name] = accessibility_violations(page)
    context.close()
    assert found == {name: [] for name in CENTER_PAGES}


def _longest_walk(guide, tree_id):
    return max(paths(guide.trees[tree_id]), key=lambda p: len(p.steps))


def test_a_tree_midway_and_at_an_outcome(scheme_page, site_url, guide):
    walk = _longest_walk(guide, "should-i-follow-up-now")
    page = scheme_page
    page.goto(f"{site_url}trees/should-i-follow-up-now/")
    page.locator(".fug-tree-node:not([hidden]) button.fug-tree-option").nth(walk.steps[0].option.index).click()
    page.mouse.move(0, 0)
    assert accessibility_violations(page) == []  # mid-way: the second question, with "change"
    page.goto(f"{site_url}trees/should-i-follow-up-now/?a={'.'.join(map(str, walk.answers))}")
    page.locator(".fug-tree-node:not([hidden]) .fug-tree-heading").wait_for()
    assert accessibility_violations(page) == []


def test_a_filled_template(scheme_page, site_url, guide):
    t = guide.templates["thank-you-email"]
    page = scheme_page
    page.goto(f"{site_url}templates/#template-{t.id}")
    block = page.locator(f'.fug-message[data-fug-message="{t.id}"][data-fug-ready]').first
    for f in t.fields.values():
        box = field(block, f)
        if box.is_visible():  # a field only an unchosen option uses is set aside
            box.fill(f.example)
    block.locator('[data-copy="body"]').click()
    block.locator(".fug-status").filter(has_text="Copied").wait_for()
    page.mouse.move(0, 0)
    assert accessibility_violations(page) == []


def test_a_computed_plan_and_an_error_message(scheme_page, site_url):
    page = scheme_page
    page.goto(site_url + f"calculator/#interview={day(-2)}&promised={day(1)}&offer_deadline={day(5)}")
    page.locator(".fug-plan:not([hidden])").wait_for()
    assert accessibility_violations(page) == []
    page.goto("about:blank")  # a month on, with what has happened open: steps done and missed
    page.goto(site_url + f"calculator/#interview={day(-30)}&thank_you_sent={day(-30)}&they_said=still-interviewing")
    page.locator('.fug-plan-step[data-status="missed"]').first.wait_for()
    assert accessibility_violations(page) == []
    page.goto("about:blank")
    page.goto(site_url + f"calculator/#interview=2026-02-30&promised={day(1)}")
    page.locator("#fug-calc-interview-error").wait_for()
    assert accessibility_violations(page) == []


# -- keyboard only ---------------------------------------------------------------------------------


def tab_to(page, predicate: str, limit: int = 200) -> None:
    """Press Tab until the focused element satisfies ``predicate`` (a JS expression on `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def test_keyboard_walks_a_tree_to_an_outcome(browser, site_url, guide):
    walk = _longest_walk(guide, "should-i-follow-up-now")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}trees/should-i-follow-up-now/")
    for step in walk.steps:
        tab_to(
            page,
            "el.matches('.fug-tree-node:not([hidden]) button.fug-tree-option') && "
            "[...el.closest('.fug-tree-node').querySelectorAll('button.fug-tree-option')].indexOf(el) === "
            f"{step.option.index}",
        )
        page.keyboard.press("Enter")
        # focus goes to the new step's heading, so the next Tab starts there
        page.wait_for_function("document.activeElement.matches('.fug-tree-node:not([hidden]) .fug-tree-heading')")
    assert page.url.endswith("?a=" + ".".join(map(str, walk.answers)))
    assert page.locator(".fug-tree-node:not([hidden]) .fug-tree-why").count() == 1  # the outcome, with its rules
    context.close()


def test_keyboard_fills_and_copies_a_message(browser, site_url, guide):
    t = guide.templates["thank-you-email"]
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    page.goto(f"{site_url}templates/#template-{t.id}")
    page.locator(f'.fug-message[data-fug-message="{t.id}"][data-fug-ready]').first.wait_for()
    block = f'el.closest(".fug-message[data-fug-message=\\"{t.id}\\"]")'
    visible = page.locator(f'.fug-message[data-fug-message="{t.id}"]').first
    for f in t.fields.values():
        if not field(visible, f).is_visible():
            continue  # only an option not chosen uses it
        tab_to(page, f"{block} && el.labels && [...el.labels].some(l => l.textContent.includes({f.label!r}))")
        page.keyboard.type(f.example)
    tab_to(page, f"{block} && el.matches('[data-copy=\"body\"]')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    from generator.templates.model import examples, fill

    assert page.evaluate("navigator.clipboard.readText()") == fill(t, examples(t)).text
    context.close()


def test_keyboard_gets_a_plan(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}calculator/")
    tab_to(page, "el.matches('.fug-calc:not(.fug-calc--compact) input[name=interview]')")
    page.keyboard.type(day(-3))
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.matches('.fug-plan-title')")  # focus moves to the plan
    assert page.locator(".fug-plan-step").count() > 0
    context.close()
