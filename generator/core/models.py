"""Typed models passed from loading to checking and rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.errors import Problem
from generator.core.yaml_reader import Document

# Business days are compared with calendar days by this ratio (5 working days a week). Only used to
# compare windows given in different units, never to compute a reader's dates.
DAYS_PER_BUSINESS_DAY = 7 / 5


def approx_days(value: int, unit: str) -> float:
    return value * DAYS_PER_BUSINESS_DAY if unit == "business_days" else float(value)


def facts_from(data) -> dict[str, tuple]:
    """A when:/sets: mapping with every value as a tuple (a single value is a tuple of one)."""
    return {k: tuple(v) if isinstance(v, list) else (v,) for k, v in (data or {}).items()}


def compatible(a: Rule, b: Rule) -> bool:
    """True when some situation satisfies both rules' when:."""
    return all(set(a.when[k]) & set(b.when[k]) for k in a.when.keys() & b.when.keys())


@dataclass(frozen=True)
class Window:
    unit: str
    earliest: int
    latest: int

    def approx(self) -> tuple[float, float]:
        return approx_days(self.earliest, self.unit), approx_days(self.latest, self.unit)


@dataclass(frozen=True)
class Timing:
    anchor: str
    unit: str
    earliest: int
    recommended: int
    latest: int
    narrowed: str | None = None  # why earliest/latest are inside what the evidence allows, if they are

    @property
    def window(self) -> Window:
        return Window(self.unit, self.earliest, self.latest)


class FromFile:
    """Something loaded from one YAML file (``doc``): where it lives, and the line of any part."""

    doc: Document

    @property
    def path(self) -> Path:
        return self.doc.path

    def line(self, *pointer) -> int:
        return self.doc.line(pointer)

    def problem(self, pointer: tuple, message: str, text: str | None = None, offset: int = 0) -> Problem:
        """A problem at ``pointer``; given the field's ``text``, at the exact line of ``offset`` in it."""
        line = self.line(*pointer) if text is None else self.doc.line_in(pointer, offset, text)
        return Problem(str(self.path), line, message)


@dataclass(frozen=True)
class Evidence:
    source: str
    quote: str
    position: str | None
    window: Window | None
    index: int  # position in the rule's evidence list, for line look-ups


@dataclass(frozen=True)
class Contested:
    question: str
    why: str


@dataclass(frozen=True)
class ChannelPolicy:
    """A channel default stated as data (rule.schema.json channel_policy): a deciding fact with the
    channels each of its values points to and its rank among deciders, or the default channel and
    the most calls a reader makes."""

    rank: int | None = None
    by: str | None = None
    channels: dict | None = None
    default: str | None = None
    max_calls: int | None = None


@dataclass
class Rule(FromFile):
    id: str
    topic: str
    doc: Document
    title: str
    summary: str
    body: str
    when: dict[str, tuple]
    action: str | None
    timing: Timing | None
    channels: tuple[str, ...]
    do: tuple[str, ...]
    dont: tuple[str, ...]
    limits: dict[str, int]
    related: tuple[str, ...]
    overrides: tuple[str, ...]
    contested: Contested | None
    reviewed: str
    evidence: tuple[Evidence, ...]
    channel_policy: ChannelPolicy | None = None


@dataclass
class Source:
    id: str
    name: str  # the one name readers see, on every page and in rule prose
    title: str
    author: str
    kind: str
    url: str | None
    text_path: Path | None
    note: str | None
    line: int

    @property
    def capitalised_name(self) -> str:
        """The name where it starts a label or a sentence: 'The pro-tips article'."""
        return self.name[:1].upper() + self.name[1:]


@dataclass
class Topic:
    id: str
    title: str
    intro: str
    line: int


@dataclass
class Guide:
    root: Path  # the rules/ folder
    topics: list[Topic]
    sources: dict[str, Source]
    rules: dict[str, Rule]
    sources_doc: Document
    topics_doc: Document
    trees: dict = field(default_factory=dict)  # tree id -> trees.model.Tree, from rules/trees/
    templates: dict = field(default_factory=dict)  # template id -> templates.model.MessageTemplate
    # A career center's edition (center.merge): its center.model.Center, and the rules it hid, whose
    # links are shown as plain text rather than reported. Typed loosely: core imports no feature.
    center: Any = None
    hidden_rules: frozenset[str] = frozenset()

    def rules_in(self, topic_id: str) -> list[Rule]:
        return [r for r in self.rules.values() if r.topic == topic_id]


@dataclass
class Contents:
    """What a folder laid out like rules/ holds (ours, or a center's local folder): sources.yml and
    topics.yml are optional in a center's."""

    rules: dict = field(default_factory=dict)
    trees: dict = field(default_factory=dict)
    templates: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    topics: list = field(default_factory=list)
    sources_doc: Document | None = None
    topics_doc: Document | None = None
