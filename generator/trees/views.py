"""Decision trees on the site: one page per tree (site-templates/pages/tree.md.j2), the page
templates' ``trees`` namespace other pages use to link into the trees, and the overview diagram
drawn at build time.

A tree page holds every question and outcome as its own section with an id, and every answer is a
plain link to the section it leads to, so the whole tree works without JavaScript.
assets/trees.js then enhances the page in place: one question at a time, state in the URL."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.core.wording import fill_references
from generator.site.sitemap import tree_order, tree_page
from generator.trees.model import Outcome, Question, Tree

if TYPE_CHECKING:
    from generator.site.render import Page, Renderer


@dataclass
class Branch:
    """One node of the overview diagram: the answer that leads to it, and what follows. A node
    reached by several paths is drawn in full once; later it is a link back (``repeat``)."""

    node: Question | Outcome
    answer: str | None
    repeat: bool = False
    children: list[Branch] = field(default_factory=list)


def overview(tree: Tree) -> Branch:
    drawn: set[str] = set()

    def grow(node_id: str, answer: str | None) -> Branch:
        node = tree.node(node_id)
        branch = Branch(node, answer, repeat=node_id in drawn)
        drawn.add(node_id)
        if isinstance(node, Question) and not branch.repeat:
            branch.children = [grow(o.next, o.label) for o in node.options]
        return branch

    return grow(tree.start, None)


class TreeViews:
    """The page templates' ``trees``: trees.all(), trees.url(tree), trees.text(...)."""

    namespace = "trees"

    def __init__(self, renderer: Renderer):
        self.r = renderer
        self.guide = renderer.guide

    # -- for page templates -----------------------------------------------------------------------
    def all(self) -> list[Tree]:
        return tree_order(self.guide)

    def for_topic(self, topic_id: str) -> list[Tree]:
        """Trees with an outcome citing a rule of this topic."""
        return [
            t
            for t in tree_order(self.guide)
            if any(
                self.guide.rules[r].topic == topic_id
                for o in t.outcomes.values()
                for r in o.rules
                if r in self.guide.rules
            )
        ]

    def url(self, tree: Tree, node_id: str = "") -> Markup:
        return self.r.url(tree_page(tree).src_uri, f"node-{node_id}" if node_id else "")

    def text(self, text: str) -> str:
        """Plain tree text (questions, answers, labels) with [[rule-id:field]] filled in; the
        page templates' finalize makes it inert."""
        return fill_references(text, None, self.guide.rules)

    def prose(self, text: str) -> Markup:
        """Tree Markdown (intro, help), sanitized like rule text; (#rule-id) links resolve."""
        return self.r.prose_inline(self.text(text))

    def headline(self, text: str) -> str:
        """An answer's first sentence ("Not yet."), for the overview diagram."""
        return re.split(r"(?<=[.!?])\s", self.text(text).strip(), maxsplit=1)[0]

    # -- pages ------------------------------------------------------------------------------------
    def pages(self) -> list[Page]:
        return [
            self.r.render(tree_page(t), tree=t, nodes=t.order(), diagram=overview(t)) for t in tree_order(self.guide)
        ]
