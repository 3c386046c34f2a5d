"""Rule text to safe HTML.

Rule text is Markdown written by contributors (and by career centers), so it is treated as
untrusted: raw HTML is shown as text (not passed through), links keep only http(s)/mailto or
in-guide targets, and no attribute-list syntax is enabled. The result is then cleaned by nh3 (an
allow-list HTML sanitizer) as a second line of defence.
"""

from __future__ import annotations

import re
from typing import Callable

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from generator.site.escape import URL_SCHEMES, html_text, md_text  # noqa: F401 (the text helpers live in escape)

ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "code", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


class _LinkRewriter(Treeprocessor):
    resolve: Callable[[str], str | None] = staticmethod(lambda _id: None)

    def run(self, root):
        for a in root.iter("a"):
            href = a.get("href", "")
            if href.startswith("#"):
                target = self.resolve(href[1:])
                if target is None:
                    a.attrib.pop("href")
                else:
                    a.set("href", target)


def _converter() -> tuple[markdown.Markdown, _LinkRewriter]:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")  # raw HTML blocks become escaped text
    md.inlinePatterns.deregister("html")  # as do inline tags
    links = _LinkRewriter(md)
    md.treeprocessors.register(links, "fug_links", 1)
    return md, links


# Building a Markdown instance costs more than converting a paragraph: build one and reset it.
_MD, _LINKS = _converter()


def to_html(text: str, resolve_anchor: Callable[[str], str | None] = lambda _id: None, inline: bool = False) -> str:
    """Markdown -> sanitized HTML. ``resolve_anchor`` maps '#rule-id' links to URLs."""
    _LINKS.resolve = resolve_anchor
    converted = _MD.reset().convert(text)
    if inline:
        converted = re.sub(r"^<p>(.*)</p>$", r"\1", converted.strip(), flags=re.S)
    return nh3.clean(
        converted,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
