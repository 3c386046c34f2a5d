"""Every generated page, rendered: the site map's pages, each with what its template needs. The
feature views (templates, trees, calculator, center) join the Renderer here, each as one Jinja
global named by its ``namespace`` (``trees.url(tree)``), so ``site.render`` knows no feature and
no feature's views import this module."""

from __future__ import annotations

from generator.calculator.views import CalculatorViews
from generator.center.views import CenterViews
from generator.core.models import Guide
from generator.site import sitemap
from generator.site.render import Page, Renderer, SiteOptions, reading_order
from generator.templates.views import TemplateViews
from generator.trees.views import TreeViews


def render_pages(guide: Guide, options: SiteOptions) -> list[Page]:
    r = Renderer(guide, options)
    templates, trees, calculator = TemplateViews(r), TreeViews(r), CalculatorViews(r)
    center = CenterViews(r) if guide.center else None
    for view in (templates, trees, calculator, center):
        if view is not None:
            r.env.globals[view.namespace] = view
    topics = [(t, sorted(guide.rules_in(t.id), key=reading_order)) for t in guide.topics]
    pages = [r.render(sitemap.HOME, topics=topics, rules=list(guide.rules.values()))]
    pages += [r.render(sitemap.topic_page(topic), topic=topic, rules=rules) for topic, rules in topics]
    pages.append(r.render(sitemap.RULES_INDEX, rules=sorted(guide.rules.values(), key=lambda rule: rule.title.lower())))
    pages.append(r.render(sitemap.SOURCES, sources=list(guide.sources.values())))
    pages.append(
        r.render(sitemap.DISAGREEMENTS, rules=[rule for _, rules in topics for rule in rules if rule.contested])
    )
    pages += templates.pages() + trees.pages() + [calculator.page()] + ([center.page()] if center else [])
    return pages
