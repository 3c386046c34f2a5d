"""Every string from YAML leaves through one of these functions, chosen by where it lands.

One function per output context; nothing else in the generator escapes by hand:

- ``md_text``: text placed into a generated page's Markdown (also inside its HTML blocks and their
  double- or single-quoted attributes). The page renderer's Jinja ``finalize`` applies it to every
  ``{{ value }}``, so page text is inert unless a view hands over sanitized ``Markup``.
- ``html_text``: text in HTML outside Markdown (a text node or a quoted attribute value).
- ``theme_text``: a title or name handed to MkDocs (nav titles, ``site_name``). MkDocs' Jinja
  environment does not autoescape and Material prints these raw in some places and through ``|e``
  in others: a ``Markup`` of the escaped text is right in both (``|e`` leaves Markup alone).
- ``link_url``: a URL from data put into an ``href``: only the schemes in ``URL_SCHEMES``, returned
  attribute-escaped; anything else gives None (the schemas refuse it first: ``$defs/url``).
- ``css_colour``: a colour written into a stylesheet (#rrggbb only).
- ``json_text``: data serialized for the site's scripts, safe even inside an HTML ``<script>``.

Rule text that is Markdown goes through ``sanitize.to_html`` instead (Markdown -> allow-listed HTML).
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

from markupsafe import Markup, escape

URL_SCHEMES = {"http", "https", "mailto"}

# Characters that Markdown (and attr_list) would interpret in text we place into page Markdown, and
# the quotes that would end an attribute value.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|~<>&:\"']")
# Nothing a URL may hold: whitespace, double quotes, angle brackets, backslash, control and bidi characters.
_URL_FORBIDDEN = re.compile(r'[\s"<>\\`\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]')
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def md_text(text) -> str:
    """Plain text made inert for a Markdown context: every character Markdown, attr_list or HTML
    could act on (quotes included) written as a numeric entity."""
    return _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", str(text))


def html_text(text) -> str:
    return html.escape(str(text), quote=True)


def theme_text(text) -> Markup:
    return escape(str(text))


def link_url(url: str | None) -> Markup | None:
    """``url`` for an href if its scheme is allowed (http, https, mailto), attribute-escaped."""
    if not url or _URL_FORBIDDEN.search(url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in URL_SCHEMES:
        return None
    if parts.scheme.lower() in ("http", "https") and not parts.hostname:
        return None
    return Markup(html_text(url))


def css_colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise ValueError(f"not a #rrggbb colour: {value!r}")
    return value


def json_text(data) -> str:
    """Compact JSON with <, >, & and the JavaScript line separators as \\u escapes: no value can end
    a <script> element or start markup wherever the text ends up."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
