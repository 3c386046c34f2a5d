"""A career center's edition on the site: the label on advice the center changed or added, the
"talk it through with us" line under decision-tree answers, and the generated page listing every
difference from the upstream guide (center.md.j2). Nothing here runs without a center file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.center.model import Center
from generator.core.models import Rule
from generator.core.wording import CHANNEL_WORDS
from generator.site.sitemap import DIFFERENCES

if TYPE_CHECKING:
    from generator.site.render import Page, Renderer


@dataclass(frozen=True)
class Change:
    field: str
    ours: str | Markup  # the upstream guide's value, as words (rule text as sanitized HTML)
    theirs: str | Markup  # the center's


class CenterViews:
    """The page templates' ``center_views``: center_views.changes(rule_id), center_views.differences_url().
    Not ``center``: that name is the center itself (its name, contact, overrides), or None."""

    namespace = "center_views"

    def __init__(self, renderer: Renderer):
        self.r = renderer
        self.center: Center = renderer.guide.center
        self.r.env.globals["center"] = self.center

    def differences_url(self) -> Markup:
        return self.r.url(DIFFERENCES.src_uri)

    def changes(self, rule_id: str) -> list[Change]:
        """What the center changed in one rule, field by field, in reading words."""
        before = self.center.upstream.rules[rule_id]
        after = self.r.guide.rules[rule_id]
        override = self.center.overrides[rule_id]
        out = []
        for name in override.fields:
            out.append(Change(name, self._words(before, name), self._words(after, name)))
        if override.evidence:
            out.append(
                Change(
                    "evidence",
                    f"{len(before.evidence)} quotes from its sources",
                    f"adds {', '.join(self.r.guide.sources[e['source']].name for e in override.evidence)}",
                )
            )
        return out

    def _words(self, rule: Rule, name: str) -> str:
        if name == "timing":
            return self.r.timing_line(rule)
        if name == "channels":
            return ", ".join(CHANNEL_WORDS[c] for c in rule.channels)
        if name == "contested":
            return rule.contested.why if rule.contested else "(none)"
        value = getattr(rule, name)
        items = value if isinstance(value, tuple) else (value,)
        return Markup("; ".join(self.r.prose_inline(v, rule) for v in items))

    def page(self) -> Page:
        c = self.center
        added = {kind: [self._added(kind, i) for i in ids] for kind, ids in c.added.items()}
        hidden = {
            kind: [self._upstream_title(kind, i) for i in c.hidden(kind)] for kind in ("rules", "trees", "templates")
        }
        return self.r.render(
            DIFFERENCES,
            added=added,
            hidden=hidden,
            anything_added=any(added.values()),
            anything_hidden=any(hidden.values()),
            overridden=[self.r.guide.rules[rid] for rid in c.overrides],
        )

    def _added(self, kind: str, item_id: str):
        g = self.r.guide
        return {
            "rules": lambda: g.rules[item_id],
            "trees": lambda: g.trees[item_id],
            "templates": lambda: g.templates[item_id],
            "sources": lambda: g.sources[item_id],
            "topics": lambda: next(t for t in g.topics if t.id == item_id),
        }[kind]()

    def _upstream_title(self, kind: str, item_id: str) -> str:
        item = getattr(self.center.upstream, kind)[item_id]
        return self.r.plain_title(item) if kind == "rules" else item.title
