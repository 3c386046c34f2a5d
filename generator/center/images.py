"""A center's logo and favicon are published as they are, so they must be pictures and nothing else.

Raster images (PNG, JPEG, WebP) are accepted when their first bytes say what their name says. SVG is
XML that a browser runs when it is opened directly, so an SVG passes only if it is simple vector art:
an allow-list of elements and attributes, no scripts, event handlers, foreignObject, DTD or
entities, and no reference outside the file (only ``#id`` links and ``url(#id)`` paints).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

RASTER = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",)}
MAX_BYTES = 500_000
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

ELEMENTS = {
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "symbol",
    "use",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "style",
}
ATTRIBUTES = {
    "id",
    "class",
    "style",
    "viewBox",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "d",
    "points",
    "transform",
    "version",
    "preserveAspectRatio",
    "role",
    "aria-label",
    "aria-hidden",
    "focusable",
    "fill",
    "fill-opacity",
    "fill-rule",
    "clip-rule",
    "clip-path",
    "mask",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "color",
    "display",
    "visibility",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "clipPathUnits",
    "maskUnits",
    "maskContentUnits",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "letter-spacing",
    "dx",
    "dy",
    "href",
    "type",
    "xml:space",
    "vector-effect",
    "paint-order",
}
# In attribute values and <style>: only links into the file itself; no @import, escapes or scripts.
_EXTERNAL = re.compile(r"url\s*\(\s*(?![\"']?#)|@import|\\|javascript:|expression\s*\(|behaviou?r\s*:", re.I)


def image_problem(path: Path) -> str | None:
    """Why ``path`` cannot be published as a center's logo or favicon, or None if it can."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as err:
        return f"cannot read it: {err.strerror}"
    if len(data) > MAX_BYTES:
        return f"larger than {MAX_BYTES // 1000} kB"
    if suffix == ".webp":
        return (
            None
            if data[:4] == b"RIFF" and data[8:12] == b"WEBP"
            else "is not a WebP image (its first bytes say otherwise)"
        )
    if suffix in RASTER:
        ok = any(data.startswith(magic) for magic in RASTER[suffix])
        return None if ok else f"is not a {suffix[1:].upper()} image (its first bytes say otherwise)"
    if suffix == ".svg":
        return svg_problem(data)
    return "must be an .svg, .png, .jpg or .webp file"


class _Refused(Exception):
    pass


def svg_problem(data: bytes) -> str | None:
    """The first thing in an SVG document outside the allow-list, with its line, or None."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # refused before any parser could expand entities
        line = data[: data.find(b"<!")].count(b"\n") + 1
        return f"line {line}: a DOCTYPE or entity declaration is not allowed"
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[str] = []
    style: list[str] = []

    def refuse(message: str):
        raise _Refused(f"line {parser.CurrentLineNumber}: {message}")

    def start(name: str, attrs: dict) -> None:
        ns, _, local = name.rpartition(" ")
        if local not in ELEMENTS:
            refuse(
                f"<{local}> is not allowed (only simple vector art: paths, shapes, text and gradients; "
                "export it as plain SVG)"
            )
        if ns != SVG_NS:
            refuse(f'<{local}> is not in the SVG namespace (the root needs xmlns="{SVG_NS}")')
        if not stack and local != "svg":
            refuse("the document must be an <svg> element")
        stack.append(local)
        for key, value in attrs.items():
            ans, _, attr = key.rpartition(" ")
            if ans == "http://www.w3.org/XML/1998/namespace":
                attr = f"xml:{attr}"
            elif ans and ans != XLINK_NS:
                refuse(f"attribute {attr}= from namespace {ans} is not allowed")
            if attr.lower().startswith("on"):
                refuse(f"event handler {attr}= is not allowed")
            if attr not in ATTRIBUTES or (ans == XLINK_NS and attr != "href"):
                refuse(f"attribute {attr}= on <{local}> is not allowed")
            if attr == "href" and not value.startswith("#"):
                refuse(f'href="{value[:60]}" points outside the file; only #id links are allowed')
            if _EXTERNAL.search(value):
                refuse(f"{attr}= refers outside the file or uses CSS escapes: only url(#id) is allowed")

    def end(name: str) -> None:
        if stack.pop() == "style":
            if _EXTERNAL.search("".join(style)):
                refuse("<style> refers outside the file or uses CSS escapes: only url(#id) is allowed")
            style.clear()

    def text(data: str) -> None:
        if stack and stack[-1] == "style":
            style.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.ProcessingInstructionHandler = lambda target, _data: refuse(
        f"processing instruction <?{target}?> is not allowed"
    )
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except _Refused as err:
        return str(err)
    except expat.ExpatError as err:
        return f"line {err.lineno}: not well-formed XML ({expat.ErrorString(err.code)})"
    return None
