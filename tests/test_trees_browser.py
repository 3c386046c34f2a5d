"""Decision trees in Chromium, as a reader uses them: every outcome of every tree reached by clicking
the answers, Back and "change", a shared URL reloaded, one tree with JavaScript off, instant
navigation, and no serious accessibility violations. One browser context per module keeps it fast."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from generator.core.wording import fill_references
from generator.trees.model import paths

from .conftest import VIEWPORTS, PageWatch, accessibility_violations, instant_navigation_ready, real_guide

pytestmark = pytest.mark.browser

GUIDE = real_guide()
TREE_IDS = sorted(GUIDE.trees)


def text(value: str) -> str:
    """Tree text as the page shows it: [[rule-id:field]] filled in."""
    return fill_references(value, None, GUIDE.rules)


def walks(tree_id: str) -> list[tuple[list[str], str, str]]:
    """(labels to click, the ?a= value, the outcome's headline) for every path of a tree."""
    return [
        ([text(s.option.label) for s in p.steps], ".".join(map(str, p.answers)), text(p.outcome.answer))
        for p in paths(GUIDE.trees[tree_id])
    ]


@pytest.fixture(scope="module")
def reader(browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    watch = PageWatch(context)
    yield watch
    assert watch.errors == [] and watch.outside == []
    context.close()


def current(page):
    return page.locator(".fug-tree-node:not([hidden])")


def answer(page, label: str) -> None:
    current(page).get_by_role("button", name=label, exact=True).click()


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_clicking_the_answers_reaches_every_outcome(tree_id, reader, site_url):
    """Depth first, like a reader trying each answer and stepping back with the page's Back button."""
    page = reader.page
    tree = GUIDE.trees[tree_id]
    page.goto(f"{site_url}trees/{tree_id}/")
    expected = {answers: (labels, headline) for labels, answers, headline in walks(tree_id)}
    reached = []

    def visit(node_id: str, answers: list[int]) -> None:
        heading = current(page).locator(".fug-tree-heading")
        if node_id in tree.outcomes:
            labels, headline = expected[".".join(map(str, answers))]
            expect(heading).to_have_text(headline)
            expect(heading).to_be_focused()
            expect(page.locator(".fug-tree-status")).to_have_text(f"Our answer: {headline}")
            assert page.url.endswith(f"/trees/{tree_id}/?a={'.'.join(map(str, answers))}")
            expect(page.locator(".fug-tree-answers li strong")).to_have_text(labels)
            for rule_id in tree.outcomes[node_id].rules:  # why: each rule's summary, linked to the rule
                expect(current(page).locator(f'.fug-tree-why a[href*="#{rule_id}"]')).to_have_count(1)
            reached.append(".".join(map(str, answers)))
            return
        question = tree.questions[node_id]
        expect(heading).to_have_text(text(question.text))
        for option in question.options:
            answer(page, text(option.label))
            visit(option.next, answers + [option.index])
            page.locator(".fug-tree-back").click()

    visit(tree.start, [])
    assert sorted(reached) == sorted(expected)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


DEEP = max(walks("should-i-follow-up-now"), key=lambda w: len(w[0]))


def test_back_forward_and_change_follow_the_url(reader, site_url):
    page = reader.page
    labels, answers, headline = DEEP
    page.goto(f"{site_url}trees/should-i-follow-up-now/")
    for label in labels:
        answer(page, label)
    expect(current(page).locator(".fug-tree-heading")).to_have_text(headline)

    page.go_back(wait_until="commit")  # the browser's Back: the last question again, its answer undone
    assert page.url.endswith("?a=" + answers.rsplit(".", 1)[0])
    expect(current(page).get_by_role("button", name=labels[-1], exact=True)).to_have_count(1)
    expect(page.locator(".fug-tree-answers li")).to_have_count(len(labels) - 1)
    expect(current(page).locator(".fug-tree-heading")).to_be_focused()
    page.go_forward(wait_until="commit")
    expect(current(page).locator(".fug-tree-heading")).to_have_text(headline)

    page.locator(".fug-tree-change").nth(1).click()  # change the second answer
    assert page.url.endswith("?a=" + answers.split(".")[0])
    expect(page.locator(".fug-tree-answers li")).to_have_count(1)
    expect(current(page).locator(".fug-tree-heading")).to_be_focused()
    first_question = GUIDE.trees["should-i-follow-up-now"].questions[GUIDE.trees["should-i-follow-up-now"].start]
    second = GUIDE.trees["should-i-follow-up-now"].questions[first_question.options[int(answers[0])].next]
    expect(current(page).locator(".fug-tree-heading")).to_have_text(text(second.text))

    page.locator(".fug-tree-back").click()  # the page's own Back button
    expect(page.locator(".fug-tree-answers")).to_be_hidden()
    assert "?a=" not in page.url


def test_a_shared_link_opens_and_reloads_on_the_same_outcome(reader, site_url):
    page = reader.page
    labels, answers, headline = DEEP
    page.goto(f"{site_url}trees/should-i-follow-up-now/?a={answers}")
    expect(current(page).locator(".fug-tree-heading")).to_have_text(headline)
    page.reload()
    expect(current(page).locator(".fug-tree-heading")).to_have_text(headline)
    expect(page.locator(".fug-tree-answers li strong")).to_have_text(labels)
    page.goto(f"{site_url}trees/should-i-follow-up-now/?a=0.99.3")  # stale or mistyped: keep what is valid
    assert page.url.endswith("?a=0")
    expect(page.locator(".fug-tree-answers li")).to_have_count(1)


def test_the_overview_and_node_links_open_a_step_in_place(reader, site_url):
    page = reader.page
    tree = GUIDE.trees["should-i-follow-up-now"]
    labels, answers, headline = DEEP
    outcome_id = next(p.outcome.id for p in paths(tree) if ".".join(map(str, p.answers)) == answers)
    page.goto(f"{site_url}trees/should-i-follow-up-now/")
    page.locator(f'.fug-tree-diagram a[href*="#node-{outcome_id}"]').first.click()
    expect(current(page).locator(".fug-tree-heading")).to_have_text(headline)
    assert page.url.endswith(f"?a={answers}")  # the one path there (this outcome has one)
    page.goto(f"{site_url}trees/should-i-follow-up-now/#node-{outcome_id}")  # a link made without JavaScript
    expect(current(page).locator(".fug-tree-heading")).to_have_text(headline)
    assert page.url.endswith(f"?a={answers}")


def test_instant_navigation_sets_each_tree_up_once(reader, configured_origin):
    page = reader.page
    page.goto(configured_origin(page))
    instant_navigation_ready(page)
    page.evaluate("window.fugSameDocument = true")  # gone if a click really reloads the page
    tree = sorted(GUIDE.trees.values(), key=lambda t: t.title.lower())[0]
    labels, answers, headline = walks(tree.id)[0]
    page.locator(f'.fug-tree-links a[href$="trees/{tree.id}/"]').click()  # home -> tree, without a reload
    page.wait_for_url(f"**/trees/{tree.id}/")
    for label in labels:
        answer(page, label)
    current(page).locator(".fug-tree-why a").first.click()  # outcome -> rule on its topic page
    page.wait_for_url("**/topics/**")
    page.locator(".fug-tree-links a").first.click()  # topic page -> a tree
    page.wait_for_url("**/trees/**")
    expect(page.locator(".fug-tree--js .fug-tree-answers")).to_have_count(1)
    page.go_back(wait_until="commit")  # instant navigation: history steps load no new document
    page.wait_for_url("**/topics/**")
    page.go_back(wait_until="commit")  # back on the first tree's outcome, set up once
    page.wait_for_url(f"**/trees/{tree.id}/?a={answers}")
    expect(current(page).locator(".fug-tree-heading")).to_have_text(headline)
    expect(page.locator(".fug-tree-answers")).to_have_count(1)
    expect(page.locator("button.fug-tree-option")).to_have_count(sum(len(q.options) for q in tree.questions.values()))
    assert page.evaluate("window.fugSameDocument") is True


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_no_accessibility_violations(tree_id, scheme, reader, site_url):
    page = reader.page
    page.emulate_media(color_scheme=scheme)  # before loading: Material picks its palette on load
    labels, answers, _ = max(walks(tree_id), key=lambda w: len(w[0]))
    page.goto(f"{site_url}trees/{tree_id}/?a={answers}")
    step = [".fug-tree-node:not([hidden])", ".fug-tree-answers"]
    assert accessibility_violations(page, step + [".fug-tree-diagram", ".fug-intro"]) == []  # an outcome
    page.locator(".fug-tree-back").click()
    page.mouse.move(0, 0)  # not hovering the button: its hover colours are checked by the outcome's
    assert accessibility_violations(page, step, inject=False) == []  # the question before it
    page.emulate_media(color_scheme="light")


def test_a_tree_works_without_javascript(browser, site_url):
    """Every outcome of one tree by plain links and the browser's Back, then the deepest path of
    the biggest tree."""
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    visible = page.locator(".fug-tree-node:visible")
    tree = GUIDE.trees["how-should-i-contact-them"]
    page.goto(f"{site_url}trees/{tree.id}/")
    reached = []

    def visit(node_id: str) -> None:
        expect(visible).to_have_count(1)
        if node_id in tree.outcomes:
            expect(visible.locator(".fug-tree-heading")).to_have_text(text(tree.outcomes[node_id].answer))
            reached.append(node_id)
            return
        expect(visible.locator(".fug-tree-heading")).to_have_text(text(tree.questions[node_id].text))
        for option in tree.questions[node_id].options:
            visible.get_by_role("link", name=text(option.label), exact=True).click()
            assert page.url.endswith(f"#node-{option.next}")
            visit(option.next)
            page.go_back()

    visit(tree.start)
    assert sorted(reached) == sorted(tree.outcomes)
    labels, _, headline = DEEP
    page.goto(f"{site_url}trees/should-i-follow-up-now/")
    for label in labels:
        visible.get_by_role("link", name=label, exact=True).click()
    expect(visible.locator(".fug-tree-heading")).to_have_text(headline)
    context.close()
