"""A career center's edition: the center file (center.yml), and the guide it makes by hiding,
overriding and adding rules on top of ours. The merged guide then goes through every consistency
check, so a center's change that breaks the guide is reported like a broken rule file.

Problems in a field the center overrode point at center.yml, not at our rule file: an overridden
rule is rebuilt from a Document whose overridden lines are placeholders (``_MARK`` multiples) that
``edition`` maps back to the center file's lines after the checks ran."""
from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from .checks import check_guide, run_checks
from .errors import Collector, Problem, RuleError, display_path
from .holidays_data import unknown_countries
from .loader import load_validated, load_contents, load_guide, rule_from, sources_from, topics_from
from .models import Guide, Rule
from .yamlload import Document

# Rule fields a center may override (besides reason and evidence); center.schema.json lists the same.
OVERRIDABLE = ("title", "summary", "body", "timing", "channels", "do", "dont", "contested")
_MARK = 10_000_000  # placeholder line numbers: k * _MARK (+ lines inside a block scalar)
MIN_LINK_CONTRAST = 4.5  # WCAG AA for text: links are drawn in the primary colour on white


@dataclass(frozen=True)
class Contact:
    office: str
    email: str | None = None
    phone: str | None = None
    booking: str | None = None
    hours: str | None = None


@dataclass
class Override:
    rule_id: str
    reason: str
    fields: dict  # overridden field -> the center's value (timing: only the keys it changes)
    evidence: list  # local evidence entries added to the rule's own
    line: int


@dataclass
class Center:
    path: Path
    doc: Document
    name: str
    contact: Contact
    logo: Path | None = None
    favicon: Path | None = None
    colours: dict = field(default_factory=dict)
    countries: tuple[str, ...] | None = None
    local: Path | None = None
    hide: dict = field(default_factory=dict)  # "rules" | "trees" | "templates" -> tuple of ids
    overrides: dict[str, Override] = field(default_factory=dict)
    # Filled in by ``edition``: the guide before the center's changes, and what the center added.
    upstream: Guide | None = None
    added: dict = field(default_factory=dict)  # "rules" | "trees" | "templates" | "sources" | "topics" -> ids

    def line(self, *pointer) -> int:
        return self.doc.line(pointer)

    def hidden(self, kind: str) -> tuple[str, ...]:
        return self.hide.get(kind, ())


# -- the center file -------------------------------------------------------------------------------

def load_center(path: Path) -> Center:
    path = Path(path)
    errors = Collector()
    if not path.is_file():
        raise RuleError.one(path, 1, "center file not found")
    doc = load_validated(path, "center", errors)
    errors.raise_if_any()
    d = doc.data
    base = path.parent
    center = Center(
        path=path, doc=doc, name=d["name"], contact=Contact(**d["contact"]),
        logo=base / d["logo"] if "logo" in d else None, favicon=base / d["favicon"] if "favicon" in d else None,
        colours=dict(d.get("colours", {})), countries=tuple(d["countries"]) if "countries" in d else None,
        local=base / d["local"] if "local" in d else None,
        hide={k: tuple(v) for k, v in d.get("hide", {}).items()},
        overrides={rid: Override(rid, o["reason"], {k: v for k, v in o.items() if k in OVERRIDABLE},
                                 list(o.get("evidence", ())), doc.line(("overrides", rid)))
                   for rid, o in d.get("overrides", {}).items()})
    for key in ("logo", "favicon", "local"):
        target = getattr(center, key)
        if target is not None and not target.exists():
            errors.add(path, center.line(key), f"{key}: '{d[key]}' not found next to {path.name}")
    for code in unknown_countries(center.countries or ()):
        errors.add(path, center.line("countries", center.countries.index(code)),
                   f"countries: unknown country code '{code}'; use ISO 3166 codes the 'holidays' package knows, e.g. US, GB")
    primary = center.colours.get("primary")
    if primary and contrast(primary, "#ffffff") < MIN_LINK_CONTRAST:
        errors.add(path, center.line("colours", "primary"),
                   f"colours.primary: {primary} on white has contrast {contrast(primary, '#ffffff'):.1f}:1; links are "
                   f"drawn in this colour and need at least {MIN_LINK_CONTRAST}:1, so choose a darker one")
    errors.raise_if_any()
    return center


