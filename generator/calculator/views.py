"""The calculator on the site: the Calculator page and the compact form on the timing
topic page, both from site-templates/pages/_calculator.html.j2; assets/calculator.js runs them on
the data in assets/calculator-data.json (see ``calculator_data``)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.calculator.public_holidays import country_name
from generator.site.sitemap import CALCULATOR

if TYPE_CHECKING:
    from generator.site.render import Page, Renderer

class CalculatorViews:
    def __init__(self, renderer: Renderer):
        self.r = renderer
        self.r.env.globals.update(calculator_form=self.form, calculator_url=lambda: self.r.url(CALCULATOR.src_uri))

    def form(self, compact: bool = False) -> Markup:
        return self.r.fragment("_calculator.html.j2", compact=compact, p="fug-mini" if compact else "fug-calc",
                               countries=[(code, country_name(code)) for code in self.r.options.countries])

    def page(self) -> Page:
        return self.r.render(CALCULATOR)
