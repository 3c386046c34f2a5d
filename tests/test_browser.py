"""The guide in Chromium, on a phone and a desktop viewport, as a reader uses it."""

from __future__ import annotations

import re

import pytest

from .conftest import real_guide, search_result_links

pytestmark = pytest.mark.browser


def test_home_page_renders_without_errors_or_outside_requests(watched, site_url):
    page = watched.page
    page.goto(site_url)
    assert "I just had an interview" in page.locator("h1").first.inner_text()
    assert page.locator(".fug-steps > li").count() >= 3
    # nothing wider than the screen on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert watched.errors == [] and watched.outside == []


def _search_cases():
    """A distinctive phrase from a few rules' bodies (first, middle, last by id)."""
    guide = real_guide()
    ids = sorted(guide.rules)
    cases = []
    for rid in (ids[0], ids[len(ids) // 2], ids[-1]):
        words = [w for w in re.findall(r"[A-Za-z]{6,}", guide.rules[rid].body)]
        cases.append((rid, guide.rules[rid].topic, " ".join(words[:2])))
    return cases


@pytest.mark.parametrize("rule_id, topic, phrase", _search_cases())
def test_search_finds_a_rule_by_words_in_its_body(rule_id, topic, phrase, browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url)

    def wanted(h):
        return f"#{rule_id}" in h or f"topics/{topic}/" in h

    hrefs = search_result_links(page, phrase, wanted)
    assert any(h and wanted(h) for h in hrefs), (phrase, hrefs)
    context.close()


@pytest.mark.parametrize("path", ["topics/timing/", "disagreements/", "sources/", "rules/", "about/"])
def test_pages_render_on_phone_and_desktop(path, watched, site_url):
    watched.page.goto(site_url + path)
    assert watched.page.locator("h1").count() == 1
    assert watched.page.evaluate("document.documentElement.scrollWidth") <= watched.page.viewport_size["width"]
    assert watched.errors == [] and watched.outside == []


def test_a_rules_text_reads_as_prose_not_as_a_message_box(watched, site_url):
    # .fug-body is a rule's text and also a message preview: only the preview gets the code-like box
    page = watched.page
    page.goto(site_url + "topics/thank-you/")
    style = "el => { const s = getComputedStyle(el); return [s.borderTopStyle, s.paddingLeft]; }"
    assert page.locator(".fug-rule .fug-body").first.evaluate(style) == ["none", "0px"]
    assert page.locator(".fug-message .fug-body").first.evaluate(style) != ["none", "0px"]
