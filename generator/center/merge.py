"""A career center's edition: the guide the center file (center.yml) makes by hiding, overriding
and adding rules on top of ours. The merged guide then goes through every consistency
check, so a center's change that breaks the guide is reported like a broken rule file.

Problems in a field the center overrode point at center.yml, not at our rule file: an overridden
rule is rebuilt from a Document whose overridden lines are placeholders (``_MARK`` multiples) that
``edition`` maps back to the center file's lines after the checks ran."""

from __future__ import annotations

import copy
import dataclasses
import re

from generator.center.model import Center, Override
from generator.core.errors import Collector, Problem, display_path
from generator.core.loader import rule_from
from generator.core.models import Contents, Guide, Rule
from generator.core.yaml_reader import Document

_MARK = 10_000_000  # placeholder line numbers: k * _MARK (+ lines inside a block scalar)


def merge(upstream: Guide, center: Center, local: Contents, errors: Collector) -> tuple[Guide, dict[int, int]]:
    """The edition's guide (unchecked) and the placeholder line -> center.yml line table."""
    center.upstream = upstream
    sources = _union("source", upstream.sources, local.sources, errors, lambda s: (local.sources_doc.path, s.line))
    topics = _union(
        "topic",
        {t.id: t for t in upstream.topics},
        {t.id: t for t in local.topics},
        errors,
        lambda t: (local.topics_doc.path, t.line),
    )
    _check_hidden(upstream, center, errors)
    hidden = set(center.hidden("rules"))
    rules: dict[str, Rule] = {}
    marks: dict[int, int] = {}
    for rid, rule in upstream.rules.items():
        if rid in hidden:
            continue
        override = center.overrides.get(rid)
        if override and "timing" in override.fields and rule.timing is None:
            errors.add(
                center.path,
                center.line("overrides", rid, "timing"),
                f"overrides.{rid}.timing: rule '{rid}' has no timing to change",
            )
        elif override:
            for pointer in _unchanged(rule, override):
                errors.add(
                    center.path,
                    center.line("overrides", rid, *pointer),
                    f"overrides.{rid}.{'.'.join(pointer)}: the same as the guide's; remove it, or the "
                    "page would label the guide's own advice as yours",
                )
            rule = _overridden(rule, override, center, marks)
        rules[rid] = dataclasses.replace(
            rule,
            related=tuple(r for r in rule.related if r not in hidden),
            overrides=tuple(r for r in rule.overrides if r not in hidden),
        )
    for rid in center.overrides:
        if rid not in upstream.rules:
            errors.add(
                center.path,
                center.line("overrides", rid),
                f"overrides: no rule '{rid}' in the guide"
                + (" (it is a local rule: change its file instead)" if rid in local.rules else ""),
            )
        elif rid in hidden:
            errors.add(
                center.path,
                center.line("overrides", rid),
                f"overrides: rule '{rid}' is hidden; override it or hide it, not both",
            )
    trees = {k: v for k, v in upstream.trees.items() if k not in center.hidden("trees")}
    templates = {}
    for tid, t in upstream.templates.items():
        if tid in center.hidden("templates"):
            continue
        serves = tuple(r for r in t.serves if r not in hidden)
        if not serves:
            errors.add(
                center.path,
                center.line("hide", "rules"),
                f"hide.rules: template '{tid}' serves only hidden rules ({', '.join(t.serves)}) and would be "
                f"orphaned; add it to hide.templates",
            )
        templates[tid] = dataclasses.replace(t, serves=serves)
    for kind, ours, theirs in (
        ("rule", rules, local.rules),
        ("tree", trees, local.trees),
        ("template", templates, local.templates),
    ):
        for item_id, item in theirs.items():
            clash = getattr(upstream, kind + "s")
            if item_id in clash:
                errors.add(
                    item.path,
                    1,
                    f"{kind} id '{item_id}' is already used by the guide "
                    f"({display_path(clash[item_id].path)}); give the local {kind} its own id, "
                    f"e.g. prefixed with your center's short name"
                    + (", or change ours with overrides: in center.yml" if kind == "rule" else ""),
                )
            else:
                ours[item_id] = item
    center.added = {
        "rules": sorted(local.rules),
        "trees": sorted(local.trees),
        "templates": sorted(local.templates),
        "sources": sorted(set(sources) - set(upstream.sources)),
        "topics": sorted(set(topics) - {t.id for t in upstream.topics}),
    }
    guide = Guide(
        upstream.root,
        list(topics.values()),
        sources,
        rules,
        upstream.sources_doc,
        upstream.topics_doc,
        trees=trees,
        templates=templates,
        center=center,
        hidden_rules=frozenset(hidden),
    )
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
                errors.add(
                    center.path, center.line("hide", kind, i), f"hide.{kind}: no {kind[:-1]} '{item_id}' in the guide"
                )


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
        for stale in [p for p in doc.lines if p[: len(rule_pointer)] == rule_pointer]:
            del doc.lines[stale]
        mark(rule_pointer, center_pointer)
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for k, v in items:
            mark_tree(rule_pointer + (k,), center_pointer + (k,), v)

    for name, value in override.fields.items():
        if name == "timing" and "timing" in data:
            data["timing"] = dict(data["timing"], **value)
            mark(("timing",), base + ("timing",))
            for k in value:
                mark(("timing", k), base + ("timing", k))
        else:
            data[name] = value
            mark_tree((name,), base + (name,), value)
    first = len(data["evidence"])
    for j, entry in enumerate(override.evidence):
        data["evidence"].append(entry)
        mark_tree(("evidence", first + j), base + ("evidence", j), entry)
    return rule_from(doc, rule.topic)


def relocate(problem: Problem, marks: dict[int, int], center: Center) -> Problem:
    """Problems at placeholder lines move to center.yml; problems caused by hiding say so: those
    naming a hidden rule, a topic whose rules are all hidden, or a template that lost its rules."""
    if problem.line >= _MARK:
        placeholder = problem.line - problem.line % _MARK
        return Problem(str(center.path), marks[placeholder] + problem.line % _MARK, problem.message, problem.column)
    hidden = center.hidden("rules")
    if not hidden:
        return problem
    where = f"{display_path(center.path)}:{center.line('hide', 'rules')}"
    for i, rid in enumerate(hidden):
        if re.search(rf"'{re.escape(rid)}'|\[\[{re.escape(rid)}:|#{re.escape(rid)}'", problem.message):
            return dataclasses.replace(
                problem,
                message=f"{problem.message} (hidden in {display_path(center.path)}:{center.line('hide', 'rules', i)})",
            )
    upstream = center.upstream
    emptied = {r.topic for r in upstream.rules.values()} - {
        r.topic for r in upstream.rules.values() if r.id not in hidden
    }
    orphaned = {tid for tid, t in upstream.templates.items() if set(t.serves) & set(hidden)}
    for kind, ids in (("topic", emptied), ("template", orphaned)):
        for item_id in sorted(ids):
            if re.search(rf"{kind}s?:? '{re.escape(item_id)}'", problem.message):
                return dataclasses.replace(
                    problem,
                    message=f"{problem.message} (because hide.rules in {where} "
                    f"hides {'all its' if kind == 'topic' else 'some of its'} rules)",
                )
    return problem
