"""A center's colours: WCAG contrast, and the stylesheet that sets Material's palette to them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.site.escape import css_colour

if TYPE_CHECKING:
    from generator.center.model import Center

MIN_LINK_CONTRAST = 4.5  # WCAG AA for text: links are drawn in the primary colour on white


def _luminance(colour: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (one always reaches 4.5:1)."""
    return "#ffffff" if contrast(colour, "#ffffff") >= contrast(colour, "#000000") else "#000000"


def branding_css(center: Center, base: str) -> str:
    """``base`` (the edition's static styles) and Material's palette variables set to the center's
    colours (the file comes after Material's palette stylesheet; two attribute selectors outrank its one)."""
    lines = []
    # css_colour: the schema allows #rrggbb only; nothing else is ever written into the stylesheet.
    primary, accent = (
        css_colour(c) if c else None for c in (center.colours.get("primary"), center.colours.get("accent"))
    )
    if primary:
        lines += [
            f"  --md-primary-fg-color: {primary};",
            f"  --md-primary-fg-color--light: {primary};",
            f"  --md-primary-fg-color--dark: {primary};",
            f"  --md-primary-bg-color: {text_on(primary)};",
            f"  --md-typeset-a-color: {primary};",
        ]
    if accent:
        lines += [f"  --md-accent-fg-color: {accent};", f"  --md-accent-bg-color: {text_on(accent)};"]
    rule = "[data-md-color-scheme=default][data-md-color-primary] {\n" + "\n".join(lines) + "\n}\n" if lines else ""
    # In the dark scheme links keep Material's light tone; the header still carries the center's colour.
    dark = (
        (
            f"[data-md-color-scheme=slate][data-md-color-primary] {{\n  --md-primary-fg-color: {primary};\n"
            f"  --md-primary-bg-color: {text_on(primary)};\n}}\n"
        )
        if primary
        else ""
    )
    return base + "\n/* Generated from the center file's colours. */\n" + rule + dark
