"""The Renderer: Jinja templates in site-templates/ made into Markdown pages (with sanitized HTML
blocks), and the text helpers every page uses. ``site.pages`` decides which pages there are (from
the site map); no MkDocs import: the plugin only hands the pages over."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator import GUIDE_ROOT
from generator.core import schema
from generator.calculator.public_holidays import DEFAULT_COUNTRIES
from generator.core.models import Guide, Rule, approx_days
from generator.site.escape import link_url
from generator.site.sanitize import html_text, md_text, to_html
from generator.site.sitemap import SitePage, page_url, relative_url, rule_location
from generator.core.wording import ANCHOR_DAYS, ANCHOR_WORDS, CHANNEL_WORDS, amount, between, fill_references, span

DEFAULT_TEMPLATES = GUIDE_ROOT / "site-templates"


@dataclass
class Page:
    src_uri: str  # e.g. "topics/thank-you.md"
    title: str
    content: str


@dataclass
class SiteOptions:
    directory_urls: bool = True
    edit_base: str | None = None  # e.g. "https://example.org/repo/edit/main/"; rule paths are appended
    project_root: Path = Path(".")
    templates: Path = DEFAULT_TEMPLATES
    extra: dict = field(default_factory=dict)
    countries: tuple[str, ...] = DEFAULT_COUNTRIES  # offered by the calculator
    calculator_topic: str = "timing"  # the topic page that carries the calculator's compact form
    site_url: str | None = None  # the builder's site_url: the calculator's data links to the rules with it
    offline: bool = False  # the site must work from file:// (see site/offline.py)


def _finalize(value):
    # Anything not already safe HTML is made inert for both Markdown and HTML.
    if isinstance(value, Markup) or value is None or isinstance(value, (int, float)):
        return value if value is not None else ""
    return Markup(md_text(value))


def one_block(html) -> Markup:
    """HTML without blank lines: in a page's Markdown, a blank line would end the HTML block."""
    return Markup("\n".join(line for line in str(html).splitlines() if line.strip()))


