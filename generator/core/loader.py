"""Read rule, source and topic files into typed models, and the shared loader for the other kinds
(trees, templates), which ``pipeline`` combines. Every file is loaded and schema-checked before any
error is raised, so one run reports every problem."""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.core import schema
from generator.core.errors import Collector, RuleError, display_path
from generator.core.models import ChannelPolicy, Contested, Evidence, Rule, Source, Timing, Topic, Window, facts_from
from generator.core.yaml_reader import Document, check_regular, load_file

MAX_TEXT_BYTES = 5_000_000  # a source's full text (an article, a survey)

# Folders under rules/ that hold other kinds of file, not topics.
RESERVED_FOLDERS = {"trees", "templates"}


def load_validated(path: Path, kind: str, errors: Collector, root: Path | None = None) -> Document | None:
    try:
        doc = load_file(path, root)
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
        id=doc.path.stem,
        topic=topic,
        doc=doc,
        title=d["title"],
        summary=d["summary"],
        body=d["body"],
        when=facts_from(d.get("when")),
        action=d.get("action"),
        timing=Timing(t["anchor"], t["unit"], t["earliest"], t["recommended"], t["latest"], t.get("narrowed"))
        if t
        else None,
        channels=tuple(d.get("channels", ())),
        do=tuple(d.get("do", ())),
        dont=tuple(d.get("dont", ())),
        limits=dict(d.get("limits", {})),
        related=tuple(d.get("related", ())),
        overrides=tuple(d.get("overrides", ())),
        contested=Contested(c["question"], c["why"]) if c else None,
        reviewed=d["reviewed"],
        evidence=tuple(
            Evidence(e["source"], e["quote"], e.get("position"), _window(e.get("window")), i)
            for i, e in enumerate(d["evidence"])
        ),
        channel_policy=ChannelPolicy(**d["channel_policy"]) if "channel_policy" in d else None,
    )


def rule_files(root: Path) -> list[tuple[str, Path]]:
    """(topic folder, path) of every rule file, in a stable order."""
    return [(p.parent.name, p) for p in sorted(root.glob("*/*.yml")) if p.parent.name not in RESERVED_FOLDERS]


def load_rules(root: Path, errors: Collector) -> dict[str, Rule]:
    """Every rules/<topic>/<rule-id>.yml under a folder laid out like rules/ (ours or a center's)."""
    rules: dict[str, Rule] = {}
    for topic, path in rule_files(root):
        doc = load_validated(path, "rule", errors, root)
        if doc is None:
            continue
        if not valid_id(path.stem):
            errors.add(
                path, 1, f"file name '{path.name}' is not a valid rule id: use lower-case words joined by hyphens"
            )
        elif path.stem in rules:
            errors.add(path, 1, f"rule id '{path.stem}' is already used by {display_path(rules[path.stem].path)}")
        else:
            rules[path.stem] = rule_from(doc, topic)
    layout_problems(root, errors)
    return rules


LISTS = {"sources.yml", "topics.yml"}
YAML_SUFFIXES = {".yml", ".yaml"}


def layout_problems(root: Path, errors: Collector) -> None:
    """Nothing under a rules folder is skipped without a word: an unreadable folder, a rule file
    in the wrong place or with another spelling of .yml, or a stray file among the rules."""

    def unreadable(err: OSError) -> None:
        errors.add(err.filename, 1, f"cannot read folder: {err.strerror}")

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        depth = len(here.relative_to(root).parts)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        reserved = depth > 0 and here.relative_to(root).parts[0] in RESERVED_FOLDERS
        holds_rules = any(f.endswith(".yml") for f in files)
        for name in sorted(f for f in files if not f.startswith(".")):
            path, suffix = here / name, Path(name).suffix
            if suffix.lower() in YAML_SUFFIXES and suffix != ".yml" and not (reserved and suffix == ".yaml"):
                errors.add(path, 1, f"'{suffix}' files are not read: rename it {Path(name).stem}.yml")
            elif depth == 0 and suffix.lower() in YAML_SUFFIXES and name not in LISTS:
                errors.add(path, 1, "not read: rules live in rules/<topic>/<rule-id>.yml, not directly in rules/")
            elif depth >= 2 and suffix == ".yml" and not reserved:
                errors.add(path, 1, "not a rule file: rules live in rules/<topic>/<rule-id>.yml")
            elif depth == 1 and holds_rules and suffix.lower() not in YAML_SUFFIXES and name != "README.md":
                errors.add(
                    path,
                    1,
                    f"not read: a folder of {'rules' if not reserved else here.name} holds only "
                    "<id>.yml files (and a README.md of notes)",
                )


def load_kind(root: Path, folder: str, kind: str, build, errors: Collector) -> dict:
    """Every rules/<folder>/<id>.yml of one kind (trees, templates): schema-checked and built."""
    here = root / folder
    items = {}
    for path in sorted(here.glob("*.yml")):
        doc = load_validated(path, kind, errors, root)
        if doc is None:
            continue
        if valid_id(path.stem):
            items[path.stem] = build(doc)
        else:
            errors.add(
                path, 1, f"file name '{path.name}' is not a valid {kind} id: use lower-case words joined by hyphens"
            )
    for stray in sorted(
        p for p in here.glob("**/*.y*ml") if p.suffix == ".yaml" or (p.suffix == ".yml" and p.parent != here)
    ):
        errors.add(stray, 1, f"not a {kind} file: {kind}s live in rules/{folder}/<{kind}-id>.yml")
    return items


def sources_from(doc: Document, root: Path, errors: Collector) -> dict[str, Source]:
    sources = {}
    for i, s in enumerate(doc.data["sources"]):
        line = doc.line(("sources", i))
        if s["id"] in sources:
            errors.add(doc.path, line, f"source id '{s['id']}' is listed twice")
        text = (root / s["text"]).resolve() if s.get("text") else None
        if text is not None:
            try:  # the quotes citing it are checked against it: it must be there to be read
                check_regular(root / s["text"], MAX_TEXT_BYTES)
            except RuleError as err:
                why = err.problems[0].message
                errors.add(
                    doc.path,
                    doc.line(("sources", i, "text")),
                    f"text: {s['text']!r} "
                    + ("not found" if "No such file" in why else why)
                    + "; the quotes citing this source could not be checked",
                )
        sources[s["id"]] = Source(
            s["id"], s["name"], s["title"], s["author"], s["kind"], s.get("url"), text, s.get("note"), line
        )
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
