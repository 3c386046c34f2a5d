"""Message templates in Chromium, as a reader uses them: fill the fields, copy, open in an email
app, remember and forget; typed markup stays text, nothing leaves the browser, and the text is
still there without JavaScript. The expected text always comes from generator.templates.model.fill."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from generator.templates.model import examples, fill

from .conftest import accessibility_violations, instant_navigation_ready, real_guide

pytestmark = pytest.mark.browser

TEMPLATE_IDS = sorted(real_guide().templates)
DESKTOP = {"width": 1280, "height": 800}
INJECTION = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def clip_context(browser, site_url):
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    yield context
    context.close()


def watched_page(context):
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    return page


@pytest.fixture()
def page(clip_context):
    page = watched_page(clip_context)
    yield page
    page.close()


@pytest.fixture(scope="module")
def templates_page(clip_context, site_url):
    """One Templates page for the tests that each work in their own template's block."""
    page = watched_page(clip_context)
    page.goto(site_url + "templates/")
    yield page
    page.close()


def open_template(page, site_url: str, template_id: str):
    page.goto(f"{site_url}templates/#template-{template_id}")
    return ready_block(page, template_id)


def ready_block(page, template_id: str):
    block = page.locator(f'.fug-message[data-fug-message="{template_id}"]').first
    block.and_(page.locator("[data-fug-ready]")).wait_for()
    return block


def field(block, f):
    """The text box a reader finds by its label."""
    return block.get_by_role("textbox", name=re.compile("^" + re.escape(f.label) + r" \((required|optional)\)$"))


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def copy(block, which: str = "body"):
    block.locator(f'[data-copy="{which}"]').click()


def status(block):
    return block.locator(".fug-status")


def mailto_parts(block) -> tuple[str, str]:
    href = block.locator("[data-mailto]").get_attribute("href")
    url = urlparse(href)
    assert url.scheme == "mailto" and url.path == ""
    query = parse_qs(url.query, keep_blank_values=True, strict_parsing=True)
    return query["subject"][0], query["body"][0]


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_filled_template_copies_and_mails_exactly_what_fill_gives(template_id, templates_page, guide):
    page = templates_page
    t = guide.templates[template_id]
    # the last option of each alternative, so choosing is exercised too
    choices = {name: len(a.options) - 1 for name, a in t.alternatives.items()}
    block = ready_block(page, template_id)
    for name, i in choices.items():
        block.locator(f'input[data-alt="{name}"][value="{i}"]').check()
    for f in t.fields.values():
        box = field(block, f)
        if box.is_visible():  # a field only an unchosen option uses is set aside
            box.fill(f.example)
    expected = fill(t, examples(t), choices)

    page.evaluate("navigator.clipboard.writeText('')")
    copy(block)
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    assert clipboard(page) == expected.text
    assert status(block).inner_text().startswith("Copied")
    assert block.locator(".fug-unfilled:visible").count() == 0
    if t.channel == "email":
        copy(block, "subject")
        page.wait_for_function("s => navigator.clipboard.readText().then(t => t === s)", arg=expected.subject)
        subject, body = mailto_parts(block)
        assert subject == expected.subject
        assert body == expected.text.replace("\n", "\r\n")  # line breaks kept, as CRLF
    else:
        assert block.locator("[data-mailto], [data-copy=subject]").count() == 0
    assert page.dialogs == []


