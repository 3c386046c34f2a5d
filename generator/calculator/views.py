"""The calculator on the site: the Calculator page and the compact form on the timing
topic page, both from site-templates/pages/_calculator.html.j2; assets/calculator.js runs them on
the data in assets/calculator-data.json (see ``calculator_data``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.calculator.data import THEY_SAID_WORDS
from generator.calculator.public_holidays import country_name
from generator.site.sitemap import CALCULATOR

if TYPE_CHECKING:
    from generator.site.render import Page, Renderer


class CalculatorViews:
    """The page templates' ``calculator``: calculator.form(compact=True), calculator.url()."""

    namespace = "calculator"

    def __init__(self, renderer: Renderer):
        self.r = renderer

    def url(self) -> Markup:
        return self.r.url(CALCULATOR.src_uri)

    def form(self, compact: bool = False) -> Markup:
        return self.r.fragment(
            "_calculator.html.j2",
            compact=compact,
            p="fug-mini" if compact else "fug-calc",
            countries=[(code, country_name(code)) for code in self.r.options.countries],
            they_said=list(THEY_SAID_WORDS.items()),
        )

    def page(self) -> Page:
        return self.r.render(CALCULATOR)
