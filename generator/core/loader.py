"""Read rule, source and topic files into typed models, and the shared loader for the other kinds
(trees, templates), which ``pipeline`` combines. Every file is loaded and schema-checked before any
error is raised, so one run reports every problem."""
from __future__ import annotations

import re
from pathlib import Path

from generator.core import schema
from generator.core.errors import Collector, RuleError, display_path
from generator.core.models import Contested, Evidence, Rule, Source, Timing, Topic, Window, facts_from
from generator.core.yaml_reader import Document, load_file

# Folders under rules/ that hold other kinds of file, not topics.
RESERVED_FOLDERS = {"trees", "templates"}


def load_validated(path: Path, kind: str, errors: Collector) -> Document | None:
    try:
        doc = load_file(path)
    except RuleError as err:
        errors.extend(err.problems)
        return None
    problems = schema.validate(doc, kind)
    errors.extend(problems)
    return None if problems else doc


def _window(data) -> Window | None:
    return Window(data["unit"], data["earliest"], data["latest"]) if data else None


def rule_from(doc: Document, topic: str) -> Rule:
    d = doc.data
    t = d.get("timing")
    c = d.get("contested")
    return Rule(
        id=doc.path.stem, topic=topic, doc=doc,
        title=d["title"], summary=d["summary"], body=d["body"],
        when=facts_from(d.get("when")), action=d.get("action"),
        timing=Timing(t["anchor"], t["unit"], t["earliest"], t["recommended"], t["latest"], t.get("narrowed")) if t else None,
        channels=tuple(d.get("channels", ())), do=tuple(d.get("do", ())), dont=tuple(d.get("dont", ())),
        limits=dict(d.get("limits", {})),
        related=tuple(d.get("related", ())), overrides=tuple(d.get("overrides", ())),
        contested=Contested(c["question"], c["why"]) if c else None,
        reviewed=d["reviewed"],
        evidence=tuple(Evidence(e["source"], e["quote"], e.get("position"), _window(e.get("window")), i)
                       for i, e in enumerate(d["evidence"])),
    )


def rule_files(root: Path) -> list[tuple[str, Path]]:
    """(topic folder, path) of every rule file, in a stable order."""
    return [(p.parent.name, p) for p in sorted(root.glob("*/*.yml"))
            if p.parent.name not in RESERVED_FOLDERS]


def load_rules(root: Path, errors: Collector) -> dict[str, Rule]:
    """Every rules/<topic>/<rule-id>.yml under a folder laid out like rules/ (ours or a center's)."""
    rules: dict[str, Rule] = {}
    for topic, path in rule_files(root):
        doc = load_validated(path, "rule", errors)
        if doc is None:
            continue
        if not valid_id(path.stem):
            errors.add(path, 1, f"file name '{path.name}' is not a valid rule id: use lower-case words joined by hyphens")
        elif path.stem in rules:
            errors.add(path, 1, f"rule id '{path.stem}' is already used by {display_path(rules[path.stem].path)}")
        else:
            rules[path.stem] = rule_from(doc, topic)
    for stray in sorted(set(root.glob("**/*.yaml")) | set(root.glob("*/*/**/*.yml"))):
        if stray.relative_to(root).parts[0] not in RESERVED_FOLDERS:
            errors.add(stray, 1, "not a rule file: rules live in rules/<topic>/<rule-id>.yml")
    return rules


def load_kind(root: Path, folder: str, kind: str, build, errors: Collector) -> dict:
    """Every rules/<folder>/<id>.yml of one kind (trees, templates): schema-checked and built."""
    here = root / folder
    items = {}
    for path in sorted(here.glob("*.yml")):
        doc = load_validated(path, kind, errors)
        if doc is None:
            continue
        if valid_id(path.stem):
            items[path.stem] = build(doc)
        else:
            errors.add(path, 1, f"file name '{path.name}' is not a valid {kind} id: use lower-case words joined by hyphens")
    for stray in sorted(p for p in here.glob("**/*.y*ml") if p.suffix == ".yaml" or (p.suffix == ".yml" and p.parent != here)):
        errors.add(stray, 1, f"not a {kind} file: {kind}s live in rules/{folder}/<{kind}-id>.yml")
    return items


def sources_from(doc: Document, root: Path, errors: Collector) -> dict[str, Source]:
    sources = {}
    for i, s in enumerate(doc.data["sources"]):
        line = doc.line(("sources", i))
        if s["id"] in sources:
            errors.add(doc.path, line, f"source id '{s['id']}' is listed twice")
        text = (root / s["text"]).resolve() if s.get("text") else None
        sources[s["id"]] = Source(s["id"], s["name"], s["title"], s["author"], s["kind"], s.get("url"), text, s.get("note"), line)
    return sources


def topics_from(doc: Document, errors: Collector) -> list[Topic]:
    topics = [Topic(t["id"], t["title"], t["intro"], doc.line(("topics", i))) for i, t in enumerate(doc.data["topics"])]
    seen: dict[str, int] = {}
    for t in topics:
        if t.id in seen:
            errors.add(doc.path, t.line, f"topic id '{t.id}' is listed twice (first on line {seen[t.id]})")
        seen.setdefault(t.id, t.line)
    return topics


def valid_id(value: str) -> bool:
    return re.fullmatch(schema.common()["$defs"]["id"]["pattern"], value) is not None