def test_copying_with_required_fields_empty_warns_first(page, site_url, guide):
    t = guide.templates["thank-you-email"]
    block = open_template(page, site_url, t.id)
    field(block, t.fields["interviewer_name"]).fill("Ms Rivera")
    page.evaluate("navigator.clipboard.writeText('untouched')")
    copy(block)
    warning = status(block)
    assert warning.inner_text().startswith(
        "Still empty: Job title, One thing from the interview that stood out, Your name."
    )
    assert "fug-warning" in warning.get_attribute("class")
    assert warning.get_attribute("role") == "status"  # announced by screen readers
    assert clipboard(page) == "untouched"
    # the unfilled parts are highlighted in the preview
    assert block.locator(".fug-body .fug-unfilled:visible").all_inner_texts() == [
        "[Job title]",
        "[One thing from the interview that stood out]",
        "[Your name]",
    ]
    copy(block)  # pressing again copies what the preview shows, gaps and all
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t !== 'untouched')")
    assert clipboard(page) == fill(t, {"interviewer_name": "Ms Rivera"}).text
    block.locator("[data-mailto]").click()  # the email link warns first too, and stays on the page
    assert status(block).inner_text().startswith("Still empty:")
    assert page.url.startswith(site_url)


def test_typed_markup_stays_text(page, site_url, guide):
    t = guide.templates["thank-you-email"]
    block = open_template(page, site_url, t.id)
    values = dict(examples(t), interviewer_name=INJECTION)
    for name, f in t.fields.items():
        if field(block, f).is_visible():
            field(block, f).fill(values[name])
    assert INJECTION in block.locator(".fug-body").inner_text()
    assert page.locator("img[src=x], .fug-message img").count() == 0
    copy(block)
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    assert clipboard(page) == fill(t, values).text
    assert INJECTION in mailto_parts(block)[1]
    assert page.dialogs == []


def test_what_the_reader_types_never_leaves_the_browser(browser, site_url, guide):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sent = []
    page.on("request", lambda r: sent.append(f"{r.url} {r.post_data or ''}"))
    t = guide.templates["follow-up-no-date"]
    block = open_template(page, site_url, t.id)
    page.get_by_label("Remember what I type").check()
    for name, f in t.fields.items():
        field(block, f).fill(f"secret-{name}")
    copy(block)
    block.locator("[data-mailto]").click()  # handed to the email app, which the reader asked for
    network = [r for r in sent if not r.startswith("mailto:")]
    assert [r for r in network if "secret-" in r] == []
    assert all(r.startswith(site_url) for r in network)
    context.close()


def test_remembered_details_survive_a_page_change_and_forget_clears_them(browser, configured_origin, guide):
    context = browser.new_context(viewport=DESKTOP)
    site_url = configured_origin(context)
    page = context.new_page()
    t = guide.templates["thank-you-email"]
    block = open_template(page, site_url, t.id)
    instant_navigation_ready(page)
    page.evaluate("window.fugSameDocument = true")  # gone if the page really reloads
    remember = page.get_by_label("Remember what I type")
    remember.check()
    field(block, t.fields["your_name"]).fill("Sam Remembered")
    assert "Sam Remembered" in page.evaluate("localStorage.getItem('fug-message-details')")

    # instant navigation to the rule the template serves, where the template is shown again
    block.locator('.fug-message-fact a[href$="#send-thank-you-promptly"]').first.click()  # by id, not title
    page.wait_for_url(re.compile(r"/topics/thank-you/"))
    assert page.evaluate("window.fugSameDocument") is True
    shown = page.locator("details#template-thank-you-email")
    shown.locator("summary").click()
    again = shown.locator(".fug-message")
    again.and_(page.locator("[data-fug-ready]")).wait_for()
    assert field(again, t.fields["your_name"]).input_value() == "Sam Remembered"
    assert "Sam Remembered" in again.locator(".fug-body").inner_text()
    assert shown.get_by_label("Remember what I type").is_checked()

    shown.get_by_role("button", name="Forget my details").click()
    assert field(again, t.fields["your_name"]).input_value() == ""
    assert page.evaluate("localStorage.getItem('fug-message-details')") is None
    assert [box.is_checked() for box in page.get_by_label("Remember what I type").all()] == [False] * page.locator(
        ".fug-message-details"
    ).count()  # every block on the page has its own switch
    assert shown.locator(".fug-remember-status").inner_text().startswith("Forgotten")

    page.locator(".md-nav__link", has_text="Message templates").first.click()
    page.wait_for_url(re.compile(r"/templates/"))
    block = page.locator('.fug-message[data-fug-message="thank-you-email"][data-fug-ready]')
    block.wait_for()
    assert page.evaluate("window.fugSameDocument") is True
    assert field(block, t.fields["your_name"]).input_value() == ""
    context.close()


