"""The site map: every page the guide generates, with its source path (``src_uri``), title, Jinja
template and place in the navigation. The nav, the views and the calculator's links read it; no
other module spells out a generated page's path or title. Pure data: no Jinja here."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache

from generator.core.models import Guide, Rule, Topic
from generator.site.escape import theme_text


@dataclass(frozen=True)
class SitePage:
    src_uri: str  # e.g. "topics/thank-you.md"
    title: str
    template: str  # in site-templates/pages/
    section: str | None = None  # the nav section it is listed under, None for the top level
    nav_title: str | None = None  # a shorter label in the nav than the page's own title

    @property
    def label(self) -> str:
        return self.nav_title or self.title


HOME = SitePage("index.md", "I just had an interview: what now?", "home.md.j2", nav_title="Home")
TEMPLATES = SitePage("templates.md", "Message templates", "templates.md.j2")
CALCULATOR = SitePage("calculator.md", "Your follow-up dates", "calculator.md.j2")
RULES_INDEX = SitePage("rules.md", "All rules, A to Z", "rules-index.md.j2")
DISAGREEMENTS = SitePage("disagreements.md", "Where the sources disagree", "disagreements.md.j2")
SOURCES = SitePage("sources.md", "Sources", "sources.md.j2")
DIFFERENCES = SitePage("differences.md", "How this edition differs", "center.md.j2")  # a center's edition only
TOPICS_SECTION = "Topics"
TREES_SECTION = "Decision trees"


def topic_page(topic: Topic) -> SitePage:
    return SitePage(f"topics/{topic.id}.md", topic.title, "topic.md.j2", TOPICS_SECTION)


def tree_page(tree) -> SitePage:
    return SitePage(f"trees/{tree.id}.md", tree.title, "tree.md.j2", TREES_SECTION)


def tree_order(guide: Guide) -> list:
    """Trees in the order pages, the nav and the home page list them: by title."""
    return sorted(guide.trees.values(), key=lambda t: t.title.lower())


def rule_location(rule: Rule) -> tuple[str, str]:
    """Where a rule is shown: its topic page's src_uri and the anchor on it."""
    return f"topics/{rule.topic}.md", rule.id


def site_map(guide: Guide) -> list[SitePage]:
    """Every generated page, in nav order."""
    return [
        HOME,
        *(topic_page(t) for t in guide.topics),
        *(tree_page(t) for t in tree_order(guide)),
        *([TEMPLATES] if guide.templates else []),
        CALCULATOR,
        RULES_INDEX,
        DISAGREEMENTS,
        SOURCES,
        *([DIFFERENCES] if guide.center else []),
    ]


def nav(pages: list[SitePage], hand_written: list[tuple[str, str]]) -> list:
    """MkDocs' nav: the site map's pages, sections grouped where their first page stands, then the
    hand-written pages (title, src_uri). Titles are escaped (theme_text): the theme prints them raw."""
    out: list = []
    sections: dict[str, list] = {}
    for page in pages:
        entry = {theme_text(page.label): page.src_uri}
        if page.section is None:
            out.append(entry)
        elif page.section in sections:
            sections[page.section].append(entry)
        else:
            sections[page.section] = [entry]
            out.append({theme_text(page.section): sections[page.section]})
    return out + [{theme_text(title): uri} for title, uri in hand_written]


def page_url(src_uri: str, directory_urls: bool) -> str:
    """The URL (relative to the site root) MkDocs gives a page."""
    stem = src_uri[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


@lru_cache(maxsize=None)  # pure, and asked the same question thousands of times on big guides
def relative_url(from_src: str, to_url: str, directory_urls: bool) -> str:
    here = page_url(from_src, directory_urls)
    # A page's folder; "" (the site's root) for a top-level page such as "calculator.html", never "/",
    # or relpath would measure from the build's working directory.
    base = here if here.endswith("/") or here == "" else posixpath.dirname(here)
    path, _, frag = to_url.partition("#")
    rel = posixpath.relpath(path or ".", base or ".")
    if (path.endswith("/") or not path) and not rel.endswith("/"):  # a folder's URL; "" is the site's root
        rel += "/"
    if rel == "./":
        rel = ""
    return rel + (f"#{frag}" if frag else "") or "./"