def _luminance(colour: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (one always reaches 4.5:1)."""
    return "#ffffff" if contrast(colour, "#ffffff") >= contrast(colour, "#000000") else "#000000"


# -- the merged guide ------------------------------------------------------------------------------

def checked_guide(rules_dir: Path, center_path: Path | None = None) -> Guide:
    """The guide ready to publish: ours, checked, or a center's edition of it."""
    return edition(rules_dir, center_path) if center_path else check_guide(load_guide(rules_dir))


def edition(rules_dir: Path, center_path: Path) -> Guide:
    """Our guide with the center's changes, checked as a whole; raises RuleError with every problem
    (ours, the center file's and the local folder's) as ``path:line: message``."""
    center = load_center(center_path)
    upstream = load_guide(rules_dir)
    errors = Collector()
    guide, marks = merge(upstream, center, errors)
    # The center's own mistakes (unknown ids, clashes) and what they break are reported together.
    problems = errors.problems + [_relocate(p, marks, center) for p in run_checks(guide)]
    if problems:
        raise RuleError(problems)
    return guide


def merge(upstream: Guide, center: Center, errors: Collector) -> tuple[Guide, dict[int, int]]:
    """The edition's guide (unchecked) and the placeholder line -> center.yml line table."""
    center.upstream = upstream
    unreadable = Collector()  # local files that fail to load or validate: nothing to check yet
    local = _load_local(center, unreadable)
    unreadable.raise_if_any()
    sources = _union("source", upstream.sources, local.sources, errors, lambda s: (local.sources_doc.path, s.line))
    topics = _union("topic", {t.id: t for t in upstream.topics}, {t.id: t for t in local.topics},
                    errors, lambda t: (local.topics_doc.path, t.line))
    _check_hidden(upstream, center, errors)
    hidden = set(center.hidden("rules"))
    rules: dict[str, Rule] = {}
    marks: dict[int, int] = {}
    for rid, rule in upstream.rules.items():
        if rid in hidden:
            continue
        override = center.overrides.get(rid)
        if override and "timing" in override.fields and rule.timing is None:
            errors.add(center.path, center.line("overrides", rid, "timing"),
                       f"overrides.{rid}.timing: rule '{rid}' has no timing to change")
        elif override:
            for pointer in _unchanged(rule, override):
                errors.add(center.path, center.line("overrides", rid, *pointer),
                           f"overrides.{rid}.{'.'.join(pointer)}: the same as the guide's; remove it, or the "
                           "page would label the guide's own advice as yours")
            rule = _overridden(rule, override, center, marks)
        rules[rid] = dataclasses.replace(rule, related=tuple(r for r in rule.related if r not in hidden),
                                         overrides=tuple(r for r in rule.overrides if r not in hidden))
    for rid in center.overrides:
        if rid not in upstream.rules:
            errors.add(center.path, center.line("overrides", rid),
                       f"overrides: no rule '{rid}' in the guide" + (" (it is a local rule: change its file instead)"
                                                                    if rid in local.rules else ""))
        elif rid in hidden:
            errors.add(center.path, center.line("overrides", rid), f"overrides: rule '{rid}' is hidden; override it or hide it, not both")
    trees = {k: v for k, v in upstream.trees.items() if k not in center.hidden("trees")}
    templates = {}
    for tid, t in upstream.templates.items():
        if tid in center.hidden("templates"):
            continue
        serves = tuple(r for r in t.serves if r not in hidden)
        if not serves:
            errors.add(center.path, center.line("hide", "rules"),
                       f"hide.rules: template '{tid}' serves only hidden rules ({', '.join(t.serves)}) and would be "
                       f"orphaned; add it to hide.templates")
        templates[tid] = dataclasses.replace(t, serves=serves)
    for kind, ours, theirs in (("rule", rules, local.rules), ("tree", trees, local.trees),
                               ("template", templates, local.templates)):
        for item_id, item in theirs.items():
            clash = getattr(upstream, kind + "s")
            if item_id in clash:
                errors.add(item.path, 1, f"{kind} id '{item_id}' is already used by the guide "
                                         f"({display_path(clash[item_id].path)}); give the local {kind} its own id, "
                                         f"e.g. prefixed with your center's short name"
                           + (", or change ours with overrides: in center.yml" if kind == "rule" else ""))
            else:
                ours[item_id] = item
    center.added = {"rules": sorted(local.rules), "trees": sorted(local.trees), "templates": sorted(local.templates),
                    "sources": sorted(set(sources) - set(upstream.sources)),
                    "topics": sorted(set(topics) - {t.id for t in upstream.topics})}
    guide = Guide(upstream.root, list(topics.values()), sources, rules, upstream.sources_doc, upstream.topics_doc,
                  extra=dict(upstream.extra, center=center, hidden_rules=frozenset(hidden)), trees=trees, templates=templates)
    return guide, marks


def _union(kind: str, ours: dict, theirs: dict, errors: Collector, where) -> dict:
    merged = dict(ours)
    for key, value in theirs.items():
        if key in ours:
            path, line = where(value)
            errors.add(path, line, f"{kind} id '{key}' is already used by the guide; give the local {kind} its own id")
        else:
            merged[key] = value
    return merged


def _check_hidden(upstream: Guide, center: Center, errors: Collector) -> None:
    known = {"rules": upstream.rules, "trees": upstream.trees, "templates": upstream.templates}
    for kind, ids in center.hide.items():
        for i, item_id in enumerate(ids):
            if item_id not in known[kind]:
                errors.add(center.path, center.line("hide", kind, i), f"hide.{kind}: no {kind[:-1]} '{item_id}' in the guide")


@dataclass
class _Local:
    rules: dict = field(default_factory=dict)
    trees: dict = field(default_factory=dict)
    templates: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    topics: list = field(default_factory=list)
    sources_doc: Document | None = None
    topics_doc: Document | None = None


def _load_local(center: Center, errors: Collector) -> _Local:
    """The local folder, laid out like rules/ (sources.yml and topics.yml optional); empty if none."""
    root = center.local
    if root is None or not root.is_dir():
        return _Local()
    sources_doc = load_validated(root / "sources.yml", "sources", errors) if (root / "sources.yml").exists() else None
    topics_doc = load_validated(root / "topics.yml", "topics", errors) if (root / "topics.yml").exists() else None
    sources = sources_from(sources_doc, root, errors) if sources_doc else {}
    topics = topics_from(topics_doc, errors) if topics_doc else []
    rules, trees, templates = load_contents(root, errors)
    return _Local(rules, trees, templates, sources, topics, sources_doc, topics_doc)


def _unchanged(rule: Rule, override: Override) -> list[tuple[str, ...]]:
    """Pointers (in the override) of values equal to the guide's: overrides that change nothing."""
    ours = rule.doc.data
    same = []
    for name, value in override.fields.items():
        if name == "timing":  # a timing override names only the parts it changes
            same += [(name, k) for k, v in value.items() if ours["timing"].get(k) == v]
        elif ours.get(name) == value:
            same.append((name,))
    return same


def _overridden(rule: Rule, override: Override, center: Center, marks: dict[int, int]) -> Rule:
    """The rule rebuilt with the center's values. Its Document keeps our lines for fields the center
    left alone and placeholder lines (see ``_MARK``) for the fields it set."""
    up = rule.doc
    data = copy.deepcopy(up.data)
    doc = Document(up.path, data, dict(up.lines), set(up.block_scalars))
    base = ("overrides", rule.id)

    def mark(rule_pointer: tuple, center_pointer: tuple) -> None:
        placeholder = (len(marks) + 1) * _MARK
        marks[placeholder] = center.doc.line(center_pointer)
        doc.lines[rule_pointer] = placeholder
        doc.block_scalars.discard(rule_pointer)
        if center_pointer in center.doc.block_scalars:
            doc.block_scalars.add(rule_pointer)

    def mark_tree(rule_pointer: tuple, center_pointer: tuple, value) -> None:
        for stale in [p for p in doc.lines if p[:len(rule_pointer)] == rule_pointer]:
            del doc.lines[stale]
        mark(rule_pointer, center_pointer)
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for k, v in items:
            mark_tree(rule_pointer + (k,), center_pointer + (k,), v)

    for name, value in override.fields.items():
        if name == "timing" and "timing" in data:
            data["timing"] = dict(data["timing"], **value)
            mark(("timing",), base + ("timing",))
            for k, v in value.items():
                mark(("timing", k), base + ("timing", k))
        else:
            data[name] = value
            mark_tree((name,), base + (name,), value)
    first = len(data["evidence"])
    for j, entry in enumerate(override.evidence):
        data["evidence"].append(entry)
        mark_tree(("evidence", first + j), base + ("evidence", j), entry)
    return rule_from(doc, rule.topic)


def _relocate(problem: Problem, marks: dict[int, int], center: Center) -> Problem:
    """Problems at placeholder lines move to center.yml; problems that name a hidden rule say so."""
    if problem.line >= _MARK:
        placeholder = problem.line - problem.line % _MARK
        return Problem(str(center.path), marks[placeholder] + problem.line % _MARK, problem.message, problem.column)
    for i, rid in enumerate(center.hidden("rules")):
        if re.search(rf"'{re.escape(rid)}'|\[\[{re.escape(rid)}:|#{re.escape(rid)}'", problem.message):
            return dataclasses.replace(problem, message=f"{problem.message} (hidden in "
                                                        f"{display_path(center.path)}:{center.line('hide', 'rules', i)})")
    return problem


# -- branding --------------------------------------------------------------------------------------

def branding_css(center: Center, base: str) -> str:
    """``base`` (the edition's static styles) and Material's palette variables set to the center's
    colours (the file comes after Material's palette stylesheet; two attribute selectors outrank its one)."""
    lines = []
    primary, accent = center.colours.get("primary"), center.colours.get("accent")
    if primary:
        lines += [f"  --md-primary-fg-color: {primary};", f"  --md-primary-fg-color--light: {primary};",
                  f"  --md-primary-fg-color--dark: {primary};", f"  --md-primary-bg-color: {text_on(primary)};",
                  f"  --md-typeset-a-color: {primary};"]
    if accent:
        lines += [f"  --md-accent-fg-color: {accent};", f"  --md-accent-bg-color: {text_on(accent)};"]
    rule = "[data-md-color-scheme=default][data-md-color-primary] {\n" + "\n".join(lines) + "\n}\n" if lines else ""
    # In the dark scheme links keep Material's light tone; the header still carries the center's colour.
    dark = (f"[data-md-color-scheme=slate][data-md-color-primary] {{\n  --md-primary-fg-color: {primary};\n"
            f"  --md-primary-bg-color: {text_on(primary)};\n}}\n") if primary else ""
    return base + "\n/* Generated from the center file's colours. */\n" + rule + dark
