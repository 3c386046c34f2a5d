"""The built site: every rule reachable and searchable, rule text inert, nothing fetched from
other hosts, and builds that never leave a half-written site."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from .conftest import mkdocs_build, real_guide, run_generator

MINIMAL_CONFIG = """\
site_name: Test guide
site_url: http://127.0.0.1:8000/
docs_dir: content
theme: {name: material, font: false}
plugins: [search, follow-up-guide]
markdown_extensions: [attr_list, md_in_html, admonition, pymdownx.details, toc]
"""


class Elements(HTMLParser):
    """Collects (tag, attrs) of every element, and the text of the page."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> Elements:
    p = Elements()
    p.feed(path.read_text("utf-8"))
    return p


def html_pages(site: Path):
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("rule_id", sorted(real_guide().rules))
def test_rule_has_an_anchor_on_its_topic_page_and_is_searchable(rule_id, guide, built_site):
    rule = guide.rules[rule_id]
    page = built_site / "topics" / rule.topic / "index.html"
    ids = {a.get("id") for _, a in parse(page).elements}
    assert rule_id in ids
    index = _search_index(built_site)
    assert f"topics/{rule.topic}/#{rule_id}" in index


_INDEX = {}


def _search_index(site: Path) -> dict:
    if site not in _INDEX:
        docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
        _INDEX[site] = {d["location"]: d for d in docs}
    return _INDEX[site]


def test_every_page_loads_only_from_its_own_host(built_site):
    external = []
    for page in html_pages(built_site):
        for tag, attrs in parse(page).elements:
            for attr in ("src", "srcset", "data"):
                if attrs.get(attr) and urlparse(attrs[attr]).netloc:
                    external.append(f"{page.relative_to(built_site)}: <{tag} {attr}={attrs[attr]}>")
            if (
                tag == "link"
                and attrs.get("rel") in ("stylesheet", "preconnect", "preload", "modulepreload", "icon")
                and urlparse(attrs.get("href", "")).netloc
            ):
                external.append(f"{page.relative_to(built_site)}: <link href={attrs['href']}>")
    for asset in list(built_site.rglob("*.css")) + list(built_site.rglob("*.js")):
        text = asset.read_text("utf-8", errors="replace")
        if "fonts.googleapis.com" in text or "fonts.gstatic.com" in text:
            external.append(f"{asset.relative_to(built_site)} names Google Fonts")
    assert external == []


LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "form": "action"}


def test_internal_links_and_anchors_resolve(built_site):
    """Every link and resource reference in the built HTML (Markdown links and the raw HTML our
    templates write alike) reaches a file, and its #fragment an id in that file's HTML as built:
    an id that only JavaScript would create does not count. Links to the configured site_url are
    internal too."""
    from .conftest import CONFIGURED_URL

    broken = []
    checked: dict[str, int] = {}
    ids_cache: dict[Path, set] = {}

    def ids(path):
        if path not in ids_cache:
            ids_cache[path] = {a.get("id") for _, a in parse(path).elements if a.get("id")}
        return ids_cache[path]

    for page in html_pages(built_site):
        base = "/" + page.relative_to(built_site).as_posix()
        for tag, attrs in parse(page).elements:
            href = attrs.get(LINKING.get(tag, ""))
            if href and href.startswith(CONFIGURED_URL):
                href = "/" + href[len(CONFIGURED_URL) :]
            if not href or urlparse(href).scheme or href.startswith("//"):
                continue
            checked[base] = checked.get(base, 0) + 1
            target = urlparse(urljoin(base, href))
            path = built_site / target.path.lstrip("/")
            if path.is_dir() or target.path.endswith("/"):
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{base}: {href}")
            elif target.fragment and target.fragment not in ids(path):
                broken.append(f"{base}: {href} (no such anchor)")
    assert broken == []
    # every page was read, generated ones (trees, templates, calculator) included
    assert {p for p in checked} == {"/" + p.relative_to(built_site).as_posix() for p in html_pages(built_site)}
    generated = {"/trees/should-i-follow-up-now/index.html", "/templates/index.html", "/calculator/index.html"}
    assert generated <= set(checked)


def test_home_page_answers_what_now_in_steps(built_site, guide):
    text = " ".join(parse(built_site / "index.html").text)
    assert "I just had an interview" in text
    for action in ("thank-you", "follow-up"):
        rule = next(r for r in guide.rules.values() if r.action == action)
        assert rule.summary.split("[[")[0][:40] in text


def test_disagreements_page_shows_each_contested_question(built_site, guide):
    text = " ".join(parse(built_site / "disagreements" / "index.html").text)
    for rule in guide.rules.values():
        if rule.contested:
            assert rule.contested.question.split("[[")[0] in text
    assert "Sources differ:" in text