def test_without_javascript_each_template_is_a_plain_code_block(browser, site_url, guide):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "templates/")
    for template_id, t in sorted(guide.templates.items()):
        block = page.locator(f'.fug-message[data-fug-message="{template_id}"]')
        codes = block.locator(".fug-fallback pre > code")
        expected = fill(t, {})
        texts = [expected.subject, expected.text] if t.subject is not None else [expected.text]
        assert codes.all_text_contents() == texts, template_id
        assert codes.last.is_visible() and not block.locator(".fug-message-form").is_visible(), template_id
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}, DESKTOP], ids=["phone", "desktop"])
def test_the_page_does_not_jump_when_the_templates_come_to_life(browser, site_url, guide, viewport):
    context = browser.new_context(viewport=viewport)
    context.add_init_script("""window.fugShifts = [];
        new PerformanceObserver((list) => fugShifts.push(...list.getEntries().map((e) => e.value)))
          .observe({ type: "layout-shift", buffered: true });""")
    page = context.new_page()
    page.goto(site_url + "templates/")
    page.locator(".fug-message[data-fug-ready]").nth(len(guide.templates) - 1).wait_for()
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.evaluate("fugShifts") == []
    assert page.locator(".fug-fallback").first.is_hidden()
    context.close()


def test_where_inline_scripts_are_forbidden_the_templates_still_come_to_life(browser, site_url):
    # An intranet whose Content-Security-Policy allows only the site's own script files.
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.route(
        site_url + "templates/",
        lambda route: route.fulfill(response=route.fetch(), headers={"Content-Security-Policy": "script-src 'self'"}),
    )
    page.goto(site_url + "templates/")
    block = page.locator('.fug-message[data-fug-message="thank-you-card"][data-fug-ready]')
    block.wait_for()
    assert block.locator(".fug-message-form").is_visible() and block.locator(".fug-fallback").is_hidden()
    context.close()


def test_without_our_script_materials_copy_button_serves_the_code_block(browser, site_url):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.route("**/assets/templates.js", lambda route: route.abort())
    page.goto(site_url + "templates/#template-thank-you-card")
    fallback = page.locator('.fug-message[data-fug-message="thank-you-card"] .fug-fallback')
    fallback.locator("button[data-md-type=copy]").first.wait_for()
    assert fallback.is_visible()
    context.close()


def test_copy_falls_back_when_the_clipboard_api_refuses(browser, site_url, guide):
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    context.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('refused'))")
    page = context.new_page()
    t = guide.templates["thank-you-card"]
    block = open_template(page, site_url, t.id)
    for f in t.fields.values():
        field(block, f).fill(f.example)
    copy(block)
    status(block).filter(has_text="Copied").wait_for()
    assert clipboard(page) == fill(t).text
    assert page.evaluate("document.activeElement.dataset.copy") == "body"  # focus back on the button
    context.close()


def test_templates_page_works_on_phone_and_desktop(watched, site_url, guide):
    page = watched.page
    page.goto(site_url + "templates/")
    ready = page.locator(".fug-message[data-fug-ready]")
    ready.first.wait_for()
    assert ready.count() == len(guide.templates)
    assert page.locator(".fug-remember").count() == 1 and page.locator(".fug-remember").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert watched.errors == [] and watched.outside == []


@pytest.mark.parametrize("path", ["templates/", "topics/thank-you/"])
def test_no_accessibility_violations(path, browser, site_url):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(site_url + path)
    page.locator(".fug-message[data-fug-ready]").first.wait_for(state="attached")
    page.evaluate("document.querySelectorAll('details.fug-message-details').forEach(d => d.open = true)")
    assert accessibility_violations(page, [".fug-message", ".fug-remember"]) == []
    context.close()