class Renderer:
    def __init__(self, guide: Guide, options: SiteOptions):
        self.guide = guide
        self.options = options
        self.env = Environment(
            loader=FileSystemLoader([str(options.templates / "pages")]),
            undefined=StrictUndefined,
            autoescape=select_autoescape(default=True, default_for_string=True),
            finalize=_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        facts = schema.common()["$defs"]["facts"]["properties"]
        self.phrases = {k: v.get("x-phrases", {}) for k, v in facts.items()}
        self.current = ""  # src_uri of the page being rendered, for relative links
        self._converted: dict[tuple, Markup] = {}  # see _html
        self.env.globals.update(
            guide=guide,
            rule_url=self.rule_url,
            url=self.url,
            prose=self.prose,
            prose_inline=self.prose_inline,
            when_words=self.when_words,
            timing_line=self.timing_line,
            spread=self.spread,
            span=span,
            amount=amount,
            channel_words=CHANNEL_WORDS,
            edit_url=self.edit_url,
            chart=self.chart,
            options=options,
            extra=options.extra,
            plain_title=self.plain_title,
            cited_by=cited_by,
            recommended_words=self.recommended_words,
            link_url=link_url,
        )
        self.env.filters["oneblock"] = one_block
        self.env.globals["center"] = None  # a career center's edition replaces it (center.views)

    # -- URLs ---------------------------------------------------------------
    def url(self, src_uri: str, anchor: str = "") -> Markup:
        target = page_url(src_uri, self.options.directory_urls) + (f"#{anchor}" if anchor else "")
        return Markup(relative_url(self.current, target, self.options.directory_urls))

    def rule_url(self, rule_or_id) -> Markup:
        rule = self.guide.rules[rule_or_id] if isinstance(rule_or_id, str) else rule_or_id
        return self.url(*rule_location(rule))

    def edit_url(self, rule: Rule) -> Markup | None:
        if not self.options.edit_base:
            return None
        try:
            rel = rule.path.resolve().relative_to(self.options.project_root.resolve())
        except ValueError:
            return None
        return Markup(html_text(self.options.edit_base + rel.as_posix()))

    # -- text ---------------------------------------------------------------
    def _resolve(self, anchor: str):
        return str(self.rule_url(anchor)) if anchor in self.guide.rules else None

    def prose(self, text: str, rule: Rule | None = None) -> Markup:
        return self._html(fill_references(text, rule, self.guide.rules) if rule else text, False)

    def prose_inline(self, text: str, rule: Rule | None = None) -> Markup:
        return self._html(fill_references(text, rule, self.guide.rules) if rule else text, True)

    def _html(self, text: str, inline: bool) -> Markup:
        # The same summaries and quotes appear on many pages (topic, A to Z, every tree outcome that
        # cites the rule): convert each once. Text with a '#' may hold an in-guide link, relative to
        # the page, so it is converted once per page.
        key = (text, inline, self.current if "#" in text else None)
        if key not in self._converted:
            self._converted[key] = Markup(to_html(text, self._resolve, inline=inline))
        return self._converted[key]

    def plain_title(self, rule: Rule) -> str:
        return fill_references(rule.title, rule, self.guide.rules)

    def when_words(self, rule: Rule) -> list[str]:
        out = []
        for fact, values in rule.when.items():
            words = [
                self.phrases.get(fact, {}).get(str(v).lower() if isinstance(v, bool) else v, f"{fact}: {v}")
                for v in values
            ]
            out.append(" or ".join(words))
        return out

    def recommended_words(self, rule: Rule) -> str:
        """'A week after the interview', 'On the day of the interview'."""
        t = rule.timing
        words = (
            f"on {ANCHOR_DAYS[t.anchor]}"
            if t.recommended == 0
            else f"{amount(t.recommended, t.unit)} {ANCHOR_WORDS[t.anchor]}"
        )
        return words[:1].upper() + words[1:]

    def timing_line(self, rule: Rule) -> str:
        t = rule.timing
        if t.earliest == t.latest:
            return self.recommended_words(rule)
        return f"{self.recommended_words(rule)} (reasonable window: {span(t.window)})"

    def spread(self, rule: Rule) -> str | None:
        """'3–5 business days to 2 weeks' across the sources, or None if they agree."""
        # In evidence order, not a set's: windows of equal length (a week, 5 business days) tie, and
        # the first one cited must win in every build, whatever the interpreter's hash seed.
        windows = list(dict.fromkeys(e.window for e in rule.evidence if e.window))
        if len(windows) < 2:
            return None
        lo = min(windows, key=lambda w: w.approx()[0])
        hi = max(windows, key=lambda w: w.approx()[1])
        return between(lo.earliest, lo.unit, hi.latest, hi.unit)

    def chart(self, rule: Rule) -> dict:
        """Bars for the disagreement chart: one per source window, as percentages of the axis."""
        t = rule.timing
        items = [(e, e.window.approx()) for e in rule.evidence if e.window]
        top = max([hi for _, (lo, hi) in items] + [approx_days(t.latest, t.unit) if t else 0, 1])
        scale = 100 / (top * 1.08)
        bars = [
            {
                "source": self.guide.sources[e.source],
                "label": span(e.window),
                "left": round(lo * scale, 2),
                "width": round(max(hi - lo, top / 60) * scale, 2),
            }
            for e, (lo, hi) in items
        ]
        rec = round(approx_days(t.recommended, t.unit) * scale, 2) if t else None
        return {"bars": bars, "recommended": rec, "axis_days": top}

    # -- pages --------------------------------------------------------------
    def fragment(self, template: str, **context) -> Markup:
        """A partial template rendered for use inside a page's HTML block."""
        return one_block(self.env.get_template(template).render(**context))

    def render(self, page: SitePage, **context) -> Page:
        self.current = page.src_uri
        content = self.env.get_template(page.template).render(title=page.title, page_src=page.src_uri, **context)
        return Page(page.src_uri, page.title, content)


def reading_order(rule: Rule):
    # Rules a reader acts on first come first: timed rules by their anchor, then the rest by title.
    anchors = list(ANCHOR_WORDS)
    t = rule.timing
    return (0 if rule.action else 1, anchors.index(t.anchor) if t else 9, t.recommended if t else 0, rule.title.lower())


def cited_by(guide: Guide) -> dict[str, list[Rule]]:
    out: dict[str, list[Rule]] = {s: [] for s in guide.sources}
    for rule in guide.rules.values():
        for sid in dict.fromkeys(e.source for e in rule.evidence):
            out[sid].append(rule)
    return out