HOSTILE_RULE = """\
title: "Evil <script>alert(1)</script> {: onclick=alert(1) }"
summary: "Hi <img src=x onerror=alert(2)> [click](javascript:alert(3))."
body: |
  <script>alert(4)</script> [link](javascript:alert(5)) [ok](https://example.org)
  {: onclick=alert(6) }

  <div onclick="alert(7)">raw</div>
do: ["<b onmouseover=alert(8)>bold</b>"]
reviewed: "2026-01-05"
evidence:
  - source: tiny
    quote: Wait about a week before following up.
"""


@pytest.fixture()
def tiny_project(rules_copy) -> Path:
    project = rules_copy.parent
    (project / "content").mkdir()
    (project / "mkdocs.yml").write_text(MINIMAL_CONFIG, "utf-8")
    return project


@pytest.mark.build
def test_rule_text_comes_out_as_text(tiny_project):
    (tiny_project / "rules" / "timing" / "hostile.yml").write_text(HOSTILE_RULE, "utf-8")
    result = mkdocs_build(tiny_project / "mkdocs.yml", tiny_project / "site")
    assert result.returncode == 0, result.stderr
    page = tiny_project / "site" / "topics" / "timing" / "index.html"
    article = page.read_text("utf-8").split("<article", 1)[1].split("</article>", 1)[0]
    parsed = Elements()
    parsed.feed(article)
    assert [t for t, _ in parsed.elements if t in ("script", "img", "iframe", "object")] == []
    assert [(t, k) for t, a in parsed.elements for k in a if k.startswith("on")] == []
    assert [a["href"] for t, a in parsed.elements if t == "a" and "javascript" in a.get("href", "").lower()] == []
    text = "".join(parsed.text)
    assert "<script>alert(1)</script> {: onclick=alert(1) }" in text  # shown literally
    assert '<div onclick="alert(7)">raw</div>' in text


@pytest.mark.build
def test_a_failed_build_leaves_the_site_exactly_as_it_was(tiny_project):
    site = tiny_project / "site"
    site.mkdir()
    (site / "marker.html").write_text("old site", "utf-8")
    (site / ".follow-up-guide-site").write_text("", "utf-8")
    (tiny_project / "rules" / "timing" / "broken.yml").write_text("title: [\n", "utf-8")
    result = run_generator("build", "-f", "mkdocs.yml", "-d", "site", cwd=tiny_project)
    assert result.returncode == 2
    assert "rules/timing/broken.yml:2:1: YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in site.iterdir()) == [".follow-up-guide-site", "marker.html"]
    assert sorted(p.name for p in tiny_project.iterdir()) == [
        "content",
        "mkdocs.yml",
        "rules",
        "site",
        "source-text.txt",
    ]


@pytest.mark.build
def test_a_good_build_replaces_the_site(tiny_project):
    site = tiny_project / "site"
    site.mkdir()
    (site / "stale.html").write_text("old", "utf-8")
    (site / ".follow-up-guide-site").write_text("", "utf-8")  # a site an earlier build wrote
    result = run_generator("build", "-f", "mkdocs.yml", "-d", "site", cwd=tiny_project)
    assert result.returncode == 0, result.stderr
    assert not (site / "stale.html").exists() and (site / "index.html").exists()
    assert not [p for p in tiny_project.iterdir() if p.name.startswith(".site-")]


def test_no_page_offers_to_edit_a_rule_in_a_repository_nobody_configured(built_site):
    links = [
        (str(page.relative_to(built_site)), a.get("href"))
        for page in html_pages(built_site)
        for tag, a in parse(page).elements
        if tag == "a" and ("fug-edit" in (a.get("class") or "") or "/edit/" in (a.get("href") or ""))
    ]
    assert links == []


@pytest.mark.build
def test_a_configured_repository_gets_an_edit_link_on_each_rule(tiny_project):
    config = tiny_project / "mkdocs.yml"
    config.write_text(
        MINIMAL_CONFIG.replace(
            "plugins: [search, follow-up-guide]",
            "plugins: [search, {follow-up-guide: {edit_base: 'https://forge.example/guide/edit/main/'}}]",
        ),
        "utf-8",
    )
    result = mkdocs_build(config, tiny_project / "site")
    assert result.returncode == 0, result.stderr
    page = parse(tiny_project / "site" / "topics" / "timing" / "index.html")
    edits = [a["href"] for tag, a in page.elements if tag == "a" and "fug-edit" in (a.get("class") or "")]
    assert edits and all(h.startswith("https://forge.example/guide/edit/main/rules/timing/") for h in edits)
